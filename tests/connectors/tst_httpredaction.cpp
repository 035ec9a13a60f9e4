#include "tst_httpsupport.h"

#include "simprocess.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QMutex>
#include <QtTest>

using namespace syncsmart;
using namespace syncsmart::testing;

namespace {

QMutex g_logMutex;
QStringList g_log;
QtMessageHandler g_previous = nullptr;

// Captures every log line as it would be printed (category + text), before any redacting handler.
void capture(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    {
        QMutexLocker lock(&g_logMutex);
        g_log << QStringLiteral("%1: %2").arg(QString::fromLatin1(context.category ? context.category : ""),
                                              message);
    }
    if (g_previous)
        g_previous(type, context, message);
}

} // namespace

// A key planted in the URL query and the Authorization header, registered with the redactor, never
// shows in an error text, an error context or a log line: on success, 401, a 500 that echoes it,
// a timeout and a refused connection.
class TestHttpRedaction : public QObject
{
    Q_OBJECT

    SimProcess m_sim;
    SystemClock m_clock;
    std::shared_ptr<Redactor> m_redactor = std::make_shared<Redactor>();
    const QString m_wrongKey =
        QStringLiteral("PLANTEDWRONGKEY0123456789ABCDEFG"); // 32 characters, like a real one
    QList<Error> m_errors;
    int m_requestLines = 0; // "PrestaShop GET …" lines seen
    int m_cases = 0;

    PeerEndpoint endpoint(const QUrl &base, int idleTimeoutMs = 30'000) const
    {
        PeerEndpoint e;
        e.peerName = QStringLiteral("PrestaShop");
        e.baseUrl = base;
        e.limits.idleTimeoutMs = idleTimeoutMs;
        return e;
    }

    static HttpRequest request(const QString &base, const QString &key)
    {
        HttpRequest r;
        r.url = QUrl(base + QStringLiteral("products?display=[id,reference]&limit=3&ws_key=") + key);
        r.headers.append({"Authorization", "Basic " + (key + QLatin1Char(':')).toUtf8().toBase64()});
        r.operation = QStringLiteral("read products");
        return r;
    }

    // Every form a key travels in: as is, percent-encoded, inside Basic auth.
    QStringList forbidden() const
    {
        QStringList out;
        for (const QString &key : {m_sim.prestashopKey(), m_wrongKey}) {
            out << key << QString::fromLatin1(QUrl::toPercentEncoding(key))
                << QString::fromLatin1((key + QLatin1Char(':')).toUtf8().toBase64());
        }
        return out;
    }

    void checkClean(const QString &where, const QString &text) const
    {
        for (const QString &secret : forbidden())
            QVERIFY2(!text.contains(secret),
                     qPrintable(QStringLiteral("%1 shows a key: %2").arg(where, text)));
    }

    Result<HttpResponse> sendVia(HttpClient &client, const HttpRequest &r)
    {
        auto result = sendAndWait(client, r);
        if (!result)
            m_errors << result.error();
        return result;
    }

private Q_SLOTS:
    void initTestCase()
    {
        const QString error = m_sim.start(50);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        m_redactor->addSecret(m_sim.prestashopKey());
        m_redactor->addSecret(m_wrongKey);
        QLoggingCategory::setFilterRules(QStringLiteral("core.*.debug=true"));
        g_previous = qInstallMessageHandler(capture);
    }

    void aSuccess()
    {
        auto client = makeClient(endpoint(QUrl(m_sim.prestashopUrl())), m_redactor, m_clock);
        const auto result = sendVia(*client, request(m_sim.prestashopUrl(), m_sim.prestashopKey()));
        QVERIFY2(result, qPrintable(describeResult(result)));
    }

    void aRefusedKey()
    {
        auto client = makeClient(endpoint(QUrl(m_sim.prestashopUrl())), m_redactor, m_clock);
        const auto result = sendVia(*client, request(m_sim.prestashopUrl(), m_wrongKey));
        QVERIFY2(!result && result.error().category == ErrorCategory::Auth,
                 qPrintable(describeResult(result)));
    }

    void aServerErrorThatEchoesTheKey()
    {
        const QByteArray key = m_sim.prestashopKey().toUtf8();
        const QByteArray body = "<?xml version=\"1.0\"?><prestashop><errors><error><message>Bad request "
                                "ws_key=" +
                                key + " (key " + key + ", Authorization: Basic " + (key + ':').toBase64() +
                                ")</message></error></errors></prestashop>";
        FixedAnswerServer server(
            "HTTP/1.1 500 Internal Server Error\r\nContent-Type: text/xml\r\nContent-Length: " +
            QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body);
        auto client = makeClient(endpoint(QUrl(server.url())), m_redactor, m_clock);
        const auto result = sendVia(*client, request(server.url(), m_sim.prestashopKey()));
        QVERIFY2(!result && result.error().category == ErrorCategory::Transient,
                 qPrintable(describeResult(result)));
        QVERIFY(result.error()
                    .context.value(QStringLiteral("response"))
                    .toString()
                    .contains(QStringLiteral("Bad request")));
    }

    void aTimeout()
    {
        QVERIFY(!m_sim
                     .addFault({{QStringLiteral("peer"), QStringLiteral("prestashop")},
                                {QStringLiteral("kind"), QStringLiteral("hang")},
                                {QStringLiteral("count"), 1}})
                     .isEmpty());
        auto client = makeClient(endpoint(QUrl(m_sim.prestashopUrl()), 300), m_redactor, m_clock);
        const auto result = sendVia(*client, request(m_sim.prestashopUrl(), m_sim.prestashopKey()));
        m_sim.clearFaults();
        QVERIFY2(!result && result.error().code == QLatin1String("http.timeout"),
                 qPrintable(describeResult(result)));
    }

    void aRefusedConnection()
    {
        const QString base = QStringLiteral("http://127.0.0.1:%1/api/").arg(closedPort());
        auto client = makeClient(endpoint(QUrl(base)), m_redactor, m_clock);
        const auto result = sendVia(*client, request(base, m_sim.prestashopKey()));
        QVERIFY2(!result && result.error().code == QLatin1String("http.refused"),
                 qPrintable(describeResult(result)));
    }

    // After each case: nothing it produced shows a key.
    void cleanup()
    {
        const QList<Error> errors = std::exchange(m_errors, {});
        QStringList lines;
        {
            QMutexLocker lock(&g_logMutex);
            lines = std::exchange(g_log, {});
        }
        ++m_cases;
        m_requestLines += int(lines.filter(QStringLiteral("core.http: PrestaShop GET")).size());
        for (const QString &line : std::as_const(lines))
            checkClean(QStringLiteral("a log line"), line);
        for (const Error &error : errors) {
            checkClean(QStringLiteral("an error text"), error.toString());
            checkClean(QStringLiteral("an error context"),
                       QString::fromUtf8(QJsonDocument(QJsonObject::fromVariantMap(error.context)).toJson()));
            QVERIFY2(error.context.value(QStringLiteral("request"))
                         .toString()
                         .contains(QStringLiteral("ws_key=***")),
                     qPrintable(error.context.value(QStringLiteral("request")).toString()));
        }
    }

    void cleanupTestCase()
    {
        qInstallMessageHandler(g_previous);
        // The log was really looked at: one "PrestaShop GET …" line per request at least.
        QVERIFY2(m_requestLines >= m_cases,
                 qPrintable(QStringLiteral("%1 < %2").arg(m_requestLines).arg(m_cases)));
        m_sim.stop();
    }
};

QTEST_GUILESS_MAIN(TestHttpRedaction)
#include "tst_httpredaction.moc"
