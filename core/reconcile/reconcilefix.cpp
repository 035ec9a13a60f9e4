#include "reconcilefix.h"

#include "connectors/catalogtypes.h"
#include "storage/database.h"
#include "sync/syncengine.h"
#include "sync/syncstore.h"
#include "sync/writeplan.h"
#include "queue/jobqueue.h"

#include <QMap>

namespace syncsmart {

int FixPlan::applicable() const
{
    int n = int(stock.size());
    for (const auto &ids : diffsOfWrite)
        n += int(ids.size());
    return n;
}

QStringList createdFields()
{
    QStringList fields = FieldPolicy::syncedProductFields();
    fields.removeAll(field::Active);
    return fields;
}

FixPlan planFixes(const QVector<StoredDiff> &diffs)
{
    FixPlan plan;
    QMap<QString, int> writeOf; // "target|sku" → index in plan.writes
    for (const StoredDiff &s : diffs) {
        const ReconcileDiff &d = s.diff;
        const QString label = QStringLiteral("%1 %2%3").arg(d.sku, toString(d.kind),
                                                            d.field.isEmpty() ? QString() : QLatin1Char(' ') + d.field);
        if (s.jobId != 0) {
            plan.left << QStringLiteral("%1: already applied by job #%2").arg(label).arg(s.jobId);
            continue;
        }
        if (!d.writeTo) {
            plan.left << QStringLiteral("%1: %2").arg(label, d.fix);
            continue;
        }
        if (d.kind == DiffKind::StockMismatch) {
            if (d.erpIds.size() > 1 || d.shopIds.size() != 1) {
                plan.left << QStringLiteral("%1: the SKU is not unique; make it unique first").arg(label);
                continue;
            }
            plan.stock.append({d.sku, d.shopIds.first(), s.id});
            continue;
        }
        const Side target = *d.writeTo;
        const QStringList targetIds = target == Side::Shop ? d.shopIds : d.erpIds;
        const bool create = d.kind == DiffKind::MissingInShop || d.kind == DiffKind::MissingInErp;
        const QStringList sourceIds = target == Side::Shop ? d.erpIds : d.shopIds;
        if (sourceIds.size() > 1) {
            plan.left << QStringLiteral("%1: the SKU is held by %2 products in %3; make it unique first")
                             .arg(label)
                             .arg(sourceIds.size())
                             .arg(target == Side::Shop ? QStringLiteral("the ERP") : QStringLiteral("the shop"));
            continue;
        }
        if (!create && targetIds.size() != 1) {
            plan.left << QStringLiteral("%1: the SKU is held by %2 products there; make it unique first")
                             .arg(label)
                             .arg(targetIds.size());
            continue;
        }
        const QString key = toString(target) + QLatin1Char('|') + d.sku;
        auto it = writeOf.find(key);
        if (it == writeOf.end()) {
            PlannedWrite w;
            w.target = target;
            w.sku = d.sku;
            w.create = create;
            w.peerId = create ? QString() : targetIds.first();
            w.stockFromErp = create && target == Side::Shop;
            plan.writes.append(w);
            plan.diffsOfWrite.append(QVector<qint64>());
            it = writeOf.insert(key, int(plan.writes.size()) - 1);
        }
        PlannedWrite &w = plan.writes[*it];
        const QStringList fields = create ? createdFields() : QStringList{d.field};
        for (const QString &f : fields) {
            if (!w.fetchFirst.contains(f))
                w.fetchFirst.append(f);
        }
        plan.diffsOfWrite[*it].append(s.id);
    }
    return plan;
}

QString describeWrite(const PlannedWrite &w)
{
    const QString from = w.target == Side::Shop ? QStringLiteral("the ERP") : QStringLiteral("the shop");
    if (w.create)
        return QStringLiteral("%1 %2: create it from %3's record (%4)%5")
            .arg(toString(w.target), w.sku, from, w.fetchFirst.join(QStringLiteral(", ")),
                 w.target == Side::Shop ? QStringLiteral(", inactive") : QString());
    return QStringLiteral("%1 %2: copy %3 from %4").arg(toString(w.target), w.sku, w.fetchFirst.join(QStringLiteral(", ")), from);
}

QString describeStockFix(const StockFix &fix)
{
    return QStringLiteral("shop %1: set the stock to the ERP's").arg(fix.sku);
}

Result<QVector<qint64>> applyFixes(const FixPlan &plan, qint64 runId, SyncEngine &engine, ReconcileStore &store,
                                   qint64 nowMs, const QString &actor)
{
    const QString origin = QStringLiteral("reconcile run %1").arg(runId);
    QVector<qint64> all;
    QHash<qint64, qint64> jobByDiff;
    if (!plan.writes.isEmpty()) {
        auto jobs = engine.enqueueWrites(plan.writes, origin);
        if (!jobs)
            return jobs.error();
        for (int i = 0; i < plan.writes.size(); ++i) {
            for (qint64 diffId : plan.diffsOfWrite.at(i))
                jobByDiff.insert(diffId, jobs->at(i));
        }
        all += *jobs;
    }
    if (!plan.stock.isEmpty()) {
        QVector<NewJob> stockJobs;
        for (const StockFix &f : plan.stock)
            stockJobs.append(stockCopyJob(f.sku, f.shopProductId, origin));
        auto enqueued = engine.queue().enqueueMany(stockJobs);
        if (!enqueued)
            return enqueued.error();
        for (int i = 0; i < plan.stock.size(); ++i) {
            jobByDiff.insert(plan.stock.at(i).diffId, enqueued->at(i).jobId);
            all.append(enqueued->at(i).jobId);
        }
    }
    if (all.isEmpty())
        return all;
    Status s = inWriteTransaction(engine.store().database(), [&] { return store.markApplied(jobByDiff, nowMs, actor); });
    if (!s)
        return s.error();
    return all;
}

} // namespace syncsmart
