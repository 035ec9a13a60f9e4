#pragma once

#include <QMap>
#include <QString>
#include <QStringList>

#include <optional>

namespace syncsmart {

// Which side is the source of truth for a field (DESIGN §1, §2).
enum class Side { Shop, Erp };
QString toString(Side side);                // "shop", "erp"
std::optional<Side> sideFromString(const QString &text);
inline Side otherSide(Side side) { return side == Side::Shop ? Side::Erp : Side::Shop; }

// erp / shop: that side owns the field, a change on the other side is reverted. newest: the later
// UTC instant wins. manual: every difference waits for an operator.
enum class FieldRule { Erp, Shop, Newest, Manual };
QString toString(FieldRule rule);
std::optional<FieldRule> fieldRuleFromString(const QString &text);

// The field rule table of a profile: canonical field name (catalogtypes.h) -> rule.
class FieldPolicy final
{
public:
    // DESIGN §2: price, cost, EAN, weight from the ERP; name, description, active from the shop.
    static FieldPolicy defaults();

    // The product fields both connectors map, in a stable order (the ones the engine syncs).
    static const QStringList &syncedProductFields();
    // Heavy fields are compared by fingerprint only and never kept as values in the shadow store.
    static bool isHeavy(const QString &field);

    FieldRule rule(const QString &field) const { return m_rules.value(field, FieldRule::Manual); }
    void setRule(const QString &field, FieldRule rule) { m_rules.insert(field, rule); }
    bool contains(const QString &field) const { return m_rules.contains(field); }
    QStringList fields() const { return m_rules.keys(); }
    // The side that owns the field, when its rule names one.
    std::optional<Side> owner(const QString &field) const;

private:
    QMap<QString, FieldRule> m_rules;
};

} // namespace syncsmart
