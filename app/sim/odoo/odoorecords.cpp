#include "odoorecords.h"

#include "odoodatabase.h"

namespace syncsmart::sim::odoo {

QString referenceName(const QString &model, qint64 id)
{
    // The few records of a fresh database (generic chart of accounts, USD) that the emulated models
    // point at (fixtures 17, 25, 39).
    static const QHash<QString, QHash<qint64, QString>> names{
        {QStringLiteral("res.currency"), {{1, QStringLiteral("USD")}}},
        {QStringLiteral("res.company"), {{1, QStringLiteral("My Company")}}},
        {QStringLiteral("res.users"), {{2, QStringLiteral("Administrator")}}},
        {QStringLiteral("uom.uom"), {{1, QStringLiteral("Units")}}},
        {QStringLiteral("product.category"), {{1, QStringLiteral("All")}}},
        {QStringLiteral("account.tax"), {{1, QStringLiteral("15%")}}},
        {QStringLiteral("account.journal"), {{1, QStringLiteral("Customer Invoices")}}},
    };
    return names.value(model).value(id);
}

RecordModel::RecordModel(OdooDatabase &db, QString name, QString label, QString defaultOrder,
                         std::vector<FieldSpec> fields, qint64 firstId)
    : OdooModel(db, std::move(name), std::move(label), std::move(defaultOrder), std::move(fields))
    , m_nextId(firstId)
{
    m_createDate = fieldIndex(u"create_date");
    m_writeDate = fieldIndex(u"write_date");
}

void RecordModel::forEachId(const std::function<bool(qint64)> &visit) const
{
    for (const auto &[id, record] : m_records) {
        Q_UNUSED(record)
        if (!visit(id))
            return;
    }
}

FieldValue RecordModel::stored(qint64 id, int field) const
{
    const auto it = m_records.find(id);
    if (it == m_records.end() || size_t(field) >= it->second.size())
        return {};
    return it->second[size_t(field)];
}

FieldValue RecordModel::value(qint64 id, int field, bool withNames) const
{
    if (!exists(id))
        return {};
    const FieldSpec &spec = this->field(field);
    if (field == 0)
        return FieldValue::fromInt(id);
    if (!spec.stored || spec.type == FieldType::One2many) // one2many: the inverse many2one holds the data
        return computed(id, field, withNames);
    FieldValue v = stored(id, field);
    if (withNames && v.kind == FieldValue::Kind::Many2one) {
        const OdooModel *target = m_db.model(spec.relation);
        v.text = target ? target->displayName(v.integer) : referenceName(spec.relation, v.integer);
    }
    return v;
}

int RecordModel::displayField() const
{
    return fieldIndex(u"name");
}

QString RecordModel::displayName(qint64 id) const
{
    const int f = displayField();
    return f < 0 ? QString() : stored(id, f).text;
}

FieldValue RecordModel::computed(qint64, int, bool) const
{
    return {};
}

QString RecordModel::effectKey(qint64) const
{
    return {};
}

void RecordModel::prepareCreate(Record &, const QJsonObject &, CallContext &) {}
void RecordModel::afterCreate(qint64, const QJsonObject &, CallContext &) {}
void RecordModel::beforeWrite(const QList<qint64> &, const QJsonObject &, CallContext &) {}
void RecordModel::beforeUnlink(const QList<qint64> &, CallContext &) {}
void RecordModel::onChanged(qint64, int, const FieldValue &, const FieldValue &) {}
bool RecordModel::applyRelational(qint64, int, const QJsonValue &, CallContext &)
{
    return false;
}

FieldValue RecordModel::convert(int field, const QJsonValue &value, const CallContext &ctx) const
{
    const FieldSpec &spec = this->field(field);
    const bool falsy = value.isNull() || value.isUndefined() || (value.isBool() && !value.toBool());
    switch (spec.type) {
    case FieldType::Char:
    case FieldType::Text:
        return FieldValue::fromOptionalText(charValue(value));
    case FieldType::Selection:
        return FieldValue::fromOptionalText(selectionValue(field, value));
    case FieldType::Integer:
        return FieldValue::fromInt(qint64(floatValue(value)));
    case FieldType::Float:
    case FieldType::Monetary:
        return FieldValue::fromFloat(floatRound(floatValue(value), spec.digits));
    case FieldType::Boolean:
        return FieldValue::fromBool(truthy(value));
    case FieldType::Date:
        if (falsy)
            return {};
        if (qint64 ms = 0; !value.isString() || !parseDatetime(value.toString().left(10), &ms))
            throw errors::valueError(
                QStringLiteral("time data %1 does not match format '%Y-%m-%d'").arg(pythonRepr(value)),
                CallPath::Multi);
        return FieldValue::fromText(value.toString().left(10));
    case FieldType::Datetime: {
        if (falsy)
            return {};
        qint64 ms = 0;
        if (!value.isString() || !parseDatetime(value.toString(), &ms))
            throw errors::valueError(QStringLiteral("time data %1 does not match format '%Y-%m-%d %H:%M:%S'")
                                         .arg(pythonRepr(value)),
                                     CallPath::Multi);
        return FieldValue::fromDatetime(ms);
    }
    case FieldType::Many2one: {
        const qint64 id = idValue(value);
        if (id <= 0)
            return {};
        // Reading the target (computes, display names) fails before PostgreSQL's foreign key would.
        const OdooModel *target = m_db.model(spec.relation);
        if (target && !target->exists(id))
            throw errors::missingRecords(spec.relation, {id}, ctx.uid);
        return FieldValue::fromMany2one(id);
    }
    case FieldType::Many2many: {
        QList<qint64> ids;
        for (const X2ManyCommand &c : parseCommands(value)) {
            if (c.code == 6)
                ids = c.ids;
            else if (c.code == 4 && !ids.contains(c.id))
                ids.append(c.id);
            else if (c.code == 3)
                ids.removeAll(c.id);
            else if (c.code == 5)
                ids.clear();
        }
        return FieldValue::fromIds(ids);
    }
    case FieldType::One2many:
        return {};
    }
    return {};
}

QString RecordModel::failingRow(qint64 id, const Record &r, qint64 ms) const
{
    // PostgreSQL's DETAIL of a NOT NULL violation: the stored columns of the row.
    QStringList values{QString::number(id)};
    for (size_t f = 1; f < r.size(); ++f) {
        const FieldSpec &spec = fields()[f];
        if (!spec.stored || spec.type == FieldType::One2many || spec.type == FieldType::Many2many)
            continue;
        const FieldValue &v =
            int(f) == m_createDate || int(f) == m_writeDate ? FieldValue::fromDatetime(ms) : r[f];
        switch (v.kind) {
        case FieldValue::Kind::False:
            values << QStringLiteral("null");
            break;
        case FieldValue::Kind::Bool:
            values << (v.boolean ? QStringLiteral("t") : QStringLiteral("f"));
            break;
        case FieldValue::Kind::Int:
        case FieldValue::Kind::Many2one:
            values << QString::number(v.integer);
            break;
        case FieldValue::Kind::Float:
            values << QString::number(v.number, 'f', spec.digits < 0 ? 2 : spec.digits);
            break;
        case FieldValue::Kind::Datetime:
            values << formatDatetime(v.integer);
            break;
        default:
            values << v.text;
        }
    }
    return values.join(QLatin1String(", "));
}

bool RecordModel::isWritable(int f) const
{
    // readonly is a hint for forms; over RPC every stored field but the magic ones can be written.
    const FieldSpec &spec = field(f);
    return spec.stored && spec.type != FieldType::One2many && f != 0 && f != m_createDate && f != m_writeDate;
}

void RecordModel::setStored(qint64 id, int field, FieldValue value)
{
    Record &r = m_records.at(id);
    FieldValue before = r[size_t(field)];
    r[size_t(field)] = value;
    onChanged(id, field, before, r[size_t(field)]);
}

void RecordModel::touch(qint64 id, qint64 ms)
{
    if (m_writeDate >= 0)
        m_records.at(id)[size_t(m_writeDate)] = FieldValue::fromDatetime(ms);
}

QList<qint64> RecordModel::create(const QList<QJsonObject> &valsList, CallContext &ctx)
{
    std::vector<Record> prepared;
    for (const QJsonObject &vals : valsList) {
        Record r(fields().size());
        for (auto it = vals.begin(); it != vals.end(); ++it) {
            const int f = valuesField(it.key());
            if (isWritable(f))
                r[size_t(f)] = convert(f, it.value(), ctx);
        }
        prepareCreate(r, vals, ctx);
        for (size_t f = 1; f < r.size(); ++f) {
            const FieldSpec &spec = fields()[f];
            if (spec.required && spec.stored && spec.type != FieldType::One2many &&
                r[f].kind == FieldValue::Kind::False && spec.type != FieldType::Boolean) {
                throw errors::mandatoryField(label(), name(), spec.label, spec.name,
                                             failingRow(m_nextId, r, ctx.nowMs));
            }
        }
        prepared.push_back(std::move(r));
    }
    QList<qint64> ids;
    for (size_t i = 0; i < prepared.size(); ++i) {
        const qint64 id = m_nextId++;
        Record &r = prepared[i];
        if (m_createDate >= 0)
            r[size_t(m_createDate)] = FieldValue::fromDatetime(ctx.nowMs);
        if (m_writeDate >= 0)
            r[size_t(m_writeDate)] = FieldValue::fromDatetime(ctx.nowMs);
        m_records.emplace(id, Record(r.size()));
        for (size_t f = 0; f < r.size(); ++f)
            setStored(id, int(f), r[f]);
        const QJsonObject &vals = valsList[int(i)];
        for (auto it = vals.begin(); it != vals.end(); ++it) {
            const int f = fieldIndex(it.key());
            if (field(f).type == FieldType::One2many)
                applyRelational(id, f, it.value(), ctx);
        }
        afterCreate(id, vals, ctx);
        recordEffect(EffectKind::Create, id, effectKey(id), vals, ctx);
        ids.append(id);
    }
    return ids;
}

void RecordModel::write(const QList<qint64> &ids, const QJsonObject &vals, CallContext &ctx)
{
    requireExisting(ids, ctx.uid);
    QHash<int, FieldValue> converted;
    for (auto it = vals.begin(); it != vals.end(); ++it) {
        const int f = valuesField(it.key());
        const FieldSpec &spec = field(f);
        if (isWritable(f)) {
            converted.insert(f, convert(f, it.value(), ctx));
            if (spec.required && converted.value(f).kind == FieldValue::Kind::False &&
                spec.type != FieldType::Boolean)
                throw errors::mandatoryField(label(), name(), spec.label, spec.name,
                                             failingRow(ids.first(), m_records.at(ids.first()), ctx.nowMs));
        }
    }
    beforeWrite(ids, vals, ctx);
    for (qint64 id : ids) {
        for (auto it = converted.begin(); it != converted.end(); ++it)
            setStored(id, it.key(), it.value());
        for (auto it = vals.begin(); it != vals.end(); ++it) {
            const int f = fieldIndex(it.key());
            if (field(f).type == FieldType::One2many)
                applyRelational(id, f, it.value(), ctx);
        }
        touch(id, ctx.nowMs);
        recordEffect(EffectKind::Update, id, effectKey(id), vals, ctx);
    }
}

void RecordModel::unlink(const QList<qint64> &ids, CallContext &ctx)
{
    requireExisting(ids, ctx.uid);
    beforeUnlink(ids, ctx);
    for (qint64 id : ids) {
        const QString key = effectKey(id);
        const Record before = m_records.at(id);
        for (size_t f = 0; f < before.size(); ++f)
            onChanged(id, int(f), before[f], {});
        m_records.erase(id);
        recordEffect(EffectKind::Delete, id, key, {}, ctx);
    }
}

} // namespace syncsmart::sim::odoo
