#pragma once

#include "connectors/catalogtypes.h"

namespace syncsmart {

class HttpClient;

// The ERP side (Odoo today, Dolibarr later): nothing Odoo-specific belongs in this interface.
// Same contract as ShopConnector: asynchronous, classified errors, no retries of its own.
class ErpConnector
{
public:
    virtual ~ErpConnector() = default;

    virtual QString peerName() const = 0;
    virtual HttpClient &http() = 0;

    // Version, login, and access rights to every model the sync needs (a list of what is missing).
    virtual void testConnection(Done<ConnectionReport> done) = 0;

    // Products (archived included) whose last update lies in the window, oldest first. Each version
    // comes once: a record edited while the pass runs comes again with its new version, never is lost.
    virtual void changedProducts(const ChangeWindow &window, const QStringList &fields, ProductSink sink,
                                 Done<PageSummary> done) = 0;
    // Every match per SKU is returned: a SKU held by two products is reported by the caller, never
    // resolved by picking one.
    virtual void productsBySku(const QStringList &skus, const QStringList &fields, Done<QVector<ProductData>> done) = 0;
    virtual void catalog(const QStringList &fields, int pageSize, ProductSink sink, Done<PageSummary> done) = 0;

    // Writes the same values to all the given products (one call when possible).
    virtual void updateProducts(const QStringList &productIds, const QVariantMap &fields, Done<void> done) = 0;

    // Stock of products, from the configured quantity (Odoo: free_qty by default).
    virtual void stockLevels(int pageSize, StockSink sink, Done<PageSummary> done) = 0;
    virtual void stockBySku(const QStringList &skus, Done<QVector<StockLevel>> done) = 0;
    // Sets the on-hand quantity of one product (an inventory adjustment).
    virtual void setStock(const StockLevel &line, double quantity, Done<void> done) = 0;

    // Creates products in batches; idempotent by SKU (looked up before, and again after an ambiguous
    // failure). A SKU that already exists twice is an error naming both, never a silent pick.
    virtual void createProducts(const QVector<ProductData> &products, Done<QVector<CreateOutcome>> done) = 0;

    // Finds or creates the customer (by email) and the sales order (by the shop's order reference):
    // a replay never creates a second order or partner.
    virtual void pushOrder(const ShopOrder &order, Done<ErpOrderRef> done) = 0;
    virtual void orderStatuses(const QStringList &clientOrderRefs, Done<QVector<ErpOrderStatus>> done) = 0;
};

} // namespace syncsmart
