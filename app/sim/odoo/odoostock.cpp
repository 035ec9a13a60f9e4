#include "odoostock.h"

#include "odoodatabase.h"

namespace syncsmart::sim::odoo {

namespace {

enum QuantField {
    QId,
    QProduct,
    QLocation,
    QQuantity,
    QReserved,
    QAvailable,
    QInventoryQuantity,
    QInventoryDiff,
    QInventorySet,
    QUom,
    QCompany,
    QLot,
    QPackage,
    QOwner,
    QCreateDate,
    QWriteDate,
    QDisplayName,
    QLocationUsage,
    QProductCode,
};

std::vector<FieldSpec> quantFields()
{
    return {
        fieldSpec("id", FieldType::Integer, "ID", false, true),
        relational("product_id", FieldType::Many2one, "Product", "product.product", true),
        relational("location_id", FieldType::Many2one, "Location", "stock.location", true),
        withDigits(fieldSpec("quantity", FieldType::Float, "Quantity", false, true), 2),
        withDigits(fieldSpec("reserved_quantity", FieldType::Float, "Reserved Quantity", true, true), 2),
        computed(fieldSpec("available_quantity", FieldType::Float, "Available Quantity")),
        withDigits(fieldSpec("inventory_quantity", FieldType::Float, "Counted Quantity"), 2),
        fieldSpec("inventory_diff_quantity", FieldType::Float, "Difference", false, true),
        fieldSpec("inventory_quantity_set", FieldType::Boolean, "Inventory Quantity Set"),
        computed(relational("product_uom_id", FieldType::Many2one, "Unit of Measure", "uom.uom")),
        computed(relational("company_id", FieldType::Many2one, "Company", "res.company")),
        relational("lot_id", FieldType::Many2one, "Lot/Serial Number", "stock.lot"),
        relational("package_id", FieldType::Many2one, "Package", "stock.quant.package"),
        relational("owner_id", FieldType::Many2one, "Owner", "res.partner"),
        fieldSpec("create_date", FieldType::Datetime, "Created on", false, true),
        fieldSpec("write_date", FieldType::Datetime, "Last Updated on", false, true),
        computed(fieldSpec("display_name", FieldType::Char, "Display Name")),
        domainPath("location_id.usage", FieldType::Selection),
        domainPath("product_id.default_code", FieldType::Char),
    };
}

QList<qint64> idsArgument(const QJsonValue &first)
{
    QList<qint64> ids;
    for (const QJsonValue &v : first.isArray() ? first.toArray() : QJsonArray{first})
        ids.append(saturatedInt64(v.toDouble()));
    return ids;
}

} // namespace

StockModel::StockModel(OdooDatabase &db)
    : OdooModel(db, QStringLiteral("stock.quant"), QStringLiteral("Quants"), QStringLiteral("id"),
                quantFields())
{
}

const StockModel::Row *StockModel::row(qint64 id) const
{
    if (id <= 0 || id > qint64(m_rows.size()) || m_rows[size_t(id - 1)].productId == 0)
        return nullptr;
    return &m_rows[size_t(id - 1)];
}

qint64 StockModel::newQuant(qint64 productId, qint64 locationId, qint64 ms)
{
    Row r;
    r.productId = productId;
    r.locationId = locationId;
    r.createMs = ms;
    r.writeMs = ms;
    m_rows.push_back(r);
    ++m_live;
    const qint64 id = qint64(m_rows.size());
    if (locationId == kStockLocationId)
        m_db.products().setQuantId(productId, id);
    else
        m_elsewhere.insert({productId, locationId}, id);
    return id;
}

qint64 StockModel::seedQuant(qint64 productId, double quantity, qint64 ms)
{
    Row r;
    r.productId = productId;
    r.quantity = quantity;
    r.createMs = ms;
    r.writeMs = ms;
    m_rows.push_back(r);
    ++m_live;
    return qint64(m_rows.size());
}

qint64 StockModel::quantFor(qint64 productId, qint64 locationId) const
{
    return locationId == kStockLocationId ? m_db.products().quantId(productId)
                                          : m_elsewhere.value({productId, locationId});
}

double StockModel::onHand(qint64 quantId) const
{
    const Row *r = row(quantId);
    return r ? r->quantity : 0.0;
}

double StockModel::reserved(qint64 quantId) const
{
    const Row *r = row(quantId);
    return r ? r->reserved : 0.0;
}

bool StockModel::hasMoves(qint64 productId) const
{
    return m_db.moveLines().hasMovesFor(productId);
}

bool StockModel::exists(qint64 id) const
{
    return row(id) != nullptr;
}

void StockModel::forEachId(const std::function<bool(qint64)> &visit) const
{
    for (size_t i = 0; i < m_rows.size(); ++i) {
        if (m_rows[i].productId != 0 && !visit(qint64(i) + 1))
            return;
    }
}

QString StockModel::displayName(qint64 id) const
{
    const Row *r = row(id);
    return r ? m_db.locations().displayName(r->locationId) + QLatin1String(" - ") +
                   m_db.products().displayName(r->productId)
             : QString();
}

FieldValue StockModel::value(qint64 id, int field, bool withNames) const
{
    const Row *r = row(id);
    if (!r)
        return {};
    const bool internal = r->locationId == kStockLocationId;
    switch (QuantField(field)) {
    case QId:
        return FieldValue::fromInt(id);
    case QProduct:
        return FieldValue::fromMany2one(r->productId,
                                        withNames ? m_db.products().displayName(r->productId) : QString());
    case QLocation:
        return FieldValue::fromMany2one(r->locationId,
                                        withNames ? m_db.locations().displayName(r->locationId) : QString());
    case QQuantity:
        return FieldValue::fromFloat(r->quantity);
    case QReserved:
        return FieldValue::fromFloat(r->reserved);
    case QAvailable:
        return FieldValue::fromFloat(r->quantity - r->reserved);
    case QInventoryQuantity:
        return FieldValue::fromFloat(r->inventoryQuantity);
    case QInventoryDiff:
        return FieldValue::fromFloat(r->inventorySet ? r->inventoryQuantity - r->quantity : 0.0);
    case QInventorySet:
        return FieldValue::fromBool(r->inventorySet);
    case QUom:
        return FieldValue::fromMany2one(1, withNames ? QStringLiteral("Units") : QString());
    case QCompany:
        return FieldValue::fromMany2one(1, withNames ? QStringLiteral("My Company") : QString());
    case QLot:
    case QPackage:
    case QOwner:
        return {};
    case QCreateDate:
        return FieldValue::fromDatetime(r->createMs);
    case QWriteDate:
        return FieldValue::fromDatetime(r->writeMs);
    case QDisplayName:
        return FieldValue::fromText(displayName(id));
    case QLocationUsage:
        return FieldValue::fromText(internal ? QStringLiteral("internal")
                                             : m_db.locations().usage(r->locationId));
    case QProductCode:
        return FieldValue::fromOptionalText(m_db.products().defaultCode(r->productId));
    }
    return {};
}

std::optional<std::vector<qint64>> StockModel::candidates(const Domain &domain) const
{
    for (int li : domain.conjuncts()) {
        const DomainLeaf &leaf = domain.leaf(li);
        if (leaf.field != QProduct || leaf.byName)
            continue;
        QList<qint64> products;
        if (leaf.op == DomainOp::Eq && leaf.numeric)
            products.append(leaf.integer);
        else if (leaf.op == DomainOp::In && !leaf.setHasFalse)
            products = leaf.ints.values();
        else
            continue;
        std::vector<qint64> ids;
        for (qint64 product : products) {
            if (const qint64 q = m_db.products().quantId(product))
                ids.push_back(q);
            for (auto it = m_elsewhere.begin(); it != m_elsewhere.end(); ++it) {
                if (it.key().first == product)
                    ids.push_back(it.value());
            }
        }
        return ids;
    }
    return std::nullopt;
}

QList<qint64> StockModel::create(const QList<QJsonObject> &valsList, CallContext &ctx)
{
    // stock.quant.create: only the inventory mode is open to users, and only for these fields.
    static const QStringList allowed{QStringLiteral("product_id"),
                                     QStringLiteral("location_id"),
                                     QStringLiteral("lot_id"),
                                     QStringLiteral("package_id"),
                                     QStringLiteral("owner_id"),
                                     QStringLiteral("inventory_quantity"),
                                     QStringLiteral("inventory_quantity_auto_apply"),
                                     QStringLiteral("user_id")};
    const QString restricted = QStringLiteral("Quant's creation is restricted, you can't do this operation.");
    QList<qint64> ids;
    for (const QJsonObject &vals : valsList) {
        if (!ctx.flag("inventory_mode"))
            throw errors::userError(restricted, CallPath::Create);
        for (auto it = vals.begin(); it != vals.end(); ++it) {
            if (!allowed.contains(it.key()))
                throw errors::userError(restricted, CallPath::Create);
        }
        const qint64 product = idValue(vals.value(QLatin1String("product_id")));
        const qint64 location = idValue(vals.value(QLatin1String("location_id")));
        if (!m_db.products().exists(product))
            throw errors::missingRecords(QStringLiteral("product.product"), {product}, ctx.uid);
        if (!m_db.locations().exists(location))
            throw errors::missingRecords(QStringLiteral("stock.location"), {location}, ctx.uid);
        if (m_db.locations().usage(location) == QLatin1String("view"))
            throw errors::validationError(
                QStringLiteral(
                    "You cannot take products from or deliver products to a location of type \"view\" (%1).")
                    .arg(m_db.locations().displayName(location)));
        if (!m_db.products().isStorable(product))
            throw errors::validationError(
                QStringLiteral("Quants cannot be created for consumables or services."));
        const bool autoApply = vals.contains(QLatin1String("inventory_quantity_auto_apply"));
        const double counted =
            floatRound(floatValue(vals.value(autoApply ? QLatin1String("inventory_quantity_auto_apply")
                                                       : QLatin1String("inventory_quantity"))),
                       2);
        // _gather: the existing quant of that product and location is reused (fixture 30).
        qint64 id = quantFor(product, location);
        if (id == 0)
            id = newQuant(product, location, ctx.nowMs);
        Row &r = m_rows[size_t(id - 1)];
        r.inventoryQuantity = counted;
        r.inventorySet = true;
        r.writeMs = ctx.nowMs;
        recordEffect(EffectKind::Update, id, m_db.products().defaultCode(product),
                     QJsonObject{{QStringLiteral("inventory_quantity"), counted},
                                 {QStringLiteral("product_id"), product}},
                     ctx);
        if (autoApply)
            apply({id}, ctx);
        ids.append(id);
    }
    return ids;
}

void StockModel::apply(const QList<qint64> &ids, CallContext &ctx)
{
    for (qint64 id : ids) {
        Row &r = m_rows[size_t(id - 1)];
        if (!r.inventorySet)
            continue;
        const double before = r.quantity;
        const double diff = floatRound(r.inventoryQuantity - r.quantity, 2);
        if (diff != 0.0) {
            // One move line from / to Virtual Locations/Inventory adjustment (fixture 34).
            if (diff > 0)
                m_db.moveLines().add(r.productId, diff, kInventoryLocationId, r.locationId, ctx.nowMs);
            else
                m_db.moveLines().add(r.productId, -diff, r.locationId, kInventoryLocationId, ctx.nowMs);
        }
        r.quantity = r.inventoryQuantity;
        r.inventoryQuantity = 0.0;
        r.inventorySet = false;
        r.writeMs = ctx.nowMs;
        r.reserved = std::min(r.reserved, std::max(0.0, r.quantity));
        // The product's write_date does not move: stock lives on the quant (fixture 29).
        Effect e;
        e.peer = QStringLiteral("odoo");
        e.source = ctx.source;
        e.kind = EffectKind::Stock;
        e.resource = name();
        e.recordId = id;
        e.key = m_db.products().defaultCode(r.productId);
        e.fields = QStringList{QStringLiteral("quantity")};
        e.values = QJsonObject{{QStringLiteral("quantity"), r.quantity},
                               {QStringLiteral("previous"), before},
                               {QStringLiteral("product_id"), r.productId}};
        m_db.effects().record(std::move(e));
    }
}

void StockModel::adjust(qint64 productId, double quantity, CallContext &ctx)
{
    CallContext inventory = ctx;
    inventory.context.insert(QStringLiteral("inventory_mode"), true);
    const QList<qint64> ids = create({QJsonObject{{QStringLiteral("product_id"), productId},
                                                  {QStringLiteral("location_id"), kStockLocationId},
                                                  {QStringLiteral("inventory_quantity"), quantity}}},
                                     inventory);
    apply(ids, ctx);
}

void StockModel::reserve(qint64 productId, double quantity)
{
    m_outgoing[productId] += quantity;
    const qint64 quant = m_db.products().quantId(productId);
    if (quant <= 0)
        return;
    Row &r = m_rows[size_t(quant - 1)];
    r.reserved += std::min(quantity, std::max(0.0, r.quantity - r.reserved));
}

std::optional<RpcResult> StockModel::call(const QString &method, const QJsonArray &args, const QJsonObject &,
                                          CallContext &ctx)
{
    if (method != QLatin1String("action_apply_inventory"))
        return std::nullopt;
    const QList<qint64> ids = idsArgument(args.at(0));
    requireExisting(ids, ctx.uid);
    apply(ids, ctx);
    // action_apply_inventory returns None: the answer has no "result" member (fixture 28).
    RpcResult r;
    r.none = true;
    r.operation = Operation::StockWrite;
    r.records = int(ids.size());
    r.wrote = true;
    return r;
}

} // namespace syncsmart::sim::odoo
