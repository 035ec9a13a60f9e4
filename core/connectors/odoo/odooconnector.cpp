#include "connectors/pageahead.h"
#include "connectors/readretry.h"
#include "connectors/odoo/odooconnector.h"

#include "connectors/odoo/odooerrors.h"
#include "connectors/odoo/odoogather.h"
#include "connectors/odoo/odooparse.h"

#include "common/logging.h"

#include <QJsonDocument>
#include <QSet>

#include <iterator>

namespace syncsmart {

using namespace odoo;

namespace {

QDateTime wholeSecond(const QDateTime &utc)
{
    return QDateTime::fromSecsSinceEpoch(utc.toSecsSinceEpoch(), Qt::UTC);
}

// Records delivered before the keyset's floor cannot come back unless edited, and an edited one
// comes back with its new version: forgetting them keeps a pass over a million records small.
void forgetBefore(QHash<qint64, QString> &seen, const QDateTime &floor)
{
    const QString bound = formatDatetime(floor);
    for (auto it = seen.begin(); it != seen.end();)
        it = it.value() < bound ? seen.erase(it) : std::next(it);
}

} // namespace


// One paged read of product.product: changed products (keyset on write_date, id), the catalog or
// the stock (keyset on id). Each page needs the last id of the previous one; the catalog and the
// stock ask for the next page as soon as that is known, before this one is parsed and handed on.
struct OdooConnector::PagedRead
{
    enum class Mode { Changed, Catalog, Stock };
    Mode mode = Mode::Catalog;
    QJsonArray baseDomain;
    QStringList odooFields;
    QStringList canonical;
    QJsonObject context;
    int pageSize = 100;
    QString operation;
    ProductSink productSink;
    StockSink stockSink;
    Done<PageSummary> done;

    PageSummary summary;
    QHash<qint64, QString> seen; // id -> the write_date it was delivered with
    qint64 lastId = 0;           // catalog and stock: keyset on id
    // Catalog and stock: the next page is asked for while this one is handed on.
    PageAhead<Result<Records>> ahead;

    // Changed products. Odoo stores write_date with microseconds but answers whole seconds, so the
    // keyset works on seconds: from `floor` (inclusive) minus the ids already delivered at it; a
    // second holding a whole page or more is walked by id before moving on.
    QDateTime floor;                 // UTC, whole second; invalid: from the window's start
    QJsonArray deliveredAtFloor;     // ids delivered at that second
    QDateTime tieSecond;             // valid while walking one second by id
    qint64 tieLastId = 0;
};

OdooConnector::OdooConnector(OdooSettings settings, std::shared_ptr<Redactor> redactor, const Clock &clock,
                             QObject *parent)
    : QObject(parent)
    , m_settings(std::move(settings))
    , m_redactor(std::move(redactor))
    , m_clock(clock)
{
    if (m_settings.endpoint.peerName.isEmpty())
        m_settings.endpoint.peerName = QStringLiteral("Odoo");
    if (!m_redactor)
        m_redactor = std::make_shared<Redactor>();
    m_redactor->addSecret(m_settings.apiKey);
    m_http = std::make_unique<HttpClient>(
        m_settings.endpoint,
        [this](const HttpRequest &request, const HttpResponse &response) { return classify(request, response); },
        m_redactor, m_clock);
    m_rpc = std::make_unique<OdooRpc>(m_settings, *m_http);

    // The half-open probe: common.version needs no sign-in and costs nothing.
    HttpRequest probe;
    probe.method = "POST";
    probe.url = OdooRpc::endpointUrl(m_settings.endpoint.baseUrl);
    probe.headers = {{"Content-Type", "application/json"}, {"Accept", "application/json"}};
    probe.body = OdooRpc::envelope(QStringLiteral("common"), QStringLiteral("version"), {}, 0);
    probe.operation = QStringLiteral("check whether the server is back");
    m_http->setHealthProbe(probe);
}

OdooConnector::~OdooConnector()
{
    m_rpc.reset();  // drops the callbacks still in flight
    m_http.reset();
}

QString OdooConnector::peerName() const
{
    return m_settings.endpoint.peerName;
}

std::optional<Error> OdooConnector::classify(const HttpRequest &request, const HttpResponse &response) const
{
    if (response.status == 429 || response.status >= 500)
        return m_http->errorForStatus(request, response); // Retry-After as the HTTP layer reads it
    const ErrorScope scope{m_http->describe(request), m_settings.login, m_settings.database};
    std::optional<Error> error = classifyAnswer(scope, request, response);
    if (!error)
        return error;
    Error out = m_http->withContext(std::move(*error), request, &response);
    if (out.context.contains(QStringLiteral("odooException"))) {
        // The body is mostly the Python traceback: keep the error object without it.
        QJsonObject rpcError = QJsonDocument::fromJson(response.body).object().value(QLatin1String("error")).toObject();
        QJsonObject data = rpcError.value(QLatin1String("data")).toObject();
        data.remove(QStringLiteral("debug"));
        rpcError.insert(QStringLiteral("data"), data);
        out.context.insert(QStringLiteral("response"),
                           m_redactor->redact(QString::fromUtf8(QJsonDocument(rpcError).toJson(QJsonDocument::Compact)).left(1000)));
    }
    return out;
}

QString OdooConnector::what(const QString &operation, const QString &record) const
{
    HttpRequest request;
    request.operation = operation;
    request.record = record;
    return m_http->describe(request);
}

QJsonObject OdooConnector::context(bool includeArchived) const
{
    QJsonObject ctx;
    if (includeArchived)
        ctx.insert(QStringLiteral("active_test"), false);
    if (!m_settings.language.isEmpty())
        ctx.insert(QStringLiteral("lang"), m_settings.language);
    return ctx;
}

void OdooConnector::searchRead(const QString &model, const QJsonArray &domain, const QStringList &fields,
                               const QJsonObject &options, const QString &operation, const QString &record,
                               Done<Records> done)
{
    Call call;
    call.model = model;
    call.method = QStringLiteral("search_read");
    call.args = QJsonArray{domain};
    call.kwargs = options;
    call.kwargs.insert(QStringLiteral("fields"), QJsonArray::fromStringList(fields));
    call.operation = operation;
    call.record = record;
    const QString w = what(operation, record);
    // An answer that is not a list of records is as transient as a 503: the read is sent again.
    std::function<void(Done<Records>)> attempt = [this, call, w](Done<Records> parsed) {
        m_rpc->execute(call, [w, parsed = std::move(parsed)](Result<QJsonValue> answer) {
            if (!answer)
                return parsed(answer.error());
            parsed(records(*answer, w));
        });
    };
    retryingRead<Records>(this, attempt, std::move(done));
}

void OdooConnector::productsWithSkus(const QStringList &skus, const QStringList &fields, const QString &operation,
                                     Done<Records> done, const QJsonObject &extraContext)
{
    QJsonObject ctx = context(true);
    for (auto it = extraContext.begin(); it != extraContext.end(); ++it)
        ctx.insert(it.key(), it.value());
    const QList<QStringList> parts = chunks(distinct(skus), kSkusPerCall);
    if (parts.isEmpty()) {
        m_rpc->later([done] { done(Records{}); });
        return;
    }
    gatherChunks(
        parts,
        [this, fields, operation, ctx](const QStringList &part, Done<Records> partDone) {
            const QString record = part.size() == 1 ? part.first()
                                                    : QStringLiteral("%1 SKUs (%2 ... %3)")
                                                          .arg(part.size())
                                                          .arg(part.first(), part.last());
            const QJsonObject options{{QStringLiteral("context"), ctx}, {QStringLiteral("order"), QStringLiteral("id asc")}};
            searchRead(QStringLiteral("product.product"), QJsonArray{inLeaf(QStringLiteral("default_code"), part)},
                       fields, options, operation, record, std::move(partDone));
        },
        std::move(done));
}

// ------------------------------------------------------------------------------------------------
// Paged reads

void OdooConnector::changedProducts(const ChangeWindow &window, const QStringList &fields, ProductSink sink,
                                    Done<PageSummary> done)
{
    auto read = std::make_shared<PagedRead>();
    read->mode = PagedRead::Mode::Changed;
    if (window.sinceUtc.isValid())
        read->baseDomain.append(QJsonArray{QStringLiteral("write_date"), QStringLiteral(">="), formatDatetime(window.sinceUtc)});
    if (window.untilUtc.isValid())
        // '<' the next second: the stored value has microseconds, the window means whole seconds.
        read->baseDomain.append(QJsonArray{QStringLiteral("write_date"), QStringLiteral("<"),
                                           formatDatetime(wholeSecond(window.untilUtc).addSecs(1))});
    read->odooFields = productReadFields(fields);
    read->canonical = fields;
    read->context = context(true); // archived products included: archiving is a change too
    read->pageSize = std::max(1, window.pageSize);
    read->operation = QStringLiteral("read changed products");
    read->productSink = std::move(sink);
    read->done = redacting(std::move(done));
    readPage(read);
}

void OdooConnector::catalog(const QStringList &fields, int pageSize, ProductSink sink, Done<PageSummary> done)
{
    auto read = std::make_shared<PagedRead>();
    read->mode = PagedRead::Mode::Catalog;
    read->odooFields = productReadFields(fields);
    read->canonical = fields;
    read->context = context(true);
    read->pageSize = std::max(1, pageSize);
    read->operation = QStringLiteral("read the catalog");
    read->productSink = std::move(sink);
    read->done = redacting(std::move(done));
    readPage(read);
}

void OdooConnector::stockLevels(int pageSize, StockSink sink, Done<PageSummary> done)
{
    auto read = std::make_shared<PagedRead>();
    read->mode = PagedRead::Mode::Stock;
    // Only storable products have stock; archived ones are not sold.
    read->baseDomain.append(QJsonArray{QStringLiteral("detailed_type"), QStringLiteral("="), QStringLiteral("product")});
    read->odooFields = {QStringLiteral("default_code"), m_settings.stockField};
    read->pageSize = std::max(1, pageSize);
    read->operation = QStringLiteral("read stock");
    read->stockSink = std::move(sink);
    read->done = redacting(std::move(done));
    warehouse([this, read](Result<Warehouse> wh) {
        if (!wh)
            return read->done(wh.error());
        read->context = context(false);
        read->context.insert(QStringLiteral("warehouse"), wh->id);
        read->context.insert(QStringLiteral("warehouse_id"), wh->id);
        readPage(read);
    });
}

// Moves the changed-products keyset past a delivered page; false when the window is exhausted.
bool OdooConnector::nextChangedPage(PagedRead &read, const Records &page)
{
    const bool full = page.size() >= read.pageSize;
    if (read.tieSecond.isValid()) {
        read.tieLastId = read.lastId;
        if (full)
            return true;
        // The crowded second is done: go on from the next one.
        read.floor = read.tieSecond.addSecs(1);
        forgetBefore(read.seen, read.floor);
        read.deliveredAtFloor = QJsonArray();
        read.tieSecond = QDateTime();
        return true;
    }
    if (!full)
        return false;
    const QDateTime first = wholeSecond(parseDatetime(page.first().value(QLatin1String("write_date"))));
    const QDateTime last = wholeSecond(parseDatetime(page.last().value(QLatin1String("write_date"))));
    if (!last.isValid())
        return false; // no write_date to move on from: never loop
    if (first == last) {
        read.tieSecond = last;
        read.tieLastId = 0; // records of this second already delivered are dropped as repeats
        return true;
    }
    // Records before the last second are complete; at the last second only these ids were seen.
    read.floor = last;
    forgetBefore(read.seen, read.floor);
    read.deliveredAtFloor = QJsonArray();
    for (const QJsonObject &r : page) {
        if (wholeSecond(parseDatetime(r.value(QLatin1String("write_date")))) == last)
            read.deliveredAtFloor.append(r.value(QLatin1String("id")));
    }
    return true;
}

void OdooConnector::readPage(std::shared_ptr<PagedRead> read)
{
    QJsonArray domain = read->baseDomain;
    QString order = QStringLiteral("id asc");
    if (read->mode == PagedRead::Mode::Changed && read->tieSecond.isValid()) {
        // One second holds a page or more: walk it by id (a keyset on id within the second).
        order = QStringLiteral("id asc");
        domain.append(QJsonArray{QStringLiteral("write_date"), QStringLiteral(">="), formatDatetime(read->tieSecond)});
        domain.append(QJsonArray{QStringLiteral("write_date"), QStringLiteral("<"), formatDatetime(read->tieSecond.addSecs(1))});
        domain.append(QJsonArray{QStringLiteral("id"), QStringLiteral(">"), double(read->tieLastId)});
    } else if (read->mode == PagedRead::Mode::Changed) {
        // Keyset on whole seconds, so a page never shifts when records before it change (offset
        // paging would skip one), and never on '=' a second (the stored value has microseconds).
        order = QStringLiteral("write_date asc, id asc");
        if (read->floor.isValid())
            domain.append(QJsonArray{QStringLiteral("write_date"), QStringLiteral(">="), formatDatetime(read->floor)});
        if (!read->deliveredAtFloor.isEmpty())
            domain.append(QJsonArray{QStringLiteral("id"), QStringLiteral("not in"), read->deliveredAtFloor});
    } else if (read->lastId > 0) {
        domain.append(QJsonArray{QStringLiteral("id"), QStringLiteral(">"), double(read->lastId)});
    }
    QJsonObject options{{QStringLiteral("order"), order}, {QStringLiteral("limit"), read->pageSize}};
    if (!read->context.isEmpty())
        options.insert(QStringLiteral("context"), read->context);
    const QString record = QStringLiteral("page %1").arg(read->summary.requests + 1);
    ++read->summary.requests;
    searchRead(QStringLiteral("product.product"), domain, read->odooFields, options, read->operation, record,
               [this, read](Result<Records> page) {
                   read->ahead.arrived(std::move(page), [this, read](Result<Records> p) { takePage(read, std::move(p)); });
               });
}

void OdooConnector::takePage(const std::shared_ptr<PagedRead> &read, Result<Records> page)
{
    if (!page)
        return read->done(page.error());
    deliverPage(read, *page);
}

void OdooConnector::deliverPage(std::shared_ptr<PagedRead> read, const Records &page)
{
    if (!page.isEmpty())
        read->lastId = recordId(page.last().value(QLatin1String("id")));
    // A full page on id: Odoo prepares the next one while this one is parsed and handed on.
    const bool readAhead = read->mode != PagedRead::Mode::Changed && page.size() >= read->pageSize;
    if (readAhead) {
        readPage(read);
        // The request leaves from the event loop: this page is handed on after it has.
        QMetaObject::invokeMethod(this, [this, read, page] { handOnPage(read, page, true); }, Qt::QueuedConnection);
        return;
    }
    handOnPage(read, page, false);
}

void OdooConnector::handOnPage(const std::shared_ptr<PagedRead> &read, const Records &page, bool readAhead)
{
    const QString w = what(read->operation);
    bool more = true;
    if (read->mode == PagedRead::Mode::Stock) {
        QJsonArray raw;
        for (const QJsonObject &r : page)
            raw.append(r);
        const auto stock = parseStock(raw, m_settings.stockField, w);
        if (!stock)
            return read->done(stock.error());
        read->summary.records += stock->size();
        if (!stock->isEmpty())
            more = read->stockSink(*stock);
    } else {
        QJsonArray raw;
        for (const QJsonObject &r : page) {
            if (read->mode == PagedRead::Mode::Catalog) { // keyset on id: a record never comes twice
                raw.append(r);
                continue;
            }
            const qint64 id = recordId(r.value(QLatin1String("id")));
            const QString writeDate = text(r.value(QLatin1String("write_date")));
            if (const auto known = read->seen.constFind(id); known != read->seen.cend() && *known == writeDate) {
                ++read->summary.duplicatesDropped; // the same version again (the keyset re-reads a second)
                continue;
            }
            // New, or edited while we paged (its new write_date moved it ahead of the cursor): its
            // newest version is delivered, like the shop side does.
            read->seen.insert(id, writeDate);
            raw.append(r);
        }
        const auto products = parseProducts(raw, read->canonical, w);
        if (!products)
            return read->done(products.error());
        for (const ProductData &p : *products) {
            if (p.updatedAt.isValid() && (!read->summary.maxUpdatedAt.isValid() || p.updatedAt > read->summary.maxUpdatedAt))
                read->summary.maxUpdatedAt = p.updatedAt;
        }
        read->summary.records += products->size();
        if (!products->isEmpty())
            more = read->productSink(*products);
    }
    if (!more) {
        read->summary.stopped = true;
    } else if (read->mode == PagedRead::Mode::Changed) {
        if (nextChangedPage(*read, page)) {
            read->ahead.handed({}); // nothing was asked ahead: the next page needs this one's keyset
            return readPage(read);
        }
    } else if (readAhead) {
        return read->ahead.handed([this, read](Result<Records> p) { takePage(read, std::move(p)); });
    }
    read->done(read->summary);
}

// ------------------------------------------------------------------------------------------------
// By SKU, writes

void OdooConnector::productsBySku(const QStringList &skus, const QStringList &fields, Done<QVector<ProductData>> done)
{
    done = redacting(std::move(done));
    const QString w = what(QStringLiteral("read products by SKU"));
    productsWithSkus(skus, productReadFields(fields), QStringLiteral("read products by SKU"),
                     [w, fields, done](Result<Records> found) {
                         if (!found)
                             return done(found.error());
                         QJsonArray raw;
                         for (const QJsonObject &r : *found)
                             raw.append(r);
                         done(parseProducts(raw, fields, w));
                     });
}

void OdooConnector::updateProducts(const QStringList &productIds, const QVariantMap &fields, Done<void> done)
{
    done = redacting(std::move(done));
    const QString record = productIds.size() == 1 ? QStringLiteral("product %1").arg(productIds.first())
                                                  : QStringLiteral("%1 products").arg(productIds.size());
    const QString w = what(QStringLiteral("update products"), record);
    QJsonArray ids;
    for (const QString &id : productIds) {
        bool ok = false;
        const qint64 n = id.toLongLong(&ok);
        if (!ok || n <= 0) {
            const Error error = Error::permanent(QStringLiteral("odoo.bad_id"),
                                                 QStringLiteral("%1: \"%2\" is not an Odoo product id.").arg(w, id));
            m_rpc->later([done, error] { done(error); });
            return;
        }
        ids.append(double(n));
    }
    const auto values = productValues(fields, w);
    if (!values || ids.isEmpty() || values->isEmpty()) {
        const Status status = values ? Status() : Status(values.error());
        m_rpc->later([done, status] { done(status); });
        return;
    }
    // write() sets the same values on every record in one call (fixture 18).
    Call call;
    call.model = QStringLiteral("product.product");
    call.method = QStringLiteral("write");
    call.args = QJsonArray{ids, *values};
    if (!m_settings.language.isEmpty())
        call.kwargs.insert(QStringLiteral("context"), context(false));
    call.operation = QStringLiteral("update products");
    call.record = record;
    m_rpc->execute(std::move(call), statusOnly(done));
}

} // namespace syncsmart
