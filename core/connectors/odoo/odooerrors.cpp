#include "connectors/odoo/odooerrors.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

#include <algorithm>

namespace syncsmart::odoo {

namespace {

constexpr int kMessageChars = 300;  // of Odoo's own message, in ours
constexpr int kContextChars = 1000; // of Odoo's own message, in the context

QString shortened(const QString &text, int max)
{
    const QString flat = text.simplified();
    return flat.size() <= max ? flat : flat.left(max - 1) + QChar(0x2026);
}

// What a person would call the operation an ORM method needs a right for.
QString accessVerb(const QString &modelMethod)
{
    static const QStringList reads{QStringLiteral("read"), QStringLiteral("search_read"), QStringLiteral("search"),
                                   QStringLiteral("search_count"), QStringLiteral("name_search"),
                                   QStringLiteral("fields_get")};
    if (reads.contains(modelMethod))
        return QStringLiteral("read");
    if (modelMethod == QLatin1String("write"))
        return QStringLiteral("modify");
    if (modelMethod == QLatin1String("create"))
        return QStringLiteral("create");
    if (modelMethod == QLatin1String("unlink"))
        return QStringLiteral("delete");
    return QStringLiteral("use %1 on").arg(modelMethod);
}

bool isConcurrencyFailure(const QString &name, const QString &message)
{
    static const QStringList names{QStringLiteral("SerializationFailure"), QStringLiteral("TransactionRollbackError"),
                                   QStringLiteral("LockNotAvailable"), QStringLiteral("DeadlockDetected"),
                                   QStringLiteral("ConcurrencyError"), QStringLiteral("QueryCanceled")};
    for (const QString &n : names) {
        if (name.contains(n))
            return true;
    }
    static const QRegularExpression text(
        QStringLiteral("could not serialize|could not obtain lock|deadlock detected|concurrent update"),
        QRegularExpression::CaseInsensitiveOption);
    return text.match(message).hasMatch();
}

QString model(const RpcCallInfo &call)
{
    return call.model.isEmpty() ? QStringLiteral("(no model)") : call.model;
}

Error httpStatusError(const ErrorScope &scope, const HttpRequest &request, const HttpResponse &response)
{
    const int status = response.status;
    QVariantMap context{{QStringLiteral("httpStatus"), status}};
    const QString excerpt = shortened(QString::fromUtf8(response.body.left(300)), 200);
    if (!excerpt.isEmpty())
        context.insert(QStringLiteral("response"), excerpt);
    if (status == 429 || status >= 500) {
        bool ok = false;
        const qint64 seconds = response.header("retry-after").trimmed().toLongLong(&ok);
        if (ok && seconds >= 0)
            context.insert(QStringLiteral("retryAfterMs"), seconds * 1000);
        const QString why = status == 429 ? QStringLiteral("asks to slow down (HTTP 429)")
                                          : QStringLiteral("is unavailable or failed (HTTP %1)").arg(status);
        return Error::transient(QStringLiteral("odoo.http_%1").arg(status),
                                QStringLiteral("%1: the server %2; the call will be retried later.").arg(scope.prefix, why),
                                context);
    }
    if (status == 404) {
        return Error::config(QStringLiteral("odoo.not_found"),
                             QStringLiteral("%1: %2 answered 404 Not Found: the server address is wrong. Enter the "
                                            "root address of the Odoo server (JSON-RPC is at /jsonrpc).")
                                 .arg(scope.prefix, request.url.toString(QUrl::RemoveUserInfo | QUrl::RemoveQuery)),
                             context);
    }
    if (status == 400) {
        return Error::config(QStringLiteral("odoo.bad_request"),
                             QStringLiteral("%1: the server refused the request as not JSON-RPC (HTTP 400 \"%2\"). "
                                            "Check that the address is an Odoo server and that no proxy in between "
                                            "alters requests.")
                                 .arg(scope.prefix, excerpt.left(80)),
                             context);
    }
    if (status == 401 || status == 403) {
        return Error::auth(QStringLiteral("odoo.http_%1").arg(status),
                           QStringLiteral("%1: the server (or a proxy in front of it) refused access with HTTP %2 "
                                          "before Odoo saw the request: check the proxy's access rules.")
                               .arg(scope.prefix)
                               .arg(status),
                           context);
    }
    if (status >= 300 && status < 400) {
        const QString location = QString::fromUtf8(response.header("location"));
        context.insert(QStringLiteral("location"), location);
        return Error::config(QStringLiteral("odoo.redirect"),
                             QStringLiteral("%1: the server redirects to %2 (HTTP %3): enter that address (usually "
                                            "https) in the profile.")
                                 .arg(scope.prefix, location.isEmpty() ? QStringLiteral("another address") : location)
                                 .arg(status),
                             context);
    }
    return Error::config(QStringLiteral("odoo.http_%1").arg(status),
                         QStringLiteral("%1: the server answered HTTP %2, which Odoo's JSON-RPC never does: check "
                                        "the server address.")
                             .arg(scope.prefix)
                             .arg(status),
                         context);
}

} // namespace

RpcCallInfo callInfo(const QByteArray &requestBody)
{
    RpcCallInfo info;
    const QJsonObject params = QJsonDocument::fromJson(requestBody).object().value(QLatin1String("params")).toObject();
    info.service = params.value(QLatin1String("service")).toString();
    info.method = params.value(QLatin1String("method")).toString();
    if (info.service == QLatin1String("object")) {
        const QJsonArray args = params.value(QLatin1String("args")).toArray();
        info.model = args.at(3).toString();
        info.modelMethod = args.at(4).toString();
    }
    return info;
}

QString tracebackTail(const QString &debug)
{
    const QStringList lines = debug.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    for (auto it = lines.crbegin(); it != lines.crend(); ++it) {
        const QString line = it->trimmed();
        if (!line.isEmpty())
            return shortened(line, 240);
    }
    return {};
}

Error errorFromRpc(const ErrorScope &scope, const RpcCallInfo &call, const QJsonObject &error)
{
    const QJsonObject data = error.value(QLatin1String("data")).toObject();
    const QString name = data.value(QLatin1String("name")).toString();
    QString message = data.value(QLatin1String("message")).toString();
    if (message.isEmpty())
        message = error.value(QLatin1String("message")).toString();
    const QString brief = shortened(message, kMessageChars);

    QVariantMap context{{QStringLiteral("httpStatus"), 200},
                        {QStringLiteral("odooException"), name},
                        {QStringLiteral("odooMessage"), shortened(message, kContextChars)}};
    const QString tail = tracebackTail(data.value(QLatin1String("debug")).toString());
    if (!tail.isEmpty())
        context.insert(QStringLiteral("odooTraceback"), tail); // its last line only
    if (!call.model.isEmpty()) {
        context.insert(QStringLiteral("odooModel"), call.model);
        context.insert(QStringLiteral("odooMethod"), call.modelMethod);
    } else if (!call.method.isEmpty()) {
        context.insert(QStringLiteral("odooMethod"), call.service + QLatin1Char('.') + call.method);
    }
    const QString &p = scope.prefix;

    if (name == QLatin1String("odoo.exceptions.AccessDenied")) {
        return Error::auth(QStringLiteral("odoo.access_denied"),
                           QStringLiteral("%1: Odoo refused the API key of login \"%2\" on database \"%3\" (Access "
                                          "Denied). Create a new API key for that user in Odoo (Preferences > "
                                          "Account Security > New API Key) and enter it in the profile.")
                               .arg(p, scope.login, scope.database),
                           context);
    }
    if (name == QLatin1String("odoo.http.SessionExpiredException")) {
        return Error::auth(QStringLiteral("odoo.session_expired"),
                           QStringLiteral("%1: Odoo says the session expired (%2): sign in again.").arg(p, brief), context);
    }
    if (name == QLatin1String("odoo.exceptions.AccessError")) {
        if (message.contains(QLatin1String("Private methods"))) {
            return Error::config(QStringLiteral("odoo.private_method"),
                                 QStringLiteral("%1: Odoo does not allow %2 on %3 over RPC (%4). SyncSmart called a "
                                                "method this Odoo version keeps private: report it.")
                                     .arg(p, call.modelMethod, model(call), brief),
                                 context);
        }
        return Error::auth(QStringLiteral("odoo.access_rights"),
                           QStringLiteral("%1: the Odoo user \"%2\" may not %3 %4 records (%5). Give that user the "
                                          "access rights the sync needs (Settings > Users & Companies > Users), or "
                                          "use the API key of a user who has them.")
                               .arg(p, scope.login, accessVerb(call.modelMethod), model(call), brief),
                           context);
    }
    if (isConcurrencyFailure(name, message)) {
        return Error::transient(QStringLiteral("odoo.concurrency"),
                                QStringLiteral("%1: Odoo could not complete it because another transaction changed "
                                               "the same records at the same time (%2); it will be retried.")
                                    .arg(p, brief),
                                context);
    }
    if (name.startsWith(QLatin1String("psycopg2.OperationalError"))) {
        if (message.contains(QLatin1String("does not exist")) && message.contains(QLatin1String("database"))) {
            return Error::config(QStringLiteral("odoo.unknown_database"),
                                 QStringLiteral("%1: the database \"%2\" does not exist on this Odoo server. Check the "
                                                "database name in the profile (the Odoo database manager lists them).")
                                     .arg(p, scope.database),
                                 context);
        }
        return Error::transient(QStringLiteral("odoo.database_unavailable"),
                                QStringLiteral("%1: Odoo could not reach its database (%2); it will be retried.")
                                    .arg(p, brief),
                                context);
    }
    if (name == QLatin1String("odoo.exceptions.UserError")) {
        static const QRegularExpression unknownModel(QStringLiteral("^Object (\\S+) doesn't exist"));
        if (const auto m = unknownModel.match(message); m.hasMatch()) {
            return Error::config(QStringLiteral("odoo.unknown_model"),
                                 QStringLiteral("%1: the model %2 does not exist in this Odoo database. Install the "
                                                "module that provides it (Inventory for stock, Sales for orders, "
                                                "Invoicing for invoices).")
                                     .arg(p, m.captured(1)),
                                 context);
        }
        return Error::permanent(QStringLiteral("odoo.user_error"),
                                QStringLiteral("%1: Odoo refused it: %2").arg(p, brief), context);
    }
    if (name == QLatin1String("odoo.exceptions.ValidationError")) {
        return Error::permanent(QStringLiteral("odoo.validation"),
                                QStringLiteral("%1: Odoo refused the values: %2").arg(p, brief), context);
    }
    if (name == QLatin1String("odoo.exceptions.MissingError")) {
        return Error::permanent(QStringLiteral("odoo.missing_record"),
                                QStringLiteral("%1: the record no longer exists in Odoo (deleted?): %2").arg(p, brief),
                                context);
    }
    if (name == QLatin1String("builtins.ValueError")) {
        if (message.startsWith(QLatin1String("Invalid field"))) {
            return Error::config(QStringLiteral("odoo.unknown_field"),
                                 QStringLiteral("%1: %2. The field mapping names a field this Odoo database does not "
                                                "have on %3: fix the mapping, or install the module that adds the "
                                                "field.")
                                     .arg(p, brief, model(call)),
                                 context);
        }
        if (message.startsWith(QLatin1String("Wrong value"))) {
            return Error::permanent(QStringLiteral("odoo.bad_value"),
                                    QStringLiteral("%1: Odoo refused a value: %2").arg(p, brief), context);
        }
        return Error::permanent(QStringLiteral("odoo.value_error"), QStringLiteral("%1: Odoo refused it: %2").arg(p, brief),
                                context);
    }
    if (name == QLatin1String("builtins.AttributeError")) {
        return Error::config(QStringLiteral("odoo.unknown_method"),
                             QStringLiteral("%1: %2. This Odoo version or its installed modules do not offer what "
                                            "SyncSmart calls (it needs Odoo 17 with Inventory and Sales).")
                                 .arg(p, brief),
                             context);
    }
    if (name == QLatin1String("builtins.KeyError")) {
        return Error::config(QStringLiteral("odoo.unknown_name"),
                             QStringLiteral("%1: Odoo does not know %2 (KeyError): a model or service SyncSmart needs "
                                            "is missing. Check the Odoo version (17) and the installed modules.")
                                 .arg(p, brief),
                             context);
    }
    if (name == QLatin1String("builtins.TypeError") || name == QLatin1String("builtins.NameError")
        || name.startsWith(QLatin1String("werkzeug.exceptions."))) {
        return Error::config(QStringLiteral("odoo.bad_call"),
                             QStringLiteral("%1: Odoo could not run the call (%2: %3). The Odoo version may not be "
                                            "the supported 17.x.")
                                 .arg(p, name, brief),
                             context);
    }
    if (name.startsWith(QLatin1String("psycopg2."))) {
        return Error::permanent(QStringLiteral("odoo.database_refused"),
                                QStringLiteral("%1: Odoo's database refused the values (%2): %3").arg(p, name, brief),
                                context);
    }
    return Error::permanent(QStringLiteral("odoo.server_error"),
                            QStringLiteral("%1: Odoo failed with %2: %3").arg(
                                p, name.isEmpty() ? QStringLiteral("an error") : name, brief),
                            context);
}

std::optional<Error> classifyAnswer(const ErrorScope &scope, const HttpRequest &request, const HttpResponse &response)
{
    if (response.status < 200 || response.status >= 300)
        return httpStatusError(scope, request, response);

    QJsonParseError parseError{};
    const QJsonDocument doc = QJsonDocument::fromJson(response.body, &parseError);
    QVariantMap context{{QStringLiteral("httpStatus"), response.status},
                        {QStringLiteral("bodyBytes"), qint64(response.body.size())}};
    if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
        const QByteArray start = response.body.trimmed().left(1);
        if (start == "<") {
            return Error::config(QStringLiteral("odoo.not_jsonrpc"),
                                 QStringLiteral("%1: the server answered with a web page instead of JSON-RPC: the "
                                                "address is not the Odoo server's root (or a proxy answers).")
                                     .arg(scope.prefix),
                                 context);
        }
        const QString why = parseError.error != QJsonParseError::NoError
                                ? QStringLiteral("%1 at byte %2 of %3")
                                      .arg(parseError.errorString())
                                      .arg(std::min<qint64>(parseError.offset, response.body.size()))
                                      .arg(response.body.size())
                                : QStringLiteral("not a JSON object");
        return Error::transient(QStringLiteral("odoo.bad_answer"),
                                QStringLiteral("%1: Odoo's answer could not be read (%2; it may have been cut off on "
                                               "the way); the call will be retried.")
                                    .arg(scope.prefix, why),
                                context);
    }
    response.json = doc; // the connector reads the result from it
    const QJsonObject root = doc.object();
    if (root.contains(QLatin1String("error"))) {
        const RpcCallInfo call = callInfo(request.body);
        return errorFromRpc(scope, call, root.value(QLatin1String("error")).toObject());
    }
    if (!root.contains(QLatin1String("jsonrpc"))) {
        return Error::config(QStringLiteral("odoo.not_jsonrpc"),
                             QStringLiteral("%1: the server answered JSON that is not JSON-RPC: the address is not "
                                            "an Odoo server.")
                                 .arg(scope.prefix),
                             context);
    }
    return std::nullopt; // a result, or none at all for a method that returned None (fixture 28)
}

} // namespace syncsmart::odoo
