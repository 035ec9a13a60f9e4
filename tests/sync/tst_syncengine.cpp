// The engine against syncsmart-sim, for what goes wrong: a peer that fails mid-pass, a write the peer
// refuses for good, a process that dies between planning and applying. Each test checks that nothing
// is lost (the change still arrives) and nothing is duplicated (the simulator's effect log).
#include "tst_syncsupport.h"

#include "queue/jobqueue.h"
#include "storage/database.h"

#include <QTest>

using namespace syncsmart;
using namespace syncsmart::testing;

namespace {

// A SKU both sides hold once, untouched by the seeded divergence.
QString plainSku(SimProcess &sim, int index)
{
    return plainSkus(sim, index + 1).last();
}

QJsonArray apiWrites(SimProcess &sim, const QString &peer, qint64 sinceSeq = 0)
{
    return effects(sim, peer, QStringLiteral("api"), sinceSeq);
}

int writesOf(const QJsonArray &all, const QString &sku)
{
    return int(effectsOf(all, sku).size());
}

// Real time, moved forward at will: timers keep running (the HTTP layer waits on them), and
// retries scheduled hours ahead can be brought due.
struct ShiftedClock final : Clock
{
    std::atomic<qint64> shiftMs{0};
    qint64 nowMs() const override { return QDateTime::currentMSecsSinceEpoch() + shiftMs.load(); }
};

struct Started
{
    std::unique_ptr<SimProcess> sim = std::make_unique<SimProcess>();
    std::unique_ptr<QTemporaryDir> dir = std::make_unique<QTemporaryDir>();
    std::unique_ptr<SyncEngine> engine;
    QString dbPath() const { return dir->filePath(QStringLiteral("p.db")); }
};

// A simulator and an engine that has done its first sync.
Started startSynced(int products = 200)
{
    Started s;
    if (!s.sim->start(products).isEmpty())
        return s;
    auto engine = SyncEngine::open(makeProfile(*s.sim), s.dbPath(), nullptr);
    if (!engine)
        return s;
    if (!syncOnce(**engine))
        return s;
    s.engine = std::move(*engine);
    return s;
}

} // namespace

class TestSyncEngine : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { registerSyncMetaTypes(); }

    void firstSyncThenQuiet()
    {
        SimProcess sim;
        QVERIFY2(sim.start(300, divergentCatalogArgs()).isEmpty(), "sim");
        QTemporaryDir dir;
        auto engine = SyncEngine::open(makeProfile(sim), dir.filePath(QStringLiteral("p.db")), nullptr);
        QVERIFY2(engine, qPrintable(engine ? QString() : engine.error().toString()));
        auto first = syncOnce(**engine);
        QVERIFY2(first, qPrintable(first ? QString() : first.error().toString()));
        qInfo() << "first pass: shop" << first->pass.shopRecordsRead << "erp" << first->pass.erpRecordsRead << "deltas"
                << first->pass.deltas << "jobs" << first->pass.jobsEnqueued << "conflicts" << first->pass.conflicts
                << "issues" << first->pass.issues.size() << "applied" << first->drain.applied << "dead" << first->drain.dead;
        QVERIFY(first->pass.firstSync);
        QVERIFY(first->pass.shopRecordsRead >= 290);
        QCOMPARE(first->drain.dead, 0);
        QCOMPARE(first->drain.applied, first->pass.jobsEnqueued);
        // The echoes of the first sync's writes come back once, then nothing moves.
        for (int i = 0; i < 3; ++i) {
            const qint64 seq = lastSeq(sim);
            auto again = syncOnce(**engine);
            QVERIFY2(again, qPrintable(again ? QString() : again.error().toString()));
            qInfo() << "pass" << i << "shop" << again->pass.shopRecordsRead << "erp" << again->pass.erpRecordsRead
                    << "deltas" << again->pass.deltas << "echoes" << again->pass.echoesSuppressed << "jobs"
                    << again->pass.jobsEnqueued;
            QCOMPARE(again->pass.jobsEnqueued, 0);
            QCOMPARE(apiWrites(sim, QStringLiteral("prestashop"), seq).size(), 0);
            QCOMPARE(apiWrites(sim, QStringLiteral("odoo"), seq).size(), 0);
        }
        QVERIFY(*(*engine)->store().echoesSuppressed() > 0);
    }

    void eventsTellWhatHappenedAsItHappens()
    {
        // What the console's live views are built from: each delta, each job's fate, the rate.
        Started s = startSynced();
        QVERIFY(s.engine);
        QVector<SyncEvent> events;
        connect(s.engine.get(), &SyncEngine::event, this, [&](const SyncEvent &e) { events.append(e); });
        const QStringList skus = plainSkus(*s.sim, 3, 60);
        for (const QString &sku : skus)
            QVERIFY(editErp(*s.sim, sku, {{QStringLiteral("list_price"), 42.5}}));
        auto report = syncOnce(*s.engine);
        QVERIFY2(report, qPrintable(errorOf(report)));
        QCOMPARE(report->drain.applied, 3);

        auto ofType = [&](SyncEvent::Type t) {
            QVector<SyncEvent> out;
            for (const SyncEvent &e : std::as_const(events))
                if (e.type == t)
                    out.append(e);
            return out;
        };
        QCOMPARE(ofType(SyncEvent::Type::PassStarted).size(), 1);
        QCOMPARE(ofType(SyncEvent::Type::PassFinished).size(), 1);
        QSet<qint64> queuedJobs;
        for (const SyncEvent &e : ofType(SyncEvent::Type::Delta)) {
            QVERIFY(e.delta);
            if (e.delta->outcome == DeltaOutcome::Queued) {
                QVERIFY2(skus.contains(e.delta->sku), qPrintable(e.delta->sku));
                QCOMPARE(e.delta->field, QStringLiteral("price"));
                QVERIFY(e.delta->from == Side::Erp);
                QCOMPARE(e.delta->newValue, QStringLiteral("42.5"));
                QVERIFY(e.delta->jobId != 0);
                queuedJobs.insert(e.delta->jobId);
            }
        }
        QCOMPARE(queuedJobs.size(), 3);
        QSet<qint64> doneJobs;
        for (const SyncEvent &e : ofType(SyncEvent::Type::JobState)) {
            QCOMPARE(e.jobState, QStringLiteral("done"));
            doneJobs.insert(e.jobId);
        }
        QCOMPARE(doneJobs, queuedJobs);
        const auto rates = ofType(SyncEvent::Type::Throughput);
        QVERIFY(!rates.isEmpty());
        QVERIFY(rates.last().perSecond > 0);
    }

    void aPeerThatKeepsFailingIsReportedDownThenUp()
    {
        SimProcess sim;
        QVERIFY2(sim.start(100).isEmpty(), "sim");
        SyncProfile profile = makeProfile(sim);
        profile.erp.endpoint.breaker.failureThreshold = 2;
        profile.erp.endpoint.breaker.openMs = 300;
        profile.erp.endpoint.breaker.maxOpenMs = 600;
        QTemporaryDir dir;
        auto engine = openEngine(profile, dir);
        QVERIFY(engine);
        QVERIFY(syncOnce(*engine));
        QVector<SyncEvent> health;
        connect(engine.get(), &SyncEngine::event, this, [&](const SyncEvent &e) {
            if (e.type == SyncEvent::Type::PeerHealth)
                health.append(e);
        });
        sim.addFault({{QStringLiteral("peer"), QStringLiteral("odoo")},
                      {QStringLiteral("route"), QStringLiteral("*")},
                      {QStringLiteral("kind"), QStringLiteral("error")},
                      {QStringLiteral("status"), 503}});
        for (int i = 0; i < 5 && health.isEmpty(); ++i)
            QVERIFY(!syncOnce(*engine));
        QVERIFY(!health.isEmpty());
        QCOMPARE(health.first().peer, QStringLiteral("erp"));
        QCOMPARE(health.first().health, QStringLiteral("circuit open"));
        QVERIFY2(!health.first().text.isEmpty(), "the reason the circuit opened is given");
        sim.clearFaults();
        QTRY_VERIFY_WITH_TIMEOUT(syncOnce(*engine).ok(), 30'000);
        QCOMPARE(health.last().peer, QStringLiteral("erp"));
        QCOMPARE(health.last().health, QStringLiteral("up"));
    }

    void eachPeersHealthAndLatencyAreReportedEveryFewSeconds()
    {
        // The words the console shows, from the breaker, the failures in a row and the latency.
        QCOMPARE(peerHealthText(CircuitBreaker::State::Closed, 0, 40), QStringLiteral("up"));
        QCOMPARE(peerHealthText(CircuitBreaker::State::Closed, 1, 40), QStringLiteral("up")); // one 429 is not "down"
        QCOMPARE(peerHealthText(CircuitBreaker::State::Closed, 0, kSlowPeerLatencyMs + 1), QStringLiteral("slow"));
        QCOMPARE(peerHealthText(CircuitBreaker::State::Closed, 2, 40), QStringLiteral("down"));
        QCOMPARE(peerHealthText(CircuitBreaker::State::HalfOpen, 0, 40), QStringLiteral("circuit open"));
        QCOMPARE(peerHealthText(CircuitBreaker::State::Open, 9, 9000), QStringLiteral("circuit open"));

        SimProcess sim;
        QVERIFY2(sim.start(50).isEmpty(), "sim");
        QTemporaryDir dir;
        auto engine = openEngine(makeProfile(sim), dir);
        QVERIFY(engine);
        QVERIFY(syncOnce(*engine));
        QHash<QString, SyncEvent> stats;
        connect(engine.get(), &SyncEngine::event, this, [&](const SyncEvent &e) {
            if (e.type == SyncEvent::Type::PeerStats)
                stats.insert(e.peer, e);
        });
        QTRY_VERIFY_WITH_TIMEOUT(stats.size() == 2, 3 * kPeerStatsIntervalMs);
        for (const QString &peer : {QStringLiteral("shop"), QStringLiteral("erp")}) {
            QCOMPARE(stats.value(peer).health, QStringLiteral("up"));
            QVERIFY2(stats.value(peer).latencyMs > 0, qPrintable(peer)); // it answered the first sync
            QCOMPARE(stats.value(peer).inFlight, 0);
        }
    }

    void aThrottledOrGarbledPageDoesNotFailThePass()
    {
        // A 429 on an ERP page and a garbled shop page, once each: the pages are read again and the
        // pass goes through with the change.
        Started s = startSynced();
        QVERIFY(s.engine);
        const QString sku = plainSku(*s.sim, 11);
        QVERIFY(editErp(*s.sim, sku, {{QStringLiteral("list_price"), 66.25}}));
        QVERIFY(editShop(*s.sim, plainSku(*s.sim, 12), {{QStringLiteral("description"), QJsonObject{{QStringLiteral("1"), QStringLiteral("<p>new</p>")}}}}));
        s.sim->addFault({{QStringLiteral("peer"), QStringLiteral("odoo")},
                         {QStringLiteral("route"), QStringLiteral("execute_kw product.product search_read")},
                         {QStringLiteral("kind"), QStringLiteral("429")},
                         {QStringLiteral("retryAfterSeconds"), 1},
                         {QStringLiteral("count"), 1}});
        s.sim->addFault({{QStringLiteral("peer"), QStringLiteral("prestashop")},
                         {QStringLiteral("route"), QStringLiteral("GET /api/products")},
                         {QStringLiteral("kind"), QStringLiteral("malformed")},
                         {QStringLiteral("count"), 1}});
        auto report = syncOnce(*s.engine);
        QVERIFY2(report, qPrintable(errorOf(report)));
        QCOMPARE(report->drain.applied, 2);
        QCOMPARE(shopProduct(*s.sim, sku).value(QStringLiteral("price")).toString().toDouble(), 66.25);
        const QJsonArray struck = s.sim->control(QStringLiteral("faults")).value(QStringLiteral("rules")).toArray();
        int strikes = 0;
        for (const QJsonValue &rule : struck)
            strikes += rule.toObject().value(QStringLiteral("struck")).toInt();
        QCOMPARE(strikes, 2); // both faults did happen
    }

    void aPeerFailingMidPassLosesNothing()
    {
        Started s = startSynced();
        QVERIFY(s.engine);

        const QString sku = plainSku(*s.sim, 3);
        QVERIFY(editErp(*s.sim, sku, {{QStringLiteral("list_price"), 77.25}}));
        // Every read of the ERP's products fails: the pass stops, nothing is planned or stored.
        s.sim->addFault({{QStringLiteral("peer"), QStringLiteral("odoo")},
                         {QStringLiteral("route"), QStringLiteral("execute_kw product.product search_read")},
                         {QStringLiteral("kind"), QStringLiteral("error")},
                         {QStringLiteral("status"), 503}});
        const qint64 seq = lastSeq(*s.sim);
        auto failed = syncOnce(*s.engine);
        QVERIFY(!failed);
        QVERIFY2(failed.error().category == ErrorCategory::Transient, qPrintable(failed.error().toString()));
        QVERIFY2(failed.error().message.contains(QStringLiteral("Odoo")), qPrintable(failed.error().message));
        QCOMPARE(apiWrites(*s.sim, QStringLiteral("prestashop"), seq).size(), 0);
        // The peer is back (the circuit breaker may need its cool-down): the change still arrives.
        s.sim->clearFaults();
        QTRY_VERIFY_WITH_TIMEOUT(syncOnce(*s.engine).ok(), 60'000);
        QCOMPARE(shopProduct(*s.sim, sku).value(QStringLiteral("price")).toString().toDouble(), 77.25);
        QCOMPARE(writesOf(apiWrites(*s.sim, QStringLiteral("prestashop"), seq), sku), 1);
    }

    void aRefusedWriteWaitsInTheDeadLetterQueueAndTheRestGoesOn()
    {
        Started s = startSynced();
        QVERIFY(s.engine);
        const QString bad = plainSku(*s.sim, 4);
        const QString good = plainSku(*s.sim, 5);
        // Odoo accepts a negative price; PrestaShop refuses it (isPrice): a permanent error.
        QVERIFY(editErp(*s.sim, bad, {{QStringLiteral("list_price"), -5.0}}));
        QVERIFY(editErp(*s.sim, good, {{QStringLiteral("list_price"), 19.9}}));
        const qint64 seq = lastSeq(*s.sim);
        auto report = syncOnce(*s.engine);
        QVERIFY2(report, qPrintable(report ? QString() : report.error().toString()));
        QCOMPARE(report->drain.dead, 1);
        QCOMPARE(report->drain.applied, 1);
        QCOMPARE(shopProduct(*s.sim, good).value(QStringLiteral("price")).toString().toDouble(), 19.9);
        auto letters = s.engine->queue().deadLetters({}, 0, 10);
        QVERIFY(letters && letters->jobs.size() == 1);
        QVERIFY(letters->jobs.first().payload.contains(bad.toUtf8()));
        DeltaFilter filter;
        filter.sku = bad;
        auto history = s.engine->store().deltas(filter, 0, 10);
        QVERIFY(history && !history->isEmpty());
        QVERIFY(history->first().outcome == DeltaOutcome::Failed);
        // The failure is not planned again on every pass: it waits for an operator in the queue.
        auto next = syncOnce(*s.engine);
        QVERIFY(next);
        QCOMPARE(next->pass.jobsEnqueued, 0);
        QCOMPARE(writesOf(apiWrites(*s.sim, QStringLiteral("prestashop"), seq), good), 1);
    }

    void anOlderWriteNeverLandsAfterANewerOne()
    {
        // The ERP changes a price, the shop is briefly unavailable for that write, the ERP changes
        // the price again and that write goes through. When the first write's retry comes due it
        // must not put the older price back (its echo would even be taken for ours).
        SimProcess sim;
        QVERIFY2(sim.start(100).isEmpty(), "sim");
        auto clock = std::make_shared<ShiftedClock>();
        QTemporaryDir dir;
        auto engine = openEngine(makeProfile(sim), dir, clock);
        QVERIFY(engine);
        QVERIFY(syncOnce(*engine));
        const QString sku = plainSku(sim, 9);

        QVERIFY(editErp(sim, sku, {{QStringLiteral("list_price"), 10.0}}));
        sim.addFault({{QStringLiteral("peer"), QStringLiteral("prestashop")},
                      {QStringLiteral("route"), QStringLiteral("PATCH /api/products/*")},
                      {QStringLiteral("kind"), QStringLiteral("error")},
                      {QStringLiteral("status"), 503},
                      {QStringLiteral("count"), 1}});
        auto first = syncOnce(*engine);
        QVERIFY2(first, qPrintable(errorOf(first)));
        QCOMPARE(first->drain.retrying, 1);
        const qint64 seq = lastSeq(sim);

        QVERIFY(editErp(sim, sku, {{QStringLiteral("list_price"), 20.0}}));
        auto second = syncOnce(*engine);
        QVERIFY2(second, qPrintable(errorOf(second)));
        QCOMPARE(second->drain.applied, 1);
        QCOMPARE(shopProduct(sim, sku).value(QStringLiteral("price")).toString().toDouble(), 20.0);

        clock->shiftMs += 12 * 3600 * 1000; // every retry is due
        auto late = drain(*engine);
        QVERIFY2(late, qPrintable(errorOf(late)));
        QCOMPARE(late->superseded, 1);
        QCOMPARE(late->applied, 0);
        QCOMPARE(shopProduct(sim, sku).value(QStringLiteral("price")).toString().toDouble(), 20.0);
        QCOMPARE(writesOf(apiWrites(sim, QStringLiteral("prestashop"), seq), sku), 1);
        DeltaFilter filter;
        filter.sku = sku;
        filter.outcome = DeltaOutcome::Superseded;
        auto history = engine->store().deltas(filter, 0, 10);
        QVERIFY(history);
        QCOMPARE(history->size(), 1);
        QCOMPARE(history->first().newValue, QStringLiteral("10"));

        // Nothing is left to do, nothing is written again.
        auto after = syncOnce(*engine);
        QVERIFY2(after, qPrintable(errorOf(after)));
        QCOMPARE(after->pass.jobsEnqueued, 0);
        QCOMPARE(after->drain.pending, 0);
        QCOMPARE(writesOf(apiWrites(sim, QStringLiteral("prestashop"), seq), sku), 1);
    }

    void aCrashBetweenPlanningAndApplyingLosesAndRepeatsNothing()
    {
        Started s = startSynced();
        QVERIFY(s.engine);
        const QString sku = plainSku(*s.sim, 6);
        QVERIFY(editErp(*s.sim, sku, {{QStringLiteral("list_price"), 31.5}}));
        const qint64 seq = lastSeq(*s.sim);
        auto planned = awaitResult<PassReport>([&](auto done) { s.engine->runPass(done); });
        QVERIFY(planned);
        QCOMPARE(planned->jobsEnqueued, 1);
        s.engine.reset(); // the process ends before applying anything
        auto reopened = SyncEngine::open(makeProfile(*s.sim), s.dbPath(), nullptr);
        QVERIFY(reopened);
        auto again = syncOnce(**reopened);
        QVERIFY(again);
        QCOMPARE(again->pass.jobsEnqueued, 0); // already planned: not planned twice
        QCOMPARE(again->drain.applied, 1);     // and not lost
        QCOMPARE(shopProduct(*s.sim, sku).value(QStringLiteral("price")).toString().toDouble(), 31.5);
        QCOMPARE(writesOf(apiWrites(*s.sim, QStringLiteral("prestashop"), seq), sku), 1);
    }

    void anErpEditOfTheShopsDescriptionIsRevertedFromTheShop()
    {
        // Descriptions are compared by fingerprint only, so the shop's text is read back just before
        // the ERP is corrected.
        Started s = startSynced();
        QVERIFY(s.engine);
        const QString sku = plainSku(*s.sim, 7);
        const QString shopText = shopProduct(*s.sim, sku).value(QStringLiteral("description")).toObject()
                                     .value(QStringLiteral("1")).toString();
        QVERIFY(!shopText.isEmpty());
        QVERIFY(editErp(*s.sim, sku, {{QStringLiteral("description_sale"), QStringLiteral("typed in the ERP")}}));
        auto report = syncOnce(*s.engine);
        QVERIFY(report);
        QCOMPARE(report->pass.conflicts, 1);
        QCOMPARE(report->drain.applied, 1);
        QCOMPARE(erpProduct(*s.sim, sku).value(QStringLiteral("description_sale")).toString(), shopText);
        auto conflicts = s.engine->store().conflicts(false, 0, 10);
        QVERIFY(conflicts && conflicts->size() == 1);
        QVERIFY(conflicts->first().resolution == ConflictResolution::Ownership);
        QVERIFY(conflicts->first().winner == Side::Shop);
        QCOMPARE(conflicts->first().erpValue.toString(), QStringLiteral("typed in the ERP"));
    }

    void aCrashAfterEnqueueingButBeforeCommittingPlansNothingTwice()
    {
        // The jobs are durable before the shadows and cursors move. A crash in between leaves the
        // jobs queued and the old cursors: the next pass plans the same writes, and their
        // idempotency keys return the queued jobs instead of adding second ones.
        Started s = startSynced();
        QVERIFY(s.engine);
        const QString before = s.dir->filePath(QStringLiteral("before.db"));
        QVERIFY(s.engine->queue().purgeDone(0).ok()); // a quiet moment: nothing in flight
        {
            auto copy = s.engine->store().database().prepare(QStringLiteral("VACUUM INTO ?"));
            QVERIFY(copy);
            copy->addBindValue(before);
            QVERIFY(s.engine->store().database().exec(*copy).ok());
        }
        const QString sku = plainSku(*s.sim, 8);
        QVERIFY(editErp(*s.sim, sku, {{QStringLiteral("list_price"), 44.4}}));
        const qint64 seq = lastSeq(*s.sim);
        auto planned = awaitResult<PassReport>([&](auto done) { s.engine->runPass(done); });
        QVERIFY(planned && planned->jobsEnqueued == 1);
        // Undo what the commit wrote, keeping the queued job: the state a crash at that point leaves.
        Database &db = s.engine->store().database();
        QVERIFY(db.exec(QStringLiteral("ATTACH DATABASE '%1' AS old").arg(before)).ok());
        for (const char *table : {"sync_shadow", "sync_cursor", "origin_ledger"}) {
            QVERIFY(db.exec(QStringLiteral("DELETE FROM main.%1").arg(QLatin1String(table))).ok());
            QVERIFY(db.exec(QStringLiteral("INSERT INTO main.%1 SELECT * FROM old.%1").arg(QLatin1String(table))).ok());
        }
        QVERIFY(db.exec(QStringLiteral("DETACH DATABASE old")).ok());
        auto again = syncOnce(*s.engine);
        QVERIFY2(again, qPrintable(again ? QString() : again.error().toString()));
        QCOMPARE(again->pass.jobsEnqueued, 0);
        QCOMPARE(again->drain.applied, 1);
        QCOMPARE(shopProduct(*s.sim, sku).value(QStringLiteral("price")).toString().toDouble(), 44.4);
        QCOMPARE(writesOf(apiWrites(*s.sim, QStringLiteral("prestashop"), seq), sku), 1);
    }
};

QTEST_GUILESS_MAIN(TestSyncEngine)
#include "tst_syncengine.moc"
