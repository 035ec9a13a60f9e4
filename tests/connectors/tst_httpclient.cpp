#include "tst_httpsupport.h"

#include "simprocess.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QSignalSpy>
#include <QtTest>

using namespace syncsmart;
using namespace syncsmart::testing;

namespace {

bool hasCategory(const Result<HttpResponse> &result, ErrorCategory category)
{
    return !result && result.error().category == category;
}

} // namespace

// HttpClient against syncsmart-sim over loopback: every fault kind of the simulator ends in the right
// error category with a text that names the peer and the operation, the in-flight and rate limits
// hold, and the circuit breaker opens on an outage and closes after it.
class TestHttpClient : public QObject
{
    Q_OBJECT

    SimProcess m_sim;
    SystemClock m_clock;
    std::shared_ptr<Redactor> m_redactor = std::make_shared<Redactor>();

    PeerEndpoint endpoint(int maxInFlight = 4, double requestsPerSecond = 0) const
    {
        PeerEndpoint e;
        e.peerName = QStringLiteral("PrestaShop");
        e.baseUrl = QUrl(m_sim.prestashopUrl());
        e.limits.maxInFlight = maxInFlight;
        e.limits.requestsPerSecond = requestsPerSecond;
        e.breaker.failureThreshold = 1000; // only the breaker test wants it to open
        return e;
    }

    HttpRequest
    products(const QString &pathAndQuery = QStringLiteral("products?display=[id,reference]&limit=5"),
             const QString &key = {}) const
    {
        HttpRequest r;
        r.url = QUrl(m_sim.prestashopUrl() + pathAndQuery);
        r.headers.append(
            {"Authorization", "Basic " + (key.isEmpty() ? m_sim.prestashopKey() : key).toUtf8().toBase64()});
        r.operation = QStringLiteral("read products");
        r.record = QStringLiteral("SKU-000001");
        return r;
    }

    void addFault(const QString &kind, QJsonObject extra = {})
    {
        extra.insert(QStringLiteral("peer"), QStringLiteral("prestashop"));
        extra.insert(QStringLiteral("route"), QStringLiteral("GET /api/products*"));
        extra.insert(QStringLiteral("kind"), kind);
        const QJsonObject added = m_sim.addFault(extra);
        QVERIFY2(!added.isEmpty(), qPrintable(kind));
    }

    // The text a person reads names the peer, what was done and to which record.
    static void checkNamed(const Result<HttpResponse> &result)
    {
        QVERIFY(!result);
        const Error &e = result.error();
        QVERIFY2(e.message.startsWith(QStringLiteral("PrestaShop: read products SKU-000001: ")),
                 qPrintable(e.message));
        QCOMPARE(e.context.value(QStringLiteral("peer")).toString(), QStringLiteral("PrestaShop"));
        QCOMPARE(e.context.value(QStringLiteral("record")).toString(), QStringLiteral("SKU-000001"));
        QVERIFY(e.context.value(QStringLiteral("request"))
                    .toString()
                    .startsWith(QStringLiteral("GET http://127.0.0.1:")));
    }

private Q_SLOTS:
    void initTestCase()
    {
        const QString error = m_sim.start(50);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        m_redactor->addSecret(m_sim.prestashopKey());
    }

    void init()
    {
        m_sim.clearFaults();
        m_sim.resetStats();
    }

    void parseRetryAfterReadsSecondsAndDates()
    {
        const qint64 now = QDateTime(QDate(2026, 1, 1), QTime(12, 0), Qt::UTC).toMSecsSinceEpoch();
        QCOMPARE(parseRetryAfter("7", now).value_or(-1), 7000);
        QCOMPARE(parseRetryAfter(" 0 ", now).value_or(-1), 0);
        QCOMPARE(parseRetryAfter("Thu, 01 Jan 2026 12:00:30 GMT", now).value_or(-1), 30'000);
        QCOMPARE(parseRetryAfter("Thu, 01 Jan 2026 11:00:00 GMT", now).value_or(-1), 0); // in the past: now
        QVERIFY(!parseRetryAfter("", now));
        QVERIFY(!parseRetryAfter("soon", now));
        QVERIFY(!parseRetryAfter("-5", now));
    }

    void aNormalAnswerSucceedsWithLatency()
    {
        addFault(QStringLiteral("latency"),
                 {{QStringLiteral("latencyMs"), 150}, {QStringLiteral("count"), 1}});
        auto client = makeClient(endpoint(), m_redactor, m_clock);
        const auto result = sendAndWait(*client, products());
        QVERIFY2(result, qPrintable(describeResult(result)));
        QCOMPARE(result->status, 200);
        QVERIFY(result->body.contains("SKU-"));
        QVERIFY(result->elapsedMs >= 150);
        QCOMPARE(client->stats().succeeded, 1);
        QCOMPARE(client->stats().sent, 1);
        QCOMPARE(client->stats().managers, 1);
        QVERIFY(client->stats().recentLatencyMs >= 150);
        QCOMPARE(client->stats().inFlight, 0);
    }

    void theCallbackIsNeverCalledInsideSend()
    {
        auto client = makeClient(endpoint(), m_redactor, m_clock);
        HttpRequest request = products();
        request.url.setPort(closedPort());
        int calls = 0;
        client->send(request, [&calls](Result<HttpResponse>) { ++calls; });
        QCOMPARE(calls, 0);
        QTRY_COMPARE_WITH_TIMEOUT(calls, 1, 30'000);
        QTest::qWait(50);
        QCOMPARE(calls, 1);
    }

    void serverFaultsAreTransient_data()
    {
        QTest::addColumn<int>("status");
        QTest::newRow("500") << 500;
        QTest::newRow("502") << 502;
        QTest::newRow("503") << 503;
    }
    void serverFaultsAreTransient()
    {
        QFETCH(int, status);
        addFault(QStringLiteral("error"), {{QStringLiteral("status"), status}, {QStringLiteral("count"), 1}});
        auto client = makeClient(endpoint(), m_redactor, m_clock);
        const auto result = sendAndWait(*client, products());
        QVERIFY2(hasCategory(result, ErrorCategory::Transient), qPrintable(describeResult(result)));
        checkNamed(result);
        QCOMPARE(result.error().context.value(QStringLiteral("httpStatus")).toInt(), status);
        QVERIFY(result.error().message.contains(QString::number(status)));
        QVERIFY(result.error().message.contains(QStringLiteral("retry")));
        if (status == 503)
            QCOMPARE(result.error().context.value(QStringLiteral("retryAfterMs")).toLongLong(), 1000);
    }

    void tooManyRequestsCarriesRetryAfter()
    {
        addFault(QStringLiteral("429"),
                 {{QStringLiteral("retryAfterSeconds"), 7}, {QStringLiteral("count"), 1}});
        auto client = makeClient(endpoint(), m_redactor, m_clock);
        const auto result = sendAndWait(*client, products());
        QVERIFY2(hasCategory(result, ErrorCategory::Transient), qPrintable(describeResult(result)));
        checkNamed(result);
        QCOMPARE(result.error().code, QStringLiteral("http.rate_limited"));
        QCOMPARE(result.error().context.value(QStringLiteral("retryAfterMs")).toLongLong(), 7000);
    }

    void retryAfterHoldsTheNextRequests()
    {
        addFault(QStringLiteral("429"), {{QStringLiteral("retryAfterSeconds"), 1}, {QStringLiteral("count"), 1}});
        auto client = makeClient(endpoint(), m_redactor, m_clock);
        const auto first = sendAndWait(*client, products());
        QVERIFY2(hasCategory(first, ErrorCategory::Transient), qPrintable(describeResult(first)));
        QElapsedTimer held;
        held.start();
        const auto second = sendAndWait(*client, products());
        QVERIFY2(second, qPrintable(describeResult(second)));
        // The peer asked for a second: the next request did not go before (a lower bound only).
        QVERIFY2(held.elapsed() >= 900, qPrintable(QString::number(held.elapsed())));
    }

    void overloadAnswersDoNotOpenTheCircuit()
    {
        // A 429 is paced, not an outage; a 500 the classifier marks peerAlive is one record's problem.
        addFault(QStringLiteral("429"), {{QStringLiteral("retryAfterSeconds"), 0}, {QStringLiteral("count"), 3}});
        PeerEndpoint e = endpoint();
        e.breaker.failureThreshold = 2;
        auto client = makeClient(e, m_redactor, m_clock);
        for (int i = 0; i < 3; ++i) {
            const auto result = sendAndWait(*client, products());
            QVERIFY2(hasCategory(result, ErrorCategory::Transient), qPrintable(describeResult(result)));
        }
        QVERIFY(client->breaker().state() == CircuitBreaker::State::Closed);
        m_sim.clearFaults();
        addFault(QStringLiteral("error"), {{QStringLiteral("status"), 502}, {QStringLiteral("count"), 2}});
        for (int i = 0; i < 2; ++i)
            QVERIFY(hasCategory(sendAndWait(*client, products()), ErrorCategory::Transient));
        QVERIFY(client->breaker().state() != CircuitBreaker::State::Closed); // 502s are an outage
    }

    void resetsAreTransient_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::newRow("reset-before") << QStringLiteral("reset-before");
        QTest::newRow("reset-after") << QStringLiteral("reset-after");
    }
    void resetsAreTransient()
    {
        QFETCH(QString, kind);
        // count 2: Qt re-sends a request once by itself after a reset; the second reset reaches us.
        addFault(kind, {{QStringLiteral("count"), 2}});
        auto client = makeClient(endpoint(), m_redactor, m_clock);
        const auto result = sendAndWait(*client, products());
        QVERIFY2(hasCategory(result, ErrorCategory::Transient), qPrintable(describeResult(result)));
        checkNamed(result);
        QVERIFY2(result.error().message.contains(QStringLiteral("closed the connection")),
                 qPrintable(result.error().message));
        // A third request goes through: the fault is spent, the client is fine.
        const auto after = sendAndWait(*client, products());
        QVERIFY2(after, qPrintable(describeResult(after)));
    }

    void aHangingServerTimesOut_data()
    {
        QTest::addColumn<int>("idleMs");
        QTest::addColumn<int>("totalMs");
        QTest::addColumn<QString>("which");
        QTest::newRow("idle") << 400 << 60'000 << QStringLiteral("400 ms (idle timeout)");
        QTest::newRow("total") << 60'000 << 600 << QStringLiteral("600 ms (total timeout)");
    }
    void aHangingServerTimesOut()
    {
        QFETCH(int, idleMs);
        QFETCH(int, totalMs);
        QFETCH(QString, which);
        addFault(QStringLiteral("hang"), {{QStringLiteral("count"), 1}});
        PeerEndpoint e = endpoint();
        e.limits.idleTimeoutMs = idleMs;
        e.limits.totalTimeoutMs = totalMs;
        auto client = makeClient(e, m_redactor, m_clock);
        const auto result = sendAndWait(*client, products());
        QVERIFY2(hasCategory(result, ErrorCategory::Transient), qPrintable(describeResult(result)));
        checkNamed(result);
        QCOMPARE(result.error().code, QStringLiteral("http.timeout"));
        QVERIFY2(result.error().message.contains(which), qPrintable(result.error().message));
    }

    void aTruncatedAnswerIsTransient()
    {
        addFault(QStringLiteral("truncate"), {{QStringLiteral("count"), 1}});
        auto client = makeClient(endpoint(), m_redactor, m_clock);
        const auto result = sendAndWait(*client, products());
        QVERIFY2(hasCategory(result, ErrorCategory::Transient), qPrintable(describeResult(result)));
        checkNamed(result);
    }

    void aPeerThatIsDownIsTransient()
    {
        addFault(QStringLiteral("down"), {{QStringLiteral("forMs"), 60'000}});
        auto client = makeClient(endpoint(), m_redactor, m_clock);
        std::optional<Result<HttpResponse>> refused;
        for (int i = 0; i < 100 && !refused; ++i) { // the simulator closes its port within 50 ms
            auto result = sendAndWait(*client, products());
            if (!result && result.error().code == QLatin1String("http.refused"))
                refused.emplace(std::move(result));
            else
                QTest::qWait(20);
        }
        m_sim.clearFaults();
        QVERIFY(refused);
        QVERIFY(hasCategory(*refused, ErrorCategory::Transient));
        checkNamed(*refused);
        QVERIFY2(refused->error().message.contains(QStringLiteral("refused")),
                 qPrintable(refused->error().message));
    }

    void aWrongKeyIsAnAuthError()
    {
        auto client = makeClient(endpoint(), m_redactor, m_clock);
        const QString wrongKey(32, QLatin1Char('W'));
        const auto result = sendAndWait(*client, products({}, wrongKey));
        QVERIFY2(hasCategory(result, ErrorCategory::Auth), qPrintable(describeResult(result)));
        checkNamed(result);
        QVERIFY(result.error().message.contains(QStringLiteral("401")));
        QVERIFY(result.error().message.contains(QStringLiteral("API key")));
    }

    void anUnknownRecordIsPermanent()
    {
        auto client = makeClient(endpoint(), m_redactor, m_clock);
        const auto result = sendAndWait(*client, products(QStringLiteral("products/987654")));
        QVERIFY2(hasCategory(result, ErrorCategory::Permanent), qPrintable(describeResult(result)));
        checkNamed(result);
        QCOMPARE(result.error().code, QStringLiteral("http.not_found"));
    }

    void anUnresolvableHostIsAConfigError()
    {
        auto client = makeClient(endpoint(), m_redactor, m_clock);
        HttpRequest request = products();
        request.url = QUrl(QStringLiteral("http://nonexistent.invalid/api/products"));
        const auto result = sendAndWait(*client, request);
        QVERIFY2(hasCategory(result, ErrorCategory::Config), qPrintable(describeResult(result)));
        QVERIFY(result.error().message.contains(QStringLiteral("nonexistent.invalid")));
        QVERIFY(result.error().message.contains(QStringLiteral("check the URL in the profile")));
    }

    void aRedirectIsAConfigErrorAndIsNotFollowed()
    {
        FixedAnswerServer server("HTTP/1.1 302 Found\r\nLocation: https://shop.example.com/api/products\r\n"
                                 "Content-Length: 0\r\nConnection: close\r\n\r\n");
        PeerEndpoint e = endpoint();
        e.baseUrl = QUrl(server.url());
        auto client = makeClient(e, m_redactor, m_clock);
        HttpRequest request = products();
        request.method = "POST"; // a followed POST could create twice
        request.url = QUrl(server.url(QStringLiteral("/api/products")));
        request.headers.append(qMakePair(QByteArray("Content-Type"), QByteArray("application/xml")));
        request.body = "<prestashop/>";
        const auto result = sendAndWait(*client, request);
        QVERIFY2(hasCategory(result, ErrorCategory::Config), qPrintable(describeResult(result)));
        QCOMPARE(result.error().code, QStringLiteral("http.redirect"));
        QVERIFY2(result.error().message.contains(
                     QStringLiteral("set the URL in the profile to https://shop.example.com/api/")),
                 qPrintable(result.error().message));
        QCOMPARE(server.requests(), 1);
    }

    void compressedAnswersAreDecodedAndTheClientSaysWhoItIs()
    {
        QByteArray plain;
        for (int i = 1; i <= 200; ++i)
            plain += "<product><reference>SKU-" + QByteArray::number(i).rightJustified(6, '0') +
                     "</reference></product>";
        const QByteArray deflated = qCompress(plain).mid(4); // a zlib stream: HTTP's "deflate"
        FixedAnswerServer server("HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Encoding: deflate\r\n"
                                 "Content-Length: " +
                                 QByteArray::number(deflated.size()) + "\r\nConnection: close\r\n\r\n" +
                                 deflated);
        auto client = makeClient(endpoint(), m_redactor, m_clock);
        HttpRequest request = products();
        request.url = QUrl(server.url(QStringLiteral("/api/products")));
        const auto result = sendAndWait(*client, request);
        QVERIFY2(result, qPrintable(describeResult(result)));
        QCOMPARE(result->body, plain);
        const QString head = QString::fromLatin1(server.lastRequest());
        const QString shown = m_redactor->redact(head); // the head holds the key
        // Qt asks for compressed answers (and decodes them) only while nobody sets Accept-Encoding by hand.
        QVERIFY2(head.contains(QRegularExpression(QStringLiteral("\\r\\naccept-encoding: [^\\r]*deflate"),
                                                  QRegularExpression::CaseInsensitiveOption)),
                 qPrintable(shown));
        QVERIFY2(head.contains(QStringLiteral("\r\nUser-Agent: SyncSmart/"), Qt::CaseInsensitive),
                 qPrintable(shown));
    }

    void atMostMaxInFlightReachThePeer_data()
    {
        QTest::addColumn<int>("limit");
        QTest::addColumn<int>("managers");
        QTest::newRow("3") << 3 << 1;
        QTest::newRow("8") << 8 << 2;
    }
    void atMostMaxInFlightReachThePeer()
    {
        QFETCH(int, limit);
        QFETCH(int, managers);
        addFault(QStringLiteral("latency"), {{QStringLiteral("latencyMs"), 300}});
        auto client = makeClient(endpoint(limit), m_redactor, m_clock);
        QCOMPARE(client->stats().managers, managers);
        const int total = 3 * limit;
        int ok = 0;
        int answered = 0;
        for (int i = 0; i < total; ++i)
            client->send(products(), [&](Result<HttpResponse> r) {
                ++answered;
                ok += r ? 1 : 0;
            });
        QVERIFY(client->stats().waiting == total);
        QTRY_COMPARE_WITH_TIMEOUT(answered, total, 120'000);
        QCOMPARE(ok, total);
        const QJsonObject stats = m_sim.stats().value(QStringLiteral("prestashop")).toObject();
        const qint64 seen = stats.value(QStringLiteral("maxInFlight")).toInteger();
        qInfo("limit %d: the peer saw at most %lld in flight; the client %d", limit, seen,
              client->stats().maxInFlightSeen);
        QVERIFY2(seen <= limit, qPrintable(QString::number(seen)));
        QCOMPARE(client->stats().maxInFlightSeen, limit);
        QVERIFY2(seen == limit, qPrintable(QString::number(seen))); // all of them were used
    }

    void theRateLimitHolds()
    {
        const int n = 12;
        const double rate = 10;
        const int burst = 2;
        PeerEndpoint e = endpoint(4, rate);
        e.limits.burst = burst;
        auto client = makeClient(e, m_redactor, m_clock);
        int answered = 0;
        int ok = 0;
        QElapsedTimer timer;
        timer.start();
        for (int i = 0; i < n; ++i)
            client->send(products(), [&](Result<HttpResponse> r) {
                ++answered;
                ok += r ? 1 : 0;
            });
        QTRY_COMPARE_WITH_TIMEOUT(answered, n, 60'000);
        QCOMPARE(ok, n);
        const qint64 ms = timer.elapsed();
        qInfo("%d requests at %.0f/s (burst %d) took %lld ms; the bound is at least %.0f ms", n, rate, burst,
              ms, (n - burst) / rate * 1000);
        QVERIFY(ms >= qint64((n - burst) / rate * 1000) - 5); // timer granularity
    }

    void theCircuitOpensDuringAnOutageAndClosesAfterIt()
    {
        PeerEndpoint e = endpoint();
        e.breaker.failureThreshold = 3;
        e.breaker.openMs = 300;
        e.breaker.maxOpenMs = 600;
        auto client = makeClient(e, m_redactor, m_clock);
        client->setHealthProbe(products(QStringLiteral("products?display=[id]&limit=1")));
        QSignalSpy spy(client.get(), &HttpClient::breakerStateChanged);
        addFault(QStringLiteral("down"), {{QStringLiteral("forMs"), 2500}});

        std::optional<Result<HttpResponse>> fastFailure;
        for (int i = 0; i < 200 && !fastFailure; ++i) {
            auto result = sendAndWait(*client, products());
            if (!result && result.error().code == QLatin1String("circuit.open"))
                fastFailure.emplace(std::move(result));
            else
                QTest::qWait(10);
        }
        QVERIFY(fastFailure);
        const Error &open = fastFailure->error();
        QVERIFY(open.category == ErrorCategory::Transient);
        QVERIFY2(open.message.startsWith(QStringLiteral("PrestaShop: read products SKU-000001: not sent")),
                 qPrintable(open.message));
        QVERIFY2(open.message.contains(QStringLiteral("refused")),
                 qPrintable(open.message)); // the last failure
        QVERIFY(open.context.contains(QStringLiteral("retryAfterMs")));
        QVERIFY(client->breaker().state() != CircuitBreaker::State::Closed);
        QVERIFY(!spy.isEmpty());
        QVERIFY(spy.first().at(0).value<CircuitBreaker::State>() == CircuitBreaker::State::Open);

        // Nobody sends anything now: the health probe alone finds out that the peer is back.
        QTRY_VERIFY_WITH_TIMEOUT(client->breaker().state() == CircuitBreaker::State::Closed, 30'000);
        QVERIFY(spy.last().at(0).value<CircuitBreaker::State>() == CircuitBreaker::State::Closed);
        const auto after = sendAndWait(*client, products());
        QVERIFY2(after, qPrintable(describeResult(after)));
    }

    void requestsWaitingWhenHalfOpenFollowTheProbe()
    {
        PeerEndpoint e = endpoint();
        e.breaker.failureThreshold = 2;
        e.breaker.openMs = 300;
        e.breaker.maxOpenMs = 300;
        auto client = makeClient(e, m_redactor, m_clock); // no health probe: the next request is the probe
        QSignalSpy spy(client.get(), &HttpClient::breakerStateChanged);
        addFault(QStringLiteral("down"), {{QStringLiteral("forMs"), 60'000}});
        bool open = false;
        for (int i = 0; i < 200 && !open; ++i) {
            const auto result = sendAndWait(*client, products());
            open = !result && result.error().code == QLatin1String("circuit.open");
            if (!open)
                QTest::qWait(10);
        }
        QVERIFY(open);
        m_sim.clearFaults();
        QTRY_VERIFY_WITH_TIMEOUT(
            m_sim.stats().value(QStringLiteral("prestashop")).toObject().value(QStringLiteral("up")).toBool(),
            10'000);
        QTRY_VERIFY_WITH_TIMEOUT(client->breaker().state() == CircuitBreaker::State::HalfOpen, 10'000);
        const qint64 sentBefore = client->stats().sent;
        int answered = 0;
        QStringList failures;
        for (int i = 0; i < 5; ++i)
            client->send(products(), [&](Result<HttpResponse> r) {
                ++answered;
                if (!r)
                    failures << r.error().toString();
            });
        QTRY_COMPARE_WITH_TIMEOUT(answered, 5, 30'000);
        QVERIFY2(failures.isEmpty(),
                 qPrintable(failures.join(QLatin1Char('\n')))); // they waited, none failed
        QCOMPARE(client->stats().sent - sentBefore, 5);
        QVERIFY(spy.last().at(0).value<CircuitBreaker::State>() == CircuitBreaker::State::Closed);
    }

    void cleanupTestCase() { m_sim.stop(); }
};

QTEST_GUILESS_MAIN(TestHttpClient)
#include "tst_httpclient.moc"
