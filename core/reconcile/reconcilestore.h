#pragma once

#include "common/result.h"
#include "reconcile/reconciler.h"

#include <QMetaType>
#include <QVector>

namespace syncsmart {

class Database;

// A stored run of the auditor.
struct ReconcileRun
{
    enum class State { Running, Done, Cancelled, Failed };
    qint64 id = 0;
    qint64 startedMs = 0;
    qint64 finishedMs = 0;
    State state = State::Running;
    QString trigger; // "cli", "console:ana", "schedule"
    QStringList fields;
    qint64 erpProducts = 0;
    qint64 shopProducts = 0;
    qint64 compared = 0;
    qint64 withoutSku = 0;
    qint64 diffs = 0;
    QString error;
};
QString toString(ReconcileRun::State state);

// The runs a console lists, newest first, and when the profile's schedule runs the next one.
struct ReconcileHistory
{
    QVector<ReconcileRun> runs;
    qint64 nextScheduledMs = -1; // -1: no schedule (or the service is not running it)
};

// A stored difference: the diff, and whether (and by which job) it was applied.
struct StoredDiff
{
    qint64 id = 0;
    qint64 runId = 0;
    ReconcileDiff diff;
    qint64 jobId = 0;
    qint64 appliedAtMs = 0;
    QString appliedBy;
};

struct DiffFilter
{
    std::optional<DiffKind> kind;
    QString sku;   // exact
    QVector<qint64> ids; // only these (a selection); empty: any
};

// Runs and their differences in the profile database (schema 4). One instance per thread.
class ReconcileStore final
{
public:
    explicit ReconcileStore(Database &db);

    Result<qint64> beginRun(qint64 nowMs, const QString &trigger, const QStringList &fields);
    // The report and all its differences, in one transaction (a cancelled run keeps what it found).
    Status finishRun(qint64 runId, const ReconcileReport &report);
    Status failRun(qint64 runId, qint64 nowMs, const QString &error);
    Result<QVector<ReconcileRun>> runs(int limit) const; // newest first
    Result<ReconcileRun> run(qint64 runId) const;
    Result<QVector<StoredDiff>> diffs(qint64 runId, const DiffFilter &filter, int offset, int limit) const;
    Result<qint64> diffCount(qint64 runId, const DiffFilter &filter) const;
    // The differences a job now carries (apply); diffId → jobId.
    Status markApplied(const QHash<qint64, qint64> &jobByDiff, qint64 nowMs, const QString &actor);

private:
    Database &m_db;
};

} // namespace syncsmart

Q_DECLARE_METATYPE(syncsmart::ReconcileRun)
Q_DECLARE_METATYPE(syncsmart::StoredDiff)
Q_DECLARE_METATYPE(syncsmart::ReconcileHistory)
