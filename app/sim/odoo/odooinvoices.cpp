#include "odooinvoices.h"

#include "odoodatabase.h"

#include "common/jsonwriter.h"

namespace syncsmart::sim::odoo {

namespace {

enum InvoiceField {
    IId,
    IName,
    IDisplayName,
    IMoveType,
    IState,
    IPaymentState,
    IPartner,
    IOrigin,
    IRef,
    IAmountUntaxed,
    IAmountTax,
    IAmountTotal,
    IAmountResidual,
    IInvoiceDate,
    IDate,
    ICurrency,
    IJournal,
    ICompany,
    ILineOrders,
    IInvoiceLineOrders,
    ICreateDate,
    IWriteDate,
};

std::vector<FieldSpec> invoiceFields()
{
    return {
        fieldSpec("id", FieldType::Integer, "ID", false, true),
        fieldSpec("name", FieldType::Char, "Number"),
        computed(fieldSpec("display_name", FieldType::Char, "Display Name")),
        withSelection(fieldSpec("move_type", FieldType::Selection, "Type", true),
                      {{QStringLiteral("entry"), QStringLiteral("Journal Entry")},
                       {QStringLiteral("out_invoice"), QStringLiteral("Customer Invoice")},
                       {QStringLiteral("out_refund"), QStringLiteral("Customer Credit Note")},
                       {QStringLiteral("in_invoice"), QStringLiteral("Vendor Bill")},
                       {QStringLiteral("in_refund"), QStringLiteral("Vendor Credit Note")},
                       {QStringLiteral("out_receipt"), QStringLiteral("Sales Receipt")},
                       {QStringLiteral("in_receipt"), QStringLiteral("Purchase Receipt")}}),
        withSelection(fieldSpec("state", FieldType::Selection, "Status", true, true),
                      {{QStringLiteral("draft"), QStringLiteral("Draft")},
                       {QStringLiteral("posted"), QStringLiteral("Posted")},
                       {QStringLiteral("cancel"), QStringLiteral("Cancelled")}}),
        withSelection(fieldSpec("payment_state", FieldType::Selection, "Payment Status", false, true),
                      {{QStringLiteral("not_paid"), QStringLiteral("Not Paid")},
                       {QStringLiteral("in_payment"), QStringLiteral("In Payment")},
                       {QStringLiteral("paid"), QStringLiteral("Paid")},
                       {QStringLiteral("partial"), QStringLiteral("Partially Paid")},
                       {QStringLiteral("reversed"), QStringLiteral("Reversed")},
                       {QStringLiteral("invoicing_legacy"), QStringLiteral("Invoicing App Legacy")}}),
        relational("partner_id", FieldType::Many2one, "Partner", "res.partner"),
        fieldSpec("invoice_origin", FieldType::Char, "Origin"),
        fieldSpec("ref", FieldType::Char, "Reference"),
        withDigits(fieldSpec("amount_untaxed", FieldType::Monetary, "Untaxed Amount", false, true), 2),
        withDigits(fieldSpec("amount_tax", FieldType::Monetary, "Tax", false, true), 2),
        withDigits(fieldSpec("amount_total", FieldType::Monetary, "Total", false, true), 2),
        withDigits(fieldSpec("amount_residual", FieldType::Monetary, "Amount Due", false, true), 2),
        fieldSpec("invoice_date", FieldType::Date, "Invoice/Bill Date"),
        fieldSpec("date", FieldType::Date, "Date", true),
        relational("currency_id", FieldType::Many2one, "Currency", "res.currency", true),
        relational("journal_id", FieldType::Many2one, "Journal", "account.journal", true),
        relational("company_id", FieldType::Many2one, "Company", "res.company"),
        domainPath("line_ids.sale_line_ids.order_id", FieldType::Many2one),
        domainPath("invoice_line_ids.sale_line_ids.order_id", FieldType::Many2one),
        fieldSpec("create_date", FieldType::Datetime, "Created on", false, true),
        fieldSpec("write_date", FieldType::Datetime, "Last Updated on", false, true),
    };
}

QList<qint64> idsArgument(const QJsonArray &args)
{
    QList<qint64> ids;
    const QJsonValue first = args.at(0);
    for (const QJsonValue &v : first.isArray() ? first.toArray() : QJsonArray{first})
        ids.append(saturatedInt64(v.toDouble()));
    return ids;
}

} // namespace

InvoiceModel::InvoiceModel(OdooDatabase &db)
    : RecordModel(db, QStringLiteral("account.move"), QStringLiteral("Journal Entry"),
                  QStringLiteral("date desc, name desc, invoice_date desc, id desc"), invoiceFields())
{
}

FieldValue InvoiceModel::computed(qint64 id, int field, bool) const
{
    if (field == IDisplayName)
        return FieldValue::fromText(stored(id, IName).text);
    if (field == ILineOrders || field == IInvoiceLineOrders)
        return FieldValue::fromIds(m_orders.value(id));
    return {};
}

QString InvoiceModel::effectKey(qint64 id) const
{
    return stored(id, IRef).text;
}

QList<qint64> InvoiceModel::invoicesOf(qint64 orderId) const
{
    QList<qint64> out;
    for (auto it = m_orders.begin(); it != m_orders.end(); ++it) {
        if (it.value().contains(orderId))
            out.append(it.key());
    }
    std::sort(out.begin(), out.end());
    return out;
}

qint64 InvoiceModel::createForOrder(qint64 orderId, CallContext &ctx)
{
    SaleLineModel &lines = m_db.orderLines();
    SaleOrderModel &orders = m_db.orders();
    double untaxed = 0.0, tax = 0.0;
    QList<std::pair<qint64, double>> invoiced;
    for (qint64 line : lines.linesOf(orderId)) {
        const double left = lines.quantity(line) - lines.invoiced(line);
        if (left <= 0.0)
            continue;
        untaxed += lines.subtotal(line, left);
        tax += lines.tax(line, left);
        invoiced.append({line, left});
    }
    if (invoiced.isEmpty())
        return 0;
    const QString day = formatDate(ctx.nowMs);
    const int year = day.left(4).toInt();
    const int number = ++m_numbers[year];
    auto field = [&](const char *name) {
        return orders.stored(orderId, orders.fieldIndex(QString::fromLatin1(name)));
    };
    const FieldValue ref = field("client_order_ref");
    QJsonObject vals{
        {QStringLiteral("name"), QStringLiteral("INV/%1/%2").arg(year).arg(number, 5, 10, QLatin1Char('0'))},
        {QStringLiteral("move_type"), QStringLiteral("out_invoice")},
        {QStringLiteral("state"), QStringLiteral("draft")},
        {QStringLiteral("payment_state"), QStringLiteral("not_paid")},
        {QStringLiteral("partner_id"), QJsonValue(field("partner_invoice_id").integer)},
        {QStringLiteral("invoice_origin"), QJsonValue(field("name").text)},
        {QStringLiteral("ref"),
         ref.kind == FieldValue::Kind::Text ? QJsonValue(ref.text) : QJsonValue(false)},
        {QStringLiteral("amount_untaxed"), floatRound(untaxed, 2)},
        {QStringLiteral("amount_tax"), floatRound(tax, 2)},
        {QStringLiteral("amount_total"), floatRound(untaxed + tax, 2)},
        {QStringLiteral("amount_residual"), floatRound(untaxed + tax, 2)},
        {QStringLiteral("date"), day},
        {QStringLiteral("currency_id"), 1},
        {QStringLiteral("journal_id"), 1},
        {QStringLiteral("company_id"), 1},
    };
    const qint64 id = create({vals}, ctx).first();
    m_orders[id].append(orderId);
    // Draft invoice lines already count as invoiced quantities on the order.
    for (const auto &[line, quantity] : invoiced)
        lines.addInvoiced(line, quantity);
    orders.recomputeAfterInvoice(orderId, ctx.nowMs);
    return id;
}

std::optional<RpcResult> InvoiceModel::call(const QString &method, const QJsonArray &args,
                                            const QJsonObject &, CallContext &ctx)
{
    if (method != QLatin1String("action_post"))
        return std::nullopt;
    const QList<qint64> ids = idsArgument(args);
    requireExisting(ids, ctx.uid);
    for (qint64 id : ids) {
        if (stored(id, IState).text == QLatin1String("posted"))
            throw errors::userError(QStringLiteral("The entry %1 (id %2) is already posted.")
                                        .arg(stored(id, IName).text)
                                        .arg(id));
    }
    for (qint64 id : ids) {
        setStored(id, IState, FieldValue::fromText(QStringLiteral("posted")));
        if (stored(id, IInvoiceDate).kind == FieldValue::Kind::False)
            setStored(id, IInvoiceDate, FieldValue::fromText(formatDate(ctx.nowMs)));
        touch(id, ctx.nowMs);
        m_db.partners().increaseCustomerRank(stored(id, IPartner).integer);
        recordEffect(EffectKind::State, id, effectKey(id),
                     QJsonObject{{QStringLiteral("state"), QStringLiteral("posted")},
                                 {QStringLiteral("name"), stored(id, IName).text}},
                     ctx);
    }
    // action_post returns False in Odoo 17 (fixture 48).
    RpcResult r = RpcResult::of("false", Operation::Write);
    r.records = int(ids.size());
    r.wrote = true;
    return r;
}

// ---------------------------------------------------------------------------------------------

namespace {

enum WizardField { WId, WMethod, WOrders, WAmount, WFixedAmount, WCreateDate, WWriteDate };

std::vector<FieldSpec> wizardFields()
{
    return {
        fieldSpec("id", FieldType::Integer, "ID", false, true),
        withSelection(fieldSpec("advance_payment_method", FieldType::Selection, "Create Invoice", true),
                      {{QStringLiteral("delivered"), QStringLiteral("Regular invoice")},
                       {QStringLiteral("percentage"), QStringLiteral("Down payment (percentage)")},
                       {QStringLiteral("fixed"), QStringLiteral("Down payment (fixed amount)")}}),
        relational("sale_order_ids", FieldType::Many2many, "Sales Order", "sale.order"),
        fieldSpec("amount", FieldType::Float, "Down Payment"),
        fieldSpec("fixed_amount", FieldType::Monetary, "Down Payment Amount (Fixed)"),
        fieldSpec("create_date", FieldType::Datetime, "Created on", false, true),
        fieldSpec("write_date", FieldType::Datetime, "Last Updated on", false, true),
    };
}

// The window action create_invoices returns for one invoice (fixture 46; view ids of that database).
QByteArray invoiceAction(qint64 invoiceId, qint64 partnerId, const QString &origin)
{
    JsonWriter w(JsonWriter::Style::Python);
    w.beginObject();
    w.key("id").value(254).key("name").value("Invoices").key("type").value("ir.actions.act_window");
    w.key("xml_id").value("account.action_move_out_invoice_type");
    w.key("help").value(
        "<p class=\"o_view_nocontent_smiling_face\">\n                Create a customer invoice\n"
        "              </p><p>\n                Create invoices, register payments and keep track of "
        "the discussions with your customers.\n              </p>\n            ");
    w.key("binding_model_id").value(false).key("binding_type").value("action");
    w.key("binding_view_types").value("list,form").key("display_name").value("Invoices");
    w.key("view_id").beginArray().value(674).value("account.out.invoice.tree").endArray();
    w.key("domain").value("[('move_type', '=', 'out_invoice')]");
    w.key("context").beginObject();
    w.key("default_move_type").value("out_invoice").key("default_partner_id").value(partnerId);
    w.key("default_partner_shipping_id").value(partnerId).key("default_invoice_payment_term_id").null();
    w.key("default_invoice_origin").value(QStringView(origin));
    w.endObject();
    w.key("res_id").value(invoiceId).key("res_model").value("account.move").key("target").value("current");
    w.key("view_mode").value("tree,kanban,form,activity").key("mobile_view_mode").value("kanban");
    w.key("views").beginArray();
    w.beginArray().value(681).value("form").endArray().beginArray().value(674).value("tree").endArray();
    w.beginArray()
        .value(false)
        .value("kanban")
        .endArray()
        .beginArray()
        .value(false)
        .value("activity")
        .endArray();
    w.endArray();
    w.key("limit").value(80).key("groups_id").beginArray().endArray();
    w.key("search_view_id").beginArray().value(684).value("account.invoice.select").endArray();
    w.key("filter").value(false);
    w.endObject();
    return w.take();
}

} // namespace

PaymentWizardModel::PaymentWizardModel(OdooDatabase &db)
    : RecordModel(db, QStringLiteral("sale.advance.payment.inv"),
                  QStringLiteral("Sales Advance Payment Invoice"), QStringLiteral("id"), wizardFields())
{
}

void PaymentWizardModel::prepareCreate(Record &r, const QJsonObject &, CallContext &ctx)
{
    if (r[WMethod].kind == FieldValue::Kind::False)
        r[WMethod] = FieldValue::fromText(QStringLiteral("delivered"));
    // default_get reads the orders from the context the form was opened with.
    if (r[WOrders].ids.isEmpty() &&
        ctx.context.value(QLatin1String("active_model")).toString() == QLatin1String("sale.order")) {
        QList<qint64> ids;
        for (const QJsonValue &v : ctx.context.value(QLatin1String("active_ids")).toArray())
            ids.append(saturatedInt64(v.toDouble()));
        r[WOrders] = FieldValue::fromIds(ids);
    }
}

std::optional<RpcResult> PaymentWizardModel::call(const QString &method, const QJsonArray &args,
                                                  const QJsonObject &, CallContext &ctx)
{
    if (method != QLatin1String("create_invoices"))
        return std::nullopt;
    const QList<qint64> ids = idsArgument(args);
    requireExisting(ids, ctx.uid);
    QList<qint64> invoices;
    qint64 partner = 0;
    QString origin;
    for (qint64 id : ids) {
        if (stored(id, WMethod).text != QLatin1String("delivered"))
            throw errors::userError(
                QStringLiteral("syncsmart-sim emulates regular invoices only "
                               "(advance_payment_method 'delivered'), not down payments."));
        for (qint64 order : stored(id, WOrders).ids) {
            const SaleOrderModel &orders = m_db.orders();
            if (!orders.exists(order) || orders.state(order) != QLatin1String("sale"))
                continue;
            if (const qint64 invoice = m_db.invoices().createForOrder(order, ctx)) {
                invoices.append(invoice);
                partner = orders.stored(order, orders.fieldIndex(u"partner_invoice_id")).integer;
                origin = orders.displayName(order);
            }
        }
    }
    if (invoices.isEmpty())
        throw errors::userError(
            QStringLiteral("There is no invoiceable line. If a product has a Delivered quantities "
                           "invoicing policy, please make sure that a quantity has been delivered."));
    RpcResult r = RpcResult::of(invoiceAction(invoices.first(), partner, origin), Operation::Create);
    r.records = int(invoices.size());
    r.wrote = true;
    return r;
}

} // namespace syncsmart::sim::odoo
