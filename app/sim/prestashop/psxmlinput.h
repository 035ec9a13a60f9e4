#pragma once

// Request bodies as PrestaShop reads them: SimpleXMLElement over the raw body. Anything that is not
// well-formed XML (including JSON) fails like libxml does: three PHP warnings and error 127, HTTP 500.

#include "psrender.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>

#include <optional>

namespace syncsmart::sim::ps {

struct XmlNode
{
    QString name;
    QHash<QString, QString> attributes;
    QString text; // the element's own text and CDATA (SimpleXML's (string) cast)
    QList<XmlNode> children;

    const XmlNode *child(const QString &childName) const; // the first one with that name
    QList<const XmlNode *> childrenNamed(const QString &childName) const;
};

struct XmlBody
{
    std::optional<XmlNode> root;
    QList<ErrorEntry> errors; // set when the body is not well-formed XML
};

XmlBody parseRequestXml(const QByteArray &body);

} // namespace syncsmart::sim::ps
