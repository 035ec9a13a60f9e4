#include "productplanner.h"

#include "common/fingerprint.h"
#include "connectors/catalogtypes.h"
#include "sync/canonical.h"

namespace syncsmart {

namespace {

// What one side holds for a field in this pass: the record's value when read, else the shadow's.
struct SideValue
{
    bool known = false;     // the field exists on this side (read now or synced before)
    bool haveValue = false; // the value itself is in hand (heavy shadows keep only the fingerprint)
    QString value;
    quint64 fp = 0;
    bool changed = false;
    bool echo = false;
    QString oldValue;
};

SideValue sideValue(const QString &sku, const QString &field, const SideRecord *record, const SideShadow &shadow,
                    const QHash<QString, quint64> &ledger, Side side)
{
    SideValue v;
    const auto shadowField = shadow.fields.constFind(field);
    const bool inShadow = shadowField != shadow.fields.constEnd();
    if (inShadow && shadowField->valueKept)
        v.oldValue = shadowField->value;
    if (record && record->values.contains(field)) {
        v.known = v.haveValue = true;
        v.value = record->values.value(field);
        v.fp = fingerprint(v.value);
        v.changed = !inShadow || shadowField->fingerprint != v.fp;
        if (v.changed) {
            const auto written = ledger.constFind(OriginLedger::key(sku, side, field));
            v.echo = written != ledger.constEnd() && *written == v.fp;
        }
        return v;
    }
    if (inShadow) {
        v.known = true;
        v.haveValue = shadowField->valueKept;
        v.value = shadowField->value;
        v.fp = shadowField->fingerprint;
    }
    return v;
}

void updateShadow(SideShadow &shadow, const SideRecord &record)
{
    shadow.peerId = record.peerId;
    if (record.updatedAt.isValid())
        shadow.updatedMs = record.updatedAt.toMSecsSinceEpoch();
    for (auto it = record.values.begin(); it != record.values.end(); ++it) {
        FieldShadow f;
        f.fingerprint = fingerprint(it.value());
        f.valueKept = !FieldPolicy::isHeavy(it.key());
        if (f.valueKept)
            f.value = it.value();
        shadow.fields.insert(it.key(), f);
    }
}

DeltaRecord makeDelta(const PlanSettings &s, const QString &sku, const QString &field, Side from,
                      const SideValue &v, DeltaOutcome outcome)
{
    DeltaRecord d;
    d.passId = s.passId;
    d.atMs = s.nowMs;
    d.sku = sku;
    d.field = field;
    d.from = from;
    d.oldValue = excerpt(v.oldValue);
    d.newValue = excerpt(v.value);
    d.origin = outcome == DeltaOutcome::EchoSuppressed ? QStringLiteral("syncsmart") : QStringLiteral("peer");
    d.outcome = outcome;
    return d;
}

SkuIssue duplicateIssue(Side side, const QString &sku, const QStringList &ids, qint64 now)
{
    SkuIssue issue;
    issue.kind = side == Side::Shop ? SkuIssue::Kind::DuplicateInShop : SkuIssue::Kind::DuplicateInErp;
    issue.sku = sku;
    issue.peerIds = ids;
    issue.seenAtMs = now;
    issue.advice = QStringLiteral("%1 products in %2 share the SKU %3 (ids %4): give each its own reference or "
                                  "remove the extra one; this SKU is not synced until then")
                       .arg(ids.size())
                       .arg(side == Side::Shop ? QStringLiteral("the shop") : QStringLiteral("the ERP"), sku,
                            ids.join(QStringLiteral(", ")));
    return issue;
}

PlannedWrite &writeFor(ProductPlan &plan, Side target, const QString &peerId)
{
    for (PlannedWrite &w : plan.writes) {
        if (w.target == target)
            return w;
    }
    PlannedWrite w;
    w.target = target;
    w.sku = plan.sku;
    w.peerId = peerId;
    plan.writes.append(w);
    return plan.writes.last();
}

// A SKU present on one side only: the ERP's is created in the shop (or the shop's in the ERP when
// enabled); otherwise it is reported.
void planOneSided(ProductPlan &plan, const SideRecord &record, const PlanSettings &s)
{
    const bool fromErp = record.side == Side::Erp;
    const bool create = fromErp ? s.sync.createInShop : s.sync.createInErp;
    if (!create) {
        if (!fromErp) {
            SkuIssue issue;
            issue.kind = SkuIssue::Kind::ShopOnly;
            issue.sku = plan.sku;
            issue.peerIds = {record.peerId};
            issue.seenAtMs = s.nowMs;
            issue.advice = QStringLiteral("SKU %1 exists only in the shop (product %2): create it in the ERP, or set "
                                          "create_in_erp = true in the profile's [sync] section")
                               .arg(plan.sku, record.peerId);
            plan.issues.append(issue);
        }
        return;
    }
    PlannedWrite w;
    w.target = otherSide(record.side);
    w.sku = plan.sku;
    w.create = true;
    for (auto it = record.values.begin(); it != record.values.end(); ++it)
        w.values.insert(it.key(), it.value());
    if (w.target == Side::Shop && s.shopCreatesInactive)
        w.values.insert(field::Active, QStringLiteral("0")); // what the shop will hold: its echo must match
    plan.writes.append(w);
    DeltaRecord d;
    d.passId = s.passId;
    d.atMs = s.nowMs;
    d.sku = plan.sku;
    d.field = QStringLiteral("(new product)");
    d.from = record.side;
    d.newValue = excerpt(record.values.value(field::Name));
    d.origin = QStringLiteral("peer");
    d.outcome = DeltaOutcome::Queued;
    plan.deltas.append(d);
}

} // namespace

ProductPlan planProduct(const QString &sku, const QVector<SideRecord> &shop, const QVector<SideRecord> &erp,
                        const ProductShadow *shadowIn, const QHash<QString, quint64> &ledger,
                        const QSet<QString> &openConflictFields, const PlanSettings &s)
{
    ProductPlan plan;
    plan.sku = sku;
    plan.shadow = shadowIn ? *shadowIn : ProductShadow{};
    plan.shadow.sku = sku;

    // A SKU held by two records on one side is never resolved by picking one.
    for (Side side : {Side::Shop, Side::Erp}) {
        const QVector<SideRecord> &read = side == Side::Shop ? shop : erp;
        QStringList ids;
        for (const SideRecord &r : read)
            ids.append(r.peerId);
        const QString linked = plan.shadow.side(side).peerId;
        if (!linked.isEmpty() && !ids.isEmpty() && !ids.contains(linked))
            ids.prepend(linked);
        ids.removeDuplicates();
        if (ids.size() > 1) {
            plan.skipped = true;
            plan.issues.append(duplicateIssue(side, sku, ids, s.nowMs));
        }
    }
    if (plan.skipped)
        return plan;

    const SideRecord *shopRecord = shop.isEmpty() ? nullptr : &shop.first();
    const SideRecord *erpRecord = erp.isEmpty() ? nullptr : &erp.first();
    const ProductShadow before = plan.shadow;
    const bool shopExists = shopRecord || before.shop.exists();
    const bool erpExists = erpRecord || before.erp.exists();
    if (shopRecord)
        updateShadow(plan.shadow.shop, *shopRecord);
    if (erpRecord)
        updateShadow(plan.shadow.erp, *erpRecord);
    if (!shopExists || !erpExists) {
        if (const SideRecord *only = shopRecord ? shopRecord : erpRecord)
            planOneSided(plan, *only, s);
        return plan;
    }

    for (const QString &f : s.fields) {
        SideValue sv = sideValue(sku, f, shopRecord, before.shop, ledger, Side::Shop);
        SideValue ev = sideValue(sku, f, erpRecord, before.erp, ledger, Side::Erp);
        if (!sv.known || !ev.known)
            continue; // a side that does not carry the field
        for (auto [v, side] : {std::pair<SideValue *, Side>{&sv, Side::Shop}, {&ev, Side::Erp}}) {
            if (v->echo) {
                plan.deltas.append(makeDelta(s, sku, f, side, *v, DeltaOutcome::EchoSuppressed));
                plan.echoes.append({sku, side, f, v->fp, 0});
                v->changed = false;
            }
        }
        FieldState state;
        state.field = f;
        state.shopFingerprint = sv.fp;
        state.erpFingerprint = ev.fp;
        state.shopChanged = sv.changed;
        state.erpChanged = ev.changed;
        state.initial = !before.shop.fields.contains(f) && !before.erp.fields.contains(f) && (sv.changed || ev.changed);
        if (state.initial)
            state.shopChanged = state.erpChanged = true;
        state.shopUpdatedAt = shopRecord ? shopRecord->updatedAt
                                         : QDateTime::fromMSecsSinceEpoch(before.shop.updatedMs, Qt::UTC);
        state.erpUpdatedAt = erpRecord ? erpRecord->updatedAt
                                       : QDateTime::fromMSecsSinceEpoch(before.erp.updatedMs, Qt::UTC);

        const FieldRule rule = s.policy.rule(f);
        Resolution r = resolveField(state, rule, qint64(s.sync.clockSkewToleranceS) * 1000);
        if (r.action == Resolution::Action::Nothing)
            continue;
        if (r.action == Resolution::Action::Converged) {
            ++plan.converged;
            if (!state.initial) {
                for (auto [v, side] : {std::pair<SideValue *, Side>{&sv, Side::Shop}, {&ev, Side::Erp}}) {
                    if (v->changed)
                        plan.deltas.append(makeDelta(s, sku, f, side, *v, DeltaOutcome::Converged));
                }
            }
            continue;
        }
        // A field with an open conflict waits for the operator, whatever changes meanwhile.
        if (openConflictFields.contains(f)) {
            r.action = Resolution::Action::Open;
            r.conflict = true;
            r.kind = ConflictResolution::Open;
            r.winner.reset();
            r.reason = QStringLiteral("%1 changed again while its conflict waits for a decision").arg(f);
        }

        const bool write = r.action == Resolution::Action::WriteToShop || r.action == Resolution::Action::WriteToErp;
        const Side target = r.action == Resolution::Action::WriteToShop ? Side::Shop : Side::Erp;
        const SideValue &winnerValue = target == Side::Shop ? ev : sv;
        if (write) {
            PlannedWrite &w = writeFor(plan, target, plan.shadow.side(target).peerId);
            if (winnerValue.haveValue)
                w.values.insert(f, winnerValue.value);
            else
                w.fetchFirst.append(f);
        }
        const DeltaOutcome outcome = r.conflict ? DeltaOutcome::Conflict : DeltaOutcome::Queued;
        for (auto [v, side] : {std::pair<SideValue *, Side>{&sv, Side::Shop}, {&ev, Side::Erp}}) {
            if (!v->changed)
                continue;
            if (state.initial && write && side == target)
                continue; // first sync: only the value that travels is a delta
            plan.deltas.append(makeDelta(s, sku, f, side, *v, outcome));
        }
        if (r.conflict) {
            ConflictRecord c;
            c.passId = s.passId;
            c.detectedAtMs = s.nowMs;
            c.sku = sku;
            c.field = f;
            c.rule = rule;
            c.shopValue = sv.haveValue ? QVariant(sv.value) : QVariant();
            c.erpValue = ev.haveValue ? QVariant(ev.value) : QVariant();
            c.shopUpdatedAt = state.shopUpdatedAt;
            c.erpUpdatedAt = state.erpUpdatedAt;
            c.resolution = r.kind;
            c.winner = r.winner;
            if (r.winner)
                c.winningValue = winnerValue.haveValue ? QVariant(winnerValue.value) : QVariant();
            c.reason = r.reason;
            c.decidedBy = r.kind == ConflictResolution::Open ? QString() : QStringLiteral("rules");
            c.decidedAtMs = r.kind == ConflictResolution::Open ? 0 : s.nowMs;
            plan.conflicts.append(c);
        }
    }
    return plan;
}

} // namespace syncsmart
