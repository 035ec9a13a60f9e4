#pragma once

#include "sync/syncevents.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QVector>

#include <deque>

class QTimer;

namespace syncsmart {

// The live deltas in memory, oldest first (new ones are appended at the bottom), fed by the
// SyncService's events and by pages of history from the database. Bursts are coalesced: events
// wait in a buffer and reach the view in one insert per interval, so a pass that yields 20,000
// deltas costs the GUI thread a few inserts, not 20,000. Job-state events move the rows of their
// job to applied / failed / superseded. Beyond maxRows the oldest rows are dropped (the database
// keeps them: "load older" pages them back in).
class DeltaModel final : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Time, Entity, Sku, Field, Change, From, Origin, Outcome, ColumnCount };
    enum Role {
        OutcomeRole = Qt::UserRole + 1, // DeltaOutcome as int
        DeltaIdRole,
        SearchTextRole, // SKU, field and both full values: what the text filter looks in
    };
    static constexpr int kDefaultMaxRows = 50'000;
    static constexpr int kDefaultCoalesceMs = 100;

    explicit DeltaModel(QObject *parent = nullptr);
    ~DeltaModel() override;

    void setMaxRows(int rows);
    int maxRows() const { return m_maxRows; }
    // 0: every event reaches the model at once (tests); otherwise buffered for this long.
    void setCoalesceInterval(int ms);

    // Delta and JobState events; others are ignored. Buffered until the next flush.
    void addEvent(const SyncEvent &event);
    // Applies what is buffered now (the timer calls it).
    void flush();
    // Rows from the database (any order): those already here are updated, the rest inserted in id order.
    void addHistory(const QVector<DeltaRecord> &deltas);
    void clear();

    const DeltaRecord &delta(int row) const { return m_rows.at(std::size_t(row)).delta; }
    qint64 oldestId() const { return m_rows.empty() ? 0 : m_rows.front().delta.id; }
    int rowForId(qint64 deltaId) const; // -1 when not in memory
    int pendingEvents() const { return int(m_pendingDeltas.size() + m_pendingJobs.size()); }
    qint64 droppedRows() const { return m_dropped; } // trimmed off the top since the last clear

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    // After a flush that appended rows at the bottom (the view follows them when asked to).
    void rowsAppended(int count);

private:
    struct Row
    {
        DeltaRecord delta;
        QString note; // a retry's error, a superseded write's reason
    };
    struct JobUpdate
    {
        qint64 jobId = 0;
        QString state;
        bool superseded = false;
        QString text;
    };

    void insertSorted(const QVector<DeltaRecord> &deltas, bool fromHistory);
    void applyJobUpdates(const QVector<JobUpdate> &updates);
    void trim();
    void indexJob(const Row &row);
    QVariant displayValue(const Row &row, int column) const;
    QVariant toolTip(const Row &row, int column) const;

    std::deque<Row> m_rows; // ascending delta id
    QHash<qint64, QVector<qint64>> m_deltasByJob; // job id → delta ids in memory
    QVector<DeltaRecord> m_pendingDeltas;
    QVector<JobUpdate> m_pendingJobs;
    QTimer *m_flushTimer;
    int m_maxRows = kDefaultMaxRows;
    int m_historyAllowance = 0; // rows paged back in on purpose: live trimming leaves room for them
    qint64 m_dropped = 0;
};

} // namespace syncsmart
