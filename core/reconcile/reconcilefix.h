#pragma once

#include "reconcile/reconcilestore.h"
#include "sync/productplanner.h"

#include <QHash>
#include <QVector>

namespace syncsmart {

class SyncEngine;

// What applying a set of differences would write: one write per SKU and side (each copies the
// winning side's current value when it runs, so a fix never writes a value that went stale while
// it waited), and the differences left to a person, each with why.
struct StockFix
{
    QString sku;
    QString shopProductId;
    qint64 diffId = 0;
};

struct FixPlan
{
    QVector<PlannedWrite> writes;
    QVector<QVector<qint64>> diffsOfWrite; // per write: the stored differences it fixes
    QVector<StockFix> stock;               // shop stock set to the ERP's
    QStringList left;                      // "SKU-1 duplicate-in-shop: …" — not applied, and why
    int applicable() const;                // differences some write fixes
};

// The fields a create copies from the ERP (the engine's synced fields but `active`: new products
// are created inactive in the shop, as the sync does).
QStringList createdFields();

FixPlan planFixes(const QVector<StoredDiff> &diffs);
// One line per write, for a preview: "shop SKU-000123: copy price, weight from the ERP".
QString describeWrite(const PlannedWrite &write);
QString describeStockFix(const StockFix &fix);

// Queues the plan's writes through the engine (retries and dead letters as for any sync write) and
// records on each difference the job that carries its fix. Returns the job ids.
Result<QVector<qint64>> applyFixes(const FixPlan &plan, qint64 runId, SyncEngine &engine, ReconcileStore &store,
                                   qint64 nowMs, const QString &actor);

} // namespace syncsmart
