#pragma once

#include "sync/syncevents.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QVector>

class QTimer;

namespace syncsmart {

// Conflicts, newest first: a page loaded from the database, kept current by the SyncService's
// Conflict events (coalesced). A known conflict is updated in place — a decided one stays visible
// with who decided; a new one goes on top when it belongs to what is shown (all conflicts, or only
// those waiting for an operator).
class ConflictModel final : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        Detected,
        Sku,
        Field,
        Rule,
        ShopValue,
        ShopUpdated,
        ErpValue,
        ErpUpdated,
        Resolution,
        Winner,
        DecidedBy,
        ColumnCount
    };
    enum Role {
        ConflictIdRole = Qt::UserRole + 1,
        IsOpenRole,
        SearchTextRole, // SKU, field, both values, reason, who decided
    };

    explicit ConflictModel(QObject *parent = nullptr);
    ~ConflictModel() override;

    void setCoalesceInterval(int ms); // 0: events apply at once
    // New conflicts that are already resolved are shown too (false: only open ones are added).
    void setShowResolved(bool show) { m_showResolved = show; }
    bool showsResolved() const { return m_showResolved; }

    void setPage(const QVector<ConflictRecord> &conflicts);
    void appendPage(const QVector<ConflictRecord> &older); // the next page (older), below
    void addEvent(const SyncEvent &event);
    void flush();

    const ConflictRecord &conflict(int row) const { return m_rows.at(row); }
    int rowForId(qint64 id) const;
    qint64 oldestId() const { return m_rows.isEmpty() ? 0 : m_rows.constLast().id; }
    int openCount() const; // open rows in memory

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    // A conflict in memory changed from open to decided (by an operator, here or elsewhere).
    void conflictDecided(const syncsmart::ConflictRecord &conflict);

private:
    void upsert(const QVector<ConflictRecord> &records);
    QVariant displayValue(const ConflictRecord &c, int column) const;
    QVariant toolTip(const ConflictRecord &c, int column) const;

    QVector<ConflictRecord> m_rows; // descending id
    QHash<qint64, int> m_rowById;
    QVector<ConflictRecord> m_pending;
    QTimer *m_flushTimer;
    bool m_showResolved = true;
};

// Texts for a conflict's values, winner and decider, shared by the table and the detail pane.
QString conflictValueText(const ConflictRecord &c, const QVariant &value, int maxChars);
// A conflict's instant in UTC ms, 0 when unknown (as the time texts of displaytext.h take it).
qint64 utcMs(const QDateTime &t);
QString winnerText(const ConflictRecord &c);
QString decidedByText(const ConflictRecord &c);

} // namespace syncsmart
