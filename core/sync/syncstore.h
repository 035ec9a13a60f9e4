#pragma once

#include "common/result.h"
#include "sync/syncevents.h"

#include <QDateTime>
#include <QHash>
#include <QSet>
#include <QVector>

namespace syncsmart {

class Database;

// Filter for the delta history (console paging, CLI).
struct DeltaFilter
{
    QString sku;      // exact
    QString field;    // exact
    std::optional<DeltaOutcome> outcome;
    std::optional<Side> from;
    qint64 passId = 0; // 0: any
    qint64 beforeId = 0; // only deltas older than this one (paging back from what is on screen); 0: any
};

// The engine's memory in the profile database: shadows, links (SKU -> peer id per side), cursors,
// the origin ledger, and the history of deltas, conflicts and SKU issues. One instance per thread
// (it prepares statements on that thread's connection).
class SyncStore final
{
public:
    explicit SyncStore(Database &db);
    ~SyncStore();

    // ---- history, for the console and the CLI ----
    Result<QVector<DeltaRecord>> deltas(const DeltaFilter &filter, int offset, int limit) const;
    Result<qint64> deltaCount(const DeltaFilter &filter) const;
    // beforeId: only conflicts older than this one (paging back from what is on screen); 0: any.
    Result<QVector<ConflictRecord>> conflicts(bool openOnly, int offset, int limit, qint64 beforeId = 0) const;
    Result<qint64> conflictCount(bool openOnly) const;
    Result<ConflictRecord> conflict(qint64 id) const;
    Result<QVector<SkuIssue>> issues() const;
    // Echoes recognised and dropped since the profile was created.
    Result<qint64> echoesSuppressed() const;

    Database &database() { return m_db; }

    // ---- written by the engine (the caller holds the write transaction) ----
    Result<qint64> beginPass(qint64 nowMs);
    Status finishPass(const PassReport &report);
    // Cursor of a side: the peer instant (UTC ms) the next read window starts from; empty: never read.
    Result<std::optional<qint64>> cursor(Side side) const;
    Status setCursor(Side side, qint64 cursorMs, qint64 nowMs);
    Status addDeltas(QVector<DeltaRecord> &deltas); // assigns ids
    // An open conflict for the same SKU and field is updated (values, times, reason) instead of duplicated.
    Status addConflicts(QVector<ConflictRecord> &conflicts);
    Status decideConflict(const ConflictRecord &decided);
    Status addIssues(const QVector<SkuIssue> &issues);
    Result<QSet<QString>> openConflictFields(const QString &sku) const;
    Result<QHash<QString, QSet<QString>>> openConflictFields(const QStringList &skus) const;
    // The deltas a job carried now have this outcome (applied, failed).
    Status setJobOutcome(const QVector<qint64> &jobIds, DeltaOutcome outcome);
    // The job now carrying the latest planned value of each field of a SKU to a side.
    struct FieldWriter
    {
        QString sku;
        Side target = Side::Shop;
        QString field;
        qint64 jobId = 0;
    };
    Status setFieldWriters(const QVector<FieldWriter> &writers);
    // field -> job id for one SKU and side (fields never planned are absent).
    Result<QHash<QString, qint64>> fieldWriters(const QString &sku, Side target) const;

private:
    Database &m_db;
};

} // namespace syncsmart
