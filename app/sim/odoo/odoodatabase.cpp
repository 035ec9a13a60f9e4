#include "odoodatabase.h"

namespace syncsmart::sim::odoo {

OdooDatabase::OdooDatabase(EffectLog &effects, SimClock &clock, int uid)
    : m_effects(effects)
    , m_clock(clock)
    , m_uid(uid)
    , m_products(*this)
    , m_stock(*this)
    , m_moveLines(*this)
    , m_locations(*this)
    , m_warehouses(*this)
    , m_pickings(*this)
    , m_partners(*this)
    , m_orders(*this)
    , m_lines(*this)
    , m_invoices(*this)
    , m_wizard(*this)
{
    for (OdooModel *m : std::initializer_list<OdooModel *>{&m_products, &m_stock, &m_moveLines, &m_locations,
                                                           &m_warehouses, &m_pickings, &m_partners, &m_orders,
                                                           &m_lines, &m_invoices, &m_wizard})
        m_byName.insert(m->name(), m);
}

OdooModel *OdooDatabase::model(const QString &name)
{
    return m_byName.value(name, nullptr);
}

const OdooModel *OdooDatabase::model(const QString &name) const
{
    return m_byName.value(name, nullptr);
}

QStringList OdooDatabase::modelNames() const
{
    QStringList names = m_byName.keys();
    names.sort();
    return names;
}

bool OdooDatabase::isAllowed(const QString &model, const QString &operation) const
{
    return !m_denied.contains(model + QLatin1Char('/') + operation);
}

void OdooDatabase::setAllowed(const QString &model, const QString &operation, bool allowed)
{
    const QString key = model + QLatin1Char('/') + operation;
    if (allowed)
        m_denied.remove(key);
    else
        m_denied.insert(key);
}

QStringList OdooDatabase::deniedRights() const
{
    QStringList out = m_denied.values();
    out.sort();
    return out;
}

} // namespace syncsmart::sim::odoo
