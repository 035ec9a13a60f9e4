#include "odoosales.h"

#include "odoodatabase.h"

#include "common/jsonwriter.h"

namespace syncsmart::sim::odoo {

// ---------------------------------------------------------------------------------------------
// res.partner

namespace {

enum PartnerField {
    PId,
    PName,
    PDisplayName,
    PRef,
    PEmail,
    PPhone,
    PMobile,
    PStreet,
    PStreet2,
    PZip,
    PCity,
    PVat,
    PIsCompany,
    PType,
    PParent,
    PActive,
    PCustomerRank,
    PSupplierRank,
    PCreateDate,
    PWriteDate,
};

std::vector<FieldSpec> partnerFields()
{
    return {
        fieldSpec("id", FieldType::Integer, "ID", false, true),
        fieldSpec("name", FieldType::Char, "Name"),
        computed(fieldSpec("display_name", FieldType::Char, "Display Name")),
        fieldSpec("ref", FieldType::Char, "Reference"),
        fieldSpec("email", FieldType::Char, "Email"),
        fieldSpec("phone", FieldType::Char, "Phone"),
        fieldSpec("mobile", FieldType::Char, "Mobile"),
        fieldSpec("street", FieldType::Char, "Street"),
        fieldSpec("street2", FieldType::Char, "Street2"),
        fieldSpec("zip", FieldType::Char, "Zip"),
        fieldSpec("city", FieldType::Char, "City"),
        fieldSpec("vat", FieldType::Char, "Tax ID"),
        fieldSpec("is_company", FieldType::Boolean, "Is a Company"),
        withSelection(fieldSpec("type", FieldType::Selection, "Address Type"),
                      {{QStringLiteral("contact"), QStringLiteral("Contact")},
                       {QStringLiteral("invoice"), QStringLiteral("Invoice Address")},
                       {QStringLiteral("delivery"), QStringLiteral("Delivery Address")},
                       {QStringLiteral("other"), QStringLiteral("Other Address")}}),
        relational("parent_id", FieldType::Many2one, "Related Company", "res.partner"),
        fieldSpec("active", FieldType::Boolean, "Active"),
        fieldSpec("customer_rank", FieldType::Integer, "Customer Rank"),
        fieldSpec("supplier_rank", FieldType::Integer, "Supplier Rank"),
        fieldSpec("create_date", FieldType::Datetime, "Created on", false, true),
        fieldSpec("write_date", FieldType::Datetime, "Last Updated on", false, true),
    };
}

} // namespace

// _order is "complete_name ASC, id DESC"; without parent companies complete_name is the name.
// Ids 1-6 belong to the records a fresh database creates (company, OdooBot, admin, ...): the first
// customer of the capture got id 7 (fixture 36).
PartnerModel::PartnerModel(OdooDatabase &db)
    : RecordModel(db, QStringLiteral("res.partner"), QStringLiteral("Contact"),
                  QStringLiteral("name ASC, id DESC"), partnerFields(), 7)
{
}

QString PartnerModel::displayName(qint64 id) const
{
    const QString name = stored(id, PName).text;
    const qint64 parent = stored(id, PParent).integer;
    if (parent > 0 && exists(parent))
        return name.isEmpty() ? displayName(parent) : displayName(parent) + QLatin1String(", ") + name;
    return name;
}

FieldValue PartnerModel::computed(qint64 id, int field, bool) const
{
    return field == PDisplayName ? FieldValue::fromText(displayName(id)) : FieldValue();
}

void PartnerModel::prepareCreate(Record &r, const QJsonObject &vals, CallContext &)
{
    if (!vals.contains(QLatin1String("active")))
        r[PActive] = FieldValue::fromBool(true);
    if (r[PType].kind == FieldValue::Kind::False)
        r[PType] = FieldValue::fromText(QStringLiteral("contact"));
    if (r[PCustomerRank].kind == FieldValue::Kind::False)
        r[PCustomerRank] = FieldValue::fromInt(0);
    if (r[PSupplierRank].kind == FieldValue::Kind::False)
        r[PSupplierRank] = FieldValue::fromInt(0);
    // SQL constraint res_partner_check_name, turned into a ValidationError by service/model.py.
    if (r[PType].text == QLatin1String("contact") && r[PName].kind == FieldValue::Kind::False)
        throw errors::validationError(
            QStringLiteral("The operation cannot be completed: Contacts require a name"));
}

void PartnerModel::beforeUnlink(const QList<qint64> &ids, CallContext &)
{
    for (qint64 id : ids) {
        if (m_db.orders().referencesPartner(id)) {
            throw errors::validationError(
                QStringLiteral(
                    "The operation cannot be completed: another model requires the record being deleted. "
                    "If possible, archive it instead.\n\nModel: Sales Order (sale.order)\n"
                    "Constraint: sale_order_partner_id_fkey\n"),
                CallPath::Multi);
        }
    }
}

void PartnerModel::onChanged(qint64 id, int field, const FieldValue &before, const FieldValue &after)
{
    if (field != PEmail)
        return;
    if (before.kind == FieldValue::Kind::Text)
        m_byEmail.remove(before.text.toLower(), id);
    if (after.kind == FieldValue::Kind::Text)
        m_byEmail.insert(after.text.toLower(), id);
}

std::optional<std::vector<qint64>> PartnerModel::candidates(const Domain &domain) const
{
    for (int li : domain.conjuncts()) {
        const DomainLeaf &leaf = domain.leaf(li);
        if (leaf.field != PEmail)
            continue;
        // "=ilike" without wildcards (the usual lookup by email) and "=" are exact, case aside.
        const bool exact =
            (leaf.op == DomainOp::Eq && !leaf.isFalse) ||
            ((leaf.op == DomainOp::EqILike || leaf.op == DomainOp::EqLike) && leaf.pattern.isPlain());
        if (!exact)
            continue;
        const QString key = (leaf.op == DomainOp::Eq ? leaf.text : leaf.pattern.literal()).toLower();
        const QList<qint64> ids = m_byEmail.values(key);
        return std::vector<qint64>(ids.begin(), ids.end());
    }
    return std::nullopt;
}

QString PartnerModel::effectKey(qint64 id) const
{
    return stored(id, PEmail).text;
}

QList<qint64> PartnerModel::idsWithEmail(const QString &email) const
{
    QList<qint64> ids = m_byEmail.values(email.toLower());
    std::sort(ids.begin(), ids.end());
    return ids;
}

QHash<QString, int> PartnerModel::countsByEmail() const
{
    QHash<QString, int> counts;
    for (auto it = m_byEmail.begin(); it != m_byEmail.end(); ++it)
        ++counts[it.key()];
    return counts;
}

void PartnerModel::increaseCustomerRank(qint64 id)
{
    if (exists(id))
        setStored(id, PCustomerRank, FieldValue::fromInt(stored(id, PCustomerRank).integer + 1));
}

// ---------------------------------------------------------------------------------------------
// sale.order

namespace {

enum OrderField {
    OId,
    OName,
    ODisplayName,
    OState,
    OPartner,
    OInvoicePartner,
    OShippingPartner,
    OClientRef,
    OOrigin,
    ODateOrder,
    OAmountUntaxed,
    OAmountTax,
    OAmountTotal,
    OCurrency,
    OOrderLine,
    OInvoiceStatus,
    OInvoiceIds,
    OPickingIds,
    ODeliveryStatus,
    OCompany,
    OUser,
    ONote,
    OLocked,
    OCreateDate,
    OWriteDate,
};

QList<SelectionOption> invoiceStatuses()
{
    return {{QStringLiteral("upselling"), QStringLiteral("Upselling Opportunity")},
            {QStringLiteral("invoiced"), QStringLiteral("Fully Invoiced")},
            {QStringLiteral("to invoice"), QStringLiteral("To Invoice")},
            {QStringLiteral("no"), QStringLiteral("Nothing to Invoice")}};
}

std::vector<FieldSpec> orderFields()
{
    return {
        fieldSpec("id", FieldType::Integer, "ID", false, true),
        fieldSpec("name", FieldType::Char, "Order Reference", true, true),
        computed(fieldSpec("display_name", FieldType::Char, "Display Name")),
        withSelection(fieldSpec("state", FieldType::Selection, "Status", false, true),
                      {{QStringLiteral("draft"), QStringLiteral("Quotation")},
                       {QStringLiteral("sent"), QStringLiteral("Quotation Sent")},
                       {QStringLiteral("sale"), QStringLiteral("Sales Order")},
                       {QStringLiteral("cancel"), QStringLiteral("Cancelled")}}),
        relational("partner_id", FieldType::Many2one, "Customer", "res.partner", true),
        relational("partner_invoice_id", FieldType::Many2one, "Invoice Address", "res.partner", true),
        relational("partner_shipping_id", FieldType::Many2one, "Delivery Address", "res.partner", true),
        fieldSpec("client_order_ref", FieldType::Char, "Customer Reference"),
        fieldSpec("origin", FieldType::Char, "Source Document"),
        fieldSpec("date_order", FieldType::Datetime, "Order Date", true),
        computed(fieldSpec("amount_untaxed", FieldType::Monetary, "Untaxed Amount")),
        computed(fieldSpec("amount_tax", FieldType::Monetary, "Taxes")),
        computed(fieldSpec("amount_total", FieldType::Monetary, "Total")),
        relational("currency_id", FieldType::Many2one, "Currency", "res.currency", false, true),
        relational("order_line", FieldType::One2many, "Order Lines", "sale.order.line"),
        computed(withSelection(fieldSpec("invoice_status", FieldType::Selection, "Invoice Status"),
                               invoiceStatuses())),
        computed(relational("invoice_ids", FieldType::Many2many, "Invoices", "account.move")),
        computed(relational("picking_ids", FieldType::One2many, "Transfers", "stock.picking")),
        computed(withSelection(fieldSpec("delivery_status", FieldType::Selection, "Delivery Status"),
                               {{QStringLiteral("pending"), QStringLiteral("Not Delivered")},
                                {QStringLiteral("started"), QStringLiteral("Started")},
                                {QStringLiteral("partial"), QStringLiteral("Partially Delivered")},
                                {QStringLiteral("full"), QStringLiteral("Fully Delivered")}})),
        relational("company_id", FieldType::Many2one, "Company", "res.company", true),
        relational("user_id", FieldType::Many2one, "Salesperson", "res.users"),
        fieldSpec("note", FieldType::Text, "Terms and conditions"),
        fieldSpec("locked", FieldType::Boolean, "Locked"),
        fieldSpec("create_date", FieldType::Datetime, "Creation Date", false, true),
        fieldSpec("write_date", FieldType::Datetime, "Last Updated on", false, true),
    };
}

} // namespace

SaleOrderModel::SaleOrderModel(OdooDatabase &db)
    : RecordModel(db, QStringLiteral("sale.order"), QStringLiteral("Sales Order"),
                  QStringLiteral("date_order desc, id desc"), orderFields())
{
}

QStringList SaleOrderModel::extraMethods() const
{
    return {QStringLiteral("action_confirm"), QStringLiteral("action_cancel"),
            QStringLiteral("action_draft")};
}

QString SaleOrderModel::state(qint64 id) const
{
    return stored(id, OState).text;
}

FieldValue SaleOrderModel::computed(qint64 id, int field, bool) const
{
    const SaleLineModel &lines = m_db.orderLines();
    const QString state = stored(id, OState).text;
    switch (field) {
    case ODisplayName:
        return FieldValue::fromText(stored(id, OName).text);
    case OAmountUntaxed:
    case OAmountTax:
    case OAmountTotal: {
        // Taxes rounded per line (the company's "round per line" setting), then summed.
        double untaxed = 0.0, tax = 0.0;
        for (qint64 line : lines.linesOf(id)) {
            untaxed += lines.subtotal(line, lines.quantity(line));
            tax += lines.tax(line, lines.quantity(line));
        }
        const double v = field == OAmountUntaxed ? untaxed : field == OAmountTax ? tax : untaxed + tax;
        return FieldValue::fromFloat(floatRound(v, 2));
    }
    case OOrderLine:
        return FieldValue::fromIds(lines.linesOf(id));
    case OInvoiceStatus: {
        if (state != QLatin1String("sale"))
            return FieldValue::fromText(QStringLiteral("no"));
        bool toInvoice = false, allInvoiced = true;
        for (qint64 line : lines.linesOf(id)) {
            const double left = lines.quantity(line) - lines.invoiced(line);
            toInvoice = toInvoice || left > 0.0;
            allInvoiced = allInvoiced && left <= 0.0;
        }
        return FieldValue::fromText(toInvoice     ? QStringLiteral("to invoice")
                                    : allInvoiced ? QStringLiteral("invoiced")
                                                  : QStringLiteral("no"));
    }
    case OInvoiceIds:
        return FieldValue::fromIds(m_db.invoices().invoicesOf(id));
    case OPickingIds: {
        QList<qint64> ids;
        m_db.pickings().forEachId([&](qint64 picking) {
            if (m_db.pickings().value(picking, m_db.pickings().fieldIndex(u"sale_id"), false).integer == id)
                ids.append(picking);
            return true;
        });
        return FieldValue::fromIds(ids);
    }
    case ODeliveryStatus:
        return state == QLatin1String("sale") ? FieldValue::fromText(QStringLiteral("pending"))
                                              : FieldValue();
    default:
        return {};
    }
}

void SaleOrderModel::prepareCreate(Record &r, const QJsonObject &, CallContext &ctx)
{
    if (r[OName].kind == FieldValue::Kind::False || r[OName].text == QLatin1String("New"))
        r[OName] = FieldValue::fromText(QStringLiteral("S%1").arg(m_nextNumber++, 5, 10, QLatin1Char('0')));
    if (r[OState].kind == FieldValue::Kind::False)
        r[OState] = FieldValue::fromText(QStringLiteral("draft"));
    if (r[ODateOrder].kind == FieldValue::Kind::False)
        r[ODateOrder] = FieldValue::fromDatetime(ctx.nowMs);
    if (r[OInvoicePartner].kind == FieldValue::Kind::False)
        r[OInvoicePartner] = r[OPartner];
    if (r[OShippingPartner].kind == FieldValue::Kind::False)
        r[OShippingPartner] = r[OPartner];
    r[OCurrency] = FieldValue::fromMany2one(1);
    if (r[OCompany].kind == FieldValue::Kind::False)
        r[OCompany] = FieldValue::fromMany2one(1);
    if (r[OUser].kind == FieldValue::Kind::False)
        r[OUser] = FieldValue::fromMany2one(ctx.uid);
    r[OLocked] = FieldValue::fromBool(r[OLocked].boolean);
}

bool SaleOrderModel::applyRelational(qint64 id, int field, const QJsonValue &value, CallContext &ctx)
{
    if (field != OOrderLine)
        return false;
    SaleLineModel &lines = m_db.orderLines();
    for (const X2ManyCommand &c : parseCommands(value)) {
        if (c.code == 0) {
            QJsonObject vals = c.values;
            vals.insert(QStringLiteral("order_id"), id);
            lines.create({vals}, ctx);
        } else if (c.code == 1) {
            lines.write({c.id}, c.values, ctx);
        } else if (c.code == 2) {
            lines.unlink({c.id}, ctx);
        } else if (c.code == 5) {
            const QList<qint64> all = lines.linesOf(id);
            if (!all.isEmpty())
                lines.unlink(all, ctx);
        }
    }
    return true;
}

void SaleOrderModel::beforeUnlink(const QList<qint64> &ids, CallContext &ctx)
{
    for (qint64 id : ids) {
        const QString s = state(id);
        if (s != QLatin1String("draft") && s != QLatin1String("cancel"))
            throw errors::unlinkConfirmedOrder();
    }
    for (qint64 id : ids) {
        const QList<qint64> lines = m_db.orderLines().linesOf(id);
        if (!lines.isEmpty())
            m_db.orderLines().unlink(lines, ctx);
    }
}

void SaleOrderModel::onChanged(qint64 id, int field, const FieldValue &before, const FieldValue &after)
{
    if (field != OClientRef)
        return;
    if (before.kind == FieldValue::Kind::Text)
        m_byRef.remove(before.text, id);
    if (after.kind == FieldValue::Kind::Text)
        m_byRef.insert(after.text, id);
}

std::optional<std::vector<qint64>> SaleOrderModel::candidates(const Domain &domain) const
{
    for (int li : domain.conjuncts()) {
        const DomainLeaf &leaf = domain.leaf(li);
        if (leaf.field == OClientRef &&
            ((leaf.op == DomainOp::Eq && !leaf.isFalse) || (leaf.op == DomainOp::In && !leaf.setHasFalse))) {
            std::vector<qint64> ids;
            const QList<QString> keys =
                leaf.op == DomainOp::Eq ? QList<QString>{leaf.text} : leaf.texts.values();
            for (const QString &key : keys) {
                for (qint64 id : m_byRef.values(key))
                    ids.push_back(id);
            }
            return ids;
        }
    }
    return std::nullopt;
}

QString SaleOrderModel::effectKey(qint64 id) const
{
    return stored(id, OClientRef).text;
}

QList<qint64> SaleOrderModel::idsWithRef(const QString &ref) const
{
    QList<qint64> ids = m_byRef.values(ref);
    std::sort(ids.begin(), ids.end());
    return ids;
}

QHash<QString, int> SaleOrderModel::countsByRef() const
{
    QHash<QString, int> counts;
    for (auto it = m_byRef.begin(); it != m_byRef.end(); ++it)
        ++counts[it.key()];
    return counts;
}

qint64 SaleOrderModel::confirmedCount() const
{
    qint64 n = 0;
    for (const auto &[id, r] : m_records)
        n += r[OState].text == QLatin1String("sale") ? 1 : 0;
    return n;
}

bool SaleOrderModel::referencesPartner(qint64 partnerId) const
{
    for (const auto &[id, r] : m_records) {
        if (r[OPartner].integer == partnerId || r[OInvoicePartner].integer == partnerId ||
            r[OShippingPartner].integer == partnerId)
            return true;
    }
    return false;
}

void SaleOrderModel::recomputeAfterInvoice(qint64 id, qint64 ms)
{
    touch(id, ms);
}

std::optional<RpcResult> SaleOrderModel::call(const QString &method, const QJsonArray &args,
                                              const QJsonObject &, CallContext &ctx)
{
    QList<qint64> ids;
    const QJsonValue first = args.at(0);
    for (const QJsonValue &v : first.isArray() ? first.toArray() : QJsonArray{first})
        ids.append(saturatedInt64(v.toDouble()));
    if (method == QLatin1String("action_confirm")) {
        confirm(ids, ctx);
    } else if (method == QLatin1String("action_cancel")) {
        requireExisting(ids, ctx.uid);
        setState(ids, QStringLiteral("cancel"), ctx);
    } else if (method == QLatin1String("action_draft")) {
        requireExisting(ids, ctx.uid);
        setState(ids, QStringLiteral("draft"), ctx);
    } else {
        return std::nullopt;
    }
    RpcResult r = RpcResult::of("true", Operation::Write);
    r.records = int(ids.size());
    r.wrote = true;
    return r;
}

void SaleOrderModel::confirm(const QList<qint64> &ids, CallContext &ctx)
{
    requireExisting(ids, ctx.uid);
    QStringList blocked;
    for (qint64 id : ids) {
        const QString s = state(id);
        if (s != QLatin1String("draft") && s != QLatin1String("sent"))
            blocked << stored(id, OName).text;
    }
    if (!blocked.isEmpty()) {
        throw errors::userError(
            QStringLiteral("The following orders are not in a state requiring confirmation: %1")
                .arg(blocked.join(QLatin1String(", "))));
    }
    SaleLineModel &lines = m_db.orderLines();
    for (qint64 id : ids) {
        // Confirming plans the delivery: stock is reserved and virtual_available drops (fixture 43).
        bool allReserved = true;
        for (qint64 line : lines.linesOf(id)) {
            const qint64 product = lines.productOf(line);
            if (product <= 0)
                continue;
            const qint64 quant = m_db.products().quantId(product);
            const double before = m_db.stock().onHand(quant) - m_db.stock().reserved(quant);
            m_db.stock().reserve(product, lines.quantity(line));
            allReserved = allReserved && before >= lines.quantity(line);
        }
        m_db.pickings().createDelivery(id, stored(id, OShippingPartner).integer, stored(id, OName).text,
                                       allReserved, ctx.nowMs);
        setStored(id, ODateOrder, FieldValue::fromDatetime(ctx.nowMs));
    }
    setState(ids, QStringLiteral("sale"), ctx);
}

void SaleOrderModel::setState(const QList<qint64> &ids, const QString &state, CallContext &ctx)
{
    for (qint64 id : ids) {
        setStored(id, OState, FieldValue::fromText(state));
        touch(id, ctx.nowMs);
        recordEffect(
            EffectKind::State, id, effectKey(id),
            QJsonObject{{QStringLiteral("state"), state}, {QStringLiteral("name"), stored(id, OName).text}},
            ctx);
    }
}

} // namespace syncsmart::sim::odoo
