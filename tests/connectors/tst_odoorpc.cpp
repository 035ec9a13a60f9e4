// The Odoo connector's sign-in against a scripted JSON-RPC server on loopback, for what the simulator
// cannot do: an API key revoked while running (AccessDenied on a later call drops the uid and the next
// call signs in again), and a refused sign-in that is not remembered.
#include "awaitresult.h"

#include "connectors/odoo/odooconnector.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTcpServer>
#include <QTcpSocket>
#include <QtTest>

#include <functional>

using namespace syncsmart;
using namespace syncsmart::testing;

namespace {

// Answers each JSON-RPC request with the body the handler returns (HTTP 200, as Odoo does).
class ScriptedOdoo : public QTcpServer
{
public:
    using Handler = std::function<QByteArray(const QJsonObject &params, qint64 id)>;

    explicit ScriptedOdoo(Handler handler)
        : m_handler(std::move(handler))
    {
        listen(QHostAddress::LocalHost, 0);
        connect(this, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = nextPendingConnection()) {
                auto buffer = std::make_shared<QByteArray>();
                connect(socket, &QTcpSocket::readyRead, socket, [this, socket, buffer] {
                    *buffer += socket->readAll();
                    const qsizetype end = buffer->indexOf("\r\n\r\n");
                    if (end < 0)
                        return;
                    qsizetype length = 0;
                    for (const QByteArray &line : buffer->left(end).split('\n')) {
                        if (line.toLower().startsWith("content-length:"))
                            length = line.mid(15).trimmed().toLongLong();
                    }
                    if (buffer->size() < end + 4 + length)
                        return;
                    const QJsonObject request = QJsonDocument::fromJson(buffer->mid(end + 4, length)).object();
                    buffer->remove(0, end + 4 + length);
                    const QByteArray body = m_handler(request.value(QLatin1String("params")).toObject(),
                                                      request.value(QLatin1String("id")).toInteger());
                    socket->write("HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: "
                                  + QByteArray::number(body.size()) + "\r\n\r\n" + body);
                });
                connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            }
        });
    }
    QString url() const { return QStringLiteral("http://127.0.0.1:%1/").arg(serverPort()); }

private:
    Handler m_handler;
};

QByteArray result(qint64 id, const QByteArray &json)
{
    return "{\"jsonrpc\": \"2.0\", \"id\": " + QByteArray::number(id) + ", \"result\": " + json + "}";
}

QByteArray accessDenied(qint64 id)
{
    // The shape of fixture 04, traceback shortened.
    return "{\"jsonrpc\": \"2.0\", \"id\": " + QByteArray::number(id) +
           ", \"error\": {\"code\": 200, \"message\": \"Odoo Server Error\", \"data\": {\"name\": "
           "\"odoo.exceptions.AccessDenied\", \"debug\": \"Traceback (most recent call last):\\n  File \\\"x.py\\\"\\n"
           "odoo.exceptions.AccessDenied: Access Denied\\n\", \"message\": \"Access Denied\", \"arguments\": "
           "[\"Access Denied\"], \"context\": {}}}}";
}

OdooSettings settingsFor(const ScriptedOdoo &server, const QString &key)
{
    OdooSettings s;
    s.endpoint.peerName = QStringLiteral("Odoo");
    s.endpoint.baseUrl = QUrl(server.url());
    s.endpoint.limits.requestsPerSecond = 0;
    s.database = QStringLiteral("shopdb");
    s.login = QStringLiteral("sync-bot");
    s.apiKey = key;
    return s;
}

} // namespace

class TestOdooRpc : public QObject
{
    Q_OBJECT

private slots:
    void revokedKeyDropsTheUidAndSignsInAgain();
    void refusedSignInIsAuthAndNotRemembered();
};

void TestOdooRpc::revokedKeyDropsTheUidAndSignsInAgain()
{
    const QString key = QStringLiteral("key-0123456789abcdef");
    int authentications = 0;
    int calls = 0;
    bool revoked = false;
    ScriptedOdoo server([&](const QJsonObject &params, qint64 id) -> QByteArray {
        const QString method = params.value(QLatin1String("method")).toString();
        const QJsonArray args = params.value(QLatin1String("args")).toArray();
        if (method == QLatin1String("authenticate")) {
            ++authentications;
            return result(id, "7");
        }
        ++calls;
        if (revoked || args.at(1).toInt() != 7 || args.at(2).toString() != key)
            return accessDenied(id);
        return result(id, "[{\"id\": 3, \"default_code\": \"A-1\", \"write_date\": \"2026-12-03 13:02:27\"}]");
    });
    SystemClock clock;
    OdooConnector odoo(settingsFor(server, key), std::make_shared<Redactor>(), clock);

    for (int i = 0; i < 3; ++i) {
        const auto read = awaitResult<QVector<ProductData>>([&](auto done) { odoo.productsBySku({QStringLiteral("A-1")}, {}, done); });
        QVERIFY(read);
        QCOMPARE(read->size(), 1);
    }
    QCOMPARE(authentications, 1);

    revoked = true; // the key is revoked in Odoo while the sync runs
    const auto denied = awaitResult<QVector<ProductData>>([&](auto done) { odoo.productsBySku({QStringLiteral("A-1")}, {}, done); });
    QVERIFY(!denied);
    QVERIFY(denied.error().category == ErrorCategory::Auth);
    QCOMPARE(denied.error().code, QStringLiteral("odoo.access_denied"));
    QVERIFY(denied.error().message.contains(QLatin1String("\"sync-bot\"")));
    QVERIFY(denied.error().message.contains(QLatin1String("\"shopdb\"")));
    QVERIFY(!denied.error().message.contains(QLatin1String("Traceback")));
    QVERIFY(!denied.error().message.contains(key));
    QVERIFY(!QJsonDocument::fromVariant(denied.error().context).toJson().contains(key.toUtf8()));

    revoked = false; // a new key was entered: the next call signs in again
    const auto again = awaitResult<QVector<ProductData>>([&](auto done) { odoo.productsBySku({QStringLiteral("A-1")}, {}, done); });
    QVERIFY(again);
    QCOMPARE(authentications, 2);
    QCOMPARE(odoo.authenticationsSent(), 2);
}

void TestOdooRpc::refusedSignInIsAuthAndNotRemembered()
{
    int authentications = 0;
    bool accept = false;
    ScriptedOdoo server([&](const QJsonObject &params, qint64 id) -> QByteArray {
        if (params.value(QLatin1String("method")).toString() == QLatin1String("authenticate")) {
            ++authentications;
            return result(id, accept ? "7" : "false"); // a wrong key is "result": false (fixture 03)
        }
        return result(id, "[]");
    });
    SystemClock clock;
    OdooConnector odoo(settingsFor(server, QStringLiteral("wrong-key-abcdef")), std::make_shared<Redactor>(), clock);
    // Three calls at once share the one refused sign-in.
    int answered = 0;
    int auth = 0;
    QEventLoop loop;
    for (int i = 0; i < 3; ++i) {
        odoo.productsBySku({QStringLiteral("A-1")}, {}, [&](Result<QVector<ProductData>> r) {
            auth += !r && r.error().category == ErrorCategory::Auth ? 1 : 0;
            if (!r)
                QVERIFY(!r.error().message.contains(QLatin1String("wrong-key-abcdef")));
            if (++answered == 3)
                loop.quit();
        });
    }
    QTimer::singleShot(30'000, &loop, &QEventLoop::quit);
    loop.exec();
    QCOMPARE(answered, 3);
    QCOMPARE(auth, 3);
    QCOMPARE(authentications, 1);

    accept = true;
    const auto later = awaitResult<QVector<ProductData>>([&](auto done) { odoo.productsBySku({QStringLiteral("A-1")}, {}, done); });
    QVERIFY(later);
    QCOMPARE(authentications, 2);
}

QTEST_GUILESS_MAIN(TestOdooRpc)
#include "tst_odoorpc.moc"
