#pragma once

#include "connectors/catalogtypes.h"

#include "common/result.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QStringList>

// Odoo's records to and from the canonical catalog types. Pure functions: no network.
namespace syncsmart::odoo {

// product.product's name for a canonical field (catalogtypes.h field::), empty when Odoo has none:
// price -> list_price, cost -> standard_price, ean13 -> barcode, weight, active, name,
// description -> description_sale.
QString productField(const QString &canonical);
// The product.product fields to read for the canonical ones: always id (implicit), default_code and
// write_date, then the mapped ones (unmapped canonical fields are not Odoo's and are skipped).
QStringList productReadFields(const QStringList &canonical, const QStringList &extra = {});

// Datetimes: naive "YYYY-MM-DD HH:MM:SS" strings in UTC; false when empty.
QString formatDatetime(const QDateTime &utc);
QDateTime parseDatetime(const QJsonValue &value); // invalid for false or an unreadable text

// An id from a number or a many2one [id, "name"]; 0 for false.
qint64 recordId(const QJsonValue &value);
// A char/text field: Odoo sends false for an empty one.
QString text(const QJsonValue &value);

// search_read / read results of product.product to ProductData, with the canonical fields asked for.
Result<QVector<ProductData>> parseProducts(const QJsonValue &result, const QStringList &canonical,
                                           const QString &what);
// Canonical values to product.product values for write / create. A canonical field Odoo has no
// field for is a config error; a value of the wrong type a permanent one.
Result<QJsonObject> productValues(const QVariantMap &canonical, const QString &what);

// Stock of products from search_read with default_code and the quantity field.
Result<QVector<StockLevel>> parseStock(const QJsonValue &result, const QString &quantityField, const QString &what);

// A list of records as objects; an error naming the call when the result is not a list of records.
Result<QVector<QJsonObject>> records(const QJsonValue &result, const QString &what);
// A created id (one dict) or ids (a list of dicts).
Result<QList<qint64>> createdIds(const QJsonValue &result, const QString &what);

// "4, 1": the ids of records, for texts naming duplicates.
QString idList(const QVector<QJsonObject> &records);

// (field, 'in', values)
QJsonArray inLeaf(const QString &field, const QStringList &values);
// The distinct non-empty values, in first-seen order.
QStringList distinct(const QStringList &values);

} // namespace syncsmart::odoo
