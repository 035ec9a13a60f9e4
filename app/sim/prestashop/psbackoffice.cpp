#include "prestashopsim_p.h"

#include <QJsonArray>

namespace syncsmart::sim {

using namespace ps;

namespace {

QJsonValue smallText(const QString &text)
{
    return text.size() <= 200 ? QJsonValue(text) : QJsonValue(qint64(text.size()));
}

QJsonValue plainJson(const PsValue &v)
{
    switch (v.kind) {
    case PsValue::Kind::Null:
        return QJsonValue::Null;
    case PsValue::Kind::Int:
        return QJsonValue(v.number);
    case PsValue::Kind::Text:
        return QJsonValue(v.text);
    case PsValue::Kind::Langs: {
        QJsonObject o;
        for (int lang = 1; lang <= kLanguageCount; ++lang) {
            if (v.hasLang(lang))
                o.insert(QString::number(lang), v.lang(lang));
        }
        return o;
    }
    }
    return QJsonValue::Null;
}

QJsonObject fieldsJson(const PsTable &table, qint64 id)
{
    QJsonObject fields;
    const ResourceDef &def = table.def();
    for (int f = 0; f < def.fields.size(); ++f)
        fields.insert(def.field(f).name, plainJson(table.value(id, f)));
    return fields;
}

} // namespace

QJsonValue effectValue(const PsValue &value)
{
    switch (value.kind) {
    case PsValue::Kind::Null:
        return QJsonValue::Null;
    case PsValue::Kind::Int:
        return QJsonValue(value.number);
    case PsValue::Kind::Text:
        return smallText(value.text);
    case PsValue::Kind::Langs: {
        QJsonObject o;
        for (int lang = 1; lang <= kLanguageCount; ++lang) {
            if (value.hasLang(lang))
                o.insert(QString::number(lang), smallText(value.lang(lang)));
        }
        return o;
    }
    }
    return QJsonValue::Null;
}

void PrestaShopSim::Private::recordEffect(EffectKind kind, const QString &resource, qint64 id,
                                          const QString &key, const QStringList &fields,
                                          const QJsonObject &values, EffectSource source)
{
    Effect e;
    e.peer = QStringLiteral("prestashop");
    e.source = source;
    e.kind = kind;
    e.resource = resource;
    e.recordId = id;
    e.key = key;
    e.fields = fields;
    e.values = values;
    effects.record(std::move(e));
}

QString PrestaShopSim::Private::stockKey(qint64 stockId) const
{
    const qint64 combination = catalog.stockCombination(stockId);
    return combination ? catalog.combinationReference(combination)
                       : catalog.reference(catalog.stockProduct(stockId));
}

QList<qint64> PrestaShopSim::Private::productsForSku(const QString &sku) const
{
    return catalog.productsWithReference(sku);
}

QJsonObject PrestaShopSim::Private::productJson(qint64 id) const
{
    const PsTable &products = catalog.products();
    QJsonObject out{{QStringLiteral("id"), id}, {QStringLiteral("fields"), fieldsJson(products, id)}};
    const qint64 stockId = catalog.productStockId(id);
    out.insert(QStringLiteral("stock"),
               QJsonObject{{QStringLiteral("id"), stockId},
                           {QStringLiteral("quantity"), catalog.stockQuantity(stockId)}});
    QJsonArray categories;
    for (const AssocEntry &e : products.association(id, products.def().assocOf(QStringLiteral("categories"))))
        categories.append(e.values.value(0).number);
    out.insert(QStringLiteral("categories"), categories);
    QJsonArray combinations;
    for (qint64 c : catalog.combinationIds(id)) {
        const qint64 cs = catalog.combinationStockId(c);
        combinations.append(QJsonObject{
            {QStringLiteral("id"), c},
            {QStringLiteral("reference"), catalog.combinationReference(c)},
            {QStringLiteral("stock"), QJsonObject{{QStringLiteral("id"), cs},
                                                  {QStringLiteral("quantity"), catalog.stockQuantity(cs)}}},
            {QStringLiteral("fields"), fieldsJson(catalog.combinations(), c)}});
    }
    out.insert(QStringLiteral("combinations"), combinations);
    return out;
}

QJsonObject PrestaShopSim::Private::orderJson(qint64 id) const
{
    QJsonObject out{{QStringLiteral("id"), id}, {QStringLiteral("fields"), fieldsJson(book.orders, id)}};
    QJsonArray rows;
    for (qint64 d = 1; d <= book.details.maxId(); ++d) {
        if (book.details.at(d, book.details.field("id_order")).number == id)
            rows.append(fieldsJson(book.details, d));
    }
    out.insert(QStringLiteral("order_details"), rows);
    QJsonArray histories;
    for (qint64 h = 1; h <= book.histories.maxId(); ++h) {
        if (book.histories.at(h, book.histories.field("id_order")).number == id)
            histories.append(fieldsJson(book.histories, h));
    }
    out.insert(QStringLiteral("order_histories"), histories);
    const qint64 customer = book.orders.at(id, book.orders.field("id_customer")).number;
    if (book.customers.exists(customer))
        out.insert(QStringLiteral("customer"), fieldsJson(book.customers, customer));
    return out;
}

bool PrestaShopSim::hasSku(const QString &sku) const
{
    return !d->catalog.productsWithReference(sku).isEmpty() ||
           !d->catalog.combinationsWithReference(sku).isEmpty();
}

bool PrestaShopSim::editDescription(const QString &sku, int language, const QString &html,
                                    EffectSource source)
{
    const QList<qint64> ids = d->catalog.productsWithReference(sku);
    if (ids.isEmpty() || language < 1 || language > kLanguageCount)
        return false;
    const qint64 id = ids.first();
    const PsTable &products = d->catalog.products();
    const int f = products.def().indexOf(QStringLiteral("description"));
    PsObject object = loadObject(products, id);
    object.values[size_t(f)].setLang(language, html);
    std::vector<bool> written(object.values.size(), false);
    written[size_t(f)] = true;
    d->catalog.updateProduct(id, object, written);
    d->catalog.setProductDateUpd(id, d->now());
    d->recordEffect(EffectKind::Update, QStringLiteral("products"), id, sku, {QStringLiteral("description")},
                    QJsonObject{{QStringLiteral("description"),
                                 QJsonObject{{QString::number(language), qint64(html.size())}}}},
                    source);
    return true;
}

std::optional<qint64> PrestaShopSim::placeOrder(const ShopOrderDraft &draft, EffectSource source)
{
    if (draft.lines.isEmpty() || draft.email.trimmed().isEmpty())
        return std::nullopt;
    ProductStore &catalog = d->catalog;
    QList<OrderLineInput> lines;
    QList<qint64> stockIds;
    for (const auto &[sku, quantity] : draft.lines) {
        if (quantity <= 0)
            return std::nullopt;
        OrderLineInput line;
        if (const QList<qint64> combos = catalog.combinationsWithReference(sku); !combos.isEmpty()) {
            line.combinationId = combos.first();
            line.productId = catalog.combinationProduct(line.combinationId);
        } else if (const QList<qint64> products = catalog.productsWithReference(sku); !products.isEmpty()) {
            line.productId = products.first();
            // Ordering a product with sizes buys its default (first) combination.
            if (const QList<qint64> own = catalog.combinationIds(line.productId); !own.isEmpty())
                line.combinationId = own.first();
        } else {
            return std::nullopt;
        }
        const qint64 stockId = line.combinationId ? catalog.combinationStockId(line.combinationId)
                                                  : catalog.productStockId(line.productId);
        line.reference = line.combinationId ? catalog.combinationReference(line.combinationId)
                                            : catalog.reference(line.productId);
        line.name = catalog.name(line.productId, 1);
        if (line.combinationId)
            line.name += QStringLiteral(" - Size : ") +
                         d->seed.combinationSuffix(catalog.combinationSize(line.combinationId));
        line.ean13 = line.combinationId ? QString() : catalog.ean13(line.productId);
        line.unitPriceMicro = catalog.priceMicro(line.productId);
        line.wholesaleMicro = catalog.wholesaleMicro(line.productId);
        line.weightMicro = catalog.weightMicro(line.productId);
        line.quantity = quantity;
        line.stockBefore = catalog.stockQuantity(stockId);
        // The shop's default (PS_ORDER_OUT_OF_STOCK off): a cart cannot take more than is available.
        qint64 alreadyTaken = 0;
        for (int i = 0; i < lines.size(); ++i)
            alreadyTaken += stockIds.at(i) == stockId ? lines.at(i).quantity : 0;
        if (line.stockBefore - alreadyTaken < quantity)
            return std::nullopt;
        lines.append(line);
        stockIds.append(stockId);
    }
    const qint64 now = d->now();
    qint64 customerId = 0;
    if (const auto existing = d->book.customerByEmail(draft.email)) {
        customerId = *existing;
    } else {
        customerId = d->book.createCustomer(draft.email.trimmed(), draft.firstName, draft.lastName, now);
        d->recordEffect(EffectKind::Create, QStringLiteral("customers"), customerId, draft.email.trimmed(),
                        {QStringLiteral("email"), QStringLiteral("firstname"), QStringLiteral("lastname")},
                        QJsonObject{{QStringLiteral("email"), draft.email.trimmed()},
                                    {QStringLiteral("firstname"), draft.firstName},
                                    {QStringLiteral("lastname"), draft.lastName}},
                        source);
    }
    const qint64 orderId = d->book.createOrder(customerId, lines, now);
    const GenericTable &orders = d->book.orders;
    const QString reference = orders.at(orderId, orders.field("reference")).text;
    QJsonArray rows;
    for (const OrderLineInput &l : lines)
        rows.append(QJsonObject{{QStringLiteral("reference"), l.reference},
                                {QStringLiteral("quantity"), l.quantity}});
    d->recordEffect(EffectKind::Create, QStringLiteral("orders"), orderId, reference,
                    {QStringLiteral("reference"), QStringLiteral("id_customer"),
                     QStringLiteral("current_state"), QStringLiteral("total_paid_tax_incl")},
                    QJsonObject{{QStringLiteral("reference"), reference},
                                {QStringLiteral("id_customer"), customerId},
                                {QStringLiteral("current_state"), 1},
                                {QStringLiteral("total_paid_tax_incl"),
                                 orders.at(orderId, orders.field("total_paid_tax_incl")).text},
                                {QStringLiteral("lines"), rows}},
                    source);
    // Validating an order takes its quantities out of stock.
    for (int i = 0; i < lines.size(); ++i) {
        const qint64 stockId = stockIds.at(i);
        const qint64 after = catalog.stockQuantity(stockId) - lines.at(i).quantity;
        catalog.setStockQuantity(stockId, after);
        d->recordEffect(EffectKind::Stock, QStringLiteral("stock_availables"), stockId, d->stockKey(stockId),
                        {QStringLiteral("quantity")}, QJsonObject{{QStringLiteral("quantity"), after}},
                        source);
    }
    return orderId;
}

} // namespace syncsmart::sim
