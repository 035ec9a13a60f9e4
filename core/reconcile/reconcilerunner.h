#pragma once

#include "reconcile/reconcilefix.h"
#include "reconcile/reconciler.h"
#include "reconcile/reconcilestore.h"

#include <QObject>

#include <memory>

namespace syncsmart {

class SyncEngine;

// The auditor as the console drives it, on the sync thread: one run at a time, stored as it
// finishes (a cancelled one too, partial), a stored run read back, and the fixes of chosen
// differences queued. Answers through callbacks, on this thread.
class ReconcileRunner final : public QObject
{
    Q_OBJECT
public:
    ReconcileRunner(SyncEngine &engine, const Clock &clock, QObject *parent = nullptr);
    ~ReconcileRunner() override;

    bool running() const { return m_auditor != nullptr; }
    // The options the profile implies ([reconcile] stock, pages of ten write batches).
    ReconcileOptions profileOptions() const;
    // Starts a run (with the profile's options unless given); done gets its id once stored (or why
    // it failed). false: one is running already. Progress comes as the progress signal.
    bool start(const QString &trigger, std::function<void(Result<qint64>)> done);
    bool start(const QString &trigger, const ReconcileOptions &options, std::function<void(Result<qint64>)> done);
    void cancel();
    // The engine is going away: a run in flight stops and nothing more is written to the store.
    void abandon();
    // A stored run and all its differences (runId 0: the latest; none yet: an empty run, id 0).
    Result<std::pair<ReconcileRun, QVector<StoredDiff>>> load(qint64 runId) const;
    // The stored runs, newest first.
    Result<QVector<ReconcileRun>> runs(int limit) const;
    // When the profile's schedule wants the next run (-1: no schedule), from the stored runs;
    // watchingSinceMs: when the schedule started being watched (counts when no run does).
    Result<qint64> nextScheduledMs(qint64 watchingSinceMs) const;
    // Queues the fixes of the given differences of a run (those already applied or left to a person
    // are skipped) and says what was queued and what was left.
    struct Applied
    {
        int queued = 0;    // differences a queued job fixes
        int jobs = 0;
        QStringList left;  // not applied, each with why
    };
    Result<Applied> apply(qint64 runId, const QVector<qint64> &diffIds, const QString &actor);

Q_SIGNALS:
    void progress(const syncsmart::ReconcileProgress &progress);

private:
    SyncEngine &m_engine;
    const Clock &m_clock;
    std::unique_ptr<ReconcileStore> m_store;
    Reconciler *m_auditor = nullptr;
    bool m_abandoned = false;
};

} // namespace syncsmart
