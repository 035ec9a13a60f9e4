#pragma once

#include "common/result.h"

#include <QByteArray>
#include <QMap>
#include <QMetaType>
#include <QString>
#include <QVector>

#include <optional>

namespace syncsmart {

// pending → leased → done; leased → pending (retry at nextAttemptAt); → dead (dead-letter queue);
// dead → pending (operator retry) or → discarded (operator discard, audited).
enum class JobState { Pending, Leased, Done, Dead, Discarded };
QString toString(JobState state);
std::optional<JobState> jobStateFromString(const QString &text);
const QVector<JobState> &allJobStates();

struct NewJob
{
    QString target;         // the peer the job writes to: "shop", "erp", ...
    QString kind;           // what it does: "product.price", "stock.set", "order.push", ...
    QString idempotencyKey; // entity + key + target + content fingerprint; empty: no dedupe
    QByteArray payload;     // usually JSON
    int maxAttempts = 0;    // 0: the queue's retry policy decides
    qint64 notBeforeMs = 0; // 0: now
};

struct Job
{
    qint64 id = 0;
    QString target;
    QString kind;
    QString idempotencyKey;
    QByteArray payload;
    JobState state = JobState::Pending;
    int attempts = 0; // claims so far (an attempt counts when it is claimed)
    int maxAttempts = 0;
    qint64 createdAt = 0;
    qint64 updatedAt = 0;
    qint64 nextAttemptAt = 0;
    qint64 leaseUntil = 0;
    qint64 finishedAt = 0; // done, dead or discarded since
    QString leaseOwner;
    std::optional<Error> lastError;
};

// One line of a job's history: failures, lease expiries, dead-lettering and operator actions.
struct JobEvent
{
    qint64 id = 0;
    qint64 jobId = 0;
    qint64 at = 0;
    QString event; // "failed", "retry_scheduled", "lease_expired", "dead", "retried", "discarded", ...
    int attempt = 0;
    std::optional<Error> error;
    QString note;
};

struct EnqueueOutcome
{
    qint64 jobId = 0;
    bool created = false; // false: a live job with the same idempotency key was returned
};

struct FailOutcome
{
    JobState state = JobState::Pending; // Pending (will retry) or Dead
    qint64 nextAttemptAt = 0;
    bool attemptRefunded = false; // the target is paused, so this failure did not use an attempt
    bool targetPaused = false;    // an auth/config error paused the whole target
};

struct DeadLetterFilter
{
    QString target;
    QString kind;
    QString errorText;                     // matched in the error code and message, case-insensitive
    std::optional<ErrorCategory> category; // transient, permanent, auth, config
    qint64 fromMs = 0;                     // dead since at or after (0: no bound)
    qint64 toMs = 0;                       // dead since before (0: no bound)

    bool isEmpty() const;
    // The same filter, limited to letters already dead at asOfMs (what an operator was shown).
    DeadLetterFilter asOf(qint64 asOfMs) const;
    QString describe() const; // "target=shop, error contains \"timeout\"" for confirmations and logs
};

struct DeadLetterPage
{
    QVector<Job> jobs;
    qint64 total = 0; // all dead letters matching the filter, not just this page
    int offset = 0;
};

struct DeadLetterFacets
{
    QStringList targets;
    QStringList kinds;
};

// What an operator action did to each id it was given.
struct BulkOutcome
{
    QVector<qint64> changed;
    QVector<qint64> notDead;    // no longer dead (someone else retried or discarded it) or unknown
    QVector<qint64> superseded; // a newer job with the same idempotency key is already queued
    QString summary(const QString &verb) const; // "Retried 3 dead letters; 1 was no longer dead."
};

struct TargetStatus
{
    QString target;
    bool paused = false;
    QString reason;
    qint64 changedAt = 0;
    QMap<JobState, qint64> counts;
};

struct QueueCounts
{
    QMap<JobState, qint64> perState;
    QVector<TargetStatus> targets;
    qint64 count(JobState s) const { return perState.value(s, 0); }
};

struct AuditEntry
{
    qint64 id = 0;
    qint64 at = 0;
    QString action; // "retry", "discard", "pause", "resume"
    qint64 jobId = 0;
    QString target;
    QString kind;
    QString idempotencyKey;
    QString reason;
    QString actor;
};

void registerQueueMetaTypes();

} // namespace syncsmart

Q_DECLARE_METATYPE(syncsmart::Error)
Q_DECLARE_METATYPE(syncsmart::Job)
Q_DECLARE_METATYPE(syncsmart::JobEvent)
Q_DECLARE_METATYPE(syncsmart::DeadLetterFilter)
Q_DECLARE_METATYPE(syncsmart::DeadLetterPage)
Q_DECLARE_METATYPE(syncsmart::DeadLetterFacets)
Q_DECLARE_METATYPE(syncsmart::BulkOutcome)
Q_DECLARE_METATYPE(syncsmart::QueueCounts)
