#include "clioutput.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTimeZone>

#include <algorithm>

namespace syncsmart {

TextTable::TextTable(QStringList headers)
    : m_headers(std::move(headers))
{
}

void TextTable::addRow(QStringList cells)
{
    for (QString &cell : cells)
        cell = singleLine(cell);
    while (cells.size() < m_headers.size())
        cells.append(QString());
    m_rows.append(std::move(cells));
}

QString TextTable::render(int maxWidth) const
{
    const int columns = m_headers.size();
    QVector<int> widths(columns, 0);
    for (int c = 0; c < columns; ++c) {
        widths[c] = m_headers.at(c).size();
        for (const QStringList &row : m_rows)
            widths[c] = std::max<int>(widths[c], row.at(c).size());
    }
    const int gap = 2;
    if (maxWidth > 0 && columns > 0) {
        int fixed = 0;
        for (int c = 0; c < columns - 1; ++c)
            fixed += widths[c] + gap;
        // A narrow terminal still gets a readable last column; the line wraps instead.
        const int minimum = std::max<int>(20, m_headers.last().size());
        widths[columns - 1] = std::min(widths[columns - 1], std::max(minimum, maxWidth - fixed));
    }
    auto line = [&](const QStringList &cells) {
        QString text;
        for (int c = 0; c < columns; ++c) {
            const bool last = c == columns - 1;
            const QString cell = last ? elide(cells.at(c), widths[c]) : cells.at(c);
            if (m_rightAligned.contains(c))
                text += cell.rightJustified(widths[c]);
            else
                text += last ? cell : cell.leftJustified(widths[c]);
            if (!last)
                text += QString(gap, QLatin1Char(' '));
        }
        while (text.endsWith(QLatin1Char(' ')))
            text.chop(1);
        return text + QLatin1Char('\n');
    };
    QString text = line(m_headers);
    for (const QStringList &row : m_rows)
        text += line(row);
    return text;
}

QString singleLine(const QString &text)
{
    static const QRegularExpression space(QStringLiteral("\\s+"));
    return QString(text).replace(space, QStringLiteral(" ")).trimmed();
}

QString elide(const QString &text, int width)
{
    if (width <= 0 || text.size() <= width)
        return text;
    return text.left(std::max(0, width - 1)).trimmed() + QChar(0x2026);
}

QString indentContinuation(const QString &text, int indent)
{
    QString t = text;
    t.replace(QStringLiteral("\r\n"), QStringLiteral("\n"));
    return t.trimmed().replace(QLatin1Char('\n'), QLatin1Char('\n') + QString(indent, QLatin1Char(' ')));
}

QString localTimeShort(qint64 ms)
{
    if (ms <= 0)
        return QStringLiteral("-");
    return QDateTime::fromMSecsSinceEpoch(ms).toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm"));
}

QString localTimeLong(qint64 ms)
{
    if (ms <= 0)
        return QStringLiteral("-");
    const QDateTime local = QDateTime::fromMSecsSinceEpoch(ms).toLocalTime();
    const int offset = local.offsetFromUtc();
    const QString zone = offset == 0 ? QStringLiteral("UTC")
                                     : QStringLiteral("%1%2:%3")
                                           .arg(offset < 0 ? QLatin1Char('-') : QLatin1Char('+'))
                                           .arg(std::abs(offset) / 3600, 2, 10, QLatin1Char('0'))
                                           .arg(std::abs(offset) % 3600 / 60, 2, 10, QLatin1Char('0'));
    return local.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss ")) + zone;
}

QString ageText(qint64 ms, qint64 nowMs)
{
    if (ms <= 0)
        return QString();
    const qint64 delta = nowMs - ms;
    const qint64 abs = std::abs(delta);
    QString amount;
    if (abs < 60'000)
        amount = QStringLiteral("%1 s").arg(abs / 1000);
    else if (abs < 3'600'000)
        amount = QStringLiteral("%1 min").arg(abs / 60'000);
    else if (abs < 2 * 86'400'000LL)
        amount = QStringLiteral("%1 h").arg(abs / 3'600'000);
    else
        amount = QStringLiteral("%1 days").arg(abs / 86'400'000);
    return delta >= 0 ? amount + QStringLiteral(" ago") : QStringLiteral("in ") + amount;
}

QJsonValue isoUtc(qint64 ms)
{
    if (ms <= 0)
        return QJsonValue::Null;
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs);
}

QJsonValue payloadJson(const QByteArray &payload, const std::function<QString(const QString &)> &clean)
{
    const QString text = clean(QString::fromUtf8(payload));
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(text.toUtf8(), &error);
    if (error.error == QJsonParseError::NoError) {
        if (doc.isObject())
            return doc.object();
        if (doc.isArray())
            return doc.array();
    }
    return text;
}

QString payloadText(const QByteArray &payload)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(payload, &error);
    if (error.error == QJsonParseError::NoError && (doc.isObject() || doc.isArray()))
        return QString::fromUtf8(doc.toJson(QJsonDocument::Indented)).trimmed();
    return QString::fromUtf8(payload).trimmed();
}

QJsonObject errorToJson(const Error &error, const JsonCleaners &clean)
{
    return QJsonObject{
        {QStringLiteral("category"), toString(error.category)},
        {QStringLiteral("code"), error.code},
        {QStringLiteral("message"), clean.text(error.message)},
        {QStringLiteral("context"), QJsonObject::fromVariantMap(clean.map(error.context))},
    };
}

QJsonObject jobToJson(const Job &job, const JsonCleaners &clean)
{
    QJsonObject o{
        {QStringLiteral("id"), job.id},
        {QStringLiteral("target"), job.target},
        {QStringLiteral("kind"), job.kind},
        {QStringLiteral("state"), toString(job.state)},
        {QStringLiteral("idempotencyKey"), job.idempotencyKey},
        {QStringLiteral("attempts"), job.attempts},
        {QStringLiteral("maxAttempts"), job.maxAttempts},
        {QStringLiteral("createdAt"), isoUtc(job.createdAt)},
        {QStringLiteral("updatedAt"), isoUtc(job.updatedAt)},
        {QStringLiteral("nextAttemptAt"),
         job.state == JobState::Pending ? isoUtc(job.nextAttemptAt) : QJsonValue()},
        {QStringLiteral("finishedAt"), isoUtc(job.finishedAt)},
        {QStringLiteral("leaseOwner"), job.leaseOwner.isEmpty() ? QJsonValue() : QJsonValue(job.leaseOwner)},
        {QStringLiteral("leaseUntil"), job.state == JobState::Leased ? isoUtc(job.leaseUntil) : QJsonValue()},
        {QStringLiteral("error"),
         job.lastError ? QJsonValue(errorToJson(*job.lastError, clean)) : QJsonValue()},
        {QStringLiteral("payload"), payloadJson(job.payload, clean.text)},
    };
    return o;
}

QJsonObject eventToJson(const JobEvent &event, const JsonCleaners &clean)
{
    return QJsonObject{
        {QStringLiteral("at"), isoUtc(event.at)},
        {QStringLiteral("event"), event.event},
        {QStringLiteral("attempt"), event.attempt},
        {QStringLiteral("error"), event.error ? QJsonValue(errorToJson(*event.error, clean)) : QJsonValue()},
        {QStringLiteral("note"), clean.text(event.note)},
    };
}

QJsonObject auditToJson(const AuditEntry &entry, const JsonCleaners &clean)
{
    return QJsonObject{
        {QStringLiteral("at"), isoUtc(entry.at)},
        {QStringLiteral("action"), entry.action},
        {QStringLiteral("jobId"), entry.jobId ? QJsonValue(entry.jobId) : QJsonValue()},
        {QStringLiteral("target"), entry.target},
        {QStringLiteral("reason"), clean.text(entry.reason)},
        {QStringLiteral("actor"), entry.actor},
    };
}

QJsonObject outcomeToJson(const BulkOutcome &outcome, const QString &verb)
{
    auto array = [](const QVector<qint64> &ids) {
        QJsonArray a;
        for (qint64 id : ids)
            a.append(id);
        return a;
    };
    return QJsonObject{
        {QStringLiteral("changed"), array(outcome.changed)},
        {QStringLiteral("notDead"), array(outcome.notDead)},
        {QStringLiteral("superseded"), array(outcome.superseded)},
        {QStringLiteral("summary"), outcome.summary(verb)},
    };
}

QJsonObject stateCountsToJson(const QMap<JobState, qint64> &counts)
{
    QJsonObject o;
    for (JobState s : allJobStates())
        o.insert(toString(s), counts.value(s, 0));
    return o;
}

void printJson(QTextStream &out, const QJsonObject &object)
{
    out << QJsonDocument(object).toJson(QJsonDocument::Indented);
    out.flush();
}

QString idList(const QVector<qint64> &ids)
{
    QStringList parts;
    for (qint64 id : ids)
        parts << QString::number(id);
    return parts.join(QStringLiteral(", "));
}

} // namespace syncsmart
