#pragma once

// The PrestaShop 8.1 webservice (/api/...) emulated over a seeded catalog: XML and JSON reads with
// display/filter/sort/limit, XML writes with PUT-wipes-everything and PATCH, stock_availables,
// combinations, orders, order histories and customers, and the real server's error quirks (the
// 500s, the empty 404, the 401s). Grounded in tests/fixtures/real/prestashop-8.1/.

#include "common/effectlog.h"
#include "common/seed.h"
#include "common/simclock.h"
#include "common/simhttp.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QSet>
#include <QString>

#include <memory>
#include <optional>
#include <utility>

namespace syncsmart::sim {

struct PrestaShopOptions
{
    QString apiKey;
    QString timezone = QStringLiteral("Europe/Paris");
    QString version = QStringLiteral("8.1.2");
};

struct ShopOrderDraft
{
    QString email;
    QString firstName;
    QString lastName;
    QList<std::pair<QString, int>> lines; // sku, quantity
};

class PrestaShopSim final : public PeerHandler
{
public:
    PrestaShopSim(const SeedCatalog &seed, EffectLog &effects, SimClock &clock, PrestaShopOptions options);
    ~PrestaShopSim() override;

    QString peerName() const override;
    SimResponse handle(const SimRequest &request) override;
    std::optional<QJsonObject> control(const QByteArray &method, const QString &command,
                                       const QUrlQuery &query, const QByteArray &body) override;
    QStringList controlCommands() const override;

    // Used by the activity generator (a person working in the back office).
    bool hasSku(const QString &sku) const;
    bool editDescription(const QString &sku, int language, const QString &html,
                         EffectSource source); // bumps date_upd
    // Returns the order id; nullopt for an unknown SKU, a quantity <= 0 or more than the stock holds.
    std::optional<qint64> placeOrder(const ShopOrderDraft &draft, EffectSource source);
    QStringList customerEmails() const;
    qint64 productCount() const;

    // A further webservice key limited to some resources and methods ({"products": {"GET", "PATCH"}}).
    void addKey(const QString &key, const QHash<QString, QSet<QByteArray>> &permissions);

    struct Private;

private:
    std::unique_ptr<Private> d;
};

} // namespace syncsmart::sim
