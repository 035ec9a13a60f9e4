#pragma once

#include "reconcile/reconcilestore.h"

#include <QAbstractTableModel>
#include <QSortFilterProxyModel>

#include <optional>

namespace syncsmart {

// The differences of one stored reconciliation run, as loaded from the database (a run is a
// snapshot: it changes only when reloaded, e.g. after applying some of its fixes).
class ReconcileDiffModel final : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Category, Sku, Field, ShopValue, ErpValue, Rule, Fix, Status, ColumnCount };
    enum Role { DiffIdRole = Qt::UserRole + 1, KindRole, SearchTextRole, ApplicableRole };

    explicit ReconcileDiffModel(QObject *parent = nullptr);

    void setRun(const ReconcileRun &run, const QVector<StoredDiff> &diffs);
    const ReconcileRun &run() const { return m_run; }
    const StoredDiff &diff(int row) const { return m_diffs.at(row); }
    qint64 count(DiffKind kind) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    ReconcileRun m_run;
    QVector<StoredDiff> m_diffs;
};

// Category and text filters over the differences.
class ReconcileDiffProxy final : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    explicit ReconcileDiffProxy(QObject *parent = nullptr);
    void setKind(std::optional<DiffKind> kind);
    void setText(const QString &text);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    std::optional<DiffKind> m_kind;
    QString m_text;
};

// "missing in the shop", … — the category as a person reads it.
QString diffKindName(DiffKind kind);

} // namespace syncsmart
