#pragma once

// Conformance tools for syncsmart-sim: read the real exchanges captured from PrestaShop 8.1.2 and
// Odoo 17 (tests/fixtures/real/*/NN-name.http), replay their requests into a simulator handler and
// compare the answers by SHAPE (keys, nesting, value types), because the data differ by design.

#include "common/simhttp.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>
#include <QStringList>
#include <QUrlQuery>

#include <optional>
#include <utility>

namespace syncsmart::simtest {

using HeaderPairs = QList<std::pair<QByteArray, QByteArray>>;

struct FixtureExchange
{
    QString fileName;           // "24-product-detail-json.http"
    QString title;              // the first "#" line, without "# "
    QByteArray method;          // "GET"
    QByteArray target;          // as sent: "/api/products/1?output_format=JSON"
    HeaderPairs requestHeaders; // as written in the file
    QByteArray requestBody;     // "> " lines after the empty ">" line, joined with "\n"
    int status = 0;
    QByteArray reason;           // "Not Found"; may be empty
    HeaderPairs responseHeaders; // as written, "Content-Type: " gives an empty value
    QByteArray responseBody;     // byte-for-byte, without the "... [truncated N bytes]" line
    bool responseTruncated = false;
    qint64 truncatedBytes = 0; // N of the marker: bytes of the real body that are not kept

    QByteArray responseHeader(QByteArrayView name) const; // case-insensitive, empty if absent
    bool hasResponseHeader(QByteArrayView name) const;
    QByteArray requestHeader(QByteArrayView name) const; // case-insensitive, empty if absent
};

struct FixtureSet
{
    QList<FixtureExchange> exchanges;
    QStringList errors; // "07-x.http: line 3: ..."; empty when every file parsed
};

// All *.http files of `dir`, sorted by name. A missing or empty directory is an error.
FixtureSet loadFixtureDir(const QString &dir);
std::optional<FixtureExchange> loadFixture(const QString &path, QString *error);
// The parser itself, for content that is not on disk (tests of the format).
std::optional<FixtureExchange> parseFixture(const QByteArray &content, const QString &fileName,
                                            QString *error);

// Builds the request the simulator handler sees. `secrets` maps placeholders in the fixture to real
// values, e.g. {"base64(<API_KEY>:)", base64 of "key:"} and {"<API_KEY>", key}; they are replaced in
// the given order in the target, headers and body. Header names become lower-case; the path is
// percent-decoded; query items are stored so that queryItemValue("filter[reference]",
// QUrl::FullyDecoded) returns the decoded value ('+' is a space, as PHP decodes it).
sim::SimRequest toSimRequest(const FixtureExchange &exchange, const HeaderPairs &secrets);

// The placeholders the capture used, in the order they must be replaced: base64(<API_KEY>:),
// base64(<BAD_API_KEY>:), <API_KEY>, <BAD_API_KEY>.
HeaderPairs apiKeySecrets(const QByteArray &apiKey,
                          const QByteArray &badApiKey = "NOT-A-VALID-KEY-0000000000000000");

// The query of a raw request target, decoded like toSimRequest does (for handlers' own tests).
QUrlQuery decodedQuery(QByteArrayView rawQuery);

struct ShapeOptions
{
    // Subtrees not compared, e.g. "product.associations" (JSON) or "prestashop/product/associations"
    // (XML). Array markers are ignored ("products[].id" = "products.id"); "*" matches one segment.
    QStringList ignorePaths;
    // Data-dependent emptiness (associations, an empty list) is not a shape difference. JSON: [] vs
    // [..]; XML: an empty element vs one with child elements.
    bool allowEmptyVersusFilledArrays = false;
    // XML: <x></x> vs <x>text</x> (everything is text in XML: an empty value is data, not shape).
    bool allowEmptyVersusText = false;
    // JSON (Odoo): `false` stands for "no value" of any type, so false vs [id, "name"] is data.
    bool allowFalseVersusValue = false;
    // A body may be cut short (fixtures over 20 KiB): only what is present is compared. Set by
    // compareExchange when the fixture was truncated.
    bool allowTruncated = false;
    int maxDifferences = 20; // the rest is summarised in one last line (0 = no limit)
    // compareExchange only: response headers the answer must carry when the fixture has them
    // (presence, not value), e.g. "WWW-Authenticate", "Content-Sha1", "PSWS-Version".
    QList<QByteArray> requiredHeaders;
};

// Each returns human-readable differences ("product.price: expected string, got number",
// "products[]: missing key 'reference'"); empty = same shape.
QStringList compareJsonShape(const QByteArray &expected, const QByteArray &actual,
                             const ShapeOptions &options = {});
QStringList compareXmlShape(const QByteArray &expected, const QByteArray &actual,
                            const ShapeOptions &options = {});
// Status, media type (Content-Type without parameters; an EMPTY expected Content-Type header, the
// PrestaShop 404 quirk, needs an empty one in the answer), then the body shape by media type
// (JSON, XML; other types and empty bodies: both empty or both non-empty).
QStringList compareExchange(const FixtureExchange &expected, const sim::SimResponse &actual,
                            const ShapeOptions &options = {});

// "text/xml;charset=utf-8" -> "text/xml" (lower-case, no parameters).
QByteArray mediaType(const QByteArray &contentType);

} // namespace syncsmart::simtest
