#pragma once

#include "common/result.h"

#include <QDateTime>
#include <QString>
#include <QStringList>
#include <QVariantMap>
#include <QVector>

#include <functional>
#include <optional>

namespace syncsmart {

// Canonical field names shared by every connector and the engine. A connector maps them to and from
// its peer's names (PrestaShop price = Odoo list_price) and fetches only the ones asked for.
namespace field {
inline const QString Name = QStringLiteral("name");                         // multilingual on the shop
inline const QString Description = QStringLiteral("description");           // multilingual, heavy (HTML)
inline const QString DescriptionShort = QStringLiteral("description_short"); // multilingual, heavy (HTML)
inline const QString MetaTitle = QStringLiteral("meta_title");               // multilingual
inline const QString MetaDescription = QStringLiteral("meta_description");   // multilingual
inline const QString LinkRewrite = QStringLiteral("link_rewrite");           // multilingual
inline const QString Price = QStringLiteral("price");   // tax excluded, decimal
inline const QString Cost = QStringLiteral("cost");     // PrestaShop wholesale_price, Odoo standard_price
inline const QString Ean13 = QStringLiteral("ean13");   // Odoo barcode
inline const QString Weight = QStringLiteral("weight"); // kg
inline const QString Active = QStringLiteral("active"); // bool
} // namespace field

// A multilingual value is a QVariantMap from the peer's language key ("1", "2" on PrestaShop; a
// locale such as "en_US" elsewhere) to the text. A single-language peer gives a plain QString.

// One product as a peer holds it.
struct ProductData
{
    QString sku;           // PrestaShop reference, Odoo default_code
    QString peerId;        // the product's id on that peer
    QDateTime updatedAt;   // UTC (the shop's local time already converted); invalid when unknown
    QVariantMap fields;    // canonical name -> value, only the fields asked for
};

// One stock line. The shop keys stock by product + combination; the ERP by product.
struct StockLevel
{
    QString sku;
    QString productId;
    QString combinationId; // "0" or empty: the product itself
    QString stockId;       // PrestaShop stock_available id; empty elsewhere
    double quantity = 0;
};

// A time window on the peer's last-update instant. since and until are UTC; until may be invalid (open).
struct ChangeWindow
{
    QDateTime sinceUtc;
    QDateTime untilUtc;
    int pageSize = 100;
};

struct PageSummary
{
    qint64 records = 0;    // records delivered (after dedupe)
    int requests = 0;
    qint64 duplicatesDropped = 0; // the same version read twice (the keyset re-reads a crowded second)
    QDateTime maxUpdatedAt;       // the newest updatedAt delivered (UTC): where the next cursor may go
    bool stopped = false;         // the sink asked to stop
};

// Pages are delivered in order; returning false stops the reading (the summary says stopped).
using ProductSink = std::function<bool(const QVector<ProductData> &page)>;
using StockSink = std::function<bool(const QVector<StockLevel> &page)>;

struct ConnectionReport
{
    QString peerName;
    QString version;            // "8.1.2", "17.0"
    QStringList capabilities;   // what was checked and works: "products: GET, PUT/PATCH", ...
    QStringList missing;        // what the key may not do and the sync needs, one line each, actionable
    QStringList warnings;       // TLS opt-outs, a clock far off, ...
    bool ok() const { return missing.isEmpty(); }
};

struct CreateOutcome
{
    QString sku;
    QString peerId;
    bool created = false; // false: it already existed (found by its natural key) and was not created again
    std::optional<Error> error; // this one item failed (e.g. its SKU already exists twice); the others went on
};

// An order as the shop holds it, with what the ERP needs to create a sales order.
struct OrderCustomer
{
    QString id;
    QString email;
    QString firstName;
    QString lastName;
    QString company;
};

struct OrderLine
{
    QString sku;
    QString productId;
    QString combinationId;
    QString name;
    double quantity = 0;
    double unitPriceTaxExcl = 0;
};

struct ShopOrder
{
    QString id;
    QString reference;   // the shop's order reference ("XKBKNABJK"): the ERP's client_order_ref
    QString currentState; // order_states id
    QDateTime createdAt; // UTC
    QDateTime updatedAt; // UTC
    OrderCustomer customer;
    QVector<OrderLine> lines;
    double totalShippingTaxExcl = 0;
    double totalDiscountsTaxExcl = 0;
    double totalPaidTaxIncl = 0;
    QString currency;    // ISO code when known
};
using OrderSink = std::function<bool(const QVector<ShopOrder> &page)>;

struct ErpOrderRef
{
    QString clientOrderRef;
    QString erpId;
    QString erpName;       // "S00042"
    bool created = false;  // false: found by client_order_ref, nothing created
    bool partnerCreated = false;
};

struct ErpOrderStatus
{
    QString clientOrderRef;
    QString erpId;
    QString state;          // Odoo sale.order state: draft, sent, sale, done, cancel
    QString invoiceStatus;  // Odoo: upselling, invoiced, to invoice, no
    QStringList invoiceNumbers;
};

template<typename T>
using Done = std::function<void(Result<T>)>;

// Splits keys into batches of at most n (n >= 1), keeping the order: one request per batch.
inline QList<QStringList> chunks(const QStringList &keys, int n)
{
    QList<QStringList> out;
    for (qsizetype i = 0; i < keys.size(); i += n)
        out.append(keys.mid(i, n));
    return out;
}

} // namespace syncsmart
