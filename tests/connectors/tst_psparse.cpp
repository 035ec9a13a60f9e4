// The PrestaShop connector's parsing and error classification against the real PrestaShop 8.1.2
// exchanges (tests/fixtures/real/prestashop-8.1). Request bodies, paging and batches: tst_psrequests.
#include "tst_psfixture.h"

#include "connectors/prestashop/pserrors.h"
#include "connectors/prestashop/psjson.h"
#include "connectors/prestashop/psxml.h"

#include <QTest>

using namespace syncsmart;
using namespace syncsmart::ps;
using namespace psfixture;

class TestPsParse : public QObject
{
    Q_OBJECT

private slots:
    void fixturesPresent();
    void productListWithDisplayedFields();
    void deltaQueryDatesToUtc();
    void emptyAndSingleLists();
    void fullProductsMultilingual();
    void productDetailAndCollapsedLanguage();
    void writeEchoesHaveStringNumbers();
    void stockAvailables();
    void combinations();
    void orders();
    void customers();
    void apiRootPermissions();
    void xmlEchoId();
    void classifiesEveryRealError_data();
    void classifiesEveryRealError();
    void classifiesSyntheticStatuses();
    void badBodiesAreClassified();
    void everyNon2xxIsAnError();
    void phpWarningsKeepThePeerAlive();
};

void TestPsParse::fixturesPresent()
{
    const QDir dir(QStringLiteral(PS_FIXTURES_DIR));
    QCOMPARE(dir.entryList({QStringLiteral("*.http")}, QDir::Files).size(), 92);
}

void TestPsParse::productListWithDisplayedFields()
{
    const Exchange e = load(QStringLiteral("07"));
    QCOMPARE(e.status, 200);
    Result<QVector<QJsonObject>> list = parseList(e.body, QStringLiteral("products"), kWhat);
    QVERIFY(list.ok());
    QCOMPARE(list->size(), 5);
    const QStringList fields{field::Price, field::Active};
    const ProductData p = productFromJson(list->first(), fields, {}, kParis);
    QCOMPARE(p.peerId, QStringLiteral("1"));
    QCOMPARE(p.sku, QStringLiteral("demo_1"));
    QCOMPARE(p.fields.value(field::Price).toDouble(), 23.9); // "23.900000"
    QCOMPARE(p.fields.value(field::Active).typeId(), int(QMetaType::Bool));
    QCOMPARE(p.fields.value(field::Active).toBool(), true);
    QCOMPARE(p.updatedAt, utc(QStringLiteral("2026-12-03 13:01:13"))); // Paris is UTC+1 in December
    QCOMPARE(p.fields.size(), 2);
}

void TestPsParse::deltaQueryDatesToUtc()
{
    const Exchange e = load(QStringLiteral("16"));
    QVERIFY(e.path.contains(QStringLiteral("date=1")));
    Result<QVector<QJsonObject>> list = parseList(e.body, QStringLiteral("products"), kWhat);
    QVERIFY(list.ok());
    QStringList skus;
    for (const QJsonObject &o : list.value()) {
        const ProductData p = productFromJson(o, {field::Price}, {}, kParis);
        skus.append(p.sku);
        QCOMPARE(p.updatedAt, utc(QStringLiteral("2026-12-03 13:01:19")));
    }
    QCOMPARE(skus, (QStringList{QStringLiteral("SKU-1001"), QStringLiteral("SKU-1002"),
                                QStringLiteral("SKU-1003")}));
    // The XML form of the same query is the same three products (we read JSON, but the shape agrees).
    QVERIFY(load(QStringLiteral("15")).body.contains("SKU-1003"));
}

void TestPsParse::emptyAndSingleLists()
{
    Result<QVector<QJsonObject>> empty =
        parseList(load(QStringLiteral("19")).body, QStringLiteral("products"), kWhat);
    QVERIFY(empty.ok());
    QCOMPARE(empty->size(), 0);
    Result<QVector<QJsonObject>> one =
        parseList(load(QStringLiteral("12")).body, QStringLiteral("products"), kWhat);
    QVERIFY(one.ok());
    QCOMPARE(one->size(), 1);
    QCOMPARE(text(one->first().value(QStringLiteral("reference"))), QStringLiteral("SKU-1001"));
    Result<QVector<QJsonObject>> two =
        parseList(load(QStringLiteral("13")).body, QStringLiteral("products"), kWhat);
    QVERIFY(two.ok());
    QCOMPARE(two->size(), 2); // NOPE matched nothing
    // The sorted paging pages parse too (deterministic order by id).
    Result<QVector<QJsonObject>> sorted =
        parseList(load(QStringLiteral("92")).body, QStringLiteral("products"), kWhat);
    QVERIFY(sorted.ok());
    QVERIFY(!sorted->isEmpty());
    for (int i = 1; i < sorted->size(); ++i)
        QVERIFY(integer(sorted->at(i).value(QStringLiteral("id"))) >
                integer(sorted->at(i - 1).value(QStringLiteral("id"))));
}

void TestPsParse::fullProductsMultilingual()
{
    Result<QVector<QJsonObject>> list =
        parseList(load(QStringLiteral("05")).body, QStringLiteral("products"), kWhat);
    QVERIFY(list.ok());
    QCOMPARE(list->size(), 3);
    const QStringList fields{field::Name,   field::LinkRewrite, field::Cost,
                             field::Weight, field::Ean13,       field::Description};
    const ProductData all = productFromJson(list->first(), fields, {}, kParis);
    const QVariantMap name = all.fields.value(field::Name).toMap();
    QCOMPARE(name.value(QStringLiteral("1")).toString(), QStringLiteral("Hummingbird printed t-shirt"));
    QCOMPARE(name.value(QStringLiteral("2")).toString(), QStringLiteral("T-shirt imprimé colibri"));
    QCOMPARE(all.fields.value(field::Cost).toDouble(), 5.49);
    QCOMPARE(all.fields.value(field::Weight).toDouble(), 0.3);
    QCOMPARE(all.fields.value(field::Ean13).typeId(), int(QMetaType::QString));
    QVERIFY(all.fields.value(field::Description)
                .toMap()
                .value(QStringLiteral("1"))
                .toString()
                .startsWith(QStringLiteral("<p>")));
    // Only the profile's languages.
    const ProductData fr = productFromJson(list->first(), {field::Name}, {QStringLiteral("2")}, kParis);
    QCOMPARE(fr.fields.value(field::Name).toMap().keys(), QStringList{QStringLiteral("2")});
}

void TestPsParse::productDetailAndCollapsedLanguage()
{
    // A single record under "product": parseList accepts it, parseSingle too.
    Result<QVector<QJsonObject>> detail =
        parseList(load(QStringLiteral("24")).body, QStringLiteral("products"), kWhat);
    QVERIFY(detail.ok());
    QCOMPARE(detail->size(), 1);
    Result<QJsonObject> single =
        parseSingle(load(QStringLiteral("25")).body, QStringLiteral("product"), kWhat);
    QVERIFY(single.ok());
    QCOMPARE(text(single->value(QStringLiteral("reference"))), QStringLiteral("SKU-1001"));
    // language=1 collapses [{id,value}] to a plain string (fixture 26).
    Result<QJsonObject> collapsed =
        parseSingle(load(QStringLiteral("26")).body, QStringLiteral("product"), kWhat);
    QVERIFY(collapsed.ok());
    const ProductData p = productFromJson(*collapsed, {field::Name, field::Price}, {}, kParis);
    QCOMPARE(p.fields.value(field::Name).toMap().size(), 1);
    QVERIFY(!p.fields.value(field::Name).toMap().value(QStringLiteral("1")).toString().isEmpty());
    QCOMPARE(p.fields.value(field::Price).toDouble(), 12.5);
}

void TestPsParse::writeEchoesHaveStringNumbers()
{
    // POST echo with output_format=JSON: ids and numbers as strings (fixture 10).
    Result<QJsonObject> created =
        parseSingle(load(QStringLiteral("10")).body, QStringLiteral("product"), kWhat);
    QVERIFY(created.ok());
    const ProductData p = productFromJson(*created, {field::Price, field::Active, field::Name}, {}, kParis);
    QCOMPARE(p.peerId, QStringLiteral("22"));
    QCOMPARE(p.fields.value(field::Price).toDouble(), 5.0);
    QCOMPARE(p.fields.value(field::Active).toBool(), true);
    QCOMPARE(p.fields.value(field::Name).toMap().value(QStringLiteral("2")).toString(),
             QStringLiteral("Produit brouillon sync"));
    // PATCH echo of a stock row: "quantity":"17" as a string (fixture 38).
    Result<QJsonObject> stock =
        parseSingle(load(QStringLiteral("38")).body, QStringLiteral("stock_available"), kWhat);
    QVERIFY(stock.ok());
    const StockLevel s = stockFromJson(*stock);
    QCOMPARE(s.stockId, QStringLiteral("59"));
    QCOMPARE(s.quantity, 17.0);
    QCOMPARE(s.combinationId, QStringLiteral("0")); // absent in the echo
}

void TestPsParse::stockAvailables()
{
    Result<QVector<QJsonObject>> rows =
        parseList(load(QStringLiteral("33")).body, QStringLiteral("stock_availables"), kWhat);
    QVERIFY(rows.ok());
    QCOMPARE(rows->size(), 9);
    const StockLevel product = stockFromJson(rows->at(0));
    QCOMPARE(product.stockId, QStringLiteral("1"));
    QCOMPARE(product.productId, QStringLiteral("1"));
    QCOMPARE(product.combinationId, QStringLiteral("0"));
    QCOMPARE(product.quantity, 2400.0);
    const StockLevel combo = stockFromJson(rows->at(1));
    QCOMPARE(combo.combinationId, QStringLiteral("1"));
    QCOMPARE(combo.quantity, 300.0);
    Result<QVector<QJsonObject>> two =
        parseList(load(QStringLiteral("35")).body, QStringLiteral("stock_availables"), kWhat);
    QVERIFY(two.ok());
    QCOMPARE(two->size(), 2);
    QCOMPARE(stockFromJson(two->at(1)).stockId, QStringLiteral("60"));
}

void TestPsParse::combinations()
{
    Result<QVector<QJsonObject>> rows =
        parseList(load(QStringLiteral("68")).body, QStringLiteral("combinations"), kWhat);
    QVERIFY(rows.ok());
    QCOMPARE(rows->size(), 8);
    QCOMPARE(text(rows->first().value(QStringLiteral("reference"))), QStringLiteral("demo_1"));
    QCOMPARE(text(rows->first().value(QStringLiteral("id_product"))), QStringLiteral("1"));
    Result<QJsonObject> one =
        parseSingle(load(QStringLiteral("67")).body, QStringLiteral("combination"), kWhat);
    QVERIFY(one.ok());
}

void TestPsParse::orders()
{
    Result<QVector<QJsonObject>> one =
        parseList(load(QStringLiteral("54")).body, QStringLiteral("orders"), kWhat);
    QVERIFY(one.ok());
    QCOMPARE(one->size(), 1);
    const ShopOrder order = orderFromJson(one->first(), kParis);
    QCOMPARE(order.id, QStringLiteral("1"));
    QCOMPARE(order.reference, QStringLiteral("XKBKNABJK"));
    QCOMPARE(order.currentState, QStringLiteral("6"));
    QCOMPARE(order.customer.id, QStringLiteral("2"));
    QCOMPARE(order.updatedAt, utc(QStringLiteral("2026-12-03 13:01:14")));
    QCOMPARE(order.totalPaidTaxIncl, 68.2);
    QCOMPARE(order.totalShippingTaxExcl, 7.0);
    QCOMPARE(order.lines.size(), 2);
    QCOMPARE(order.lines.at(0).sku, QStringLiteral("demo_1"));
    QCOMPARE(order.lines.at(0).combinationId, QStringLiteral("1"));
    QCOMPARE(order.lines.at(0).quantity, 1.0);
    QCOMPARE(order.lines.at(1).unitPriceTaxExcl, 35.9);
    const ShopOrder second = orderFromJson(
        parseSingle(load(QStringLiteral("55")).body, QStringLiteral("order"), kWhat).value(), kParis);
    QVERIFY(second.lines.size() >= 2);
    for (const OrderLine &l : second.lines)
        QVERIFY(!l.sku.isEmpty() && l.quantity > 0);
    // The delta list (fixture 52) gives ids and dates.
    Result<QVector<QJsonObject>> delta =
        parseList(load(QStringLiteral("52")).body, QStringLiteral("orders"), kWhat);
    QVERIFY(delta.ok());
    QCOMPARE(delta->size(), 3);
    QCOMPARE(orderFromJson(delta->at(1), kParis).reference, QStringLiteral("OHSATSERP"));
    // Lines also come from order_details (fixture 56).
    Result<QVector<QJsonObject>> details =
        parseList(load(QStringLiteral("56")).body, QStringLiteral("order_details"), kWhat);
    QVERIFY(details.ok());
    QCOMPARE(orderLineFromJson(details->first()).sku, QStringLiteral("demo_1"));
    QCOMPARE(orderLineFromJson(details->first()).unitPriceTaxExcl, 23.9);
}

void TestPsParse::customers()
{
    Result<QVector<QJsonObject>> one =
        parseList(load(QStringLiteral("63")).body, QStringLiteral("customers"), kWhat);
    QVERIFY(one.ok());
    const OrderCustomer c = customerFromJson(one->first());
    QCOMPARE(c.id, QStringLiteral("2"));
    QCOMPARE(c.email, QStringLiteral("pub@prestashop.com"));
    QCOMPARE(c.firstName, QStringLiteral("John"));
    QCOMPARE(c.lastName, QStringLiteral("DOE"));
}

void TestPsParse::apiRootPermissions()
{
    // The fixture is cut at 20 KiB (after product_options): as stored it is unreadable XML, which
    // must be an error, not a partial permission list; closed after the last whole resource, it reads.
    const Exchange e = load(QStringLiteral("90"));
    QVERIFY(!parseApiRoot(e.body, kWhat).ok());
    const QByteArray lastWhole = "</product_options>";
    const QByteArray closed =
        e.body.left(e.body.lastIndexOf(lastWhole) + lastWhole.size()) + "\n</api>\n</prestashop>\n";
    Result<ApiRoot> root = parseApiRoot(closed, kWhat);
    QVERIFY(root.ok());
    QCOMPARE(root->shopName, QStringLiteral("PeerShop"));
    for (const char *r :
         {"combinations", "orders", "order_details", "order_histories", "order_states", "customers"}) {
        QVERIFY2(root->methods.contains(QString::fromLatin1(r)), r);
        QCOMPARE(root->methods.value(QString::fromLatin1(r)),
                 (QSet<QString>{QStringLiteral("GET"), QStringLiteral("PUT"), QStringLiteral("POST"),
                                QStringLiteral("PATCH"), QStringLiteral("DELETE"), QStringLiteral("HEAD")}));
    }
    QVERIFY(!root->methods.contains(QStringLiteral("description"))); // a child, not a resource
    // A restricted key: methods the attributes do not grant are absent.
    const QByteArray restricted = "<?xml version=\"1.0\"?><prestashop><api shopName=\"S\">"
                                  "<products get=\"true\" put=\"false\" post=\"false\" patch=\"false\"/>"
                                  "</api></prestashop>";
    Result<ApiRoot> r2 = parseApiRoot(restricted, kWhat);
    QVERIFY(r2.ok());
    QCOMPARE(r2->methods.value(QStringLiteral("products")), QSet<QString>{QStringLiteral("GET")});
    QVERIFY(!parseApiRoot(QByteArray("<prestashop><api><products get=\"tr\x01ue\""), kWhat).ok());
}

void TestPsParse::xmlEchoId()
{
    Result<QString> id = idFromXmlEcho(load(QStringLiteral("08")).body, QStringLiteral("product"), kWhat);
    QVERIFY(id.ok());
    QCOMPARE(id.value(), QStringLiteral("20"));
    Result<QString> stock =
        idFromXmlEcho(load(QStringLiteral("37")).body, QStringLiteral("stock_available"), kWhat);
    QVERIFY(stock.ok());
    QCOMPARE(stock.value(), QStringLiteral("59"));
    QVERIFY(!idFromXmlEcho(load(QStringLiteral("08")).body.left(120), QStringLiteral("product"), kWhat).ok());
}

void TestPsParse::classifiesEveryRealError_data()
{
    QTest::addColumn<QString>("fixture");
    QTest::addColumn<int>("category");
    QTest::addColumn<QString>("mustSay");
    const int T = int(ErrorCategory::Transient), P = int(ErrorCategory::Permanent),
              A = int(ErrorCategory::Auth), C = int(ErrorCategory::Config);
    QTest::newRow("17 date filter without date=1 (500)") << "17" << P << "This filter does not exist";
    QTest::newRow("47 PUT read-only field (400)") << "47" << P << "not writabl";
    QTest::newRow("48 PUT PHP warning only (500)") << "48" << T << "PHP Warning";
    QTest::newRow("70 no credentials (401 text)") << "70" << A << "Advanced Parameters > Webservice";
    QTest::newRow("71 bad key XML") << "71" << A << "Authentification key is not active";
    QTest::newRow("72 bad key JSON") << "72" << A << "Check the key";
    QTest::newRow("73 unknown id, empty 404") << "73" << P << "SKU-9 does not exist";
    QTest::newRow("74 unknown id JSON") << "74" << P << "does not exist";
    QTest::newRow("75 PATCH unknown id") << "75" << P << "Invalid ID";
    QTest::newRow("76 bad filter XML (500)") << "76" << P << "This filter does not exist";
    QTest::newRow("77 bad filter JSON (500)") << "77" << P << "code 32";
    QTest::newRow("78 bad display (500)") << "78" << P << "Unable to display this field";
    QTest::newRow("79 bad sort (500)") << "79" << P << "sort";
    QTest::newRow("80 unknown resource (400)") << "80" << P << "productz";
    QTest::newRow("81 PATCH without id (400)") << "81" << P << "id is required";
    QTest::newRow("82 invalid value (400)") << "82" << P << "Product->price is not valid";
    QTest::newRow("83 malformed XML body (500)") << "83" << P << "String could not be parsed as XML";
    QTest::newRow("84 JSON body (500)") << "84" << P << "String could not be parsed as XML";
    QTest::newRow("85 POST stock XML (405)") << "85" << C << "not allowed";
    QTest::newRow("86 POST stock JSON (405)") << "86" << C << "POST";
    QTest::newRow("87 500 yet created") << "87" << T << "PHP warnings only";
    QTest::newRow("89 JSON root fatal (500 empty)") << "89" << T << "empty body";
}

void TestPsParse::classifiesEveryRealError()
{
    QFETCH(QString, fixture);
    QFETCH(int, category);
    QFETCH(QString, mustSay);
    const Exchange e = load(fixture);
    QVERIFY(e.status >= 400);
    const std::optional<Error> error =
        classifyResponse(QStringLiteral("PrestaShop"),
                         requestOf(e, QStringLiteral("test op"), QStringLiteral("SKU-9")), responseOf(e), 0);
    QVERIFY(error.has_value());
    QVERIFY2(int(error->category) == category, qPrintable(error->toString()));
    QVERIFY2(error->message.startsWith(QStringLiteral("PrestaShop: test op SKU-9")),
             qPrintable(error->message));
    QVERIFY2(error->message.contains(mustSay), qPrintable(error->message));
    QVERIFY(error->message.size() < 1500); // the 60-field lists of codes 32/35 are cut
    QCOMPARE(error->context.value(QStringLiteral("httpStatus")).toInt(), e.status);
}

void TestPsParse::everyNon2xxIsAnError()
{
    // A 301 to a PATCH used to pass for a write: nothing written, the record marked synced.
    HttpRequest req;
    req.method = "PATCH";
    req.url = QUrl(QStringLiteral("http://shop.example/api/products/20"));
    req.operation = QStringLiteral("update product");
    req.record = QStringLiteral("SKU-1");
    auto classify = [&](int status, HttpHeaders headers = {}) {
        HttpResponse r;
        r.status = status;
        r.headers = headers;
        return classifyResponse(QStringLiteral("PrestaShop"), req, r, 0,
                                QUrl(QStringLiteral("http://shop.example/api/")));
    };
    for (int ok : {200, 201, 204})
        QVERIFY(!classify(ok).has_value());
    const auto moved = classify(301, {{"location", "https://shop.example/api/products/20"}});
    QVERIFY(moved.has_value());
    QVERIFY2(moved->category == ErrorCategory::Config, qPrintable(moved->toString()));
    QVERIFY2(moved->message.startsWith(QStringLiteral("PrestaShop: update product SKU-1")),
             qPrintable(moved->message));
    QVERIFY2(moved->message.contains(QStringLiteral("https://shop.example/api/products/20")),
             qPrintable(moved->message));
    QVERIFY2(moved->message.contains(
                 QStringLiteral("set the shop URL in the profile to https://shop.example/api/")),
             qPrintable(moved->message));
    QCOMPARE(moved->context.value(QStringLiteral("location")).toString(),
             QStringLiteral("https://shop.example/api/products/20"));
    for (int s : {302, 303, 307, 308}) {
        const auto e = classify(s, {{"location", "/shop2/api/products/20"}});
        QVERIFY(e && e->category == ErrorCategory::Config);
        QVERIFY2(e->message.contains(QStringLiteral("http://shop.example/shop2/api/products/20")),
                 qPrintable(e->message));
    }
    const auto noLocation = classify(302);
    QVERIFY(noLocation && noLocation->category == ErrorCategory::Config);
    // The connector sends no conditional request: a 304 (or a 1xx) is never a success either.
    for (int s : {304, 100, 199}) {
        const auto e = classify(s);
        QVERIFY2(e && e->category == ErrorCategory::Permanent, qPrintable(QString::number(s)));
    }
}

void TestPsParse::phpWarningsKeepThePeerAlive()
{
    // Fixture 87: 500 whose errors are PHP warnings only. Transient, but the shop answered: the HTTP
    // layer must not count it toward opening the circuit.
    const Exchange e = load(QStringLiteral("87"));
    const std::optional<Error> error = classifyResponse(
        QStringLiteral("PrestaShop"), requestOf(e, QStringLiteral("create product"), QStringLiteral("SKU-9")),
        responseOf(e), 0);
    QVERIFY(error && error->category == ErrorCategory::Transient);
    QVERIFY(error->context.value(QStringLiteral("peerAlive")).toBool());
    // An empty or HTML 500 may be an outage: no peerAlive.
    HttpRequest req;
    req.method = "GET";
    req.url = QUrl(QStringLiteral("http://shop/api/products"));
    HttpResponse empty;
    empty.status = 500;
    const auto outage = classifyResponse(QStringLiteral("PrestaShop"), req, empty, 0);
    QVERIFY(outage && outage->category == ErrorCategory::Transient);
    QVERIFY(!outage->context.contains(QStringLiteral("peerAlive")));
}

void TestPsParse::classifiesSyntheticStatuses()
{
    HttpRequest req;
    req.method = "GET";
    req.url = QUrl(QStringLiteral("http://shop/api/orders?output_format=JSON"));
    req.operation = QStringLiteral("read changed orders");
    auto classify = [&](int status, const QByteArray &body, HttpHeaders headers = {}) {
        HttpResponse r;
        r.status = status;
        r.body = body;
        r.headers = headers;
        return classifyResponse(QStringLiteral("PrestaShop"), req, r, 1'000'000);
    };
    const QByteArray html =
        "<html><head><title>503 Service Unavailable</title></head><body>nginx</body></html>";
    auto busy = classify(503, html, {{"retry-after", "7"}});
    QVERIFY(busy && busy->category == ErrorCategory::Transient);
    QCOMPARE(busy->context.value(QStringLiteral("retryAfterMs")).toLongLong(), 7000);
    auto limited = classify(429, QByteArray(), {{"retry-after", "2"}});
    QVERIFY(limited && limited->category == ErrorCategory::Transient);
    QCOMPARE(limited->context.value(QStringLiteral("retryAfterMs")).toLongLong(), 2000);
    for (int s : {500, 502, 504}) {
        auto e = classify(s, html);
        QVERIFY(e && e->category == ErrorCategory::Transient);
    }
    auto disabled =
        classify(503, "{\"errors\":[{\"code\":22,\"message\":\"The PrestaShop webservice is disabled.\"}]}");
    QVERIFY(disabled && disabled->category == ErrorCategory::Config);
    auto forbidden = classify(403, "{\"errors\":[{\"code\":132,\"message\":\"No permission\"}]}");
    QVERIFY(forbidden && forbidden->category == ErrorCategory::Auth);
    QVERIFY(forbidden->message.contains(QStringLiteral("GET on \"orders\"")));
    auto unableToSave = classify(500, "{\"errors\":[{\"code\":46,\"message\":\"Unable to save resource\"}]}");
    QVERIFY(unableToSave && unableToSave->category == ErrorCategory::Permanent);
    req.url = QUrl(QStringLiteral("http://shop/api/products/999"));
    auto missing = classify(404, QByteArray());
    QVERIFY(missing && missing->category == ErrorCategory::Permanent);
    QVERIFY2(missing->message.contains(QStringLiteral("products 999 does not exist")),
             qPrintable(missing->message));
    QVERIFY(!classify(200, "{}"));
    QVERIFY(!classify(201, "{}"));
}

void TestPsParse::badBodiesAreClassified()
{
    const QByteArray good = load(QStringLiteral("07")).body;
    // Truncated (the simulator's "malformed" fault cuts the body in half).
    Result<QVector<QJsonObject>> cut =
        parseList(good.left(good.size() / 2), QStringLiteral("products"), kWhat);
    QVERIFY(!cut.ok());
    QVERIFY(cut.error().category == ErrorCategory::Transient);
    QCOMPARE(cut.error().code, QStringLiteral("prestashop.bad_body"));
    QVERIFY2(cut.error().message.contains(QStringLiteral("truncated")), qPrintable(cut.error().message));
    QVERIFY(cut.error().message.startsWith(kWhat));
    // Control characters (the "invalid-xml-chars" fault puts \x0B\x01\x1F into the first value).
    QByteArray dirty = good;
    dirty.insert(good.indexOf(":\"") + 2, "\x0B\x01\x1F");
    Result<QVector<QJsonObject>> bad = parseList(dirty, QStringLiteral("products"), kWhat);
    QVERIFY(!bad.ok());
    QVERIFY(bad.error().message.contains(QStringLiteral("control character")));
    // Garbage: HTML, a PHP notice before the JSON, the wrong resource.
    QVERIFY(!parseList("<html>oops</html>", QStringLiteral("products"), kWhat).ok());
    QVERIFY(!parseList("Notice: Undefined index\n{\"products\":[]}", QStringLiteral("products"), kWhat).ok());
    QVERIFY(!parseList("{\"orders\":[{\"id\":1}]}", QStringLiteral("products"), kWhat).ok());
    QVERIFY(!parseList("[1,2]", QStringLiteral("products"), kWhat).ok());
    // Invalid XML characters in an XML body.
    QByteArray xml = load(QStringLiteral("90")).body;
    xml.insert(xml.indexOf("<api"), "\x01");
    QVERIFY(!parseApiRoot(xml, kWhat).ok());
}

QTEST_GUILESS_MAIN(TestPsParse)
#include "tst_psparse.moc"
