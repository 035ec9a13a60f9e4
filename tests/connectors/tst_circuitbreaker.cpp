#include "queue/circuitbreaker.h"
#include "queue/sqlitejobqueue.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace syncsmart;

namespace {

using State = CircuitBreaker::State;

Error refused()
{
    return Error::transient(QStringLiteral("http.refused"),
                            QStringLiteral("PrestaShop: the connection was refused"));
}

BreakerSettings settings()
{
    BreakerSettings s;
    s.failureThreshold = 3;
    s.openMs = 1000;
    s.maxOpenMs = 3000;
    return s;
}

State stateAt(const QSignalSpy &spy, int i)
{
    return spy.at(i).at(0).value<State>();
}

const QString kTarget = QStringLiteral("shop");
const QString kWorker = QStringLiteral("worker-1");

} // namespace

// The per-peer circuit breaker (TestClock, no sleeping) and the link that makes the queue follow it.
class TestCircuitBreaker : public QObject
{
    Q_OBJECT

    std::shared_ptr<TestClock> m_clock;
    QTemporaryDir m_dir;
    int m_n = 0;

    std::unique_ptr<SqliteJobQueue> openQueue()
    {
        ++m_n;
        auto q =
            SqliteJobQueue::open({m_dir.filePath(QStringLiteral("q%1.db").arg(m_n))}, m_clock, RetryPolicy{});
        if (!q)
            qFatal("%s", qPrintable(q.error().toString()));
        return std::move(q).value();
    }

private Q_SLOTS:
    void init() { m_clock = std::make_shared<TestClock>(); }

    void sustainedTransientFailuresOpenIt()
    {
        CircuitBreaker breaker(QStringLiteral("PrestaShop"), settings(), *m_clock);
        QSignalSpy spy(&breaker, &CircuitBreaker::stateChanged);
        breaker.recordFailure(refused());
        breaker.recordFailure(refused());
        QVERIFY(breaker.state() == State::Closed);
        QVERIFY(breaker.allowRequest());
        breaker.recordFailure(refused());
        QVERIFY(breaker.state() == State::Open);
        QVERIFY(!breaker.allowRequest());
        QCOMPARE(spy.size(), 1);
        QVERIFY(stateAt(spy, 0) == State::Open);
        const QString reason = spy.at(0).at(1).toString();
        QVERIFY2(reason.contains(QStringLiteral("PrestaShop")) && reason.contains(QStringLiteral("refused")),
                 qPrintable(reason));
        QCOMPARE(breaker.openedAtMs(), m_clock->nowMs());
        QCOMPARE(breaker.retryAtMs(), m_clock->nowMs() + 1000);
        QVERIFY(breaker.lastFailure().contains(QStringLiteral("refused")));
    }

    void onlyTransientFailuresCount()
    {
        CircuitBreaker breaker(QStringLiteral("Odoo"), settings(), *m_clock);
        breaker.recordFailure(refused());
        breaker.recordFailure(refused());
        // A validation error or a refused key says the peer is alive: the streak ends.
        breaker.recordFailure(
            Error::permanent(QStringLiteral("odoo.validation"), QStringLiteral("bad price")));
        breaker.recordFailure(refused());
        breaker.recordFailure(refused());
        QVERIFY(breaker.state() == State::Closed);
        for (int i = 0; i < 10; ++i) {
            breaker.recordFailure(
                Error::auth(QStringLiteral("odoo.access_denied"), QStringLiteral("wrong key")));
            breaker.recordFailure(Error::config(QStringLiteral("http.tls"), QStringLiteral("self-signed")));
        }
        QVERIFY(breaker.state() == State::Closed);
        QCOMPARE(breaker.consecutiveFailures(), 0);
    }

    void halfOpenLetsExactlyOneProbeThrough()
    {
        CircuitBreaker breaker(QStringLiteral("PrestaShop"), settings(), *m_clock);
        QSignalSpy spy(&breaker, &CircuitBreaker::stateChanged);
        for (int i = 0; i < 3; ++i)
            breaker.recordFailure(refused());
        m_clock->advanceMs(999);
        QVERIFY(breaker.state() == State::Open);
        QVERIFY(!breaker.allowRequest());
        m_clock->advanceMs(1);
        QVERIFY(breaker.state() == State::HalfOpen);
        QVERIFY(breaker.allowRequest()); // the probe
        QVERIFY(!breaker.allowRequest());
        QVERIFY(!breaker.allowRequest());
        QCOMPARE(spy.size(), 2);
        QVERIFY(stateAt(spy, 1) == State::HalfOpen);
    }

    void aFailedProbeDoublesTheWaitUpToTheCap()
    {
        CircuitBreaker breaker(QStringLiteral("PrestaShop"), settings(), *m_clock);
        for (int i = 0; i < 3; ++i)
            breaker.recordFailure(refused());
        const qint64 openedAt = breaker.openedAtMs();
        const qint64 expectedWaits[] = {2000, 3000, 3000}; // 1000 doubled, then capped at maxOpenMs
        for (const qint64 wait : expectedWaits) {
            m_clock->setMs(breaker.retryAtMs());
            QVERIFY(breaker.allowRequest());
            breaker.recordFailure(refused());
            QVERIFY(breaker.state() == State::Open);
            QCOMPARE(breaker.retryAtMs() - m_clock->nowMs(), wait);
        }
        QCOMPARE(breaker.openedAtMs(), openedAt); // "down since" stays the start of the outage
    }

    void aSuccessfulProbeClosesAndResetsTheWait()
    {
        CircuitBreaker breaker(QStringLiteral("PrestaShop"), settings(), *m_clock);
        QSignalSpy spy(&breaker, &CircuitBreaker::stateChanged);
        for (int i = 0; i < 3; ++i)
            breaker.recordFailure(refused());
        m_clock->setMs(breaker.retryAtMs());
        QVERIFY(breaker.allowRequest());
        breaker.recordFailure(refused()); // wait now 2000
        m_clock->setMs(breaker.retryAtMs());
        QVERIFY(breaker.allowRequest());
        breaker.recordSuccess();
        QVERIFY(breaker.state() == State::Closed);
        QVERIFY(breaker.allowRequest());
        QVERIFY(breaker.lastFailure().isEmpty());
        QVERIFY(stateAt(spy, spy.size() - 1) == State::Closed);
        // The next outage starts again from the first wait.
        for (int i = 0; i < 3; ++i)
            breaker.recordFailure(refused());
        QCOMPARE(breaker.retryAtMs() - m_clock->nowMs(), 1000);
    }

    void theQueueFollowsTheBreaker()
    {
        auto queue = openQueue();
        CircuitBreaker breaker(QStringLiteral("PrestaShop"), settings(), *m_clock);
        BreakerQueueLink link(breaker, *queue, kTarget);
        QSignalSpy queueErrors(&link, &BreakerQueueLink::queueError);
        auto jobs =
            queue->enqueueMany({{kTarget, QStringLiteral("product.price"), QStringLiteral("p:A"), "{}"},
                                {kTarget, QStringLiteral("product.price"), QStringLiteral("p:B"), "{}"}});
        QVERIFY(jobs.ok());
        auto claimed = queue->claim(kTarget, 1, 30'000, kWorker);
        QCOMPARE(claimed->size(), 1);
        const qint64 inFlight = claimed->first().id;

        for (int i = 0; i < 3; ++i)
            breaker.recordFailure(refused());
        QVERIFY(link.pausedByBreaker());
        QVERIFY(*queue->isPaused(kTarget));
        QCOMPARE(queue->claim(kTarget, 10, 30'000, kWorker)->size(), 0); // nothing is handed out
        // The request that was in flight fails while paused: its attempt is given back.
        auto failed = queue->fail(inFlight, kWorker, refused());
        QVERIFY(failed.ok());
        QVERIFY(failed->attemptRefunded);
        QCOMPARE(queue->job(inFlight)->attempts, 0);

        m_clock->setMs(breaker.retryAtMs());
        QVERIFY(breaker.allowRequest());
        breaker.recordSuccess();
        QVERIFY(!link.pausedByBreaker());
        QVERIFY(!*queue->isPaused(kTarget));
        m_clock->advanceSecs(3600);                                      // past any backoff
        QCOMPARE(queue->claim(kTarget, 10, 30'000, kWorker)->size(), 2); // both jobs, nothing lost
        QCOMPARE(queueErrors.size(), 0);
    }

    void anOperatorsPauseIsNeverLiftedByTheLink()
    {
        auto queue = openQueue();
        CircuitBreaker breaker(QStringLiteral("PrestaShop"), settings(), *m_clock);
        BreakerQueueLink link(breaker, *queue, kTarget);
        QVERIFY(*queue->pause(kTarget, QStringLiteral("maintenance tonight"), QStringLiteral("alice")));
        for (int i = 0; i < 3; ++i)
            breaker.recordFailure(refused());
        QVERIFY(!link.pausedByBreaker()); // it was alice's pause already
        m_clock->setMs(breaker.retryAtMs());
        QVERIFY(breaker.allowRequest());
        breaker.recordSuccess();
        QVERIFY(*queue->isPaused(kTarget));
        QCOMPARE(queue->counts()->targets.first().reason, QStringLiteral("maintenance tonight"));

        // And the other way round: the breaker paused, then the operator resumed and paused again.
        QVERIFY(*queue->resume(kTarget, QStringLiteral("alice")));
        for (int i = 0; i < 3; ++i)
            breaker.recordFailure(refused());
        QVERIFY(link.pausedByBreaker());
        QVERIFY(*queue->resume(kTarget, QStringLiteral("alice")));
        QVERIFY(*queue->pause(kTarget, QStringLiteral("alice needs it stopped"), QStringLiteral("alice")));
        m_clock->setMs(breaker.retryAtMs());
        QVERIFY(breaker.allowRequest());
        breaker.recordSuccess();
        QVERIFY(*queue->isPaused(kTarget));
    }
};

QTEST_GUILESS_MAIN(TestCircuitBreaker)
#include "tst_circuitbreaker.moc"
