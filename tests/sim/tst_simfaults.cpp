// Every fault of the injector, observed from a real HTTP client over loopback: what the client
// sees and what the server did (did the write take effect, how many times).
#include "server/faults.h"
#include "server/peerserver.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSignalSpy>
#include <QTest>
#include <QXmlStreamReader>

using namespace syncsmart::sim;

namespace {

// A peer whose every POST/PATCH is a write we can count.
class CountingPeer final : public PeerHandler
{
public:
    QString peerName() const override { return QStringLiteral("prestashop"); }
    SimResponse handle(const SimRequest &request) override
    {
        SimResponse response;
        const bool write = request.method == "POST" || request.method == "PATCH";
        if (write)
            ++writes;
        ++handled;
        response.status = request.method == "POST" ? 201 : 200;
        response.wrote = write;
        response.operation = write ? Operation::Write : Operation::Read;
        if (request.path.endsWith(QLatin1String(".xml"))) {
            response.headers = {{"content-type", "text/xml;charset=utf-8"}};
            response.body = "<?xml version=\"1.0\"?><prestashop><product><name><![CDATA[Mug]]></name></product></prestashop>";
        } else {
            response.headers = {{"content-type", "application/json"}};
            response.body = "{\"product\":{\"id\":" + QByteArray::number(handled)
                            + ",\"name\":\"A long enough name to cut in half\"}}";
        }
        return response;
    }
    std::optional<QJsonObject> control(const QByteArray &, const QString &, const QUrlQuery &, const QByteArray &) override
    {
        return std::nullopt;
    }
    QStringList controlCommands() const override { return {}; }

    int handled = 0;
    int writes = 0;
};

class NoControl final : public ControlEndpoint
{
public:
    SimResponse handleControl(const SimRequest &) override { return SimResponse{404, {}, {}}; }
};

struct Outcome
{
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    int status = 0;
    QByteArray body;
    QByteArray retryAfter;
    qint64 elapsedMs = 0;
};

} // namespace

class TestSimFaults : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void latencyDelaysTheAnswer();
    void errorsRotateThroughServerFaultsWithoutTouchingData();
    void tooManyRequestsCarriesRetryAfter();
    void resetBeforeIsHiddenByQtsResendUnlessItStrikesTwice();
    void resetAfterAppliesTheWriteAndQtsResendAppliesItAgain();
    void hangHoldsUntilTheClientGivesUp();
    void truncatedBodyFailsTheRequest();
    void malformedBodyIsWellFramedButUnparseable();
    void invalidXmlCharactersBreakAnXmlParser();
    void downWindowRefusesConnectionsThenRecovers();
    void capacityMakesRequestsWait();
    void capacityCanRejectWith503();
    void realCostPresetChargesWrites();
    void rulesMatchPerRouteAndCountWhatTheyDid();
    void invalidRulesAreRejectedWithTheReason();

private:
    Outcome send(const QByteArray &method, const QString &path, int timeoutMs = 10000);
    QList<Outcome> sendParallel(int count, const QString &path);
    void setRules(const QByteArray &json);
    QJsonObject stats() const { return m_server->statsJson(); }

    CountingPeer *m_peer = nullptr;
    FaultPlan *m_faults = nullptr;
    NoControl m_control;
    PeerServer *m_server = nullptr;
    QNetworkAccessManager *m_network = nullptr;
};

void TestSimFaults::init()
{
    m_peer = new CountingPeer;
    m_faults = new FaultPlan(42);
    m_server = new PeerServer(m_peer, m_faults, &m_control);
    QString error;
    QVERIFY2(m_server->listenOn(QHostAddress::LocalHost, 0, &error), qPrintable(error));
    m_network = new QNetworkAccessManager;
}

void TestSimFaults::cleanup()
{
    delete m_network;
    delete m_server;
    delete m_faults;
    delete m_peer;
}

void TestSimFaults::setRules(const QByteArray &json)
{
    QString error;
    QVERIFY2(m_faults->setRules(QJsonDocument::fromJson(json).array(), QDateTime::currentMSecsSinceEpoch(), &error),
             qPrintable(error));
    m_server->updateDownState();
}

Outcome TestSimFaults::send(const QByteArray &method, const QString &path, int timeoutMs)
{
    QNetworkRequest request(QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(m_server->port()).arg(path)));
    request.setTransferTimeout(timeoutMs);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("text/xml"));
    QElapsedTimer timer;
    timer.start();
    QNetworkReply *reply = m_network->sendCustomRequest(request, method, method == "GET" ? QByteArray() : QByteArray("<x/>"));
    QSignalSpy finished(reply, &QNetworkReply::finished);
    finished.wait(timeoutMs + 5000);
    Outcome out;
    out.error = reply->error();
    out.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (reply->isOpen())
        out.body = reply->readAll();
    out.retryAfter = reply->rawHeader("Retry-After");
    out.elapsedMs = timer.elapsed();
    reply->deleteLater();
    return out;
}

QList<Outcome> TestSimFaults::sendParallel(int count, const QString &path)
{
    QList<QNetworkReply *> replies;
    for (int i = 0; i < count; ++i) {
        QNetworkRequest request(QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(m_server->port()).arg(path)));
        replies.append(m_network->get(request));
    }
    QList<Outcome> outcomes;
    for (QNetworkReply *reply : replies) {
        if (!reply->isFinished())
            QSignalSpy(reply, &QNetworkReply::finished).wait(10000);
        Outcome out;
        out.error = reply->error();
        out.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        out.retryAfter = reply->rawHeader("Retry-After");
        outcomes.append(out);
        reply->deleteLater();
    }
    return outcomes;
}

void TestSimFaults::latencyDelaysTheAnswer()
{
    setRules("[{\"kind\":\"latency\",\"latencyMs\":300}]");
    const Outcome out = send("GET", QStringLiteral("/api/products/1"));
    QCOMPARE(out.status, 200);
    QVERIFY2(out.elapsedMs >= 290, qPrintable(QString::number(out.elapsedMs)));
}

void TestSimFaults::errorsRotateThroughServerFaultsWithoutTouchingData()
{
    setRules("[{\"kind\":\"error\",\"route\":\"PATCH *\"}]");
    QList<int> statuses;
    for (int i = 0; i < 3; ++i)
        statuses << send("PATCH", QStringLiteral("/api/products/1")).status;
    QCOMPARE(statuses, (QList<int>{500, 502, 503}));
    QCOMPARE(m_peer->writes, 0);
    QCOMPARE(send("GET", QStringLiteral("/api/products/1")).status, 200);
}

void TestSimFaults::tooManyRequestsCarriesRetryAfter()
{
    setRules("[{\"kind\":\"429\",\"retryAfterSeconds\":7,\"count\":1}]");
    const Outcome first = send("GET", QStringLiteral("/api/products/1"));
    QCOMPARE(first.status, 429);
    QCOMPARE(first.retryAfter, QByteArray("7"));
    QCOMPARE(send("GET", QStringLiteral("/api/products/1")).status, 200);
    QCOMPARE(m_peer->handled, 1);
}

void TestSimFaults::resetBeforeIsHiddenByQtsResendUnlessItStrikesTwice()
{
    setRules("[{\"kind\":\"reset-before\",\"route\":\"POST *\",\"count\":1}]");
    const Outcome once = send("POST", QStringLiteral("/api/products"));
    QCOMPARE(once.status, 201); // Qt re-sent by itself, the second attempt went through
    QCOMPARE(m_peer->writes, 1);
    QCOMPARE(stats().value(QStringLiteral("resets")).toInt(), 1);

    setRules("[{\"kind\":\"reset-before\",\"route\":\"POST *\",\"count\":2}]");
    const Outcome twice = send("POST", QStringLiteral("/api/products"));
    QVERIFY2(twice.error != QNetworkReply::NoError, "both attempts were reset: the client must see an error");
    QCOMPARE(m_peer->writes, 1); // nothing new took effect
}

void TestSimFaults::resetAfterAppliesTheWriteAndQtsResendAppliesItAgain()
{
    setRules("[{\"kind\":\"reset-after\",\"route\":\"POST /api/products\",\"count\":1}]");
    const Outcome out = send("POST", QStringLiteral("/api/products"));
    QCOMPARE(out.status, 201);
    QCOMPARE(m_peer->writes, 2); // the lost answer's write plus Qt's silent re-send: a duplicate create

    setRules("[{\"kind\":\"reset-after\",\"route\":\"POST /api/products\",\"count\":2}]");
    const Outcome failed = send("POST", QStringLiteral("/api/products"));
    QVERIFY(failed.error != QNetworkReply::NoError);
    QCOMPARE(m_peer->writes, 4); // both attempts took effect although the client saw a failure
}

void TestSimFaults::hangHoldsUntilTheClientGivesUp()
{
    setRules("[{\"kind\":\"hang\",\"count\":1}]");
    const Outcome out = send("GET", QStringLiteral("/api/products/1"), 400);
    QCOMPARE(out.error, QNetworkReply::OperationCanceledError);
    QCOMPARE(stats().value(QStringLiteral("hangs")).toInt(), 1);
    QTRY_COMPARE(stats().value(QStringLiteral("inFlight")).toInt(), 0);
    QCOMPARE(send("GET", QStringLiteral("/api/products/1")).status, 200);
}

void TestSimFaults::truncatedBodyFailsTheRequest()
{
    setRules("[{\"kind\":\"truncate\",\"count\":2}]");
    const Outcome out = send("GET", QStringLiteral("/api/products/1"));
    QVERIFY2(out.error != QNetworkReply::NoError, qPrintable(QString::number(out.error)));
}

void TestSimFaults::malformedBodyIsWellFramedButUnparseable()
{
    setRules("[{\"kind\":\"malformed\",\"count\":1}]");
    const Outcome out = send("GET", QStringLiteral("/api/products/1"));
    QCOMPARE(out.status, 200);
    QJsonParseError error;
    QJsonDocument::fromJson(out.body, &error);
    QVERIFY(error.error != QJsonParseError::NoError);
    const Outcome next = send("GET", QStringLiteral("/api/products/1"));
    QJsonDocument::fromJson(next.body, &error);
    QCOMPARE(error.error, QJsonParseError::NoError);
}

void TestSimFaults::invalidXmlCharactersBreakAnXmlParser()
{
    setRules("[{\"kind\":\"invalid-xml-chars\",\"count\":1}]");
    const Outcome out = send("GET", QStringLiteral("/api/products/1.xml"));
    QCOMPARE(out.status, 200);
    QXmlStreamReader xml(out.body);
    while (!xml.atEnd())
        xml.readNext();
    QVERIFY(xml.hasError());
    QCOMPARE(xml.error(), QXmlStreamReader::NotWellFormedError);
}

void TestSimFaults::downWindowRefusesConnectionsThenRecovers()
{
    setRules("[{\"kind\":\"down\",\"forMs\":600}]");
    QVERIFY(!m_server->isUp());
    const Outcome during = send("GET", QStringLiteral("/api/products/1"), 2000);
    QCOMPARE(during.error, QNetworkReply::ConnectionRefusedError);
    QTRY_VERIFY_WITH_TIMEOUT(m_server->isUp(), 3000);
    QCOMPARE(send("GET", QStringLiteral("/api/products/1")).status, 200);
}

void TestSimFaults::capacityMakesRequestsWait()
{
    m_server->limits().capacity = 2;
    setRules("[{\"kind\":\"latency\",\"latencyMs\":150}]");
    QElapsedTimer timer;
    timer.start();
    const QList<Outcome> outcomes = sendParallel(6, QStringLiteral("/api/products/1"));
    for (const Outcome &out : outcomes)
        QCOMPARE(out.status, 200);
    QVERIFY2(timer.elapsed() >= 3 * 150 - 20, "6 requests, 2 at a time, 150 ms each: at least three rounds");
    QCOMPARE(stats().value(QStringLiteral("maxInFlight")).toInt(), 6);
    QCOMPARE(stats().value(QStringLiteral("maxWaiting")).toInt(), 4);
}

void TestSimFaults::capacityCanRejectWith503()
{
    m_server->limits().capacity = 2;
    m_server->limits().rejectBeyondCapacity = true;
    setRules("[{\"kind\":\"latency\",\"latencyMs\":200}]");
    const QList<Outcome> outcomes = sendParallel(6, QStringLiteral("/api/products/1"));
    int ok = 0, rejected = 0;
    for (const Outcome &out : outcomes) {
        ok += out.status == 200 ? 1 : 0;
        if (out.status == 503) {
            ++rejected;
            QCOMPARE(out.retryAfter, QByteArray("1"));
        }
    }
    QCOMPARE(ok, 2);
    QCOMPARE(rejected, 4);
    QCOMPARE(m_peer->handled, 2);
}

void TestSimFaults::realCostPresetChargesWrites()
{
    QVERIFY(!applyCostSpec(QStringLiteral("real"), &m_server->limits()));
    const Outcome write = send("PATCH", QStringLiteral("/api/products/1"));
    QCOMPARE(write.status, 200);
    QVERIFY2(write.elapsedMs >= 45, qPrintable(QString::number(write.elapsedMs))); // PATCH product ~48 ms
    QVERIFY(applyCostSpec(QStringLiteral("fast"), &m_server->limits()).has_value());
}

void TestSimFaults::rulesMatchPerRouteAndCountWhatTheyDid()
{
    setRules("[{\"kind\":\"error\",\"status\":500,\"route\":\"PATCH /api/stock_availables/*\"}]");
    QCOMPARE(send("PATCH", QStringLiteral("/api/products/1")).status, 200);
    QCOMPARE(send("PATCH", QStringLiteral("/api/stock_availables/3")).status, 500);
    QCOMPARE(send("GET", QStringLiteral("/api/stock_availables/3")).status, 200);
    const QJsonObject rule = m_faults->toJson().at(0).toObject();
    QCOMPARE(rule.value(QStringLiteral("seen")).toInt(), 1);
    QCOMPARE(rule.value(QStringLiteral("struck")).toInt(), 1);
    const QJsonObject byRoute = stats().value(QStringLiteral("byRoute")).toObject();
    QCOMPARE(byRoute.value(QStringLiteral("PATCH /api/stock_availables/{id}")).toInt(), 1);
}

void TestSimFaults::invalidRulesAreRejectedWithTheReason()
{
    QString error;
    QVERIFY(!m_faults->setRules(QJsonDocument::fromJson("[{\"kind\":\"explode\"}]").array(), 0, &error));
    QVERIFY2(error.contains(QLatin1String("rule 1")) && error.contains(QLatin1String("reset-after")), qPrintable(error));
    QVERIFY(!m_faults->setRules(QJsonDocument::fromJson("[{\"kind\":\"error\",\"rate\":2}]").array(), 0, &error));
    QVERIFY2(error.contains(QLatin1String("between 0 and 1")), qPrintable(error));
    QVERIFY(!m_faults->setRules(QJsonDocument::fromJson("[{\"kind\":\"down\"}]").array(), 0, &error));
    QVERIFY2(error.contains(QLatin1String("forMs")), qPrintable(error));
    QVERIFY(!m_faults->setRules(QJsonDocument::fromJson("[{\"kind\":\"error\",\"pear\":\"odoo\"}]").array(), 0, &error));
    QVERIFY2(error.contains(QLatin1String("pear")), qPrintable(error));
}

QTEST_MAIN(TestSimFaults)
#include "tst_simfaults.moc"
