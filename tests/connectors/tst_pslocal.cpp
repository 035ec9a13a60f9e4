// The PrestaShop connector against small scripted loopback servers: a shop that redirects (every
// non-2xx is an error, a 301 never passes for a write), the shop's languages (read once, a single
// text goes to each; a key that may not read them falls back to language 1 with a warning), and calls
// with nothing to send that still answer later, never inside themselves.
#include "connectors/prestashop/prestashopconnector.h"

#include "awaitresult.h"

#include <QHostAddress>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

#include <functional>

using namespace syncsmart;
using namespace syncsmart::testing;

namespace {

const QString kKey = QStringLiteral("ABCDEFGHIJKLMNOPQRSTUVWXYZ012345");

struct Received
{
    QByteArray method;
    QString path; // with the query, decoded
    QByteArray body;
};

struct Answer
{
    int status = 200;
    QByteArray headers; // extra header lines, each ending in \r\n
    QByteArray body;
};

// A one-answer-per-connection HTTP server; handler decides each answer.
class ScriptedShop : public QObject
{
public:
    using Handler = std::function<Answer(const Received &)>;

    explicit ScriptedShop(Handler handler)
        : m_handler(std::move(handler))
    {
        m_server.listen(QHostAddress::LocalHost, 0);
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *s = m_server.nextPendingConnection()) {
                auto buffer = std::make_shared<QByteArray>();
                connect(s, &QTcpSocket::disconnected, s, &QObject::deleteLater);
                connect(s, &QTcpSocket::readyRead, s, [this, s, buffer] {
                    *buffer += s->readAll();
                    const qsizetype end = buffer->indexOf("\r\n\r\n");
                    if (end < 0)
                        return;
                    const QByteArray head = buffer->left(end);
                    qsizetype length = 0;
                    for (const QByteArray &line : head.split('\n')) {
                        if (line.toLower().startsWith("content-length:"))
                            length = line.mid(15).trimmed().toLongLong();
                    }
                    if (buffer->size() < end + 4 + length)
                        return;
                    const QList<QByteArray> requestLine = head.left(head.indexOf('\r')).split(' ');
                    Received r;
                    r.method = requestLine.value(0);
                    r.path = QUrl::fromPercentEncoding(requestLine.value(1));
                    r.body = buffer->mid(end + 4, length);
                    buffer->clear();
                    received.append(r);
                    const Answer a = m_handler(r);
                    s->write("HTTP/1.1 " + QByteArray::number(a.status) + " X\r\n" + a.headers +
                             "Content-Length: " + QByteArray::number(a.body.size()) +
                             "\r\nConnection: close\r\n\r\n" + a.body);
                    s->disconnectFromHost();
                });
            }
        });
    }
    QUrl url() const { return QUrl(QStringLiteral("http://127.0.0.1:%1/api/").arg(m_server.serverPort())); }
    int count(const QString &pathStart) const
    {
        int n = 0;
        for (const Received &r : received)
            n += r.path.startsWith(pathStart) ? 1 : 0;
        return n;
    }
    QVector<Received> received;

private:
    QTcpServer m_server;
    Handler m_handler;
};

// The API root (XML) with every resource the sync needs, languages GET only when asked.
QByteArray apiRoot(bool languages)
{
    QByteArray xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<prestashop "
                     "xmlns:xlink=\"http://www.w3.org/1999/xlink\">\n<api shopName=\"Test\">\n";
    for (const char *resource : {"products", "stock_availables", "combinations", "orders", "order_details",
                                 "order_histories", "order_states", "customers"})
        xml += QByteArray("<") + resource +
               " get=\"true\" put=\"true\" post=\"true\" patch=\"true\" delete=\"true\" head=\"true\"/>\n";
    if (languages)
        xml += "<languages get=\"true\" put=\"false\" post=\"false\" patch=\"false\" delete=\"false\" "
               "head=\"true\"/>\n";
    return xml + "</api>\n</prestashop>\n";
}

const QByteArray kNoPermission =
    "{\"errors\":[{\"code\":26,\"message\":\"No permission for this resource\"}]}";

Answer shopAnswer(const Received &r, bool rootListsLanguages, const Answer &languages)
{
    if (r.path == QLatin1String("/api/"))
        return {200, "PSWS-Version: 8.1.2\r\nContent-Type: text/xml\r\n", apiRoot(rootListsLanguages)};
    if (r.path.startsWith(QLatin1String("/api/languages")))
        return languages;
    if (r.method == "PATCH")
        return {200, "Content-Type: text/xml\r\n",
                "<?xml version=\"1.0\"?><prestashop><product><id>20</id>"
                "</product></prestashop>"};
    return {404, {}, "{\"errors\":[{\"code\":1,\"message\":\"not scripted\"}]}"};
}

std::unique_ptr<PrestaShopConnector> connectorFor(const QUrl &url, const Clock &clock)
{
    PrestaShopSettings s;
    s.endpoint.baseUrl = url;
    s.endpoint.limits.requestsPerSecond = 0;
    s.endpoint.breaker.failureThreshold = 1000;
    s.apiKey = kKey;
    return std::make_unique<PrestaShopConnector>(s, std::make_shared<Redactor>(), clock);
}

// The body of every PATCH the shop received.
QList<QByteArray> patches(const ScriptedShop &shop)
{
    QList<QByteArray> out;
    for (const Received &r : shop.received) {
        if (r.method == "PATCH")
            out.append(r.body);
    }
    return out;
}

} // namespace

class TestPsLocal : public QObject
{
    Q_OBJECT
private slots:
    void redirectIsAConfigErrorNamingTheLocation();
    void answersInsideTheCall();
    void plainNameGoesToEveryShopLanguage();
    void languagesForbiddenFallsBackToLanguage1();
    void languagesUnreachableFailsTheWriteTransiently();

private:
    SystemClock m_clock;
};

void TestPsLocal::redirectIsAConfigErrorNamingTheLocation()
{
    // The reviewer's redirectedPatchIsReportedAsWritten: a 301 answer to a PATCH passed for a write.
    ScriptedShop server([](const Received &) {
        return Answer{301, "Location: https://shop.example/api/\r\n", {}};
    });
    auto shop = connectorFor(server.url(), m_clock);
    Status st = awaitResult<void>([&](auto done) {
        shop->updateProduct(QStringLiteral("20"), QStringLiteral("SKU-1"), {{field::Price, 13.9}}, done);
    });
    QCOMPARE(server.received.size(), 1);
    QCOMPARE(server.received.first().method, QByteArray("PATCH"));
    QVERIFY2(!st.ok(), "a 301 answer to PATCH was reported as a successful write");
    QVERIFY2(st.error().category == ErrorCategory::Config, qPrintable(st.error().toString()));
    QVERIFY2(st.error().message.contains(QStringLiteral("https://shop.example/api/")),
             qPrintable(st.error().message));
    QVERIFY(st.error().message.contains(QStringLiteral("SKU-1")));
    QVERIFY(!st.error().message.contains(kKey));

    // The connection test and a read say the same, not "the answer could not be read".
    Result<ConnectionReport> report =
        awaitResult<ConnectionReport>([&](auto done) { shop->testConnection(done); });
    QVERIFY(!report.ok());
    QVERIFY2(report.error().category == ErrorCategory::Config, qPrintable(report.error().toString()));
    QVERIFY(report.error().code != QLatin1String("prestashop.bad_body"));
    QVERIFY(report.error().message.contains(QStringLiteral("https://shop.example/api/")));
    Result<QVector<ProductData>> read = awaitResult<QVector<ProductData>>(
        [&](auto done) { shop->productsBySku({QStringLiteral("SKU-1")}, {}, done); });
    QVERIFY(!read.ok());
    QVERIFY2(read.error().category == ErrorCategory::Config, qPrintable(read.error().toString()));
}

void TestPsLocal::answersInsideTheCall()
{
    ScriptedShop server([](const Received &) { return Answer{500, {}, {}}; });
    auto shop = connectorFor(server.url(), m_clock);
    bool inside = false, returned = false;
    int answers = 0;
    shop->productsBySku({QString()}, {}, [&](Result<QVector<ProductData>> r) {
        inside = inside || !returned;
        QVERIFY(r.ok() && r->isEmpty());
        ++answers;
    });
    shop->updateProduct(QString(), QString(), {{field::Price, 1.0}}, [&](Status s) {
        inside = inside || !returned;
        QVERIFY(!s.ok() && s.error().category == ErrorCategory::Permanent);
        ++answers;
    });
    StockLevel noLine;
    shop->setStock(noLine, 1.0, [&](Status s) {
        inside = inside || !returned;
        QVERIFY(!s.ok());
        ++answers;
    });
    shop->productsBySku({QString(), QString()}, {field::Price}, [&](Result<QVector<ProductData>>) {
        inside = inside || !returned;
        ++answers;
    });
    returned = true;
    QVERIFY2(!inside, "a call answered inside itself");
    QTRY_COMPARE_WITH_TIMEOUT(answers, 4, 10000);
    QVERIFY(!inside);
    QCOMPARE(server.received.size(), 0); // nothing to send, nothing sent
}

void TestPsLocal::plainNameGoesToEveryShopLanguage()
{
    // The reviewer's plainNameWritesOnlyLanguage1, through the connector: the profile names no
    // language, the shop has 1 and 2 active (real 8.1.2: {"languages":[{"id":1},{"id":2}]}).
    ScriptedShop server([](const Received &r) {
        return shopAnswer(
            r, true, {200, "Content-Type: application/json\r\n", "{\"languages\":[{\"id\":1},{\"id\":2}]}"});
    });
    auto shop = connectorFor(server.url(), m_clock);
    // A price needs no language: none read.
    Status st = awaitResult<void>([&](auto done) {
        shop->updateProduct(QStringLiteral("20"), QStringLiteral("SKU-1"), {{field::Price, 2.0}}, done);
    });
    QVERIFY(st.ok());
    QCOMPARE(server.count(QStringLiteral("/api/languages")), 0);
    for (const QString &name : {QStringLiteral("New name"), QStringLiteral("Newer name")}) {
        st = awaitResult<void>([&](auto done) {
            shop->updateProduct(QStringLiteral("20"), QStringLiteral("SKU-1"), {{field::Name, name}}, done);
        });
        QVERIFY2(st.ok(), st.ok() ? "" : qPrintable(st.error().toString()));
        const QByteArray body = patches(server).last();
        QVERIFY2(body.contains("<language id=\"1\"><![CDATA[" + name.toUtf8()), body.constData());
        QVERIFY2(body.contains("<language id=\"2\"><![CDATA[" + name.toUtf8()), body.constData());
    }
    QCOMPARE(server.count(QStringLiteral("/api/languages")), 1); // read once, then cached
    const Received languages = server.received.at(1);
    QVERIFY2(languages.path.contains(QStringLiteral("display=[id]")) &&
                 languages.path.contains(QStringLiteral("filter[active]=[1]")) &&
                 languages.path.contains(QStringLiteral("output_format=JSON")),
             qPrintable(languages.path));
    Result<ConnectionReport> report =
        awaitResult<ConnectionReport>([&](auto done) { shop->testConnection(done); });
    QVERIFY(report.ok() && report->ok());
    QVERIFY2(report->capabilities.join(QLatin1Char('\n')).contains(QStringLiteral("languages: 1, 2")),
             qPrintable(report->capabilities.join(QLatin1Char('\n'))));
    QVERIFY(!report->warnings.join(QLatin1Char('\n')).contains(QStringLiteral("languages")));
}

void TestPsLocal::languagesForbiddenFallsBackToLanguage1()
{
    // A key that may not read languages (real 8.1.2: 401 + code 26): language 1 only, and the
    // connection test says so as a warning, not as a missing permission.
    for (const bool rootListsLanguages : {false, true}) {
        ScriptedShop server([rootListsLanguages](const Received &r) {
            return shopAnswer(r, rootListsLanguages,
                              {401, "Content-Type: application/json\r\n", kNoPermission});
        });
        auto shop = connectorFor(server.url(), m_clock);
        Result<ConnectionReport> report =
            awaitResult<ConnectionReport>([&](auto done) { shop->testConnection(done); });
        QVERIFY2(report.ok(), report.ok() ? "" : qPrintable(report.error().toString()));
        QVERIFY2(report->ok(), qPrintable(report->missing.join(QLatin1Char('\n'))));
        const QString warnings = report->warnings.join(QLatin1Char('\n'));
        QVERIFY2(warnings.contains(QStringLiteral("languages: GET is not allowed")) &&
                     warnings.contains(QStringLiteral("language 1 only")),
                 qPrintable(warnings));
        Status st = awaitResult<void>([&](auto done) {
            shop->updateProduct(QStringLiteral("20"), QStringLiteral("SKU-1"),
                                {{field::Name, QStringLiteral("New name")}}, done);
        });
        QVERIFY2(st.ok(), st.ok() ? "" : qPrintable(st.error().toString()));
        const QByteArray body = patches(server).last();
        QVERIFY(body.contains("<language id=\"1\">"));
        QVERIFY(!body.contains("<language id=\"2\">"));
        QVERIFY(server.count(QStringLiteral("/api/languages")) <= 1);
    }
}

void TestPsLocal::languagesUnreachableFailsTheWriteTransiently()
{
    // The languages request fails (500, empty): the write is not sent half-done to language 1; it
    // fails transiently, and the next try reads the languages again.
    bool up = false;
    ScriptedShop server([&up](const Received &r) {
        return shopAnswer(
            r, true, up ? Answer{200, {}, "{\"languages\":[{\"id\":1},{\"id\":2}]}"} : Answer{500, {}, {}});
    });
    auto shop = connectorFor(server.url(), m_clock);
    Status st = awaitResult<void>([&](auto done) {
        shop->updateProduct(QStringLiteral("20"), QStringLiteral("SKU-1"),
                            {{field::Name, QStringLiteral("N")}}, done);
    });
    QVERIFY(!st.ok());
    QVERIFY(st.error().category == ErrorCategory::Transient);
    QVERIFY(patches(server).isEmpty());
    up = true;
    st = awaitResult<void>([&](auto done) {
        shop->updateProduct(QStringLiteral("20"), QStringLiteral("SKU-1"),
                            {{field::Name, QStringLiteral("N")}}, done);
    });
    QVERIFY(st.ok());
    QVERIFY(patches(server).last().contains("<language id=\"2\">"));
}

QTEST_MAIN(TestPsLocal)
#include "tst_pslocal.moc"
