#include "odoosales.h"

#include "odoodatabase.h"

namespace syncsmart::sim::odoo {

namespace {

enum LineField {
    LId,
    LOrder,
    LSequence,
    LProduct,
    LName,
    LQty,
    LUom,
    LPriceUnit,
    LDiscount,
    LTax,
    LSubtotal,
    LPriceTax,
    LTotal,
    LQtyDelivered,
    LQtyInvoiced,
    LQtyToInvoice,
    LCurrency,
    LState,
    LInvoiceStatus,
    LDisplayName,
    LCreateDate,
    LWriteDate,
};

constexpr double kTaxRate = 0.15; // "15%" sales tax, the default of the generic chart of accounts

std::vector<FieldSpec> lineFields()
{
    return {
        fieldSpec("id", FieldType::Integer, "ID", false, true),
        relational("order_id", FieldType::Many2one, "Order Reference", "sale.order", true),
        fieldSpec("sequence", FieldType::Integer, "Sequence"),
        relational("product_id", FieldType::Many2one, "Product", "product.product"),
        fieldSpec("name", FieldType::Text, "Description", true),
        withDigits(fieldSpec("product_uom_qty", FieldType::Float, "Quantity", true), 2),
        relational("product_uom", FieldType::Many2one, "Unit of Measure", "uom.uom"),
        withDigits(fieldSpec("price_unit", FieldType::Float, "Unit Price", true), 2),
        withDigits(fieldSpec("discount", FieldType::Float, "Discount (%)"), 2),
        relational("tax_id", FieldType::Many2many, "Taxes", "account.tax"),
        computed(fieldSpec("price_subtotal", FieldType::Monetary, "Subtotal")),
        computed(fieldSpec("price_tax", FieldType::Float, "Total Tax")),
        computed(fieldSpec("price_total", FieldType::Monetary, "Total")),
        withDigits(fieldSpec("qty_delivered", FieldType::Float, "Delivery Quantity"), 2),
        withDigits(fieldSpec("qty_invoiced", FieldType::Float, "Invoiced Quantity", false, true), 2),
        computed(fieldSpec("qty_to_invoice", FieldType::Float, "Quantity To Invoice")),
        computed(relational("currency_id", FieldType::Many2one, "Currency", "res.currency")),
        computed(withSelection(fieldSpec("state", FieldType::Selection, "Order Status"),
                               {{QStringLiteral("draft"), QStringLiteral("Quotation")},
                                {QStringLiteral("sent"), QStringLiteral("Quotation Sent")},
                                {QStringLiteral("sale"), QStringLiteral("Sales Order")},
                                {QStringLiteral("cancel"), QStringLiteral("Cancelled")}})),
        computed(withSelection(fieldSpec("invoice_status", FieldType::Selection, "Invoice Status"),
                               {{QStringLiteral("upselling"), QStringLiteral("Upselling Opportunity")},
                                {QStringLiteral("invoiced"), QStringLiteral("Fully Invoiced")},
                                {QStringLiteral("to invoice"), QStringLiteral("To Invoice")},
                                {QStringLiteral("no"), QStringLiteral("Nothing to Invoice")}})),
        computed(fieldSpec("display_name", FieldType::Char, "Display Name")),
        fieldSpec("create_date", FieldType::Datetime, "Created on", false, true),
        fieldSpec("write_date", FieldType::Datetime, "Last Updated on", false, true),
    };
}

} // namespace

SaleLineModel::SaleLineModel(OdooDatabase &db)
    : RecordModel(db, QStringLiteral("sale.order.line"), QStringLiteral("Sales Order Line"),
                  QStringLiteral("order_id, sequence, id"), lineFields())
{
}

QList<qint64> SaleLineModel::linesOf(qint64 orderId) const
{
    QList<qint64> ids = m_byOrder.values(orderId);
    std::sort(ids.begin(), ids.end());
    return ids;
}

bool SaleLineModel::hasLinesFor(qint64 productId) const
{
    for (const auto &[id, r] : m_records) {
        if (r[LProduct].integer == productId)
            return true;
    }
    return false;
}

qint64 SaleLineModel::productOf(qint64 lineId) const
{
    return stored(lineId, LProduct).integer;
}
double SaleLineModel::quantity(qint64 lineId) const
{
    return stored(lineId, LQty).number;
}
double SaleLineModel::invoiced(qint64 lineId) const
{
    return stored(lineId, LQtyInvoiced).number;
}

double SaleLineModel::subtotal(qint64 lineId, double quantity) const
{
    const double price = stored(lineId, LPriceUnit).number * (1.0 - stored(lineId, LDiscount).number / 100.0);
    return floatRound(quantity * price, 2);
}

double SaleLineModel::tax(qint64 lineId, double quantity) const
{
    return stored(lineId, LTax).ids.contains(1) ? floatRound(subtotal(lineId, quantity) * kTaxRate, 2) : 0.0;
}

void SaleLineModel::addInvoiced(qint64 lineId, double quantity)
{
    setStored(lineId, LQtyInvoiced, FieldValue::fromFloat(floatRound(invoiced(lineId) + quantity, 2)));
}

QString SaleLineModel::displayName(qint64 id) const
{
    const qint64 order = stored(id, LOrder).integer;
    return m_db.orders().displayName(order) + QLatin1String(" - ") + stored(id, LName).text;
}

FieldValue SaleLineModel::computed(qint64 id, int field, bool withNames) const
{
    const double qty = quantity(id);
    const QString orderState = m_db.orders().state(stored(id, LOrder).integer);
    switch (field) {
    case LSubtotal:
        return FieldValue::fromFloat(subtotal(id, qty));
    case LPriceTax:
        return FieldValue::fromFloat(tax(id, qty));
    case LTotal:
        return FieldValue::fromFloat(floatRound(subtotal(id, qty) + tax(id, qty), 2));
    case LQtyToInvoice:
        return FieldValue::fromFloat(orderState == QLatin1String("sale") ? floatRound(qty - invoiced(id), 2)
                                                                         : 0.0);
    case LCurrency:
        return FieldValue::fromMany2one(1, withNames ? referenceName(QStringLiteral("res.currency"), 1)
                                                     : QString());
    case LState:
        return FieldValue::fromOptionalText(orderState);
    case LInvoiceStatus:
        if (orderState != QLatin1String("sale"))
            return FieldValue::fromText(QStringLiteral("no"));
        return FieldValue::fromText(invoiced(id) >= qty ? QStringLiteral("invoiced")
                                                        : QStringLiteral("to invoice"));
    case LDisplayName:
        return FieldValue::fromText(displayName(id));
    default:
        return {};
    }
}

void SaleLineModel::prepareCreate(Record &r, const QJsonObject &vals, CallContext &)
{
    // SQL constraint sale_order_line_accountable_required_fields (no section / note lines here).
    const qint64 product = r[LProduct].integer;
    if (r[LProduct].kind == FieldValue::Kind::False)
        throw errors::validationError(QStringLiteral(
            "The operation cannot be completed: Missing required fields on accountable sale order line."));
    const ProductModel &products = m_db.products();
    if (r[LName].kind == FieldValue::Kind::False)
        r[LName] = FieldValue::fromText(products.displayName(product));
    if (!vals.contains(QLatin1String("product_uom_qty")))
        r[LQty] = FieldValue::fromFloat(1.0);
    if (!vals.contains(QLatin1String("price_unit")))
        r[LPriceUnit] = FieldValue::fromFloat(products.listPrice(product)); // the public pricelist
    if (!vals.contains(QLatin1String("tax_id"))) {
        const FieldValue taxes = products.value(product, products.fieldIndex(u"taxes_id"), false);
        r[LTax] = FieldValue::fromIds(taxes.ids);
    }
    if (r[LSequence].kind == FieldValue::Kind::False)
        r[LSequence] = FieldValue::fromInt(10);
    r[LUom] = FieldValue::fromMany2one(1);
    for (int f : {LDiscount, LQtyDelivered, LQtyInvoiced}) {
        if (r[size_t(f)].kind == FieldValue::Kind::False)
            r[size_t(f)] = FieldValue::fromFloat(0.0);
    }
}

void SaleLineModel::onChanged(qint64 id, int field, const FieldValue &before, const FieldValue &after)
{
    if (field != LOrder)
        return;
    if (before.kind == FieldValue::Kind::Many2one)
        m_byOrder.remove(before.integer, id);
    if (after.kind == FieldValue::Kind::Many2one)
        m_byOrder.insert(after.integer, id);
}

std::optional<std::vector<qint64>> SaleLineModel::candidates(const Domain &domain) const
{
    for (int li : domain.conjuncts()) {
        const DomainLeaf &leaf = domain.leaf(li);
        if (leaf.field != LOrder || leaf.byName)
            continue;
        std::vector<qint64> ids;
        if (leaf.op == DomainOp::Eq && leaf.numeric) {
            for (qint64 id : m_byOrder.values(leaf.integer))
                ids.push_back(id);
            return ids;
        }
        if (leaf.op == DomainOp::In && !leaf.setHasFalse) {
            for (qint64 order : leaf.ints) {
                for (qint64 id : m_byOrder.values(order))
                    ids.push_back(id);
            }
            return ids;
        }
    }
    return std::nullopt;
}

QString SaleLineModel::effectKey(qint64 id) const
{
    const SaleOrderModel &orders = m_db.orders();
    return orders.stored(stored(id, LOrder).integer, orders.fieldIndex(u"client_order_ref")).text;
}

} // namespace syncsmart::sim::odoo
