// Unit tests of the Odoo connector's pure parts over the real exchanges captured from Odoo 17
// (tests/fixtures/real/odoo-17): the JSON-RPC envelope, results, records to catalog types, and the
// classification of every real error answer. No network.
#include "connectors/odoo/odooerrors.h"
#include "connectors/odoo/odooparse.h"
#include "connectors/odoo/odoorpc.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QtTest>

using namespace syncsmart;
using namespace syncsmart::odoo;

namespace {

struct Exchange
{
    QByteArray requestBody;
    HttpRequest request;
    HttpResponse response;
};

// "> " lines are the request (line, headers, body), "< " lines the response status and headers; the
// body follows the line that is exactly "<" byte for byte.
Exchange load(const QString &name)
{
    Exchange x;
    const QDir dir(QStringLiteral(ODOO_FIXTURES_DIR));
    const QStringList matches = dir.entryList({name + QStringLiteral("*.http")});
    if (matches.size() != 1) {
        qWarning() << "fixture" << name << "matches" << matches;
        return x;
    }
    QFile file(dir.filePath(matches.first()));
    if (!file.open(QIODevice::ReadOnly))
        return x;
    const QByteArray all = file.readAll();
    const qsizetype split = all.indexOf("\n<\n");
    const QByteArray head = all.left(split);
    x.response.body = all.mid(split + 3);
    for (const QByteArray &line : head.split('\n')) {
        if (line.startsWith("> {"))
            x.requestBody = line.mid(2);
        else if (line.startsWith("< HTTP/"))
            x.response.status = line.split(' ').value(2).toInt();
        else if (line.startsWith("< ") && line.contains(':')) {
            const qsizetype colon = line.indexOf(':');
            x.response.headers.append({line.mid(2, colon - 2).toLower(), line.mid(colon + 1).trimmed()});
        }
    }
    x.request.method = "POST";
    x.request.url = QUrl(QStringLiteral("http://127.0.0.1:8069/jsonrpc"));
    x.request.body = x.requestBody;
    x.request.operation = QStringLiteral("test");
    return x;
}

ErrorScope scopeFor(const Exchange &x)
{
    const QJsonArray args =
        QJsonDocument::fromJson(x.requestBody).object().value(QLatin1String("params")).toObject().value(QLatin1String("args")).toArray();
    return ErrorScope{QStringLiteral("Odoo: test"), QStringLiteral("admin"), args.at(0).toString()};
}

QJsonValue resultOf(const Exchange &x)
{
    const auto r = OdooRpc::resultOf(x.response.body, QStringLiteral("Odoo: test"));
    return r ? *r : QJsonValue(QJsonValue::Undefined);
}

} // namespace

class TestOdooParse : public QObject
{
    Q_OBJECT

private slots:
    void envelopeMatchesRealRequests();
    void endpointUrl();
    void versionAndAuthenticate();
    void productsBySkuWithDuplicates();
    void changedProductPages();
    void archivedProductsWithActiveTestFalse();
    void createdIds();
    void noResultMemberIsNull();
    void warehouseAndStock();
    void orderRecords();
    void productValues();
    void realErrorsClassify_data();
    void realErrorsClassify();
    void brokenAnswersClassify();
    void statusesClassify();
    void concurrencyAndRightsClassify();
};

void TestOdooParse::envelopeMatchesRealRequests()
{
    for (const char *name : {"01", "02", "09", "26"}) {
        const Exchange x = load(QString::fromLatin1(name));
        QVERIFY2(!x.requestBody.isEmpty(), name);
        const QJsonObject real = QJsonDocument::fromJson(x.requestBody).object();
        const QJsonObject params = real.value(QLatin1String("params")).toObject();
        const QByteArray ours = OdooRpc::envelope(params.value(QLatin1String("service")).toString(),
                                                  params.value(QLatin1String("method")).toString(),
                                                  params.value(QLatin1String("args")).toArray(),
                                                  real.value(QLatin1String("id")).toInteger());
        QCOMPARE(QJsonDocument::fromJson(ours).object(), real);
    }
}

void TestOdooParse::endpointUrl()
{
    QCOMPARE(OdooRpc::endpointUrl(QUrl(QStringLiteral("http://127.0.0.1:8069/"))).toString(),
             QStringLiteral("http://127.0.0.1:8069/jsonrpc"));
    QCOMPARE(OdooRpc::endpointUrl(QUrl(QStringLiteral("https://erp.example"))).toString(),
             QStringLiteral("https://erp.example/jsonrpc"));
    QCOMPARE(OdooRpc::endpointUrl(QUrl(QStringLiteral("https://erp.example/odoo"))).toString(),
             QStringLiteral("https://erp.example/odoo/jsonrpc"));
    QCOMPARE(OdooRpc::endpointUrl(QUrl(QStringLiteral("https://erp.example/jsonrpc"))).toString(),
             QStringLiteral("https://erp.example/jsonrpc"));
}

void TestOdooParse::versionAndAuthenticate()
{
    const Exchange version = load(QStringLiteral("01"));
    QVERIFY(!classifyAnswer(scopeFor(version), version.request, version.response));
    QCOMPARE(resultOf(version).toObject().value(QLatin1String("server_serie")).toString(), QStringLiteral("17.0"));
    // The classifier's parse is kept with the answer and read from there: a page is parsed once.
    QVERIFY(version.response.json.isObject());
    HttpResponse parsedOnce = version.response;
    parsedOnce.body = "not read again";
    const auto fromKept = OdooRpc::resultOf(parsedOnce, QStringLiteral("Odoo: test"));
    QVERIFY(fromKept);
    QCOMPARE(fromKept->toObject().value(QLatin1String("server_serie")).toString(), QStringLiteral("17.0"));

    const Exchange ok = load(QStringLiteral("02"));
    QVERIFY(!classifyAnswer(scopeFor(ok), ok.request, ok.response));
    QCOMPARE(resultOf(ok).toInt(), 2);

    // A wrong password is "result": false, not an error object: the RPC layer turns it into an auth error.
    const Exchange refused = load(QStringLiteral("03"));
    QVERIFY(!classifyAnswer(scopeFor(refused), refused.request, refused.response));
    QVERIFY(resultOf(refused).isBool());
    QCOMPARE(resultOf(refused).toBool(), false);
}

void TestOdooParse::productsBySkuWithDuplicates()
{
    const Exchange x = load(QStringLiteral("09"));
    const QStringList fields{field::Name, field::Price, field::Cost, field::Ean13, field::Active};
    const auto products = parseProducts(resultOf(x), fields, QStringLiteral("Odoo: test"));
    QVERIFY(products);
    QCOMPARE(products->size(), 2); // both holders of SKU-1001 are returned, none picked
    QCOMPARE(products->at(0).sku, QStringLiteral("SKU-1001"));
    QCOMPARE(products->at(1).sku, QStringLiteral("SKU-1001"));
    QCOMPARE(products->at(0).peerId, QStringLiteral("4"));
    QCOMPARE(products->at(1).peerId, QStringLiteral("1"));
    QCOMPARE(products->at(0).fields.value(field::Ean13).toString(), QString()); // false = empty
    QCOMPARE(products->at(1).fields.value(field::Ean13).toString(), QStringLiteral("3760000010010"));
    QCOMPARE(products->at(1).fields.value(field::Price).toDouble(), 12.5);
    QCOMPARE(products->at(1).fields.value(field::Cost).toDouble(), 4.2);
    QCOMPARE(products->at(1).fields.value(field::Name).toString(), QStringLiteral("Sync test mug"));
    QCOMPARE(products->at(1).fields.value(field::Active).toBool(), true);
    QCOMPARE(products->at(0).updatedAt, QDateTime(QDate(2026, 12, 3), QTime(13, 2, 28), Qt::UTC));
    QVERIFY(products->at(0).updatedAt.timeSpec() == Qt::UTC);
    // Only the fields asked for.
    QVERIFY(!products->at(0).fields.contains(field::Weight));

    const Exchange in = load(QStringLiteral("11"));
    const auto batch = parseProducts(resultOf(in), {field::Name, field::Price}, QStringLiteral("Odoo: test"));
    QVERIFY(batch);
    QCOMPARE(batch->size(), 2); // the unknown SKU is simply absent
    QCOMPARE(batch->at(1).sku, QStringLiteral("SKU-1002"));
    QCOMPARE(batch->at(1).fields.value(field::Price).toDouble(), 29.0);

    const Exchange empty = load(QStringLiteral("14"));
    const auto none = parseProducts(resultOf(empty), {field::Name}, QStringLiteral("Odoo: test"));
    QVERIFY(none);
    QVERIFY(none->isEmpty());
}

void TestOdooParse::changedProductPages()
{
    const QStringList fields{field::Name, field::Price, field::Ean13};
    const auto page1 = parseProducts(resultOf(load(QStringLiteral("12"))), fields, QStringLiteral("Odoo: test"));
    const auto page2 = parseProducts(resultOf(load(QStringLiteral("13"))), fields, QStringLiteral("Odoo: test"));
    QVERIFY(page1 && page2);
    QCOMPARE(page1->size(), 2);
    QCOMPARE(page2->size(), 1);
    QStringList skus;
    for (const auto &p : *page1 + *page2)
        skus << p.sku;
    QCOMPARE(skus, (QStringList{QStringLiteral("SKU-1001"), QStringLiteral("SKU-1002"), QStringLiteral("SKU-1003")}));
    QCOMPARE(page2->first().updatedAt.toString(Qt::ISODate), QStringLiteral("2026-12-03T13:02:27Z"));

    const auto after = parseProducts(resultOf(load(QStringLiteral("19"))), {field::Price, field::Cost},
                                     QStringLiteral("Odoo: test"));
    QVERIFY(after);
    QCOMPARE(after->first().fields.value(field::Price).toDouble(), 13.9);
    QCOMPARE(formatDatetime(after->first().updatedAt), QStringLiteral("2026-12-03 13:02:30"));

    // The read fields always hold default_code and write_date, then the mapped ones, never unmapped ones.
    QCOMPARE(productReadFields({field::Price, field::MetaTitle, field::Ean13, field::Description}),
             (QStringList{QStringLiteral("default_code"), QStringLiteral("write_date"), QStringLiteral("list_price"),
                          QStringLiteral("barcode"), QStringLiteral("description_sale")}));
}

void TestOdooParse::archivedProductsWithActiveTestFalse()
{
    QVERIFY(resultOf(load(QStringLiteral("21"))).toArray().isEmpty());
    const auto archived = parseProducts(resultOf(load(QStringLiteral("22"))), {field::Active}, QStringLiteral("Odoo: test"));
    QVERIFY(archived);
    QCOMPARE(archived->size(), 1);
    QCOMPARE(archived->first().fields.value(field::Active).toBool(), false);
}

void TestOdooParse::createdIds()
{
    const auto one = odoo::createdIds(resultOf(load(QStringLiteral("06"))), QStringLiteral("Odoo: test"));
    QVERIFY(one);
    QCOMPARE(*one, (QList<qint64>{1}));
    const auto many = odoo::createdIds(resultOf(load(QStringLiteral("07"))), QStringLiteral("Odoo: test"));
    QVERIFY(many);
    QCOMPARE(*many, (QList<qint64>{2, 3}));
    const auto partner = odoo::createdIds(resultOf(load(QStringLiteral("36"))), QStringLiteral("Odoo: test"));
    QVERIFY(partner);
    QCOMPARE(partner->first(), 7);
    const auto broken = odoo::createdIds(QJsonValue(true), QStringLiteral("Odoo: test"));
    QVERIFY(!broken);
}

void TestOdooParse::noResultMemberIsNull()
{
    for (const char *name : {"28", "31"}) {
        const Exchange x = load(QString::fromLatin1(name));
        QVERIFY(!classifyAnswer(scopeFor(x), x.request, x.response));
        QVERIFY(resultOf(x).isNull());
    }
}

void TestOdooParse::warehouseAndStock()
{
    const auto warehouses = records(resultOf(load(QStringLiteral("25"))), QStringLiteral("Odoo: test"));
    QVERIFY(warehouses);
    QCOMPARE(recordId(warehouses->first().value(QLatin1String("lot_stock_id"))), 8);
    QCOMPARE(recordId(warehouses->first().value(QLatin1String("id"))), 1);

    const auto stock = parseStock(resultOf(load(QStringLiteral("33"))), QStringLiteral("qty_available"),
                                  QStringLiteral("Odoo: test"));
    QVERIFY(stock);
    QCOMPARE(stock->size(), 2);
    QCOMPARE(stock->at(0).sku, QStringLiteral("SKU-1001"));
    QCOMPARE(stock->at(0).productId, QStringLiteral("1"));
    QCOMPARE(stock->at(0).quantity, 18.0);
    QCOMPARE(stock->at(1).quantity, 0.0);
    const auto forecast = parseStock(resultOf(load(QStringLiteral("43"))), QStringLiteral("virtual_available"),
                                     QStringLiteral("Odoo: test"));
    QVERIFY(forecast);
    QCOMPARE(forecast->first().quantity, 16.0);

    // The quant created in inventory mode, and the same quant returned for a second adjustment.
    QCOMPARE(odoo::createdIds(resultOf(load(QStringLiteral("26"))), QStringLiteral("Odoo: test"))->first(), 1);
    QCOMPARE(odoo::createdIds(resultOf(load(QStringLiteral("30"))), QStringLiteral("Odoo: test"))->first(), 1);
}

void TestOdooParse::orderRecords()
{
    const auto partners = records(resultOf(load(QStringLiteral("35"))), QStringLiteral("Odoo: test"));
    QVERIFY(partners);
    QVERIFY(partners->isEmpty());
    const auto found = records(resultOf(load(QStringLiteral("37"))), QStringLiteral("Odoo: test"));
    QVERIFY(found);
    QCOMPARE(recordId(found->first().value(QLatin1String("id"))), 7);

    const auto order = records(resultOf(load(QStringLiteral("39"))), QStringLiteral("Odoo: test"));
    QVERIFY(order);
    QCOMPARE(text(order->first().value(QLatin1String("name"))), QStringLiteral("S00001"));
    QCOMPARE(recordId(order->first().value(QLatin1String("partner_id"))), 7);
    const auto invoiced = records(resultOf(load(QStringLiteral("50"))), QStringLiteral("Odoo: test"));
    QVERIFY(invoiced);
    QCOMPARE(text(invoiced->first().value(QLatin1String("invoice_status"))), QStringLiteral("invoiced"));
    QCOMPARE(invoiced->first().value(QLatin1String("invoice_ids")).toArray().first().toInt(), 1);
    const auto invoice = records(resultOf(load(QStringLiteral("47"))), QStringLiteral("Odoo: test"));
    QVERIFY(invoice);
    QCOMPARE(text(invoice->first().value(QLatin1String("name"))), QStringLiteral("INV/2026/00001"));
    QCOMPARE(text(invoice->first().value(QLatin1String("invoice_date"))), QString()); // false
    QVERIFY(!parseDatetime(invoice->first().value(QLatin1String("invoice_date"))).isValid());
    QVERIFY(!parseDatetime(QStringLiteral("2026-12-03 25:02:28")).isValid());
    QVERIFY(!parseDatetime(QStringLiteral("2026-12-03 13:02:28 UTC")).isValid());
    QCOMPARE(parseDatetime(QStringLiteral("2026-02-28 23:59:59")), QDateTime(QDate(2026, 2, 28), QTime(23, 59, 59), Qt::UTC));
}

void TestOdooParse::productValues()
{
    const auto values = odoo::productValues({{field::Price, QStringLiteral("13.9")},
                                             {field::Cost, 4.5},
                                             {field::Ean13, QString()},
                                             {field::Active, false},
                                             {field::Name, QStringLiteral("Mug")}},
                                            QStringLiteral("Odoo: test"));
    QVERIFY(values);
    QCOMPARE(values->value(QLatin1String("list_price")).toDouble(), 13.9);
    QCOMPARE(values->value(QLatin1String("standard_price")).toDouble(), 4.5);
    QVERIFY(values->value(QLatin1String("barcode")).isBool()); // an empty barcode is false, never ""
    QCOMPARE(values->value(QLatin1String("active")).toBool(), false);
    QCOMPARE(values->value(QLatin1String("name")).toString(), QStringLiteral("Mug"));

    const auto unmapped = odoo::productValues({{field::MetaTitle, QStringLiteral("x")}}, QStringLiteral("Odoo: test"));
    QVERIFY(!unmapped);
    QVERIFY(unmapped.error().category == ErrorCategory::Config);
    QVERIFY(unmapped.error().message.contains(field::MetaTitle));
    const auto notNumber = odoo::productValues({{field::Price, QStringLiteral("cheap")}}, QStringLiteral("Odoo: test"));
    QVERIFY(!notNumber);
    QVERIFY(notNumber.error().category == ErrorCategory::Permanent);
}

void TestOdooParse::realErrorsClassify_data()
{
    QTest::addColumn<QString>("fixture");
    QTest::addColumn<int>("category");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QStringList>("mentions");
    const auto row = [](const char *f, ErrorCategory c, const char *code, QStringList mentions) {
        QTest::newRow(f) << QString::fromLatin1(f) << int(c) << QString::fromLatin1(code) << mentions;
    };
    row("04", ErrorCategory::Auth, "odoo.access_denied",
        {QStringLiteral("\"admin\""), QStringLiteral("odoo_peer"), QStringLiteral("Account Security")});
    row("05", ErrorCategory::Config, "odoo.unknown_database", {QStringLiteral("no_such_db")});
    row("44", ErrorCategory::Config, "odoo.private_method", {QStringLiteral("_create_invoices"), QStringLiteral("sale.order")});
    row("51", ErrorCategory::Permanent, "odoo.validation", {QStringLiteral("mandatory field")});
    row("52", ErrorCategory::Permanent, "odoo.validation", {QStringLiteral("3760000010010")});
    row("53", ErrorCategory::Permanent, "odoo.user_error", {QStringLiteral("cancel it")});
    row("54", ErrorCategory::Config, "odoo.unknown_model", {QStringLiteral("product.prodzz"), QStringLiteral("Install")});
    row("55", ErrorCategory::Config, "odoo.unknown_field", {QStringLiteral("x_not_a_field"), QStringLiteral("mapping")});
    row("56", ErrorCategory::Config, "odoo.unknown_field", {QStringLiteral("x_not_a_field")});
    row("57", ErrorCategory::Permanent, "odoo.missing_record", {QStringLiteral("999999")});
    row("58", ErrorCategory::Config, "odoo.unknown_method", {QStringLiteral("no_such_method")});
    row("59", ErrorCategory::Permanent, "odoo.bad_value", {QStringLiteral("detailed_type"), QStringLiteral("bogus")});
    row("60", ErrorCategory::Config, "odoo.unknown_field", {QStringLiteral("x_not_a_field")});
    row("61", ErrorCategory::Config, "odoo.bad_request", {QStringLiteral("400")});
}

void TestOdooParse::realErrorsClassify()
{
    QFETCH(QString, fixture);
    QFETCH(int, category);
    QFETCH(QString, code);
    QFETCH(QStringList, mentions);
    const Exchange x = load(fixture);
    QVERIFY(x.response.status > 0);
    const auto error = classifyAnswer(scopeFor(x), x.request, x.response);
    QVERIFY(error);
    QCOMPARE(int(error->category), category);
    QCOMPARE(error->code, code);
    QVERIFY2(error->message.startsWith(QLatin1String("Odoo: test: ")), qPrintable(error->message));
    for (const QString &m : mentions)
        QVERIFY2(error->message.contains(m), qPrintable(error->message + QStringLiteral(" lacks ") + m));
    // Never the traceback in the message; at most its last line in the context.
    QVERIFY2(!error->message.contains(QLatin1String("Traceback")), qPrintable(error->message));
    QVERIFY(!error->message.contains(QLatin1String("File \"")));
    QVERIFY(!error->message.contains(QLatin1String("/opt/odoo17")));
    QVERIFY(error->message.size() < 700);
    const QString tail = error->context.value(QStringLiteral("odooTraceback")).toString();
    QVERIFY(!tail.contains(QLatin1String("Traceback")));
    QVERIFY(!tail.contains(QLatin1Char('\n')));
}

void TestOdooParse::brokenAnswersClassify()
{
    // A 200 whose body was cut in half: a classified, retryable error naming the call, never a crash.
    Exchange x = load(QStringLiteral("09"));
    x.request.operation = QStringLiteral("read products by SKU");
    ErrorScope scope{QStringLiteral("Odoo: read products by SKU SKU-1001"), QStringLiteral("admin"), QStringLiteral("db")};
    x.response.body.truncate(x.response.body.size() / 2);
    auto error = classifyAnswer(scope, x.request, x.response);
    QVERIFY(error);
    QVERIFY(error->category == ErrorCategory::Transient);
    QCOMPARE(error->code, QStringLiteral("odoo.bad_answer"));
    QVERIFY(error->message.contains(QLatin1String("read products by SKU SKU-1001")));

    x.response.body = "";
    error = classifyAnswer(scope, x.request, x.response);
    QVERIFY(error && error->category == ErrorCategory::Transient);

    x.response.body = "<!doctype html><html><body>Login</body></html>";
    error = classifyAnswer(scope, x.request, x.response);
    QVERIFY(error && error->category == ErrorCategory::Config);

    x.response.body = "{\"hello\": 1}";
    error = classifyAnswer(scope, x.request, x.response);
    QVERIFY(error && error->category == ErrorCategory::Config);

    x.response.body = "[1, 2]";
    error = classifyAnswer(scope, x.request, x.response);
    QVERIFY(error && error->category == ErrorCategory::Transient);
}

void TestOdooParse::statusesClassify()
{
    Exchange x = load(QStringLiteral("01"));
    const ErrorScope scope{QStringLiteral("Odoo: test"), QStringLiteral("admin"), QStringLiteral("db")};
    x.response.body = "<html>busy</html>";
    for (int status : {500, 502, 503, 504, 429}) {
        x.response.status = status;
        x.response.headers = {{"retry-after", "7"}};
        const auto error = classifyAnswer(scope, x.request, x.response);
        QVERIFY(error && error->category == ErrorCategory::Transient);
        QCOMPARE(error->context.value(QStringLiteral("retryAfterMs")).toLongLong(), 7000);
    }
    x.response.headers.clear();
    x.response.status = 404;
    auto error = classifyAnswer(scope, x.request, x.response);
    QVERIFY(error && error->category == ErrorCategory::Config);
    QVERIFY(error->message.contains(QLatin1String("/jsonrpc")));
    x.response.status = 403;
    error = classifyAnswer(scope, x.request, x.response);
    QVERIFY(error && error->category == ErrorCategory::Auth);
    x.response.status = 301;
    x.response.headers = {{"location", "https://erp.example/jsonrpc"}};
    error = classifyAnswer(scope, x.request, x.response);
    QVERIFY(error && error->category == ErrorCategory::Config);
    QVERIFY(error->message.contains(QLatin1String("https://erp.example/jsonrpc")));
}

void TestOdooParse::concurrencyAndRightsClassify()
{
    const ErrorScope scope{QStringLiteral("Odoo: update products 3 products"), QStringLiteral("sync-bot"),
                           QStringLiteral("db")};
    RpcCallInfo call{QStringLiteral("object"), QStringLiteral("execute_kw"), QStringLiteral("product.product"),
                     QStringLiteral("write")};
    const auto rpcError = [](const char *name, const char *message) {
        return QJsonObject{{QStringLiteral("code"), 200},
                           {QStringLiteral("message"), QStringLiteral("Odoo Server Error")},
                           {QStringLiteral("data"),
                            QJsonObject{{QStringLiteral("name"), QString::fromLatin1(name)},
                                        {QStringLiteral("message"), QString::fromLatin1(message)},
                                        {QStringLiteral("debug"), QStringLiteral("Traceback (most recent call last):\n  File \"x.py\"\nboom\n")}}}};
    };
    Error e = errorFromRpc(scope, call,
                           rpcError("psycopg2.errors.SerializationFailure",
                                    "could not serialize access due to concurrent update"));
    QVERIFY(e.category == ErrorCategory::Transient);
    e = errorFromRpc(scope, call, rpcError("psycopg2.OperationalError", "could not obtain lock on row in relation"));
    QVERIFY(e.category == ErrorCategory::Transient);
    e = errorFromRpc(scope, call, rpcError("psycopg2.errors.LockNotAvailable", "lock timeout"));
    QVERIFY(e.category == ErrorCategory::Transient);
    e = errorFromRpc(scope, call, rpcError("odoo.exceptions.AccessError",
                                           "You are not allowed to modify 'Product Variant' (product.product) records."));
    QVERIFY(e.category == ErrorCategory::Auth);
    QCOMPARE(e.code, QStringLiteral("odoo.access_rights"));
    QVERIFY(e.message.contains(QLatin1String("\"sync-bot\" may not modify product.product")));
    QCOMPARE(e.context.value(QStringLiteral("odooTraceback")).toString(), QStringLiteral("boom"));
    e = errorFromRpc(scope, call, rpcError("builtins.KeyError", "'product.prodzz'"));
    QVERIFY(e.category == ErrorCategory::Config);
    e = errorFromRpc(scope, call, rpcError("some.custom.Exception", "custom module failed"));
    QVERIFY(e.category == ErrorCategory::Permanent);
    QVERIFY(e.message.contains(QLatin1String("custom module failed")));
}

QTEST_GUILESS_MAIN(TestOdooParse)
#include "tst_odooparse.moc"
