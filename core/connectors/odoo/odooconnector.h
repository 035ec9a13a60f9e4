#pragma once

#include "connectors/erpconnector.h"
#include "connectors/http/httpclient.h"
#include "connectors/odoo/odoorpc.h"
#include "connectors/odoo/odoosettings.h"

#include "common/clock.h"
#include "common/redactor.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QObject>

#include <memory>
#include <optional>

namespace syncsmart {

// Odoo 17 over JSON-RPC (object.execute_kw with an API key). Signs in once and keeps the uid;
// reads products by write_date with a keyset that never misses a record edited while paging;
// writes many records in one call; stock through stock.quant in inventory mode; creates products
// and sales orders idempotently (looked up by SKU / client_order_ref before creating, and checked
// again after the create, because Qt re-sends a POST by itself after a connection reset).
class OdooConnector final : public QObject, public ErpConnector
{
    Q_OBJECT
public:
    OdooConnector(OdooSettings settings, std::shared_ptr<Redactor> redactor, const Clock &clock,
                  QObject *parent = nullptr);
    ~OdooConnector() override;

    QString peerName() const override;
    HttpClient &http() override { return *m_http; }
    const OdooSettings &settings() const { return m_settings; }
    // How many common.authenticate calls this connector sent (one per run unless a key is refused).
    qint64 authenticationsSent() const { return m_rpc->authenticationsSent(); }

    void testConnection(Done<ConnectionReport> done) override;
    void changedProducts(const ChangeWindow &window, const QStringList &fields, ProductSink sink,
                         Done<PageSummary> done) override;
    void productsBySku(const QStringList &skus, const QStringList &fields, Done<QVector<ProductData>> done) override;
    void catalog(const QStringList &fields, int pageSize, ProductSink sink, Done<PageSummary> done) override;
    void updateProducts(const QStringList &productIds, const QVariantMap &fields, Done<void> done) override;
    void stockLevels(int pageSize, StockSink sink, Done<PageSummary> done) override;
    void stockBySku(const QStringList &skus, Done<QVector<StockLevel>> done) override;
    void setStock(const StockLevel &line, double quantity, Done<void> done) override;
    void createProducts(const QVector<ProductData> &products, Done<QVector<CreateOutcome>> done) override;
    void pushOrder(const ShopOrder &order, Done<ErpOrderRef> done) override;
    void orderStatuses(const QStringList &clientOrderRefs, Done<QVector<ErpOrderStatus>> done) override;

    static constexpr int kSkusPerCall = 100;

private:
    struct Warehouse
    {
        qint64 id = 0;
        qint64 stockLocationId = 0;
        QString name;
    };
    struct PagedRead;
    struct CreateRun;
    struct OrderPush;
    using Records = QVector<QJsonObject>;

    std::optional<Error> classify(const HttpRequest &request, const HttpResponse &response) const;
    template<typename T>
    Done<T> redacting(Done<T> done) const;
    QString what(const QString &operation, const QString &record = {}) const;

    // execute_kw returning a list of records.
    void searchRead(const QString &model, const QJsonArray &domain, const QStringList &fields,
                    const QJsonObject &options, const QString &operation, const QString &record, Done<Records> done);
    // product.product records whose default_code is one of skus (archived included), 100 SKUs per call.
    void productsWithSkus(const QStringList &skus, const QStringList &fields, const QString &operation,
                          Done<Records> done, const QJsonObject &extraContext = {});
    QJsonObject context(bool includeArchived) const;
    void warehouse(Done<Warehouse> done);
    void readPage(std::shared_ptr<PagedRead> read);
    void stockOffset(qint64 productId, const Warehouse &wh, const QString &operation, const QString &record,
                     Done<double> done);
    bool nextChangedPage(PagedRead &read, const Records &page);
    void deliverPage(std::shared_ptr<PagedRead> read, const Records &page);
    void takePage(const std::shared_ptr<PagedRead> &read, Result<Records> page);
    void handOnPage(const std::shared_ptr<PagedRead> &read, const Records &page, bool readAhead);

    // testConnection
    void checkAccess(std::shared_ptr<ConnectionReport> report, Done<ConnectionReport> done);
    void checkFields(std::shared_ptr<ConnectionReport> report, Done<ConnectionReport> done);

    // createProducts (odoocreate.cpp)
    void createGroup(std::shared_ptr<CreateRun> run, const QList<int> &items);
    // Looks the SKUs up again after a create (answered or not): maps ids, finds Qt's second copy.
    void verifyCreated(std::shared_ptr<CreateRun> run, const QList<int> &items, std::optional<Error> failure);
    void groupDone(std::shared_ptr<CreateRun> run);
    // Deletes records this connector has just created twice (Qt re-sends a create by itself after a
    // connection reset; the peer applied both).
    void removeExtras(const QString &model, const QList<qint64> &extras, const QString &operation,
                      const QString &record, Done<void> done);

    // pushOrder (odooorders.cpp)
    void findOrder(const QString &ref, const QString &operation, Done<Records> done);
    void resolveLines(std::shared_ptr<OrderPush> push);
    void findOrCreatePartner(std::shared_ptr<OrderPush> push);
    void createOrder(std::shared_ptr<OrderPush> push);
    void settleCreatedOrder(std::shared_ptr<OrderPush> push, std::optional<Error> failure);
    void confirmOrder(std::shared_ptr<OrderPush> push, qint64 id, const QString &name, bool created);

    OdooSettings m_settings;
    std::shared_ptr<Redactor> m_redactor;
    const Clock &m_clock;
    std::unique_ptr<HttpClient> m_http;
    std::unique_ptr<odoo::OdooRpc> m_rpc;
    std::optional<Warehouse> m_warehouse; // read once
};

} // namespace syncsmart

namespace syncsmart {

// Every error a caller sees passes through the redactor (the HTTP layer's do already; this also
// covers the texts the connector builds itself).
template<typename T>
Done<T> OdooConnector::redacting(Done<T> done) const
{
    std::shared_ptr<const Redactor> redactor = m_redactor;
    return [redactor, done = std::move(done)](Result<T> result) {
        if (result.ok())
            return done(std::move(result));
        Error error = result.error();
        error.message = redactor->redact(error.message);
        error.context = redactor->redact(error.context);
        done(std::move(error));
    };
}

} // namespace syncsmart
