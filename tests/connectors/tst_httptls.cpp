#include "tst_httpsupport.h"

#include <QFile>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslServer>
#include <QSslSocket>
#include <QtTest>

using namespace syncsmart;
using namespace syncsmart::testing;

namespace {

QString fixture(const QString &name)
{
    return QStringLiteral(CONNECTOR_FIXTURES_DIR "/tls/") + name;
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// HTTPS on 127.0.0.1 with the self-signed test certificate; answers every request with 200 "ok".
class SelfSignedServer : public QSslServer
{
public:
    SelfSignedServer()
    {
        QSslConfiguration config = QSslConfiguration::defaultConfiguration();
        config.setLocalCertificate(
            QSslCertificate(readFile(fixture(QStringLiteral("server.pem"))), QSsl::Pem));
        config.setPrivateKey(QSslKey(readFile(fixture(QStringLiteral("server.key"))), QSsl::Rsa, QSsl::Pem));
        config.setPeerVerifyMode(QSslSocket::VerifyNone);
        setSslConfiguration(config);
        listen(QHostAddress::LocalHost, 0);
        connect(this, &QTcpServer::pendingConnectionAvailable, this, [this] {
            answerPendingConnections(*this, [this](const QByteArray &) {
                ++m_requests;
                return QByteArray("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n"
                                  "Connection: close\r\n\r\nok");
            });
        });
    }
    int requests() const { return m_requests; }
    QUrl url() const { return QUrl(QStringLiteral("https://127.0.0.1:%1/api/products").arg(serverPort())); }

private:
    int m_requests = 0;
};

} // namespace

// TLS is verified by default; the two opt-outs (one named certificate, or the insecure switch) work
// exactly as far as they say, and come with a warning.
class TestHttpTls : public QObject
{
    Q_OBJECT

    SystemClock m_clock;
    std::shared_ptr<Redactor> m_redactor = std::make_shared<Redactor>();

    PeerEndpoint endpoint(const SelfSignedServer &server, TlsSettings::Mode mode,
                          const QString &certificate = {})
    {
        PeerEndpoint e;
        e.peerName = QStringLiteral("PrestaShop");
        e.baseUrl = server.url();
        e.tls.mode = mode;
        e.tls.certificatePath = certificate;
        return e;
    }

    // A client trusting only the named certificate of the fixtures (it warns so once, when made).
    std::unique_ptr<HttpClient> trustingClient(const SelfSignedServer &server, const QString &certificateFile)
    {
        QTest::ignoreMessage(QtWarningMsg,
                             QRegularExpression(QStringLiteral("PrestaShop: TLS accepts only")));
        return makeClient(endpoint(server, TlsSettings::Mode::TrustCertificate, fixture(certificateFile)),
                          m_redactor, m_clock);
    }

    static HttpRequest request(const SelfSignedServer &server)
    {
        HttpRequest r;
        r.url = server.url();
        r.operation = QStringLiteral("test the connection");
        return r;
    }

private Q_SLOTS:
    void initTestCase()
    {
        if (!QSslSocket::supportsSsl())
            QSKIP("no TLS backend");
        QVERIFY(QFile::exists(fixture(QStringLiteral("server.pem"))));
    }

    void aSelfSignedServerIsRefusedByDefaultAndTheTextSaysWhy()
    {
        SelfSignedServer server;
        auto client = makeClient(endpoint(server, TlsSettings::Mode::Verify), m_redactor, m_clock);
        QVERIFY(TlsSettings{}.warning(QStringLiteral("PrestaShop")).isEmpty());
        const auto result = sendAndWait(*client, request(server));
        QVERIFY2(!result && result.error().category == ErrorCategory::Config,
                 qPrintable(describeResult(result)));
        const QString text = result.error().message;
        QCOMPARE(result.error().code, QStringLiteral("http.tls"));
        QVERIFY2(text.startsWith(QStringLiteral("PrestaShop: test the connection: ")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("the certificate is self-signed")), qPrintable(text));
        QVERIFY2(
            text.contains(QStringLiteral("if this is your own server, set tls_certificate to its PEM file")),
            qPrintable(text));
        QCOMPARE(server.requests(), 0); // nothing was sent over the refused connection
        // A TLS refusal is the peer's configuration, not an outage: the circuit stays closed.
        QVERIFY(client->breaker().state() == CircuitBreaker::State::Closed);
    }

    void theNamedCertificateIsAccepted()
    {
        SelfSignedServer server;
        auto client = trustingClient(server, QStringLiteral("server.pem"));
        const auto result = sendAndWait(*client, request(server));
        QVERIFY2(result, qPrintable(describeResult(result)));
        QCOMPARE(result->status, 200);
        QCOMPARE(result->body, QByteArray("ok"));
        const PeerEndpoint &e = client->endpoint();
        const QString warning = e.tls.warning(e.peerName);
        QVERIFY(warning.contains(QStringLiteral("PrestaShop")));
        QVERIFY(warning.contains(fixture(QStringLiteral("server.pem"))));
    }

    void anotherCertificateIsStillRefused()
    {
        SelfSignedServer server;
        auto client = trustingClient(server, QStringLiteral("other.pem"));
        const auto result = sendAndWait(*client, request(server));
        QVERIFY2(!result && result.error().category == ErrorCategory::Config,
                 qPrintable(describeResult(result)));
        const QString text = result.error().message;
        QVERIFY2(text.contains(QStringLiteral("is not the one in tls_certificate")), qPrintable(text));
        QVERIFY2(text.contains(QStringLiteral("other.pem")), qPrintable(text));
        QCOMPARE(server.requests(), 0);
    }

    void anUnreadableCertificateFileIsAConfigErrorAtTheFirstSend()
    {
        SelfSignedServer server;
        auto client = trustingClient(server, QStringLiteral("missing.pem"));
        bool called = false;
        std::optional<Result<HttpResponse>> out;
        client->send(request(server), [&](Result<HttpResponse> r) {
            called = true;
            out.emplace(std::move(r));
        });
        QVERIFY(!called); // later, never inside send()
        QTRY_VERIFY_WITH_TIMEOUT(called, 10'000);
        QVERIFY(!*out && out->error().category == ErrorCategory::Config);
        QCOMPARE(out->error().code, QStringLiteral("http.tls_certificate"));
        QVERIFY2(out->error().message.startsWith(QStringLiteral("PrestaShop: test the connection: ")),
                 qPrintable(out->error().message));
        QVERIFY2(out->error().message.contains(QStringLiteral("missing.pem")),
                 qPrintable(out->error().message));
        QCOMPARE(server.requests(), 0);
    }

    void aHandshakeThatNeverEndsHitsTheConnectTimeout()
    {
        QTcpServer silent; // accepts TCP, never answers the TLS hello
        QVERIFY(silent.listen(QHostAddress::LocalHost, 0));
        PeerEndpoint e;
        e.peerName = QStringLiteral("PrestaShop");
        e.baseUrl = QUrl(QStringLiteral("https://127.0.0.1:%1/api/").arg(silent.serverPort()));
        e.limits.connectTimeoutMs = 300;
        e.limits.idleTimeoutMs = 60'000;
        auto client = makeClient(e, m_redactor, m_clock);
        HttpRequest r;
        r.url = QUrl(e.baseUrl.toString() + QStringLiteral("products"));
        r.operation = QStringLiteral("test the connection");
        const auto result = sendAndWait(*client, r);
        QVERIFY2(!result && result.error().category == ErrorCategory::Transient,
                 qPrintable(describeResult(result)));
        QCOMPARE(result.error().code, QStringLiteral("http.timeout"));
        QVERIFY2(result.error().message.contains(QStringLiteral("300 ms (connect timeout)")),
                 qPrintable(result.error().message));
        QCOMPARE(result.error().context.value(QStringLiteral("timeout")).toString(),
                 QStringLiteral("connect"));
    }

    void theInsecureSwitchAcceptsAndWarns()
    {
        SelfSignedServer server;
        const PeerEndpoint e = endpoint(server, TlsSettings::Mode::Insecure);
        const QString warning = e.tls.warning(e.peerName);
        QVERIFY(!warning.isEmpty());
        QVERIFY(warning.contains(QStringLiteral("PrestaShop")));
        QVERIFY(warning.contains(QStringLiteral("insecure")));
        QTest::ignoreMessage(QtWarningMsg, qPrintable(warning)); // logged once, when the client is made
        auto client = makeClient(e, m_redactor, m_clock);
        for (int i = 0; i < 2; ++i) {
            const auto result = sendAndWait(*client, request(server));
            QVERIFY2(result, qPrintable(describeResult(result)));
            QCOMPARE(result->body, QByteArray("ok"));
        }
        QCOMPARE(server.requests(), 2);
    }
};

QTEST_GUILESS_MAIN(TestHttpTls)
#include "tst_httptls.moc"
