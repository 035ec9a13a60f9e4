#pragma once

#include "common/clock.h"
#include "common/redactor.h"
#include "common/result.h"
#include "connectors/catalogtypes.h"
#include "queue/circuitbreaker.h"
#include "sync/productplanner.h"
#include "sync/syncevents.h"
#include "sync/syncprofile.h"

#include <QObject>

#include <functional>
#include <memory>

namespace syncsmart {

class Database;
class ErpConnector;
class JobQueue;
class ShopConnector;
class SqliteJobQueue;
class SyncStore;

// The sync pipeline of DESIGN §3 for products: poll both sides from their cursors, diff against the
// shadows, drop echoes, apply the field rules, and enqueue the writes; then apply queued writes
// through the connectors. Lives on one thread (the sync thread, or a test's/the CLI's main thread):
// it owns its database connection and its connectors' network access, created on that thread.
// How often the engine reports each peer's health and latency (SyncEvent::Type::PeerStats), and the
// recent latency from which a peer counts as slow. Two consecutive failed requests count as down;
// an open circuit breaker as "circuit open".
inline constexpr int kPeerStatsIntervalMs = 2000;
inline constexpr double kSlowPeerLatencyMs = 2000;
QString peerHealthText(CircuitBreaker::State breaker, int consecutiveFailures, double latencyMs);

class SyncEngine final : public QObject
{
    Q_OBJECT

public:
    // Opens (creates, migrates) the profile's database at databasePath and builds the connectors the
    // profile names. The redactor learns the profile's secrets.
    static Result<std::unique_ptr<SyncEngine>> open(const SyncProfile &profile, const QString &databasePath,
                                                    std::shared_ptr<const Clock> clock,
                                                    std::shared_ptr<Redactor> redactor = nullptr);
    ~SyncEngine() override;

    const SyncProfile &profile() const;

    // One pass: read changes on both sides, plan, enqueue, advance the cursors (only once the jobs
    // are committed). The first pass reads both whole catalogs. Answers once, later, on this thread.
    void runPass(Done<PassReport> done);
    // Applies every due job of both targets (bounded by the peers' limits), until none is due.
    void drain(Done<DrainReport> done);
    // runPass, then drain.
    void syncOnce(Done<SyncOnceReport> done);
    // Stops taking new jobs after the ones in flight (drain answers with what is left pending).
    void requestStop();
    bool busy() const;

    // An operator's decision on an open conflict: stored with who decided, and the winning value
    // enqueued to the side(s) that do not hold it. Errors: unknown id, already decided, bad value.
    Result<ConflictRecord> decide(qint64 conflictId, const ConflictDecision &decision, const QString &actor);

    // Writes planned outside a pass (the auditor's fixes), queued like the pass's own: one job per
    // write, each field's writer recorded so an older queued value never lands after these. Returns
    // the job ids, in the order of writes.
    Result<QVector<qint64>> enqueueWrites(const QVector<PlannedWrite> &writes, const QString &origin);

    SyncStore &store();
    JobQueue &queue();
    ShopConnector &shop();
    ErpConnector &erp();

signals:
    void event(const syncsmart::SyncEvent &event);

private:
    struct Private;
    explicit SyncEngine(std::unique_ptr<Private> d);
    void emitPeerStats();
    // Enqueues one job per write, then records each field's writer and runs alongside (given the job
    // ids) in one transaction.
    Result<QVector<qint64>> queueWrites(const QVector<PlannedWrite> &writes, const QString &origin,
                                        const std::function<Status(const QVector<qint64> &)> &alongside);
    std::unique_ptr<Private> d;
};

} // namespace syncsmart
