#pragma once

#include "odooinvoices.h"
#include "odooproducts.h"
#include "odoosales.h"
#include "odoostock.h"

#include "common/effectlog.h"
#include "common/simclock.h"

#include <QHash>
#include <QSet>

#include <vector>

namespace syncsmart::sim::odoo {

// The emulated database: every model, the shared log of effects and the access rules a test can
// revoke through the control API.
class OdooDatabase final
{
public:
    OdooDatabase(EffectLog &effects, SimClock &clock, int uid);

    ProductModel &products() { return m_products; }
    const ProductModel &products() const { return m_products; }
    StockModel &stock() { return m_stock; }
    const StockModel &stock() const { return m_stock; }
    MoveLineModel &moveLines() { return m_moveLines; }
    LocationModel &locations() { return m_locations; }
    const LocationModel &locations() const { return m_locations; }
    PickingModel &pickings() { return m_pickings; }
    PartnerModel &partners() { return m_partners; }
    SaleOrderModel &orders() { return m_orders; }
    const SaleOrderModel &orders() const { return m_orders; }
    SaleLineModel &orderLines() { return m_lines; }
    const SaleLineModel &orderLines() const { return m_lines; }
    InvoiceModel &invoices() { return m_invoices; }
    const InvoiceModel &invoices() const { return m_invoices; }
    PaymentWizardModel &paymentWizard() { return m_wizard; }

    OdooModel *model(const QString &name);
    const OdooModel *model(const QString &name) const;
    QStringList modelNames() const;

    EffectLog &effects() const { return m_effects; }
    qint64 nowMs() const { return m_clock.nowUtc().toMSecsSinceEpoch(); }
    int uid() const { return m_uid; }

    // Access rights revoked by the control API: "product.product/write".
    bool isAllowed(const QString &model, const QString &operation) const;
    void setAllowed(const QString &model, const QString &operation, bool allowed);
    QStringList deniedRights() const;

private:
    EffectLog &m_effects;
    SimClock &m_clock;
    int m_uid;
    ProductModel m_products;
    StockModel m_stock;
    MoveLineModel m_moveLines;
    LocationModel m_locations;
    WarehouseModel m_warehouses;
    PickingModel m_pickings;
    PartnerModel m_partners;
    SaleOrderModel m_orders;
    SaleLineModel m_lines;
    InvoiceModel m_invoices;
    PaymentWizardModel m_wizard;
    QHash<QString, OdooModel *> m_byName;
    QSet<QString> m_denied;
};

} // namespace syncsmart::sim::odoo
