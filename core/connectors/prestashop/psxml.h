#pragma once

#include "common/result.h"
#include "connectors/catalogtypes.h"
#include "connectors/prestashop/prestashopsettings.h"

#include <QByteArray>
#include <QHash>
#include <QSet>
#include <QString>

namespace syncsmart::ps {

// Request bodies are always XML (a JSON body answers 500, fixture 84). Multilingual fields are
// <language id="N"> elements with CDATA; PATCH bodies hold <id> and only the changed fields.

// PATCH /products/{id}: the changed canonical fields only. A multilingual value is a QVariantMap
// (language id -> text; only the profile's languageIds when it names some) or one text for every
// language: the profile's languageIds, else shopLanguages (the shop's active languages, read by the
// connector), else language 1. record names the product in the error text (unknown field, a value
// XML cannot carry, a malformed number).
Result<QByteArray> productPatchXml(const QString &productId, const QVariantMap &changedFields,
                                   const QStringList &languageIds, const QString &record,
                                   const QStringList &shopLanguages = {});

// POST /products: what real PrestaShop needs for a usable product (fixtures 08-10, 87): reference,
// price, tax rules group, default category (+ its association), state, name and link_rewrite in
// every language (never empty: 87 answers 500 yet creates), inactive unless settings say otherwise.
// Every language (settings.languageIds, else shopLanguages, else 1) gets each multilingual field: a
// language the given map lacks takes the text of the first given language (as the back office does).
Result<QByteArray> productCreateXml(const ProductData &product, const PrestaShopSettings &settings,
                                    const QStringList &shopLanguages = {});

// PATCH /stock_availables/{id} with the quantity only (fixture 37).
QByteArray stockPatchXml(const QString &stockId, qint64 quantity);

// POST /order_histories (fixture 58).
QByteArray orderHistoryXml(const QString &orderId, const QString &stateId);

// "sync-test-mug" from "Sync test mug" (link_rewrite: lower-case ASCII letters, digits and dashes).
QString slugify(const QString &text);

// The API root (GET /api/, XML: the JSON root crashes on 8.1.2, fixture 89): per resource, the
// methods this key may use (fixture 90).
struct ApiRoot
{
    QString shopName;
    QHash<QString, QSet<QString>> methods; // "products" -> {"GET", "PATCH", ...}
};
Result<ApiRoot> parseApiRoot(const QByteArray &body, const QString &what);

// The <id> of the record a write echoes back in XML (<prestashop><product><id>..).
Result<QString> idFromXmlEcho(const QByteArray &body, const QString &element, const QString &what);

} // namespace syncsmart::ps
