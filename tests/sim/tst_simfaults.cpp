// Every fault of the injector, observed from a real HTTP client over loopback: what the client
// sees and what the server did (did the write take effect, how many times).
#include "common/effectlog.h"
#include "common/seed.h"
#include "common/simclock.h"
#include "odoo/odoosim.h"
#include "prestashop/prestashopsim.h"
#include "server/faults.h"
#include "server/peerserver.h"

#include <QJsonArray>
#include <QRandomGenerator>

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
    void malformedRequestsGetErrorsNeverACrash();

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
    setRules("[{\"kind\":\"down\",\"forMs\":1500}]");
    QVERIFY(!m_server->isUp());
    const Outcome during = send("GET", QStringLiteral("/api/products/1"), 2000);
    QCOMPARE(during.error, QNetworkReply::ConnectionRefusedError);
    QTRY_VERIFY_WITH_TIMEOUT(m_server->isUp(), 5000);
    QCOMPARE(send("GET", QStringLiteral("/api/products/1")).status, 200);
}

void TestSimFaults::capacityMakesRequestsWait()
{
    m_server->limits().capacity = 2;
    setRules("[{\"kind\":\"latency\",\"latencyMs\":500}]");
    QElapsedTimer timer;
    timer.start();
    const QList<Outcome> outcomes = sendParallel(6, QStringLiteral("/api/products/1"));
    for (const Outcome &out : outcomes)
        QCOMPARE(out.status, 200);
    QVERIFY2(timer.elapsed() >= 3 * 500 - 20, "6 requests, 2 at a time, 500 ms each: at least three rounds");
    QCOMPARE(stats().value(QStringLiteral("maxInFlight")).toInt(), 6);
    QCOMPARE(stats().value(QStringLiteral("maxWaiting")).toInt(), 4);
}

void TestSimFaults::capacityCanRejectWith503()
{
    m_server->limits().capacity = 2;
    m_server->limits().rejectBeyondCapacity = true;
    setRules("[{\"kind\":\"latency\",\"latencyMs\":800}]");
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
    // jitterMs + 1 overflowed an int; the sum of latencies is a QTimer interval.
    QVERIFY(!m_faults->setRules(
        QJsonDocument::fromJson("[{\"kind\":\"latency\",\"jitterMs\":2147483647}]").array(), 0, &error));
    QVERIFY2(error.contains(QLatin1String("at most 3600000")), qPrintable(error));
}

// Mutated requests, each broken on purpose in one way, fed to both real handlers in process: every
// answer must be the error the real peer gives (4xx/5xx, or an Odoo error object), never a crash.
void TestSimFaults::malformedRequestsGetErrorsNeverACrash()
{
    QRandomGenerator random(20261203);
    auto pick = [&random](const QList<QByteArray> &from) {
        return from.at(int(random.bounded(from.size())));
    };
    SeedSpec spec;
    spec.products = 30;
    spec.seed = 5;
    spec.combinationsShare = 0.3;
    const SeedCatalog seed(spec);
    EffectLog effects;
    SimClock clock;
    const QByteArray shopKey = "FUZZKEY0123456789ABCDEF012345678";
    PrestaShopOptions shopOptions;
    shopOptions.apiKey = QString::fromLatin1(shopKey);
    PrestaShopSim shop(seed, effects, clock, shopOptions);
    OdooOptions erpOptions;
    erpOptions.apiKey = QStringLiteral("fuzz-key");
    OdooSim erp(seed, effects, clock, erpOptions);

    const QList<QByteArray> noise{
        "[1|2]", "[1,5]", ">[2026-01-01 00:00:00]", "![1]", "[SKU]%", "[",        "]",    "[]",
        "-1",    "-5,3",  "99999999999999999999",   "0,0",  "%FF",    "\xff\xfe", "[id]", "full"};
    const QList<QByteArray> noiseKeys{"limit",      "sort",          "date",   "language",
                                      "filter[id]", "output_format", "id_shop"};
    const QList<QByteArray> resources{"products", "stock_availables", "combinations", "orders", "customers"};
    const QByteArray validXml = "<prestashop><product><id>3</id><price>9.5</price><name><language id=\"1\">N"
                                "</language></name></product></prestashop>";
    for (int i = 0; i < 300; ++i) {
        SimRequest r;
        r.method = pick({"GET", "GET", "PATCH", "PUT", "POST"});
        r.path = QStringLiteral("/api/") + QString::fromLatin1(pick(resources));
        if (random.bounded(2))
            r.path += QStringLiteral("/") +
                      QString::fromLatin1(pick({"1", "3", "0", "-1", "abc", "99999999999999999999"}));
        QByteArray query = "output_format=JSON&";
        for (int n = int(random.bounded(3)); n > 0; --n)
            query += pick(noiseKeys) + '=' + pick(noise).toPercentEncoding() + '&';
        QByteArray key = shopKey;
        QByteArray body = validXml;
        int expected = 400; // the least status the broken part yields
        // Lists break in the query (0-5), one object only in display (a GET by id reads no filter,
        // sort or limit), writes in the key, the resource or the body.
        const int detailBreakages[] = {0, 1, 5}, writeBreakages[] = {0, 5, 6, 7, 8};
        const bool list = r.path.count(QLatin1Char('/')) == 2;
        switch (r.method != "GET" ? writeBreakages[random.bounded(5)]
                : list            ? int(random.bounded(6))
                                  : detailBreakages[random.bounded(3)]) {
        case 0:
            key = pick({"", "short", "WRONGKEYWRONGKEYWRONGKEYWRONGKEY"});
            expected = 401;
            break;
        case 1:
            query += "display=[id,nope]&";
            break;
        case 2:
            query += "filter[nope]=[1]&";
            break;
        case 3:
            query += "sort=[id_SIDEWAYS]&";
            break;
        case 4:
            query += "limit=1,2,3&";
            break;
        case 5:
            r.path = QStringLiteral("/api/nope");
            break;
        case 6:
            body = body.left(qsizetype(random.bounded(body.size() - 1)));
            expected = 500;
            break;
        case 7:
            body = "{\"product\": {\"id\": 3}}";
            expected = 500;
            break;
        default:
            body = "<prestashop><product><id>3</id>" + QByteArray("<x>").repeated(400) + "</product>";
            expected = 500;
            break;
        }
        r.query = decodeQuery(query);
        r.headers.emplace_back("authorization", "Basic " + (key + ':').toBase64());
        if (r.method != "GET")
            r.body = body;
        const SimResponse answer = shop.handle(r);
        QVERIFY2(answer.status >= std::min(expected, 400) && answer.status < 600,
                 qPrintable(QStringLiteral("%1 %2?%3 -> %4")
                                .arg(QString::fromLatin1(r.method), r.path, QString::fromLatin1(query))
                                .arg(answer.status)));
        if (answer.body.startsWith('{') || answer.body.startsWith('['))
            QVERIFY2(!QJsonDocument::fromJson(answer.body).isNull(), answer.body.left(300).constData());
    }

    const QList<QByteArray> models{"product.product", "stock.quant", "sale.order", "res.partner",
                                   "account.move"};
    const QList<QJsonValue> junk{QJsonValue(),
                                 true,
                                 1e300,
                                 -1e300,
                                 -1,
                                 QStringLiteral("\u00e9"),
                                 QJsonArray{},
                                 QJsonObject{},
                                 QJsonArray{1, QStringLiteral("x")}};
    for (int i = 0; i < 300; ++i) {
        QJsonArray domain{QJsonArray{QStringLiteral("id"), QStringLiteral(">"), 0}};
        QJsonObject kwargs{{QStringLiteral("limit"), junk.at(int(random.bounded(junk.size())))},
                           {QStringLiteral("offset"), junk.at(int(random.bounded(junk.size())))}};
        QString method = QStringLiteral("search_read");
        QString model = QString::fromLatin1(pick(models));
        QString apiKey = erpOptions.apiKey;
        QJsonArray positional{domain};
        QByteArray contentType = "application/json";
        const int breakage = int(random.bounded(10));
        switch (breakage) {
        case 0:
            apiKey = QStringLiteral("wrong");
            break;
        case 1:
            model = QStringLiteral("no.such.model");
            break;
        case 2:
            method = pick({"_create_invoices", "nope", "action_explode"});
            break;
        case 3:
            positional = QJsonArray{QJsonArray{QJsonArray{QStringLiteral("nope"), QStringLiteral("="), 1}}};
            break;
        case 4:
            positional = QJsonArray{QJsonArray{QJsonArray{QStringLiteral("id"), QStringLiteral("~"), 1}}};
            break;
        case 5:
            positional = QJsonArray{QJsonObject{{QStringLiteral("a"), 1}}};
            break;
        case 6:
            kwargs.insert(QStringLiteral("fields"), QJsonArray{QStringLiteral("nope")});
            break;
        case 7:
            kwargs.insert(QStringLiteral("order"), QStringLiteral("nope asc"));
            break;
        case 8:
            method = QStringLiteral("write");
            positional = QJsonArray{QJsonArray{1e300, -1}, QJsonObject{}};
            break;
        default:
            contentType = pick({"", "text/plain"});
            break;
        }
        const QJsonObject call{
            {QStringLiteral("jsonrpc"), QStringLiteral("2.0")},
            {QStringLiteral("id"), i},
            {QStringLiteral("params"),
             QJsonObject{{QStringLiteral("service"), QStringLiteral("object")},
                         {QStringLiteral("method"), QStringLiteral("execute_kw")},
                         {QStringLiteral("args"), QJsonArray{QStringLiteral("syncsmart"), 2, apiKey, model,
                                                             method, positional, kwargs}}}}};
        SimRequest r;
        r.method = "POST";
        r.path = QStringLiteral("/jsonrpc");
        r.headers = {{"content-type", contentType}};
        r.body = QJsonDocument(call).toJson(QJsonDocument::Compact);
        if (random.bounded(4) == 0) // and sometimes the body itself is broken too
            r.body = pick(
                {r.body.left(r.body.size() / 2), "[" + r.body + "]", "\"x\"", QByteArray("{\"id\": \xff}")});
        const SimResponse answer = erp.handle(r);
        if (answer.status == 400) {
            QVERIFY(answer.body.contains("Invalid JSON") || answer.body.contains("Request inferred type"));
            continue;
        }
        QCOMPARE(answer.status, 200);
        const QJsonObject reply = QJsonDocument::fromJson(answer.body).object();
        QCOMPARE(reply.value(QStringLiteral("jsonrpc")).toString(), QStringLiteral("2.0"));
        QVERIFY2(!reply.contains(QStringLiteral("result")) && !reply.value(QStringLiteral("error"))
                                                                   .toObject()
                                                                   .value(QStringLiteral("data"))
                                                                   .toObject()
                                                                   .value(QStringLiteral("name"))
                                                                   .toString()
                                                                   .isEmpty(),
                 qPrintable(QStringLiteral("breakage %1: %2")
                                .arg(breakage)
                                .arg(QString::fromUtf8(answer.body.left(300)))));
    }
}

QTEST_MAIN(TestSimFaults)
#include "tst_simfaults.moc"
