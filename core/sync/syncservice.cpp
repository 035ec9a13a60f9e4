#include "syncservice.h"

#include "common/redactor.h"
#include "reconcile/reconcilerunner.h"
#include "reconcile/reconcileschedule.h"
#include "sync/syncengine.h"

#include <QLoggingCategory>
#include <QPointer>
#include <QThread>
#include <QTimeZone>
#include <QTimer>

namespace syncsmart {

namespace {
Q_LOGGING_CATEGORY(lcSyncService, "core.sync.service", QtInfoMsg)
constexpr int kScheduleCheckMs = 60'000;
constexpr int kRunsListed = 100; // the runs a console lists
const QString kScheduleTrigger = QStringLiteral("schedule");
} // namespace

// The part of the service that lives on the sync thread. Every member is touched on that thread
// only; the facade reaches it through queued invocations. It emits the facade's signals directly
// (from this thread): the facade outlives it, because its destructor joins the thread first.
class SyncServiceWorker final : public QObject
{
public:
    SyncServiceWorker(SyncService *service, SyncProfile profile, QString databasePath,
                      std::shared_ptr<const Clock> clock)
        : m_service(service)
        , m_profile(std::move(profile))
        , m_databasePath(std::move(databasePath))
        , m_clock(std::move(clock))
        , m_timer(new QTimer(this)) // a child: it moves to the sync thread with the worker
        , m_scheduleTimer(new QTimer(this))
    {
        m_scheduleTimer->setInterval(kScheduleCheckMs);
        connect(m_scheduleTimer, &QTimer::timeout, this, [this] { checkSchedule(); });
        m_timer->setSingleShot(true);
        m_timer->setInterval(std::max(1, m_profile.sync.pollIntervalS) * 1000);
        connect(m_timer, &QTimer::timeout, this, [this] {
            if (m_mode == Mode::Running)
                runCycle(CycleKind::PassAndDrain);
        });
    }

    ~SyncServiceWorker() override
    {
        // Runs on the sync thread as it finishes. Whatever the engine answers while it is torn
        // down (aborted requests) must not start anything new.
        m_closing = true;
        m_timer->stop();
        m_scheduleTimer->stop();
        if (m_runner)
            m_runner->abandon(); // a run in flight ends with the engine, unrecorded (it stays "running")
        if (m_engine)
            m_engine->requestStop();
        m_engine.reset();
    }

    void start()
    {
        m_mode = Mode::Running;
        if (m_profile.reconcile.schedule.isOn()) {
            if (m_watchingSinceMs == 0)
                m_watchingSinceMs = m_clock->nowMs();
            m_scheduleTimer->start();
            // After the first pass has started: a run missed while SyncSmart was closed runs now.
            QMetaObject::invokeMethod(this, [this] { checkSchedule(); }, Qt::QueuedConnection);
        }
        if (m_busy)
            publishState(); // the cycle in flight schedules the next pass when it ends
        else
            runCycle(CycleKind::PassAndDrain);
    }

    void pause()
    {
        m_mode = Mode::Paused;
        m_timer->stop();
        m_scheduleTimer->stop();
        publishSchedule();
        m_passWanted = false;
        m_drainWanted = false;
        m_drainAllowed = false;
        if (m_draining && m_engine)
            m_engine->requestStop(); // the jobs on the wire finish, no new ones are taken
        publishState();
    }

    void syncNow()
    {
        if (m_busy) {
            m_passWanted = true; // never two passes at once: one more follows the one in flight
            return;
        }
        runCycle(CycleKind::PassAndDrain);
    }

    void decide(qint64 conflictId, const ConflictDecision &decision, const QString &actor)
    {
        if (!ensureEngine()) {
            notifyDecision(conflictId, false, m_lastOpenError);
            return;
        }
        Result<ConflictRecord> decided = m_engine->decide(conflictId, decision, actor);
        if (!decided) {
            notifyDecision(conflictId, false, m_redactor->redact(decided.error().message));
            return;
        }
        const ConflictRecord &c = *decided;
        QString message = QStringLiteral("Conflict #%1 (SKU %2, %3) decided by %4.")
                              .arg(QString::number(c.id), c.sku, c.field, c.decidedBy);
        if (m_mode == Mode::Paused)
            message += QStringLiteral(" The sync is paused: the value is written when it runs again.");
        notifyDecision(conflictId, true, message);
        // The winning value is queued; write it now rather than at the next pass.
        if (m_mode != Mode::Paused && c.jobId != 0)
            wantDrain();
    }

    void loadDeltas(quint64 requestId, DeltaFilter filter, int limit)
    {
        if (!ensureEngine())
            return notifyHistoryFailed(requestId, m_lastOpenError);
        auto rows = m_engine->store().deltas(filter, 0, limit);
        DeltaFilter all = filter;
        all.beforeId = 0;
        auto total = m_engine->store().deltaCount(all);
        if (!rows || !total) {
            return notifyHistoryFailed(requestId, m_redactor->redact((!rows ? rows.error() : total.error()).message));
        }
        post([service = m_service, requestId, rows = std::move(*rows), total = *total] {
            Q_EMIT service->deltasLoaded(requestId, rows, total);
        });
    }

    void loadConflicts(quint64 requestId, bool openOnly, qint64 beforeId, int limit)
    {
        if (!ensureEngine())
            return notifyHistoryFailed(requestId, m_lastOpenError);
        auto rows = m_engine->store().conflicts(openOnly, 0, limit, beforeId);
        auto open = m_engine->store().conflictCount(true);
        auto total = openOnly ? open : m_engine->store().conflictCount(false); // one count when they are the same
        if (!rows || !total || !open) {
            const Error &error = !rows ? rows.error() : !total ? total.error() : open.error();
            return notifyHistoryFailed(requestId, m_redactor->redact(error.message));
        }
        post([service = m_service, requestId, rows = std::move(*rows), total = *total, open = *open] {
            Q_EMIT service->conflictsLoaded(requestId, rows, total, open);
        });
    }

    void reconcile(const QString &actor)
    {
        if (!ensureEngine())
            return notifyReconcile(0, false, m_lastOpenError);
        if (!startReconcile(actor))
            notifyReconcile(0, false, QStringLiteral("A reconciliation is already running: wait for it, or cancel it."));
    }

    void cancelReconcile()
    {
        if (m_runner)
            m_runner->cancel();
    }

    void loadReconcile(quint64 requestId, qint64 runId)
    {
        if (!ensureEngine())
            return notifyHistoryFailed(requestId, m_lastOpenError);
        auto loaded = runner()->load(runId);
        auto runs = runner()->runs(kRunsListed);
        if (!loaded || !runs)
            return notifyHistoryFailed(requestId,
                                       m_redactor->redact(!loaded ? loaded.error().message : runs.error().message));
        ReconcileHistory history;
        // The next slot from the runs just read (the newest finished one is among them).
        history.nextScheduledMs = scheduled() ? nextScheduledRunMs(m_profile.reconcile.schedule, *runs, m_watchingSinceMs,
                                                                   QTimeZone::systemTimeZone())
                                              : -1;
        history.runs = std::move(*runs);
        post([service = m_service, requestId, run = loaded->first, diffs = std::move(loaded->second),
              history = std::move(history)] { Q_EMIT service->reconcileLoaded(requestId, run, diffs, history); });
    }

    void applyReconcile(quint64 requestId, qint64 runId, const QVector<qint64> &diffIds, const QString &actor)
    {
        if (!ensureEngine())
            return notifyApplied(requestId, false, m_lastOpenError);
        auto applied = runner()->apply(runId, diffIds, actor);
        if (!applied)
            return notifyApplied(requestId, false, m_redactor->redact(applied.error().message));
        QString message = QStringLiteral("%1 difference(s) fixed by %2 queued write(s)").arg(applied->queued).arg(applied->jobs);
        if (!applied->left.isEmpty())
            message += QStringLiteral("; %1 left to a person").arg(applied->left.size());
        message += m_mode == Mode::Paused ? QStringLiteral(". The sync is paused: they are written when it runs again.")
                                          : QStringLiteral(".");
        notifyApplied(requestId, true, message);
        if (m_mode != Mode::Paused && applied->jobs > 0)
            wantDrain();
    }

private:
    enum class Mode { Stopped, Running, Paused };

    bool scheduled() const { return m_mode == Mode::Running && m_profile.reconcile.schedule.isOn(); }

    // One run of the auditor, reported as reconcileFinished; false: one is running already.
    bool startReconcile(const QString &trigger)
    {
        const bool bySchedule = trigger == kScheduleTrigger;
        return runner()->start(trigger, [this, bySchedule](Result<qint64> runId) {
            publishSchedule(); // the next slot counts from this run
            if (!runId)
                return notifyReconcile(0, false,
                                       m_redactor->redact(QStringLiteral("The %1reconciliation failed: %2 Nothing was "
                                                                         "changed on either side.")
                                                              .arg(bySchedule ? QStringLiteral("scheduled ") : QString(),
                                                                   runId.error().message)));
            notifyReconcile(*runId, true,
                            QStringLiteral("%1 run #%2 finished.")
                                .arg(bySchedule ? QStringLiteral("Scheduled reconciliation") : QStringLiteral("Reconciliation"))
                                .arg(*runId));
        });
    }

    // The profile's schedule: a due run starts (never two at once; only while the sync runs).
    void checkSchedule()
    {
        if (m_closing || !scheduled() || (m_runner && m_runner->running()) || !ensureEngine())
            return;
        auto due = runner()->nextScheduledMs(m_watchingSinceMs);
        if (!due) {
            qCWarning(lcSyncService).noquote() << "The reconciliation schedule cannot read the past runs:"
                                               << m_redactor->redact(due.error().message);
            return;
        }
        if (*due >= 0 && *due <= m_clock->nowMs())
            startReconcile(kScheduleTrigger); // its end publishes the slot after it
        else if (*due != m_publishedNextMs)
            publishSchedule(*due);
    }

    // reconcileScheduleChanged when the next scheduled run moved: -1 while the sync is not running
    // (or there is no schedule); otherwise read from the stored runs.
    void publishSchedule()
    {
        qint64 next = -1;
        if (scheduled() && !m_closing && ensureEngine()) {
            auto due = runner()->nextScheduledMs(m_watchingSinceMs);
            if (due)
                next = *due;
        }
        publishSchedule(next);
    }
    void publishSchedule(qint64 nextMs)
    {
        if (nextMs == m_publishedNextMs)
            return;
        m_publishedNextMs = nextMs;
        post([service = m_service, nextMs] { Q_EMIT service->reconcileScheduleChanged(nextMs); });
    }

    // Once the engine is open.
    ReconcileRunner *runner()
    {
        if (!m_runner) {
            m_runner = new ReconcileRunner(*m_engine, *m_clock, this);
            connect(m_runner, &ReconcileRunner::progress, this, [this](const ReconcileProgress &p) {
                post([service = m_service, p] { Q_EMIT service->reconcileProgress(p); });
            });
        }
        return m_runner;
    }

    // Queued writes go out now rather than at the next pass (after the cycle in flight, if any).
    void wantDrain()
    {
        if (m_busy)
            m_drainWanted = true;
        else
            runCycle(CycleKind::DrainOnly);
    }
    void notifyReconcile(qint64 runId, bool ok, const QString &message)
    {
        post([service = m_service, runId, ok, message] { Q_EMIT service->reconcileFinished(runId, ok, message); });
    }
    void notifyApplied(quint64 requestId, bool ok, const QString &message)
    {
        post([service = m_service, requestId, ok, message] { Q_EMIT service->reconcileApplied(requestId, ok, message); });
    }
    void notifyHistoryFailed(quint64 requestId, const QString &message)
    {
        post([service = m_service, requestId, message] { Q_EMIT service->historyFailed(requestId, message); });
    }
    enum class CycleKind { PassAndDrain, DrainOnly };

    bool ensureEngine()
    {
        if (m_engine)
            return true;
        if (!m_redactor) {
            m_redactor = Redactor::withEnvironmentSecrets();
            m_redactor->addSecret(m_profile.shop.apiKey);
            m_redactor->addSecret(m_profile.erp.apiKey);
        }
        auto engine = SyncEngine::open(m_profile, m_databasePath, m_clock, m_redactor);
        if (!engine) {
            m_lastOpenError = m_redactor->redact(
                QStringLiteral("The sync of profile \"%1\" cannot start: %2").arg(m_profile.name, engine.error().message));
            m_lastOpenErrorTransient = engine.error().category == ErrorCategory::Transient;
            qCWarning(lcSyncService).noquote() << m_lastOpenError;
            return false;
        }
        m_engine = std::move(engine).value();
        // Queued: the facade emits it on its own thread, like all of its signals.
        connect(m_engine.get(), &SyncEngine::event, m_service, &SyncService::event, Qt::QueuedConnection);
        return true;
    }

    void runCycle(CycleKind kind)
    {
        if (m_busy || m_closing)
            return;
        m_timer->stop();
        if (!ensureEngine()) {
            notifyFailed(m_lastOpenError);
            // A busy database clears by itself: keep the schedule. Anything else needs a person.
            if (m_mode == Mode::Running && !m_lastOpenErrorTransient) {
                m_mode = Mode::Stopped;
                publishSchedule();
            }
            scheduleNext();
            return;
        }
        m_busy = true;
        m_drainAllowed = true;
        m_passWanted = false;
        if (kind == CycleKind::DrainOnly)
            m_drainWanted = false;
        publishState();
        if (kind == CycleKind::DrainOnly) {
            startDrain({}, false);
            return;
        }
        QPointer<SyncServiceWorker> self(this);
        m_engine->runPass([self](Result<PassReport> pass) {
            // Continue from the event loop, not from inside the engine's own call stack.
            if (!self || self->m_closing)
                return;
            QMetaObject::invokeMethod(
                self, [self, pass = std::move(pass)] { if (self && !self->m_closing) self->passDone(pass); },
                Qt::QueuedConnection);
        });
    }

    void passDone(const Result<PassReport> &pass)
    {
        if (!pass) {
            notifyFailed(m_redactor->redact(
                QStringLiteral("The sync pass of profile \"%1\" failed: %2").arg(m_profile.name, pass.error().message)));
            endCycle();
            return;
        }
        SyncOnceReport report;
        report.pass = *pass;
        if (!m_drainAllowed) { // paused during the pass: its jobs wait in the queue
            notifyPass(report);
            endCycle();
            return;
        }
        startDrain(report, true);
    }

    void startDrain(SyncOnceReport report, bool afterPass)
    {
        m_draining = true;
        QPointer<SyncServiceWorker> self(this);
        m_engine->drain([self, report, afterPass](Result<DrainReport> drain) {
            if (!self || self->m_closing)
                return;
            QMetaObject::invokeMethod(
                self,
                [self, report, afterPass, drain = std::move(drain)]() mutable {
                    if (!self || self->m_closing)
                        return;
                    self->drainDone(std::move(report), afterPass, drain);
                },
                Qt::QueuedConnection);
        });
    }

    void drainDone(SyncOnceReport report, bool afterPass, const Result<DrainReport> &drain)
    {
        m_draining = false;
        if (drain)
            report.drain = *drain;
        else
            notifyFailed(m_redactor->redact(
                QStringLiteral("Applying the queued writes of profile \"%1\" failed: %2")
                    .arg(m_profile.name, drain.error().message)));
        if (afterPass)
            notifyPass(report);
        endCycle();
    }

    void endCycle()
    {
        m_busy = false;
        m_draining = false;
        // Checked again when it runs: a pause() in between cancels the follow-up.
        if (m_passWanted || m_drainWanted)
            QMetaObject::invokeMethod(this, [this] { runWanted(); }, Qt::QueuedConnection);
        scheduleNext();
    }

    void runWanted()
    {
        if (m_passWanted)
            runCycle(CycleKind::PassAndDrain);
        else if (m_drainWanted && m_mode != Mode::Paused)
            runCycle(CycleKind::DrainOnly);
        else
            scheduleNext();
    }

    void scheduleNext()
    {
        if (m_mode == Mode::Running && !m_busy && !m_passWanted)
            m_timer->start();
        publishState();
    }

    void publishState()
    {
        SyncService::State state = SyncService::State::Stopped;
        if (m_busy)
            state = SyncService::State::Syncing;
        else if (m_mode == Mode::Running)
            state = SyncService::State::Running;
        else if (m_mode == Mode::Paused)
            state = SyncService::State::Paused;
        m_service->m_state.store(state);
        m_service->m_scheduled.store(m_mode == Mode::Running);
        post([service = m_service] { service->announceState(); });
    }

    // The facade's signals are emitted on the facade's thread: a receiver connected without a
    // context object, or a QSignalSpy, never runs on the sync thread.
    template<typename Fn>
    void post(Fn &&fn)
    {
        QMetaObject::invokeMethod(m_service, std::forward<Fn>(fn), Qt::QueuedConnection);
    }
    void notifyFailed(const QString &message)
    {
        post([service = m_service, message] { Q_EMIT service->failed(message); });
    }
    void notifyPass(const SyncOnceReport &report)
    {
        post([service = m_service, report] { Q_EMIT service->passFinished(report); });
    }
    void notifyDecision(qint64 id, bool ok, const QString &message)
    {
        post([service = m_service, id, ok, message] { Q_EMIT service->decisionDone(id, ok, message); });
    }

    SyncService *m_service;
    SyncProfile m_profile;
    QString m_databasePath;
    std::shared_ptr<const Clock> m_clock;
    std::shared_ptr<Redactor> m_redactor;
    std::unique_ptr<SyncEngine> m_engine;
    ReconcileRunner *m_runner = nullptr; // a child, created with the engine's first reconciliation use
    QTimer *m_timer;
    QTimer *m_scheduleTimer; // checks the reconciliation schedule while the sync runs
    qint64 m_watchingSinceMs = 0; // when the schedule was first watched (no run yet: the first slot after it)
    qint64 m_publishedNextMs = -1; // the next scheduled run the facade was last told of
    Mode m_mode = Mode::Stopped;
    bool m_busy = false;         // a pass or a drain is in flight
    bool m_draining = false;
    bool m_drainAllowed = true;  // cleared by pause(): the pass in flight is not followed by a drain
    bool m_passWanted = false;   // syncNow() during a cycle
    bool m_drainWanted = false;  // a decision during a cycle
    bool m_closing = false;
    QString m_lastOpenError;
    bool m_lastOpenErrorTransient = false;
};

void SyncService::ThreadStopper::operator()(QThread *thread) const
{
    thread->quit();
    thread->wait();
    delete thread;
}

SyncService::SyncService(SyncProfile profile, QString databasePath, std::shared_ptr<const Clock> clock,
                         QObject *parent)
    : QObject(parent)
    , m_profile(std::move(profile))
    , m_databasePath(std::move(databasePath))
    , m_clock(clock ? std::move(clock) : std::make_shared<SystemClock>())
{
    registerSyncMetaTypes();
    qRegisterMetaType<SyncService::State>();
    qRegisterMetaType<ReconcileRun>();
    qRegisterMetaType<QVector<StoredDiff>>();
    qRegisterMetaType<ReconcileHistory>();
}

SyncService::~SyncService()
{
    // No signals from a destructor: receivers may already be gone (or being destroyed).
    blockSignals(true);
    stop();
}

SyncServiceWorker *SyncService::ensureWorker()
{
    if (m_worker)
        return m_worker;
    auto *thread = new QThread;
    thread->setObjectName(QStringLiteral("syncsmart-sync"));
    m_worker = new SyncServiceWorker(this, m_profile, m_databasePath, m_clock);
    m_worker->moveToThread(thread);
    // Qt sends deferred deletes as the thread finishes: the worker, the engine, its connection
    // and its network access are destroyed on the thread that created and used them.
    connect(thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread.reset(thread);
    thread->start();
    return m_worker;
}

void SyncService::start()
{
    m_scheduled.store(true);
    SyncServiceWorker *worker = ensureWorker();
    QMetaObject::invokeMethod(worker, [worker] { worker->start(); }, Qt::QueuedConnection);
}

void SyncService::pause()
{
    m_scheduled.store(false);
    if (!m_worker)
        return;
    SyncServiceWorker *worker = m_worker;
    QMetaObject::invokeMethod(worker, [worker] { worker->pause(); }, Qt::QueuedConnection);
}

void SyncService::stop()
{
    if (!m_thread)
        return;
    // The worker's destructor asks the engine to stop taking jobs; leases of jobs cut short expire
    // and they run again later (the queue is at-least-once, the writes idempotent).
    m_thread.reset();
    m_worker = nullptr;
    m_scheduled.store(false);
    m_state.store(State::Stopped);
    announceState();
    qCDebug(lcSyncService) << "sync thread of profile" << m_profile.name << "stopped";
}

void SyncService::syncNow()
{
    SyncServiceWorker *worker = ensureWorker();
    QMetaObject::invokeMethod(worker, [worker] { worker->syncNow(); }, Qt::QueuedConnection);
}

void SyncService::decide(qint64 conflictId, ConflictDecision decision, QString actor)
{
    SyncServiceWorker *worker = ensureWorker();
    QMetaObject::invokeMethod(
        worker, [worker, conflictId, decision = std::move(decision), actor = std::move(actor)] {
            worker->decide(conflictId, decision, actor);
        },
        Qt::QueuedConnection);
}

void SyncService::loadDeltas(quint64 requestId, DeltaFilter filter, int limit)
{
    SyncServiceWorker *worker = ensureWorker();
    QMetaObject::invokeMethod(
        worker, [worker, requestId, filter = std::move(filter), limit] { worker->loadDeltas(requestId, filter, limit); },
        Qt::QueuedConnection);
}

void SyncService::loadConflicts(quint64 requestId, bool openOnly, qint64 beforeId, int limit)
{
    SyncServiceWorker *worker = ensureWorker();
    QMetaObject::invokeMethod(
        worker, [worker, requestId, openOnly, beforeId, limit] { worker->loadConflicts(requestId, openOnly, beforeId, limit); },
        Qt::QueuedConnection);
}

void SyncService::reconcile(QString actor)
{
    SyncServiceWorker *worker = ensureWorker();
    QMetaObject::invokeMethod(worker, [worker, actor = std::move(actor)] { worker->reconcile(actor); },
                              Qt::QueuedConnection);
}

void SyncService::cancelReconcile()
{
    if (!m_worker)
        return; // no sync thread: nothing runs to cancel
    SyncServiceWorker *worker = m_worker;
    QMetaObject::invokeMethod(worker, [worker] { worker->cancelReconcile(); }, Qt::QueuedConnection);
}

void SyncService::loadReconcile(quint64 requestId, qint64 runId)
{
    SyncServiceWorker *worker = ensureWorker();
    QMetaObject::invokeMethod(worker, [worker, requestId, runId] { worker->loadReconcile(requestId, runId); },
                              Qt::QueuedConnection);
}

void SyncService::applyReconcile(quint64 requestId, qint64 runId, QVector<qint64> diffIds, QString actor)
{
    SyncServiceWorker *worker = ensureWorker();
    QMetaObject::invokeMethod(
        worker,
        [worker, requestId, runId, ids = std::move(diffIds), actor = std::move(actor)] {
            worker->applyReconcile(requestId, runId, ids, actor);
        },
        Qt::QueuedConnection);
}

QThread *SyncService::workerThread() const
{
    return m_thread.get();
}

void SyncService::announceState()
{
    // The state now, not the one the sync thread had when it queued this: a late announcement
    // after stop() must not resurrect "Syncing".
    const State now = m_state.load();
    if (now == m_announced)
        return;
    m_announced = now;
    Q_EMIT stateChanged(now);
}

} // namespace syncsmart
