// SyncService as the console uses it: a facade on the test (GUI) thread, the engine on its own
// thread, against syncsmart-sim over loopback. What matters: passes run and report, events arrive on
// the caller's thread, pause really stops the schedule, no two passes overlap, and stopping or
// destroying the service in the middle of a pass neither hangs nor crashes.
#include "awaitresult.h"
#include "simprocess.h"

#include "sync/syncservice.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QLoggingCategory>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QTemporaryDir>
#include <QThread>
#include <QtTest>

using namespace syncsmart;
using namespace syncsmart::testing;

class TestSyncService : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void syncNowRunsAPassOffTheCallersThread();
    void pauseStopsThePeriodicPasses();
    void passesNeverOverlap();
    void decidingAnUnknownConflictSaysWhy();
    void aDatabaseThatCannotBeOpenedIsReported();
    void stopAndDestroyDuringAPassAreQuick();
    void scheduledReconciliationRunsWhenDueAndOnlyThen();

private:
    SyncProfile profile(int pollIntervalS = 60) const;
    std::unique_ptr<SyncService> makeService(int pollIntervalS = 60, QString databasePath = {});
    int apiWrites();

    SimProcess m_sim;
    std::unique_ptr<QTemporaryDir> m_dir;
};

// Reports as they arrive, in order, on the thread that connected (the test's).
struct Recorder
{
    QVector<SyncOnceReport> passes;
    QVector<SyncEvent> events;
    QVector<QThread *> eventThreads;
    QStringList failures;
    QVector<SyncService::State> states;

    void attach(SyncService &service, QObject *context)
    {
        QObject::connect(&service, &SyncService::passFinished, context,
                         [this](const SyncOnceReport &r) { passes.append(r); });
        QObject::connect(&service, &SyncService::event, context, [this](const SyncEvent &e) {
            events.append(e);
            eventThreads.append(QThread::currentThread());
        });
        QObject::connect(&service, &SyncService::failed, context, [this](const QString &m) { failures.append(m); });
        QObject::connect(&service, &SyncService::stateChanged, context,
                         [this](SyncService::State s) { states.append(s); });
    }
};

void TestSyncService::initTestCase()
{
    QLoggingCategory::setFilterRules(QStringLiteral("core.*.info=false"));
    // 200 SKUs; some differ, some exist only in the ERP, so the first pass has writes to make.
    const QString problem = m_sim.start(200, {QStringLiteral("--quiet"), QStringLiteral("--field-mismatch"),
                                              QStringLiteral("0.2"), QStringLiteral("--missing-in-shop"),
                                              QStringLiteral("0.05")});
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
}

void TestSyncService::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestSyncService::cleanup()
{
    m_dir.reset();
}

SyncProfile TestSyncService::profile(int pollIntervalS) const
{
    SyncProfile p;
    p.name = QStringLiteral("service-test");
    p.shop.endpoint.peerName = QStringLiteral("PrestaShop");
    p.shop.endpoint.baseUrl = QUrl(m_sim.prestashopUrl());
    p.shop.endpoint.limits.requestsPerSecond = 0;
    p.shop.apiKey = m_sim.prestashopKey();
    p.shop.shopTimeZone = QTimeZone(m_sim.shopTimezone().toUtf8());
    p.erp.endpoint.peerName = QStringLiteral("Odoo");
    p.erp.endpoint.baseUrl = QUrl(m_sim.odooBaseUrl());
    p.erp.endpoint.limits.requestsPerSecond = 0;
    p.erp.database = m_sim.odooDatabase();
    p.erp.login = m_sim.odooLogin();
    p.erp.apiKey = m_sim.odooKey();
    p.sync.pollIntervalS = pollIntervalS;
    return p;
}

std::unique_ptr<SyncService> TestSyncService::makeService(int pollIntervalS, QString databasePath)
{
    if (databasePath.isEmpty())
        databasePath = m_dir->filePath(QStringLiteral("syncsmart.db"));
    return std::make_unique<SyncService>(profile(pollIntervalS), databasePath, std::make_shared<SystemClock>());
}

int TestSyncService::apiWrites()
{
    return m_sim.control(QStringLiteral("effects"), QJsonValue::Undefined, QStringLiteral("source=api&limit=1"))
        .value(QStringLiteral("total"))
        .toInt();
}

void TestSyncService::syncNowRunsAPassOffTheCallersThread()
{
    m_sim.clearEffects();
    auto service = makeService();
    Recorder rec;
    rec.attach(*service, this);
    QVERIFY(service->state() == SyncService::State::Stopped);

    service->syncNow();
    QTRY_VERIFY_WITH_TIMEOUT(rec.passes.size() == 1 || !rec.failures.isEmpty(), 120'000);
    QVERIFY2(rec.failures.isEmpty(), qPrintable(rec.failures.join('\n')));
    const SyncOnceReport &r = rec.passes.first();
    QVERIFY2(rec.failures.isEmpty(), qPrintable(rec.failures.join('\n')));
    QVERIFY(r.pass.firstSync);
    QVERIFY(r.pass.shopRecordsRead > 0);
    QVERIFY(r.pass.erpRecordsRead > 0);
    QVERIFY(r.pass.jobsEnqueued > 0);
    QVERIFY(r.drain.applied > 0);
    QCOMPARE(r.drain.dead, 0);
    // The writes reached the peers: the simulator saw at least as many API writes as were applied.
    QVERIFY2(apiWrites() >= r.drain.applied, qPrintable(QString::number(apiWrites())));

    // Events came to this thread, queued; the engine itself ran on the service's own thread, and
    // its database connection belongs to that thread (QtSql refuses it to any other).
    QVERIFY(!rec.events.isEmpty());
    for (QThread *t : std::as_const(rec.eventThreads))
        QCOMPARE(t, QThread::currentThread());
    QVERIFY(std::any_of(rec.events.cbegin(), rec.events.cend(),
                        [](const SyncEvent &e) { return e.type == SyncEvent::Type::Delta; }));
    QThread *worker = service->workerThread();
    QVERIFY(worker);
    QVERIFY(worker != QThread::currentThread());
    QVERIFY(worker->isRunning());
    const QStringList connections = QSqlDatabase::connectionNames();
    QVERIFY(!connections.isEmpty());
    for (const QString &name : connections) {
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("does not belong to the calling thread")));
        QVERIFY2(!QSqlDatabase::database(name, false).isValid(), qPrintable(name));
    }

    // Syncing while it ran, back to Stopped (never started) after.
    QTRY_VERIFY(service->state() == SyncService::State::Stopped);
    QVERIFY(rec.states.contains(SyncService::State::Syncing));
    QCOMPARE(rec.states.last(), SyncService::State::Stopped);

    // A second pass over an unchanged catalog writes nothing.
    const int writesBefore = apiWrites();
    service->syncNow();
    QTRY_VERIFY_WITH_TIMEOUT(rec.passes.size() == 2 || !rec.failures.isEmpty(), 120'000);
    QVERIFY2(rec.failures.isEmpty(), qPrintable(rec.failures.join('\n')));
    QVERIFY(!rec.passes.last().pass.firstSync);
    QCOMPARE(rec.passes.last().pass.jobsEnqueued, 0);
    QCOMPARE(rec.passes.last().drain.applied, 0);
    QCOMPARE(apiWrites(), writesBefore);

    service->stop();
    QVERIFY(service->state() == SyncService::State::Stopped);
    QVERIFY(!service->workerThread());
    QVERIFY(QSqlDatabase::connectionNames().isEmpty()); // closed on its thread when it ended
}

void TestSyncService::pauseStopsThePeriodicPasses()
{
    auto service = makeService(1);
    Recorder rec;
    rec.attach(*service, this);
    service->start();
    // The first pass at once, the next one a second after it ended.
    QTRY_VERIFY_WITH_TIMEOUT(rec.passes.size() >= 3 || !rec.failures.isEmpty(), 120'000);
    QVERIFY2(rec.failures.isEmpty(), qPrintable(rec.failures.join('\n')));

    service->pause();
    QTRY_VERIFY_WITH_TIMEOUT(service->state() == SyncService::State::Paused, 60'000);
    const int passesWhenPaused = rec.passes.size();
    QTest::qWait(3'000); // three poll intervals
    QCOMPARE(rec.passes.size(), passesWhenPaused);
    QVERIFY(service->state() == SyncService::State::Paused);
    QCOMPARE(rec.states.last(), SyncService::State::Paused);

    // Sync now works while paused, and the service stays paused after it.
    service->syncNow();
    QTRY_COMPARE_WITH_TIMEOUT(rec.passes.size(), passesWhenPaused + 1, 60'000);
    QTRY_VERIFY(service->state() == SyncService::State::Paused);
    QTest::qWait(2'500);
    QCOMPARE(rec.passes.size(), passesWhenPaused + 1);

    // start() resumes the schedule.
    service->start();
    QTRY_VERIFY_WITH_TIMEOUT(rec.passes.size() >= passesWhenPaused + 3, 60'000);
    QVERIFY(service->state() != SyncService::State::Paused);
}

void TestSyncService::passesNeverOverlap()
{
    auto service = makeService(1);
    Recorder rec;
    rec.attach(*service, this);
    service->start();
    for (int i = 0; i < 5; ++i)
        service->syncNow();
    QTRY_VERIFY_WITH_TIMEOUT(rec.passes.size() >= 4 || !rec.failures.isEmpty(), 120'000);
    service->stop();
    QVERIFY2(rec.failures.isEmpty(), qPrintable(rec.failures.join('\n')));
    for (int i = 1; i < rec.passes.size(); ++i) {
        const PassReport &before = rec.passes.at(i - 1).pass;
        const PassReport &after = rec.passes.at(i).pass;
        QVERIFY(after.passId > before.passId);
        QVERIFY2(after.startedMs >= before.finishedMs,
                 qPrintable(QStringLiteral("pass %1 started at %2, before pass %3 finished at %4")
                                .arg(after.passId)
                                .arg(after.startedMs)
                                .arg(before.passId)
                                .arg(before.finishedMs)));
    }
}

void TestSyncService::decidingAnUnknownConflictSaysWhy()
{
    auto service = makeService();
    QSignalSpy done(service.get(), &SyncService::decisionDone);
    service->decide(987654, ConflictDecision{ConflictDecision::Kind::TakeErp, {}}, QStringLiteral("tester"));
    QVERIFY(done.wait(30'000));
    QCOMPARE(done.size(), 1);
    QCOMPARE(done.first().at(0).toLongLong(), 987654);
    QCOMPARE(done.first().at(1).toBool(), false);
    const QString message = done.first().at(2).toString();
    QVERIFY2(message.contains(QStringLiteral("987654")), qPrintable(message));
}

void TestSyncService::aDatabaseThatCannotBeOpenedIsReported()
{
    // A folder where the database file should be: it cannot be opened.
    const QString path = m_dir->filePath(QStringLiteral("blocked.db"));
    QVERIFY(QDir().mkpath(path));
    auto service = makeService(1, path);
    Recorder rec;
    rec.attach(*service, this);
    QSignalSpy decided(service.get(), &SyncService::decisionDone);

    service->start();
    QTRY_COMPARE_WITH_TIMEOUT(rec.failures.size(), 1, 30'000);
    QVERIFY2(rec.failures.first().contains(QStringLiteral("blocked.db")), qPrintable(rec.failures.first()));
    // Not a busy database: it needs a person, so the schedule stops instead of failing every second.
    QTRY_VERIFY(service->state() == SyncService::State::Stopped);
    QTest::qWait(2'500);
    QCOMPARE(rec.failures.size(), 1);
    QVERIFY(rec.passes.isEmpty());

    service->decide(1, ConflictDecision{}, QStringLiteral("tester"));
    QVERIFY(decided.wait(30'000));
    QCOMPARE(decided.first().at(1).toBool(), false);
    QVERIFY(decided.first().at(2).toString().contains(QStringLiteral("blocked.db")));
}

void TestSyncService::stopAndDestroyDuringAPassAreQuick()
{
    // The peers at their real speed, so a first pass over the catalog takes a while.
    SimProcess slow;
    const QString problem = slow.start(200, {QStringLiteral("--quiet"), QStringLiteral("--cost"), QStringLiteral("real"),
                                             QStringLiteral("--field-mismatch"), QStringLiteral("0.5"),
                                             QStringLiteral("--seed"), QStringLiteral("7")});
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    auto slowProfile = [&] {
        SyncProfile p = profile();
        p.shop.endpoint.baseUrl = QUrl(slow.prestashopUrl());
        p.shop.apiKey = slow.prestashopKey();
        p.erp.endpoint.baseUrl = QUrl(slow.odooBaseUrl());
        p.erp.database = slow.odooDatabase();
        p.erp.apiKey = slow.odooKey();
        return p;
    };
    const QString db = m_dir->filePath(QStringLiteral("slow.db"));

    for (const bool destroy : {false, true}) {
        auto service = std::make_unique<SyncService>(slowProfile(), db, std::make_shared<SystemClock>());
        Recorder rec;
        rec.attach(*service, this);
        service->start();
        // In the middle of the pass: it has started reading and not finished.
        QTRY_VERIFY_WITH_TIMEOUT(!rec.events.isEmpty(), 60'000);
        QVERIFY(service->state() == SyncService::State::Syncing);
        QVERIFY(rec.passes.isEmpty());
        QElapsedTimer timer;
        timer.start();
        if (destroy) {
            service.reset();
        } else {
            service->stop();
            QVERIFY(service->state() == SyncService::State::Stopped);
        }
        // A hang check, not a speed goal: the thread must end, with its requests aborted.
        QVERIFY2(timer.elapsed() < 30'000, qPrintable(QString::number(timer.elapsed())));
        QVERIFY(QSqlDatabase::connectionNames().isEmpty());
    }

    // Nothing was left broken: a new service on the same database completes a pass.
    auto service = std::make_unique<SyncService>(slowProfile(), db, std::make_shared<SystemClock>());
    Recorder rec;
    rec.attach(*service, this);
    service->syncNow();
    QTRY_VERIFY_WITH_TIMEOUT(rec.passes.size() == 1 || !rec.failures.isEmpty(), 180'000);
    QVERIFY2(rec.failures.isEmpty(), qPrintable(rec.failures.join('\n')));
}

QTEST_GUILESS_MAIN(TestSyncService)
#include "tst_syncservice.moc"

void TestSyncService::scheduledReconciliationRunsWhenDueAndOnlyThen()
{
    auto clock = std::make_shared<TestClock>(QDateTime::currentMSecsSinceEpoch());
    SyncProfile p = profile(3600);
    p.reconcile.schedule = *ReconcileSchedule::parse(QStringLiteral("every 24 h"));
    const QString db = m_dir->filePath(QStringLiteral("syncsmart.db"));
    const qint64 day = 24 * 3600 * 1000;
    auto history = [](SyncService &service) {
        QSignalSpy loaded(&service, &SyncService::reconcileLoaded);
        service.loadReconcile(7, 0);
        if (!loaded.wait(60'000))
            return std::make_pair(ReconcileRun(), ReconcileHistory());
        return std::make_pair(loaded.first().at(1).value<ReconcileRun>(), loaded.first().at(3).value<ReconcileHistory>());
    };
    // A run by hand: the schedule counts from it. Without start() the schedule is not watched.
    qint64 byHandMs = clock->nowMs();
    {
        SyncService service(p, db, clock);
        QSignalSpy finished(&service, &SyncService::reconcileFinished);
        service.reconcile(QStringLiteral("console:test"));
        QVERIFY(finished.wait(120'000));
        QVERIFY2(finished.first().at(1).toBool(), qPrintable(finished.first().at(2).toString()));
        QCOMPARE(history(service).second.nextScheduledMs, -1);
    }
    // 23 hours later the sync starts: nothing is due; the view is told when the next run is.
    clock->advanceSecs(23 * 3600);
    {
        SyncService service(p, db, clock);
        Recorder rec;
        rec.attach(service, this);
        QSignalSpy progress(&service, &SyncService::reconcileProgress);
        QSignalSpy next(&service, &SyncService::reconcileScheduleChanged);
        service.start();
        QTRY_VERIFY_WITH_TIMEOUT(rec.passes.size() >= 1 || !rec.failures.isEmpty(), 120'000);
        QVERIFY2(rec.failures.isEmpty(), qPrintable(rec.failures.join('\n')));
        QTest::qWait(500);
        QCOMPARE(progress.size(), 0);
        const auto [run, h] = history(service);
        QCOMPARE(h.runs.size(), 1);
        QCOMPARE(run.trigger, QStringLiteral("console:test"));
        QCOMPARE(h.nextScheduledMs, byHandMs + day);
        // A view that loaded before the sync started is told too, and told again when it pauses.
        QCOMPARE(next.size(), 1);
        QCOMPARE(next.last().at(0).toLongLong(), byHandMs + day);
        service.pause();
        QTRY_COMPARE_WITH_TIMEOUT(next.size(), 2, 10'000);
        QCOMPARE(next.last().at(0).toLongLong(), qint64(-1));
    }
    // 25 hours after the run by hand (SyncSmart was closed when it was due): it runs as soon as the
    // sync starts, by itself, once.
    clock->advanceSecs(2 * 3600);
    {
        SyncService service(p, db, clock);
        QSignalSpy finished(&service, &SyncService::reconcileFinished);
        QSignalSpy next(&service, &SyncService::reconcileScheduleChanged);
        service.start();
        QVERIFY(finished.wait(120'000));
        QTRY_VERIFY_WITH_TIMEOUT(!next.isEmpty(), 10'000);
        QCOMPARE(next.last().at(0).toLongLong(), clock->nowMs() + day); // the slot after this run
        QVERIFY2(finished.first().at(1).toBool(), qPrintable(finished.first().at(2).toString()));
        QVERIFY2(finished.first().at(2).toString().startsWith(QStringLiteral("Scheduled reconciliation run #")),
                 qPrintable(finished.first().at(2).toString()));
        const auto [run, h] = history(service);
        QCOMPARE(run.trigger, QStringLiteral("schedule"));
        QVERIFY(run.state == ReconcileRun::State::Done);
        QCOMPARE(h.runs.size(), 2);
        QCOMPARE(h.nextScheduledMs, clock->nowMs() + day);
        QTest::qWait(1'000);
        QCOMPARE(finished.size(), 1);
    }
}
