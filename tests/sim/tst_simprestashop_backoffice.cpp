// Handler-level tests of the PrestaShop 8.1 emulation, the rest of the shop: authentication and
// restricted keys, error quirks, the effect log, orders placed and moved through states, control commands.

#include "psshoptesting.h"

#include <QCryptographicHash>
#include <QSet>
#include <QtTest>

using namespace syncsmart::sim;
using namespace syncsmart::sim::pstest;

class TestSimPrestashopBackOffice : public QObject
{
    Q_OBJECT

private slots:
    void authQuirks();
    void restrictedKey();
    void errorQuirks();
    void writesAreInTheEffectLog();
    void placeOrderCreatesCustomerOnceAndTakesStock();
    void orderStateChangeByHistory();
    void controlCommands();
};

void TestSimPrestashopBackOffice::authQuirks()
{
    Shop shop(smallSpec());
    const SimResponse none =
        shop.sim->handle(request("GET", QStringLiteral("/api/products"), {}, {}, QByteArray()));
    QCOMPARE(none.status, 401);
    QCOMPARE(header(none, "content-type"), QByteArray("text/html; charset=utf-8"));
    QCOMPARE(none.body, QByteArray("401 Unauthorized"));
    QVERIFY(header(none, "www-authenticate").startsWith("Basic realm="));
    const SimResponse bad = shop.sim->handle(request(
        "GET", QStringLiteral("/api/products"), {{QStringLiteral("output_format"), QStringLiteral("JSON")}},
        {}, "WRONGKEY0123456789ABCDEF01234567"));
    QCOMPARE(bad.status, 401);
    QCOMPARE(header(bad, "psws-version"), QByteArray("0"));
    QCOMPARE(bad.body,
             QByteArray("{\"errors\":[{\"code\":20,\"message\":\"Authentification key is not active\"},"
                        "{\"code\":21,\"message\":\"No permission for this authentication key\"}]}"));
    const SimResponse shortKey =
        shop.sim->handle(request("GET", QStringLiteral("/api/products"), {}, {}, "short"));
    QVERIFY(shortKey.body.contains("<code><![CDATA[18]]></code>"));
    // ws_key= in the query works too (and leaks the key into logs).
    SimRequest viaQuery = request("GET", QStringLiteral("/api/products"),
                                  {{QStringLiteral("ws_key"), QString::fromLatin1(kKey)}}, {}, QByteArray());
    QCOMPARE(shop.sim->handle(viaQuery).status, 200);
}

void TestSimPrestashopBackOffice::restrictedKey()
{
    Shop shop(smallSpec());
    const QByteArray limited = "LIMITEDKEY0123456789ABCDEF012345";
    const auto added =
        shop.sim->control("POST", QStringLiteral("keys"), {},
                          "{\"key\":\"" + limited + "\",\"permissions\":{\"products\":[\"GET\",\"PATCH\"]}}");
    QVERIFY(added && added->value(QStringLiteral("ok")).toBool());
    QCOMPARE(shop.sim->handle(request("GET", QStringLiteral("/api/products/1"), {}, {}, limited)).status,
             200);
    const SimResponse orders =
        shop.sim->handle(request("GET", QStringLiteral("/api/orders"), {}, {}, limited));
    QCOMPARE(orders.status, 401);
    QVERIFY(orders.body.contains("<code><![CDATA[26]]></code>"));
    QCOMPARE(header(orders, "psws-version"), QByteArray("8.1.2"));
    const SimResponse put =
        shop.sim->handle(request("PUT", QStringLiteral("/api/products/1"), {}, "<prestashop/>", limited));
    QCOMPARE(put.status, 405);
    QVERIFY(put.body.contains(
        "Method PUT is not allowed for the resource products with this authentication key"));
    const SimResponse root = shop.sim->handle(request("GET", QStringLiteral("/api/"), {}, {}, limited));
    QCOMPARE(root.status, 200);
    QVERIFY(
        root.body.contains("<products xlink:href=\"http://127.0.0.1/api/products\" get=\"true\" "
                           "put=\"false\" post=\"false\" patch=\"true\" delete=\"false\" head=\"false\">"));
    QVERIFY(!root.body.contains("<orders "));
    QVERIFY(shop.sim->control("POST", QStringLiteral("keys"), {}, "{\"key\":\"short\"}")
                ->contains(QStringLiteral("error")));
}

void TestSimPrestashopBackOffice::errorQuirks()
{
    Shop shop(smallSpec());
    const SimResponse post = shop.sim->handle(
        request("POST", QStringLiteral("/api/stock_availables"), {},
                "<prestashop><stock_available><id_product>1</id_product></stock_available></prestashop>"));
    QCOMPARE(post.status, 405);
    QVERIFY(post.body.contains("<code><![CDATA[101]]></code>"));
    const SimResponse filter = shop.sim->handle(request(
        "GET", QStringLiteral("/api/products"), {{QStringLiteral("filter[foo]"), QStringLiteral("[1]")}}));
    QCOMPARE(filter.status, 500);
    QVERIFY(filter.body.contains("Did you mean: \"mpn\"?") && filter.body.contains("line 1336"));
    const SimResponse sort = shop.sim->handle(request(
        "GET", QStringLiteral("/api/products"), {{QStringLiteral("sort"), QStringLiteral("[price_XX]")}}));
    QCOMPARE(sort.status, 500);
    QVERIFY(sort.body.contains("<code><![CDATA[37]]></code>"));
    const SimResponse json =
        shop.sim->handle(request("PATCH", QStringLiteral("/api/products/2"),
                                 {{QStringLiteral("output_format"), QStringLiteral("JSON")}},
                                 "{\"product\": {\"id\": 2, \"price\": \"15\"}}"));
    QCOMPARE(json.status, 500);
    QVERIFY(json.body.contains("\"code\":127") && json.body.contains("Start tag expected"));
    const SimResponse invalid =
        shop.sim->handle(request("PATCH", QStringLiteral("/api/products/2"),
                                 {{QStringLiteral("output_format"), QStringLiteral("JSON")}},
                                 "<prestashop><product><id>2</id><price>abc</price></product></prestashop>"));
    QCOMPARE(invalid.status, 400);
    QCOMPARE(invalid.body, QByteArray("{\"errors\":[{\"code\":85,\"message\":\"Validation error: "
                                      "\\\"Property Product-&gt;price is not valid\\\"\"}]}"));
    const SimResponse noId =
        shop.sim->handle(request("PATCH", QStringLiteral("/api/products/2"), {},
                                 "<prestashop><product><price>1</price></product></prestashop>"));
    QCOMPARE(noId.status, 400);
    QVERIFY(noId.body.contains("<code><![CDATA[90]]></code>"));
    const SimResponse unknown = shop.sim->handle(
        request("PATCH", QStringLiteral("/api/products/999999"), {},
                "<prestashop><product><id>999999</id><price>1</price></product></prestashop>"));
    QCOMPARE(unknown.status, 404);
    QVERIFY(unknown.body.contains("Invalid ID"));
    const SimResponse resource = shop.sim->handle(request("GET", QStringLiteral("/api/productz")));
    QCOMPARE(resource.status, 400);
    QVERIFY(resource.body.contains("Did you mean: \"products\"?"));
    const SimResponse missing =
        shop.sim->handle(request("GET", QStringLiteral("/api/products/999999"),
                                 {{QStringLiteral("output_format"), QStringLiteral("JSON")}}));
    QCOMPARE(missing.status, 404);
    QVERIFY(missing.body.isEmpty());
    QCOMPARE(header(missing, "content-type"), QByteArray());
    const SimResponse root = shop.sim->handle(
        request("GET", QStringLiteral("/api/"), {{QStringLiteral("output_format"), QStringLiteral("JSON")}}));
    QCOMPARE(root.status, 500);
    QVERIFY(root.body.isEmpty());
    const SimResponse notEmulated = shop.sim->handle(request("GET", QStringLiteral("/api/addresses/5")));
    QCOMPARE(notEmulated.status, 501);
}

void TestSimPrestashopBackOffice::writesAreInTheEffectLog()
{
    Shop shop(smallSpec());
    shop.sim->handle(request("PATCH", QStringLiteral("/api/products/2"), {},
                             "<prestashop><product><id>2</id><price>10.5</price></product></prestashop>"));
    const QList<Effect> updates =
        shop.effects.query({QStringLiteral("prestashop"), QStringLiteral("products")});
    QCOMPARE(updates.size(), 1);
    QVERIFY(updates.first().kind == EffectKind::Update);
    QVERIFY(updates.first().source == EffectSource::Api);
    QCOMPARE(updates.first().key, shop.seed.sku(1));
    QCOMPARE(updates.first().fields, QStringList{QStringLiteral("price")});
    QCOMPARE(updates.first().values.value(QStringLiteral("price")).toString(), QStringLiteral("10.500000"));
    const SimResponse created = shop.sim->handle(
        request("POST", QStringLiteral("/api/products"), {},
                "<prestashop><product><reference>NEW-1</reference><price>3</price></product></prestashop>"));
    QCOMPARE(created.status, 201);
    EffectLog::Filter creates;
    creates.kind = EffectKind::Create;
    QCOMPARE(shop.effects.query(creates).first().key, QStringLiteral("NEW-1"));
    const auto edit = shop.sim->control(
        "POST", QStringLiteral("edit"), {},
        "{\"sku\":\"" + shop.seed.sku(4).toUtf8() +
            "\",\"fields\":{\"price\":\"12.50\",\"active\":false,\"name\":{\"2\":\"Nom\"}}}");
    QVERIFY2(edit && edit->value(QStringLiteral("ok")).toBool(),
             qPrintable(QJsonDocument(edit.value_or(QJsonObject())).toJson()));
    EffectLog::Filter control;
    control.source = EffectSource::Control;
    const QList<Effect> byControl = shop.effects.query(control);
    QCOMPARE(byControl.size(), 1);
    QCOMPARE(product(shop, 5)
                 .value(QStringLiteral("name"))
                 .toArray()
                 .at(1)
                 .toObject()
                 .value(QStringLiteral("value"))
                 .toString(),
             QStringLiteral("Nom"));
    QVERIFY(!product(shop, 5).contains(QStringLiteral("active")));
}

void TestSimPrestashopBackOffice::placeOrderCreatesCustomerOnceAndTakesStock()
{
    Shop shop(smallSpec());
    const QString sku = shop.seed.sku(0);
    auto stockOf = [&](const QString &s) {
        const auto answer =
            shop.sim->control("GET", QStringLiteral("product"), QUrlQuery(QStringLiteral("sku=") + s), {});
        return answer->value(QStringLiteral("products"))
            .toArray()
            .first()
            .toObject()
            .value(QStringLiteral("stock"))
            .toObject()
            .value(QStringLiteral("quantity"))
            .toInteger();
    };
    const qint64 before = stockOf(sku);
    const auto first = shop.sim->placeOrder(
        {QStringLiteral("Ann@Example.com"), QStringLiteral("Ann"), QStringLiteral("Lee"), {{sku, 2}}},
        EffectSource::Activity);
    const auto second = shop.sim->placeOrder(
        {QStringLiteral("ann@example.com"), QStringLiteral("Ann"), QStringLiteral("Lee"), {{sku, 1}}},
        EffectSource::Activity);
    QVERIFY(first && second && *first != *second);
    QCOMPARE(shop.sim->customerEmails(), QStringList{QStringLiteral("Ann@Example.com")});
    QCOMPARE(stockOf(sku), before - 3);
    // More than the stock holds: refused, nothing taken, no order.
    QVERIFY(!shop.sim->placeOrder({QStringLiteral("ann@example.com"), {}, {}, {{sku, int(before)}}},
                                  EffectSource::Activity));
    QCOMPARE(stockOf(sku), before - 3);
    QVERIFY(!shop.sim->placeOrder({QStringLiteral("x@example.com"), {}, {}, {{QStringLiteral("NO-SUCH"), 1}}},
                                  EffectSource::Activity));
    const QJsonObject order =
        object(shop.sim->handle(request("GET", QStringLiteral("/api/orders/%1").arg(*first),
                                        {{QStringLiteral("output_format"), QStringLiteral("JSON")}})))
            .value(QStringLiteral("order"))
            .toObject();
    QCOMPARE(order.value(QStringLiteral("current_state")).toInteger(), 1);
    const QJsonArray rows =
        order.value(QStringLiteral("associations")).toObject().value(QStringLiteral("order_rows")).toArray();
    QCOMPARE(rows.size(), 1);
    QCOMPARE(rows.first().toObject().value(QStringLiteral("product_quantity")).toInteger(), 2);
    EffectLog::Filter customers;
    customers.resource = QStringLiteral("customers");
    QCOMPARE(shop.effects.count(customers), 1);
    const auto counts = shop.sim->control("GET", QStringLiteral("counts"), {}, {});
    QCOMPARE(counts->value(QStringLiteral("orders")).toInteger(), 2);
    QCOMPARE(counts->value(QStringLiteral("order_states")).toInteger(), 13);
}

void TestSimPrestashopBackOffice::orderStateChangeByHistory()
{
    Shop shop(smallSpec());
    const auto id = shop.sim->placeOrder({QStringLiteral("bo@example.com"),
                                          QStringLiteral("Bo"),
                                          QStringLiteral("Lind"),
                                          {{shop.seed.sku(2), 1}}},
                                         EffectSource::Control);
    QVERIFY(id);
    shop.setNowUtc(QDateTime::currentDateTimeUtc().addDays(3));
    const SimResponse r = shop.sim->handle(
        request("POST", QStringLiteral("/api/order_histories"),
                {{QStringLiteral("output_format"), QStringLiteral("JSON")}},
                "<prestashop><order_history><id_order>" + QByteArray::number(*id) +
                    "</id_order><id_order_state>3</id_order_state></order_history></prestashop>"));
    QCOMPARE(r.status, 201);
    const QJsonObject echo = object(r).value(QStringLiteral("order_history")).toObject();
    QVERIFY(echo.value(QStringLiteral("id_order_state")).isDouble()); // an int, unlike id_order (fixture 58)
    QVERIFY(echo.value(QStringLiteral("id_order")).isString());
    const QJsonObject order =
        object(shop.sim->handle(request("GET", QStringLiteral("/api/orders/%1").arg(*id),
                                        {{QStringLiteral("output_format"), QStringLiteral("JSON")}})))
            .value(QStringLiteral("order"))
            .toObject();
    QCOMPARE(order.value(QStringLiteral("current_state")).toInteger(), 3);
    QVERIFY(order.value(QStringLiteral("date_upd")).toString() >
            order.value(QStringLiteral("date_add")).toString());
    QCOMPARE(order.value(QStringLiteral("invoice_number")).toInteger(), 1);
    const SimResponse histories =
        shop.sim->handle(request("GET", QStringLiteral("/api/order_histories"),
                                 {{QStringLiteral("output_format"), QStringLiteral("JSON")},
                                  {QStringLiteral("filter[id_order]"), QStringLiteral("[%1]").arg(*id)}}));
    QCOMPARE(listIds(histories, QStringLiteral("order_histories")).size(), 2);
    EffectLog::Filter state;
    state.kind = EffectKind::State;
    QCOMPARE(shop.effects.query(state).size(), 1);
}

void TestSimPrestashopBackOffice::controlCommands()
{
    Shop shop(smallSpec());
    QVERIFY(shop.sim->controlCommands().contains(QStringLiteral("stock")));
    QVERIFY(!shop.sim->control("GET", QStringLiteral("nope"), {}, {}));
    QVERIFY(
        shop.sim
            ->control("POST", QStringLiteral("edit"), {}, "{\"sku\":\"NOPE\",\"fields\":{\"price\":\"1\"}}")
            ->contains(QStringLiteral("error")));
    QVERIFY(shop.sim
                ->control("POST", QStringLiteral("edit"), {},
                          "{\"sku\":\"" + shop.seed.sku(1).toUtf8() + "\",\"fields\":{\"foo\":\"1\"}}")
                ->contains(QStringLiteral("error")));
    const QString sku = shop.seed.sku(1);
    const QString before = product(shop, 2).value(QStringLiteral("date_upd")).toString();
    shop.setNowUtc(QDateTime::currentDateTimeUtc().addDays(500));
    const auto stock = shop.sim->control("POST", QStringLiteral("stock"), {},
                                         "{\"sku\":\"" + sku.toUtf8() + "\",\"quantity\":7}");
    QVERIFY2(stock && stock->value(QStringLiteral("ok")).toBool(),
             qPrintable(QJsonDocument(stock.value_or(QJsonObject())).toJson()));
    QCOMPARE(product(shop, 2).value(QStringLiteral("date_upd")).toString(),
             before); // back-office stock: no date_upd bump
    const auto order = shop.sim->placeOrder(
        {QStringLiteral("c@example.com"), QStringLiteral("C"), QStringLiteral("D"), {{sku, 1}}},
        EffectSource::Control);
    const auto orders = shop.sim->control("GET", QStringLiteral("orders"), {}, {});
    QCOMPARE(orders->value(QStringLiteral("count")).toInteger(), 1);
    const QString reference = orders->value(QStringLiteral("references")).toArray().first().toString();
    const auto detail = shop.sim->control("GET", QStringLiteral("order"),
                                          QUrlQuery(QStringLiteral("reference=") + reference), {});
    QCOMPARE(detail->value(QStringLiteral("id")).toInteger(), *order);
    QCOMPARE(detail->value(QStringLiteral("order_details")).toArray().size(), 1);
}

QTEST_GUILESS_MAIN(TestSimPrestashopBackOffice)
#include "tst_simprestashop_backoffice.moc"
