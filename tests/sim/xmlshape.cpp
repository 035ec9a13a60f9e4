#include "shapedetail.h"

#include <QHash>
#include <QMap>
#include <QXmlStreamReader>

#include <optional>

namespace syncsmart::simtest {

namespace {

// The shape of one element: what a client reading it by name can rely on.
struct XmlNode
{
    enum class Kind { Empty, Text, Elements };

    QString name;           // qualified, as written ("prestashop", "xlink:href" for attributes)
    QStringList attributes; // qualified names, sorted; namespace declarations included
    bool hasText = false;   // non-whitespace text or CDATA
    bool complete = true;   // false: the body was cut inside this element
    QList<XmlNode> children;

    Kind kind() const
    {
        if (!children.isEmpty())
            return Kind::Elements;
        return hasText ? Kind::Text : Kind::Empty;
    }
};

QString kindName(XmlNode::Kind kind)
{
    switch (kind) {
    case XmlNode::Kind::Empty:
        return QStringLiteral("an empty element");
    case XmlNode::Kind::Text:
        return QStringLiteral("text");
    case XmlNode::Kind::Elements:
        return QStringLiteral("child elements");
    }
    return {};
}

// Called on a StartElement; returns after its EndElement or where the document stops.
void readElement(QXmlStreamReader &reader, XmlNode *node)
{
    node->name = reader.qualifiedName().toString();
    for (const QXmlStreamAttribute &attribute : reader.attributes())
        node->attributes.append(attribute.qualifiedName().toString());
    node->attributes.sort();
    while (!reader.atEnd()) {
        switch (reader.readNext()) {
        case QXmlStreamReader::StartElement: {
            XmlNode child;
            readElement(reader, &child);
            const bool childComplete = child.complete;
            node->children.append(std::move(child));
            if (!childComplete) {
                node->complete = false;
                return;
            }
            break;
        }
        case QXmlStreamReader::Characters: // CDATA and plain text alike
            if (!reader.text().trimmed().isEmpty())
                node->hasText = true;
            break;
        case QXmlStreamReader::EntityReference:
            node->hasText = true;
            break;
        case QXmlStreamReader::EndElement:
            return;
        default:
            break;
        }
    }
    node->complete = false;
}

std::optional<XmlNode> parseXml(const QByteArray &body, bool allowTruncated, QString *error)
{
    QXmlStreamReader reader(body);
    // Keep "xlink:href" and "xmlns:xlink" as written: prefixes are part of what clients see.
    reader.setNamespaceProcessing(false);
    std::optional<XmlNode> root;
    while (!reader.atEnd()) {
        if (reader.readNext() == QXmlStreamReader::StartElement) {
            root.emplace();
            readElement(reader, &*root);
        }
    }
    if (reader.hasError() &&
        !(allowTruncated && reader.error() == QXmlStreamReader::PrematureEndOfDocumentError)) {
        *error = QStringLiteral("line %1: %2").arg(reader.lineNumber()).arg(reader.errorString());
        return std::nullopt;
    }
    if (!root) {
        *error = QStringLiteral("no root element");
        return std::nullopt;
    }
    return root;
}

QString signature(const XmlNode &node)
{
    QString text = node.name + QLatin1Char('(') + node.attributes.join(QLatin1Char(',')) + QLatin1Char(')');
    if (!node.complete)
        text += QLatin1Char('~');
    if (node.kind() == XmlNode::Kind::Text)
        text += QLatin1String("=t");
    if (node.kind() == XmlNode::Kind::Elements) {
        QStringList children;
        for (const XmlNode &child : node.children)
            children.append(signature(child));
        children.sort();
        children.removeDuplicates();
        text += QLatin1Char('{') + children.join(QLatin1Char(';')) + QLatin1Char('}');
    }
    return text;
}

// Children by name, names in document order.
struct ChildGroups
{
    QStringList names;
    QHash<QString, QList<const XmlNode *>> byName;

    explicit ChildGroups(const XmlNode &node)
    {
        for (const XmlNode &child : node.children) {
            if (!byName.contains(child.name))
                names.append(child.name);
            byName[child.name].append(&child);
        }
    }
};

class XmlComparer final
{
public:
    explicit XmlComparer(const ShapeOptions &options)
        : m_options(options)
        , m_ignored(options.ignorePaths, QLatin1Char('/'))
    {
    }

    QStringList compare(const XmlNode &expected, const XmlNode &actual, const QString &path) const
    {
        if (m_ignored.contains(path))
            return {};
        QStringList out;
        for (const QString &attribute : expected.attributes) {
            if (!actual.attributes.contains(attribute))
                out.append(QStringLiteral("%1: missing attribute '%2'").arg(path, attribute));
        }
        for (const QString &attribute : actual.attributes) {
            if (!expected.attributes.contains(attribute))
                out.append(QStringLiteral("%1: extra attribute '%2'").arg(path, attribute));
        }
        const XmlNode::Kind expectedKind = expected.kind();
        const XmlNode::Kind actualKind = actual.kind();
        // What a cut element holds so far says nothing about its kind; its children still count.
        if (expectedKind != actualKind && expected.complete && actual.complete) {
            if (!kindDifferenceAllowed(expectedKind, actualKind))
                out.append(QStringLiteral("%1: expected %2, got %3")
                               .arg(path, kindName(expectedKind), kindName(actualKind)));
            return out;
        }
        out += compareChildren(expected, actual, path);
        return out;
    }

private:
    bool kindDifferenceAllowed(XmlNode::Kind expected, XmlNode::Kind actual) const
    {
        const auto either = [&](XmlNode::Kind a, XmlNode::Kind b) {
            return (expected == a && actual == b) || (expected == b && actual == a);
        };
        if (either(XmlNode::Kind::Empty, XmlNode::Kind::Elements))
            return m_options.allowEmptyVersusFilledArrays;
        if (either(XmlNode::Kind::Empty, XmlNode::Kind::Text))
            return m_options.allowEmptyVersusText;
        return false;
    }

    QStringList compareChildren(const XmlNode &expected, const XmlNode &actual, const QString &path) const
    {
        const ChildGroups expectedGroups(expected);
        const ChildGroups actualGroups(actual);
        // In a cut element only the names before its last kept child are known to be absent;
        // names are in schema order, so later ones may simply have been cut.
        const auto known = [](const ChildGroups &cut, const ChildGroups &other, const QString &name) {
            const qsizetype horizon = cut.names.isEmpty() ? -1 : other.names.indexOf(cut.names.last());
            return other.names.indexOf(name) < horizon;
        };
        QStringList out;
        for (const QString &name : expectedGroups.names) {
            const QString childPath = path + QLatin1Char('/') + name;
            if (!actualGroups.byName.contains(name)) {
                if ((actual.complete || known(actualGroups, expectedGroups, name)) &&
                    !m_ignored.contains(childPath))
                    out.append(QStringLiteral("%1: missing element <%2>").arg(path, name));
                continue;
            }
            out +=
                compareGroup(expectedGroups.byName.value(name), actualGroups.byName.value(name), childPath);
        }
        for (const QString &name : actualGroups.names) {
            if (!expectedGroups.byName.contains(name) &&
                (expected.complete || known(expectedGroups, actualGroups, name)) &&
                !m_ignored.contains(path + QLatin1Char('/') + name))
                out.append(QStringLiteral("%1: extra element <%2>").arg(path, name));
        }
        return out;
    }

    // Siblings of one name are a list: every distinct actual shape must be one of the expected ones.
    QStringList compareGroup(const QList<const XmlNode *> &expected, const QList<const XmlNode *> &actual,
                             const QString &path) const
    {
        QMap<QString, const XmlNode *> expectedShapes;
        QMap<QString, const XmlNode *> actualShapes;
        for (const XmlNode *node : expected)
            expectedShapes.insert(signature(*node), node);
        for (const XmlNode *node : actual)
            actualShapes.insert(signature(*node), node);
        QStringList out;
        for (auto it = actualShapes.cbegin(); it != actualShapes.cend(); ++it) {
            if (expectedShapes.contains(it.key()))
                continue;
            std::optional<QStringList> closest;
            for (const XmlNode *candidate : std::as_const(expectedShapes)) {
                QStringList differences = compare(*candidate, *it.value(), path);
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

} // namespace

QStringList detail::xmlShapeDifferences(const QByteArray &expected, const QByteArray &actual,
                                        const ShapeOptions &options)
{
    QString error;
    const std::optional<XmlNode> expectedRoot = parseXml(expected, options.allowTruncated, &error);
    if (!expectedRoot)
        return {QStringLiteral("(root): the expected body is not well-formed XML: %1").arg(error)};
    const std::optional<XmlNode> actualRoot = parseXml(actual, options.allowTruncated, &error);
    if (!actualRoot)
        return {QStringLiteral("(root): the actual body is not well-formed XML: %1").arg(error)};
    if (expectedRoot->name != actualRoot->name)
        return {QStringLiteral("(root): expected <%1>, got <%2>").arg(expectedRoot->name, actualRoot->name)};
    return XmlComparer(options).compare(*expectedRoot, *actualRoot, expectedRoot->name);
}

QStringList compareXmlShape(const QByteArray &expected, const QByteArray &actual, const ShapeOptions &options)
{
    return detail::capped(detail::xmlShapeDifferences(expected, actual, options), options.maxDifferences);
}

} // namespace syncsmart::simtest
