#pragma once

#include "sync/fieldpolicy.h"
#include "sync/syncevents.h"

#include <QDateTime>
#include <QString>

#include <optional>

namespace syncsmart {

// One field of one record across both sides, as a pass sees it.
struct FieldState
{
    QString field;
    quint64 shopFingerprint = 0;
    quint64 erpFingerprint = 0;
    bool shopChanged = false; // differs from the shop shadow (and is not our echo)
    bool erpChanged = false;
    bool initial = false;     // no synced baseline yet: the first time both sides are compared
    QDateTime shopUpdatedAt;  // UTC instants of the records' last update
    QDateTime erpUpdatedAt;
};

struct Resolution
{
    enum class Action { Nothing, Converged, WriteToShop, WriteToErp, Open };
    Action action = Action::Nothing;
    bool conflict = false; // the rules had to choose: stored with both values
    ConflictResolution kind = ConflictResolution::Open;
    std::optional<Side> winner;
    QString reason; // one sentence for the history and the console
};

// DESIGN §3: ownership first (a non-owner edit of an owned field is answered by applying the owner's
// value again); `newest` compares UTC instants, and instants within the tolerance (clock skew, ties,
// an unknown instant) become a manual conflict; `manual` always waits for an operator.
Resolution resolveField(const FieldState &state, FieldRule rule, qint64 toleranceMs);

} // namespace syncsmart
