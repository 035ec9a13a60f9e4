#include "conflictmodel.h"

#include "displaytext.h"
#include "syncdisplaytext.h"

#include "sync/fieldpolicy.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QFont>
#include <QTimer>

namespace syncsmart {

namespace {
constexpr int kCoalesceMs = 100;

QString tr(const char *text)
{
    return QCoreApplication::translate("syncsmart::ConflictModel", text);
}
} // namespace

qint64 utcMs(const QDateTime &t)
{
    return t.isValid() ? t.toMSecsSinceEpoch() : 0;
}

QString conflictValueText(const ConflictRecord &c, const QVariant &value, int maxChars)
{
    // Heavy fields (descriptions) are compared by fingerprint: their texts are not kept with the conflict.
    if ((!value.isValid() || value.isNull()) && FieldPolicy::isHeavy(c.field))
        return tr("(text not kept: see the %1 in each system)").arg(c.field);
    return cellValue(value, maxChars);
}

QString winnerText(const ConflictRecord &c)
{
    if (c.isOpen())
        return tr("—");
    if (c.winner)
        return sideName(*c.winner);
    return tr("Typed value: %1").arg(cellValue(c.winningValue, 40));
}

QString decidedByText(const ConflictRecord &c)
{
    if (c.isOpen())
        return tr("—");
    if (c.decidedBy.isEmpty() || c.decidedBy == QLatin1String("rules"))
        return tr("The rules");
    return c.decidedBy;
}

ConflictModel::ConflictModel(QObject *parent)
    : QAbstractTableModel(parent)
    , m_flushTimer(new QTimer(this))
{
    m_flushTimer->setSingleShot(true);
    m_flushTimer->setInterval(kCoalesceMs);
    connect(m_flushTimer, &QTimer::timeout, this, &ConflictModel::flush);
}

ConflictModel::~ConflictModel() = default;

void ConflictModel::setCoalesceInterval(int ms)
{
    m_flushTimer->setInterval(std::max(0, ms));
}

void ConflictModel::setPage(const QVector<ConflictRecord> &conflicts)
{
    beginResetModel();
    m_rows = conflicts;
    std::sort(m_rows.begin(), m_rows.end(), [](const ConflictRecord &a, const ConflictRecord &b) { return a.id > b.id; });
    m_rowById.clear();
    for (int row = 0; row < m_rows.size(); ++row)
        m_rowById.insert(m_rows.at(row).id, row);
    endResetModel();
    // Events that arrived while the page was read are newer than it (or equal): apply them on top.
    flush();
}

void ConflictModel::appendPage(const QVector<ConflictRecord> &older)
{
    QVector<ConflictRecord> fresh;
    for (const ConflictRecord &c : older) {
        if (!m_rowById.contains(c.id) && (m_rows.isEmpty() || c.id < m_rows.constLast().id))
            fresh.append(c);
    }
    if (fresh.isEmpty())
        return;
    std::sort(fresh.begin(), fresh.end(), [](const ConflictRecord &a, const ConflictRecord &b) { return a.id > b.id; });
    const int first = int(m_rows.size());
    beginInsertRows({}, first, first + int(fresh.size()) - 1);
    for (const ConflictRecord &c : fresh) {
        m_rowById.insert(c.id, int(m_rows.size()));
        m_rows.append(c);
    }
    endInsertRows();
}

void ConflictModel::addEvent(const SyncEvent &event)
{
    if (event.type != SyncEvent::Type::Conflict || !event.conflict)
        return;
    m_pending.append(*event.conflict);
    if (m_flushTimer->interval() == 0)
        flush();
    else if (!m_flushTimer->isActive())
        m_flushTimer->start();
}

void ConflictModel::flush()
{
    m_flushTimer->stop();
    if (!m_pending.isEmpty())
        upsert(std::exchange(m_pending, {}));
}

void ConflictModel::upsert(const QVector<ConflictRecord> &records)
{
    // The latest record per id wins (an open conflict updated by a later pass, then decided).
    QHash<qint64, ConflictRecord> latest;
    QVector<qint64> order;
    for (const ConflictRecord &c : records) {
        if (!latest.contains(c.id))
            order.append(c.id);
        latest.insert(c.id, c);
    }
    QVector<ConflictRecord> fresh;
    for (qint64 id : order) {
        const ConflictRecord &c = latest.value(id);
        const auto known = m_rowById.constFind(id);
        if (known != m_rowById.cend()) {
            const int row = *known;
            const bool wasOpen = m_rows.at(row).isOpen();
            m_rows[row] = c;
            Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
            if (wasOpen && !c.isOpen())
                Q_EMIT conflictDecided(c);
        } else if (m_showResolved || c.isOpen()) {
            fresh.append(c);
        }
    }
    if (fresh.isEmpty())
        return;
    std::sort(fresh.begin(), fresh.end(), [](const ConflictRecord &a, const ConflictRecord &b) { return a.id > b.id; });
    // New conflicts are newer than everything shown: they go on top, in one insert.
    beginInsertRows({}, 0, int(fresh.size()) - 1);
    m_rows = fresh + m_rows;
    m_rowById.clear();
    for (int row = 0; row < m_rows.size(); ++row)
        m_rowById.insert(m_rows.at(row).id, row);
    endInsertRows();
}

int ConflictModel::rowForId(qint64 id) const
{
    return m_rowById.value(id, -1);
}

int ConflictModel::openCount() const
{
    return int(std::count_if(m_rows.cbegin(), m_rows.cend(), [](const ConflictRecord &c) { return c.isOpen(); }));
}

int ConflictModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ConflictModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ConflictModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ConflictRecord &c = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return displayValue(c, index.column());
    case Qt::ToolTipRole:
        return toolTip(c, index.column());
    case Qt::ForegroundRole:
        if (index.column() == Resolution && c.isOpen())
            return outcomeColor(DeltaOutcome::Conflict);
        return {};
    case Qt::FontRole:
        if (index.column() == Resolution && c.isOpen()) {
            QFont bold;
            bold.setBold(true);
            return bold;
        }
        return {};
    case ConflictIdRole:
        return c.id;
    case IsOpenRole:
        return c.isOpen();
    case SearchTextRole:
        return QStringList{c.sku, c.field, c.shopValue.toString(), c.erpValue.toString(), c.reason, c.decidedBy}.join(
            QLatin1Char('\n'));
    default:
        return {};
    }
}

QVariant ConflictModel::displayValue(const ConflictRecord &c, int column) const
{
    switch (column) {
    case Detected:
        return shortTimeText(c.detectedAtMs, QDateTime::currentMSecsSinceEpoch());
    case Sku:
        return c.sku;
    case Field:
        return c.field;
    case Rule:
        return ruleName(c.rule);
    case ShopValue:
        return conflictValueText(c, c.shopValue, 50);
    case ShopUpdated:
        return shortTimeText(utcMs(c.shopUpdatedAt), QDateTime::currentMSecsSinceEpoch());
    case ErpValue:
        return conflictValueText(c, c.erpValue, 50);
    case ErpUpdated:
        return shortTimeText(utcMs(c.erpUpdatedAt), QDateTime::currentMSecsSinceEpoch());
    case Resolution:
        return resolutionName(c.resolution);
    case Winner:
        return winnerText(c);
    case DecidedBy:
        return decidedByText(c);
    default:
        return {};
    }
}

QVariant ConflictModel::toolTip(const ConflictRecord &c, int column) const
{
    switch (column) {
    case Detected:
        return localTimeText(c.detectedAtMs) + QLatin1Char('\n') + utcTimeTooltip(c.detectedAtMs);
    case ShopValue:
        return c.shopValue.toString();
    case ErpValue:
        return c.erpValue.toString();
    case ShopUpdated:
        return localTimeText(utcMs(c.shopUpdatedAt)) + QLatin1Char('\n') + utcTimeTooltip(utcMs(c.shopUpdatedAt));
    case ErpUpdated:
        return localTimeText(utcMs(c.erpUpdatedAt)) + QLatin1Char('\n') + utcTimeTooltip(utcMs(c.erpUpdatedAt));
    case Resolution:
    case Winner:
        return c.reason;
    case DecidedBy:
        return c.decidedAtMs > 0 ? tr("Decided %1").arg(localTimeText(c.decidedAtMs)) : QString();
    default:
        return {};
    }
}

QVariant ConflictModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Detected:
        return tr("Detected");
    case Sku:
        return tr("SKU");
    case Field:
        return tr("Field");
    case Rule:
        return tr("Rule");
    case ShopValue:
        return tr("Shop value");
    case ShopUpdated:
        return tr("Shop updated");
    case ErpValue:
        return tr("ERP value");
    case ErpUpdated:
        return tr("ERP updated");
    case Resolution:
        return tr("Resolution");
    case Winner:
        return tr("Winner");
    case DecidedBy:
        return tr("Decided by");
    default:
        return {};
    }
}

} // namespace syncsmart
