// PrestaShopConnector: writes (PATCH products and stock, idempotent product creation).
#include "connectors/prestashop/prestashopconnector.h"

#include "connectors/http/httpclient.h"
#include "connectors/prestashop/pserrors.h"
#include "connectors/prestashop/psjson.h"
#include "connectors/prestashop/psxml.h"

#include "common/logging.h"

#include <cmath>

namespace syncsmart {

using namespace ps;

namespace {

const QByteArray kXml = QByteArrayLiteral("application/xml");

QString idsText(const QStringList &ids)
{
    return ids.join(QStringLiteral(", "));
}

// A value a PATCH writes to the shop's languages: a single text for a multilingual field.
bool needsShopLanguages(const QVariantMap &changedFields)
{
    for (auto it = changedFields.begin(); it != changedFields.end(); ++it) {
        const auto m = mappingFor(it.key());
        if (m && m->kind == FieldMapping::Kind::Multilingual && it.value().typeId() != QMetaType::QVariantMap)
            return true;
    }
    return false;
}

// The shop will not list its languages for this key, whatever the retries: 401 code 26 / 403 (the
// key's permissions), 404/405/400, or 501 (a shop or emulator without the resource).
bool languagesUnreadable(const Error &error)
{
    if (error.code == QLatin1String("prestashop.forbidden"))
        return true;
    const int status = error.context.value(QStringLiteral("httpStatus")).toInt();
    return status == 400 || status == 404 || status == 405 || status == 501;
}

} // namespace

// ---- languages -------------------------------------------------------------------------------

QString PrestaShopConnector::languagesFallbackWarning()
{
    return QStringLiteral(
        "languages: GET is not allowed for this key, so SyncSmart cannot tell the shop's languages: a name "
        "or description given as one text is written to language 1 only (the other languages keep their "
        "old text), and a created product gets language 1 only. Allow GET on languages for this key "
        "(Advanced Parameters > Webservice > this key > languages), or name the languages in the profile.");
}

void PrestaShopConnector::withShopLanguages(std::function<void(Status)> then)
{
    if (!m_settings.languageIds.isEmpty() || m_languagesKnown)
        return then(Status());
    m_languageWaiters.push_back(std::move(then));
    if (m_languageWaiters.size() > 1)
        return; // the GET is under way
    getList(QStringLiteral("languages"),
            {{QStringLiteral("display"), displayParam({QStringLiteral("id")})},
             {QStringLiteral("filter[active]"), QStringLiteral("[1]")}},
            QStringLiteral("read the shop's languages"), QString(), [this](Result<Records> rows) {
                Status status;
                if (rows) {
                    QStringList ids;
                    for (const QJsonObject &o : rows.value()) {
                        const QString id = text(o.value(QStringLiteral("id")));
                        if (!id.isEmpty() && !ids.contains(id))
                            ids.append(id);
                    }
                    std::sort(ids.begin(), ids.end(), [](const QString &a, const QString &b) {
                        return a.toLongLong() < b.toLongLong();
                    });
                    m_shopLanguages = ids.isEmpty() ? QStringList{QStringLiteral("1")} : ids;
                    m_languagesWarning = ids.isEmpty()
                                             ? QStringLiteral("languages: the shop lists no active language; "
                                                              "SyncSmart writes language 1 only.")
                                             : QString();
                    m_languagesKnown = true;
                } else if (languagesUnreadable(rows.error())) {
                    // 401 code 26 / 403: the key may not read languages (or the shop does not serve
                    // them). Writing language 1 only is what the sync can still do; the connection
                    // test says how to do better.
                    m_shopLanguages = {QStringLiteral("1")};
                    m_languagesKnown = true;
                    m_languagesWarning =
                        rows.error().code == QLatin1String("prestashop.forbidden")
                            ? languagesFallbackWarning()
                            : QStringLiteral("languages: the shop did not list its languages (HTTP %1 to "
                                             "GET languages). A name or description given as one text is "
                                             "written to language 1 only, and a created product gets "
                                             "language 1 only: name the languages in the profile.")
                                  .arg(rows.error().context.value(QStringLiteral("httpStatus")).toInt());
                    qCWarning(lcPrestaShop).noquote()
                        << m_redactor->redact(QStringLiteral("%1: %2").arg(peerName(), m_languagesWarning));
                } else {
                    status = rows.error(); // cannot tell yet: nothing cached, the next write asks again
                }
                auto waiters = std::move(m_languageWaiters);
                m_languageWaiters.clear();
                for (auto &waiter : waiters)
                    waiter(status);
            });
}

void PrestaShopConnector::updateProduct(const QString &productId, const QString &sku,
                                        const QVariantMap &changedFields, Done<void> done)
{
    const QString operation = QStringLiteral("update product");
    const QString record = sku.isEmpty() ? QStringLiteral("id %1").arg(productId) : sku;
    if (changedFields.isEmpty())
        return later<void>(std::move(done), Status());
    if (productId.isEmpty() && sku.trimmed().isEmpty())
        return later<void>(
            std::move(done),
            Error::permanent(QStringLiteral("prestashop.not_found"),
                             QStringLiteral("%1: %2: the record names neither a product id nor "
                                            "a SKU; nothing was written.")
                                 .arg(peerName(), operation)));
    if (productId.isEmpty()) {
        // Only the SKU is known: exactly one product must carry it.
        return lookupSkus(
            {sku}, displayParam({QStringLiteral("reference")}), operation,
            [this, sku, changedFields, operation, done](Result<Records> found) {
                if (!found)
                    return done(found.error());
                if (found->size() != 1) {
                    QStringList ids;
                    for (const QJsonObject &o : found.value())
                        ids.append(text(o.value(QStringLiteral("id"))));
                    return done(Error::permanent(
                        found->isEmpty() ? QStringLiteral("prestashop.not_found")
                                         : QStringLiteral("prestashop.duplicate_sku"),
                        found->isEmpty()
                            ? QStringLiteral("%1: %2 %3: no product has this SKU.")
                                  .arg(peerName(), operation, sku)
                            : QStringLiteral("%1: %2 %3: %4 products have this SKU (ids %5); nothing was "
                                             "written. Give each product its own SKU.")
                                  .arg(peerName(), operation, sku)
                                  .arg(found->size())
                                  .arg(idsText(ids))));
                }
                updateProduct(text(found->first().value(QStringLiteral("id"))), sku, changedFields, done);
            });
    }
    if (needsShopLanguages(changedFields) && m_settings.languageIds.isEmpty() && !m_languagesKnown) {
        // A single text goes to every language of the shop: learn them first (once).
        return withShopLanguages([this, productId, sku, changedFields, done](Status status) {
            if (!status)
                return done(status.error());
            updateProduct(productId, sku, changedFields, done);
        });
    }
    Result<QByteArray> body =
        productPatchXml(productId, changedFields, m_settings.languageIds, record, m_shopLanguages);
    if (!body)
        return later<void>(std::move(done), body.error());
    HttpRequest r = request("PATCH", QStringLiteral("products/%1").arg(productId), {}, operation, record);
    r.headers.append({QByteArrayLiteral("Content-Type"), kXml});
    r.body = body.value();
    // PATCH sets values: Qt re-sending it after a reset writes the same values again, harmlessly.
    send(r, [done = std::move(done)](Result<HttpResponse> response) {
        if (!response)
            return done(response.error());
        done(Status());
    });
}

void PrestaShopConnector::patchStock(const QString &stockId, qint64 quantity, const QString &record,
                                     Done<void> done)
{
    HttpRequest r = request("PATCH", QStringLiteral("stock_availables/%1").arg(stockId), {},
                            QStringLiteral("set stock"), record);
    r.headers.append({QByteArrayLiteral("Content-Type"), kXml});
    r.body = stockPatchXml(stockId, quantity);
    send(r, [done = std::move(done)](Result<HttpResponse> response) {
        if (!response)
            return done(response.error());
        done(Status());
    });
}

void PrestaShopConnector::setStock(const StockLevel &line, double quantity, Done<void> done)
{
    const QString record = !line.sku.isEmpty()       ? line.sku
                           : !line.stockId.isEmpty() ? QStringLiteral("stock line %1").arg(line.stockId)
                                                     : QStringLiteral("product %1").arg(line.productId);
    if (!std::isfinite(quantity) || std::fabs(quantity - std::round(quantity)) > 1e-9)
        return later<void>(
            std::move(done),
            Error::permanent(QStringLiteral("prestashop.bad_value"),
                             QStringLiteral("%1: set stock %2: PrestaShop counts stock in whole units, "
                                            "not %3.")
                                 .arg(peerName(), record)
                                 .arg(quantity)));
    const qint64 units = qint64(std::llround(quantity));
    if (!line.stockId.isEmpty())
        return patchStock(line.stockId, units, record, std::move(done));

    // Find the stock line of product + combination; with only a SKU, find those first (a product's
    // reference, else a combination's).
    auto findLine = [this, record, units, done](const QString &productId, const QString &combinationId) {
        getList(QStringLiteral("stock_availables"),
                {{QStringLiteral("display"),
                  displayParam({QStringLiteral("id_product"), QStringLiteral("id_product_attribute")})},
                 {QStringLiteral("filter[id_product]"), QLatin1Char('[') + productId + QLatin1Char(']')},
                 {QStringLiteral("filter[id_product_attribute]"),
                  QLatin1Char('[') + (combinationId.isEmpty() ? QStringLiteral("0") : combinationId) +
                      QLatin1Char(']')}},
                QStringLiteral("find the stock line"), record,
                [this, record, units, done](Result<Records> rows) {
                    if (!rows)
                        return done(rows.error());
                    if (rows->size() != 1)
                        return done(Error::permanent(
                            QStringLiteral("prestashop.stock_line"),
                            QStringLiteral(
                                "%1: set stock %2: %3 stock lines match (expected one); nothing was written.")
                                .arg(peerName(), record)
                                .arg(rows->size())));
                    patchStock(text(rows->first().value(QStringLiteral("id"))), units, record, done);
                });
    };
    if (!line.productId.isEmpty())
        return findLine(line.productId, line.combinationId);
    if (line.sku.isEmpty())
        return later<void>(
            std::move(done),
            Error::permanent(QStringLiteral("prestashop.stock_line"),
                             QStringLiteral("%1: set stock: the stock line names no stock id, product "
                                            "or SKU.")
                                 .arg(peerName())));
    lookupSkus(
        {line.sku}, displayParam({QStringLiteral("reference")}), QStringLiteral("set stock"),
        [this, line, record, findLine, done](Result<Records> products) {
            if (!products)
                return done(products.error());
            if (products->size() > 1)
                return done(Error::permanent(QStringLiteral("prestashop.duplicate_sku"),
                                             QStringLiteral("%1: set stock %2: %3 products have this SKU; "
                                                            "nothing was written. Give each its own SKU.")
                                                 .arg(peerName(), record)
                                                 .arg(products->size())));
            if (products->size() == 1)
                return findLine(text(products->first().value(QStringLiteral("id"))), line.combinationId);
            getList(QStringLiteral("combinations"),
                    {{QStringLiteral("display"),
                      displayParam({QStringLiteral("id_product"), QStringLiteral("reference")})},
                     {QStringLiteral("filter[reference]"), referenceFilter({line.sku})}},
                    QStringLiteral("set stock"), record,
                    [this, record, findLine, done](Result<Records> combos) {
                        if (!combos)
                            return done(combos.error());
                        if (combos->size() != 1)
                            return done(Error::permanent(
                                combos->isEmpty() ? QStringLiteral("prestashop.not_found")
                                                  : QStringLiteral("prestashop.duplicate_sku"),
                                QStringLiteral("%1: set stock %2: %3 products or combinations have this SKU "
                                               "(expected one); nothing was written.")
                                    .arg(peerName(), record)
                                    .arg(combos->size())));
                        const QJsonObject &c = combos->first();
                        findLine(text(c.value(QStringLiteral("id_product"))),
                                 text(c.value(QStringLiteral("id"))));
                    });
        });
}

// ---- create ----------------------------------------------------------------------------------

void PrestaShopConnector::createProduct(const ProductData &product, Done<CreateOutcome> done)
{
    const QString operation = QStringLiteral("create product");
    if (product.sku.trimmed().isEmpty())
        return later<CreateOutcome>(
            std::move(done),
            Error::permanent(QStringLiteral("prestashop.no_sku"),
                             QStringLiteral("%1: %2: a product without a SKU cannot be created "
                                            "idempotently; give it a SKU.")
                                 .arg(peerName(), operation)));
    // Look the SKU up first: an existing product is returned, never created again.
    lookupSkus({product.sku}, displayParam({QStringLiteral("reference")}), operation,
               [this, product, operation, done](Result<Records> found) {
                   if (!found)
                       return done(found.error());
                   if (found->isEmpty())
                       return createAfterLookup(product, {}, done);
                   CreateOutcome outcome;
                   outcome.sku = product.sku;
                   QStringList ids;
                   for (const QJsonObject &o : found.value())
                       ids.append(text(o.value(QStringLiteral("id"))));
                   if (ids.size() == 1) {
                       outcome.peerId = ids.first();
                   } else {
                       outcome.error = Error::permanent(
                           QStringLiteral("prestashop.duplicate_sku"),
                           QStringLiteral(
                               "%1: %2 %3: the SKU already exists %4 times (ids %5); nothing was created. "
                               "Give each product its own SKU.")
                               .arg(peerName(), operation, product.sku)
                               .arg(ids.size())
                               .arg(idsText(ids)));
                   }
                   done(outcome);
               });
}

void PrestaShopConnector::createAfterLookup(const ProductData &product, const QSet<QString> &before,
                                            Done<CreateOutcome> done)
{
    if (m_settings.languageIds.isEmpty() && !m_languagesKnown) {
        // name and link_rewrite go to every language of the shop: learn them first (once).
        return withShopLanguages([this, product, before, done](Status status) {
            if (!status)
                return done(status.error());
            createAfterLookup(product, before, done);
        });
    }
    Result<QByteArray> body = productCreateXml(product, m_settings, m_shopLanguages);
    if (!body)
        return done(body.error());
    HttpRequest r =
        request("POST", QStringLiteral("products"), {}, QStringLiteral("create product"), product.sku);
    r.headers.append({QByteArrayLiteral("Content-Type"), kXml});
    r.body = body.value();
    send(r, [this, r, product, before, done](Result<HttpResponse> response) {
        if (!response) {
            // Auth and config failures happen before PrestaShop saves anything.
            const ErrorCategory c = response.error().category;
            if (c == ErrorCategory::Auth || c == ErrorCategory::Config)
                return done(response.error());
            return settleCreate(product, before, QString(), response.error(), done);
        }
        Result<QString> id = idFromXmlEcho(response->body, QStringLiteral("product"), m_http->describe(r));
        settleCreate(product, before, id ? id.value() : QString(), std::nullopt, done);
    });
}

void PrestaShopConnector::settleCreate(const ProductData &product, const QSet<QString> &before,
                                       const QString &echoedId, std::optional<Error> failure,
                                       Done<CreateOutcome> done)
{
    // Look again after every POST: an answer lost to a reset (or a 500 that still saved, fixture 87)
    // may hide a product, and Qt may have re-sent the POST by itself (then there are two).
    const QString operation = QStringLiteral("create product");
    lookupSkus({product.sku}, displayParam({QStringLiteral("reference")}), operation,
               [this, product, before, echoedId, failure, done, operation](Result<Records> found) {
                   if (!found) {
                       // Cannot tell whether it exists: say so; the retry looks up first anyway.
                       return done(failure ? *failure : found.error());
                   }
                   QStringList fresh;
                   for (const QJsonObject &o : found.value()) {
                       const QString id = text(o.value(QStringLiteral("id")));
                       if (!before.contains(id))
                           fresh.append(id);
                   }
                   std::sort(fresh.begin(), fresh.end(), [](const QString &a, const QString &b) {
                       return a.toLongLong() < b.toLongLong();
                   });
                   if (fresh.isEmpty()) {
                       if (failure)
                           return done(*failure);
                       return done(Error::transient(
                           QStringLiteral("prestashop.create_unconfirmed"),
                           QStringLiteral(
                               "%1: %2 %3: the shop answered that it created the product (id %4) but a "
                               "look-up by SKU does not find it. Retried later (the retry looks up first).")
                               .arg(peerName(), operation, product.sku, echoedId)));
                   }
                   CreateOutcome outcome;
                   outcome.sku = product.sku;
                   outcome.created = true;
                   // Always the smallest id, whichever this POST made: two creators of one SKU that
                   // run at once then agree on the survivor and never delete each other's.
                   outcome.peerId = fresh.first();
                   if (fresh.size() == 1)
                       return done(outcome);
                   QStringList extra = fresh;
                   extra.removeAll(outcome.peerId);
                   qCWarning(lcPrestaShop).noquote() << m_redactor->redact(
                       QStringLiteral("%1: create product %2: %3 products hold the SKU after the POST "
                                      "(Qt re-sent it after a connection reset, or another create of "
                                      "this SKU ran at the same time); keeping the oldest (id %4), "
                                      "deleting %5")
                           .arg(peerName(), product.sku)
                           .arg(fresh.size())
                           .arg(outcome.peerId, idsText(extra)));
                   deleteDuplicates(product.sku, extra, [outcome, done](std::optional<Error> error) mutable {
                       outcome.error = error;
                       done(outcome);
                   });
               });
}

void PrestaShopConnector::deleteDuplicates(const QString &sku, QStringList extra,
                                           std::function<void(std::optional<Error>)> done)
{
    if (extra.isEmpty())
        return done(std::nullopt);
    const QString id = extra.takeFirst();
    HttpRequest r = request("DELETE", QStringLiteral("products/%1").arg(id), {},
                            QStringLiteral("delete a duplicate created by a re-sent POST"), sku);
    send(r, [this, sku, id, extra, done](Result<HttpResponse> response) {
        if (!response && response.error().code != QLatin1String("prestashop.not_found")) {
            Error error = response.error();
            error.category = ErrorCategory::Permanent;
            error.message =
                QStringLiteral("%1: create product %2: the product was created, and a connection reset "
                               "made the shop create it twice; the duplicate (id %3) could not be "
                               "deleted: delete it in the back office. %4")
                    .arg(peerName(), sku, id, error.message);
            return done(error);
        }
        deleteDuplicates(sku, extra, done);
    });
}

} // namespace syncsmart
