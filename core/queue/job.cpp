#include "job.h"

#include <QDateTime>

#include <algorithm>

namespace syncsmart {

QString toString(JobState state)
{
    switch (state) {
    case JobState::Pending: return QStringLiteral("pending");
    case JobState::Leased: return QStringLiteral("leased");
    case JobState::Done: return QStringLiteral("done");
    case JobState::Dead: return QStringLiteral("dead");
    case JobState::Discarded: return QStringLiteral("discarded");
    }
    return QStringLiteral("pending");
}

std::optional<JobState> jobStateFromString(const QString &text)
{
    for (JobState s : allJobStates()) {
        if (text == toString(s))
            return s;
    }
    return std::nullopt;
}

const QVector<JobState> &allJobStates()
{
    static const QVector<JobState> states{JobState::Pending, JobState::Leased, JobState::Done, JobState::Dead,
                                          JobState::Discarded};
    return states;
}

bool DeadLetterFilter::isEmpty() const
{
    return target.isEmpty() && kind.isEmpty() && errorText.isEmpty() && !category && fromMs == 0 && toMs == 0;
}

DeadLetterFilter DeadLetterFilter::asOf(qint64 asOfMs) const
{
    DeadLetterFilter bounded = *this;
    const qint64 end = asOfMs + 1; // toMs is exclusive
    bounded.toMs = toMs ? std::min(toMs, end) : end;
    return bounded;
}

QString DeadLetterFilter::describe() const
{
    if (isEmpty())
        return QStringLiteral("all dead letters");
    QStringList parts;
    if (!target.isEmpty())
        parts << QStringLiteral("target = %1").arg(target);
    if (!kind.isEmpty())
        parts << QStringLiteral("kind = %1").arg(kind);
    if (category)
        parts << QStringLiteral("category = %1").arg(toString(*category));
    if (!errorText.isEmpty())
        parts << QStringLiteral("error contains \"%1\"").arg(errorText);
    // Local time with its offset: operators pick days in their own time zone.
    auto iso = [](qint64 ms) { return QDateTime::fromMSecsSinceEpoch(ms).toOffsetFromUtc(
                                          QDateTime::fromMSecsSinceEpoch(ms).offsetFromUtc())
                                   .toString(Qt::ISODate); };
    if (fromMs)
        parts << QStringLiteral("dead since ≥ %1").arg(iso(fromMs));
    if (toMs)
        parts << QStringLiteral("dead since < %1").arg(iso(toMs));
    return parts.join(QStringLiteral(", "));
}

QString BulkOutcome::summary(const QString &verb) const
{
    QString text = QStringLiteral("%1 %2 dead letter%3.")
                       .arg(verb)
                       .arg(changed.size())
                       .arg(changed.size() == 1 ? QString() : QStringLiteral("s"));
    if (!notDead.isEmpty())
        text += QStringLiteral(" %1 skipped: no longer dead (already retried or discarded).").arg(notDead.size());
    if (!superseded.isEmpty())
        text += QStringLiteral(" %1 skipped: a newer job for the same item is already queued.")
                    .arg(superseded.size());
    return text;
}

void registerQueueMetaTypes()
{
    qRegisterMetaType<syncsmart::Error>();
    qRegisterMetaType<syncsmart::Job>();
    qRegisterMetaType<syncsmart::JobEvent>();
    qRegisterMetaType<QVector<syncsmart::JobEvent>>();
    qRegisterMetaType<QVector<qint64>>();
    qRegisterMetaType<syncsmart::DeadLetterFilter>();
    qRegisterMetaType<syncsmart::DeadLetterPage>();
    qRegisterMetaType<syncsmart::DeadLetterFacets>();
    qRegisterMetaType<syncsmart::BulkOutcome>();
    qRegisterMetaType<syncsmart::QueueCounts>();
}

} // namespace syncsmart
