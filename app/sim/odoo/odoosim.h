#pragma once

#include "common/effectlog.h"
#include "common/simclock.h"
#include "common/simhttp.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QString>

#include <memory>

namespace syncsmart::sim {

class SeedCatalog;

namespace odoo {
class OdooDatabase;
struct RpcResult;
struct CallContext;
} // namespace odoo

struct OdooOptions
{
    QString database = QStringLiteral("syncsmart");
    QString login = QStringLiteral("admin");
    QString apiKey;
    QString password;
    int uid = 2;
    QString serverVersion = QStringLiteral("17.0");
};

// Odoo 17's JSON-RPC endpoint (POST /jsonrpc) over an in-memory database seeded from the
// catalog: common.version / authenticate and object.execute_kw on product.product, stock.quant,
// sale.order, res.partner, account.move and their neighbours, grounded in the real exchanges of
// tests/fixtures/real/odoo-17/.
class OdooSim final : public PeerHandler
{
public:
    OdooSim(const SeedCatalog &seed, EffectLog &effects, SimClock &clock, OdooOptions options);
    ~OdooSim() override;

    QString peerName() const override { return QStringLiteral("odoo"); }
    QString routeKey(const SimRequest &request) const override;
    SimResponse handle(const SimRequest &request) override;
    std::optional<QJsonObject> control(const QByteArray &method, const QString &command,
                                       const QUrlQuery &query, const QByteArray &body) override;
    QStringList controlCommands() const override;

    // Used by the activity generator (a person working in the ERP). A SKU shared by several
    // products (default_code is not unique) changes its lowest id, the original record.
    bool hasSku(const QString &sku) const;
    bool setPrice(const QString &sku, double listPrice, EffectSource source); // bumps write_date
    bool setStock(const QString &sku, double quantity,
                  EffectSource source); // via the quant; write_date stays
    qint64 productCount() const;

    const OdooOptions &options() const { return m_options; }

private:
    odoo::RpcResult dispatch(const QJsonObject &params);
    odoo::RpcResult common(const QString &method, const QJsonArray &args);
    odoo::RpcResult object(const QString &method, const QJsonArray &args);
    bool credentialsMatch(const QJsonValue &secret) const;
    odoo::CallContext context(EffectSource source, const QJsonObject &requestContext = {}) const;
    qint64 firstProductWithSku(const QString &sku) const;

    QJsonObject controlProduct(const QUrlQuery &query) const;
    QJsonObject controlEdit(const QJsonObject &body);
    QJsonObject controlStock(const QJsonObject &body);
    QJsonObject controlSaleOrders(const QUrlQuery &query) const;
    QJsonObject controlPartners(const QUrlQuery &query) const;
    QJsonObject controlCounts() const;
    QJsonObject controlAccess(const QByteArray &method, const QJsonObject &body);

    OdooOptions m_options;
    std::unique_ptr<odoo::OdooDatabase> m_db;
};

} // namespace syncsmart::sim
