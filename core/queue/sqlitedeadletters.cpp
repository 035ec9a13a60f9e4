#include "sqlitejobqueue_p.h"

#include <algorithm>

// Dead-letter triage on the SQLite queue: listing with filters and paging, and the operator
// actions (retry, discard), each state-guarded and audited.

namespace syncsmart {

namespace {

QString likePattern(const QString &text)
{
    QString escaped = text;
    escaped.replace(QLatin1Char('\\'), QLatin1String("\\\\"));
    escaped.replace(QLatin1Char('%'), QLatin1String("\\%"));
    escaped.replace(QLatin1Char('_'), QLatin1String("\\_"));
    return QLatin1Char('%') + escaped + QLatin1Char('%');
}

// WHERE clause and bind values for a dead-letter filter; shared by list, count and *Matching.
struct FilterSql
{
    QString where;
    QVariantList binds;
};

FilterSql filterSql(const DeadLetterFilter &f)
{
    FilterSql s;
    QStringList conditions{QStringLiteral("state = 'dead'")};
    if (!f.target.isEmpty()) {
        conditions << QStringLiteral("target = ?");
        s.binds << f.target;
    }
    if (!f.kind.isEmpty()) {
        conditions << QStringLiteral("kind = ?");
        s.binds << f.kind;
    }
    if (f.category) {
        conditions << QStringLiteral("last_error_category = ?");
        s.binds << toString(*f.category);
    }
    if (!f.errorText.isEmpty()) {
        conditions << QStringLiteral("error_search LIKE ? ESCAPE '\\'");
        s.binds << likePattern(f.errorText.toCaseFolded());
    }
    if (f.fromMs) {
        conditions << QStringLiteral("finished_at >= ?");
        s.binds << f.fromMs;
    }
    if (f.toMs) {
        conditions << QStringLiteral("finished_at < ?");
        s.binds << f.toMs;
    }
    s.where = conditions.join(QStringLiteral(" AND "));
    return s;
}

} // namespace

Result<DeadLetterPage> SqliteJobQueue::deadLetters(const DeadLetterFilter &filter, int offset, int limit)
{
    const FilterSql f = filterSql(filter);
    DeadLetterPage page;
    page.offset = std::max(0, offset);
    QSqlQuery q(m_db->handle());
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT COUNT(*) FROM jobs WHERE ") + f.where);
    for (const QVariant &v : f.binds)
        q.addBindValue(v);
    if (!q.exec() || !q.next())
        return sqlError(QStringLiteral("Counting dead letters"), q);
    page.total = q.value(0).toLongLong();
    q.finish();
    q.prepare(QStringLiteral("SELECT ") + kJobColumns + QStringLiteral(" FROM jobs WHERE ") + f.where +
              QStringLiteral(" ORDER BY finished_at DESC, id DESC LIMIT ? OFFSET ?"));
    for (const QVariant &v : f.binds)
        q.addBindValue(v);
    q.addBindValue(std::clamp(limit, 1, 10'000));
    q.addBindValue(page.offset);
    if (!q.exec())
        return sqlError(QStringLiteral("Listing dead letters"), q);
    while (q.next())
        page.jobs.append(jobFromQuery(q));
    return page;
}

Result<DeadLetterFacets> SqliteJobQueue::deadLetterFacets()
{
    DeadLetterFacets facets;
    QSqlQuery q(m_db->handle());
    q.setForwardOnly(true);
    if (!q.exec(QStringLiteral("SELECT DISTINCT target FROM jobs WHERE state = 'dead' ORDER BY 1")))
        return sqlError(QStringLiteral("Listing dead-letter targets"), q);
    while (q.next())
        facets.targets << q.value(0).toString();
    if (!q.exec(QStringLiteral("SELECT DISTINCT kind FROM jobs WHERE state = 'dead' ORDER BY 1")))
        return sqlError(QStringLiteral("Listing dead-letter kinds"), q);
    while (q.next())
        facets.kinds << q.value(0).toString();
    return facets;
}

Result<QVector<AuditEntry>> SqliteJobQueue::auditLog(int limit, qint64 jobId)
{
    QSqlQuery q(m_db->handle());
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT id, at, action, job_id, target, kind, idempotency_key, reason, actor "
                             "FROM audit_log %1 ORDER BY id DESC LIMIT ?")
                  .arg(jobId ? QStringLiteral("WHERE job_id = ?") : QString()));
    if (jobId)
        q.addBindValue(jobId);
    q.addBindValue(std::max(1, limit));
    if (!q.exec())
        return sqlError(QStringLiteral("Reading the audit log"), q);
    QVector<AuditEntry> entries;
    while (q.next()) {
        AuditEntry a;
        a.id = q.value(0).toLongLong();
        a.at = q.value(1).toLongLong();
        a.action = q.value(2).toString();
        a.jobId = q.value(3).toLongLong();
        a.target = q.value(4).toString();
        a.kind = q.value(5).toString();
        a.idempotencyKey = q.value(6).toString();
        a.reason = q.value(7).toString();
        a.actor = q.value(8).toString();
        entries.append(a);
    }
    return entries;
}

// ---- operator actions ----------------------------------------------------------------------

Result<QVector<qint64>> SqliteJobQueue::matchingDeadIds(const DeadLetterFilter &filter)
{
    const FilterSql f = filterSql(filter);
    QSqlQuery q(m_db->handle());
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT id FROM jobs WHERE ") + f.where + QStringLiteral(" ORDER BY id"));
    for (const QVariant &v : f.binds)
        q.addBindValue(v);
    if (!q.exec())
        return sqlError(QStringLiteral("Selecting dead letters matching %1").arg(filter.describe()), q);
    QVector<qint64> ids;
    while (q.next())
        ids.append(q.value(0).toLongLong());
    return ids;
}

Result<BulkOutcome> SqliteJobQueue::applyToDead(Triage action, const QVector<qint64> &ids, const QString &reason,
                                                const QString &actor)
{
    const bool retry = action == Triage::Retry;
    BulkOutcome out;
    const qint64 now = m_clock->nowMs();
    for (qint64 id : ids) {
        auto j = job(id);
        if (!j && j.error().code != QLatin1String("queue.unknown_job"))
            return j.error(); // a storage failure rolls the whole action back
        if (!j || j->state != JobState::Dead) {
            out.notDead.append(id);
            continue;
        }
        if (retry && !j->idempotencyKey.isEmpty()) {
            // Reviving it would put two live jobs on one key: the newer one already carries the change.
            QSqlQuery &live = m_st->selectLiveKey;
            live.addBindValue(j->idempotencyKey);
            if (!live.exec())
                return sqlError(QStringLiteral("Checking for a newer job of dead letter %1").arg(id), live);
            const bool newerQueued = live.next();
            live.finish();
            if (newerQueued) {
                out.superseded.append(id);
                continue;
            }
        }
        QSqlQuery &q = retry ? m_st->revive : m_st->markDiscarded;
        q.addBindValue(now);
        q.addBindValue(now);
        q.addBindValue(id);
        if (!q.exec())
            return sqlError(QStringLiteral("%1 dead letter %2").arg(retry ? QStringLiteral("Retrying") : QStringLiteral("Discarding")).arg(id), q);
        if (q.numRowsAffected() != 1) {
            out.notDead.append(id);
            continue;
        }
        const QString note = retry ? QStringLiteral("retried by %1; attempts reset (it had used %2)").arg(actor).arg(j->attempts)
                                   : QStringLiteral("discarded by %1: %2").arg(actor, reason);
        if (Status s = addEvent(id, now, retry ? QStringLiteral("retried") : QStringLiteral("discarded"), j->attempts,
                                nullptr, note);
            !s)
            return s.error();
        if (Status s = addAudit(retry ? QStringLiteral("retry") : QStringLiteral("discard"), &*j, j->target, reason, actor); !s)
            return s.error();
        out.changed.append(id);
    }
    return out;
}

Result<BulkOutcome> SqliteJobQueue::triage(Triage action, const QVector<qint64> *ids, const DeadLetterFilter *filter,
                                           const QString &reason, const QString &actor)
{
    if (action == Triage::Discard && reason.trimmed().isEmpty())
        return Error::config(QStringLiteral("queue.reason_required"),
                             QStringLiteral("Say why these dead letters are discarded: the reason is kept in the audit "
                                            "log. Nothing was discarded."));
    return inWriteTransaction(*m_db, [&]() -> Result<BulkOutcome> {
        const QString why = cleanText(reason.trimmed());
        if (ids)
            return applyToDead(action, *ids, why, actor);
        auto matching = matchingDeadIds(*filter); // inside the transaction: exactly what is dead now
        if (!matching)
            return matching.error();
        return applyToDead(action, *matching, why, actor);
    });
}

Result<BulkOutcome> SqliteJobQueue::retry(const QVector<qint64> &ids, const QString &actor)
{
    return triage(Triage::Retry, &ids, nullptr, QString(), actor);
}

Result<BulkOutcome> SqliteJobQueue::retryMatching(const DeadLetterFilter &filter, const QString &actor)
{
    return triage(Triage::Retry, nullptr, &filter, QString(), actor);
}

Result<BulkOutcome> SqliteJobQueue::discard(const QVector<qint64> &ids, const QString &reason, const QString &actor)
{
    return triage(Triage::Discard, &ids, nullptr, reason, actor);
}

Result<BulkOutcome> SqliteJobQueue::discardMatching(const DeadLetterFilter &filter, const QString &reason,
                                                    const QString &actor)
{
    return triage(Triage::Discard, nullptr, &filter, reason, actor);
}

} // namespace syncsmart
