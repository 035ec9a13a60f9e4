#include "psxmlinput.h"

#include <QXmlStreamReader>

#include <algorithm>

namespace syncsmart::sim::ps {

namespace {

constexpr int kMaxDepth = 256; // libxml2's xmlParserMaxDepth

ErrorEntry libxmlWarning(const QString &text)
{
    return phpWarning(QStringLiteral("SimpleXMLElement::__construct(): ") + text,
                      QStringLiteral("classes/webservice/WebserviceRequest.php"), 1544);
}

// libxml reports the error, then the offending line, then a caret under the column.
QList<ErrorEntry> parseFailure(const QByteArray &body, qint64 line, qint64 column, const QString &message)
{
    const QList<QByteArray> lines = body.split('\n');
    const QString lineText = QString::fromUtf8(lines.value(qsizetype(std::max<qint64>(0, line - 1))));
    QList<ErrorEntry> out;
    out.append(libxmlWarning(QStringLiteral("Entity: line %1: parser error : %2").arg(line).arg(message)));
    out.append(libxmlWarning(lineText));
    out.append(phpWarning(QStringLiteral("SimpleXMLElement::__construct():") +
                              QString(qsizetype(column), QLatin1Char(' ')) + QLatin1Char('^'),
                          QStringLiteral("classes/webservice/WebserviceRequest.php"), 1544));
    out.append(ErrorEntry{
        127,
        QStringLiteral("XML error : String could not be parsed as XML\nXML length : %1\nOriginal XML : %2")
            .arg(body.size())
            .arg(QString::fromUtf8(body))});
    return out;
}

} // namespace

const XmlNode *XmlNode::child(const QString &childName) const
{
    for (const XmlNode &c : children) {
        if (c.name == childName)
            return &c;
    }
    return nullptr;
}

QList<const XmlNode *> XmlNode::childrenNamed(const QString &childName) const
{
    QList<const XmlNode *> out;
    for (const XmlNode &c : children) {
        if (c.name == childName)
            out.append(&c);
    }
    return out;
}

XmlBody parseRequestXml(const QByteArray &body)
{
    XmlBody result;
    const QByteArray trimmed = body.trimmed();
    if (trimmed.isEmpty()) {
        result.errors = parseFailure(body, 1, 1, QStringLiteral("Document is empty"));
        return result;
    }
    if (!trimmed.startsWith('<')) {
        const qint64 line = body.left(body.indexOf(trimmed.at(0))).count('\n') + 1;
        result.errors = parseFailure(body, line, 1, QStringLiteral("Start tag expected, '<' not found"));
        return result;
    }
    QXmlStreamReader reader(body);
    QList<XmlNode> stack;
    QList<qint64> startLines;
    while (!reader.atEnd()) {
        const QXmlStreamReader::TokenType token = reader.readNext();
        if (token == QXmlStreamReader::StartElement) {
            if (stack.size() > kMaxDepth) {
                // libxml2 without XML_PARSE_HUGE stops there (and a deeper tree would overflow our stack
                // when it is destroyed).
                const QList<QByteArray> lines = body.split('\n');
                const qint64 line = reader.lineNumber();
                const QByteArray lineText = lines.value(qsizetype(std::max<qint64>(0, line - 1)));
                result.errors =
                    parseFailure(body, line, std::min<qint64>(reader.columnNumber() + 1, lineText.size() + 1),
                                 QStringLiteral("Excessive depth in document: %1 use XML_PARSE_HUGE option")
                                     .arg(kMaxDepth));
                return result;
            }
            XmlNode node;
            node.name = reader.name().toString();
            if (!reader.prefix().isEmpty())
                node.name = reader.prefix().toString() + QLatin1Char(':') + node.name;
            for (const QXmlStreamAttribute &a : reader.attributes())
                node.attributes.insert(a.qualifiedName().toString(), a.value().toString());
            stack.append(node);
            startLines.append(reader.lineNumber());
        } else if (token == QXmlStreamReader::EndElement) {
            XmlNode done = stack.takeLast();
            startLines.removeLast();
            if (stack.isEmpty())
                result.root = std::move(done);
            else
                stack.last().children.append(std::move(done));
        } else if (token == QXmlStreamReader::Characters && !stack.isEmpty()) {
            stack.last().text += reader.text();
        }
    }
    if (reader.hasError()) {
        QString message = reader.errorString();
        if (reader.error() == QXmlStreamReader::PrematureEndOfDocumentError && !stack.isEmpty())
            message = QStringLiteral("Premature end of data in tag %1 line %2")
                          .arg(stack.last().name)
                          .arg(startLines.last());
        const QList<QByteArray> lines = body.split('\n');
        qint64 line = reader.lineNumber();
        qint64 column = reader.columnNumber() + 1;
        if (reader.error() == QXmlStreamReader::PrematureEndOfDocumentError) {
            line = lines.size();
            column = lines.last().size() + 1;
        }
        result.root.reset();
        result.errors = parseFailure(body, line, column, message);
    }
    return result;
}

} // namespace syncsmart::sim::ps
