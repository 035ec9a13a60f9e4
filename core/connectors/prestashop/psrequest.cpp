#include "connectors/prestashop/psrequest.h"

#include <QSet>

namespace syncsmart::ps {

QUrl buildUrl(const QUrl &base, const QString &path, const QueryParams &params)
{
    QUrl url = base;
    QString basePath = url.path();
    if (!basePath.endsWith(QLatin1Char('/')))
        basePath += QLatin1Char('/');
    url.setPath(basePath + path);
    QByteArray query;
    for (const auto &[key, value] : params) {
        if (!query.isEmpty())
            query += '&';
        query += QUrl::toPercentEncoding(key) + '=' + QUrl::toPercentEncoding(value);
    }
    url.setQuery(QString::fromLatin1(query), QUrl::StrictMode);
    return url;
}

QString displayParam(const QStringList &psFields)
{
    QStringList out{QStringLiteral("id")};
    for (const QString &f : psFields) {
        if (!out.contains(f))
            out.append(f);
    }
    return QLatin1Char('[') + out.join(QLatin1Char(',')) + QLatin1Char(']');
}

bool skuExpressible(const QString &sku)
{
    return !sku.contains(QLatin1Char('|')) && !sku.contains(QLatin1Char('[')) &&
           !sku.contains(QLatin1Char(']'));
}

QString referenceFilter(const QStringList &skus)
{
    QStringList values = skus;
    if (values.size() == 1)
        values.append(values.first());
    return QLatin1Char('[') + values.join(QLatin1Char('|')) + QLatin1Char(']');
}

QString idListFilter(const QStringList &ids)
{
    return referenceFilter(ids);
}

SkuBatches batchSkus(const QStringList &skus, int maxPerBatch, int maxChars)
{
    SkuBatches out;
    QSet<QString> seen;
    QStringList current;
    int chars = 2;
    for (const QString &sku : skus) {
        if (sku.isEmpty() || seen.contains(sku))
            continue;
        seen.insert(sku);
        if (!skuExpressible(sku)) {
            out.inexpressible.append(sku);
            continue;
        }
        const int cost = int(QUrl::toPercentEncoding(sku).size()) + 3; // "%7C" between values
        if (!current.isEmpty() && (current.size() >= maxPerBatch || chars + cost > maxChars)) {
            out.batches.append(current);
            current.clear();
            chars = 2;
        }
        current.append(sku);
        chars += cost;
    }
    if (!current.isEmpty())
        out.batches.append(current);
    return out;
}

QString expressiblePrefix(const QString &sku)
{
    for (int i = 0; i < sku.size(); ++i) {
        const QChar c = sku.at(i);
        if (c == QLatin1Char('|') || c == QLatin1Char('[') || c == QLatin1Char(']') || c == QLatin1Char('%'))
            return sku.left(i);
    }
    return sku;
}

} // namespace syncsmart::ps
