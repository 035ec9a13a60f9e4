#pragma once

#include "sync/conflictresolver.h"
#include "sync/originledger.h"
#include "sync/record.h"
#include "sync/shadowstore.h"
#include "sync/syncprofile.h"

#include <QMap>
#include <QSet>

namespace syncsmart {

// A write the pass decided: these canonical values go to this side for this SKU.
struct PlannedWrite
{
    Side target = Side::Shop;
    QString sku;
    QString peerId;            // empty for a create
    bool create = false;
    QMap<QString, QString> values;
    QStringList fetchFirst;    // fields whose value is read from the other side when the job runs
    bool stockFromErp = false; // a create in the shop: then its stock is set to the ERP's
};

// Everything one pass decided for one SKU (pure data: the engine stores and enqueues it).
struct ProductPlan
{
    QString sku;
    bool skipped = false;  // a duplicate SKU: nothing synced, nothing stored but the issue
    ProductShadow shadow;  // the shadow after this pass
    QVector<DeltaRecord> deltas;
    QVector<ConflictRecord> conflicts;
    QVector<PlannedWrite> writes; // at most one per side
    QVector<SkuIssue> issues;
    QVector<LedgerEntry> echoes;  // our own writes recognised: their ledger entries are consumed
    int converged = 0;
};

struct PlanSettings
{
    FieldPolicy policy;
    SyncSettings sync;
    bool shopCreatesInactive = true;
    QStringList fields; // the synced fields
    qint64 nowMs = 0;
    qint64 passId = 0;
};

// The middle of DESIGN §3's pipeline for one SKU: diff each side's record against its shadow, drop
// echoes (ledger), apply the field rules, plan the writes. shop/erp hold what this pass read for the
// SKU on each side (empty: unchanged or absent; two or more: a duplicate SKU).
ProductPlan planProduct(const QString &sku, const QVector<SideRecord> &shop, const QVector<SideRecord> &erp,
                        const ProductShadow *shadow, const QHash<QString, quint64> &ledger,
                        const QSet<QString> &openConflictFields, const PlanSettings &settings);

} // namespace syncsmart
