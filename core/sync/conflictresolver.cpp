#include "conflictresolver.h"

namespace syncsmart {

namespace {

Resolution::Action writeTo(Side target)
{
    return target == Side::Shop ? Resolution::Action::WriteToShop : Resolution::Action::WriteToErp;
}

QString sideName(Side side)
{
    return side == Side::Shop ? QStringLiteral("the shop") : QStringLiteral("the ERP");
}

Resolution openConflict(QString reason)
{
    Resolution r;
    r.action = Resolution::Action::Open;
    r.conflict = true;
    r.kind = ConflictResolution::Open;
    r.reason = std::move(reason);
    return r;
}

Resolution byOwnership(const FieldState &s, Side owner)
{
    const Side other = otherSide(owner);
    const bool ownerChanged = owner == Side::Shop ? s.shopChanged : s.erpChanged;
    const bool otherChanged = owner == Side::Shop ? s.erpChanged : s.shopChanged;
    Resolution r;
    r.action = writeTo(other);
    r.winner = owner;
    r.kind = ConflictResolution::Ownership;
    if (s.initial) {
        r.reason = QStringLiteral("first sync: %1 owns %2").arg(sideName(owner), s.field);
        return r; // aligning two systems that were never synced is not a conflict
    }
    if (otherChanged) {
        r.conflict = true;
        r.reason = ownerChanged
                       ? QStringLiteral("both sides changed %1; %2 owns it").arg(s.field, sideName(owner))
                       : QStringLiteral("%1 changed %2, which %3 owns: its value is applied again")
                             .arg(sideName(other), s.field, sideName(owner));
    }
    return r;
}

Resolution byTimestamp(const FieldState &s, qint64 toleranceMs)
{
    const bool both = s.initial || (s.shopChanged && s.erpChanged);
    if (!both) {
        Resolution r;
        r.action = writeTo(s.shopChanged ? Side::Erp : Side::Shop);
        r.winner = s.shopChanged ? Side::Shop : Side::Erp;
        r.kind = ConflictResolution::Newest;
        return r; // only one side changed: nothing to choose
    }
    if (!s.shopUpdatedAt.isValid() || !s.erpUpdatedAt.isValid())
        return openConflict(QStringLiteral("both sides changed %1 and one of them gives no update time").arg(s.field));
    const qint64 diff = s.erpUpdatedAt.toMSecsSinceEpoch() - s.shopUpdatedAt.toMSecsSinceEpoch();
    if (qAbs(diff) <= toleranceMs) {
        return openConflict(QStringLiteral("both sides changed %1 within %2 s of each other (clock-skew tolerance %3 s)")
                                .arg(s.field)
                                .arg(qAbs(diff) / 1000.0, 0, 'f', 1)
                                .arg(toleranceMs / 1000.0, 0, 'f', 1));
    }
    const Side winner = diff > 0 ? Side::Erp : Side::Shop;
    Resolution r;
    r.action = writeTo(otherSide(winner));
    r.winner = winner;
    r.conflict = true;
    r.kind = ConflictResolution::Newest;
    r.reason = QStringLiteral("both sides changed %1; %2 changed it %3 s later")
                   .arg(s.field, sideName(winner))
                   .arg(qAbs(diff) / 1000.0, 0, 'f', 1);
    return r;
}

} // namespace

Resolution resolveField(const FieldState &s, FieldRule rule, qint64 toleranceMs)
{
    if (!s.shopChanged && !s.erpChanged && !s.initial)
        return {};
    if (s.shopFingerprint == s.erpFingerprint) {
        Resolution r;
        r.action = Resolution::Action::Converged;
        return r;
    }
    switch (rule) {
    case FieldRule::Erp: return byOwnership(s, Side::Erp);
    case FieldRule::Shop: return byOwnership(s, Side::Shop);
    case FieldRule::Newest: return byTimestamp(s, toleranceMs);
    case FieldRule::Manual:
        return openConflict(QStringLiteral("%1 is decided by a person (rule: manual)").arg(s.field));
    }
    return {};
}

} // namespace syncsmart
