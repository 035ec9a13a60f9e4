#pragma once

#include "common/result.h"
#include "connectors/catalogtypes.h"

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QJsonValue>
#include <QStringList>
#include <QTimeZone>
#include <QVector>

namespace syncsmart::ps {

// How a canonical field (catalogtypes.h field::) is called on PrestaShop and what it holds.
struct FieldMapping
{
    QString canonical;
    QString psName;
    enum class Kind { Decimal, Bool, Text, Multilingual } kind = Kind::Text;
};
// nullopt for a field PrestaShop has no counterpart for.
std::optional<FieldMapping> mappingFor(const QString &canonicalField);
// The config error for a canonical field PrestaShop has no counterpart for; where starts the text
// ("PrestaShop", "PrestaShop: write SKU-1").
Error unknownFieldError(const QString &where, const QString &canonicalField);
// The PrestaShop names of the given canonical fields, or a config error naming the unknown one.
Result<QStringList> psFieldNames(const QStringList &canonicalFields);

// Shop-local "YYYY-MM-DD HH:MM:SS" (no zone) <-> UTC. "0000-00-00 00:00:00" and garbage: invalid.
// A text repeated by a backward DST change is the EARLIER of its two instants.
QDateTime shopLocalToUtc(const QString &text, const QTimeZone &shopZone);
QString utcToShopLocal(const QDateTime &utc, const QTimeZone &shopZone);
// A page's newest updatedAt as the summary may say it: never later than the window's end (when
// valid) nor than when the pass started (a shop clock ahead of ours, a bound widened around a DST
// change, a record edited during the pass), so the next cursor cannot pass records not read yet.
QDateTime cappedUpdatedAt(const QDateTime &at, const QDateTime &untilUtc, const QDateTime &passStartedUtc);
// The shop-local text for a window bound (lower: since, else until). Around a backward DST change
// local texts repeat an hour and stop sorting like the instants: the bound is widened by that hour
// (records read twice are dropped or re-applied harmlessly; a narrower bound would lose some).
QString shopLocalBound(const QDateTime &utc, const QTimeZone &shopZone, bool lower);
// The naive local text one second later ("2026-12-03 14:01:59" -> "2026-12-03 14:02:00").
QString nextSecond(const QString &localText);

// A webservice value as text: strings as they are, integral numbers without decimals, booleans 1/0.
QString text(const QJsonValue &value);
double decimal(const QJsonValue &value); // "23.900000", 23.9, "" -> 0
bool flag(const QJsonValue &value);      // "1", 1, true
qint64 integer(const QJsonValue &value);

// A list body ({"products":[...]}, a bare [] when empty, a single object under "product") as its
// records. what names the request for the error text (a badBodyError when it does not parse).
Result<QVector<QJsonObject>> parseList(const QByteArray &body, const QString &resource, const QString &what);
// A single-record body ({"product":{...}}).
Result<QJsonObject> parseSingle(const QByteArray &body, const QString &element, const QString &what);

// Multilingual value: [{"id":1,"value":".."}] (or a plain string when the request collapsed it with
// language=N) -> language id -> text, only the given languages when not empty.
QVariantMap multilingual(const QJsonValue &value, const QStringList &languageIds);

// One product record (display=[...] or full) as ProductData with only the asked canonical fields.
ProductData productFromJson(const QJsonObject &o, const QStringList &canonicalFields,
                            const QStringList &languageIds, const QTimeZone &shopZone);

// stock_availables row: id, id_product, id_product_attribute, quantity (sku left empty: the join fills it).
StockLevel stockFromJson(const QJsonObject &o);

OrderLine orderLineFromJson(const QJsonObject &row);
// An orders record with display=full (associations.order_rows); the customer is filled separately.
ShopOrder orderFromJson(const QJsonObject &o, const QTimeZone &shopZone);
OrderCustomer customerFromJson(const QJsonObject &o);

} // namespace syncsmart::ps
