#include "connectors/prestashop/pserrors.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QXmlStreamReader>

namespace syncsmart::ps {

namespace {

constexpr int kMaxMessageChars = 300;

QString cleanMessage(QString text)
{
    text.replace(QLatin1String("&gt;"), QLatin1String(">"))
        .replace(QLatin1String("&lt;"), QLatin1String("<"))
        .replace(QLatin1String("&quot;"), QLatin1String("\""))
        .replace(QLatin1String("&#039;"), QLatin1String("'"))
        .replace(QLatin1String("&amp;"), QLatin1String("&"));
    text = text.simplified();
    if (text.size() > kMaxMessageChars)
        text = text.left(kMaxMessageChars) + QStringLiteral("…");
    return text;
}

QVector<WsError> parseJsonErrors(const QByteArray &body)
{
    QVector<WsError> out;
    const QJsonDocument doc = QJsonDocument::fromJson(body);
    if (!doc.isObject())
        return out;
    const QJsonValue errors = doc.object().value(QStringLiteral("errors"));
    const QJsonArray list = errors.isArray() ? errors.toArray() : QJsonArray{errors};
    for (const QJsonValue &e : list) {
        if (!e.isObject())
            continue;
        const QJsonObject o = e.toObject();
        const QJsonValue code = o.value(QStringLiteral("code"));
        out.append({code.isString() ? code.toString().toInt() : code.toInt(),
                    o.value(QStringLiteral("message")).toString()});
    }
    return out;
}

QVector<WsError> parseXmlErrors(const QByteArray &body)
{
    QVector<WsError> out;
    QXmlStreamReader xml(body);
    WsError current;
    bool inError = false;
    while (!xml.atEnd()) {
        xml.readNext();
        if (xml.isStartElement()) {
            const auto name = xml.name();
            if (name == QLatin1String("error")) {
                inError = true;
                current = {};
            } else if (inError && name == QLatin1String("code")) {
                current.code = xml.readElementText().trimmed().toInt();
            } else if (inError && name == QLatin1String("message")) {
                current.message = xml.readElementText();
            }
        } else if (xml.isEndElement() && xml.name() == QLatin1String("error") && inError) {
            out.append(current);
            inError = false;
        }
    }
    return out; // a body cut short still gives the entries read so far
}

QString resourceOf(const QUrl &url)
{
    QStringList parts = url.path().split(QLatin1Char('/'), Qt::SkipEmptyParts);
    while (!parts.isEmpty()) {
        bool numeric = false;
        parts.last().toLongLong(&numeric);
        if (!numeric)
            break;
        parts.removeLast();
    }
    return parts.isEmpty() ? QString() : parts.last();
}

QString idOf(const QUrl &url)
{
    const QStringList parts = url.path().split(QLatin1Char('/'), Qt::SkipEmptyParts);
    if (parts.isEmpty())
        return {};
    bool numeric = false;
    parts.last().toLongLong(&numeric);
    return numeric ? parts.last() : QString();
}

QString joinMessages(const QVector<WsError> &errors, bool skipPhpWarnings)
{
    QStringList lines;
    for (const WsError &e : errors) {
        if (skipPhpWarnings && e.code == kPhpWarningCode)
            continue;
        lines.append(QStringLiteral("%1 (code %2)").arg(cleanMessage(e.message)).arg(e.code));
    }
    return lines.join(QStringLiteral("; "));
}

bool hasRealError(const QVector<WsError> &errors)
{
    for (const WsError &e : errors) {
        if (e.code != kPhpWarningCode)
            return true;
    }
    return false;
}

bool hasCode(const QVector<WsError> &errors, int code)
{
    for (const WsError &e : errors) {
        if (e.code == code)
            return true;
    }
    return false;
}

QVariantMap baseContext(const HttpRequest &request, const HttpResponse &response,
                        const QVector<WsError> &errors)
{
    QVariantMap context;
    context.insert(QStringLiteral("httpStatus"), response.status);
    context.insert(QStringLiteral("operation"), request.operation);
    if (!request.record.isEmpty())
        context.insert(QStringLiteral("record"), request.record);
    QVariantList codes;
    for (const WsError &e : errors)
        codes.append(e.code);
    if (!codes.isEmpty())
        context.insert(QStringLiteral("peerErrorCodes"), codes);
    return context;
}

// A 1xx/3xx answer: never a success. Nothing was read or written (Qt follows no redirect here), so
// a 301 on a PATCH must not pass for a write. 304 is unexpected too: the connector sends no
// conditional request.
Error redirectError(const QString &what, const HttpRequest &request, const HttpResponse &response,
                    const QUrl &baseUrl)
{
    const int status = response.status;
    QVariantMap context = baseContext(request, response, {});
    if (status < 300 || status == 304)
        return Error::permanent(
            QStringLiteral("prestashop.unexpected_status"),
            QStringLiteral("%1: the shop answered HTTP %2, which SyncSmart never asks for; nothing was "
                           "read or written. Check what sits in front of the shop (a proxy, a cache).")
                .arg(what)
                .arg(status),
            context);
    const QByteArray header = response.header("location");
    if (header.isEmpty())
        return Error::config(
            QStringLiteral("prestashop.redirect"),
            QStringLiteral("%1: the shop answered HTTP %2 (a redirect without a location); nothing was "
                           "read or written. SyncSmart does not follow redirects: check the shop URL in "
                           "the profile.")
                .arg(what)
                .arg(status),
            context);
    const QUrl location = request.url.resolved(QUrl(QString::fromUtf8(header)));
    const QString shown = location.toDisplayString(QUrl::RemoveQuery | QUrl::RemoveUserInfo);
    context.insert(QStringLiteral("location"), location.toDisplayString(QUrl::RemoveUserInfo));
    return Error::config(
        QStringLiteral("prestashop.redirect"),
        QStringLiteral("%1: the shop answered HTTP %2 and redirects to %3; nothing was read or written. "
                       "SyncSmart does not follow redirects (a repeated write could be applied twice): "
                       "set the shop URL in the profile to %4")
            .arg(what)
            .arg(status)
            .arg(shown, suggestedBaseUrl(baseUrl, request.url, location).toDisplayString(QUrl::RemoveUserInfo)),
        context);
}

} // namespace

QVector<WsError> parseWsErrors(const QByteArray &body)
{
    const QByteArray trimmed = body.trimmed();
    if (trimmed.startsWith('{'))
        return parseJsonErrors(trimmed);
    if (trimmed.startsWith('<'))
        return parseXmlErrors(trimmed);
    return {};
}

std::optional<Error> classifyResponse(const QString &peerName, const HttpRequest &request,
                                      const HttpResponse &response, qint64 nowMs, const QUrl &baseUrl)
{
    const int status = response.status;
    if (status >= 200 && status < 300)
        return std::nullopt;
    const QString what = describeRequest(peerName, request);
    if (status < 400)
        return redirectError(what, request, response, baseUrl);
    const QVector<WsError> errors = parseWsErrors(response.body);
    const QString resource = resourceOf(request.url);
    const QString method = QString::fromLatin1(request.method);
    QVariantMap context = baseContext(request, response, errors);
    const QString peerSays = joinMessages(errors, true);
    const QString said = peerSays.isEmpty() ? QString() : QStringLiteral(" The shop says: %1.").arg(peerSays);

    // Real 8.1.2 answers a resource the key may not use with 401 + code 26, and a method the key may
    // not use with 405 + code 25 (seen on a real shop): both are the key's permissions, not a bad key.
    if (status == 403 || (status == 401 && hasCode(errors, 26)) || (status == 405 && hasCode(errors, 25))) {
        const QString multistore = status == 403 ? QStringLiteral(" (or check the key's shop in a multistore)") : QString();
        return Error::auth(
            QStringLiteral("prestashop.forbidden"),
            QStringLiteral("%1: the webservice key may not use %2 on \"%3\" (HTTP %4).%5 Allow it for this "
                           "key in Advanced Parameters > Webservice%6.")
                .arg(what, method, resource, QString::number(status), said, multistore),
            context);
    }
    if (status == 401) {
        return Error::auth(
            QStringLiteral("prestashop.auth"),
            QStringLiteral("%1: the shop refused the webservice key (HTTP 401).%2 Check the key in "
                           "the profile, and in the shop's back office that the webservice is "
                           "enabled and the key active (Advanced Parameters > Webservice).")
                .arg(what, said),
            context);
    }
    if (status == 404) {
        const QString id = idOf(request.url);
        const QString record = !request.record.isEmpty() ? request.record
                               : !id.isEmpty()           ? QStringLiteral("%1 %2").arg(resource, id)
                                                         : resource;
        return Error::permanent(
            QStringLiteral("prestashop.not_found"),
            QStringLiteral("%1: %2 does not exist on the shop (HTTP 404; deleted, or not in "
                           "this shop).%3")
                .arg(what, record, said),
            context);
    }
    if (status == 405) {
        return Error::config(QStringLiteral("prestashop.method_not_allowed"),
                             QStringLiteral("%1: the shop does not allow %2 on \"%3\" (HTTP 405).%4")
                                 .arg(what, method, resource, said),
                             context);
    }
    if (status == 503 && hasCode(errors, 22)) {
        return Error::config(
            QStringLiteral("prestashop.webservice_disabled"),
            QStringLiteral("%1: the shop's webservice is disabled (HTTP 503).%2 Enable it in "
                           "Advanced Parameters > Webservice.")
                .arg(what, said),
            context);
    }
    if (status == 429 || status == 502 || status == 503 || status == 504) {
        const std::optional<qint64> retryAfter = parseRetryAfter(response.header("retry-after"), nowMs);
        QString wait;
        if (retryAfter) {
            context.insert(QStringLiteral("retryAfterMs"), *retryAfter);
            wait = QStringLiteral(" It asks to wait %1 s.").arg((*retryAfter + 999) / 1000);
        }
        const QString why = status == 429
                                ? QStringLiteral("is rate-limiting requests")
                                : QStringLiteral("or a proxy in front of it is unavailable or overloaded");
        return Error::transient(status == 429 ? QStringLiteral("prestashop.rate_limited")
                                              : QStringLiteral("prestashop.unavailable"),
                                QStringLiteral("%1: the shop %2 (HTTP %3).%4 Retried later.")
                                    .arg(what, why)
                                    .arg(status)
                                    .arg(wait),
                                context);
    }
    if (status == 500 && hasRealError(errors)) {
        // Real PrestaShop answers most request errors with 500 once PHP warnings join in (fixtures
        // 17, 76-79, 83, 84): the same request fails again, so it is the request, not the shop.
        return Error::permanent(
            QStringLiteral("prestashop.rejected"),
            QStringLiteral("%1: the shop rejected the request (HTTP 500).%2").arg(what, said), context);
    }
    if (status >= 500) {
        // A webservice errors body (PHP warnings only, fixture 87): the shop's PHP runs and answered;
        // a retry may well pass. peerAlive keeps this one request's trouble from opening the circuit
        // for the whole shop (an empty or HTML body still counts: that may be an outage).
        if (!errors.isEmpty())
            context.insert(QStringLiteral("peerAlive"), true);
        const QString detail =
            errors.isEmpty()
                ? (response.body.trimmed().isEmpty() ? QStringLiteral("with an empty body")
                                                     : QStringLiteral("without a webservice error"))
            : hasRealError(errors)
                ? QStringLiteral("saying: %1").arg(joinMessages(errors, false))
                : QStringLiteral("with PHP warnings only (%1)").arg(joinMessages(errors, false));
        return Error::transient(
            QStringLiteral("prestashop.server_error"),
            QStringLiteral("%1: the shop failed (HTTP %2 %3). Retried later; if it persists, "
                           "check the shop's PHP error log.")
                .arg(what)
                .arg(status)
                .arg(detail),
            context);
    }
    // 400 and every other 4xx: the request was refused for what it says.
    return Error::permanent(QStringLiteral("prestashop.rejected"),
                            QStringLiteral("%1: the shop rejected the request (HTTP %2).%3")
                                .arg(what)
                                .arg(status)
                                .arg(said.isEmpty() ? QStringLiteral(" No reason given.") : said),
                            context);
}

ResponseClassifier makeClassifier(QString peerName, const Clock &clock, QUrl baseUrl)
{
    return [peerName, &clock, baseUrl](const HttpRequest &request, const HttpResponse &response) {
        return classifyResponse(peerName, request, response, clock.nowMs(), baseUrl);
    };
}

Error badBodyError(const QString &what, const QString &problem)
{
    return Error::transient(
        QStringLiteral("prestashop.bad_body"),
        QStringLiteral("%1: the shop's answer could not be read (%2); nothing from it was "
                       "used. Retried later; if it persists, something on the shop writes "
                       "into webservice answers (PHP notices in debug mode, a module, a "
                       "proxy).")
            .arg(what, problem),
        QVariantMap{{QStringLiteral("problem"), problem}});
}

} // namespace syncsmart::ps
