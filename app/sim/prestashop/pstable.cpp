#include "pstable.h"

namespace syncsmart::sim::ps {

std::optional<qint64> PsTable::wallDate(qint64 id, int field) const
{
    const PsValue v = value(id, field);
    return ShopTime::parseWall(v.text);
}

void PsTable::unsortedOrder(std::vector<qint64> &ids) const
{
    ids.clear();
    const qint64 last = maxId();
    ids.reserve(size_t(liveCount()));
    for (qint64 id = 1; id <= last; ++id) {
        if (exists(id))
            ids.push_back(id);
    }
}

PsObject loadObject(const PsTable &table, qint64 id)
{
    const ResourceDef &def = table.def();
    PsObject object;
    object.id = id;
    object.values.reserve(size_t(def.fields.size()));
    for (int f = 0; f < def.fields.size(); ++f)
        object.values.push_back(table.value(id, f));
    for (int a = 0; a < def.associations.size(); ++a)
        object.assocs.push_back(table.association(id, a));
    object.assocSet.assign(size_t(def.associations.size()), false);
    return object;
}

PsValue normalizeStored(const FieldDef &field, const PsValue &value)
{
    using Kind = PsValue::Kind;
    if (field.has(Virtual))
        return PsValue::null();
    switch (field.kind) {
    case FieldKind::I18n: {
        if (value.kind == Kind::Langs) {
            PsValue out = PsValue::langs(value.hasLang(1) ? value.text : QString(),
                                         value.hasLang(2) ? value.text2 : QString());
            return out;
        }
        const QString text = value.toText();
        return PsValue::langs(text, text);
    }
    case FieldKind::Int:
        if (value.kind == Kind::Null)
            return field.has(Nullable) ? PsValue::null() : PsValue::integer(0);
        if (value.kind == Kind::Int)
            return value;
        if (field.has(Nullable) && value.text.isEmpty())
            return PsValue::null();
        return PsValue::integer(phpInt(value.text));
    case FieldKind::Bool:
        if (value.kind == Kind::Int)
            return PsValue::string(value.number ? QStringLiteral("1") : QStringLiteral("0"));
        return PsValue::string(phpInt(value.toText()) != 0 ? QStringLiteral("1") : QStringLiteral("0"));
    case FieldKind::Float: {
        if (value.kind == Kind::Int)
            return PsValue::string(formatMicro(value.number * 1000000, field.decimals));
        return PsValue::string(formatMicro(parseMicro(value.toText()).value_or(0), field.decimals));
    }
    case FieldKind::String:
        if (value.kind == Kind::Null)
            return field.has(Nullable) ? PsValue::null() : PsValue::string(QString());
        return PsValue::string(value.toText());
    case FieldKind::Date: {
        const QString text = value.toText();
        if (const auto wall = ShopTime::parseWall(text))
            return PsValue::string(ShopTime::formatWallDate(*wall));
        return PsValue::string(text.isEmpty() ? QStringLiteral("0000-00-00") : text);
    }
    case FieldKind::DateTime: {
        const QString text = value.toText();
        if (const auto wall = ShopTime::parseWall(text))
            return PsValue::string(ShopTime::formatWall(*wall));
        return PsValue::string(text.isEmpty() ? QStringLiteral("0000-00-00 00:00:00") : text);
    }
    }
    return value;
}

PsObject blankStored(const ResourceDef &def)
{
    PsObject object;
    for (const FieldDef &field : def.fields)
        object.values.push_back(normalizeStored(field, PsValue::null()));
    object.assocs.resize(size_t(def.associations.size()));
    object.assocSet.assign(size_t(def.associations.size()), false);
    return object;
}

} // namespace syncsmart::sim::ps
