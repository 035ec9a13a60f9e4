#include "connectors/odoo/odoorpc.h"

#include "common/logging.h"

#include <QJsonDocument>
#include <QMetaObject>

namespace syncsmart::odoo {

JsonDone statusOnly(std::function<void(Status)> done)
{
    return [done = std::move(done)](Result<QJsonValue> answer) {
        if (!answer)
            return done(answer.error());
        done(Status());
    };
}

OdooRpc::OdooRpc(const OdooSettings &settings, HttpClient &http)
    : m_settings(settings)
    , m_http(http)
    , m_alive(std::make_shared<bool>(true))
{
}

OdooRpc::~OdooRpc() = default;

QUrl OdooRpc::endpointUrl(const QUrl &baseUrl)
{
    QUrl url = baseUrl;
    QString path = url.path();
    if (path.endsWith(QLatin1String("/jsonrpc")))
        return url;
    if (!path.endsWith(QLatin1Char('/')))
        path += QLatin1Char('/');
    url.setPath(path + QLatin1String("jsonrpc"));
    url.setQuery(QString());
    url.setFragment(QString());
    return url;
}

QByteArray OdooRpc::envelope(const QString &service, const QString &method, const QJsonArray &args, qint64 id)
{
    const QJsonObject params{{QStringLiteral("service"), service},
                             {QStringLiteral("method"), method},
                             {QStringLiteral("args"), args}};
    const QJsonObject root{{QStringLiteral("jsonrpc"), QStringLiteral("2.0")},
                           {QStringLiteral("method"), QStringLiteral("call")},
                           {QStringLiteral("params"), params},
                           {QStringLiteral("id"), double(id)}};
    return QJsonDocument(root).toJson(QJsonDocument::Compact);
}

Result<QJsonValue> OdooRpc::resultOf(const QByteArray &body, const QString &what)
{
    HttpResponse answer;
    answer.body = body;
    return resultOf(answer, what);
}

Result<QJsonValue> OdooRpc::resultOf(const HttpResponse &answer, const QString &what)
{
    QJsonDocument doc = answer.json;
    if (!doc.isObject()) {
        QJsonParseError error{};
        doc = QJsonDocument::fromJson(answer.body, &error);
        if (error.error != QJsonParseError::NoError || !doc.isObject()) {
            return Error::transient(QStringLiteral("odoo.bad_answer"),
                                    QStringLiteral("%1: Odoo's answer could not be read (%2); the call will be retried.")
                                        .arg(what, error.errorString()));
        }
    }
    const QJsonObject root = doc.object();
    if (!root.contains(QLatin1String("result")))
        return QJsonValue(QJsonValue::Null); // the method returned None
    return root.value(QLatin1String("result"));
}

void OdooRpc::later(std::function<void()> fn)
{
    std::weak_ptr<bool> alive = m_alive;
    QMetaObject::invokeMethod(
        &m_http,
        [alive, fn = std::move(fn)] {
            if (!alive.expired())
                fn();
        },
        Qt::QueuedConnection);
}

void OdooRpc::send(const QString &service, const QString &method, const QJsonArray &args, const QString &operation,
                   const QString &record, JsonDone done)
{
    HttpRequest request;
    request.method = "POST";
    request.url = endpointUrl(m_settings.endpoint.baseUrl);
    request.headers = {{"Content-Type", "application/json"}, {"Accept", "application/json"}};
    request.body = envelope(service, method, args, m_nextId++);
    request.operation = operation;
    request.record = record;
    const QString what = m_http.describe(request);
    std::weak_ptr<bool> alive = m_alive;
    m_http.send(std::move(request), [alive, what, done = std::move(done)](Result<HttpResponse> answer) {
        if (alive.expired())
            return;
        if (!answer)
            return done(answer.error());
        done(resultOf(*answer, what));
    });
}

void OdooRpc::version(JsonDone done)
{
    send(QStringLiteral("common"), QStringLiteral("version"), {}, QStringLiteral("read the server version"), {},
         std::move(done));
}

void OdooRpc::authenticate(std::function<void(Result<int>)> done)
{
    if (m_uid) {
        const int uid = *m_uid;
        later([done = std::move(done), uid] { done(uid); });
        return;
    }
    m_authWaiters.push_back(std::move(done));
    if (m_authenticating)
        return;
    m_authenticating = true;
    ++m_authenticationsSent;
    qCDebug(lcOdoo) << "signing in to Odoo database" << m_settings.database << "as" << m_settings.login;
    const QJsonArray args{m_settings.database, m_settings.login, m_settings.apiKey, QJsonObject{}};
    send(QStringLiteral("common"), QStringLiteral("authenticate"), args, QStringLiteral("sign in"),
         m_settings.login, [this](Result<QJsonValue> answer) { authenticated(std::move(answer)); });
}

void OdooRpc::authenticated(Result<QJsonValue> answer)
{
    m_authenticating = false;
    std::optional<Error> error;
    if (!answer) {
        error = answer.error();
    } else if (answer->isDouble() && answer->toDouble() > 0) {
        m_uid = answer->toInt();
    } else {
        // A wrong login or key is "result": false, not an error object (fixture 03).
        HttpRequest request;
        request.operation = QStringLiteral("sign in");
        request.record = m_settings.login;
        error = Error::auth(QStringLiteral("odoo.login_refused"),
                            QStringLiteral("%1: Odoo refused login \"%2\" on database \"%3\": the login or the API key "
                                           "is wrong. Create a new API key for that user in Odoo (Preferences > "
                                           "Account Security > New API Key) and enter it, with the login, in the "
                                           "profile.")
                                .arg(m_http.describe(request), m_settings.login, m_settings.database),
                            {{QStringLiteral("odooMethod"), QStringLiteral("common.authenticate")}});
    }
    auto waiters = std::move(m_authWaiters);
    m_authWaiters.clear();
    for (auto &waiter : waiters) {
        if (error)
            waiter(*error);
        else
            waiter(*m_uid);
    }
}

void OdooRpc::execute(Call call, JsonDone done)
{
    authenticate([this, call = std::move(call), done = std::move(done)](Result<int> uid) mutable {
        if (!uid)
            return done(uid.error());
        const int used = *uid;
        const QJsonArray args{m_settings.database, used,        m_settings.apiKey, call.model,
                              call.method,         call.args,   call.kwargs};
        send(QStringLiteral("object"), QStringLiteral("execute_kw"), args, call.operation, call.record,
             [this, used, done = std::move(done)](Result<QJsonValue> answer) {
                 if (!answer && answer.error().code == QLatin1String("odoo.access_denied") && m_uid == used) {
                     // The key was revoked or changed: sign in again next time.
                     qCInfo(lcOdoo) << "Odoo refused the API key; the next call signs in again";
                     m_uid.reset();
                 }
                 done(std::move(answer));
             });
    });
}

} // namespace syncsmart::odoo
