#include "displaytext.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QLocale>

namespace syncsmart {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("syncsmart::DisplayText", text);
}
} // namespace

QString localTimeText(qint64 utcMs)
{
    if (utcMs <= 0)
        return QStringLiteral("—");
    return QDateTime::fromMSecsSinceEpoch(utcMs).toLocalTime().toString(
        QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

QString shortTimeText(qint64 utcMs, qint64 nowMs)
{
    if (utcMs <= 0)
        return QStringLiteral("—");
    const QDateTime t = QDateTime::fromMSecsSinceEpoch(utcMs).toLocalTime();
    const QDateTime now = QDateTime::fromMSecsSinceEpoch(nowMs).toLocalTime();
    if (t.date() == now.date())
        return t.toString(QStringLiteral("HH:mm:ss"));
    if (t.date().year() == now.date().year())
        return QLocale().toString(t, QStringLiteral("dd MMM HH:mm"));
    return t.toString(QStringLiteral("yyyy-MM-dd"));
}

QString utcTimeTooltip(qint64 utcMs)
{
    if (utcMs <= 0)
        return {};
    const QDateTime utc = QDateTime::fromMSecsSinceEpoch(utcMs, Qt::UTC);
    return tr("%1 UTC").arg(utc.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz")));
}

QString stateName(JobState state)
{
    switch (state) {
    case JobState::Pending:
        return tr("Pending");
    case JobState::Leased:
        return tr("Leased");
    case JobState::Done:
        return tr("Done");
    case JobState::Dead:
        return tr("Dead");
    case JobState::Discarded:
        return tr("Discarded");
    }
    return {};
}

QString categoryName(ErrorCategory category)
{
    switch (category) {
    case ErrorCategory::Transient:
        return tr("Transient");
    case ErrorCategory::Permanent:
        return tr("Permanent");
    case ErrorCategory::Auth:
        return tr("Authentication");
    case ErrorCategory::Config:
        return tr("Configuration");
    }
    return {};
}

QString countText(qint64 n)
{
    return QLocale().toString(n);
}

QString valueHtml(const QString &text)
{
    if (text.isEmpty())
        return QStringLiteral("<i>%1</i>").arg(tr("(empty)"));
    return QStringLiteral("<pre style=\"white-space: pre-wrap; margin: 0;\">%1</pre>").arg(text.toHtmlEscaped());
}

QString sideBySideHtml(const QString &shopHeading, const QString &erpHeading, const QString &shopCell,
                       const QString &erpCell)
{
    return QStringLiteral("<table cellspacing=\"8\"><tr><th align=\"left\">%1</th><th align=\"left\">%2</th></tr>"
                          "<tr><td valign=\"top\">%3</td><td valign=\"top\">%4</td></tr></table>")
        .arg(shopHeading.toHtmlEscaped(), erpHeading.toHtmlEscaped(), shopCell, erpCell);
}

} // namespace syncsmart
