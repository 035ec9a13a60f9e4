#pragma once

#include "common/clock.h"
#include "sync/syncevents.h"
#include "sync/syncprofile.h"
#include "reconcile/reconcilestore.h"
#include "sync/syncstore.h"

#include <QObject>
#include <QString>

#include <atomic>
#include <memory>

class QThread;

namespace syncsmart {

class SyncServiceWorker;

// The engine in the background (DESIGN §5): a facade for the GUI thread (or any thread with an
// event loop) over a worker that lives on its own QThread. The SyncEngine, its database connection
// and its network access are created on that thread; no call here blocks on the network or the
// database, except stop() (and the destructor), which wait for the thread to finish.
// Signals are emitted on this object's thread (queued from the sync thread), carrying values.
class SyncService final : public QObject
{
    Q_OBJECT

public:
    enum class State {
        Stopped, // no periodic passes (syncNow still works)
        Running, // a pass + drain every profile.sync.pollIntervalS
        Paused,  // no passes and no draining until start() (syncNow still works)
        Syncing, // a pass or a drain is in flight
    };
    Q_ENUM(State)

    SyncService(SyncProfile profile, QString databasePath, std::shared_ptr<const Clock> clock,
                QObject *parent = nullptr);
    ~SyncService() override; // stop(), without signals

    // Continuous: a pass + drain now (or as soon as the one in flight ends), then one every
    // pollIntervalS after the previous one finished. Also resumes after pause().
    void start();
    // No new passes and no more draining; what is in flight finishes.
    void pause();
    // pause(), then the sync thread ends (the engine and its connection close there). Waits for it.
    void stop();
    // One pass + drain now, also while paused or stopped. Never two passes at once: asked during a
    // pass, one more pass follows it.
    void syncNow();
    // An operator's answer to an open conflict; the result comes as decisionDone. Unless paused, the
    // winning value is written right away (a drain), not only at the next pass.
    void decide(qint64 conflictId, syncsmart::ConflictDecision decision, QString actor);
    // History for the console's views, read on the sync thread (between the pass's network
    // callbacks); the answer comes as deltasLoaded / historyFailed with the same requestId.
    // Newest first; filter.beforeId pages back.
    void loadDeltas(quint64 requestId, syncsmart::DeltaFilter filter, int limit);
    // Reconciliation (the auditor) on the sync thread, beside the passes: one run at a time, stored;
    // progress comes as reconcileProgress, the end as reconcileFinished (a cancelled run is kept,
    // partial). actor: who asked ("console:ana"), kept with the run and on applied fixes.
    void reconcile(QString actor);
    void cancelReconcile();
    // A stored run (0: the latest) with all its differences, and the list of recent runs:
    // reconcileLoaded / historyFailed. While the sync runs (start()), the profile's [reconcile]
    // schedule starts runs by itself (trigger "schedule"): their progress and end come through the
    // same signals as a run asked for.
    void loadReconcile(quint64 requestId, qint64 runId);
    // Queues the fixes of these differences of a run and writes them (unless paused):
    // reconcileApplied says how many were queued and what was left to a person.
    void applyReconcile(quint64 requestId, qint64 runId, QVector<qint64> diffIds, QString actor);
    // A page of conflicts, newest first (openOnly: those waiting for an operator; beforeId pages
    // back, 0: the newest); the answer comes as conflictsLoaded / historyFailed.
    void loadConflicts(quint64 requestId, bool openOnly, qint64 beforeId, int limit);

    // What the sync thread is doing now; safe from any thread. Changes arrive as stateChanged.
    State state() const { return m_state.load(); }
    // Whether passes are scheduled (start() was called and neither pause() nor stop() since): a
    // pass in flight shows as Syncing either way.
    bool isScheduled() const { return m_scheduled.load(); }
    const SyncProfile &profile() const { return m_profile; }
    const QString &databasePath() const { return m_databasePath; }
    // The sync thread while it runs (tests, diagnostics); null when stopped.
    QThread *workerThread() const;

Q_SIGNALS:
    void event(const syncsmart::SyncEvent &event); // forwarded from the engine
    void passFinished(const syncsmart::SyncOnceReport &report);
    void stateChanged(syncsmart::SyncService::State state);
    // Something a person has to act on: the database cannot be opened, a peer is unreachable. The
    // message says why and what to do; the service keeps its state and tries again on the next pass.
    void failed(const QString &message);
    void decisionDone(qint64 conflictId, bool ok, const QString &message);
    // total: how many deltas match the filter without beforeId (the whole history).
    void deltasLoaded(quint64 requestId, const QVector<syncsmart::DeltaRecord> &deltas, qint64 total);
    // total: conflicts matching openOnly; open: how many wait for an operator in all.
    void conflictsLoaded(quint64 requestId, const QVector<syncsmart::ConflictRecord> &conflicts, qint64 total,
                         qint64 open);
    void historyFailed(quint64 requestId, const QString &message);
    void reconcileProgress(const syncsmart::ReconcileProgress &progress);
    void reconcileFinished(qint64 runId, bool ok, const QString &message);
    // When the [reconcile] schedule runs the auditor next (UTC ms), each time that moves: when
    // the sync starts or pauses and after each run; -1 while nothing is scheduled (no schedule,
    // or the sync is not running).
    void reconcileScheduleChanged(qint64 nextRunMs);
    // history: the recent runs (newest first) and when the schedule runs the next one.
    void reconcileLoaded(quint64 requestId, const syncsmart::ReconcileRun &run,
                         const QVector<syncsmart::StoredDiff> &diffs, const syncsmart::ReconcileHistory &history);
    void reconcileApplied(quint64 requestId, bool ok, const QString &message);

private:
    friend class SyncServiceWorker;
    struct ThreadStopper
    {
        void operator()(QThread *thread) const; // quit + wait + delete: the RAII end of the thread
    };

    SyncServiceWorker *ensureWorker();
    void announceState(); // on this object's thread: stateChanged when the state moved

    SyncProfile m_profile;
    QString m_databasePath;
    std::shared_ptr<const Clock> m_clock;
    std::atomic<State> m_state{State::Stopped}; // written by the sync thread (by stop() once it ended)
    std::atomic<bool> m_scheduled{false}; // set by start()/pause()/stop(), then by the sync thread
    State m_announced = State::Stopped;
    std::unique_ptr<QThread, ThreadStopper> m_thread;
    SyncServiceWorker *m_worker = nullptr; // lives on m_thread, deleted there when it finishes
};

} // namespace syncsmart
