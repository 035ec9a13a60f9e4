#include "deltamodel.h"

#include "displaytext.h"
#include "syncdisplaytext.h"

#include "sync/fieldpolicy.h"

#include <QDateTime>
#include <QTimer>

#include <algorithm>
#include <limits>

namespace syncsmart {

namespace {
bool lessById(const qint64 &id, const DeltaRecord &d)
{
    return id < d.id;
}
} // namespace

DeltaModel::DeltaModel(QObject *parent)
    : QAbstractTableModel(parent)
    , m_flushTimer(new QTimer(this))
{
    m_flushTimer->setSingleShot(true);
    m_flushTimer->setInterval(kDefaultCoalesceMs);
    connect(m_flushTimer, &QTimer::timeout, this, &DeltaModel::flush);
}

DeltaModel::~DeltaModel() = default;

void DeltaModel::setMaxRows(int rows)
{
    m_maxRows = std::max(1, rows);
    trim();
}

void DeltaModel::setCoalesceInterval(int ms)
{
    m_flushTimer->setInterval(std::max(0, ms));
}

void DeltaModel::addEvent(const SyncEvent &event)
{
    if (event.type == SyncEvent::Type::Delta && event.delta) {
        m_pendingDeltas.append(*event.delta);
    } else if (event.type == SyncEvent::Type::JobState && event.jobId != 0) {
        m_pendingJobs.append({event.jobId, event.jobState, event.superseded, event.text});
    } else {
        return;
    }
    if (m_flushTimer->interval() == 0)
        flush();
    else if (!m_flushTimer->isActive())
        m_flushTimer->start();
}

void DeltaModel::flush()
{
    m_flushTimer->stop();
    if (!m_pendingDeltas.isEmpty()) {
        const QVector<DeltaRecord> deltas = std::exchange(m_pendingDeltas, {});
        insertSorted(deltas, false);
    }
    if (!m_pendingJobs.isEmpty())
        applyJobUpdates(std::exchange(m_pendingJobs, {}));
}

void DeltaModel::addHistory(const QVector<DeltaRecord> &deltas)
{
    insertSorted(deltas, true);
}

void DeltaModel::clear()
{
    beginResetModel();
    m_rows.clear();
    m_deltasByJob.clear();
    m_pendingDeltas.clear();
    m_pendingJobs.clear();
    m_historyAllowance = 0;
    m_dropped = 0;
    endResetModel();
}

int DeltaModel::rowForId(qint64 deltaId) const
{
    auto it = std::lower_bound(m_rows.begin(), m_rows.end(), deltaId,
                               [](const Row &r, qint64 id) { return r.delta.id < id; });
    if (it == m_rows.end() || it->delta.id != deltaId)
        return -1;
    return int(it - m_rows.begin());
}

void DeltaModel::indexJob(const Row &row)
{
    if (row.delta.jobId != 0)
        m_deltasByJob[row.delta.jobId].append(row.delta.id);
}

void DeltaModel::insertSorted(const QVector<DeltaRecord> &incoming, bool fromHistory)
{
    QVector<DeltaRecord> fresh;
    fresh.reserve(incoming.size());
    for (const DeltaRecord &d : incoming) {
        const int existing = rowForId(d.id);
        if (existing < 0) {
            fresh.append(d);
            continue;
        }
        // Known already: the database (history) or a later event has the newer outcome.
        Row &row = m_rows[std::size_t(existing)];
        if (row.delta.outcome != d.outcome && fromHistory) {
            row.delta.outcome = d.outcome;
            Q_EMIT dataChanged(index(existing, 0), index(existing, ColumnCount - 1));
        }
    }
    if (fresh.isEmpty())
        return;
    std::sort(fresh.begin(), fresh.end(), [](const DeltaRecord &a, const DeltaRecord &b) { return a.id < b.id; });
    fresh.erase(std::unique(fresh.begin(), fresh.end(),
                            [](const DeltaRecord &a, const DeltaRecord &b) { return a.id == b.id; }),
                fresh.end());
    if (fromHistory)
        m_historyAllowance = std::min(m_maxRows, m_historyAllowance + int(fresh.size()));

    // The usual case, in one insert each: a burst newer than everything (bottom) or a page of
    // history older than everything (top). Anything else goes in run by run.
    int appended = 0;
    auto at = fresh.cbegin();
    while (at != fresh.cend()) {
        const int row = int(std::upper_bound(m_rows.begin(), m_rows.end(), at->id,
                                             [](qint64 id, const Row &r) { return id < r.delta.id; }) -
                            m_rows.begin());
        // Every fresh id up to the next row's id goes in at this position.
        const qint64 limit = row < int(m_rows.size()) ? m_rows[std::size_t(row)].delta.id
                                                      : std::numeric_limits<qint64>::max();
        auto end = std::upper_bound(at, fresh.cend(), limit - 1, lessById);
        const int count = int(end - at);
        beginInsertRows({}, row, row + count - 1);
        std::vector<Row> block;
        block.reserve(std::size_t(count));
        for (auto it = at; it != end; ++it) {
            block.push_back({*it, {}});
            indexJob(block.back());
        }
        m_rows.insert(m_rows.begin() + row, std::make_move_iterator(block.begin()),
                      std::make_move_iterator(block.end()));
        endInsertRows();
        if (row + count == int(m_rows.size()))
            appended += count;
        at = end;
    }
    if (!fromHistory)
        trim();
    if (appended > 0 && !fromHistory)
        Q_EMIT rowsAppended(appended);
}

void DeltaModel::applyJobUpdates(const QVector<JobUpdate> &updates)
{
    int first = -1;
    int last = -1;
    for (const JobUpdate &u : updates) {
        const auto ids = m_deltasByJob.constFind(u.jobId);
        if (ids == m_deltasByJob.cend())
            continue;
        DeltaOutcome outcome = DeltaOutcome::Queued;
        QString note;
        if (u.state == QLatin1String("done")) {
            outcome = u.superseded ? DeltaOutcome::Superseded : DeltaOutcome::Applied;
            note = u.text;
        } else if (u.state == QLatin1String("dead")) {
            outcome = DeltaOutcome::Failed;
            note = u.text;
        } else {
            note = tr("Retrying after: %1").arg(u.text); // still queued: a later attempt follows
        }
        for (qint64 id : *ids) {
            const int row = rowForId(id);
            if (row < 0)
                continue;
            Row &r = m_rows[std::size_t(row)];
            // Only queued deltas move: an echo or a conflict row shares no job, and a settled one stays.
            if (r.delta.outcome != DeltaOutcome::Queued)
                continue;
            r.delta.outcome = outcome;
            r.note = note;
            first = first < 0 ? row : std::min(first, row);
            last = std::max(last, row);
        }
        if (outcome != DeltaOutcome::Queued)
            m_deltasByJob.erase(ids);
    }
    if (first >= 0)
        Q_EMIT dataChanged(index(first, 0), index(last, ColumnCount - 1));
}

void DeltaModel::trim()
{
    const int cap = m_maxRows + m_historyAllowance;
    const int excess = int(m_rows.size()) - cap;
    if (excess <= 0)
        return;
    beginRemoveRows({}, 0, excess - 1);
    for (int i = 0; i < excess; ++i) {
        const DeltaRecord &d = m_rows.front().delta;
        if (d.jobId != 0) {
            auto it = m_deltasByJob.find(d.jobId);
            if (it != m_deltasByJob.end()) {
                it->removeAll(d.id);
                if (it->isEmpty())
                    m_deltasByJob.erase(it);
            }
        }
        m_rows.pop_front();
    }
    m_dropped += excess;
    m_historyAllowance = std::max(0, m_historyAllowance - excess);
    endRemoveRows();
}

int DeltaModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int DeltaModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant DeltaModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &row = m_rows[std::size_t(index.row())];
    switch (role) {
    case Qt::DisplayRole:
        return displayValue(row, index.column());
    case Qt::ToolTipRole:
        return toolTip(row, index.column());
    case Qt::ForegroundRole:
        if (index.column() == Outcome) {
            const QColor c = outcomeColor(row.delta.outcome);
            return c.isValid() ? QVariant(c) : QVariant();
        }
        return {};
    case OutcomeRole:
        return int(row.delta.outcome);
    case DeltaIdRole:
        return row.delta.id;
    case SearchTextRole:
        return QStringList{row.delta.sku, row.delta.field, row.delta.oldValue, row.delta.newValue, row.note}.join(
            QLatin1Char('\n'));
    default:
        return {};
    }
}

QVariant DeltaModel::displayValue(const Row &row, int column) const
{
    const DeltaRecord &d = row.delta;
    switch (column) {
    case Time:
        return shortTimeText(d.atMs, QDateTime::currentMSecsSinceEpoch());
    case Entity:
        return d.entity;
    case Sku:
        return d.sku;
    case Field:
        return d.field;
    case Change: {
        // Heavy fields (descriptions) keep no earlier value, only its fingerprint.
        // An empty earlier value is usually an unknown one (a first sync has no earlier state).
        const QString before = !d.oldValue.isEmpty()              ? cellValue(d.oldValue, 40)
                               : FieldPolicy::isHeavy(d.field) ? tr("(not kept)")
                                                               : QStringLiteral("—");
        return QStringLiteral("%1 → %2").arg(before, cellValue(d.newValue, 60));
    }
    case From:
        return sideName(d.from);
    case Origin:
        return originName(d.origin);
    case Outcome:
        return row.note.isEmpty() || d.outcome != DeltaOutcome::Queued ? outcomeName(d.outcome)
                                                                          : tr("Queued (retrying)");
    default:
        return {};
    }
}

QVariant DeltaModel::toolTip(const Row &row, int column) const
{
    const DeltaRecord &d = row.delta;
    switch (column) {
    case Time:
        return localTimeText(d.atMs) + QLatin1Char('\n') + utcTimeTooltip(d.atMs);
    case Change:
        return tr("Before: %1\nAfter: %2").arg(d.oldValue.isEmpty() ? tr("(unknown or empty)") : d.oldValue,
                                               d.newValue.isEmpty() ? tr("(empty)") : d.newValue);
    case Outcome: {
        QString text = outcomeName(d.outcome);
        if (d.jobId != 0)
            text += tr(" — job #%1").arg(d.jobId);
        if (!row.note.isEmpty())
            text += QLatin1Char('\n') + row.note;
        return text;
    }
    default:
        return {};
    }
}

QVariant DeltaModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case Time:
        return tr("Time");
    case Entity:
        return tr("Entity");
    case Sku:
        return tr("SKU");
    case Field:
        return tr("Field");
    case Change:
        return tr("Old → new");
    case From:
        return tr("From");
    case Origin:
        return tr("Origin");
    case Outcome:
        return tr("Outcome");
    default:
        return {};
    }
}

} // namespace syncsmart
