#include "deadletterproxy.h"

#include "deadlettermodel.h"

namespace syncsmart {

DeadLetterProxy::DeadLetterProxy(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(DeadLetterModel::RawValueRole);
    setSortCaseSensitivity(Qt::CaseInsensitive);
    setFilterCaseSensitivity(Qt::CaseInsensitive);
}

void DeadLetterProxy::setQuickFilter(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed == m_quickFilter)
        return;
    m_quickFilter = trimmed;
    invalidateFilter();
}

bool DeadLetterProxy::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (m_quickFilter.isEmpty())
        return true;
    const QAbstractItemModel *model = sourceModel();
    for (int column = 0; column < model->columnCount(sourceParent); ++column) {
        const QModelIndex index = model->index(sourceRow, column, sourceParent);
        if (model->data(index, Qt::DisplayRole).toString().contains(m_quickFilter, Qt::CaseInsensitive))
            return true;
        // The full error (the cell shows its first line) and the code in the tooltip count too.
        if (column == DeadLetterModel::Error &&
            model->data(index, Qt::ToolTipRole).toString().contains(m_quickFilter, Qt::CaseInsensitive))
            return true;
    }
    return false;
}

} // namespace syncsmart
