#include "reconcilestore.h"

#include "storage/database.h"

#include <QSqlQuery>

namespace syncsmart {

namespace {

constexpr int kInsertBatch = 500;

const QString kDiffColumns = QStringLiteral(
    "id, run_id, kind, sku, field, shop_value, erp_value, rule, write_to, fix, shop_ids, erp_ids, job_id, "
    "applied_at, applied_by");
const QString kRunColumns = QStringLiteral(
    "id, started_at, finished_at, state, trigger, fields, erp_products, shop_products, compared, without_sku, "
    "diffs, error");

std::optional<ReconcileRun::State> runStateFromString(const QString &text)
{
    for (auto s : {ReconcileRun::State::Running, ReconcileRun::State::Done, ReconcileRun::State::Cancelled,
                   ReconcileRun::State::Failed}) {
        if (toString(s) == text)
            return s;
    }
    return std::nullopt;
}

QString diffWhere(qint64 runId, const DiffFilter &f, QVariantList *binds)
{
    QStringList where{QStringLiteral("run_id = ?")};
    binds->append(runId);
    if (f.kind) {
        where << QStringLiteral("kind = ?");
        binds->append(toString(*f.kind));
    }
    if (!f.sku.isEmpty()) {
        where << QStringLiteral("sku = ?");
        binds->append(f.sku);
    }
    if (!f.ids.isEmpty()) {
        QStringList marks;
        for (qint64 id : f.ids) {
            marks << QStringLiteral("?");
            binds->append(id);
        }
        where << QStringLiteral("id IN (%1)").arg(marks.join(QLatin1Char(',')));
    }
    return QStringLiteral(" WHERE ") + where.join(QStringLiteral(" AND "));
}

ReconcileRun runFromRow(const QSqlQuery &q)
{
    ReconcileRun r;
    r.id = q.value(0).toLongLong();
    r.startedMs = q.value(1).toLongLong();
    r.finishedMs = q.value(2).toLongLong();
    r.state = runStateFromString(q.value(3).toString()).value_or(ReconcileRun::State::Failed);
    r.trigger = q.value(4).toString();
    r.fields = q.value(5).toString().split(QLatin1Char(','), Qt::SkipEmptyParts);
    r.erpProducts = q.value(6).toLongLong();
    r.shopProducts = q.value(7).toLongLong();
    r.compared = q.value(8).toLongLong();
    r.withoutSku = q.value(9).toLongLong();
    r.diffs = q.value(10).toLongLong();
    r.error = q.value(11).toString();
    return r;
}

} // namespace

QString toString(ReconcileRun::State state)
{
    switch (state) {
    case ReconcileRun::State::Running: return QStringLiteral("running");
    case ReconcileRun::State::Done: return QStringLiteral("done");
    case ReconcileRun::State::Cancelled: return QStringLiteral("cancelled");
    case ReconcileRun::State::Failed: return QStringLiteral("failed");
    }
    return {};
}

ReconcileStore::ReconcileStore(Database &db) : m_db(db) {}

Result<qint64> ReconcileStore::beginRun(qint64 nowMs, const QString &trigger, const QStringList &fields)
{
    auto q = m_db.query(QStringLiteral("INSERT INTO reconcile_runs (started_at, state, trigger, fields) "
                                       "VALUES (?, 'running', ?, ?)"),
                        {nowMs, trigger, fields.join(QLatin1Char(','))});
    if (!q)
        return q.error();
    return q->lastInsertId().toLongLong();
}

Status ReconcileStore::finishRun(qint64 runId, const ReconcileReport &report)
{
    return inWriteTransaction(m_db, [&]() -> Status {
        auto insert = m_db.prepare(QStringLiteral(
            "INSERT INTO reconcile_diffs (run_id, kind, sku, field, shop_value, erp_value, rule, write_to, fix, "
            "shop_ids, erp_ids) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
        if (!insert)
            return insert.error();
        // Column-wise batches: one statement execution per 500 rows.
        for (qsizetype from = 0; from < report.diffs.size(); from += kInsertBatch) {
            QVariantList columns[11];
            for (qsizetype i = from; i < std::min<qsizetype>(report.diffs.size(), from + kInsertBatch); ++i) {
                const ReconcileDiff &d = report.diffs.at(i);
                columns[0] << runId;
                columns[1] << toString(d.kind);
                columns[2] << d.sku;
                columns[3] << d.field;
                columns[4] << d.shopValue;
                columns[5] << d.erpValue;
                columns[6] << d.rule;
                columns[7] << (d.writeTo ? toString(*d.writeTo) : QString());
                columns[8] << d.fix;
                columns[9] << d.shopIds.join(QLatin1Char(','));
                columns[10] << d.erpIds.join(QLatin1Char(','));
            }
            for (const QVariantList &c : columns)
                insert->addBindValue(c);
            if (!insert->execBatch())
                return sqlError(QStringLiteral("store the differences of reconciliation run %1").arg(runId), *insert);
        }
        auto q = m_db.query(QStringLiteral("UPDATE reconcile_runs SET finished_at = ?, state = ?, erp_products = ?, "
                                           "shop_products = ?, compared = ?, without_sku = ?, diffs = ? WHERE id = ?"),
                            {report.finishedMs,
                             toString(report.cancelled ? ReconcileRun::State::Cancelled : ReconcileRun::State::Done),
                             report.erpProducts, report.shopProducts, report.compared, report.withoutSku,
                             qint64(report.diffs.size()), runId});
        return q ? Status() : Status(q.error());
    });
}

Status ReconcileStore::failRun(qint64 runId, qint64 nowMs, const QString &error)
{
    auto q = m_db.query(
        QStringLiteral("UPDATE reconcile_runs SET finished_at = ?, state = 'failed', error = ? WHERE id = ?"),
        {nowMs, error, runId});
    return q ? Status() : Status(q.error());
}

Result<QVector<ReconcileRun>> ReconcileStore::runs(int limit) const
{
    auto q = m_db.query(QStringLiteral("SELECT %1 FROM reconcile_runs ORDER BY id DESC LIMIT ?").arg(kRunColumns),
                        {limit});
    if (!q)
        return q.error();
    QVector<ReconcileRun> out;
    while (q->next())
        out.append(runFromRow(*q));
    return out;
}

Result<ReconcileRun> ReconcileStore::run(qint64 runId) const
{
    auto q = m_db.query(QStringLiteral("SELECT %1 FROM reconcile_runs WHERE id = ?").arg(kRunColumns), {runId});
    if (!q)
        return q.error();
    if (!q->next())
        return Error::permanent(QStringLiteral("reconcile.unknown_run"),
                                QStringLiteral("There is no reconciliation run #%1; list the runs to pick one.").arg(runId));
    return runFromRow(*q);
}

Result<QVector<StoredDiff>> ReconcileStore::diffs(qint64 runId, const DiffFilter &filter, int offset, int limit) const
{
    QVariantList binds;
    const QString where = diffWhere(runId, filter, &binds);
    binds << limit << offset;
    auto q = m_db.query(
        QStringLiteral("SELECT %1 FROM reconcile_diffs%2 ORDER BY id LIMIT ? OFFSET ?").arg(kDiffColumns, where), binds);
    if (!q)
        return q.error();
    QVector<StoredDiff> out;
    while (q->next()) {
        StoredDiff s;
        s.id = q->value(0).toLongLong();
        s.runId = q->value(1).toLongLong();
        s.diff.kind = diffKindFromString(q->value(2).toString()).value_or(DiffKind::FieldMismatch);
        s.diff.sku = q->value(3).toString();
        s.diff.field = q->value(4).toString();
        s.diff.shopValue = q->value(5).toString();
        s.diff.erpValue = q->value(6).toString();
        s.diff.rule = q->value(7).toString();
        s.diff.writeTo = sideFromString(q->value(8).toString());
        s.diff.fix = q->value(9).toString();
        s.diff.shopIds = q->value(10).toString().split(QLatin1Char(','), Qt::SkipEmptyParts);
        s.diff.erpIds = q->value(11).toString().split(QLatin1Char(','), Qt::SkipEmptyParts);
        s.jobId = q->value(12).toLongLong();
        s.appliedAtMs = q->value(13).toLongLong();
        s.appliedBy = q->value(14).toString();
        out.append(s);
    }
    return out;
}

Result<qint64> ReconcileStore::diffCount(qint64 runId, const DiffFilter &filter) const
{
    QVariantList binds;
    const QString where = diffWhere(runId, filter, &binds);
    auto q = m_db.query(QStringLiteral("SELECT COUNT(*) FROM reconcile_diffs") + where, binds);
    if (!q)
        return q.error();
    return q->next() ? q->value(0).toLongLong() : 0;
}

Status ReconcileStore::markApplied(const QHash<qint64, qint64> &jobByDiff, qint64 nowMs, const QString &actor)
{
    auto q = m_db.prepare(
        QStringLiteral("UPDATE reconcile_diffs SET job_id = ?, applied_at = ?, applied_by = ? WHERE id = ?"));
    if (!q)
        return q.error();
    for (auto it = jobByDiff.cbegin(); it != jobByDiff.cend(); ++it) {
        q->addBindValue(it.value());
        q->addBindValue(nowMs);
        q->addBindValue(actor);
        q->addBindValue(it.key());
        if (Status s = m_db.exec(*q); !s)
            return s;
    }
    return {};
}

} // namespace syncsmart
