#include "costmodel.h"

#include <cmath>

namespace syncsmart::sim {

namespace {

struct Cost
{
    double fixedMs;
    double perRecordMs;
    double perHeavyRecordMs;
};

// From TIMINGS.md (medians, one client, loopback, 2 vCPU):
//  PrestaShop: GET one product 22 ms; 1000 products x 4 fields 0.64-0.76 s; 100 full products
//  0.38-0.46 s; PATCH price 46-57 ms; PATCH stock 15-22 ms; POST (full product) ~55 ms.
//  Odoo: search_read 1000 x 6 fields 143 ms (280 ms with qty_available); search 1 SKU 32 ms;
//  write 29 ms; quant create 23 ms + apply 61 ms; product create ~600 ms per call; authenticate
//  with an API key ~0.4 s (slow password hash first).
Cost costFor(const QString &peer, Operation op)
{
    const bool shop = peer == QLatin1String("prestashop");
    switch (op) {
    case Operation::Read:
        return shop ? Cost{22, 0, 0} : Cost{30, 0, 0};
    case Operation::List:
        return shop ? Cost{25, 0.62, 3.8} : Cost{30, 0.11, 0.25};
    case Operation::Write:
        return shop ? Cost{48, 0, 0} : Cost{29, 0, 0};
    case Operation::StockWrite:
        return shop ? Cost{17, 0, 0} : Cost{42, 0, 0};
    case Operation::Create:
        return shop ? Cost{55, 0, 0} : Cost{600, 0, 0};
    case Operation::Auth:
        return shop ? Cost{0, 0, 0} : Cost{400, 0, 0};
    case Operation::Other:
        return shop ? Cost{18, 0, 0} : Cost{15, 0, 0};
    }
    return {0, 0, 0};
}

// Real servers on 2 cores: php -S / php-fpm and Odoo's threaded server both work on about two
// requests at a time before the CPU is the limit (~50 PrestaShop writes/s with 4 in flight).
constexpr int kRealWorkers = 2;

} // namespace

int PeerLimits::effectiveCapacity(const QString &) const
{
    if (capacity > 0)
        return capacity;
    return costPreset == QLatin1String("real") ? kRealWorkers : 0;
}

QJsonObject PeerLimits::toJson(const QString &peer) const
{
    return QJsonObject{{QStringLiteral("costPreset"), costPreset},
                       {QStringLiteral("costScale"), costScale},
                       {QStringLiteral("capacity"), effectiveCapacity(peer)},
                       {QStringLiteral("beyondCapacity"),
                        rejectBeyondCapacity ? QStringLiteral("reject") : QStringLiteral("wait")}};
}

int serverCostMs(const QString &peer, const PeerLimits &limits, const SimResponse &response)
{
    if (limits.costPreset != QLatin1String("real"))
        return 0;
    const Cost cost = costFor(peer, response.operation);
    const double perRecord = response.heavy ? cost.perHeavyRecordMs : cost.perRecordMs;
    return int(std::lround((cost.fixedMs + perRecord * response.records) * limits.costScale));
}

std::optional<QString> applyCostSpec(const QString &spec, PeerLimits *limits)
{
    const QStringList parts = spec.split(QLatin1Char(':'));
    const QString preset = parts.value(0);
    if (preset != QLatin1String("none") && preset != QLatin1String("real"))
        return QStringLiteral("cost preset must be \"none\" or \"real\" (optionally \"real:SCALE\"), not \"%1\"").arg(spec);
    double scale = 1.0;
    if (parts.size() > 2)
        return QStringLiteral("cost \"%1\": expected PRESET or PRESET:SCALE").arg(spec);
    if (parts.size() == 2) {
        bool ok = false;
        scale = parts[1].toDouble(&ok);
        if (!ok || scale <= 0.0 || scale > 100.0)
            return QStringLiteral("cost scale must be a number in (0, 100], not \"%1\"").arg(parts[1]);
    }
    limits->costPreset = preset;
    limits->costScale = scale;
    return std::nullopt;
}

} // namespace syncsmart::sim
