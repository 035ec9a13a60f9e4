#include "reconcilediffmodel.h"

#include "sync/syncdisplaytext.h"

#include <QCoreApplication>

namespace syncsmart {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("syncsmart::ReconcileDiffModel", text);
}
} // namespace

QString diffKindName(DiffKind kind)
{
    switch (kind) {
    case DiffKind::MissingInShop: return tr("Missing in the shop");
    case DiffKind::MissingInErp: return tr("Missing in the ERP");
    case DiffKind::DuplicateInShop: return tr("Duplicate SKU in the shop");
    case DiffKind::DuplicateInErp: return tr("Duplicate SKU in the ERP");
    case DiffKind::FieldMismatch: return tr("Field mismatch");
    case DiffKind::StockMismatch: return tr("Stock mismatch");
    }
    return {};
}

ReconcileDiffModel::ReconcileDiffModel(QObject *parent) : QAbstractTableModel(parent) {}

void ReconcileDiffModel::setRun(const ReconcileRun &run, const QVector<StoredDiff> &diffs)
{
    beginResetModel();
    m_run = run;
    m_diffs = diffs;
    endResetModel();
}

qint64 ReconcileDiffModel::count(DiffKind kind) const
{
    return std::count_if(m_diffs.cbegin(), m_diffs.cend(), [kind](const StoredDiff &s) { return s.diff.kind == kind; });
}

int ReconcileDiffModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_diffs.size());
}

int ReconcileDiffModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ReconcileDiffModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const StoredDiff &s = m_diffs.at(index.row());
    const ReconcileDiff &d = s.diff;
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case Category: return diffKindName(d.kind);
        case Sku: return d.sku;
        case Field: return d.field;
        case ShopValue: return d.field.isEmpty() ? QString() : cellValue(d.shopValue, 50);
        case ErpValue: return d.field.isEmpty() ? QString() : cellValue(d.erpValue, 50);
        case Rule: return d.rule;
        case Fix: return d.fix;
        case Status:
            if (s.jobId != 0)
                return tr("Applied (job #%1)").arg(s.jobId);
            return d.needsPerson() ? tr("Needs a person") : tr("Can be applied");
        }
        return {};
    case Qt::ToolTipRole:
        switch (index.column()) {
        case ShopValue: return d.shopValue;
        case ErpValue: return d.erpValue;
        case Fix: return d.fix;
        case Sku:
            return tr("Shop ids: %1\nERP ids: %2")
                .arg(d.shopIds.isEmpty() ? tr("none") : d.shopIds.join(QStringLiteral(", ")),
                     d.erpIds.isEmpty() ? tr("none") : d.erpIds.join(QStringLiteral(", ")));
        case Status:
            return s.jobId != 0 ? tr("Queued by %1").arg(s.appliedBy) : QString();
        }
        return {};
    case Qt::ForegroundRole:
        if (index.column() == Status && s.jobId == 0 && d.needsPerson())
            return outcomeColor(DeltaOutcome::Conflict);
        if (index.column() == Status && s.jobId != 0)
            return outcomeColor(DeltaOutcome::Applied);
        return {};
    case DiffIdRole: return s.id;
    case KindRole: return int(d.kind);
    case ApplicableRole: return s.jobId == 0 && !d.needsPerson();
    case SearchTextRole:
        return QStringList{d.sku, d.field, d.shopValue, d.erpValue, d.fix}.join(QLatin1Char('\n'));
    }
    return {};
}

QVariant ReconcileDiffModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Category: return tr("Category");
    case Sku: return tr("SKU");
    case Field: return tr("Field");
    case ShopValue: return tr("Shop value");
    case ErpValue: return tr("ERP value");
    case Rule: return tr("Rule");
    case Fix: return tr("Fix, or what a person should do");
    case Status: return tr("Status");
    }
    return {};
}

ReconcileDiffProxy::ReconcileDiffProxy(QObject *parent) : QSortFilterProxyModel(parent) {}

void ReconcileDiffProxy::setKind(std::optional<DiffKind> kind)
{
    if (kind == m_kind)
        return;
    m_kind = kind;
    invalidateRowsFilter();
}

void ReconcileDiffProxy::setText(const QString &text)
{
    if (text.trimmed() == m_text)
        return;
    m_text = text.trimmed();
    invalidateRowsFilter();
}

bool ReconcileDiffProxy::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    if (m_kind && index.data(ReconcileDiffModel::KindRole).toInt() != int(*m_kind))
        return false;
    return m_text.isEmpty() ||
           index.data(ReconcileDiffModel::SearchTextRole).toString().contains(m_text, Qt::CaseInsensitive);
}

} // namespace syncsmart
