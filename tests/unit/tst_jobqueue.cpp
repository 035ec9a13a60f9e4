#include "queue/sqlitejobqueue.h"

#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

using namespace syncsmart;

// Fails the test (outside QTest's return-from-function macros) when a queue call errs.
#define QVERIFY_RESULT(expr)                                                                            \
    do {                                                                                                \
        auto r_ = (expr);                                                                               \
        if (!r_.ok())                                                                                   \
            qFatal("%s failed: %s", #expr, qPrintable(r_.error().toString()));                         \
    } while (false)

namespace {
const QString kWorker = QStringLiteral("worker-1");
const qint64 kLease = 30'000;

NewJob priceJob(const QString &sku, const QString &target = QStringLiteral("shop"))
{
    return {target, QStringLiteral("product.price"), QStringLiteral("product:%1:%2:price").arg(sku, target),
            QStringLiteral(R"({"sku":"%1","price":"19.90"})").arg(sku).toUtf8()};
}
} // namespace

class TestJobQueue : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    std::shared_ptr<TestClock> m_clock;
    std::unique_ptr<SqliteJobQueue> m_q;
    int m_n = 0;

    std::unique_ptr<SqliteJobQueue> openQueue(RetryPolicy policy = {})
    {
        if (!policy.jitter)
            policy.jitter = [] { return 1.0; }; // the ceiling: makes the schedule exact
        auto q = SqliteJobQueue::open({m_dir.filePath(QStringLiteral("q%1.db").arg(m_n))}, m_clock, policy);
        if (!q)
            qFatal("%s", qPrintable(q.error().toString()));
        return std::move(q).value();
    }

    qint64 claimOne(const QString &target = QStringLiteral("shop"))
    {
        auto jobs = m_q->claim(target, 1, kLease, kWorker);
        if (!jobs || jobs->size() != 1)
            return 0;
        return jobs->first().id;
    }

    // Makes a dead letter the way the engine would: enqueue, claim, fail permanently.
    qint64 deadLetter(const NewJob &job, const QString &message = QStringLiteral("price is invalid"))
    {
        auto e = m_q->enqueue(job);
        auto claimed = m_q->claim(job.target, 100, kLease, kWorker);
        for (const Job &j : *claimed) {
            if (j.id == e->jobId)
                QVERIFY_RESULT(m_q->fail(j.id, kWorker, Error::permanent(QStringLiteral("shop.validation"), message)));
            else
                QVERIFY_RESULT(m_q->ack({j.id}, kWorker));
        }
        return e->jobId;
    }

private Q_SLOTS:
    void init()
    {
        ++m_n;
        m_clock = std::make_shared<TestClock>();
        m_q = openQueue();
    }
    void cleanup() { m_q.reset(); }

    void enqueueClaimAckDeliversOnce()
    {
        auto e = m_q->enqueueMany({priceJob(QStringLiteral("A")), priceJob(QStringLiteral("B"))});
        QVERIFY(e.ok());
        QCOMPARE(e->size(), 2);
        auto jobs = m_q->claim(QStringLiteral("shop"), 10, kLease, kWorker);
        QCOMPARE(jobs->size(), 2);
        QCOMPARE(jobs->at(0).attempts, 1);
        QCOMPARE(jobs->at(0).payload, priceJob(QStringLiteral("A")).payload);
        QCOMPARE(m_q->claim(QStringLiteral("shop"), 10, kLease, kWorker)->size(), 0); // leased: not again
        QCOMPARE(*m_q->ack({jobs->at(0).id, jobs->at(1).id}, kWorker), 2);
        QCOMPARE(m_q->counts()->count(JobState::Done), 2);
        m_clock->advanceSecs(3600);
        QCOMPARE(m_q->claim(QStringLiteral("shop"), 10, kLease, kWorker)->size(), 0); // done stays done
    }

    void claimIsPerTargetAndOldestFirst()
    {
        QVERIFY(m_q->enqueue(priceJob(QStringLiteral("A"), QStringLiteral("erp"))).ok());
        auto first = m_q->enqueue(priceJob(QStringLiteral("B")));
        m_clock->advanceSecs(1);
        QVERIFY(m_q->enqueue(priceJob(QStringLiteral("C"))).ok());
        auto jobs = m_q->claim(QStringLiteral("shop"), 1, kLease, kWorker);
        QCOMPARE(jobs->size(), 1);
        QCOMPARE(jobs->first().id, first->jobId);
        QCOMPARE(jobs->first().target, QStringLiteral("shop"));
    }

    void idempotentEnqueueReturnsTheLiveJob()
    {
        auto a = m_q->enqueue(priceJob(QStringLiteral("A")));
        auto again = m_q->enqueue(priceJob(QStringLiteral("A")));
        QVERIFY(a->created);
        QVERIFY(!again->created);
        QCOMPARE(again->jobId, a->jobId);
        // Still live while leased.
        QCOMPARE(claimOne(), a->jobId);
        auto whileLeased = m_q->enqueue(priceJob(QStringLiteral("A")));
        QCOMPARE(whileLeased->jobId, a->jobId);
        // Within one batch, the duplicate key maps to the first job.
        auto batch = m_q->enqueueMany({priceJob(QStringLiteral("Z")), priceJob(QStringLiteral("Z"))});
        QCOMPARE(batch->at(1).jobId, batch->at(0).jobId);
        QVERIFY(!batch->at(1).created);
        // Done does not block a new job for the same key.
        QCOMPARE(*m_q->ack({a->jobId}, kWorker), 1);
        auto afterDone = m_q->enqueue(priceJob(QStringLiteral("A")));
        QVERIFY(afterDone->created);
        QVERIFY(afterDone->jobId != a->jobId);
    }

    void deadDoesNotBlockANewJob()
    {
        const qint64 dead = deadLetter(priceJob(QStringLiteral("A")));
        auto fresh = m_q->enqueue(priceJob(QStringLiteral("A")));
        QVERIFY(fresh->created);
        QVERIFY(fresh->jobId != dead);
    }

    void enqueueManyIsAllOrNothing()
    {
        NewJob bad = priceJob(QStringLiteral("B"));
        bad.target.clear();
        auto r = m_q->enqueueMany({priceJob(QStringLiteral("A")), bad});
        QVERIFY(!r.ok());
        QVERIFY(r.error().message.contains(QStringLiteral("target")));
        QCOMPARE(m_q->counts()->count(JobState::Pending), 0);
    }

    void transientFailuresBackOffOnSchedule()
    {
        auto e = m_q->enqueue(priceJob(QStringLiteral("A")));
        const QVector<qint64> expected{60'000, 240'000, 960'000, 3'840'000, 15'360'000, 28'800'000, 28'800'000};
        for (int attempt = 1; attempt <= 7; ++attempt) {
            QCOMPARE(claimOne(), e->jobId);
            auto out = m_q->fail(e->jobId, kWorker, Error::transient(QStringLiteral("http.503"), QStringLiteral("busy")));
            QVERIFY(out.ok());
            QVERIFY(out->state == JobState::Pending);
            QCOMPARE(out->nextAttemptAt - m_clock->nowMs(), expected[attempt - 1]);
            // Not due a millisecond before its time, due exactly at it.
            m_clock->advanceMs(expected[attempt - 1] - 1);
            QCOMPARE(claimOne(), 0);
            m_clock->advanceMs(1);
        }
        // The 8th attempt is the last: its failure moves the job to the dead-letter queue.
        QCOMPARE(claimOne(), e->jobId);
        auto last = m_q->fail(e->jobId, kWorker, Error::transient(QStringLiteral("http.503"), QStringLiteral("busy")));
        QVERIFY(last->state == JobState::Dead);
        auto j = m_q->job(e->jobId);
        QVERIFY(j->state == JobState::Dead);
        QCOMPARE(j->attempts, 8);
        QCOMPARE(j->lastError->context.value(QStringLiteral("gaveUpAfterAttempts")).toInt(), 8);
        auto h = m_q->history(e->jobId);
        QCOMPARE(h->size(), 8); // every failure is in the history
        QCOMPARE(h->last().event, QStringLiteral("dead"));
    }

    void retryAfterIsHonoured()
    {
        auto e = m_q->enqueue(priceJob(QStringLiteral("A")));
        QCOMPARE(claimOne(), e->jobId);
        auto out = m_q->fail(e->jobId, kWorker, Error::transient(QStringLiteral("http.429"), QStringLiteral("slow down")),
                             qint64(600'000));
        QCOMPARE(out->nextAttemptAt - m_clock->nowMs(), 600'000); // more than the 60 s backoff
        QCOMPARE(m_q->history(e->jobId)->last().note,
                 QStringLiteral("next attempt in 10 min (the peer asked to wait 10 min)"));
        m_clock->advanceMs(599'999);
        QCOMPARE(claimOne(), 0);
        m_clock->advanceMs(1);
        QCOMPARE(claimOne(), e->jobId);
    }

    void permanentErrorIsDeadAtOnce()
    {
        auto e = m_q->enqueue(priceJob(QStringLiteral("A")));
        QCOMPARE(claimOne(), e->jobId);
        Error err = Error::permanent(QStringLiteral("shop.validation"),
                                     QStringLiteral("PrestaShop refused SKU A: price is invalid"),
                                     {{QStringLiteral("httpStatus"), 500}});
        auto out = m_q->fail(e->jobId, kWorker, err);
        QVERIFY(out->state == JobState::Dead);
        auto j = m_q->job(e->jobId);
        QCOMPARE(j->attempts, 1);
        QVERIFY(j->lastError->category == ErrorCategory::Permanent);
        QCOMPARE(j->lastError->message, err.message);
        QCOMPARE(j->lastError->context.value(QStringLiteral("httpStatus")).toInt(), 500);
        QVERIFY(j->finishedAt > 0);
        QCOMPARE(m_q->deadLetters({}, 0, 10)->total, 1);
    }

    void secretsAreRedactedBeforeStorage()
    {
        auto redactor = std::make_shared<Redactor>();
        redactor->addSecret(QStringLiteral("PLANTED-KEY-0042"));
        m_q.reset();
        ++m_n;
        auto q = SqliteJobQueue::open({m_dir.filePath(QStringLiteral("r.db"))}, m_clock, {}, redactor);
        m_q = std::move(q).value();
        auto e = m_q->enqueue(priceJob(QStringLiteral("A")));
        QCOMPARE(claimOne(), e->jobId);
        QVERIFY_RESULT(m_q->fail(e->jobId, kWorker,
                  Error::permanent(QStringLiteral("x"), QStringLiteral("refused key PLANTED-KEY-0042"),
                                   {{QStringLiteral("request"), QStringLiteral("GET /api?ws_key=PLANTED-KEY-0042")}})));
        QSqlQuery raw(m_q->database().handle());
        QVERIFY(raw.exec(QStringLiteral("SELECT COUNT(*) FROM jobs WHERE last_error_message LIKE '%PLANTED%' OR "
                                        "last_error_context LIKE '%PLANTED%'")));
        raw.next();
        QCOMPARE(raw.value(0).toInt(), 0);
        QVERIFY(raw.exec(QStringLiteral("SELECT COUNT(*) FROM job_events WHERE error_message LIKE '%PLANTED%' OR "
                                        "error_context LIKE '%PLANTED%'")));
        raw.next();
        QCOMPARE(raw.value(0).toInt(), 0);
    }

    void expiredLeaseGoesBack()
    {
        auto e = m_q->enqueue(priceJob(QStringLiteral("A")));
        QCOMPARE(claimOne(), e->jobId); // the worker "crashes" here
        m_clock->advanceMs(kLease - 1);
        QCOMPARE(m_q->claim(QStringLiteral("shop"), 1, kLease, QStringLiteral("worker-2"))->size(), 0);
        m_clock->advanceMs(1);
        auto again = m_q->claim(QStringLiteral("shop"), 1, kLease, QStringLiteral("worker-2"));
        QCOMPARE(again->size(), 1);
        QCOMPARE(again->first().id, e->jobId);
        QCOMPARE(again->first().attempts, 2);
        // The crashed worker's late ack does not count; the new holder's does.
        QCOMPARE(*m_q->ack({e->jobId}, kWorker), 0);
        QVERIFY(!m_q->fail(e->jobId, kWorker, Error::transient(QStringLiteral("t"), QStringLiteral("t"))).ok());
        QCOMPARE(*m_q->ack({e->jobId}, QStringLiteral("worker-2")), 1);
        auto h = m_q->history(e->jobId);
        QCOMPARE(h->first().event, QStringLiteral("lease_expired"));
    }

    void recoverExpiredLeasesOverAllTargets()
    {
        QVERIFY(m_q->enqueueMany({priceJob(QStringLiteral("A")), priceJob(QStringLiteral("B"), QStringLiteral("erp"))}).ok());
        QCOMPARE(m_q->claim(QStringLiteral("shop"), 5, kLease, kWorker)->size(), 1);
        QCOMPARE(m_q->claim(QStringLiteral("erp"), 5, kLease, kWorker)->size(), 1);
        m_clock->advanceMs(kLease);
        QCOMPARE(*m_q->recoverExpiredLeases(), 2);
        QCOMPARE(m_q->counts()->count(JobState::Pending), 2);
    }

    void aJobThatKeepsKillingWorkersEndsDead()
    {
        auto e = m_q->enqueue(priceJob(QStringLiteral("A")));
        for (int i = 0; i < 8; ++i) {
            QCOMPARE(claimOne(), e->jobId);
            m_clock->advanceMs(kLease);
        }
        QCOMPARE(*m_q->recoverExpiredLeases(), 1);
        auto j = m_q->job(e->jobId);
        QVERIFY(j->state == JobState::Dead);
        QCOMPARE(j->lastError->code, QStringLiteral("queue.lease_expired"));
        QVERIFY(j->lastError->message.contains(QStringLiteral("8 times")));
    }

    void pausedTargetWaitsWithoutUsingAttempts()
    {
        auto e = m_q->enqueueMany({priceJob(QStringLiteral("A")), priceJob(QStringLiteral("B"))});
        QCOMPARE(claimOne(), e->at(0).jobId); // in flight when the breaker opens
        QVERIFY(*m_q->pause(QStringLiteral("shop"), QStringLiteral("shop is down"), QStringLiteral("breaker")));
        QVERIFY(*m_q->isPaused(QStringLiteral("shop")));
        // The in-flight job fails while paused: back to pending, the attempt refunded.
        auto out = m_q->fail(e->at(0).jobId, kWorker, Error::transient(QStringLiteral("net"), QStringLiteral("reset")));
        QVERIFY2(out.ok(), out.ok() ? "" : qPrintable(out.error().toString()));
        QVERIFY(out->attemptRefunded);
        m_clock->advanceSecs(3600); // a long outage: nothing is handed out, nothing is used up
        QCOMPARE(m_q->claim(QStringLiteral("shop"), 10, kLease, kWorker)->size(), 0);
        QCOMPARE(m_q->job(e->at(0).jobId)->attempts, 0);
        QCOMPARE(m_q->job(e->at(1).jobId)->attempts, 0);
        QVERIFY(*m_q->resume(QStringLiteral("shop"), QStringLiteral("breaker")));
        QCOMPARE(m_q->claim(QStringLiteral("shop"), 10, kLease, kWorker)->size(), 2);
        auto audit = m_q->auditLog(10);
        QCOMPARE(audit->size(), 2);
        QCOMPARE(audit->at(0).action, QStringLiteral("resume"));
        QCOMPARE(audit->at(1).reason, QStringLiteral("shop is down"));
    }

    void pauseIsCheckedAndChangedAtomically()
    {
        auto first = m_q->pause(QStringLiteral("erp"), QStringLiteral("Odoo rejected the API key"), QStringLiteral("queue"));
        QVERIFY(first.ok() && *first);
        // A second pause (an operator who had not seen the first) changes nothing, keeps the first reason.
        auto second = m_q->pause(QStringLiteral("erp"), QStringLiteral("maintenance"), QStringLiteral("alice"));
        QVERIFY(second.ok() && !*second);
        QCOMPARE(m_q->counts()->targets.first().reason, QStringLiteral("Odoo rejected the API key"));
        QCOMPARE(m_q->auditLog(10)->size(), 1);
        QVERIFY(!m_q->pause(QStringLiteral("erp"), QStringLiteral("  "), QStringLiteral("alice")).ok());
        QVERIFY(*m_q->resume(QStringLiteral("erp"), QStringLiteral("alice")));
        QVERIFY(!*m_q->resume(QStringLiteral("erp"), QStringLiteral("alice")));
        QCOMPARE(m_q->auditLog(10)->size(), 2);
    }

    void expiredLeasesOfAPausedTargetUseNoAttempts()
    {
        auto e = m_q->enqueue(priceJob(QStringLiteral("A")));
        for (int i = 0; i < 7; ++i) { // 7 attempts used by workers that died
            QCOMPARE(claimOne(), e->jobId);
            m_clock->advanceMs(kLease);
        }
        QCOMPARE(claimOne(), e->jobId); // the 8th and last attempt is in flight...
        QVERIFY(*m_q->pause(QStringLiteral("shop"), QStringLiteral("shop down"), QStringLiteral("breaker")));
        m_clock->advanceMs(kLease); // ...and its worker dies while the target is paused
        QCOMPARE(*m_q->recoverExpiredLeases(), 1);
        auto j = m_q->job(e->jobId);
        QVERIFY(j->state == JobState::Pending); // not dead: the outage did not burn its last attempt
        QCOMPARE(j->attempts, 7);
        // A claim on a paused target still recovers expired leases, so they show as waiting.
        QVERIFY(*m_q->resume(QStringLiteral("shop"), QStringLiteral("breaker")));
        QCOMPARE(claimOne(), e->jobId);
        QVERIFY(*m_q->pause(QStringLiteral("shop"), QStringLiteral("again"), QStringLiteral("breaker")));
        m_clock->advanceMs(kLease);
        QVERIFY(m_q->claim(QStringLiteral("shop"), 10, kLease, kWorker)->isEmpty());
        QVERIFY(m_q->job(e->jobId)->state == JobState::Pending);
        QCOMPARE(m_q->counts()->count(JobState::Leased), 0);
    }

    void errorFilterIgnoresCaseBeyondAscii()
    {
        const qint64 id = deadLetter(priceJob(QStringLiteral("A")), QStringLiteral("SITUACIÓN FISCAL inválida"));
        DeadLetterFilter f;
        f.errorText = QStringLiteral("situación fiscal");
        QCOMPARE(m_q->deadLetters(f, 0, 10)->total, 1);
        f.errorText = QStringLiteral("INVÁLIDA");
        QCOMPARE(m_q->deadLetters(f, 0, 10)->jobs.first().id, id);
        f.errorText = QStringLiteral("shop.VALIDATION"); // the code is searched too
        QCOMPARE(m_q->deadLetters(f, 0, 10)->total, 1);
    }

    void discardReasonsAreRedacted()
    {
        const qint64 dead = deadLetter(priceJob(QStringLiteral("A")));
        QVERIFY(m_q->discard({dead}, QStringLiteral("bad key https://K3Y@shop.example"), QStringLiteral("alice")).ok());
        QVERIFY(!m_q->auditLog(1, dead)->first().reason.contains(QStringLiteral("K3Y")));
    }

    void authErrorPausesTheTargetAndKeepsTheJob()
    {
        auto e = m_q->enqueueMany({priceJob(QStringLiteral("A")), priceJob(QStringLiteral("B"))});
        QCOMPARE(claimOne(), e->at(0).jobId);
        auto out = m_q->fail(e->at(0).jobId, kWorker,
                             Error::auth(QStringLiteral("shop.401"), QStringLiteral("PrestaShop refused the API key")));
        QVERIFY(out->targetPaused);
        QVERIFY(out->state == JobState::Pending);
        QVERIFY(*m_q->isPaused(QStringLiteral("shop")));
        auto counts = m_q->counts();
        QCOMPARE(counts->count(JobState::Dead), 0); // nothing flooded the dead-letter queue
        QCOMPARE(counts->count(JobState::Pending), 2);
        QVERIFY(counts->targets.first().reason.contains(QStringLiteral("refused the API key")));
    }

    void retryRevivesOnlyDeadJobsAndKeepsHistory()
    {
        const qint64 dead = deadLetter(priceJob(QStringLiteral("A")));
        auto pending = m_q->enqueue(priceJob(QStringLiteral("B")));
        auto out = m_q->retry({dead, pending->jobId, 999'999}, QStringLiteral("alice"));
        QVERIFY(out.ok());
        QCOMPARE(out->changed, QVector<qint64>{dead});
        QCOMPARE(out->notDead, (QVector<qint64>{pending->jobId, 999'999}));
        auto j = m_q->job(dead);
        QVERIFY(j->state == JobState::Pending);
        QCOMPARE(j->attempts, 0);
        QVERIFY(j->lastError.has_value()); // what went wrong before stays visible
        auto h = m_q->history(dead);
        QCOMPARE(h->size(), 2);
        QCOMPARE(h->at(0).event, QStringLiteral("dead"));
        QCOMPARE(h->at(1).event, QStringLiteral("retried"));
        // A second retry of the same id is refused by the state guard and changes nothing.
        auto twice = m_q->retry({dead}, QStringLiteral("bob"));
        QVERIFY(twice->changed.isEmpty());
        QCOMPARE(twice->notDead, QVector<qint64>{dead});
        QCOMPARE(m_q->auditLog(10)->size(), 1);
        QCOMPARE(m_q->auditLog(10)->first().actor, QStringLiteral("alice"));
        // The revived job runs again with a fresh set of attempts.
        auto claimed = m_q->claim(QStringLiteral("shop"), 10, kLease, kWorker);
        QCOMPARE(claimed->size(), 2);
    }

    void retryIsSkippedWhenANewerJobForTheKeyIsQueued()
    {
        const qint64 dead = deadLetter(priceJob(QStringLiteral("A")));
        auto newer = m_q->enqueue(priceJob(QStringLiteral("A")));
        QVERIFY(newer->created);
        auto out = m_q->retry({dead}, QStringLiteral("alice"));
        QCOMPARE(out->superseded, QVector<qint64>{dead});
        QVERIFY(m_q->job(dead)->state == JobState::Dead);
        QVERIFY(out->summary(QStringLiteral("Retried")).contains(QStringLiteral("newer job")));
    }

    void discardKeepsAnAuditRow()
    {
        const qint64 dead = deadLetter(priceJob(QStringLiteral("A")));
        auto noReason = m_q->discard({dead}, QStringLiteral("  "), QStringLiteral("alice"));
        QVERIFY(!noReason.ok());
        QCOMPARE(noReason.error().code, QStringLiteral("queue.reason_required"));
        QVERIFY(m_q->job(dead)->state == JobState::Dead);

        auto out = m_q->discard({dead}, QStringLiteral("product withdrawn from sale"), QStringLiteral("alice"));
        QCOMPARE(out->changed, QVector<qint64>{dead});
        QVERIFY(m_q->job(dead)->state == JobState::Discarded);
        auto audit = m_q->auditLog(10, dead);
        QCOMPARE(audit->size(), 1);
        QCOMPARE(audit->first().action, QStringLiteral("discard"));
        QCOMPARE(audit->first().reason, QStringLiteral("product withdrawn from sale"));
        QCOMPARE(audit->first().actor, QStringLiteral("alice"));
        QCOMPARE(audit->first().kind, QStringLiteral("product.price"));
        QVERIFY(audit->first().at > 0);
        // Discarded is final: no retry brings it back.
        QVERIFY(m_q->retry({dead}, QStringLiteral("bob"))->changed.isEmpty());
        QCOMPARE(m_q->deadLetters({}, 0, 10)->total, 0);
    }

    void deadLetterFiltersAndPaging()
    {
        QVector<qint64> shopTimeouts;
        for (int i = 0; i < 5; ++i) {
            shopTimeouts << deadLetter(priceJob(QStringLiteral("T%1").arg(i)), QStringLiteral("Shop timed out after 30 s"));
            m_clock->advanceSecs(60);
        }
        const qint64 boundary = m_clock->nowMs();
        NewJob stock{QStringLiteral("erp"), QStringLiteral("stock.set"), QStringLiteral("s1"), "{}"};
        const qint64 erpDead = deadLetter(stock, QStringLiteral("Unknown product 100%_off"));

        QCOMPARE(m_q->deadLetters({}, 0, 100)->total, 6);
        DeadLetterFilter byTarget;
        byTarget.target = QStringLiteral("erp");
        QCOMPARE(m_q->deadLetters(byTarget, 0, 100)->jobs.first().id, erpDead);
        DeadLetterFilter byText;
        byText.errorText = QStringLiteral("TIMED OUT"); // case-insensitive
        QCOMPARE(m_q->deadLetters(byText, 0, 100)->total, 5);
        DeadLetterFilter literal;
        literal.errorText = QStringLiteral("100%_"); // LIKE wildcards are matched literally
        QCOMPARE(m_q->deadLetters(literal, 0, 100)->total, 1);
        DeadLetterFilter byKind;
        byKind.kind = QStringLiteral("stock.set");
        QCOMPARE(m_q->deadLetters(byKind, 0, 100)->total, 1);
        DeadLetterFilter byTime;
        byTime.toMs = boundary;
        QCOMPARE(m_q->deadLetters(byTime, 0, 100)->total, 5);
        byTime.toMs = 0;
        byTime.fromMs = boundary;
        QCOMPARE(m_q->deadLetters(byTime, 0, 100)->total, 1);
        DeadLetterFilter byCategory;
        byCategory.category = ErrorCategory::Transient;
        QCOMPARE(m_q->deadLetters(byCategory, 0, 100)->total, 0);

        // Newest first, paged, with the total of all matches on every page.
        auto p1 = m_q->deadLetters(byText, 0, 2);
        auto p3 = m_q->deadLetters(byText, 4, 2);
        QCOMPARE(p1->total, 5);
        QCOMPARE(p1->jobs.size(), 2);
        QCOMPARE(p1->jobs.first().id, shopTimeouts.last());
        QCOMPARE(p3->jobs.size(), 1);
        QCOMPARE(p3->jobs.first().id, shopTimeouts.first());

        auto facets = m_q->deadLetterFacets();
        QCOMPARE(facets->targets, (QStringList{QStringLiteral("erp"), QStringLiteral("shop")}));
        QCOMPARE(facets->kinds, (QStringList{QStringLiteral("product.price"), QStringLiteral("stock.set")}));
    }

    void retryAndDiscardMatchingTouchOnlyTheMatches()
    {
        QVector<qint64> timeouts;
        for (int i = 0; i < 3; ++i)
            timeouts << deadLetter(priceJob(QStringLiteral("T%1").arg(i)), QStringLiteral("timed out"));
        const qint64 other = deadLetter(priceJob(QStringLiteral("X")), QStringLiteral("price is invalid"));
        DeadLetterFilter f;
        f.errorText = QStringLiteral("timed out");
        auto out = m_q->retryMatching(f, QStringLiteral("alice"));
        QCOMPARE(out->changed, timeouts);
        QVERIFY(m_q->job(other)->state == JobState::Dead);
        for (qint64 id : timeouts)
            QVERIFY(m_q->job(id)->state == JobState::Pending);

        f.errorText = QStringLiteral("invalid");
        QVERIFY(!m_q->discardMatching(f, QString(), QStringLiteral("alice")).ok());
        auto d = m_q->discardMatching(f, QStringLiteral("fixed by hand in the shop"), QStringLiteral("alice"));
        QCOMPARE(d->changed, QVector<qint64>{other});
        QVERIFY(m_q->job(other)->state == JobState::Discarded);
    }

    void countsPerStateAndTarget()
    {
        deadLetter(priceJob(QStringLiteral("D")));
        QVERIFY(m_q->enqueueMany({priceJob(QStringLiteral("A")), priceJob(QStringLiteral("B")),
                                  priceJob(QStringLiteral("C"), QStringLiteral("erp"))}).ok());
        const qint64 a = m_q->enqueue(priceJob(QStringLiteral("A")))->jobId;
        QCOMPARE(claimOne(), a);
        auto c = m_q->counts();
        QCOMPARE(c->count(JobState::Dead), 1);
        QCOMPARE(c->count(JobState::Leased), 1);
        QCOMPARE(c->count(JobState::Pending), 2);
        QCOMPARE(c->targets.size(), 2);
        for (const TargetStatus &t : c->targets) {
            if (t.target == QLatin1String("erp"))
                QCOMPARE(t.counts.value(JobState::Pending), 1);
        }
    }

    void stateSurvivesReopening()
    {
        const qint64 dead = deadLetter(priceJob(QStringLiteral("B")));
        auto e = m_q->enqueue(priceJob(QStringLiteral("A")));
        m_q.reset();
        m_q = openQueue();
        QVERIFY(m_q->job(e->jobId)->state == JobState::Pending);
        QVERIFY(m_q->job(dead)->state == JobState::Dead);
        QCOMPARE(m_q->history(dead)->size(), 1);
    }

    void purgeDoneRemovesOnlyOldDoneJobs()
    {
        const qint64 dead = deadLetter(priceJob(QStringLiteral("C")));
        auto e = m_q->enqueueMany({priceJob(QStringLiteral("A")), priceJob(QStringLiteral("B"))});
        QCOMPARE(claimOne(), e->at(0).jobId);
        QCOMPARE(*m_q->ack({e->at(0).jobId}, kWorker), 1);
        m_clock->advanceSecs(10);
        QCOMPARE(*m_q->purgeDone(m_clock->nowMs()), 1);
        QVERIFY(!m_q->job(e->at(0).jobId).ok());
        QVERIFY(m_q->job(e->at(1).jobId)->state == JobState::Pending);
        QVERIFY(m_q->job(dead)->state == JobState::Dead);
    }
};

QTEST_GUILESS_MAIN(TestJobQueue)
#include "tst_jobqueue.moc"
