#pragma once

#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>
#include <QUrl>
#include <QVector>

namespace syncsmart::ps {

using QueryParams = QList<QPair<QString, QString>>;

// base "https://shop/api/" + "products/20" + params, every value percent-encoded ('+', '&', '|',
// '[', ']' included: PHP decodes '+' as a space).
QUrl buildUrl(const QUrl &base, const QString &path, const QueryParams &params);

// "[id,reference,date_upd,price]": id first, no repeats.
QString displayParam(const QStringList &psFields);

// SKUs for filter[reference]=[a|b|...]: PrestaShop splits the value at '|' and reads it between
// the last '[' and ']', so a SKU holding one of those cannot be asked for exactly.
bool skuExpressible(const QString &sku);
// "[a|b]"; a single SKU is doubled ("[a|a]") so that one like "10-2,30" is not read as an interval.
QString referenceFilter(const QStringList &skus);
// "[1|2|3]" for ids (doubled when single, like referenceFilter).
QString idListFilter(const QStringList &ids);

struct SkuBatches
{
    QVector<QStringList> batches; // each at most maxPerBatch SKUs and maxChars of encoded filter
    QStringList inexpressible;    // SKUs holding | [ ]: looked up one by one with a prefix filter
};
// Splits distinct, non-empty SKUs (order kept).
SkuBatches batchSkus(const QStringList &skus, int maxPerBatch = 100, int maxChars = 4000);

// The longest prefix of a SKU that a LIKE filter "[prefix]%" can carry (before the first | [ ]).
QString expressiblePrefix(const QString &sku);

} // namespace syncsmart::ps
