#pragma once

#include "connectors/http/httpclient.h"
#include "connectors/odoo/odoosettings.h"

#include "common/result.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>

#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace syncsmart::odoo {

using JsonDone = std::function<void(Result<QJsonValue>)>;
// For a call whose answer only says done or failed (write, unlink): the result itself is dropped.
JsonDone statusOnly(std::function<void(Status)> done);

// One object.execute_kw call: model.method(*args, **kwargs), and what it is for, for people.
struct Call
{
    QString model;
    QString method;
    QJsonArray args;
    QJsonObject kwargs;   // "context", "fields", "limit", ...
    QString operation;    // "read changed products"
    QString record;       // "SKU-1", "order XKBKNABJK"; may be empty
};

// Odoo's JSON-RPC over one HttpClient: the envelope, common.version, common.authenticate once per
// connector (concurrent calls wait for the one authentication in progress: it costs ~0.4 s on a
// real server), and object.execute_kw with the uid. An AccessDenied on a later call drops the uid,
// so the next call signs in again. Never retries: the queue does.
class OdooRpc final
{
public:
    OdooRpc(const OdooSettings &settings, HttpClient &http);
    ~OdooRpc();
    OdooRpc(const OdooRpc &) = delete;
    OdooRpc &operator=(const OdooRpc &) = delete;

    void version(JsonDone done);
    // The uid, signing in first when needed (once for every caller waiting at that moment).
    void authenticate(std::function<void(Result<int>)> done);
    // Signs in when needed, then calls; the result is JSON null for a method that returned None.
    void execute(Call call, JsonDone done);

    std::optional<int> uid() const { return m_uid; }
    qint64 authenticationsSent() const { return m_authenticationsSent; }

    // Runs fn later on the HTTP client's thread (never inside the caller).
    void later(std::function<void()> fn);

    // Pure parts, for tests.
    static QUrl endpointUrl(const QUrl &baseUrl); // {base}/jsonrpc
    static QByteArray envelope(const QString &service, const QString &method, const QJsonArray &args, qint64 id);
    // The "result" of an answer the classifier accepted (null when there is none, fixture 28).
    static Result<QJsonValue> resultOf(const QByteArray &body, const QString &what);
    // The same from the answer, through the parse the classifier kept when there is one.
    static Result<QJsonValue> resultOf(const HttpResponse &answer, const QString &what);

private:
    void send(const QString &service, const QString &method, const QJsonArray &args, const QString &operation,
              const QString &record, JsonDone done);
    void authenticated(Result<QJsonValue> answer);

    const OdooSettings &m_settings;
    HttpClient &m_http;
    std::shared_ptr<bool> m_alive; // callbacks after the connector is gone are dropped
    std::optional<int> m_uid;
    bool m_authenticating = false;
    std::vector<std::function<void(Result<int>)>> m_authWaiters;
    qint64 m_nextId = 1;
    qint64 m_authenticationsSent = 0;
};

} // namespace syncsmart::odoo
