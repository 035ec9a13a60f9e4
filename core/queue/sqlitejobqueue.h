#pragma once

#include "jobqueue.h"
#include "retrypolicy.h"

#include "common/clock.h"
#include "common/redactor.h"
#include "storage/database.h"

#include <memory>

namespace syncsmart {

class SqliteJobQueue final : public JobQueue
{
public:
    // Opens (and migrates) the profile database at options.path on the calling thread.
    static Result<std::unique_ptr<SqliteJobQueue>> open(const DatabaseOptions &options,
                                                        std::shared_ptr<const Clock> clock,
                                                        RetryPolicy policy = {},
                                                        std::shared_ptr<const Redactor> redactor = nullptr);
    ~SqliteJobQueue() override;

    Database &database() { return *m_db; }
    const RetryPolicy &policy() const { return m_policy; }

    Result<EnqueueOutcome> enqueue(const NewJob &job) override;
    Result<QVector<EnqueueOutcome>> enqueueMany(const QVector<NewJob> &jobs) override;
    Result<QVector<Job>> claim(const QString &target, int max, qint64 leaseMs, const QString &worker) override;
    Result<int> ack(const QVector<qint64> &jobIds, const QString &worker) override;
    Result<FailOutcome> fail(qint64 jobId, const QString &worker, const Error &error,
                             std::optional<qint64> retryAfterMs = std::nullopt) override;
    Result<int> recoverExpiredLeases() override;

    Result<bool> pause(const QString &target, const QString &reason, const QString &actor) override;
    Result<bool> resume(const QString &target, const QString &actor) override;
    Result<bool> isPaused(const QString &target) override;

    Result<Job> job(qint64 id) override;
    Result<QVector<JobEvent>> history(qint64 jobId) override;
    Result<QueueCounts> counts() override;

    Result<DeadLetterPage> deadLetters(const DeadLetterFilter &filter, int offset, int limit) override;
    Result<DeadLetterFacets> deadLetterFacets() override;
    Result<BulkOutcome> retry(const QVector<qint64> &ids, const QString &actor) override;
    Result<BulkOutcome> retryMatching(const DeadLetterFilter &filter, const QString &actor) override;
    Result<BulkOutcome> discard(const QVector<qint64> &ids, const QString &reason, const QString &actor) override;
    Result<BulkOutcome> discardMatching(const DeadLetterFilter &filter, const QString &reason,
                                        const QString &actor) override;
    Result<QVector<AuditEntry>> auditLog(int limit, qint64 jobId = 0) override;
    Result<int> purgeDone(qint64 finishedBeforeMs) override;

private:
    struct Statements;
    SqliteJobQueue(std::unique_ptr<Database> db, std::shared_ptr<const Clock> clock, RetryPolicy policy,
                   std::shared_ptr<const Redactor> redactor);
    Status prepareStatements();

    Result<EnqueueOutcome> enqueueInTransaction(const NewJob &job, qint64 now);
    Result<FailOutcome> recordFailure(qint64 jobId, const QString &worker, const Error &error,
                                      std::optional<qint64> retryAfterMs);
    Result<int> recoverExpired(const QString &target, qint64 now);
    Result<QVector<qint64>> matchingDeadIds(const DeadLetterFilter &filter);
    enum class Triage { Retry, Discard };
    // ids, or else all dead letters matching filter; one transaction.
    Result<BulkOutcome> triage(Triage action, const QVector<qint64> *ids, const DeadLetterFilter *filter,
                               const QString &reason, const QString &actor);
    Result<BulkOutcome> applyToDead(Triage action, const QVector<qint64> &ids, const QString &reason,
                                    const QString &actor);
    Status addEvent(qint64 jobId, qint64 at, const QString &event, int attempt, const Error *error,
                    const QString &note);
    Status setPaused(const QString &target, bool paused, const QString &reason, const QString &actor, qint64 now);
    Status addAudit(const QString &action, const Job *job, const QString &target, const QString &reason,
                    const QString &actor);
    Error clean(const Error &error) const;
    QString cleanText(const QString &text) const;
    Result<bool> changePause(const QString &target, bool pause, const QString &reason, const QString &actor);

    std::unique_ptr<Database> m_db; // declared first: statements below must go before the connection
    std::shared_ptr<const Clock> m_clock;
    RetryPolicy m_policy;
    std::shared_ptr<const Redactor> m_redactor;
    std::unique_ptr<Statements> m_st;
};

// The schema of a profile database, all modules' numbered migrations in order.
const QVector<Migration> &profileMigrations();

} // namespace syncsmart
