#pragma once

#include "job.h"

namespace syncsmart {

// The durable job queue. At-least-once: a claimed job stays leased until acked or failed, and an
// expired lease puts it back. Every method is one transaction. Implementations: SQLite (embedded),
// PostgreSQL (shared, later). Instances are not thread-safe: one per thread.
class JobQueue
{
public:
    virtual ~JobQueue() = default;

    // A key whose job is pending or leased returns that job instead of adding a second one.
    virtual Result<EnqueueOutcome> enqueue(const NewJob &job) = 0;
    virtual Result<QVector<EnqueueOutcome>> enqueueMany(const QVector<NewJob> &jobs) = 0;

    // Leases up to max due jobs of a target (oldest due first); nothing while the target is paused.
    // Expired leases of that target are recovered first. Each claim counts as an attempt.
    virtual Result<QVector<Job>> claim(const QString &target, int max, qint64 leaseMs, const QString &worker) = 0;
    // Marks leased jobs done; returns how many were still leased by this worker.
    virtual Result<int> ack(const QVector<qint64> &jobIds, const QString &worker) = 0;
    // Transient: retry with backoff (Retry-After honoured) until attempts run out, then dead.
    // Permanent: dead at once. Auth/config: the target is paused with the reason and the job waits.
    virtual Result<FailOutcome> fail(qint64 jobId, const QString &worker, const Error &error,
                                     std::optional<qint64> retryAfterMs = std::nullopt) = 0;
    virtual Result<int> recoverExpiredLeases() = 0;

    // Circuit breaker: paused targets keep their jobs pending without using attempts.
    // Check and change are one transaction: false means the target already was in that state, and
    // nothing was written (a pause never overwrites the reason an earlier pause gave).
    virtual Result<bool> pause(const QString &target, const QString &reason, const QString &actor) = 0;
    virtual Result<bool> resume(const QString &target, const QString &actor) = 0;
    virtual Result<bool> isPaused(const QString &target) = 0;

    virtual Result<Job> job(qint64 id) = 0;
    virtual Result<QVector<JobEvent>> history(qint64 jobId) = 0;
    virtual Result<QueueCounts> counts() = 0;

    // Dead-letter triage. Retry and discard only touch jobs that are still dead.
    virtual Result<DeadLetterPage> deadLetters(const DeadLetterFilter &filter, int offset, int limit) = 0;
    virtual Result<DeadLetterFacets> deadLetterFacets() = 0;
    virtual Result<BulkOutcome> retry(const QVector<qint64> &ids, const QString &actor) = 0;
    virtual Result<BulkOutcome> retryMatching(const DeadLetterFilter &filter, const QString &actor) = 0;
    virtual Result<BulkOutcome> discard(const QVector<qint64> &ids, const QString &reason, const QString &actor) = 0;
    virtual Result<BulkOutcome> discardMatching(const DeadLetterFilter &filter, const QString &reason,
                                                const QString &actor) = 0;
    virtual Result<QVector<AuditEntry>> auditLog(int limit, qint64 jobId = 0) = 0;

    // Housekeeping: done jobs finished before the cutoff are deleted with their history.
    virtual Result<int> purgeDone(qint64 finishedBeforeMs) = 0;
};

} // namespace syncsmart
