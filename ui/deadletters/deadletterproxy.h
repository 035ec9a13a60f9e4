#pragma once

#include <QSortFilterProxyModel>

namespace syncsmart {

// Sorts a page of dead letters by raw values (numbers as numbers, times as instants) and narrows it
// with the "find in this page" text. Filtering the whole list happens in the database, not here.
class DeadLetterProxy final : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    explicit DeadLetterProxy(QObject *parent = nullptr);

    void setQuickFilter(const QString &text);
    QString quickFilter() const { return m_quickFilter; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    QString m_quickFilter;
};

} // namespace syncsmart
