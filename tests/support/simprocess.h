#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QNetworkAccessManager>
#include <QProcess>
#include <QString>
#include <QStringList>

#include <memory>

namespace syncsmart::testing {

// syncsmart-sim as a child process on free loopback ports (started by the test, never by the code
// under test), with a synchronous client for its control API. Test and benchmark code only: the
// control calls spin a local event loop.
class SimProcess
{
public:
    SimProcess() = default;
    ~SimProcess();
    SimProcess(const SimProcess &) = delete;
    SimProcess &operator=(const SimProcess &) = delete;

    // extraArgs are passed after "--products N --die-with-parent --quiet". Empty string: started.
    QString start(int products, const QStringList &extraArgs = {});
    void stop();
    bool running() const;

    const QJsonObject &ready() const { return m_ready; }
    QString prestashopUrl() const;   // ".../api/"
    QString prestashopKey() const;
    QString shopTimezone() const;
    QString odooBaseUrl() const;     // "http://127.0.0.1:port/" (JSON-RPC at /jsonrpc)
    QString odooDatabase() const;
    QString odooLogin() const;
    QString odooKey() const;
    QString controlUrl() const;      // ".../_sim/"

    // Control API: GET or POST (JSON body) on "/_sim/<command>". Returns the parsed JSON (object or
    // array wrapped under "items"); an empty object on failure, with a qWarning saying why.
    QJsonObject control(const QString &command, const QJsonValue &body = QJsonValue::Undefined,
                        const QString &query = {});
    // Shorthands.
    QJsonObject addFault(const QJsonObject &rule) { return control(QStringLiteral("faults/add"), rule); }
    void clearFaults() { control(QStringLiteral("faults/clear"), QJsonObject{}); }
    void clearEffects() { control(QStringLiteral("effects/clear"), QJsonObject{}); }
    QJsonObject stats() { return control(QStringLiteral("stats")); }
    void resetStats() { control(QStringLiteral("stats/reset"), QJsonObject{}); }

    static QString binaryPath();

private:
    QString peerValue(const char *peer, const char *key) const;

    std::unique_ptr<QProcess> m_process;
    QJsonObject m_ready;
    QNetworkAccessManager m_network;
};

} // namespace syncsmart::testing
