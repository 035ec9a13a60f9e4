#pragma once

#include "common/effectlog.h"

#include <QJsonObject>
#include <QObject>
#include <QTimer>

#include <optional>
#include <random>

namespace syncsmart::sim {

class SeedCatalog;
class PrestaShopSim;
class OdooSim;

// Rates per minute of what people do in both systems while the sync runs.
struct ActivityRates
{
    double erpPricePerMinute = 0.0;        // an ERP user changes a list price
    double erpStockPerMinute = 0.0;        // a stock count in the ERP
    double shopDescriptionPerMinute = 0.0; // a merchandiser edits a description in the shop
    double shopOrderPerMinute = 0.0;       // a customer orders in the shop
    double shopPricePerMinute = 0.0;       // someone changes a price in the shop (the ERP owns prices)
    double renameBothPerMinute = 0.0;      // the same product renamed in both systems at the same moment
    double returningCustomerShare = 0.4;   // share of orders placed by an existing customer

    bool isIdle() const;
    QJsonObject toJson() const;
    // "erp-price=30,erp-stock=60,shop-description=6,shop-order=4,shop-price=1,rename-both=0.5,returning=0.5"
    // or "demo" or "none".
    static std::optional<ActivityRates> parse(const QString &spec, QString *error);
    static ActivityRates demo();
};

enum class ActivityKind { ErpPrice, ErpStock, ShopDescription, ShopOrder, ShopPrice, RenameBoth };
inline constexpr int kActivityKinds = 6;

// Drives the simulated people at the configured rates; deterministic for a given seed.
class ActivityGenerator final : public QObject
{
    Q_OBJECT

public:
    ActivityGenerator(const SeedCatalog &seed, PrestaShopSim &shop, OdooSim &erp, quint64 randomSeed,
                      QObject *parent = nullptr);

    void setRates(const ActivityRates &rates);
    const ActivityRates &rates() const { return m_rates; }

    // Performs one event now; returns a description of what changed, or nullopt when no
    // suitable record was found (e.g. an empty catalog).
    std::optional<QString> runOnce(ActivityKind kind);

    QJsonObject toJson() const;

private:
    void tick();
    std::optional<qint64> pickIndex(bool needShop, bool needErp);

    const SeedCatalog &m_seed;
    PrestaShopSim &m_shop;
    OdooSim &m_erp;
    std::mt19937_64 m_random;
    ActivityRates m_rates;
    QTimer m_timer;
    qint64 m_lastTickMs = 0;
    double m_due[kActivityKinds] = {};
    qint64 m_done[kActivityKinds] = {};
    qint64 m_newCustomers = 0;
    QString m_lastEvent;
};

} // namespace syncsmart::sim
