// The Odoo part of the control API (/_sim/odoo/<command>): what tests read and change in the ERP
// behind the sync engine's back.

#include "odoosim.h"

#include "odoodatabase.h"
#include "odoorpc.h"

#include <QJsonDocument>

namespace syncsmart::sim {

using namespace odoo;

namespace {

QJsonObject failure(const QString &message)
{
    return {{QStringLiteral("ok"), false}, {QStringLiteral("error"), message}};
}

QJsonObject recordJson(const OdooModel &model, qint64 id, const QStringList &fields)
{
    QJsonObject out{{QStringLiteral("id"), id}};
    for (const QString &name : fields) {
        const int f = model.fieldIndex(name);
        if (f > 0)
            out.insert(name, toJson(model.value(id, f, true)));
    }
    return out;
}

QJsonObject countsAndDuplicates(const char *byKey, const QHash<QString, int> &counts, qint64 total)
{
    QJsonObject by;
    QJsonArray duplicates;
    QStringList keys = counts.keys();
    keys.sort();
    for (const QString &key : keys) {
        by.insert(key, counts.value(key));
        if (counts.value(key) > 1)
            duplicates.append(key);
    }
    return {{QString::fromLatin1(byKey), by},
            {QStringLiteral("duplicates"), duplicates},
            {QStringLiteral("total"), total}};
}

} // namespace

QStringList OdooSim::controlCommands() const
{
    return {QStringLiteral("product"),     QStringLiteral("edit"),     QStringLiteral("stock"),
            QStringLiteral("sale-orders"), QStringLiteral("partners"), QStringLiteral("counts"),
            QStringLiteral("access")};
}

std::optional<QJsonObject> OdooSim::control(const QByteArray &method, const QString &command,
                                            const QUrlQuery &query, const QByteArray &body)
{
    const bool post = method == "POST";
    QJsonObject json;
    if (post) {
        const QJsonDocument doc = QJsonDocument::fromJson(body);
        if (!doc.isObject() && command != QLatin1String("counts"))
            return failure(QStringLiteral("the body must be a JSON object"));
        json = doc.object();
    }
    if (command == QLatin1String("product"))
        return controlProduct(query);
    if (command == QLatin1String("edit"))
        return post ? controlEdit(json) : failure(QStringLiteral("use POST {\"sku\", \"fields\": {...}}"));
    if (command == QLatin1String("stock"))
        return post ? controlStock(json) : failure(QStringLiteral("use POST {\"sku\", \"quantity\"}"));
    if (command == QLatin1String("sale-orders"))
        return controlSaleOrders(query);
    if (command == QLatin1String("partners"))
        return controlPartners(query);
    if (command == QLatin1String("counts"))
        return controlCounts();
    if (command == QLatin1String("access"))
        return controlAccess(method, json);
    return std::nullopt;
}

QJsonObject OdooSim::controlProduct(const QUrlQuery &query) const
{
    const QString sku = query.queryItemValue(QStringLiteral("sku"), QUrl::FullyDecoded);
    if (sku.isEmpty())
        return failure(QStringLiteral("?sku= is required"));
    static const QStringList fields{QStringLiteral("default_code"),
                                    QStringLiteral("name"),
                                    QStringLiteral("list_price"),
                                    QStringLiteral("standard_price"),
                                    QStringLiteral("barcode"),
                                    QStringLiteral("weight"),
                                    QStringLiteral("active"),
                                    QStringLiteral("description_sale"),
                                    QStringLiteral("detailed_type"),
                                    QStringLiteral("qty_available"),
                                    QStringLiteral("free_qty"),
                                    QStringLiteral("virtual_available"),
                                    QStringLiteral("outgoing_qty"),
                                    QStringLiteral("product_tmpl_id"),
                                    QStringLiteral("create_date"),
                                    QStringLiteral("write_date")};
    const ProductModel &products = m_db->products();
    QJsonArray list;
    for (qint64 id : products.idsWithCode(sku)) {
        QJsonObject record = recordJson(products, id, fields);
        record.insert(QStringLiteral("quant_id"), products.quantId(id));
        list.append(record);
    }
    return {{QStringLiteral("sku"), sku},
            {QStringLiteral("count"), list.size()},
            {QStringLiteral("products"), list}};
}

QJsonObject OdooSim::controlEdit(const QJsonObject &body)
{
    // Someone edits the product in the ERP: a normal write, so write_date moves like in Odoo.
    const QString sku = body.value(QLatin1String("sku")).toString();
    const QJsonObject fields = body.value(QLatin1String("fields")).toObject();
    const qint64 id = body.contains(QLatin1String("id"))
                          ? saturatedInt64(body.value(QLatin1String("id")).toDouble())
                          : firstProductWithSku(sku);
    if (id <= 0 || !m_db->products().exists(id))
        return failure(QStringLiteral("no product with default_code %1").arg(sku));
    if (fields.isEmpty())
        return failure(QStringLiteral("\"fields\" must name at least one field"));
    CallContext ctx = context(EffectLog::editSource(body));
    try {
        m_db->products().write({id}, fields, ctx);
    } catch (const OdooError &e) {
        return {{QStringLiteral("ok"), false},
                {QStringLiteral("error"), e.message},
                {QStringLiteral("name"), e.name}};
    }
    return {{QStringLiteral("ok"), true},
            {QStringLiteral("id"), id},
            {QStringLiteral("sku"), m_db->products().defaultCode(id)},
            {QStringLiteral("write_date"), formatDatetime(ctx.nowMs)}};
}

QJsonObject OdooSim::controlStock(const QJsonObject &body)
{
    const QString sku = body.value(QLatin1String("sku")).toString();
    if (!body.value(QLatin1String("quantity")).isDouble())
        return failure(QStringLiteral("\"quantity\" must be a number"));
    const double quantity = body.value(QLatin1String("quantity")).toDouble();
    if (!setStock(sku, quantity, EffectSource::Control))
        return failure(QStringLiteral("no storable product with default_code %1").arg(sku));
    const qint64 id = firstProductWithSku(sku);
    return {{QStringLiteral("ok"), true},
            {QStringLiteral("id"), id},
            {QStringLiteral("sku"), sku},
            {QStringLiteral("qty_available"), m_db->stock().onHand(m_db->products().quantId(id))}};
}

QJsonObject OdooSim::controlSaleOrders(const QUrlQuery &query) const
{
    const SaleOrderModel &orders = m_db->orders();
    const QString ref = query.queryItemValue(QStringLiteral("client_order_ref"), QUrl::FullyDecoded);
    if (ref.isEmpty()) {
        QJsonObject out = countsAndDuplicates("byRef", orders.countsByRef(), orders.recordCount());
        out.insert(QStringLiteral("confirmed"), orders.confirmedCount());
        return out;
    }
    static const QStringList fields{QStringLiteral("name"),         QStringLiteral("state"),
                                    QStringLiteral("partner_id"),   QStringLiteral("client_order_ref"),
                                    QStringLiteral("origin"),       QStringLiteral("amount_untaxed"),
                                    QStringLiteral("amount_total"), QStringLiteral("invoice_status"),
                                    QStringLiteral("date_order"),   QStringLiteral("write_date")};
    static const QStringList lineFields{QStringLiteral("product_id"),      QStringLiteral("name"),
                                        QStringLiteral("product_uom_qty"), QStringLiteral("price_unit"),
                                        QStringLiteral("discount"),        QStringLiteral("price_subtotal")};
    QJsonArray list;
    for (qint64 id : orders.idsWithRef(ref)) {
        QJsonObject record = recordJson(orders, id, fields);
        QJsonArray lines;
        for (qint64 line : m_db->orderLines().linesOf(id))
            lines.append(recordJson(m_db->orderLines(), line, lineFields));
        record.insert(QStringLiteral("lines"), lines);
        list.append(record);
    }
    return {{QStringLiteral("client_order_ref"), ref},
            {QStringLiteral("count"), list.size()},
            {QStringLiteral("orders"), list}};
}

QJsonObject OdooSim::controlPartners(const QUrlQuery &query) const
{
    PartnerModel &partners = m_db->partners();
    const QString email = query.queryItemValue(QStringLiteral("email"), QUrl::FullyDecoded);
    if (email.isEmpty())
        return countsAndDuplicates("byEmail", partners.countsByEmail(), partners.recordCount());
    static const QStringList fields{
        QStringLiteral("name"),  QStringLiteral("email"),         QStringLiteral("ref"),
        QStringLiteral("phone"), QStringLiteral("street"),        QStringLiteral("zip"),
        QStringLiteral("city"),  QStringLiteral("customer_rank"), QStringLiteral("write_date")};
    QJsonArray list;
    for (qint64 id : partners.idsWithEmail(email))
        list.append(recordJson(partners, id, fields));
    return {{QStringLiteral("email"), email},
            {QStringLiteral("count"), list.size()},
            {QStringLiteral("partners"), list}};
}

QJsonObject OdooSim::controlCounts() const
{
    const ProductModel &products = m_db->products();
    return {{QStringLiteral("products"), products.aliveCount()},
            {QStringLiteral("archivedProducts"), products.archivedCount()},
            {QStringLiteral("duplicateSkus"), products.duplicateCodes().size()},
            {QStringLiteral("quants"), m_db->stock().quantCount()},
            {QStringLiteral("moveLines"), m_db->moveLines().lineCount()},
            {QStringLiteral("partners"), m_db->partners().recordCount()},
            {QStringLiteral("saleOrders"), m_db->orders().recordCount()},
            {QStringLiteral("confirmedSaleOrders"), m_db->orders().confirmedCount()},
            {QStringLiteral("invoices"), m_db->invoices().recordCount()}};
}

QJsonObject OdooSim::controlAccess(const QByteArray &method, const QJsonObject &body)
{
    if (method == "POST") {
        const QString model = body.value(QLatin1String("model")).toString();
        const QString operation = body.value(QLatin1String("operation")).toString();
        static const QStringList operations{QStringLiteral("read"), QStringLiteral("write"),
                                            QStringLiteral("create"), QStringLiteral("unlink")};
        if (!m_db->model(model))
            return failure(QStringLiteral("unknown model %1; known: %2")
                               .arg(model, m_db->modelNames().join(QLatin1String(", "))));
        if (!operations.contains(operation))
            return failure(QStringLiteral("operation must be read, write, create or unlink"));
        m_db->setAllowed(model, operation, body.value(QLatin1String("allowed")).toBool(false));
    }
    return {{QStringLiteral("ok"), true},
            {QStringLiteral("denied"), QJsonArray::fromStringList(m_db->deniedRights())}};
}

} // namespace syncsmart::sim
