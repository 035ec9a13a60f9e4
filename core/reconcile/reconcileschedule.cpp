#include "reconcileschedule.h"

#include "reconcile/reconcilestore.h"

#include <QRegularExpression>

namespace syncsmart {

std::optional<ReconcileSchedule> ReconcileSchedule::parse(const QString &text)
{
    const QString t = text.simplified().toLower();
    ReconcileSchedule s;
    if (t == QLatin1String("off") || t == QLatin1String("never"))
        return s;
    static const QRegularExpression daily(QStringLiteral("^(?:daily|nightly)(?: at)? (\\d{1,2}):(\\d{2})$"));
    static const QRegularExpression every(QStringLiteral("^every (\\d{1,3}) ?(?:h|hour|hours)$"));
    if (const auto m = daily.match(t); m.hasMatch()) {
        const QTime at(m.captured(1).toInt(), m.captured(2).toInt());
        if (!at.isValid())
            return std::nullopt;
        s.kind = Kind::Daily;
        s.at = at;
        return s;
    }
    if (const auto m = every.match(t); m.hasMatch()) {
        const int hours = m.captured(1).toInt();
        if (hours < 1 || hours > 168)
            return std::nullopt;
        s.kind = Kind::Every;
        s.everyHours = hours;
        return s;
    }
    return std::nullopt;
}

QString ReconcileSchedule::forms()
{
    return QStringLiteral("off, daily HH:MM (this computer's time, such as daily 02:30) or every N h (1 to 168, "
                          "such as every 6 h)");
}

QString ReconcileSchedule::text() const
{
    switch (kind) {
    case Kind::Off: return QStringLiteral("off");
    case Kind::Daily: return QStringLiteral("daily %1").arg(at.toString(QStringLiteral("HH:mm")));
    case Kind::Every: return QStringLiteral("every %1 h").arg(everyHours);
    }
    return {};
}

qint64 ReconcileSchedule::nextAfterMs(qint64 afterMs, const QTimeZone &zone) const
{
    switch (kind) {
    case Kind::Off:
        return -1;
    case Kind::Every:
        return afterMs + qint64(everyHours) * 3600 * 1000;
    case Kind::Daily: {
        const QDateTime after = QDateTime::fromMSecsSinceEpoch(afterMs, zone);
        for (int day = 0; day <= 2; ++day) {
            const QDateTime slot(after.date().addDays(day), at, zone);
            if (slot.toMSecsSinceEpoch() > afterMs)
                return slot.toMSecsSinceEpoch();
        }
        return -1; // unreachable: a day later is always after
    }
    }
    return -1;
}

qint64 nextScheduledRunMs(const ReconcileSchedule &schedule, const QVector<ReconcileRun> &runs, qint64 watchingSinceMs,
                          const QTimeZone &zone, qint64 retryMs)
{
    if (!schedule.isOn())
        return -1;
    qint64 base = watchingSinceMs;
    for (const ReconcileRun &r : runs) {
        if (r.state == ReconcileRun::State::Done || r.state == ReconcileRun::State::Cancelled) {
            base = r.startedMs;
            break;
        }
    }
    qint64 due = schedule.nextAfterMs(base, zone);
    // The newest run failed or never finished: try again, after a pause.
    if (!runs.isEmpty() && runs.first().startedMs >= base &&
        (runs.first().state == ReconcileRun::State::Failed || runs.first().state == ReconcileRun::State::Running))
        due = std::max(due, runs.first().startedMs + retryMs);
    return due;
}

} // namespace syncsmart
