#include "odoomodel.h"

#include "odoodatabase.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace syncsmart::sim::odoo {

FieldSpec fieldSpec(const char *name, FieldType type, const char *label, bool required, bool readonly)
{
    FieldSpec f;
    f.name = QString::fromLatin1(name);
    f.type = type;
    f.label = QString::fromUtf8(label);
    f.required = required;
    f.readonly = readonly;
    return f;
}

FieldSpec relational(const char *name, FieldType type, const char *label, const char *relation, bool required,
                     bool readonly)
{
    FieldSpec f = fieldSpec(name, type, label, required, readonly);
    f.relation = QString::fromLatin1(relation);
    return f;
}

FieldSpec computed(FieldSpec spec)
{
    spec.readonly = true;
    spec.stored = false;
    return spec;
}

FieldSpec withDigits(FieldSpec spec, int digits)
{
    spec.digits = digits;
    return spec;
}

FieldSpec withSelection(FieldSpec spec, QList<SelectionOption> options)
{
    spec.selection = std::move(options);
    return spec;
}

FieldSpec domainPath(const char *path, FieldType type)
{
    FieldSpec f = fieldSpec(path, type, "", false, true);
    f.domainOnly = true;
    f.stored = false;
    return f;
}

QList<X2ManyCommand> parseCommands(const QJsonValue &value)
{
    QList<X2ManyCommand> out;
    for (const QJsonValue &item : value.toArray()) {
        const QJsonArray command = item.toArray();
        if (!item.isArray() || command.isEmpty()) {
            // A bare list of ids means "set" for many2many fields.
            if (item.isDouble()) {
                if (out.isEmpty() || out.last().code != 6)
                    out.append({6, 0, {}, {}});
                out.last().ids.append(saturatedInt64(item.toDouble()));
            }
            continue;
        }
        X2ManyCommand c;
        c.code = command.at(0).toInt();
        c.id = saturatedInt64(command.at(1).toDouble());
        if (c.code == 6) {
            for (const QJsonValue &id : command.at(2).toArray())
                c.ids.append(saturatedInt64(id.toDouble()));
        } else {
            c.values = command.at(2).toObject();
        }
        out.append(c);
    }
    return out;
}

OdooModel::OdooModel(OdooDatabase &db, QString name, QString label, QString defaultOrder,
                     std::vector<FieldSpec> fields)
    : m_db(db)
    , m_name(std::move(name))
    , m_label(std::move(label))
    , m_defaultOrder(std::move(defaultOrder))
    , m_fields(std::move(fields))
{
    for (size_t i = 0; i < m_fields.size(); ++i) {
        m_index.insert(m_fields[i].name, int(i));
        if (m_fields[i].name == QLatin1String("active"))
            m_activeField = int(i);
    }
}

int OdooModel::fieldIndex(QStringView name, bool forDomain) const
{
    const int i = m_index.value(name.toString(), -1);
    if (i < 0 || (m_fields[size_t(i)].domainOnly && !forDomain))
        return -1;
    return i;
}

QList<qint64> OdooModel::search(const Domain &domain, const SearchSpec &spec) const
{
    if (auto fast = orderedSearch(domain, spec))
        return *fast;
    std::vector<qint64> matched;
    const bool idOrder = spec.order.isIdAscending();
    // offset and limit come from the client and may each be near INT64_MAX: add without overflowing.
    const auto upTo = [&spec](qint64 from) {
        return from > std::numeric_limits<qint64>::max() - *spec.limit ? std::numeric_limits<qint64>::max()
                                                                       : from + *spec.limit;
    };
    const qint64 wanted = spec.limit ? upTo(spec.offset) : -1;
    auto visit = [&](qint64 id) {
        if (domain.matches(*this, id))
            matched.push_back(id);
        // Scanning ids in ascending order answers "id asc" pages without reading everything.
        return !(idOrder && wanted >= 0 && qint64(matched.size()) >= wanted);
    };
    if (auto ids = candidates(domain)) {
        std::sort(ids->begin(), ids->end());
        ids->erase(std::unique(ids->begin(), ids->end()), ids->end());
        for (qint64 id : *ids) {
            if (exists(id) && !visit(id))
                break;
        }
    } else {
        forEachId(visit);
    }
    if (!idOrder && !spec.order.terms.empty()) {
        const auto &terms = spec.order.terms;
        std::stable_sort(matched.begin(), matched.end(), [&](qint64 a, qint64 b) {
            for (const OrderTerm &t : terms) {
                const FieldValue va = value(a, t.field, false);
                const FieldValue vb = value(b, t.field, false);
                const bool na = va.kind == FieldValue::Kind::False, nb = vb.kind == FieldValue::Kind::False;
                if (na || nb) {
                    if (na && nb)
                        continue;
                    return na ? t.nullsFirst : !t.nullsFirst;
                }
                int c = compareValues(va, vb);
                if (t.descending)
                    c = -c;
                if (c != 0)
                    return c < 0;
            }
            return a < b;
        });
    }
    QList<qint64> out;
    const qint64 begin = std::min<qint64>(spec.offset, qint64(matched.size()));
    const qint64 end =
        spec.limit ? std::min<qint64>(upTo(begin), qint64(matched.size())) : qint64(matched.size());
    out.reserve(end - begin);
    for (qint64 i = begin; i < end; ++i)
        out.append(matched[size_t(i)]);
    return out;
}

qint64 OdooModel::searchCount(const Domain &domain) const
{
    SearchSpec spec;
    spec.order.terms.push_back({0, false, false});
    return search(domain, spec).size();
}

// The reference models around stock (locations, move lines, pickings) are read-only here; say so
// instead of pretending the method does not exist.
static OdooError readOnly(const QString &model, const char *method)
{
    return errors::userError(QStringLiteral("syncsmart-sim: %1.%2 is not emulated (read-only model)")
                                 .arg(model, QString::fromLatin1(method)));
}

QList<qint64> OdooModel::create(const QList<QJsonObject> &, CallContext &)
{
    throw readOnly(m_name, "create");
}

void OdooModel::write(const QList<qint64> &, const QJsonObject &, CallContext &)
{
    throw readOnly(m_name, "write");
}

void OdooModel::unlink(const QList<qint64> &, CallContext &)
{
    throw readOnly(m_name, "unlink");
}

std::optional<RpcResult> OdooModel::call(const QString &, const QJsonArray &, const QJsonObject &,
                                         CallContext &)
{
    return std::nullopt;
}

QString OdooModel::accessOperation(const QString &method) const
{
    if (method == QLatin1String("create"))
        return QStringLiteral("create");
    if (method == QLatin1String("unlink"))
        return QStringLiteral("unlink");
    if (method == QLatin1String("write") || method.startsWith(QLatin1String("action_")))
        return QStringLiteral("write");
    return QStringLiteral("read");
}

QList<qint64> OdooModel::missingIds(const QList<qint64> &ids) const
{
    QList<qint64> out;
    for (qint64 id : ids) {
        if (!exists(id))
            out.append(id);
    }
    return out;
}

void OdooModel::requireExisting(const QList<qint64> &ids, int uid) const
{
    const QList<qint64> missing = missingIds(ids);
    if (!missing.isEmpty())
        throw errors::missingRecords(m_name, missing, uid);
}

int OdooModel::valuesField(const QString &name) const
{
    const int i = fieldIndex(name);
    if (i < 0)
        throw errors::invalidFieldInValues(m_name, name);
    return i;
}

QString OdooModel::selectionValue(int field, const QJsonValue &value) const
{
    const FieldSpec &f = m_fields[size_t(field)];
    if (value.isNull() || (value.isBool() && !value.toBool()))
        return {};
    for (const SelectionOption &o : f.selection) {
        if (value.isString() && o.value == value.toString())
            return o.value;
    }
    throw errors::wrongSelection(m_name, f.name, value);
}

double OdooModel::floatValue(const QJsonValue &value)
{
    // fields.Float.convert_to_cache: float(value or 0.0)
    if (value.isDouble())
        return value.toDouble();
    if (value.isBool())
        return value.toBool() ? 1.0 : 0.0;
    if (value.isNull() || value.isUndefined())
        return 0.0;
    bool ok = false;
    const double d = value.toString().trimmed().toDouble(&ok);
    if (!ok)
        throw errors::valueError(
            QStringLiteral("could not convert string to float: %1").arg(pythonRepr(value)), CallPath::Multi);
    return d;
}

QString OdooModel::charValue(const QJsonValue &value)
{
    if (value.isNull() || value.isUndefined() || (value.isBool() && !value.toBool()))
        return {};
    if (value.isString())
        return value.toString();
    return pythonRepr(value); // Char.convert_to_cache: str(value)
}

qint64 OdooModel::idValue(const QJsonValue &value)
{
    if (value.isDouble())
        return saturatedInt64(value.toDouble());
    if (value.isArray()) // [id, "name"] as read() returns it
        return saturatedInt64(value.toArray().at(0).toDouble());
    return 0;
}

QJsonObject OdooModel::effectValues(const QJsonObject &vals) const
{
    QJsonObject out;
    for (auto it = vals.begin(); it != vals.end(); ++it) {
        const QJsonValue v = it.value();
        if (v.isString() && v.toString().size() > 200)
            out.insert(it.key(), QStringLiteral("<%1 chars>").arg(v.toString().size()));
        else if (v.isArray() || v.isObject())
            out.insert(it.key(), QStringLiteral("<relational>"));
        else
            out.insert(it.key(), v);
    }
    return out;
}

void OdooModel::recordEffect(EffectKind kind, qint64 id, const QString &key, const QJsonObject &vals,
                             const CallContext &ctx) const
{
    Effect e;
    e.peer = QStringLiteral("odoo");
    e.source = ctx.source;
    e.kind = kind;
    e.resource = m_name;
    e.recordId = id;
    e.key = key;
    e.fields = vals.keys();
    e.values = effectValues(vals);
    m_db.effects().record(std::move(e));
}

} // namespace syncsmart::sim::odoo
