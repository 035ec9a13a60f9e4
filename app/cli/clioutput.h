#pragma once

#include "queue/job.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QSet>
#include <QStringList>
#include <QTextStream>

#include <functional>

namespace syncsmart {

// A plain-text table with a header row, columns separated by two spaces. The last column is
// shortened with an ellipsis so every line fits the given width.
class TextTable final
{
public:
    explicit TextTable(QStringList headers);
    void setRightAligned(int column) { m_rightAligned.insert(column); }
    void addRow(QStringList cells);
    bool isEmpty() const { return m_rows.isEmpty(); }
    QString render(int maxWidth = 0) const;

private:
    QStringList m_headers;
    QVector<QStringList> m_rows;
    QSet<int> m_rightAligned;
};

// One line, whatever the message held: newlines and tabs become spaces.
QString singleLine(const QString &text);
QString elide(const QString &text, int width);
QString indentContinuation(const QString &text, int indent);

// Times as a person reads them: local time, "2026-03-01 14:05" (short) or with seconds and offset.
QString localTimeShort(qint64 ms);
QString localTimeLong(qint64 ms);
QString ageText(qint64 ms, qint64 nowMs); // "3 h ago", "in 5 min"
// Times for scripts: ISO 8601 UTC with milliseconds, or null when unset.
QJsonValue isoUtc(qint64 ms);

// The payload as JSON when it parses, else as text (secrets masked by clean).
QJsonValue payloadJson(const QByteArray &payload, const std::function<QString(const QString &)> &clean);
QString payloadText(const QByteArray &payload); // pretty-printed JSON when it parses

using TextCleaner = std::function<QString(const QString &)>;
using MapCleaner = std::function<QVariantMap(const QVariantMap &)>;

struct JsonCleaners
{
    TextCleaner text;
    MapCleaner map;
};

QJsonObject errorToJson(const Error &error, const JsonCleaners &clean);
QJsonObject jobToJson(const Job &job, const JsonCleaners &clean);
QJsonObject eventToJson(const JobEvent &event, const JsonCleaners &clean);
QJsonObject auditToJson(const AuditEntry &entry, const JsonCleaners &clean);
QJsonObject outcomeToJson(const BulkOutcome &outcome, const QString &verb);
QJsonObject stateCountsToJson(const QMap<JobState, qint64> &counts);

void printJson(QTextStream &out, const QJsonObject &object);
QString idList(const QVector<qint64> &ids);

} // namespace syncsmart
