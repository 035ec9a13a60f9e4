#include "connectors/readretry.h"
#include "connectors/prestashop/prestashopconnector.h"

#include "connectors/http/httpclient.h"
#include "connectors/prestashop/pserrors.h"
#include "connectors/prestashop/psjson.h"
#include "connectors/prestashop/pspasses_p.h"
#include "connectors/prestashop/psxml.h"

#include "common/logging.h"

#include <QPointer>

namespace syncsmart {

using namespace ps;

namespace {

// What the sync needs from the key, and why (said in the connection report).
struct Need
{
    const char *resource;
    const char *method;
    const char *why;
};
const Need kNeeds[] = {
    {"products", "GET", "read products"},
    {"products", "PATCH", "update products"},
    {"products", "POST", "create products"},
    {"stock_availables", "GET", "read stock"},
    {"stock_availables", "PATCH", "set stock"},
    {"combinations", "GET", "read the SKUs of combinations"},
    {"orders", "GET", "read orders"},
    {"order_details", "GET", "read order lines"},
    {"order_histories", "GET", "read order states"},
    {"order_histories", "POST", "change order states"},
    {"order_states", "GET", "read the list of order states"},
    {"customers", "GET", "read the customers of orders"},
};

QString kFarFuture()
{
    return QStringLiteral("2999-12-31 23:59:59");
}

// display=[...] for a product read: the reference and date_upd, then the asked PrestaShop fields.
QString productDisplay(const QStringList &psNames)
{
    return displayParam(QStringList{QStringLiteral("reference"), QStringLiteral("date_upd")} + psNames);
}

// id -> reference of product or combination records.
QHash<QString, QString> referenceById(const QVector<QJsonObject> &records)
{
    QHash<QString, QString> out;
    for (const QJsonObject &o : records)
        out.insert(text(o.value(QStringLiteral("id"))), text(o.value(QStringLiteral("reference"))));
    return out;
}

} // namespace

PrestaShopConnector::PrestaShopConnector(PrestaShopSettings settings, std::shared_ptr<Redactor> redactor,
                                         const Clock &clock, QObject *parent)
    : QObject(parent)
    , m_settings(std::move(settings))
    , m_redactor(std::move(redactor))
    , m_clock(clock)
{
    if (!m_redactor)
        m_redactor = std::make_shared<Redactor>();
    m_redactor->addSecret(m_settings.apiKey);
    if (m_settings.endpoint.peerName.isEmpty())
        m_settings.endpoint.peerName = QStringLiteral("PrestaShop");
    m_http =
        new HttpClient(m_settings.endpoint,
                       makeClassifier(m_settings.endpoint.peerName, m_clock, m_settings.endpoint.baseUrl),
                       m_redactor, m_clock, this);
    m_http->setHealthProbe(
        request("GET", QString(), {}, QStringLiteral("check that the shop answers"), QString()));
}

PrestaShopConnector::~PrestaShopConnector() = default;

QString PrestaShopConnector::peerName() const
{
    return m_settings.endpoint.peerName;
}

HttpClient &PrestaShopConnector::http()
{
    return *m_http;
}

HttpRequest PrestaShopConnector::request(const QByteArray &method, const QString &path, QueryParams params,
                                         const QString &operation, const QString &record) const
{
    if (m_settings.shopId > 0)
        params.append({QStringLiteral("id_shop"), QString::number(m_settings.shopId)});
    HttpRequest r;
    r.method = method;
    r.url = buildUrl(m_settings.endpoint.baseUrl, path, params);
    // The key is the basic-auth user with an empty password (never ws_key= in the URL: logs keep URLs).
    r.headers.append({QByteArrayLiteral("Authorization"),
                      QByteArrayLiteral("Basic ") + (m_settings.apiKey.toUtf8() + ':').toBase64()});
    // No Accept-Encoding here: Qt asks for gzip/deflate itself and inflates only what it asked for.
    r.operation = operation;
    r.record = record;
    return r;
}

void PrestaShopConnector::send(HttpRequest request, ResponseDone done)
{
    QPointer<PrestaShopConnector> self(this);
    m_http->send(std::move(request), [self, done = std::move(done)](Result<HttpResponse> result) {
        if (self)
            done(std::move(result));
    });
}

void PrestaShopConnector::getList(const QString &resource, QueryParams params, const QString &operation,
                                  const QString &record, RecordsDone done)
{
    params.prepend({QStringLiteral("output_format"), QStringLiteral("JSON")});
    HttpRequest r = request("GET", resource, std::move(params), operation, record);
    // A body cut short or garbled is as transient as a 503: the whole read is sent again.
    std::function<void(Done<Records>)> attempt = [this, r, resource](Done<Records> parsed) {
        send(r, [this, r, resource, parsed = std::move(parsed)](Result<HttpResponse> response) {
            if (!response)
                return parsed(response.error());
            Result<Records> records = parseList(response->body, resource, m_http->describe(r));
            if (!records)
                return parsed(m_http->withContext(records.error(), r, &response.value()));
            parsed(std::move(records));
        });
    };
    retryingRead<Records>(this, attempt, std::move(done));
}

void PrestaShopConnector::getByIdSpan(const QString &resource, const QString &display, const QStringList &ids,
                                      const QString &operation, RecordsDone done)
{
    constexpr qint64 kMaxSpan = 2000; // ids in one interval: the answer stays the size of a page
    qint64 low = std::numeric_limits<qint64>::max();
    qint64 high = 0;
    for (const QString &id : ids) {
        bool numeric = false;
        const qint64 n = id.toLongLong(&numeric);
        if (!numeric || n <= 0)
            return getByIds(resource, display, ids, operation, std::move(done));
        low = std::min(low, n);
        high = std::max(high, n);
    }
    const qint64 span = high - low + 1;
    if (ids.isEmpty() || span > kMaxSpan || span > 2 * qint64(ids.size()))
        return getByIds(resource, display, ids, operation, std::move(done));
    getList(resource,
            {{QStringLiteral("display"), display},
             {QStringLiteral("filter[id]"), QStringLiteral("[%1,%2]").arg(low).arg(high)}},
            operation, QString(), std::move(done));
}

void PrestaShopConnector::getByIds(const QString &resource, const QString &display, const QStringList &ids,
                                   const QString &operation, RecordsDone done)
{
    if (ids.isEmpty())
        return later<Records>(std::move(done), Records{}); // nothing to send: still answer later
    auto groups = std::make_shared<QVector<QStringList>>(chunks(ids, 100));
    auto all = std::make_shared<Records>();
    auto step = std::make_shared<std::function<void(int)>>();
    *step = [this, resource, display, operation, groups, all, step, done](int i) {
        if (i >= groups->size()) {
            *step = nullptr; // breaks the self-reference
            return done(*all);
        }
        getList(resource,
                {{QStringLiteral("display"), display},
                 {QStringLiteral("filter[id]"), idListFilter(groups->at(i))}},
                operation, QString(), [all, step, i, done](Result<Records> page) {
                    if (!page) {
                        *step = nullptr;
                        return done(page.error());
                    }
                    *all += page.value();
                    auto keep = *step; // (*step)(...) may reset *step while it runs
                    keep(i + 1);
                });
    };
    auto keep = *step;
    keep(0);
}

// ---- connection test -------------------------------------------------------------------------

void PrestaShopConnector::testConnection(Done<ConnectionReport> done)
{
    // The root in XML: the JSON root is a PHP fatal error on 8.1.2 (fixture 89).
    HttpRequest r = request("GET", QString(), {}, QStringLiteral("test the connection"), QString());
    send(r, [this, r, done = std::move(done)](Result<HttpResponse> response) {
        if (!response)
            return done(response.error());
        Result<ApiRoot> root = parseApiRoot(response->body, m_http->describe(r));
        if (!root)
            return done(m_http->withContext(root.error(), r, &response.value()));
        ConnectionReport report;
        report.peerName = peerName();
        report.version = QString::fromLatin1(response->header("psws-version"));
        const QString warning = m_settings.endpoint.tls.warning(peerName());
        if (!warning.isEmpty())
            report.warnings.append(warning);
        const int major = report.version.section(QLatin1Char('.'), 0, 0).toInt();
        if (report.version.isEmpty() || major <= 0)
            report.warnings.append(
                QStringLiteral("The shop did not say its version (no PSWS-Version header; a "
                               "proxy may drop it): SyncSmart needs PrestaShop 8.0 or later."));
        else if (major < 8)
            report.missing.append(
                QStringLiteral("PrestaShop %1: SyncSmart needs PrestaShop 8.0 or later (1.7 has no "
                               "PATCH, and a partial PUT blanks products)")
                    .arg(report.version));
        QMap<QString, QStringList> allowed;
        for (const Need &need : kNeeds) {
            const QString resource = QString::fromLatin1(need.resource);
            const QString method = QString::fromLatin1(need.method);
            if (root->methods.value(resource).contains(method)) {
                allowed[resource].append(method);
                continue;
            }
            report.missing.append(
                QStringLiteral("%1: %2 is not allowed for this key (needed to %3). Allow it in "
                               "the shop's back office: Advanced Parameters > Webservice > this "
                               "key > %1.")
                    .arg(resource, method, QString::fromLatin1(need.why)));
        }
        if (!root->methods.value(QStringLiteral("products")).contains(QStringLiteral("DELETE")))
            report.warnings.append(QStringLiteral(
                "products: DELETE is not allowed for this key: if a connection reset makes the shop "
                "create a product twice (Qt re-sends a POST by itself), SyncSmart cannot remove the "
                "copy and will say which one to delete."));
        for (auto it = allowed.begin(); it != allowed.end(); ++it)
            report.capabilities.append(
                QStringLiteral("%1: %2").arg(it.key(), it.value().join(QStringLiteral(", "))));
        // Languages: a warning-level need (without them a single text is written to language 1 only).
        if (!m_settings.languageIds.isEmpty()) {
            report.capabilities.append(QStringLiteral("languages: %1 (the profile's)")
                                           .arg(m_settings.languageIds.join(QStringLiteral(", "))));
            return done(report);
        }
        if (!root->methods.value(QStringLiteral("languages")).contains(QStringLiteral("GET"))) {
            report.warnings.append(languagesFallbackWarning());
            return done(report);
        }
        withShopLanguages([this, report, done](Status status) mutable {
            if (!status)
                report.warnings.append(
                    QStringLiteral("languages: the shop's languages could not be read (%1); writes read them "
                                   "again before a single text is written.")
                        .arg(status.error().message));
            else if (!m_languagesWarning.isEmpty())
                report.warnings.append(m_languagesWarning);
            else
                report.capabilities.append(QStringLiteral("languages: %1 (active; a single text is written "
                                                          "to each)")
                                               .arg(m_shopLanguages.join(QStringLiteral(", "))));
            done(report);
        });
    });
}

// ---- paged reads -----------------------------------------------------------------------------

void PrestaShopConnector::startDatePass(const QString &resource, const QString &operation,
                                        const QString &display, const ChangeWindow &window,
                                        PageHandler handler, Done<PageSummary> done)
{
    const QString from = window.sinceUtc.isValid()
                             ? shopLocalBound(window.sinceUtc, m_settings.shopTimeZone, true)
                             : QStringLiteral("1970-01-02 00:00:00");
    const QString to = window.untilUtc.isValid()
                           ? shopLocalBound(window.untilUtc, m_settings.shopTimeZone, false)
                           : kFarFuture();
    auto pass =
        std::make_shared<DatePass>(DatePass{resource,
                                            operation,
                                            display,
                                            DateKeysetPager(from, to, std::clamp(window.pageSize, 1, 1000)),
                                            std::move(handler),
                                            std::move(done),
                                            {},
                                            0,
                                            window.untilUtc,
                                            m_clock.now()});
    if (pass->pager.done())
        return later<PageSummary>(pass->done, pass->summary);
    runDatePass(pass);
}

void PrestaShopConnector::runDatePass(std::shared_ptr<DatePass> pass)
{
    const DateKeysetPager::Request next = pass->pager.next();
    QueryParams params{{QStringLiteral("display"), pass->display},
                       {QStringLiteral("filter[date_upd]"), next.dateFilter}};
    if (!next.idFilter.isEmpty())
        params.append({QStringLiteral("filter[id]"), next.idFilter});
    params.append({QStringLiteral("date"), QStringLiteral("1")});
    params.append({QStringLiteral("sort"), next.sort});
    params.append({QStringLiteral("limit"), next.limit});
    ++pass->page;
    ++pass->summary.requests;
    getList(pass->resource, params, pass->operation, QStringLiteral("(page %1)").arg(pass->page),
            [this, pass](Result<Records> page) {
                if (!page)
                    return pass->done(page.error());
                QVector<DateKeysetPager::Row> rows;
                rows.reserve(page->size());
                for (const QJsonObject &o : page.value())
                    rows.append(
                        {integer(o.value(QStringLiteral("id"))), text(o.value(QStringLiteral("date_upd")))});
                const QVector<int> fresh = pass->pager.accept(rows);
                pass->summary.duplicatesDropped = pass->pager.duplicatesDropped();
                Records records;
                for (int i : fresh) {
                    records.append(page->at(i));
                    const QDateTime at =
                        cappedUpdatedAt(shopLocalToUtc(rows.at(i).dateUpd, m_settings.shopTimeZone),
                                        pass->untilUtc, pass->startedAt);
                    if (at.isValid() &&
                        (!pass->summary.maxUpdatedAt.isValid() || at > pass->summary.maxUpdatedAt))
                        pass->summary.maxUpdatedAt = at;
                }
                pass->summary.records += records.size();
                qCDebug(lcPrestaShop).noquote()
                    << QStringLiteral("%1: %2 (page %3): %4 records, %5 new, %6 duplicates so far")
                           .arg(peerName(), pass->operation)
                           .arg(pass->page)
                           .arg(rows.size())
                           .arg(records.size())
                           .arg(pass->summary.duplicatesDropped);
                handOnPage(pass, records, [this, pass] { runDatePass(pass); });
            });
}

void PrestaShopConnector::runIdPass(std::shared_ptr<IdPass> pass)
{
    QueryParams params{{QStringLiteral("display"), pass->display}};
    if (pass->pager.lastId() > 0)
        params.append({QStringLiteral("filter[id]"), pass->pager.idFilter()});
    params.append({QStringLiteral("sort"), QStringLiteral("[id_ASC]")});
    params.append({QStringLiteral("limit"), pass->pager.limit()});
    ++pass->page;
    ++pass->summary.requests;
    getList(
        pass->resource, params, pass->operation, QStringLiteral("(page %1)").arg(pass->page),
        [this, pass](Result<Records> page) {
            pass->ahead.arrived(std::move(page), [this, pass](Result<Records> p) { takeIdPage(pass, std::move(p)); });
        });
}

void PrestaShopConnector::takeIdPage(const std::shared_ptr<IdPass> &pass, Result<Records> page)
{
    if (!page)
        return pass->done(page.error());
    QVector<qint64> ids;
    ids.reserve(page->size());
    for (const QJsonObject &o : page.value())
        ids.append(integer(o.value(QStringLiteral("id"))));
    if (!pass->pager.accept(ids))
        return pass->done(Error::transient(
            QStringLiteral("prestashop.unsorted"),
            QStringLiteral("%1: %2 (page %3): the shop did not sort the page by id as asked; nothing "
                           "from it was used. Retried later.")
                .arg(peerName(), pass->operation)
                .arg(pass->page)));
    pass->summary.records += page->size();
    auto handOn = [this, pass, records = std::move(page.value())] {
        handOnPage(pass, records, [this, pass] {
            pass->ahead.handed([this, pass](Result<Records> p) { takeIdPage(pass, std::move(p)); });
        });
    };
    if (pass->pager.done())
        return handOn();
    // The shop prepares the next page while this one is handed on: the request leaves from the
    // event loop, so this page waits its turn behind it.
    runIdPass(pass);
    QMetaObject::invokeMethod(this, handOn, Qt::QueuedConnection);
}

void PrestaShopConnector::changedProducts(const ChangeWindow &window, const QStringList &fields,
                                          ProductSink sink, Done<PageSummary> done)
{
    Result<QStringList> names = psFieldNames(fields);
    if (!names)
        return later<PageSummary>(std::move(done), names.error());
    startDatePass(QStringLiteral("products"), QStringLiteral("read changed products"),
                  productDisplay(names.value()), window, productPages(fields, std::move(sink)),
                  std::move(done));
}

void PrestaShopConnector::catalog(const QStringList &fields, int pageSize, ProductSink sink,
                                  Done<PageSummary> done)
{
    Result<QStringList> names = psFieldNames(fields);
    if (!names)
        return later<PageSummary>(std::move(done), names.error());
    auto pass = std::make_shared<IdPass>(IdPass{QStringLiteral("products"),
                                                QStringLiteral("read the catalog"),
                                                productDisplay(names.value()),
                                                IdKeysetPager(std::clamp(pageSize, 1, 1000)),
                                                productPages(fields, std::move(sink)),
                                                std::move(done),
                                                {},
                                                0});
    runIdPass(pass);
}

void PrestaShopConnector::stockLevels(int pageSize, StockSink sink, Done<PageSummary> done)
{
    // stock_availables has no reference: each page is joined to the SKUs of its products and
    // combinations (read by id for that page only, so memory stays bounded by the page).
    auto handler = [this, sink = std::move(sink)](const Records &records,
                                                  std::function<void(Result<bool>)> next) {
        auto lines = std::make_shared<QVector<StockLevel>>();
        lines->reserve(records.size());
        QStringList productIds, combinationIds;
        QSet<QString> seenProducts, seenCombinations; // each id asked for once, in the page's order
        for (const QJsonObject &o : records) {
            StockLevel s = stockFromJson(o);
            if (!seenProducts.contains(s.productId)) {
                seenProducts.insert(s.productId);
                productIds.append(s.productId);
            }
            if (s.combinationId != QLatin1String("0") && !seenCombinations.contains(s.combinationId)) {
                seenCombinations.insert(s.combinationId);
                combinationIds.append(s.combinationId);
            }
            lines->append(s);
        }
        const QString operation = QStringLiteral("read the SKUs of stock lines");
        getByIdSpan(QStringLiteral("products"), displayParam({QStringLiteral("reference")}), productIds,
                 operation, [this, lines, combinationIds, operation, sink, next](Result<Records> products) {
                     if (!products)
                         return next(products.error());
                     const QHash<QString, QString> productSku = referenceById(products.value());
                     getByIdSpan(QStringLiteral("combinations"),
                              displayParam({QStringLiteral("id_product"), QStringLiteral("reference")}),
                              combinationIds, operation,
                              [lines, productSku, sink, next](Result<Records> combinations) {
                                  if (!combinations)
                                      return next(combinations.error());
                                  const QHash<QString, QString> combinationSku =
                                      referenceById(combinations.value());
                                  for (StockLevel &s : *lines) {
                                      // A combination without its own reference shares its product's
                                      // (demo data does); combinationId tells them apart.
                                      const QString own = combinationSku.value(s.combinationId);
                                      s.sku = s.combinationId != QLatin1String("0") && !own.isEmpty()
                                                  ? own
                                                  : productSku.value(s.productId);
                                  }
                                  next(sink(*lines));
                              });
                 });
    };
    auto pass = std::make_shared<IdPass>(
        IdPass{QStringLiteral("stock_availables"),
               QStringLiteral("read stock"),
               displayParam({QStringLiteral("id_product"), QStringLiteral("id_product_attribute"),
                             QStringLiteral("quantity")}),
               IdKeysetPager(std::clamp(pageSize, 1, 1000)),
               std::move(handler),
               std::move(done),
               {},
               0});
    runIdPass(pass);
}

// ---- products by SKU -------------------------------------------------------------------------

void PrestaShopConnector::lookupSkus(const QStringList &skus, const QString &display,
                                     const QString &operation, RecordsDone done)
{
    const SkuBatches split = batchSkus(skus);
    if (split.batches.isEmpty() && split.inexpressible.isEmpty())
        return later<Records>(std::move(done), Records{}); // nothing to send: still answer later
    QSet<QString> wanted;
    for (const QString &sku : skus)
        wanted.insert(sku.toLower());
    auto batches = std::make_shared<QVector<QStringList>>(split.batches);
    auto odd = std::make_shared<QStringList>(split.inexpressible);
    auto all = std::make_shared<Records>();
    auto step = std::make_shared<std::function<void(int)>>();
    *step = [this, batches, odd, all, step, display, operation, wanted, done](int i) {
        auto collect = [all, wanted, step, done, i](Result<Records> page) {
            if (!page) {
                *step = nullptr;
                return done(page.error());
            }
            // The shop compares references case-insensitively (MySQL): keep what it matched, and
            // nothing a loose filter may have added.
            for (const QJsonObject &o : page.value()) {
                if (wanted.contains(text(o.value(QStringLiteral("reference"))).toLower()))
                    all->append(o);
            }
            auto keep = *step;
            keep(i + 1);
        };
        if (i < batches->size()) {
            const QStringList &batch = batches->at(i);
            return getList(QStringLiteral("products"),
                           {{QStringLiteral("display"), display},
                            {QStringLiteral("filter[reference]"), referenceFilter(batch)},
                            {QStringLiteral("sort"), QStringLiteral("[id_ASC]")}},
                           operation,
                           batch.size() == 1
                               ? batch.first()
                               : QStringLiteral("(%1 SKUs from %2)").arg(batch.size()).arg(batch.first()),
                           collect);
        }
        const int j = i - int(batches->size());
        if (j < odd->size())
            return lookupOneInexpressible(odd->at(j), display, operation, collect);
        *step = nullptr;
        done(*all);
    };
    auto keep = *step;
    keep(0);
}

void PrestaShopConnector::lookupOneInexpressible(const QString &sku, const QString &display,
                                                 const QString &operation, RecordsDone done)
{
    // filter[reference] cannot carry | [ ]: read the products whose reference starts with the part
    // before the first such character (a LIKE filter) and keep the exact matches.
    constexpr int kMaxCandidates = 1000;
    const QString prefix = expressiblePrefix(sku);
    if (prefix.size() < 3)
        return later<Records>(
            std::move(done),
            Error::permanent(
                QStringLiteral("prestashop.sku_not_expressible"),
                QStringLiteral("%1: %2 \"%3\": the SKU holds '|', '[' or ']', which a PrestaShop filter "
                               "cannot express, and too little comes before it to narrow the search. "
                               "Rename the SKU (on both sides).")
                    .arg(peerName(), operation, sku)));
    getList(QStringLiteral("products"),
            {{QStringLiteral("display"), display},
             {QStringLiteral("filter[reference]"), QLatin1Char('[') + prefix + QStringLiteral("]%")},
             {QStringLiteral("sort"), QStringLiteral("[id_ASC]")},
             {QStringLiteral("limit"), QStringLiteral("0,%1").arg(kMaxCandidates)}},
            operation, sku, [this, sku, operation, done](Result<Records> page) {
                if (!page)
                    return done(page.error());
                if (page->size() >= kMaxCandidates)
                    return done(Error::permanent(
                        QStringLiteral("prestashop.sku_not_expressible"),
                        QStringLiteral(
                            "%1: %2 \"%3\": the SKU holds '|', '[' or ']', which a PrestaShop filter "
                            "cannot express, and over %4 products share the part before it. Rename the "
                            "SKU (on both sides).")
                            .arg(peerName(), operation, sku)
                            .arg(kMaxCandidates)));
                Records exact;
                for (const QJsonObject &o : page.value()) {
                    if (text(o.value(QStringLiteral("reference"))).compare(sku, Qt::CaseInsensitive) == 0)
                        exact.append(o);
                }
                done(exact);
            });
}

void PrestaShopConnector::productsBySku(const QStringList &skus, const QStringList &fields,
                                        Done<QVector<ProductData>> done)
{
    Result<QStringList> names = psFieldNames(fields);
    if (!names)
        return later<QVector<ProductData>>(std::move(done), names.error());
    if (skus.isEmpty())
        return later<QVector<ProductData>>(std::move(done), QVector<ProductData>{});
    lookupSkus(skus, productDisplay(names.value()), QStringLiteral("look up products by SKU"),
               [this, fields, done = std::move(done)](Result<Records> records) {
                   if (!records)
                       return done(records.error());
                   done(products(records.value(), fields));
               });
}

QVector<ProductData> PrestaShopConnector::products(const Records &records, const QStringList &fields) const
{
    QVector<ProductData> out;
    out.reserve(records.size());
    for (const QJsonObject &o : records)
        out.append(productFromJson(o, fields, m_settings.languageIds, m_settings.shopTimeZone));
    return out;
}

PrestaShopConnector::PageHandler PrestaShopConnector::productPages(const QStringList &fields,
                                                                   ProductSink sink) const
{
    return [this, fields, sink = std::move(sink)](const Records &records,
                                                  std::function<void(Result<bool>)> next) {
        next(sink(products(records, fields)));
    };
}

} // namespace syncsmart
