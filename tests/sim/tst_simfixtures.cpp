// The conformance tools themselves: every real exchange parses, and the shape comparators flag
// what a client would trip over (a number where a string was, a missing key) and nothing else.

#include "fixtures.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QtTest>

using namespace syncsmart;
using namespace syncsmart::simtest;

namespace {

const QString prestashopDir = QStringLiteral(SIM_FIXTURES_DIR "/prestashop-8.1");
const QString odooDir = QStringLiteral(SIM_FIXTURES_DIR "/odoo-17");

FixtureExchange fixture(const QString &dir, const QString &name)
{
    QString error;
    const std::optional<FixtureExchange> exchange = loadFixture(dir + QLatin1Char('/') + name, &error);
    if (!exchange)
        qFatal("%s", qPrintable(error));
    return *exchange;
}

sim::SimResponse asResponse(const FixtureExchange &exchange)
{
    sim::SimResponse response;
    response.status = exchange.status;
    response.headers = exchange.responseHeaders;
    response.body = exchange.responseBody;
    return response;
}

QByteArray replaced(QByteArray text, const QByteArray &before, const QByteArray &after)
{
    const qsizetype at = text.indexOf(before);
    if (at < 0)
        qFatal("fixture text not found: %s", before.constData());
    return text.replace(at, before.size(), after);
}

bool anyContains(const QStringList &differences, const QString &needle)
{
    for (const QString &line : differences) {
        if (line.contains(needle))
            return true;
    }
    return false;
}

} // namespace

class TestSimFixtures : public QObject
{
    Q_OBJECT

private slots:
    void everyFixtureParses_data();
    void everyFixtureParses();
    void parsesFieldsExactly();
    void truncatedBodyMarker();
    void malformedFilesAreReported();
    void buildsSimRequest();

    void everyBodyMatchesItself();
    void jsonDetectsTypeSwap();
    void jsonDetectsMissingAndExtraKeys();
    void jsonIgnoresKeyOrderAndArrayLength();
    void jsonBareEmptyListIsNotAnObject();
    void jsonEmptyVersusFilledArrays();
    void jsonTuplesAndOdooFalse();
    void jsonIgnorePaths();
    void xmlDetectsAttributesAndElements();
    void xmlIgnoresCdataWhitespaceAndComments();
    void xmlEmptyListsAndText();
    void xmlTruncatedExpectedComparesKeptPart();
    void exchangeStatusAndMediaType();
    void differencesAreCapped();
};

void TestSimFixtures::everyFixtureParses_data()
{
    QTest::addColumn<QString>("dir");
    QTest::addColumn<int>("count");
    QTest::newRow("prestashop-8.1") << prestashopDir << 92;
    QTest::newRow("odoo-17") << odooDir << 61;
}

void TestSimFixtures::everyFixtureParses()
{
    QFETCH(QString, dir);
    QFETCH(int, count);
    const FixtureSet set = loadFixtureDir(dir);
    QVERIFY2(set.errors.isEmpty(), qPrintable(set.errors.join(QLatin1Char('\n'))));
    QCOMPARE(set.exchanges.size(), count);
    int withLength = 0;
    for (const FixtureExchange &exchange : set.exchanges) {
        const QByteArray name = exchange.fileName.toUtf8();
        QVERIFY2(!exchange.title.isEmpty(), name);
        QVERIFY2(!exchange.method.isEmpty(), name);
        QVERIFY2(exchange.target.startsWith('/'), name);
        QVERIFY2(exchange.status >= 200 && exchange.status <= 599, name);
        QVERIFY2(!exchange.responseHeaders.isEmpty(), name);
        // Odoo sends Content-Length: the body must be exactly the bytes that were on the wire.
        if (exchange.hasResponseHeader("content-length") && !exchange.responseTruncated) {
            QCOMPARE(exchange.responseBody.size(), exchange.responseHeader("Content-Length").toLongLong());
            ++withLength;
        }
    }
    QCOMPARE(set.exchanges.first().fileName.left(3), QStringLiteral("01-"));
    if (dir == odooDir)
        QCOMPARE(withLength, 61);
}

void TestSimFixtures::parsesFieldsExactly()
{
    const FixtureExchange list =
        fixture(prestashopDir, QStringLiteral("07-products-display-fields-json.http"));
    QCOMPARE(list.title,
             QStringLiteral("display=[id,reference,price,active,date_upd] (JSON): id is a number, "
                            "price/active are strings"));
    QCOMPARE(list.method, QByteArray("GET"));
    QCOMPARE(list.target, QByteArray("/api/products?output_format=JSON&display=%5Bid%2Creference%2Cprice%2C"
                                     "active%2Cdate_upd%5D&limit=0%2C5"));
    QCOMPARE(list.requestHeaders.size(), 1);
    QCOMPARE(list.requestHeaders.first().first, QByteArray("Authorization"));
    QCOMPARE(list.requestHeaders.first().second, QByteArray("Basic base64(<API_KEY>:)"));
    QVERIFY(list.requestBody.isEmpty());
    QCOMPARE(list.status, 200);
    QCOMPARE(list.reason, QByteArray("OK"));
    QCOMPARE(list.responseHeader("content-type"), QByteArray("application/json"));
    QCOMPARE(list.responseHeader("CONTENT-SHA1"), QByteArray("0c6bdc75a48346602b71b1989c7df928e152261e"));
    QVERIFY(list.responseBody.startsWith("{\"products\":[{\"id\":1,\"reference\":\"demo_1\""));
    QVERIFY(list.responseBody.endsWith("}]}")); // no newline added at the end
    QVERIFY(!list.responseTruncated);
    // Content-Sha1 is sha1(body): the body is byte-for-byte what PrestaShop sent.
    QCOMPARE(QCryptographicHash::hash(list.responseBody, QCryptographicHash::Sha1).toHex(),
             list.responseHeader("Content-Sha1"));

    const FixtureExchange notFound =
        fixture(prestashopDir, QStringLiteral("73-error-unknown-id-404-xml.http"));
    QCOMPARE(notFound.status, 404);
    QCOMPARE(notFound.reason, QByteArray("Not Found"));
    QVERIFY(notFound.hasResponseHeader("Content-Type"));
    QVERIFY(notFound.responseHeader("Content-Type").isEmpty());
    QVERIFY(!notFound.hasResponseHeader("Content-Sha1"));
    QVERIFY(notFound.responseBody.isEmpty());

    const FixtureExchange post = fixture(prestashopDir, QStringLiteral("08-product-post-xml.http"));
    QCOMPARE(post.method, QByteArray("POST"));
    QCOMPARE(post.requestHeader("content-type"), QByteArray("application/xml"));
    QVERIFY(post.requestBody.startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<prestashop "));
    QVERIFY(post.requestBody.contains("\n  <product>\n    <reference>SKU-1001</reference>\n"));
    QVERIFY(post.requestBody.endsWith("</product>\n</prestashop>"));
    QCOMPARE(post.status, 201);
    QCOMPARE(post.responseHeader("content-type"), QByteArray("text/xml;charset=utf-8"));

    const FixtureExchange jsonBody =
        fixture(prestashopDir, QStringLiteral("84-error-json-body-500-json.http"));
    QCOMPARE(jsonBody.requestBody, QByteArray("{\"product\": {\"id\": 20, \"price\": \"15\"}}"));

    const FixtureExchange fatal = fixture(prestashopDir, QStringLiteral("89-error-root-json-500.http"));
    QCOMPARE(fatal.status, 500);
    QCOMPARE(fatal.reason, QByteArray("Internal Server Error"));
    QVERIFY(fatal.responseBody.isEmpty());

    const FixtureExchange noResult =
        fixture(odooDir, QStringLiteral("28-stock.quant-action_apply_inventory.http"));
    QCOMPARE(noResult.target, QByteArray("/jsonrpc"));
    QCOMPARE(noResult.responseBody, QByteArray("{\"jsonrpc\": \"2.0\", \"id\": 28}"));
    QCOMPARE(noResult.responseHeader("Content-Length"), QByteArray("28"));
}

void TestSimFixtures::truncatedBodyMarker()
{
    const FixtureExchange full =
        fixture(prestashopDir, QStringLiteral("04-products-display-full-limit3-xml.http"));
    QVERIFY(full.responseTruncated);
    QCOMPARE(full.truncatedBytes, qint64(10618));
    QCOMPARE(full.responseBody.size(), 20480); // the capture kept exactly 20 KiB
    QVERIFY(!full.responseBody.contains("[truncated"));
    QVERIFY(full.responseBody.endsWith("http://127.0.0"));

    const FixtureExchange root = fixture(prestashopDir, QStringLiteral("90-api-root-xml.http"));
    QVERIFY(root.responseTruncated);
    QCOMPARE(root.truncatedBytes, qint64(14727));
    QCOMPARE(root.responseBody.size(), 20480);

    const QByteArray head = "# t\n> GET /x\n>\n< HTTP/1.1 200 OK\n< Content-Type: text/plain\n<\n";
    QString error;
    auto cut = parseFixture(head + "abc\n... [truncated 7 bytes]", QStringLiteral("a.http"), &error);
    QVERIFY2(cut, qPrintable(error));
    QVERIFY(cut->responseTruncated);
    QCOMPARE(cut->truncatedBytes, qint64(7));
    QCOMPARE(cut->responseBody, QByteArray("abc"));
    // The marker text inside a body, not as its last line, is data.
    auto inner = parseFixture(head + "x\n... [truncated 7 bytes]\ny", QStringLiteral("b.http"), &error);
    QVERIFY2(inner, qPrintable(error));
    QVERIFY(!inner->responseTruncated);
    QCOMPARE(inner->responseBody, QByteArray("x\n... [truncated 7 bytes]\ny"));
    auto plain = parseFixture(head + "line\n", QStringLiteral("c.http"), &error);
    QVERIFY2(plain, qPrintable(error));
    QCOMPARE(plain->responseBody, QByteArray("line\n"));
}

void TestSimFixtures::malformedFilesAreReported()
{
    QString error;
    QVERIFY(!parseFixture("> GET /x\n>\n< HTTP/1.1 200 OK\n<\n", QStringLiteral("a.http"), &error));
    QVERIFY2(error.startsWith(QStringLiteral("a.http: line 1:")), qPrintable(error));
    QVERIFY(!parseFixture("# t\n> GET /x\n>\n< HTTP/1.1 200 OK\n< Content-Type: x\nbody",
                          QStringLiteral("b.http"), &error));
    QVERIFY2(error.contains(QStringLiteral("line 6")), qPrintable(error));
    QVERIFY(!parseFixture("# t\n> GET /x\n>\n< HTTP/1.1 200 OK\n< Content-Type: x\n",
                          QStringLiteral("c.http"), &error));
    QVERIFY2(error.contains(QStringLiteral("without the \"<\" line")), qPrintable(error));
    QVERIFY(!parseFixture("# t\n> GET /x\n>\n< HTTP/1.1 OK\n<\n", QStringLiteral("d.http"), &error));
    QVERIFY2(error.contains(QStringLiteral("bad status line")), qPrintable(error));

    const FixtureSet missing = loadFixtureDir(QStringLiteral(SIM_FIXTURES_DIR "/no-such-peer"));
    QVERIFY(missing.exchanges.isEmpty());
    QCOMPARE(missing.errors.size(), 1);
}

void TestSimFixtures::buildsSimRequest()
{
    const HeaderPairs secrets = apiKeySecrets("TESTKEY");
    const sim::SimRequest list =
        toSimRequest(fixture(prestashopDir, QStringLiteral("07-products-display-fields-json.http")), secrets);
    QCOMPARE(list.method, QByteArray("GET"));
    QCOMPARE(list.path, QStringLiteral("/api/products"));
    QCOMPARE(list.query.queryItemValue(QStringLiteral("output_format"), QUrl::FullyDecoded),
             QStringLiteral("JSON"));
    QCOMPARE(list.query.queryItemValue(QStringLiteral("display"), QUrl::FullyDecoded),
             QStringLiteral("[id,reference,price,active,date_upd]"));
    QCOMPARE(list.query.queryItemValue(QStringLiteral("limit"), QUrl::FullyDecoded), QStringLiteral("0,5"));
    QCOMPARE(list.header("authorization"), QByteArray("Basic ") + QByteArray("TESTKEY:").toBase64());
    QVERIFY(list.body.isEmpty());

    const sim::SimRequest prefix = toSimRequest(
        fixture(prestashopDir, QStringLiteral("14-products-filter-reference-prefix-json.http")), secrets);
    QCOMPARE(prefix.query.queryItemValue(QStringLiteral("filter[reference]"), QUrl::FullyDecoded),
             QStringLiteral("[SKU-10]%"));
    const sim::SimRequest dates =
        toSimRequest(fixture(prestashopDir, QStringLiteral("15-products-filter-date_upd-xml.http")), secrets);
    QCOMPARE(dates.query.queryItemValue(QStringLiteral("filter[date_upd]"), QUrl::FullyDecoded),
             QStringLiteral("[2026-12-03 14:01:14,2030-01-01 00:00:00]"));
    QCOMPARE(dates.query.queryItemValue(QStringLiteral("sort"), QUrl::FullyDecoded),
             QStringLiteral("[date_upd_ASC,id_ASC]"));

    const sim::SimRequest badKey =
        toSimRequest(fixture(prestashopDir, QStringLiteral("71-error-bad-key-401-xml.http")), secrets);
    QVERIFY(!badKey.header("authorization").contains('<'));
    QVERIFY(badKey.header("authorization") != list.header("authorization"));

    const sim::SimRequest odoo =
        toSimRequest(fixture(odooDir, QStringLiteral("02-common-authenticate-ok.http")), secrets);
    QCOMPARE(odoo.method, QByteArray("POST"));
    QCOMPARE(odoo.path, QStringLiteral("/jsonrpc"));
    QCOMPARE(odoo.header("content-type"), QByteArray("application/json"));
    const QJsonObject call = QJsonDocument::fromJson(odoo.body).object();
    QCOMPARE(call.value(QStringLiteral("params"))
                 .toObject()
                 .value(QStringLiteral("args"))
                 .toArray()
                 .at(2)
                 .toString(),
             QStringLiteral("TESTKEY"));
}

void TestSimFixtures::everyBodyMatchesItself()
{
    int json = 0;
    int xml = 0;
    for (const QString &dir : {prestashopDir, odooDir}) {
        for (const FixtureExchange &exchange : loadFixtureDir(dir).exchanges) {
            const QByteArray type = mediaType(exchange.responseHeader("content-type"));
            const QByteArray &body = exchange.responseBody;
            ShapeOptions options;
            options.allowTruncated = exchange.responseTruncated;
            if (!body.isEmpty() && type.endsWith("json")) {
                const QStringList differences = compareJsonShape(body, body, options);
                QVERIFY2(differences.isEmpty(), qPrintable(exchange.fileName + QLatin1Char(' ') +
                                                           differences.join(QLatin1Char('\n'))));
                ++json;
            } else if (!body.isEmpty() && type.endsWith("xml")) {
                const QStringList differences = compareXmlShape(body, body, options);
                QVERIFY2(differences.isEmpty(), qPrintable(exchange.fileName + QLatin1Char(' ') +
                                                           differences.join(QLatin1Char('\n'))));
                ++xml;
            }
            const QStringList whole = compareExchange(exchange, asResponse(exchange));
            QVERIFY2(whole.isEmpty(),
                     qPrintable(exchange.fileName + QLatin1Char(' ') + whole.join(QLatin1Char('\n'))));
        }
    }
    // Every non-empty body with a JSON or XML media type, none skipped.
    QCOMPARE(json, 117);
    QCOMPARE(xml, 30);
}

void TestSimFixtures::jsonDetectsTypeSwap()
{
    const QByteArray body =
        fixture(prestashopDir, QStringLiteral("07-products-display-fields-json.http")).responseBody;
    const QStringList priceAsNumber =
        compareJsonShape(body, replaced(body, "\"price\":\"23.900000\"", "\"price\":23.9"));
    QCOMPARE(priceAsNumber, QStringList{QStringLiteral("products[].price: expected string, got number")});
    const QStringList idAsString = compareJsonShape(body, replaced(body, "{\"id\":1,", "{\"id\":\"1\","));
    QCOMPARE(idAsString, QStringList{QStringLiteral("products[].id: expected number, got string")});
    // Write echoes return ids as strings (09) where reads have numbers (24): a real difference.
    const QByteArray read =
        fixture(prestashopDir, QStringLiteral("24-product-detail-json.http")).responseBody;
    const QByteArray echo =
        fixture(prestashopDir, QStringLiteral("09-product-post-json-output.http")).responseBody;
    QVERIFY(
        anyContains(compareJsonShape(read, echo), QStringLiteral("product.id: expected number, got string")));
}

void TestSimFixtures::jsonDetectsMissingAndExtraKeys()
{
    const QByteArray body =
        fixture(prestashopDir, QStringLiteral("07-products-display-fields-json.http")).responseBody;
    QCOMPARE(compareJsonShape(body, replaced(body, "\"reference\":\"demo_1\",", "")),
             QStringList{QStringLiteral("products[]: missing key 'reference'")});
    QCOMPARE(compareJsonShape(body, replaced(body, "\"reference\":\"demo_3\",",
                                             "\"reference\":\"demo_3\",\"ean13\":\"\",")),
             QStringList{QStringLiteral("products[]: extra key 'ean13'")});
    const QByteArray odoo = fixture(odooDir, QStringLiteral("17-product-read.http")).responseBody;
    QCOMPARE(compareJsonShape(odoo, replaced(odoo, "\"id\": 17, ", "")),
             QStringList{QStringLiteral("(root): missing key 'id'")});
}

void TestSimFixtures::jsonIgnoresKeyOrderAndArrayLength()
{
    const QByteArray body =
        fixture(prestashopDir, QStringLiteral("07-products-display-fields-json.http")).responseBody;
    // QJsonDocument writes keys sorted: same members, another order.
    const QJsonObject object = QJsonDocument::fromJson(body).object();
    const QByteArray sorted = QJsonDocument(object).toJson(QJsonDocument::Compact);
    QVERIFY(sorted != body);
    QVERIFY(sorted.startsWith("{\"products\":[{\"active\":\"1\",\"date_upd\""));
    QCOMPARE(compareJsonShape(body, sorted), QStringList());

    QJsonArray products = object.value(QStringLiteral("products")).toArray();
    QJsonArray one{products.first()};
    QJsonArray many = products;
    for (const QJsonValue &product : products)
        many.append(product);
    QCOMPARE(compareJsonShape(body, QJsonDocument(QJsonObject{{QStringLiteral("products"), one}}).toJson()),
             QStringList());
    QCOMPARE(compareJsonShape(body, QJsonDocument(QJsonObject{{QStringLiteral("products"), many}}).toJson()),
             QStringList());
}

void TestSimFixtures::jsonBareEmptyListIsNotAnObject()
{
    const QByteArray empty =
        fixture(prestashopDir, QStringLiteral("19-products-empty-json.http")).responseBody;
    QCOMPARE(empty, QByteArray("[]"));
    const QByteArray list =
        fixture(prestashopDir, QStringLiteral("12-products-filter-reference-json.http")).responseBody;
    ShapeOptions lenient;
    lenient.allowEmptyVersusFilledArrays = true;
    QCOMPARE(compareJsonShape(empty, "{\"products\":[]}", lenient),
             QStringList{QStringLiteral("(root): expected array, got object")});
    QCOMPARE(compareJsonShape("{\"products\":[]}", empty, lenient),
             QStringList{QStringLiteral("(root): expected object, got array")});
    QCOMPARE(compareJsonShape(list, empty, lenient),
             QStringList{QStringLiteral("(root): expected object, got array")});
    QVERIFY(!compareJsonShape(empty, "{}").isEmpty());
    QCOMPARE(compareJsonShape(empty, "[]"), QStringList());
}

void TestSimFixtures::jsonEmptyVersusFilledArrays()
{
    const QByteArray list =
        fixture(prestashopDir, QStringLiteral("12-products-filter-reference-json.http")).responseBody;
    QCOMPARE(compareJsonShape(list, "{\"products\":[]}"),
             QStringList{QStringLiteral("products: expected a non-empty array, got an empty one")});
    ShapeOptions lenient;
    lenient.allowEmptyVersusFilledArrays = true;
    QCOMPARE(compareJsonShape(list, "{\"products\":[]}", lenient), QStringList());
    QVERIFY(!compareJsonShape(list, "{\"products\":{}}", lenient).isEmpty());
}

void TestSimFixtures::jsonTuplesAndOdooFalse()
{
    const QByteArray read = fixture(odooDir, QStringLiteral("17-product-read.http")).responseBody;
    QCOMPARE(
        compareJsonShape(read, replaced(read, "\"categ_id\": [1, \"All\"]", "\"categ_id\": [\"All\", 1]")),
        QStringList({QStringLiteral("result[].categ_id[0]: expected number, got string"),
                     QStringLiteral("result[].categ_id[1]: expected string, got number")}));
    QCOMPARE(compareJsonShape(read, replaced(read, "\"categ_id\": [1, \"All\"]", "\"categ_id\": [1]")),
             QStringList{QStringLiteral("result[].categ_id: expected a tuple of 2 values, got 1")});
    QCOMPARE(
        compareJsonShape(read, replaced(read, "\"categ_id\": [1, \"All\"]", "\"categ_id\": [2, \"Goods\"]")),
        QStringList());
    // taxes_id is a list of ids, not a tuple: any number of numbers.
    QCOMPARE(compareJsonShape(read, replaced(read, "\"taxes_id\": [1]", "\"taxes_id\": [1, 2, 5, 7]")),
             QStringList());

    // Odoo writes false for "no value" of any type (barcode false in one row, a string in another).
    const QByteArray search =
        fixture(odooDir, QStringLiteral("09-product-search_read-by-sku.http")).responseBody;
    const QByteArray noBarcode = replaced(search, "\"barcode\": \"3760000010010\"", "\"barcode\": false");
    QCOMPARE(compareJsonShape(noBarcode, search),
             QStringList{QStringLiteral("result[].barcode: expected bool, got string")});
    ShapeOptions odoo;
    odoo.allowFalseVersusValue = true;
    QCOMPARE(compareJsonShape(noBarcode, search, odoo), QStringList());
    QVERIFY(!compareJsonShape(noBarcode, replaced(search, "\"active\": true}]", "\"active\": 1}]"), odoo)
                 .isEmpty());
}

void TestSimFixtures::jsonIgnorePaths()
{
    const QByteArray full =
        fixture(prestashopDir, QStringLiteral("05-products-display-full-limit3-json.http")).responseBody;
    QJsonObject object = QJsonDocument::fromJson(full).object();
    QJsonArray products = object.value(QStringLiteral("products")).toArray();
    QJsonObject first = products.first().toObject();
    first.remove(QStringLiteral("associations"));
    products.replace(0, first);
    object.insert(QStringLiteral("products"), products);
    const QByteArray withoutAssociations = QJsonDocument(object).toJson();
    QCOMPARE(compareJsonShape(full, withoutAssociations),
             QStringList{QStringLiteral("products[]: missing key 'associations'")});
    ShapeOptions options;
    options.ignorePaths = QStringList{QStringLiteral("products[].associations")};
    QCOMPARE(compareJsonShape(full, withoutAssociations, options), QStringList());
    options.ignorePaths = QStringList{QStringLiteral("*.associations")};
    QCOMPARE(compareJsonShape(full, withoutAssociations, options), QStringList());
}

void TestSimFixtures::xmlDetectsAttributesAndElements()
{
    const QByteArray list = fixture(prestashopDir, QStringLiteral("01-products-list-xml.http")).responseBody;
    QCOMPARE(
        compareXmlShape(
            list, replaced(list, "<product id=\"1\" xlink:href=\"http://127.0.0.1:8082/api/products/1\"/>",
                           "<product id=\"1\"/>")),
        QStringList{QStringLiteral("prestashop/products/product: missing attribute 'xlink:href'")});
    QCOMPARE(compareXmlShape(list, replaced(list, "<product id=\"1\" ", "<product id=\"1\" position=\"1\" ")),
             QStringList{QStringLiteral("prestashop/products/product: extra attribute 'position'")});

    const QByteArray detail =
        fixture(prestashopDir, QStringLiteral("23-product-detail-xml.http")).responseBody;
    QCOMPARE(
        compareXmlShape(detail, replaced(detail, "<product>\n", "<product>\n\t<foo><![CDATA[x]]></foo>\n")),
        QStringList{QStringLiteral("prestashop/product: extra element <foo>")});
    QCOMPARE(compareXmlShape(detail, replaced(detail, "\t<reference><![CDATA[demo_1]]></reference>\n", "")),
             QStringList{QStringLiteral("prestashop/product: missing element <reference>")});
    QCOMPARE(compareXmlShape(detail, replaced(detail, "<reference><![CDATA[demo_1]]></reference>",
                                              "<reference><v>demo_1</v></reference>")),
             QStringList{QStringLiteral("prestashop/product/reference: expected text, got child elements")});
    QCOMPARE(
        compareXmlShape(detail, replaced(detail, "<prestashop xmlns:xlink=\"http://www.w3.org/1999/xlink\">",
                                         "<prestashop>")),
        QStringList{QStringLiteral("prestashop: missing attribute 'xmlns:xlink'")});
    QVERIFY(anyContains(compareXmlShape(detail, "<shop/>"),
                        QStringLiteral("(root): expected <prestashop>, got <shop>")));
    QVERIFY(anyContains(compareXmlShape(detail, "<prestashop><product>"), QStringLiteral("not well-formed")));
}

void TestSimFixtures::xmlIgnoresCdataWhitespaceAndComments()
{
    const QByteArray detail =
        fixture(prestashopDir, QStringLiteral("23-product-detail-xml.http")).responseBody;
    // Every CDATA section as escaped plain text (the descriptions hold HTML).
    static const QRegularExpression cdata(QStringLiteral("<!\\[CDATA\\[(.*?)\\]\\]>"),
                                          QRegularExpression::DotMatchesEverythingOption);
    const QString source = QString::fromUtf8(detail);
    QString text;
    qsizetype done = 0;
    for (const QRegularExpressionMatch &match : cdata.globalMatch(source)) {
        text += source.mid(done, match.capturedStart() - done) + match.captured(1).toHtmlEscaped();
        done = match.capturedEnd();
    }
    const QByteArray plain = (text + source.mid(done)).toUtf8();
    QVERIFY(!plain.contains("CDATA"));
    QVERIFY(plain.contains("&lt;p&gt;"));
    QCOMPARE(compareXmlShape(detail, plain), QStringList());

    QByteArray compact = plain;
    compact.replace("\n", "").replace("\t", "");
    compact.replace("<?xml version=\"1.0\" encoding=\"UTF-8\"?>", "<!-- simulated -->");
    QCOMPARE(compareXmlShape(detail, compact), QStringList());
}

void TestSimFixtures::xmlEmptyListsAndText()
{
    const QByteArray empty =
        fixture(prestashopDir, QStringLiteral("20-products-empty-xml.http")).responseBody;
    const QByteArray list = fixture(prestashopDir, QStringLiteral("01-products-list-xml.http")).responseBody;
    QCOMPARE(
        compareXmlShape(empty, list),
        QStringList{QStringLiteral("prestashop/products: expected an empty element, got child elements")});
    ShapeOptions lenient;
    lenient.allowEmptyVersusFilledArrays = true;
    QCOMPARE(compareXmlShape(empty, list, lenient), QStringList());
    QCOMPARE(compareXmlShape(list, empty, lenient), QStringList());

    const QByteArray detail =
        fixture(prestashopDir, QStringLiteral("23-product-detail-xml.http")).responseBody;
    const QByteArray noReference =
        replaced(detail, "<reference><![CDATA[demo_1]]>", "<reference><![CDATA[]]>");
    QCOMPARE(
        compareXmlShape(detail, noReference),
        QStringList{QStringLiteral("prestashop/product/reference: expected text, got an empty element")});
    ShapeOptions data;
    data.allowEmptyVersusText = true;
    QCOMPARE(compareXmlShape(detail, noReference, data), QStringList());
}

void TestSimFixtures::xmlTruncatedExpectedComparesKeptPart()
{
    const QByteArray detail =
        fixture(prestashopDir, QStringLiteral("23-product-detail-xml.http")).responseBody;
    const QByteArray cut =
        detail.left(detail.indexOf("<meta_description>") + 40); // inside a list of languages
    QVERIFY(anyContains(compareXmlShape(cut, detail), QStringLiteral("not well-formed")));
    ShapeOptions options;
    options.allowTruncated = true;
    QCOMPARE(compareXmlShape(cut, detail, options), QStringList());
    // What was kept is still compared.
    QCOMPARE(
        compareXmlShape(cut, replaced(detail, "\t<reference><![CDATA[demo_1]]></reference>\n", ""), options),
        QStringList{QStringLiteral("prestashop/product: missing element <reference>")});

    FixtureExchange truncated =
        fixture(prestashopDir, QStringLiteral("04-products-display-full-limit3-xml.http"));
    sim::SimResponse answer = asResponse(truncated);
    answer.body = replaced(answer.body, "<products>", "<products><surprise/>");
    QCOMPARE(compareExchange(truncated, answer),
             QStringList{QStringLiteral("prestashop/products: extra element <surprise>")});
}

void TestSimFixtures::exchangeStatusAndMediaType()
{
    const FixtureExchange notFound =
        fixture(prestashopDir, QStringLiteral("74-error-unknown-id-404-json.http"));
    sim::SimResponse answer;
    answer.status = 404;
    answer.setHeader("content-type", "");
    QCOMPARE(compareExchange(notFound, answer), QStringList());
    answer.setHeader("content-type", "application/json");
    QCOMPARE(compareExchange(notFound, answer),
             QStringList{QStringLiteral("Content-Type: expected an empty header, got \"application/json\"")});
    answer.headers.clear();
    QCOMPARE(compareExchange(notFound, answer),
             QStringList{QStringLiteral("Content-Type: expected an empty header, got no header")});
    answer.setHeader("content-type", "");
    answer.status = 200;
    answer.body = "{}";
    QCOMPARE(compareExchange(notFound, answer),
             QStringList({QStringLiteral("status: expected 404, got 200"),
                          QStringLiteral("body: expected an empty body, got 2 bytes")}));

    const FixtureExchange odoo = fixture(odooDir, QStringLiteral("15-product-search_count.http"));
    sim::SimResponse rpc = asResponse(odoo);
    rpc.setHeader("content-type", "application/json"); // parameters are not compared
    QCOMPARE(compareExchange(odoo, rpc), QStringList());
    rpc.setHeader("content-type", "text/html; charset=utf-8");
    QCOMPARE(compareExchange(odoo, rpc),
             QStringList{QStringLiteral("Content-Type: expected \"application/json\", got \"text/html\"")});

    const FixtureExchange noAuth = fixture(prestashopDir, QStringLiteral("70-error-no-auth-401.http"));
    sim::SimResponse plain = asResponse(noAuth);
    plain.body = "Unauthorized";
    QCOMPARE(compareExchange(noAuth, plain), QStringList()); // other text: presence is the shape
    plain.body.clear();
    QCOMPARE(compareExchange(noAuth, plain),
             QStringList{QStringLiteral("body: expected a non-empty body, got an empty one")});
    plain = asResponse(noAuth);
    plain.headers.removeIf([](const auto &header) { return header.first == "WWW-Authenticate"; });
    ShapeOptions options;
    options.requiredHeaders = {"WWW-Authenticate"};
    QCOMPARE(compareExchange(noAuth, plain, options),
             QStringList{QStringLiteral("WWW-Authenticate: expected this header, got none")});
}

void TestSimFixtures::differencesAreCapped()
{
    const QByteArray detail =
        fixture(prestashopDir, QStringLiteral("23-product-detail-xml.http")).responseBody;
    const QByteArray bare = "<prestashop xmlns:xlink=\"x\"><product><x/></product></prestashop>";
    ShapeOptions unlimited;
    unlimited.maxDifferences = 0;
    const QStringList all = compareXmlShape(detail, bare, unlimited);
    QVERIFY(all.size() > 25);
    QVERIFY(all.contains(QStringLiteral("prestashop/product: extra element <x>")));
    const QStringList some = compareXmlShape(detail, bare);
    QCOMPARE(some.size(), 21);
    QCOMPARE(some.mid(0, 20), all.mid(0, 20));
    QCOMPARE(some.last(), QStringLiteral("... and %1 more differences").arg(all.size() - 20));
}

QTEST_GUILESS_MAIN(TestSimFixtures)
#include "tst_simfixtures.moc"
