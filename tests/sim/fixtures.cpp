#include "fixtures.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QUrl>

#include <algorithm>

namespace syncsmart::simtest {

namespace {

QByteArray headerValue(const HeaderPairs &headers, QByteArrayView name, bool *found = nullptr)
{
    for (const auto &[key, value] : headers) {
        if (QByteArrayView(key).compare(name, Qt::CaseInsensitive) == 0) {
            if (found)
                *found = true;
            return value;
        }
    }
    if (found)
        *found = false;
    return {};
}

// "Name: value" of a "> " or "< " line; false when there is no name before a colon.
bool splitHeader(const QByteArray &text, std::pair<QByteArray, QByteArray> *header)
{
    const qsizetype colon = text.indexOf(':');
    if (colon <= 0)
        return false;
    header->first = text.left(colon).trimmed();
    header->second = text.mid(colon + 1).trimmed();
    return !header->first.isEmpty() && !header->first.contains(' ');
}

bool isToken(const QByteArray &text)
{
    return !text.isEmpty() &&
           std::all_of(text.begin(), text.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

// The capture cut bodies over 20 KiB and appended "\n... [truncated N bytes]" (plus a newline).
void stripTruncationMarker(FixtureExchange *exchange)
{
    static const QByteArray marker = "\n... [truncated ";
    QByteArray &body = exchange->responseBody;
    const qsizetype at = body.lastIndexOf(marker);
    if (at < 0)
        return;
    QByteArray tail = body.mid(at + marker.size());
    if (tail.endsWith('\n'))
        tail.chop(1);
    if (!tail.endsWith(" bytes]"))
        return;
    bool ok = false;
    const qint64 cut = tail.left(tail.size() - 7).toLongLong(&ok);
    if (!ok || cut <= 0)
        return;
    body.truncate(at);
    exchange->responseTruncated = true;
    exchange->truncatedBytes = cut;
}

} // namespace

QByteArray FixtureExchange::responseHeader(QByteArrayView name) const
{
    return headerValue(responseHeaders, name);
}

bool FixtureExchange::hasResponseHeader(QByteArrayView name) const
{
    bool found = false;
    headerValue(responseHeaders, name, &found);
    return found;
}

QByteArray FixtureExchange::requestHeader(QByteArrayView name) const
{
    return headerValue(requestHeaders, name);
}

std::optional<FixtureExchange> parseFixture(const QByteArray &content, const QString &fileName,
                                            QString *error)
{
    enum class Part { Title, RequestLine, RequestHeaders, RequestBody, ResponseHeaders, Body };
    FixtureExchange exchange;
    exchange.fileName = fileName;
    Part part = Part::Title;
    QList<QByteArray> bodyLines;
    int lineNo = 0;
    qsizetype pos = 0;
    auto fail = [&](const QString &message) -> std::optional<FixtureExchange> {
        if (error)
            *error = QStringLiteral("%1: line %2: %3").arg(fileName).arg(lineNo).arg(message);
        return std::nullopt;
    };

    while (part != Part::Body && pos < content.size()) {
        const qsizetype end = content.indexOf('\n', pos);
        QByteArray line = content.mid(pos, end < 0 ? -1 : end - pos);
        pos = end < 0 ? content.size() : end + 1;
        ++lineNo;
        if (line.endsWith('\r'))
            line.chop(1);

        switch (part) {
        case Part::Title:
            if (!line.startsWith("# "))
                return fail(QStringLiteral("the first line must be \"# what this shows\""));
            exchange.title = QString::fromUtf8(line.mid(2));
            part = Part::RequestLine;
            break;
        case Part::RequestLine: {
            if (line.startsWith('#'))
                break; // "# decoded:" is for people
            if (!line.startsWith("> "))
                return fail(QStringLiteral("expected the request line \"> METHOD /target\""));
            const QByteArray request = line.mid(2).trimmed();
            const qsizetype space = request.indexOf(' ');
            exchange.method = request.left(space);
            exchange.target = space < 0 ? QByteArray() : request.mid(space + 1).trimmed();
            if (!isToken(exchange.method) || !exchange.target.startsWith('/'))
                return fail(QStringLiteral("bad request line \"%1\"").arg(QString::fromUtf8(request)));
            part = Part::RequestHeaders;
            break;
        }
        case Part::RequestHeaders: {
            if (line.startsWith('#'))
                break;
            if (line == ">") {
                part = Part::RequestBody;
                break;
            }
            std::pair<QByteArray, QByteArray> header;
            if (!line.startsWith("> ") || !splitHeader(line.mid(2), &header))
                return fail(QStringLiteral("expected \"> Name: value\" or the \">\" line ending the "
                                           "request headers"));
            exchange.requestHeaders.append(header);
            break;
        }
        case Part::RequestBody:
            if (line.startsWith("< ")) {
                const QList<QByteArray> words = line.mid(2).split(' ');
                bool ok = false;
                exchange.status = words.size() >= 2 ? words.at(1).toInt(&ok) : 0;
                if (!words.first().startsWith("HTTP/") || !ok || exchange.status < 100 ||
                    exchange.status > 599)
                    return fail(QStringLiteral("bad status line \"%1\"").arg(QString::fromUtf8(line)));
                exchange.reason = words.mid(2).join(' ');
                exchange.requestBody = bodyLines.join('\n');
                part = Part::ResponseHeaders;
            } else if (line == ">") {
                bodyLines.append(QByteArray());
            } else if (line.startsWith("> ")) {
                bodyLines.append(line.mid(2));
            } else {
                return fail(QStringLiteral("expected a \"> \" request body line or the \"< HTTP/1.1 "
                                           "...\" status line"));
            }
            break;
        case Part::ResponseHeaders: {
            if (line == "<") {
                part = Part::Body;
                break;
            }
            std::pair<QByteArray, QByteArray> header;
            if (!line.startsWith("< ") || !splitHeader(line.mid(2), &header))
                return fail(QStringLiteral("expected \"< Name: value\" or the \"<\" line before "
                                           "the body"));
            exchange.responseHeaders.append(header);
            break;
        }
        case Part::Body:
            break;
        }
    }
    if (part != Part::Body) {
        const char *missing = part == Part::Title            ? "the title line"
                              : part == Part::RequestLine    ? "the request line"
                              : part == Part::RequestHeaders ? "the \">\" line ending the request headers"
                              : part == Part::RequestBody    ? "the \"< HTTP/1.1\" status line"
                                                             : "the \"<\" line before the body";
        return fail(QStringLiteral("file ends without %1").arg(QLatin1String(missing)));
    }
    exchange.responseBody = content.mid(pos);
    stripTruncationMarker(&exchange);
    return exchange;
}

std::optional<FixtureExchange> loadFixture(const QString &path, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        if (error)
            *error = QStringLiteral("%1: cannot read: %2").arg(path, file.errorString());
        return std::nullopt;
    }
    return parseFixture(file.readAll(), QFileInfo(path).fileName(), error);
}

FixtureSet loadFixtureDir(const QString &dir)
{
    FixtureSet set;
    const QDir directory(dir);
    if (!directory.exists()) {
        set.errors.append(QStringLiteral("%1: no such directory").arg(dir));
        return set;
    }
    QStringList names = directory.entryList({QStringLiteral("*.http")}, QDir::Files);
    std::sort(names.begin(), names.end());
    if (names.isEmpty())
        set.errors.append(QStringLiteral("%1: no *.http files").arg(dir));
    for (const QString &name : names) {
        QString error;
        if (auto exchange = loadFixture(directory.filePath(name), &error))
            set.exchanges.append(std::move(*exchange));
        else
            set.errors.append(error);
    }
    return set;
}

QUrlQuery decodedQuery(QByteArrayView rawQuery)
{
    // The replayed request must reach the handler exactly as the simulator's server decodes it.
    return sim::decodeQuery(rawQuery);
}

sim::SimRequest toSimRequest(const FixtureExchange &exchange, const HeaderPairs &secrets)
{
    auto reveal = [&secrets](QByteArray text) {
        for (const auto &[placeholder, value] : secrets)
            text.replace(placeholder, value);
        return text;
    };
    sim::SimRequest request;
    request.method = exchange.method;
    const QByteArray target = reveal(exchange.target);
    const qsizetype question = target.indexOf('?');
    request.path = QUrl::fromPercentEncoding(question < 0 ? target : target.left(question));
    if (question >= 0)
        request.query = decodedQuery(target.mid(question + 1));
    for (const auto &[name, value] : exchange.requestHeaders)
        request.headers.append({name.toLower(), reveal(value)});
    request.body = reveal(exchange.requestBody);
    return request;
}

HeaderPairs apiKeySecrets(const QByteArray &apiKey, const QByteArray &badApiKey)
{
    return {{"base64(<API_KEY>:)", (apiKey + ':').toBase64()},
            {"base64(<BAD_API_KEY>:)", (badApiKey + ':').toBase64()},
            {"<API_KEY>", apiKey},
            {"<BAD_API_KEY>", badApiKey}};
}

} // namespace syncsmart::simtest
