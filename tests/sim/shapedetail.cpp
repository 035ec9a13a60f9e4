#include "shapedetail.h"

#include <QRegularExpression>
#include <QSet>

namespace syncsmart::simtest {

namespace detail {

IgnoredPaths::IgnoredPaths(const QStringList &patterns, QChar separator)
    : m_separator(separator)
{
    for (const QString &pattern : patterns)
        m_patterns.append(segments(pattern));
}

QStringList IgnoredPaths::segments(const QString &path) const
{
    static const QRegularExpression arrayMarker(QStringLiteral("\\[[^\\]]*\\]"));
    QString plain = path;
    plain.remove(arrayMarker);
    return plain.split(m_separator, Qt::SkipEmptyParts);
}

bool IgnoredPaths::contains(const QString &path) const
{
    if (m_patterns.isEmpty())
        return false;
    const QStringList parts = segments(path);
    for (const QStringList &pattern : m_patterns) {
        if (pattern.size() != parts.size())
            continue;
        bool same = true;
        for (qsizetype i = 0; same && i < parts.size(); ++i)
            same = pattern.at(i) == QLatin1String("*") || pattern.at(i) == parts.at(i);
        if (same)
            return true;
    }
    return false;
}

QStringList capped(const QStringList &differences, int max)
{
    QStringList unique;
    QSet<QString> seen;
    for (const QString &line : differences) {
        if (!seen.contains(line)) {
            seen.insert(line);
            unique.append(line);
        }
    }
    if (max <= 0 || unique.size() <= max)
        return unique;
    const qsizetype rest = unique.size() - max;
    unique.resize(max);
    unique.append(QStringLiteral("... and %1 more differences").arg(rest));
    return unique;
}

} // namespace detail

} // namespace syncsmart::simtest
