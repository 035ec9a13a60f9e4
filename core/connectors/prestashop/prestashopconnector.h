#pragma once

#include "connectors/prestashop/prestashopsettings.h"
#include "connectors/prestashop/psrequest.h"
#include "connectors/prestashop/pswindow.h"
#include "connectors/shopconnector.h"

#include "common/clock.h"
#include "common/redactor.h"

#include <QJsonObject>
#include <QObject>
#include <QSet>

#include <memory>
#include <vector>

namespace syncsmart {

class HttpClient;
struct HttpRequest;
struct HttpResponse;

// The PrestaShop 8.x webservice (see ../shared/reference/prestashop-webservice.md and the real
// exchanges in tests/fixtures/real/prestashop-8.1). Reads are JSON (output_format=JSON), writes are
// XML bodies, PATCH only (a partial PUT blanks the rest). Dates are shop-local without a zone: the
// settings' shopTimeZone converts them both ways. Lists are read by keyset (date_upd or id), never
// by growing offsets, so an edit made while paging neither hides nor repeats a record.
// Files: prestashopconnector.cpp (plumbing, connection test, reads), prestashopwrites.cpp (writes),
// prestashoporders.cpp (orders).
class PrestaShopConnector final : public QObject, public ShopConnector
{
    Q_OBJECT
public:
    PrestaShopConnector(PrestaShopSettings settings, std::shared_ptr<Redactor> redactor, const Clock &clock,
                        QObject *parent = nullptr);
    ~PrestaShopConnector() override;

    QString peerName() const override;
    HttpClient &http() override;
    const PrestaShopSettings &settings() const { return m_settings; }

    void testConnection(Done<ConnectionReport> done) override;
    void changedProducts(const ChangeWindow &window, const QStringList &fields, ProductSink sink,
                         Done<PageSummary> done) override;
    void productsBySku(const QStringList &skus, const QStringList &fields,
                       Done<QVector<ProductData>> done) override;
    void catalog(const QStringList &fields, int pageSize, ProductSink sink, Done<PageSummary> done) override;
    void stockLevels(int pageSize, StockSink sink, Done<PageSummary> done) override;

    void updateProduct(const QString &productId, const QString &sku, const QVariantMap &changedFields,
                       Done<void> done) override;
    void setStock(const StockLevel &line, double quantity, Done<void> done) override;
    void createProduct(const ProductData &product, Done<CreateOutcome> done) override;

    void changedOrders(const ChangeWindow &window, OrderSink sink, Done<PageSummary> done) override;
    void setOrderState(const QString &orderId, const QString &stateId, Done<void> done) override;

private:
    using Records = QVector<QJsonObject>;
    using RecordsDone = std::function<void(Result<Records>)>;
    using ResponseDone = std::function<void(Result<HttpResponse>)>;
    // What a paged read does with the new records of one page: answers true to go on, false when the
    // sink asked to stop, or an error.
    using PageHandler = std::function<void(const Records &records, std::function<void(Result<bool>)> next)>;
    struct DatePass;
    struct IdPass;

    HttpRequest request(const QByteArray &method, const QString &path, ps::QueryParams params,
                        const QString &operation, const QString &record) const;
    void send(HttpRequest request, ResponseDone done);
    // GET a list as JSON, parsed (a body that does not parse is a classified error naming the request).
    void getList(const QString &resource, ps::QueryParams params, const QString &operation,
                 const QString &record, RecordsDone done);
    // GET resource?filter[id]=[..] in groups of 100, one after the other, all records together.
    void getByIds(const QString &resource, const QString &display, const QStringList &ids,
                  const QString &operation, RecordsDone done);
    // The same when the ids are dense (a page of stock lines names neighbouring products): one GET
    // of their interval, filter[id]=[low,high], which may also bring records not asked for (callers
    // look records up by id). Sparse ids go through getByIds.
    void getByIdSpan(const QString &resource, const QString &display, const QStringList &ids,
                     const QString &operation, RecordsDone done);
    // Products whose reference is one of skus (display: the PrestaShop fields to read).
    void lookupSkus(const QStringList &skus, const QString &display, const QString &operation,
                    RecordsDone done);
    void lookupOneInexpressible(const QString &sku, const QString &display, const QString &operation,
                                RecordsDone done);

    void runDatePass(std::shared_ptr<DatePass> pass);
    void runIdPass(std::shared_ptr<IdPass> pass);
    void takeIdPage(const std::shared_ptr<IdPass> &pass, Result<Records> page);
    void startDatePass(const QString &resource, const QString &operation, const QString &display,
                       const ChangeWindow &window, PageHandler handler, Done<PageSummary> done);
    // Product records as ProductData with only the asked canonical fields, and a paged read's handler
    // that hands each page of them to sink.
    QVector<ProductData> products(const Records &records, const QStringList &fields) const;
    PageHandler productPages(const QStringList &fields, ProductSink sink) const;

    // The shop's active languages (GET languages, once; cached) when the profile names none: a single
    // text and a create's missing languages go to each. A key that may not read languages (or a shop
    // without the resource) falls back to language 1 with a warning (testConnection reports it).
    // then gets an error only when the shop could not answer (nothing cached: the write retries).
    void withShopLanguages(std::function<void(Status)> then);
    // The languages a write passes to psxml as shopLanguages (empty when the profile names some).
    QStringList shopLanguages() const { return m_shopLanguages; }
    // The connection report's warning when the key may not read languages.
    static QString languagesFallbackWarning();

    void createAfterLookup(const ProductData &product, const QSet<QString> &before, Done<CreateOutcome> done);
    void settleCreate(const ProductData &product, const QSet<QString> &before, const QString &echoedId,
                      std::optional<Error> failure, Done<CreateOutcome> done);
    void deleteDuplicates(const QString &sku, QStringList extra,
                          std::function<void(std::optional<Error>)> done);
    void patchStock(const QString &stockId, qint64 quantity, const QString &record, Done<void> done);
    void fillCustomers(std::shared_ptr<QVector<ShopOrder>> orders, std::function<void(Status)> done);

    // Answers on the next turn of the event loop: a call never answers inside itself.
    template<typename T>
    void later(std::function<void(Result<T>)> done, Result<T> result)
    {
        QMetaObject::invokeMethod(
            this, [done = std::move(done), result = std::move(result)]() mutable { done(std::move(result)); },
            Qt::QueuedConnection);
    }

    PrestaShopSettings m_settings;
    std::shared_ptr<Redactor> m_redactor;
    const Clock &m_clock;
    HttpClient *m_http;
    QStringList m_shopLanguages; // read once when settings.languageIds is empty
    bool m_languagesKnown = false;
    QString m_languagesWarning; // why the connector writes language 1 only, when it does
    std::vector<std::function<void(Status)>> m_languageWaiters; // calls waiting for the one GET
};

} // namespace syncsmart
