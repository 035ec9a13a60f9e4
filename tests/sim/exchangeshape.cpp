#include "shapedetail.h"

namespace syncsmart::simtest {

namespace {

std::optional<QByteArray> responseHeader(const sim::SimResponse &response, QByteArrayView name)
{
    for (const auto &[key, value] : response.headers) {
        if (QByteArrayView(key).compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return std::nullopt;
}

bool isJson(const QByteArray &type)
{
    return type.endsWith("/json") || type.endsWith("+json");
}

bool isXml(const QByteArray &type)
{
    return type.endsWith("/xml") || type.endsWith("+xml");
}

QString quoted(const QByteArray &text)
{
    return QLatin1Char('"') + QString::fromUtf8(text) + QLatin1Char('"');
}

} // namespace

QByteArray mediaType(const QByteArray &contentType)
{
    const qsizetype semicolon = contentType.indexOf(';');
    return (semicolon < 0 ? contentType : contentType.left(semicolon)).trimmed().toLower();
}

QStringList compareExchange(const FixtureExchange &expected, const sim::SimResponse &actual,
                            const ShapeOptions &options)
{
    QStringList out;
    if (expected.status != actual.status)
        out.append(QStringLiteral("status: expected %1, got %2").arg(expected.status).arg(actual.status));

    const QByteArray expectedType = mediaType(expected.responseHeader("content-type"));
    const std::optional<QByteArray> actualHeader = responseHeader(actual, "content-type");
    if (expected.hasResponseHeader("content-type")) {
        const QByteArray actualType = mediaType(actualHeader.value_or(QByteArray()));
        if (!actualHeader)
            out.append(
                QStringLiteral("Content-Type: expected %1, got no header")
                    .arg(expectedType.isEmpty() ? QStringLiteral("an empty header") : quoted(expectedType)));
        else if (expectedType != actualType)
            out.append(
                QStringLiteral("Content-Type: expected %1, got %2")
                    .arg(expectedType.isEmpty() ? QStringLiteral("an empty header") : quoted(expectedType),
                         quoted(actualType)));
    }

    const QByteArray &expectedBody = expected.responseBody;
    if (expectedBody.isEmpty() && !expected.responseTruncated) {
        if (!actual.body.isEmpty())
            out.append(QStringLiteral("body: expected an empty body, got %1 bytes").arg(actual.body.size()));
    } else if (actual.body.isEmpty()) {
        out.append(QStringLiteral("body: expected a non-empty body, got an empty one"));
    } else {
        ShapeOptions bodyOptions = options;
        bodyOptions.allowTruncated = options.allowTruncated || expected.responseTruncated;
        if (isJson(expectedType))
            out += detail::jsonShapeDifferences(expectedBody, actual.body, bodyOptions);
        else if (isXml(expectedType))
            out += detail::xmlShapeDifferences(expectedBody, actual.body, bodyOptions);
        // Other text (PrestaShop's "401 Unauthorized", Odoo's "Invalid JSON data"): presence is the shape.
    }

    for (const QByteArray &name : options.requiredHeaders) {
        if (expected.hasResponseHeader(name) && !responseHeader(actual, name))
            out.append(QStringLiteral("%1: expected this header, got none").arg(QString::fromLatin1(name)));
    }
    return detail::capped(out, options.maxDifferences);
}

} // namespace syncsmart::simtest
