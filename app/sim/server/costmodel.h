#pragma once

#include "common/simhttp.h"

#include <QJsonObject>
#include <QString>

#include <optional>

namespace syncsmart::sim {

// How long the emulated server "works" on a request, and how many requests it works on at once.
// Preset "real" copies the medians measured on real PrestaShop 8.1.2 and Odoo 17 servers on this
// machine class (tests/fixtures/real/TIMINGS.md); "none" answers flat out.
struct PeerLimits
{
    QString costPreset = QStringLiteral("none"); // "none" | "real"
    double costScale = 1.0;                      // multiplies the preset's costs
    int capacity = 0;                            // requests served at once; 0 = preset's workers (none: unlimited)
    bool rejectBeyondCapacity = false;           // beyond capacity: 503 instead of waiting

    int effectiveCapacity(const QString &peer) const;
    QJsonObject toJson(const QString &peer) const;
};

// Milliseconds of server work for one answered request.
int serverCostMs(const QString &peer, const PeerLimits &limits, const SimResponse &response);

// Parses "none", "real", "real:0.1" (scale); returns an error message for anything else.
std::optional<QString> applyCostSpec(const QString &spec, PeerLimits *limits);

} // namespace syncsmart::sim
