#include "fieldpolicy.h"

#include "connectors/catalogtypes.h"

namespace syncsmart {

QString toString(Side side)
{
    return side == Side::Shop ? QStringLiteral("shop") : QStringLiteral("erp");
}

std::optional<Side> sideFromString(const QString &text)
{
    if (text == QLatin1String("shop"))
        return Side::Shop;
    if (text == QLatin1String("erp"))
        return Side::Erp;
    return std::nullopt;
}

QString toString(FieldRule rule)
{
    switch (rule) {
    case FieldRule::Erp: return QStringLiteral("erp");
    case FieldRule::Shop: return QStringLiteral("shop");
    case FieldRule::Newest: return QStringLiteral("newest");
    case FieldRule::Manual: return QStringLiteral("manual");
    }
    return {};
}

std::optional<FieldRule> fieldRuleFromString(const QString &text)
{
    for (FieldRule r : {FieldRule::Erp, FieldRule::Shop, FieldRule::Newest, FieldRule::Manual}) {
        if (toString(r) == text)
            return r;
    }
    return std::nullopt;
}

FieldPolicy FieldPolicy::defaults()
{
    FieldPolicy p;
    for (const QString &f : {field::Price, field::Cost, field::Ean13, field::Weight})
        p.setRule(f, FieldRule::Erp);
    for (const QString &f : {field::Name, field::Description, field::Active})
        p.setRule(f, FieldRule::Shop);
    return p;
}

const QStringList &FieldPolicy::syncedProductFields()
{
    static const QStringList fields{field::Name,  field::Description, field::Price, field::Cost,
                                    field::Ean13, field::Weight,      field::Active};
    return fields;
}

bool FieldPolicy::isHeavy(const QString &f)
{
    return f == field::Description || f == field::DescriptionShort;
}

std::optional<Side> FieldPolicy::owner(const QString &f) const
{
    switch (rule(f)) {
    case FieldRule::Erp: return Side::Erp;
    case FieldRule::Shop: return Side::Shop;
    default: return std::nullopt;
    }
}

} // namespace syncsmart
