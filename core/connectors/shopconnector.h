#pragma once

#include "connectors/catalogtypes.h"

namespace syncsmart {

class HttpClient;

// The shop side (PrestaShop today). Asynchronous: every call answers once through its callback, on
// the thread the connector lives on (the sync thread). Errors are classified (transient / permanent /
// auth / config) and say which record and what to do. Nothing here retries: the queue does.
class ShopConnector
{
public:
    virtual ~ShopConnector() = default;

    virtual QString peerName() const = 0;
    virtual HttpClient &http() = 0;

    // Version, and whether the key may use every resource the sync needs (a list of what is missing).
    virtual void testConnection(Done<ConnectionReport> done) = 0;

    // Products whose last update lies in the window, oldest first, only the given fields. Each version
    // comes once: a record edited while the pass runs comes again with its new version, never is lost.
    virtual void changedProducts(const ChangeWindow &window, const QStringList &fields, ProductSink sink,
                                 Done<PageSummary> done) = 0;
    // Products by SKU, up to 100 per request (more are split). Every match is returned (duplicates too).
    virtual void productsBySku(const QStringList &skus, const QStringList &fields, Done<QVector<ProductData>> done) = 0;
    // The whole catalog as a stream of pages.
    virtual void catalog(const QStringList &fields, int pageSize, ProductSink sink, Done<PageSummary> done) = 0;
    // All stock lines as a stream of pages (for the stock sweep: stock changes do not move date_upd).
    virtual void stockLevels(int pageSize, StockSink sink, Done<PageSummary> done) = 0;

    // Writes only the given fields (PATCH), never a partial PUT.
    virtual void updateProduct(const QString &productId, const QString &sku, const QVariantMap &changedFields,
                               Done<void> done) = 0;
    // Sets one stock line (stock.stockId or product + combination) to an absolute quantity.
    virtual void setStock(const StockLevel &line, double quantity, Done<void> done) = 0;
    // Creates a product (inactive unless fields say active); idempotent by SKU: an existing one is returned.
    virtual void createProduct(const ProductData &product, Done<CreateOutcome> done) = 0;

    // Orders created or updated in the window, with rows and customer.
    virtual void changedOrders(const ChangeWindow &window, OrderSink sink, Done<PageSummary> done) = 0;
    // Moves an order to a state (an order_histories entry), unless it already is in it.
    virtual void setOrderState(const QString &orderId, const QString &stateId, Done<void> done) = 0;
};

} // namespace syncsmart
