#include "deltaproxy.h"

#include "deltamodel.h"

namespace syncsmart {

DeltaProxy::DeltaProxy(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setDynamicSortFilter(true);
}

void DeltaProxy::setEntity(const QString &entity)
{
    if (entity == m_entity)
        return;
    m_entity = entity;
    invalidateRowsFilter();
}

void DeltaProxy::setField(const QString &field)
{
    if (field == m_field)
        return;
    m_field = field;
    invalidateRowsFilter();
}

void DeltaProxy::setOutcome(std::optional<DeltaOutcome> outcome)
{
    if (outcome == m_outcome)
        return;
    m_outcome = outcome;
    invalidateRowsFilter();
}

void DeltaProxy::setText(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed == m_text)
        return;
    m_text = trimmed;
    invalidateRowsFilter();
}

bool DeltaProxy::isFiltering() const
{
    return !m_entity.isEmpty() || !m_field.isEmpty() || m_outcome || !m_text.isEmpty();
}

bool DeltaProxy::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const auto *model = qobject_cast<const DeltaModel *>(sourceModel());
    if (!model)
        return true;
    const DeltaRecord &d = model->delta(sourceRow);
    Q_UNUSED(sourceParent);
    if (!m_entity.isEmpty() && d.entity != m_entity)
        return false;
    if (!m_field.isEmpty() && d.field != m_field)
        return false;
    if (m_outcome && d.outcome != *m_outcome)
        return false;
    if (m_text.isEmpty())
        return true;
    return d.sku.contains(m_text, Qt::CaseInsensitive) || d.field.contains(m_text, Qt::CaseInsensitive) ||
           d.oldValue.contains(m_text, Qt::CaseInsensitive) || d.newValue.contains(m_text, Qt::CaseInsensitive);
}

} // namespace syncsmart
