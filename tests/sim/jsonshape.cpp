#include "shapedetail.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QJsonValue>
#include <QMap>
#include <QSet>

#include <optional>

namespace syncsmart::simtest {

namespace {

QString typeName(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null:
        return QStringLiteral("null");
    case QJsonValue::Bool:
        return QStringLiteral("bool");
    case QJsonValue::Double:
        return QStringLiteral("number");
    case QJsonValue::String:
        return QStringLiteral("string");
    case QJsonValue::Array:
        return QStringLiteral("array");
    case QJsonValue::Object:
        return QStringLiteral("object");
    case QJsonValue::Undefined:
        break;
    }
    return QStringLiteral("undefined");
}

bool isFalse(const QJsonValue &value)
{
    return value.isBool() && !value.toBool();
}

// A short array of leaves of different types is a record by position (Odoo many2one [id, "name"]),
// not a list: a swap of its types is a difference.
bool isTuple(const QJsonArray &array)
{
    if (array.size() < 2 || array.size() > 3)
        return false;
    QSet<int> types;
    for (const QJsonValue &element : array) {
        if (element.isArray() || element.isObject())
            return false;
        types.insert(int(element.type()));
    }
    return types.size() > 1;
}

// Equal signatures = equal shapes; used to compare each distinct element shape once.
QString signature(const QJsonValue &value)
{
    if (value.isObject()) {
        const QJsonObject object = value.toObject();
        QStringList members;
        for (auto it = object.begin(); it != object.end(); ++it)
            members.append(it.key() + QLatin1Char(':') + signature(it.value()));
        return QLatin1Char('{') + members.join(QLatin1Char(',')) + QLatin1Char('}');
    }
    if (value.isArray()) {
        const QJsonArray array = value.toArray();
        QStringList elements;
        for (const QJsonValue &element : array)
            elements.append(signature(element));
        if (isTuple(array))
            return QLatin1Char('(') + elements.join(QLatin1Char(',')) + QLatin1Char(')');
        elements.sort();
        elements.removeDuplicates();
        return QLatin1Char('[') + elements.join(QLatin1Char('|')) + QLatin1Char(']');
    }
    return typeName(value);
}

class JsonComparer final
{
public:
    explicit JsonComparer(const ShapeOptions &options)
        : m_options(options)
        , m_ignored(options.ignorePaths, QLatin1Char('.'))
    {
    }

    QStringList compare(const QJsonValue &expected, const QJsonValue &actual, const QString &path) const
    {
        if (m_ignored.contains(path))
            return {};
        if (expected.type() != actual.type()) {
            if (m_options.allowFalseVersusValue && (isFalse(expected) || isFalse(actual)))
                return {};
            return {QStringLiteral("%1: expected %2, got %3")
                        .arg(detail::shownPath(path), typeName(expected), typeName(actual))};
        }
        if (expected.isObject())
            return compareObjects(expected.toObject(), actual.toObject(), path);
        if (expected.isArray())
            return compareArrays(expected.toArray(), actual.toArray(), path);
        return {};
    }

private:
    static QString member(const QString &path, const QString &key)
    {
        return path.isEmpty() ? key : path + QLatin1Char('.') + key;
    }

    QStringList compareObjects(const QJsonObject &expected, const QJsonObject &actual,
                               const QString &path) const
    {
        QStringList out;
        for (auto it = expected.begin(); it != expected.end(); ++it) {
            const QString childPath = member(path, it.key());
            if (!actual.contains(it.key())) {
                if (!m_ignored.contains(childPath))
                    out.append(QStringLiteral("%1: missing key '%2'").arg(detail::shownPath(path), it.key()));
                continue;
            }
            out += compare(it.value(), actual.value(it.key()), childPath);
        }
        for (auto it = actual.begin(); it != actual.end(); ++it) {
            if (!expected.contains(it.key()) && !m_ignored.contains(member(path, it.key())))
                out.append(QStringLiteral("%1: extra key '%2'").arg(detail::shownPath(path), it.key()));
        }
        return out;
    }

    QStringList compareArrays(const QJsonArray &expected, const QJsonArray &actual, const QString &path) const
    {
        if (expected.isEmpty() || actual.isEmpty()) {
            if (expected.isEmpty() == actual.isEmpty() || m_options.allowEmptyVersusFilledArrays)
                return {};
            if (expected.isEmpty())
                return {QStringLiteral("%1: expected an empty array, got %2 elements")
                            .arg(detail::shownPath(path))
                            .arg(actual.size())};
            return {QStringLiteral("%1: expected a non-empty array, got an empty one")
                        .arg(detail::shownPath(path))};
        }
        if (isTuple(expected) && actual.size() <= 3) {
            if (actual.size() != expected.size())
                return {QStringLiteral("%1: expected a tuple of %2 values, got %3")
                            .arg(detail::shownPath(path))
                            .arg(expected.size())
                            .arg(actual.size())};
            QStringList out;
            for (qsizetype i = 0; i < expected.size(); ++i)
                out += compare(expected.at(i), actual.at(i), path + QStringLiteral("[%1]").arg(i));
            return out;
        }
        // Lengths are data: every distinct actual element shape must be one of the expected ones.
        QMap<QString, QJsonValue> expectedShapes;
        QMap<QString, QJsonValue> actualShapes;
        for (const QJsonValue &element : expected)
            expectedShapes.insert(signature(element), element);
        for (const QJsonValue &element : actual)
            actualShapes.insert(signature(element), element);
        const QString elementPath = path + QStringLiteral("[]");
        QStringList out;
        for (auto it = actualShapes.cbegin(); it != actualShapes.cend(); ++it) {
            if (expectedShapes.contains(it.key()))
                continue;
            std::optional<QStringList> closest; // the differences to the nearest expected shape
            for (const QJsonValue &candidate : std::as_const(expectedShapes)) {
                QStringList differences = compare(candidate, it.value(), elementPath);
                if (!closest || differences.size() < closest->size())
                    closest = std::move(differences);
                if (closest->isEmpty())
                    break;
            }
            out += *closest;
        }
        return out;
    }

    const ShapeOptions &m_options;
    detail::IgnoredPaths m_ignored;
};

// QJsonDocument in Qt 6.4 refuses top-level scalars, so the body is parsed inside an array.
std::optional<QJsonValue> parseJson(const QByteArray &body, QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson('[' + body + ']', &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        *error =
            QStringLiteral("%1 at byte %2").arg(parseError.errorString()).arg(qMax(0, parseError.offset - 1));
        return std::nullopt;
    }
    if (document.array().size() != 1) {
        *error = QStringLiteral("not exactly one JSON value");
        return std::nullopt;
    }
    return document.array().at(0);
}

// The top-level type of a body cut short, from its first character.
QString truncatedTopType(const QByteArray &body)
{
    const QByteArray trimmed = body.trimmed();
    if (trimmed.startsWith('{'))
        return QStringLiteral("object");
    if (trimmed.startsWith('['))
        return QStringLiteral("array");
    if (trimmed.startsWith('"'))
        return QStringLiteral("string");
    return QStringLiteral("a scalar");
}

} // namespace

QStringList detail::jsonShapeDifferences(const QByteArray &expected, const QByteArray &actual,
                                         const ShapeOptions &options)
{
    QString error;
    const std::optional<QJsonValue> actualValue = parseJson(actual, &error);
    if (!actualValue)
        return {QStringLiteral("(root): the actual body is not JSON: %1").arg(error)};
    const std::optional<QJsonValue> expectedValue = parseJson(expected, &error);
    if (!expectedValue) {
        if (!options.allowTruncated)
            return {QStringLiteral("(root): the expected body is not JSON: %1").arg(error)};
        // Nothing below the top can be compared without a parser that stops at the cut.
        const QString expectedType = truncatedTopType(expected);
        if (typeName(*actualValue) != expectedType)
            return {QStringLiteral("(root): expected %1, got %2").arg(expectedType, typeName(*actualValue))};
        return {};
    }
    return JsonComparer(options).compare(*expectedValue, *actualValue, QString());
}

QStringList compareJsonShape(const QByteArray &expected, const QByteArray &actual,
                             const ShapeOptions &options)
{
    return detail::capped(detail::jsonShapeDifferences(expected, actual, options), options.maxDifferences);
}

} // namespace syncsmart::simtest
