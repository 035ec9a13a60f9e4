#pragma once

// Internals shared by the JSON, XML and exchange comparators (not part of the fixtures API).

#include "fixtures.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace syncsmart::simtest::detail {

// ShapeOptions::ignorePaths against "products[].associations" or "prestashop/product/id": array
// markers are dropped and "*" stands for any one segment.
class IgnoredPaths final
{
public:
    IgnoredPaths(const QStringList &patterns, QChar separator);
    bool contains(const QString &path) const;

private:
    QStringList segments(const QString &path) const;

    QChar m_separator;
    QList<QStringList> m_patterns;
};

inline QString shownPath(const QString &path)
{
    return path.isEmpty() ? QStringLiteral("(root)") : path;
}

// Drops repeated lines (many list elements fail alike) and keeps the first `max` (0 = all).
QStringList capped(const QStringList &differences, int max);

// Uncapped versions of compareJsonShape / compareXmlShape, so compareExchange caps once.
QStringList jsonShapeDifferences(const QByteArray &expected, const QByteArray &actual,
                                 const ShapeOptions &options);
QStringList xmlShapeDifferences(const QByteArray &expected, const QByteArray &actual,
                                const ShapeOptions &options);

} // namespace syncsmart::simtest::detail
