// product.product create / write / unlink, with the checks the real ORM makes in the same order:
// unknown field, selection value, NOT NULL name, then the barcode uniqueness constraint.

#include "odooproducts.h"

#include "odoodatabase.h"

namespace syncsmart::sim::odoo {

namespace {

// PostgreSQL's text form of a timestamp, as it appears in constraint error details.
QString pgTimestamp(qint64 ms)
{
    QString fraction = QString::number((ms % 1000) * 1000).rightJustified(6, QLatin1Char('0'));
    while (fraction.endsWith(QLatin1Char('0')))
        fraction.chop(1);
    return formatDatetime(ms) + (fraction.isEmpty() ? QString() : QLatin1Char('.') + fraction);
}

} // namespace

QString ProductModel::templateRow(qint64 templateId, const QJsonObject &vals, qint64 ms) const
{
    // The product_template row PostgreSQL shows when its NOT NULL name is missing (fixture 51).
    const QString type = vals.value(QLatin1String("detailed_type")).toString(QStringLiteral("consu"));
    const double price = vals.contains(QLatin1String("list_price"))
                             ? floatValue(vals.value(QLatin1String("list_price")))
                             : 1.0;
    auto flag = [&](const char *name) {
        return vals.value(QLatin1String(name)).toBool(true) ? QStringLiteral("t") : QStringLiteral("f");
    };
    const QString ts = pgTimestamp(ms);
    return QStringLiteral("%1, 1, 1, 1, 1, null, null, 2, 2, %2, %2, null, 0, null, null, null, null, null, "
                          "%3, null, null, "
                          "%4, %5, %6, null, null, %7, %7, 0, none, null, null, null, manual, no-message, "
                          "no, order, null")
        .arg(QString::number(templateId), type, QString::number(price, 'f', 2), flag("sale_ok"),
             flag("purchase_ok"), flag("active"), ts);
}

void ProductModel::applyValue(qint64 id, int field, const QJsonValue &value)
{
    Row *r = row(id);
    const auto index = quint32(id - 1);
    switch (Field(field)) {
    case FDefaultCode: {
        const QString next = charValue(value);
        m_byCode.remove(index, text(r->defaultCode));
        r->defaultCode = m_arena.add(next);
        m_byCode.insert(index, next);
        return;
    }
    case FBarcode: {
        const QString next = charValue(value);
        m_byBarcode.remove(index, text(r->barcode));
        r->barcode = m_arena.add(next);
        m_byBarcode.insert(index, next);
        return;
    }
    case FName:
        r->name = m_arena.add(charValue(value));
        return;
    case FActive:
        r->active = truthy(value);
        return;
    case FStandardPrice:
        r->standardPrice = floatRound(floatValue(value), 2);
        return;
    case FWeight:
        r->weight = floatRound(floatValue(value), 3);
        return;
    case FListPrice:
    case FLstPrice:
        r->listPrice = floatRound(floatValue(value), 2);
        return;
    case FDetailedType:
    case FType: {
        const QString v = selectionValue(field, value);
        const QList<SelectionOption> options = this->field(field).selection;
        for (int i = 0; i < options.size(); ++i) {
            if (options[i].value == v)
                r->type = quint8(i);
        }
        return;
    }
    case FTaxes:
        for (const X2ManyCommand &c : parseCommands(value)) {
            if (c.code == 6)
                r->taxed = c.ids.contains(1);
            else if (c.code == 5 || (c.code == 3 && c.id == 1))
                r->taxed = false;
            else if (c.code == 4 && c.id == 1)
                r->taxed = true;
        }
        return;
    case FSaleOk:
        r->saleOk = truthy(value);
        return;
    case FPurchaseOk:
        r->purchaseOk = truthy(value);
        return;
    case FDescriptionSale:
        r->descriptionSale = m_arena.add(charValue(value));
        r->descriptionWritten = true;
        return;
    default:
        // Readonly and computed fields without an inverse: the ORM drops the value.
        return;
    }
}

void ProductModel::checkBarcodes(const QList<qint64> &ids, CallPath) const
{
    // _check_barcode_uniqueness: among active products, one barcode belongs to one product.
    for (qint64 id : ids) {
        const Row *r = row(id);
        const QString barcode = text(r->barcode);
        if (barcode.isEmpty() || !r->active)
            continue;
        QList<qint64> holders;
        for (quint32 other : m_byBarcode.find(barcode)) {
            const Row &o = m_rows[other];
            if (o.alive && o.active)
                holders.append(qint64(other) + 1);
        }
        if (holders.size() > 1) {
            QStringList names;
            for (qint64 holder : sortedByDefaultOrder(holders))
                names << displayName(holder);
            throw errors::duplicateBarcode(barcode, names);
        }
    }
}

QList<qint64> ProductModel::create(const QList<QJsonObject> &valsList, CallContext &ctx)
{
    for (const QJsonObject &vals : valsList) {
        for (auto it = vals.begin(); it != vals.end(); ++it) {
            const int field = valuesField(it.key());
            if (this->field(field).type == FieldType::Selection)
                selectionValue(field, it.value());
            else if (this->field(field).type == FieldType::Float)
                floatValue(it.value());
        }
    }
    for (const QJsonObject &vals : valsList) {
        if (charValue(vals.value(QLatin1String("name"))).isNull()) {
            // The template INSERT fails; its sequence value is spent all the same.
            const qint64 templateId = m_nextTemplateId++;
            throw errors::mandatoryField(QStringLiteral("Product"), QStringLiteral("product.template"),
                                         QStringLiteral("Name"), QStringLiteral("name"),
                                         templateRow(templateId, vals, ctx.nowMs));
        }
    }
    QList<qint64> ids;
    for (const QJsonObject &vals : valsList) {
        Row r;
        r.createMs = ctx.nowMs;
        r.writeMs = ctx.nowMs;
        r.templateId = qint32(m_nextTemplateId++);
        const qint64 id = appendRow(r);
        for (auto it = vals.begin(); it != vals.end(); ++it)
            applyValue(id, fieldIndex(it.key()), it.value());
        ids.append(id);
    }
    try {
        checkBarcodes(ids, CallPath::Create);
    } catch (...) {
        // The transaction rolls back; the ids stay spent like PostgreSQL sequences.
        for (qint64 id : ids) {
            Row *r = row(id);
            const auto index = quint32(id - 1);
            m_byCode.remove(index, text(r->defaultCode));
            m_byBarcode.remove(index, text(r->barcode));
            m_byWriteDate.erase({r->writeMs, id});
            r->alive = false;
            --m_alive;
        }
        throw;
    }
    for (int i = 0; i < ids.size(); ++i)
        recordEffect(EffectKind::Create, ids[i], defaultCode(ids[i]), valsList[i], ctx);
    return ids;
}

void ProductModel::write(const QList<qint64> &ids, const QJsonObject &vals, CallContext &ctx)
{
    requireExisting(ids, ctx.uid);
    for (auto it = vals.begin(); it != vals.end(); ++it) {
        const int field = valuesField(it.key());
        if (this->field(field).type == FieldType::Selection)
            selectionValue(field, it.value());
        else if (this->field(field).type == FieldType::Float)
            floatValue(it.value());
    }
    if (vals.contains(QLatin1String("name")) && charValue(vals.value(QLatin1String("name"))).isNull()) {
        throw errors::mandatoryField(QStringLiteral("Product"), QStringLiteral("product.template"),
                                     QStringLiteral("Name"), QStringLiteral("name"),
                                     templateRow(row(ids.first())->templateId, vals, ctx.nowMs));
    }
    if (vals.contains(QLatin1String("barcode"))) {
        // Checked before writing so a refused write leaves the records untouched.
        const QString barcode = charValue(vals.value(QLatin1String("barcode")));
        if (!barcode.isEmpty()) {
            QList<qint64> holders;
            for (quint32 other : m_byBarcode.find(barcode)) {
                const Row &o = m_rows[other];
                if (o.alive && o.active && !ids.contains(qint64(other) + 1))
                    holders.append(qint64(other) + 1);
            }
            for (qint64 id : ids) {
                const bool active = vals.contains(QLatin1String("active"))
                                        ? truthy(vals.value(QLatin1String("active")))
                                        : row(id)->active;
                if (active)
                    holders.append(id);
            }
            if (holders.size() > 1) {
                QStringList names;
                for (qint64 holder : sortedByDefaultOrder(holders))
                    names << displayName(holder);
                throw errors::duplicateBarcode(barcode, names);
            }
        }
    }
    for (qint64 id : ids) {
        for (auto it = vals.begin(); it != vals.end(); ++it)
            applyValue(id, fieldIndex(it.key()), it.value());
        setWriteMs(id, ctx.nowMs);
        recordEffect(EffectKind::Update, id, defaultCode(id), vals, ctx);
    }
}

void ProductModel::unlink(const QList<qint64> &ids, CallContext &ctx)
{
    requireExisting(ids, ctx.uid);
    for (qint64 id : ids) {
        // Quants, stock moves and order lines point at the product with ON DELETE RESTRICT.
        QString model, label;
        if (row(id)->quantId > 0) {
            model = QStringLiteral("stock.quant");
            label = QStringLiteral("Quants");
        } else if (m_db.stock().hasMoves(id)) {
            model = QStringLiteral("stock.move.line");
            label = QStringLiteral("Product Moves (Stock Move Line)");
        } else if (m_db.orderLines().hasLinesFor(id)) {
            model = QStringLiteral("sale.order.line");
            label = QStringLiteral("Sales Order Line");
        }
        if (!model.isEmpty()) {
            throw errors::validationError(
                QStringLiteral(
                    "The operation cannot be completed: another model requires the record being deleted. "
                    "If possible, archive it instead.\n\nModel: %1 (%2)\nConstraint: %3_product_id_fkey\n")
                    .arg(label, model, QString(model).replace(QLatin1Char('.'), QLatin1Char('_'))),
                CallPath::Multi);
        }
    }
    for (qint64 id : ids) {
        Row *r = row(id);
        const QString code = text(r->defaultCode);
        const auto index = quint32(id - 1);
        m_byCode.remove(index, code);
        m_byBarcode.remove(index, text(r->barcode));
        m_byWriteDate.erase({r->writeMs, id});
        r->alive = false;
        --m_alive;
        recordEffect(EffectKind::Delete, id, code, {}, ctx);
    }
}

} // namespace syncsmart::sim::odoo
