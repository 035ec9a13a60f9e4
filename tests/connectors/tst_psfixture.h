#pragma once

// Reads the real PrestaShop 8.1.2 exchanges (tests/fixtures/real/prestashop-8.1) for the unit tests.

#include "connectors/http/httpclient.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QTimeZone>
#include <QUrl>
#include <QXmlStreamReader>

namespace psfixture {

using namespace syncsmart;

struct Exchange
{
    QByteArray method;
    QString path;
    QByteArray requestBody;
    int status = 0;
    HttpHeaders headers;
    QByteArray body;
};

inline QString fixturePath(const QString &prefix)
{
    const QDir dir(QStringLiteral(PS_FIXTURES_DIR));
    const QStringList hits = dir.entryList({prefix + QStringLiteral("-*.http")}, QDir::Files);
    return hits.isEmpty() ? QString() : dir.filePath(hits.first());
}

// The format of tests/fixtures/real/README.md: "> " request lines, "< " response head, a line that
// is exactly "<", then the body byte for byte.
inline Exchange load(const QString &prefix)
{
    Exchange e;
    QFile file(fixturePath(prefix));
    if (!file.open(QIODevice::ReadOnly)) {
        qWarning("fixture %s missing", qPrintable(prefix));
        return e;
    }
    const QByteArray all = file.readAll();
    const qsizetype cut = all.indexOf("\n<\n");
    const QByteArray head = cut >= 0 ? all.left(cut) : all;
    e.body = cut >= 0 ? all.mid(cut + 3) : QByteArray();
    bool first = true, inBody = false;
    QList<QByteArray> bodyLines;
    for (const QByteArray &line : head.split('\n')) {
        if (line.startsWith("> ")) {
            const QByteArray content = line.mid(2);
            if (first) {
                e.method = content.left(content.indexOf(' '));
                e.path = QString::fromUtf8(content.mid(content.indexOf(' ') + 1));
                first = false;
            } else if (inBody) {
                bodyLines.append(content);
            } else if (!content.contains(':') || content.startsWith('<')) {
                inBody = true;
                bodyLines.append(content);
            }
        } else if (line == ">") {
            inBody = true;
        } else if (line.startsWith("< HTTP/")) {
            e.status = line.split(' ').value(2).toInt();
        } else if (line.startsWith("< ")) {
            const QByteArray h = line.mid(2);
            const qsizetype colon = h.indexOf(':');
            if (colon > 0)
                e.headers.append({h.left(colon).trimmed().toLower(), h.mid(colon + 1).trimmed()});
        }
    }
    e.requestBody = bodyLines.join('\n');
    return e;
}

inline HttpResponse responseOf(const Exchange &e)
{
    HttpResponse r;
    r.status = e.status;
    r.body = e.body;
    r.headers = e.headers;
    return r;
}

inline HttpRequest requestOf(const Exchange &e, const QString &operation, const QString &record = {})
{
    HttpRequest r;
    r.method = e.method;
    r.url = QUrl(QStringLiteral("http://127.0.0.1:8082") + e.path);
    r.operation = operation;
    r.record = record;
    return r;
}

inline const QTimeZone kParis("Europe/Paris");
inline const QString kWhat = QStringLiteral("PrestaShop: test read");

inline QDateTime utc(const QString &text)
{
    QDateTime t = QDateTime::fromString(text, QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    t.setTimeZone(QTimeZone::utc());
    return t;
}

inline QString normalizedXml(const QByteArray &xml)
{
    QString out;
    QXmlStreamReader r(xml);
    while (!r.atEnd()) {
        r.readNext();
        if (r.isStartElement()) {
            out += QLatin1Char('<') + r.name().toString();
            for (const auto &a : r.attributes())
                out += QLatin1Char(' ') + a.name().toString() + QStringLiteral("=") + a.value().toString();
            out += QLatin1Char('>');
        } else if (r.isCharacters() && !r.isWhitespace()) {
            out += r.text().toString();
        } else if (r.isEndElement()) {
            out += QStringLiteral("</") + r.name().toString() + QLatin1Char('>');
        }
    }
    return r.hasError() ? QStringLiteral("ERROR ") + r.errorString() : out;
}

} // namespace psfixture
