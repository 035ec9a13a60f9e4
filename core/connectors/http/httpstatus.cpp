// HttpClient's texts for HTTP answers: describe(), errorForStatus(), withContext(), parseRetryAfter().
#include "connectors/http/httpclient.h"

#include <QDateTime>
#include <QLocale>
#include <QTimeZone>

#include <algorithm>

namespace syncsmart {

namespace {

QString statusText(int status)
{
    switch (status) {
    case 301:
        return QStringLiteral("301 Moved Permanently");
    case 302:
        return QStringLiteral("302 Found");
    case 303:
        return QStringLiteral("303 See Other");
    case 304:
        return QStringLiteral("304 Not Modified");
    case 307:
        return QStringLiteral("307 Temporary Redirect");
    case 308:
        return QStringLiteral("308 Permanent Redirect");
    case 400:
        return QStringLiteral("400 Bad Request");
    case 401:
        return QStringLiteral("401 Unauthorized");
    case 403:
        return QStringLiteral("403 Forbidden");
    case 404:
        return QStringLiteral("404 Not Found");
    case 405:
        return QStringLiteral("405 Method Not Allowed");
    case 408:
        return QStringLiteral("408 Request Timeout");
    case 409:
        return QStringLiteral("409 Conflict");
    case 410:
        return QStringLiteral("410 Gone");
    case 413:
        return QStringLiteral("413 Payload Too Large");
    case 422:
        return QStringLiteral("422 Unprocessable Entity");
    case 425:
        return QStringLiteral("425 Too Early");
    case 429:
        return QStringLiteral("429 Too Many Requests");
    case 500:
        return QStringLiteral("500 Internal Server Error");
    case 501:
        return QStringLiteral("501 Not Implemented");
    case 502:
        return QStringLiteral("502 Bad Gateway");
    case 503:
        return QStringLiteral("503 Service Unavailable");
    case 504:
        return QStringLiteral("504 Gateway Timeout");
    default:
        return QString::number(status);
    }
}

} // namespace

QString describeRequest(const QString &peerName, const HttpRequest &request)
{
    QString what = request.operation;
    if (what.isEmpty())
        what = QString::fromLatin1(request.method) + QLatin1Char(' ') + request.url.path();
    if (!request.record.isEmpty())
        what += QLatin1Char(' ') + request.record;
    return peerName + QLatin1String(": ") + what;
}

QString HttpClient::describe(const HttpRequest &request) const
{
    return m_redactor->redact(describeRequest(m_endpoint.peerName, request));
}

Error HttpClient::errorForStatus(const HttpRequest &request, const HttpResponse &response,
                                 const QString &detail) const
{
    const int status = response.status;
    const QString what = describe(request);
    const QString peer = m_endpoint.peerName;
    const QString said = detail.isEmpty() ? QString() : QStringLiteral(": %1").arg(detail);
    const QString answered = tr("%1 answered %2%3").arg(peer, statusText(status), said);
    Error error;
    if (status >= 300 && status < 400 && status != 304) {
        const QByteArray locationHeader = response.header("location");
        const QUrl location = request.url.resolved(QUrl(QString::fromUtf8(locationHeader)));
        if (locationHeader.isEmpty()) {
            error = Error::config(
                QStringLiteral("http.redirect"),
                tr("%1: %2 (a redirect without a location); SyncSmart does not follow redirects: "
                   "check the URL in the profile")
                    .arg(what, answered));
        } else {
            error = Error::config(
                QStringLiteral("http.redirect"),
                tr("%1: %2 and redirects to %3; SyncSmart does not follow redirects (a repeated "
                   "write could be applied twice): set the URL in the profile to %4")
                    .arg(what, answered, location.toDisplayString(QUrl::RemoveQuery | QUrl::RemoveUserInfo),
                         suggestedBaseUrl(m_endpoint.baseUrl, request.url, location)
                             .toDisplayString(QUrl::RemoveUserInfo)));
            error.context.insert(QStringLiteral("location"), location.toDisplayString(QUrl::RemoveUserInfo));
        }
    } else if (status == 429) {
        error =
            Error::transient(QStringLiteral("http.rate_limited"),
                             tr("%1: %2: the peer asks to slow down; will retry later").arg(what, answered));
    } else if (status == 503) {
        error = Error::transient(
            QStringLiteral("http.unavailable"),
            tr("%1: %2: the peer is overloaded or in maintenance; will retry later").arg(what, answered));
    } else if (status == 408 || status == 425 || status >= 500) {
        error = Error::transient(QStringLiteral("http.server_error"),
                                 tr("%1: %2; will retry later").arg(what, answered));
    } else if (status == 401) {
        error = Error::auth(QStringLiteral("http.unauthorized"),
                            tr("%1: %2: the key was refused; check the API key in the profile and that it is "
                               "enabled on %3")
                                .arg(what, answered, peer));
    } else if (status == 403) {
        error = Error::auth(QStringLiteral("http.forbidden"),
                            tr("%1: %2: the key may not do this; give it the permission in %3's back office")
                                .arg(what, answered, peer));
    } else if (status == 404 || status == 410) {
        error = Error::permanent(QStringLiteral("http.not_found"),
                                 tr("%1: %2: the record does not exist (any more) on %3; check the record")
                                     .arg(what, answered, peer));
    } else if (status == 304) {
        error = Error::permanent(QStringLiteral("http.not_modified"),
                                 tr("%1: %2 to a request that did not ask for it").arg(what, answered));
    } else if (status >= 400) {
        error =
            Error::permanent(QStringLiteral("http.rejected"),
                             tr("%1: %2: the request was rejected; correct the record and retry it from the "
                                "dead-letter queue")
                                 .arg(what, answered));
    } else {
        error =
            Error::transient(QStringLiteral("http.unexpected_status"),
                             tr("%1: %2, which SyncSmart does not expect; will retry").arg(what, answered));
    }
    return withContext(std::move(error), request, &response);
}

Error HttpClient::withContext(Error error, const HttpRequest &request, const HttpResponse *response) const
{
    QVariantMap &context = error.context;
    context.insert(QStringLiteral("peer"), m_endpoint.peerName);
    if (!request.operation.isEmpty())
        context.insert(QStringLiteral("operation"), request.operation);
    if (!request.record.isEmpty())
        context.insert(QStringLiteral("record"), request.record);
    context.insert(QStringLiteral("request"), QString::fromLatin1(request.method) + QLatin1Char(' ') +
                                                  request.url.toDisplayString(QUrl::RemoveUserInfo));
    if (response) {
        if (response->status > 0)
            context.insert(QStringLiteral("httpStatus"), response->status);
        if (!response->body.isEmpty()) {
            // Redact the whole body before cutting: a cut could leave half a key the redactor misses.
            QString excerpt = m_redactor->redact(QString::fromUtf8(response->body));
            if (excerpt.size() > 2000)
                excerpt = excerpt.left(2000) + QStringLiteral("…");
            context.insert(QStringLiteral("response"), excerpt);
        }
        if (!context.contains(QStringLiteral("retryAfterMs"))) {
            if (const auto wait = parseRetryAfter(response->header("retry-after"), m_clock.nowMs()))
                context.insert(QStringLiteral("retryAfterMs"), *wait);
        }
    }
    error.context = m_redactor->redact(context);
    error.message = m_redactor->redact(error.message);
    return error;
}

std::optional<qint64> parseRetryAfter(const QByteArray &value, qint64 nowMs)
{
    const QByteArray text = value.trimmed();
    if (text.isEmpty())
        return std::nullopt;
    bool isNumber = false;
    const qint64 secondsFromNow = text.toLongLong(&isNumber);
    if (isNumber)
        return secondsFromNow >= 0 ? std::optional<qint64>(secondsFromNow * 1000) : std::nullopt;
    const QString date = QString::fromLatin1(text);
    QDateTime at = QDateTime::fromString(date, Qt::RFC2822Date);
    if (!at.isValid()) { // RFC 850 and asctime forms are obsolete; the IMF-fixdate form is the one sent
        at = QLocale::c().toDateTime(date, QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'"));
        at.setTimeZone(QTimeZone::utc());
    }
    if (!at.isValid())
        return std::nullopt;
    return std::max<qint64>(0, at.toMSecsSinceEpoch() - nowMs);
}

QUrl suggestedBaseUrl(const QUrl &baseUrl, const QUrl &requestUrl, const QUrl &location)
{
    if (location.path() == requestUrl.path() && baseUrl.isValid()) {
        QUrl url = baseUrl;
        url.setScheme(location.scheme());
        url.setHost(location.host());
        url.setPort(location.port());
        return url;
    }
    return location.adjusted(QUrl::RemoveQuery | QUrl::RemoveFragment | QUrl::RemoveUserInfo);
}

} // namespace syncsmart
