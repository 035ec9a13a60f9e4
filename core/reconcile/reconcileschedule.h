#pragma once

#include <QString>
#include <QTime>
#include <QTimeZone>

#include <optional>

namespace syncsmart {

struct ReconcileRun;

// When the auditor runs by itself ([reconcile] schedule in the profile): never, once a day at a
// wall-clock time of this computer, or every N hours. A run is due at the first slot after the
// last run started, whoever started it, so a slot missed while SyncSmart was closed runs as soon
// as it is open again (once, however many were missed), and a run by hand just before a slot
// does not stop the slot's run.
struct ReconcileSchedule
{
    enum class Kind { Off, Daily, Every };
    Kind kind = Kind::Off;
    QTime at;           // Daily
    int everyHours = 0; // Every: 1 to 168

    // "off", "daily 02:30", "every 6 h" (also "every 6h", "every 6 hours"); nullopt: not a schedule.
    static std::optional<ReconcileSchedule> parse(const QString &text);
    // What to write, for an error message: the accepted forms with examples.
    static QString forms();
    QString text() const; // the form parse() reads: "daily 02:30"
    bool isOn() const { return kind != Kind::Off; }
    // The first slot strictly after afterMs, in UTC milliseconds; -1 when off. Daily slots are
    // read in zone; in a DST gap the slot moves to the first time that exists.
    qint64 nextAfterMs(qint64 afterMs, const QTimeZone &zone) const;
};

// When the next scheduled run is due, from the runs stored so far (newest first) and the moment
// the schedule started being watched (used when no run counts yet). A failed run, or one that never
// finished (SyncSmart closed during it), does not count as done: the schedule tries again, but not
// before retryMs after it started, so a peer that is down is not read again every minute.
qint64 nextScheduledRunMs(const ReconcileSchedule &schedule, const QVector<ReconcileRun> &runs, qint64 watchingSinceMs,
                          const QTimeZone &zone, qint64 retryMs = 30 * 60 * 1000);

} // namespace syncsmart
