#include "sqlitejobqueue_p.h"

#include "common/logging.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>

#include <algorithm>

namespace syncsmart {

namespace {

// "45 s", "7 min", "2 h 5 min", "1 d 3 h": what a person reads in a job's history.
QString describeDuration(qint64 ms)
{
    const qint64 s = (std::max<qint64>(0, ms) + 999) / 1000;
    if (s < 60)
        return QStringLiteral("%1 s").arg(s);
    const qint64 m = (s + 30) / 60;
    if (m < 60)
        return QStringLiteral("%1 min").arg(m);
    if (m < 24 * 60)
        return m % 60 ? QStringLiteral("%1 h %2 min").arg(m / 60).arg(m % 60) : QStringLiteral("%1 h").arg(m / 60);
    const qint64 h = (m + 30) / 60;
    return h % 24 ? QStringLiteral("%1 d %2 h").arg(h / 24).arg(h % 24) : QStringLiteral("%1 d").arg(h / 24);
}

} // namespace

SqliteJobQueue::SqliteJobQueue(std::unique_ptr<Database> db, std::shared_ptr<const Clock> clock,
                               RetryPolicy policy, std::shared_ptr<const Redactor> redactor)
    : m_db(std::move(db))
    , m_clock(std::move(clock))
    , m_policy(std::move(policy))
    , m_redactor(std::move(redactor))
{
}

SqliteJobQueue::~SqliteJobQueue() = default;

Result<std::unique_ptr<SqliteJobQueue>> SqliteJobQueue::open(const DatabaseOptions &options,
                                                             std::shared_ptr<const Clock> clock,
                                                             RetryPolicy policy,
                                                             std::shared_ptr<const Redactor> redactor)
{
    auto db = Database::open(options, profileMigrations());
    if (!db)
        return db.error();
    if (!clock)
        clock = std::make_shared<SystemClock>();
    if (!redactor) // no registered secrets: credential-shaped text is still masked
        redactor = std::make_shared<Redactor>();
    std::unique_ptr<SqliteJobQueue> queue(
        new SqliteJobQueue(std::move(db).value(), std::move(clock), std::move(policy), std::move(redactor)));
    if (Status s = queue->prepareStatements(); !s)
        return s.error();
    return queue;
}

Status SqliteJobQueue::prepareStatements()
{
    m_st = std::make_unique<Statements>();
    const QVector<std::pair<QSqlQuery *, QString>> all{
        {&m_st->selectLiveKey,
         QStringLiteral("SELECT id FROM jobs WHERE idempotency_key = ? AND state IN ('pending','leased')")},
        {&m_st->insertJob,
         QStringLiteral("INSERT INTO jobs (target, kind, idempotency_key, payload, state, attempts, max_attempts, "
                        "created_at, updated_at, next_attempt_at) VALUES (?, ?, ?, ?, 'pending', 0, ?, ?, ?, ?) "
                        "ON CONFLICT (idempotency_key) WHERE idempotency_key IS NOT NULL AND "
                        "state IN ('pending','leased') DO NOTHING")},
        {&m_st->selectPaused, QStringLiteral("SELECT paused FROM targets WHERE target = ?")},
        {&m_st->selectExpiredForTarget,
         QStringLiteral("SELECT j.id, j.attempts, j.max_attempts, COALESCE(t.paused, 0) FROM jobs j "
                        "LEFT JOIN targets t ON t.target = j.target "
                        "WHERE j.target = ? AND j.state = 'leased' AND j.lease_until <= ?")},
        {&m_st->selectExpiredAll,
         QStringLiteral("SELECT j.id, j.attempts, j.max_attempts, COALESCE(t.paused, 0) FROM jobs j "
                        "LEFT JOIN targets t ON t.target = j.target "
                        "WHERE j.state = 'leased' AND j.lease_until <= ?")},
        {&m_st->claim,
         QStringLiteral("UPDATE jobs SET state = 'leased', attempts = attempts + 1, lease_owner = ?, "
                        "lease_until = ?, updated_at = ? WHERE id IN (SELECT id FROM jobs WHERE target = ? AND "
                        "state = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?) "
                        "RETURNING ") +
             kJobColumns},
        {&m_st->ack,
         QStringLiteral("UPDATE jobs SET state = 'done', lease_owner = NULL, lease_until = NULL, finished_at = ?, "
                        "updated_at = ? WHERE id = ? AND state = 'leased' AND lease_owner = ?")},
        {&m_st->selectJob, QStringLiteral("SELECT ") + kJobColumns + QStringLiteral(" FROM jobs WHERE id = ?")},
        {&m_st->updateAfterFailure,
         QStringLiteral("UPDATE jobs SET state = ?, attempts = ?, next_attempt_at = ?, lease_owner = NULL, "
                        "lease_until = NULL, finished_at = ?, updated_at = ?, last_error_category = ?, "
                        "last_error_code = ?, last_error_message = ?, last_error_context = ?, error_search = ? WHERE id = ?")},
        {&m_st->insertEvent,
         QStringLiteral("INSERT INTO job_events (job_id, at, event, attempt, error_category, error_code, "
                        "error_message, error_context, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")},
        {&m_st->insertAudit,
         QStringLiteral("INSERT INTO audit_log (at, action, job_id, target, kind, idempotency_key, reason, actor) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)")},
        {&m_st->upsertTarget,
         QStringLiteral("INSERT INTO targets (target, paused, reason, changed_at) VALUES (?, ?, ?, ?) "
                        "ON CONFLICT(target) DO UPDATE SET paused = excluded.paused, reason = excluded.reason, "
                        "changed_at = excluded.changed_at")},
        {&m_st->revive,
         QStringLiteral("UPDATE jobs SET state = 'pending', attempts = 0, next_attempt_at = ?, finished_at = NULL, "
                        "lease_owner = NULL, lease_until = NULL, updated_at = ? WHERE id = ? AND state = 'dead'")},
        {&m_st->markDiscarded,
         QStringLiteral("UPDATE jobs SET state = 'discarded', finished_at = ?, updated_at = ? "
                        "WHERE id = ? AND state = 'dead'")},
    };
    for (const auto &[query, sql] : all) {
        *query = QSqlQuery(m_db->handle());
        query->setForwardOnly(true);
        if (!query->prepare(sql))
            return sqlError(QStringLiteral("Preparing the queue's statements"), *query);
    }
    return {};
}

QString SqliteJobQueue::cleanText(const QString &text) const
{
    return m_redactor->redact(text);
}

Error SqliteJobQueue::clean(const Error &error) const
{
    Error e = error;
    e.message = m_redactor->redact(e.message);
    e.context = m_redactor->redact(e.context);
    return e;
}

// ---- enqueue ------------------------------------------------------------------------------

Result<EnqueueOutcome> SqliteJobQueue::enqueueInTransaction(const NewJob &job, qint64 now)
{
    if (job.target.isEmpty() || job.kind.isEmpty())
        return Error::permanent(QStringLiteral("queue.bad_job"),
                                QStringLiteral("A job needs a target and a kind (got target \"%1\", kind \"%2\").")
                                    .arg(job.target, job.kind));
    // One statement in the common case (a new key); the live-key index turns a duplicate into a no-op.
    QSqlQuery &ins = m_st->insertJob;
    ins.addBindValue(job.target);
    ins.addBindValue(job.kind);
    ins.addBindValue(nullable(job.idempotencyKey));
    ins.addBindValue(job.payload.isNull() ? QByteArray("") : job.payload);
    ins.addBindValue(job.maxAttempts > 0 ? job.maxAttempts : m_policy.maxAttempts);
    ins.addBindValue(now);
    ins.addBindValue(now);
    ins.addBindValue(std::max(now, job.notBeforeMs));
    if (!ins.exec())
        return sqlError(QStringLiteral("Enqueueing a %1 job for %2").arg(job.kind, job.target), ins);
    if (ins.numRowsAffected() == 0) {
        QSqlQuery &q = m_st->selectLiveKey;
        q.addBindValue(job.idempotencyKey);
        if (!q.exec() || !q.next())
            return sqlError(QStringLiteral("Looking up idempotency key %1").arg(job.idempotencyKey), q);
        const qint64 id = q.value(0).toLongLong();
        q.finish();
        return EnqueueOutcome{id, false};
    }
    return EnqueueOutcome{ins.lastInsertId().toLongLong(), true};
}

Result<EnqueueOutcome> SqliteJobQueue::enqueue(const NewJob &job)
{
    auto many = enqueueMany({job});
    if (!many)
        return many.error();
    return many->first();
}

Result<QVector<EnqueueOutcome>> SqliteJobQueue::enqueueMany(const QVector<NewJob> &jobs)
{
    QVector<EnqueueOutcome> out;
    out.reserve(jobs.size());
    if (jobs.isEmpty())
        return out;
    return inWriteTransaction(*m_db, [&]() -> Result<QVector<EnqueueOutcome>> {
        const qint64 now = m_clock->nowMs();
        for (const NewJob &job : jobs) {
            auto r = enqueueInTransaction(job, now);
            if (!r)
                return r.error(); // rolled back: all or nothing
            out.append(*r);
        }
        return out;
    });
}

// ---- claim, ack, fail ----------------------------------------------------------------------

Result<int> SqliteJobQueue::recoverExpired(const QString &target, qint64 now)
{
    QSqlQuery &sel = target.isEmpty() ? m_st->selectExpiredAll : m_st->selectExpiredForTarget;
    if (!target.isEmpty())
        sel.addBindValue(target);
    sel.addBindValue(now);
    if (!sel.exec())
        return sqlError(QStringLiteral("Looking for expired leases"), sel);
    struct Expired
    {
        qint64 id;
        int attempts;
        int maxAttempts;
        bool targetPaused;
    };
    QVector<Expired> expired;
    while (sel.next())
        expired.append({sel.value(0).toLongLong(), sel.value(1).toInt(), sel.value(2).toInt(), sel.value(3).toInt() != 0});
    sel.finish();

    for (const Expired &e : expired) {
        // While its target is paused a job must not use attempts, even through a lost lease.
        const int attempts = e.targetPaused ? std::max(0, e.attempts - 1) : e.attempts;
        const bool exhausted = !e.targetPaused && attempts >= e.maxAttempts;
        const Error err = Error::transient(
            QStringLiteral("queue.lease_expired"),
            exhausted ? QStringLiteral("The worker handling this job stopped before finishing it, %1 times "
                                       "(crash, kill or shutdown). It may be what makes the worker stop: check the "
                                       "payload before you retry it.")
                            .arg(attempts)
                      : QStringLiteral("The worker handling this job stopped before finishing it (crash, kill or "
                                       "shutdown); the job was put back in the queue."));
        QSqlQuery &up = m_st->updateAfterFailure;
        up.addBindValue(toString(exhausted ? JobState::Dead : JobState::Pending));
        up.addBindValue(attempts);
        up.addBindValue(now);
        up.addBindValue(exhausted ? QVariant(now) : QVariant(QMetaType::fromType<qint64>()));
        up.addBindValue(now);
        up.addBindValue(toString(err.category));
        up.addBindValue(err.code);
        up.addBindValue(err.message);
        up.addBindValue(QString());
        up.addBindValue(errorSearchText(err));
        up.addBindValue(e.id);
        if (!up.exec())
            return sqlError(QStringLiteral("Recovering the expired lease of job %1").arg(e.id), up);
        if (Status s = addEvent(e.id, now, exhausted ? QStringLiteral("dead") : QStringLiteral("lease_expired"),
                                e.attempts, &err,
                                e.targetPaused ? QStringLiteral("target paused: attempt not counted") : QString());
            !s)
            return s.error();
    }
    if (!expired.isEmpty())
        qCInfo(lcQueue) << "recovered" << expired.size() << "expired lease(s)" << (target.isEmpty() ? "" : "of")
                        << target;
    return int(expired.size());
}

Result<int> SqliteJobQueue::recoverExpiredLeases()
{
    return inWriteTransaction(*m_db, [&] { return recoverExpired(QString(), m_clock->nowMs()); });
}

Result<QVector<Job>> SqliteJobQueue::claim(const QString &target, int max, qint64 leaseMs, const QString &worker)
{
    QVector<Job> jobs;
    if (max <= 0)
        return jobs;
    if (worker.isEmpty() || leaseMs <= 0)
        return Error::config(QStringLiteral("queue.bad_claim"),
                             QStringLiteral("A claim needs a worker name and a positive lease."));
    Status claimed = inWriteTransaction(*m_db, [&]() -> Status {
        const qint64 now = m_clock->nowMs();
        // Recovered even while paused, so a crashed worker's jobs show as waiting, not as in flight.
        if (auto r = recoverExpired(target, now); !r)
            return r.error();
        auto paused = isPaused(target);
        if (!paused)
            return paused.error();
        if (*paused)
            return {};
        QSqlQuery &q = m_st->claim;
        q.addBindValue(worker);
        q.addBindValue(now + leaseMs);
        q.addBindValue(now);
        q.addBindValue(target);
        q.addBindValue(now);
        q.addBindValue(max);
        if (!q.exec())
            return sqlError(QStringLiteral("Claiming jobs for %1").arg(target), q);
        while (q.next())
            jobs.append(jobFromQuery(q));
        q.finish();
        return {};
    });
    if (!claimed)
        return claimed.error();
    std::sort(jobs.begin(), jobs.end(), [](const Job &a, const Job &b) {
        return a.nextAttemptAt != b.nextAttemptAt ? a.nextAttemptAt < b.nextAttemptAt : a.id < b.id;
    });
    return jobs;
}

Result<int> SqliteJobQueue::ack(const QVector<qint64> &jobIds, const QString &worker)
{
    if (jobIds.isEmpty())
        return 0;
    auto result = inWriteTransaction(*m_db, [&]() -> Result<int> {
        const qint64 now = m_clock->nowMs();
        int n = 0;
        QSqlQuery &q = m_st->ack;
        for (qint64 id : jobIds) {
            q.addBindValue(now);
            q.addBindValue(now);
            q.addBindValue(id);
            q.addBindValue(worker);
            if (!q.exec())
                return sqlError(QStringLiteral("Acknowledging job %1").arg(id), q);
            n += q.numRowsAffected();
        }
        return n;
    });
    if (!result)
        return result;
    const int acked = *result;
    if (acked != jobIds.size())
        qCWarning(lcQueue) << worker << "acknowledged" << jobIds.size() - acked
                           << "job(s) it no longer held (lease expired); their effect is idempotent";
    return acked;
}

Result<FailOutcome> SqliteJobQueue::fail(qint64 jobId, const QString &worker, const Error &error,
                                         std::optional<qint64> retryAfterMs)
{
    return inWriteTransaction(*m_db, [&] { return recordFailure(jobId, worker, error, retryAfterMs); });
}

Result<FailOutcome> SqliteJobQueue::recordFailure(qint64 jobId, const QString &worker, const Error &error,
                                                  std::optional<qint64> retryAfterMs)
{
    const qint64 now = m_clock->nowMs();
    auto current = job(jobId);
    if (!current)
        return current.error();
    const Job &j = *current;
    if (j.state != JobState::Leased || j.leaseOwner != worker)
        return Error::permanent(QStringLiteral("queue.not_leased"),
                                QStringLiteral("Job %1 is no longer leased by %2 (it is %3): its lease expired and "
                                               "it was handed out again or finished. Nothing was changed.")
                                    .arg(jobId)
                                    .arg(worker, toString(j.state)));
    auto paused = isPaused(j.target);
    if (!paused)
        return paused.error();

    Error err = clean(error);
    FailOutcome out;
    int attempts = j.attempts;
    QString event;
    QString note;

    if (err.category == ErrorCategory::Auth || err.category == ErrorCategory::Config) {
        // Retrying cannot help until a person fixes credentials or settings: stop the whole target
        // instead of burning every job's attempts into the dead-letter queue.
        if (!*paused) {
            const QString reason = QStringLiteral("%1 error on job %2: %3").arg(toString(err.category)).arg(jobId).arg(err.message);
            if (Status s = setPaused(j.target, true, reason, QStringLiteral("queue"), now); !s)
                return s.error();
        }
        out = {JobState::Pending, now, true, true};
        attempts = std::max(0, attempts - 1);
        event = QStringLiteral("blocked");
        note = QStringLiteral("target %1 paused until someone fixes this and resumes it; attempt not counted")
                   .arg(j.target);
    } else if (err.category == ErrorCategory::Permanent) {
        out = {JobState::Dead, 0, false, false};
        event = QStringLiteral("dead");
        note = QStringLiteral("permanent error: not retried");
    } else if (*paused) {
        out = {JobState::Pending, now + std::max<qint64>(0, retryAfterMs.value_or(0)), true, true};
        attempts = std::max(0, attempts - 1);
        event = QStringLiteral("failed");
        note = QStringLiteral("target %1 is paused: attempt not counted").arg(j.target);
    } else if (attempts >= j.maxAttempts) {
        out = {JobState::Dead, 0, false, false};
        err.context.insert(QStringLiteral("gaveUpAfterAttempts"), attempts);
        event = QStringLiteral("dead");
        note = QStringLiteral("gave up after %1 attempts").arg(attempts);
    } else {
        out = {JobState::Pending, now + m_policy.delayMs(attempts, retryAfterMs), false, false};
        event = QStringLiteral("retry_scheduled");
        note = QStringLiteral("next attempt in %1%2")
                   .arg(describeDuration(out.nextAttemptAt - now))
                   .arg(retryAfterMs ? QStringLiteral(" (the peer asked to wait %1)").arg(describeDuration(*retryAfterMs))
                                     : QString());
    }

    QSqlQuery &up = m_st->updateAfterFailure;
    up.addBindValue(toString(out.state));
    up.addBindValue(attempts);
    up.addBindValue(out.state == JobState::Dead ? j.nextAttemptAt : out.nextAttemptAt);
    up.addBindValue(out.state == JobState::Dead ? QVariant(now) : QVariant(QMetaType::fromType<qint64>()));
    up.addBindValue(now);
    up.addBindValue(toString(err.category));
    up.addBindValue(err.code);
    up.addBindValue(err.message);
    up.addBindValue(contextToJson(err.context));
    up.addBindValue(errorSearchText(err));
    up.addBindValue(jobId);
    if (!up.exec())
        return sqlError(QStringLiteral("Recording the failure of job %1").arg(jobId), up);
    if (Status s = addEvent(jobId, now, event, j.attempts, &err, note); !s)
        return s.error();
    if (out.state == JobState::Dead)
        qCInfo(lcQueue).noquote() << "job" << jobId << j.kind << "for" << j.target
                                  << "moved to the dead-letter queue:" << err.toString();
    return out;
}

// ---- circuit breaker -----------------------------------------------------------------------

Status SqliteJobQueue::setPaused(const QString &target, bool paused, const QString &reason, const QString &actor,
                                 qint64 now)
{
    QSqlQuery &q = m_st->upsertTarget;
    q.addBindValue(target);
    q.addBindValue(paused ? 1 : 0);
    q.addBindValue(nullable(reason));
    q.addBindValue(now);
    if (!q.exec())
        return sqlError(QStringLiteral("%1 target %2").arg(paused ? QStringLiteral("Pausing") : QStringLiteral("Resuming"), target), q);
    qCInfo(lcQueue).noquote() << (paused ? "paused" : "resumed") << target << "by" << actor
                              << (reason.isEmpty() ? QString() : QStringLiteral("— ") + reason);
    return addAudit(paused ? QStringLiteral("pause") : QStringLiteral("resume"), nullptr, target, reason, actor);
}

Result<bool> SqliteJobQueue::changePause(const QString &target, bool pause, const QString &reason,
                                         const QString &actor)
{
    if (target.isEmpty())
        return Error::config(QStringLiteral("queue.no_target"), QStringLiteral("No target was given. Nothing was changed."));
    if (pause && reason.trimmed().isEmpty())
        return Error::config(QStringLiteral("queue.pause_needs_reason"),
                             QStringLiteral("Pausing %1 needs a reason for the audit log. Nothing was changed.").arg(target));
    const QString clean = pause ? cleanText(reason.trimmed()) : QString();
    return inWriteTransaction(*m_db, [&]() -> Result<bool> {
        auto paused = isPaused(target);
        if (!paused)
            return paused.error();
        if (*paused == pause)
            return false;
        if (Status s = setPaused(target, pause, clean, actor, m_clock->nowMs()); !s)
            return s.error();
        return true;
    });
}

Result<bool> SqliteJobQueue::pause(const QString &target, const QString &reason, const QString &actor)
{
    return changePause(target, true, reason, actor);
}

Result<bool> SqliteJobQueue::resume(const QString &target, const QString &actor)
{
    return changePause(target, false, QString(), actor);
}

Result<bool> SqliteJobQueue::isPaused(const QString &target)
{
    QSqlQuery &q = m_st->selectPaused;
    q.addBindValue(target);
    if (!q.exec())
        return sqlError(QStringLiteral("Reading whether %1 is paused").arg(target), q);
    const bool paused = q.next() && q.value(0).toInt() != 0;
    q.finish();
    return paused;
}

// ---- reads ---------------------------------------------------------------------------------

Result<Job> SqliteJobQueue::job(qint64 id)
{
    QSqlQuery &q = m_st->selectJob;
    q.addBindValue(id);
    if (!q.exec())
        return sqlError(QStringLiteral("Reading job %1").arg(id), q);
    if (!q.next()) {
        q.finish();
        return Error::permanent(QStringLiteral("queue.unknown_job"),
                                QStringLiteral("There is no job %1 in this queue.").arg(id));
    }
    Job j = jobFromQuery(q);
    q.finish();
    return j;
}

Result<QVector<JobEvent>> SqliteJobQueue::history(qint64 jobId)
{
    QSqlQuery q(m_db->handle());
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT id, job_id, at, event, attempt, error_category, error_code, error_message, "
                             "error_context, note FROM job_events WHERE job_id = ? ORDER BY id"));
    q.addBindValue(jobId);
    if (!q.exec())
        return sqlError(QStringLiteral("Reading the history of job %1").arg(jobId), q);
    QVector<JobEvent> events;
    while (q.next()) {
        JobEvent e;
        e.id = q.value(0).toLongLong();
        e.jobId = q.value(1).toLongLong();
        e.at = q.value(2).toLongLong();
        e.event = q.value(3).toString();
        e.attempt = q.value(4).toInt();
        e.error = errorFromColumns(q.value(5), q.value(6), q.value(7), q.value(8));
        e.note = q.value(9).toString();
        events.append(e);
    }
    return events;
}

Result<QueueCounts> SqliteJobQueue::counts()
{
    QueueCounts c;
    QMap<QString, TargetStatus> targets;
    QSqlQuery q(m_db->handle());
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT target, state, COUNT(*) FROM jobs GROUP BY target, state")))
        return sqlError(QStringLiteral("Counting jobs"), q);
    while (q.next()) {
        const QString target = q.value(0).toString();
        const JobState state = jobStateFromString(q.value(1).toString()).value_or(JobState::Pending);
        const qint64 n = q.value(2).toLongLong();
        c.perState[state] += n;
        TargetStatus &t = targets[target];
        t.target = target;
        t.counts[state] = n;
    }
    if (!q.exec(QStringLiteral("SELECT target, paused, reason, changed_at FROM targets")))
        return sqlError(QStringLiteral("Reading target pauses"), q);
    while (q.next()) {
        TargetStatus &t = targets[q.value(0).toString()];
        t.target = q.value(0).toString();
        t.paused = q.value(1).toInt() != 0;
        t.reason = q.value(2).toString();
        t.changedAt = q.value(3).toLongLong();
    }
    c.targets = targets.values().toVector();
    return c;
}

Result<int> SqliteJobQueue::purgeDone(qint64 finishedBeforeMs)
{
    return inWriteTransaction(*m_db, [&]() -> Result<int> {
        QSqlQuery q(m_db->handle());
        q.prepare(QStringLiteral("DELETE FROM jobs WHERE state = 'done' AND finished_at < ?"));
        q.addBindValue(finishedBeforeMs);
        if (!q.exec())
            return sqlError(QStringLiteral("Purging finished jobs"), q);
        return q.numRowsAffected();
    });
}

// ---- history and audit rows ----------------------------------------------------------------

Status SqliteJobQueue::addEvent(qint64 jobId, qint64 at, const QString &event, int attempt, const Error *error,
                                const QString &note)
{
    QSqlQuery &q = m_st->insertEvent;
    const QVariant nullText(QMetaType::fromType<QString>());
    q.addBindValue(jobId);
    q.addBindValue(at);
    q.addBindValue(event);
    q.addBindValue(attempt);
    q.addBindValue(error ? QVariant(toString(error->category)) : nullText);
    q.addBindValue(error ? QVariant(error->code) : nullText);
    q.addBindValue(error ? QVariant(error->message) : nullText);
    q.addBindValue(error ? nullable(contextToJson(error->context)) : nullText);
    q.addBindValue(nullable(note));
    if (!q.exec())
        return sqlError(QStringLiteral("Recording the history of job %1").arg(jobId), q);
    return {};
}

Status SqliteJobQueue::addAudit(const QString &action, const Job *job, const QString &target, const QString &reason,
                                const QString &actor)
{
    QSqlQuery &q = m_st->insertAudit;
    const QVariant nullText(QMetaType::fromType<QString>());
    q.addBindValue(m_clock->nowMs());
    q.addBindValue(action);
    q.addBindValue(job ? QVariant(job->id) : QVariant(QMetaType::fromType<qint64>()));
    q.addBindValue(nullable(target));
    q.addBindValue(job ? nullable(job->kind) : nullText);
    q.addBindValue(job ? nullable(job->idempotencyKey) : nullText);
    q.addBindValue(nullable(reason));
    q.addBindValue(actor.isEmpty() ? QStringLiteral("unknown") : actor);
    if (!q.exec())
        return sqlError(QStringLiteral("Writing the audit log"), q);
    return {};
}

} // namespace syncsmart