// Handler-level tests of the Odoo emulation beyond the catalog: partners, sale orders, the error
// objects a client classifies, access rights and the control commands.

#include "odooharness.h"

#include <QtTest>

using namespace odootest;

class TestSimOdooOrders : public QObject, protected OdooHarness
{
    Q_OBJECT

private slots:
    void init();
    void saleOrderCreateConfirmAndSearchByReference();
    void partnerFoundByEmailCaseInsensitively();
    void errorShapes();
    void checkAccessRightsFollowsControl();
    void controlCommands();
    void nonJsonAndOtherPaths();
    void contentTypeAndNonObjectBodiesAreBadRequests();
};

void TestSimOdooOrders::init()
{
    SeedSpec spec;
    spec.products = 50;
    spec.seed = 7;
    setNow(QStringLiteral("2026-12-03 10:00:00"));
    start(spec);
}

void TestSimOdooOrders::saleOrderCreateConfirmAndSearchByReference()
{
    const qint64 partner =
        execute(QStringLiteral("res.partner"), QStringLiteral("create"),
                QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("Jane Roe")},
                                       {QStringLiteral("email"), QStringLiteral("jane@example.com")}}})
            .result()
            .toInteger();
    QCOMPARE(partner, 7);
    const QJsonObject order{{QStringLiteral("partner_id"), partner},
                            {QStringLiteral("client_order_ref"), QStringLiteral("PSREF0001")},
                            {QStringLiteral("order_line"),
                             QJsonArray{QJsonArray{0, 0,
                                                   QJsonObject{{QStringLiteral("product_id"), 2},
                                                               {QStringLiteral("product_uom_qty"), 3},
                                                               {QStringLiteral("price_unit"), 10.0}}}}}};
    const Rpc created = execute(QStringLiteral("sale.order"), QStringLiteral("create"), QJsonArray{order});
    const qint64 id = created.result().toInteger();
    QCOMPARE(id, 1);

    const Rpc found =
        execute(QStringLiteral("sale.order"), QStringLiteral("search_read"),
                QJsonArray{array({leaf("client_order_ref", "=", QStringLiteral("PSREF0001"))})},
                {{QStringLiteral("fields"),
                  QJsonArray{QStringLiteral("name"), QStringLiteral("state"),
                             QStringLiteral("amount_untaxed"), QStringLiteral("amount_total")}}});
    const QJsonObject row = found.result().toArray().at(0).toObject();
    QCOMPARE(row.value(QLatin1String("name")).toString(), QStringLiteral("S00001"));
    QCOMPARE(row.value(QLatin1String("state")).toString(), QStringLiteral("draft"));
    QCOMPARE(row.value(QLatin1String("amount_untaxed")).toDouble(), 30.0);
    QCOMPARE(row.value(QLatin1String("amount_total")).toDouble(), 34.5);

    const double onHand = m_seed->erpView(1).stock;
    QCOMPARE(
        execute(QStringLiteral("sale.order"), QStringLiteral("action_confirm"), QJsonArray{QJsonArray{id}})
            .result(),
        QJsonValue(true));
    const QJsonObject product =
        searchRead(array({leaf("id", "=", 2)}),
                   {QStringLiteral("qty_available"), QStringLiteral("virtual_available")},
                   {{QStringLiteral("context"), QJsonObject{{QStringLiteral("active_test"), false}}}})
            .at(0)
            .toObject();
    QCOMPARE(product.value(QLatin1String("qty_available")).toDouble(), onHand);
    QCOMPARE(product.value(QLatin1String("virtual_available")).toDouble(), onHand - 3);

    QCOMPARE(m_effects.count({QStringLiteral("odoo"), QStringLiteral("sale.order"),
                              QStringLiteral("PSREF0001"), std::nullopt, EffectKind::State}),
             1);
    const QJsonObject summary = *m_odoo->control("GET", QStringLiteral("sale-orders"), {}, {});
    QCOMPARE(summary.value(QLatin1String("total")).toInt(), 1);
    QCOMPARE(summary.value(QLatin1String("byRef")).toObject().value(QLatin1String("PSREF0001")).toInt(), 1);
    QCOMPARE(summary.value(QLatin1String("duplicates")).toArray().size(), 0);
    const QJsonObject byRef = *m_odoo->control("GET", QStringLiteral("sale-orders"),
                                               QUrlQuery(QStringLiteral("client_order_ref=PSREF0001")), {});
    QCOMPARE(byRef.value(QLatin1String("orders"))
                 .toArray()
                 .at(0)
                 .toObject()
                 .value(QLatin1String("state"))
                 .toString(),
             QStringLiteral("sale"));
}

void TestSimOdooOrders::partnerFoundByEmailCaseInsensitively()
{
    execute(QStringLiteral("res.partner"), QStringLiteral("create"),
            QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("John DOE")},
                                   {QStringLiteral("email"), QStringLiteral("john.doe@example.com")},
                                   {QStringLiteral("ref"), QStringLiteral("PS-2")}}});
    const Rpc found =
        execute(QStringLiteral("res.partner"), QStringLiteral("search_read"),
                QJsonArray{array({leaf("email", "=ilike", QStringLiteral("John.Doe@Example.COM"))})},
                {{QStringLiteral("fields"),
                  QJsonArray{QStringLiteral("name"), QStringLiteral("ref"), QStringLiteral("customer_rank")}},
                 {QStringLiteral("limit"), 1}});
    const QJsonObject row = found.result().toArray().at(0).toObject();
    QCOMPARE(row.value(QLatin1String("ref")).toString(), QStringLiteral("PS-2"));
    QCOMPARE(row.value(QLatin1String("customer_rank")), QJsonValue(0));
    const QJsonObject control = *m_odoo->control("GET", QStringLiteral("partners"),
                                                 QUrlQuery(QStringLiteral("email=JOHN.doe@example.com")), {});
    QCOMPARE(control.value(QLatin1String("count")).toInt(), 1);
}

void TestSimOdooOrders::errorShapes()
{
    // AccessDenied: a wrong key on execute_kw.
    const Rpc denied = call(QStringLiteral("object"), QStringLiteral("execute_kw"),
                            QJsonArray{QStringLiteral("syncsmart"), 2, QStringLiteral("wrong"),
                                       QStringLiteral("product.product"), QStringLiteral("search"),
                                       QJsonArray{QJsonArray{}}},
                            44);
    QCOMPARE(denied.response.status, 200);
    QVERIFY(denied.response.body.startsWith(
        "{\"jsonrpc\": \"2.0\", \"id\": 44, \"error\": {\"code\": 200, \"message\": "
        "\"Odoo Server Error\", \"data\": {\"name\": \"odoo.exceptions.AccessDenied\", "
        "\"debug\": \"Traceback (most recent call last):"));
    QCOMPARE(denied.errorMessage(), QStringLiteral("Access Denied"));
    const QJsonObject data = denied.error().value(QLatin1String("data")).toObject();
    QCOMPARE(data.value(QLatin1String("arguments")).toArray(), QJsonArray{QStringLiteral("Access Denied")});
    QCOMPARE(data.value(QLatin1String("context")).toObject(), QJsonObject{});
    QVERIFY(data.value(QLatin1String("debug"))
                .toString()
                .endsWith(QLatin1String("odoo.exceptions.AccessDenied: Access Denied\n")));
    QVERIFY(!denied.response.wrote);

    // ValidationError: a barcode already used by an active product.
    const QString barcode = m_seed->erpView(0).ean13;
    const Rpc clash = execute(QStringLiteral("product.product"), QStringLiteral("create"),
                              QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("Clash")},
                                                     {QStringLiteral("barcode"), barcode}}});
    QCOMPARE(clash.errorName(), QStringLiteral("odoo.exceptions.ValidationError"));
    QVERIFY(clash.errorMessage().contains(barcode));
    QCOMPARE(m_odoo->productCount(), 50); // rolled back

    // ValidationError: the required name is missing.
    const Rpc noName =
        execute(QStringLiteral("product.product"), QStringLiteral("create"),
                QJsonArray{QJsonObject{{QStringLiteral("default_code"), QStringLiteral("X")}}});
    QCOMPARE(noName.errorName(), QStringLiteral("odoo.exceptions.ValidationError"));
    QVERIFY(noName.errorMessage().endsWith(QLatin1String("Field: Name (name)\n")));

    // MissingError: write on an id that does not exist.
    const Rpc missing =
        execute(QStringLiteral("product.product"), QStringLiteral("write"),
                QJsonArray{QJsonArray{999999}, QJsonObject{{QStringLiteral("list_price"), 1}}});
    QCOMPARE(missing.errorName(), QStringLiteral("odoo.exceptions.MissingError"));
    QCOMPARE(missing.errorMessage(),
             QStringLiteral(
                 "Record does not exist or has been deleted.\n(Record: product.product(999999,), User: 2)"));

    // UserError: unlinking a confirmed order.
    const qint64 partner = execute(QStringLiteral("res.partner"), QStringLiteral("create"),
                                   QJsonArray{QJsonObject{{QStringLiteral("name"), QStringLiteral("P")}}})
                               .result()
                               .toInteger();
    const qint64 order = execute(QStringLiteral("sale.order"), QStringLiteral("create"),
                                 QJsonArray{QJsonObject{{QStringLiteral("partner_id"), partner}}})
                             .result()
                             .toInteger();
    execute(QStringLiteral("sale.order"), QStringLiteral("action_confirm"), QJsonArray{QJsonArray{order}});
    const Rpc unlink =
        execute(QStringLiteral("sale.order"), QStringLiteral("unlink"), QJsonArray{QJsonArray{order}});
    QCOMPARE(unlink.errorName(), QStringLiteral("odoo.exceptions.UserError"));
    QCOMPARE(
        unlink.errorMessage(),
        QStringLiteral(
            "You can not delete a sent quotation or a confirmed sales order. You must first cancel it."));

    // ValueError for unknown fields, AttributeError for unknown methods, AccessError for private ones.
    QCOMPARE(execute(QStringLiteral("product.product"), QStringLiteral("write"),
                     QJsonArray{QJsonArray{1}, QJsonObject{{QStringLiteral("x_nope"), 1}}})
                 .errorMessage(),
             QStringLiteral("Invalid field 'x_nope' on model 'product.product'"));
    QCOMPARE(
        execute(QStringLiteral("product.product"), QStringLiteral("frobnicate"), QJsonArray{}).errorName(),
        QStringLiteral("builtins.AttributeError"));
    QCOMPARE(execute(QStringLiteral("product.product"), QStringLiteral("_private"), QJsonArray{}).errorName(),
             QStringLiteral("odoo.exceptions.AccessError"));
    QCOMPARE(execute(QStringLiteral("product.prodzz"), QStringLiteral("search"), QJsonArray{QJsonArray{}})
                 .errorMessage(),
             QStringLiteral("Object product.prodzz doesn't exist"));
    QCOMPARE(execute(QStringLiteral("product.product"), QStringLiteral("write"),
                     QJsonArray{QJsonArray{1},
                                QJsonObject{{QStringLiteral("detailed_type"), QStringLiteral("bogus")}}})
                 .errorMessage(),
             QStringLiteral("Wrong value for product.product.detailed_type: 'bogus'"));
    QCOMPARE(execute(QStringLiteral("product.product"), QStringLiteral("search"), QJsonArray{QJsonArray{}},
                     {{QStringLiteral("count"), true}})
                 .errorMessage(),
             QStringLiteral("BaseModel.search() got an unexpected keyword argument 'count'"));
}

void TestSimOdooOrders::checkAccessRightsFollowsControl()
{
    auto check = [&](const char *operation) {
        return execute(QStringLiteral("product.product"), QStringLiteral("check_access_rights"),
                       QJsonArray{QString::fromLatin1(operation)},
                       {{QStringLiteral("raise_exception"), false}})
            .result();
    };
    QCOMPARE(check("write"), QJsonValue(true));
    const QJsonObject answer = *m_odoo->control(
        "POST", QStringLiteral("access"), {},
        QJsonDocument(QJsonObject{{QStringLiteral("model"), QStringLiteral("product.product")},
                                  {QStringLiteral("operation"), QStringLiteral("write")},
                                  {QStringLiteral("allowed"), false}})
            .toJson());
    QCOMPARE(answer.value(QLatin1String("denied")).toArray(),
             QJsonArray{QStringLiteral("product.product/write")});
    QCOMPARE(check("write"), QJsonValue(false));
    QCOMPARE(check("read"), QJsonValue(true));
    const Rpc write = execute(QStringLiteral("product.product"), QStringLiteral("write"),
                              QJsonArray{QJsonArray{1}, QJsonObject{{QStringLiteral("list_price"), 3}}});
    QCOMPARE(write.errorName(), QStringLiteral("odoo.exceptions.AccessError"));
    QVERIFY(write.errorMessage().startsWith(
        QLatin1String("You are not allowed to modify 'Product Variant' (product.product) records.")));
    const Rpc raising = execute(QStringLiteral("product.product"), QStringLiteral("check_access_rights"),
                                QJsonArray{QStringLiteral("write")});
    QCOMPARE(raising.errorName(), QStringLiteral("odoo.exceptions.AccessError"));
    // Reads still work.
    QCOMPARE(searchRead(array({leaf("id", "=", 2)}), {QStringLiteral("id")},
                        {{QStringLiteral("context"), QJsonObject{{QStringLiteral("active_test"), false}}}})
                 .size(),
             1);
}

void TestSimOdooOrders::controlCommands()
{
    const QString sku = m_seed->sku(2);
    setNow(QStringLiteral("2026-12-03 13:00:00"));
    const QJsonObject edited =
        *m_odoo->control("POST", QStringLiteral("edit"), {},
                         QJsonDocument(QJsonObject{{QStringLiteral("sku"), sku},
                                                   {QStringLiteral("fields"),
                                                    QJsonObject{{QStringLiteral("list_price"), 12.5}}}})
                             .toJson());
    QCOMPARE(edited.value(QLatin1String("ok")).toBool(), true);
    QCOMPARE(edited.value(QLatin1String("write_date")).toString(), QStringLiteral("2026-12-03 13:00:00"));
    const QJsonObject stock = *m_odoo->control(
        "POST", QStringLiteral("stock"), {},
        QJsonDocument(QJsonObject{{QStringLiteral("sku"), sku}, {QStringLiteral("quantity"), 4}}).toJson());
    QCOMPARE(stock.value(QLatin1String("qty_available")).toDouble(), 4.0);
    const QJsonObject product =
        *m_odoo->control("GET", QStringLiteral("product"), QUrlQuery(QStringLiteral("sku=") + sku), {});
    const QJsonObject row = product.value(QLatin1String("products")).toArray().at(0).toObject();
    QCOMPARE(row.value(QLatin1String("list_price")).toDouble(), 12.5);
    QCOMPARE(row.value(QLatin1String("qty_available")).toDouble(), 4.0);
    QCOMPARE(row.value(QLatin1String("write_date")).toString(), QStringLiteral("2026-12-03 13:00:00"));
    QCOMPARE(m_effects.count({QStringLiteral("odoo"), {}, sku, EffectSource::Control}), 3);

    const QJsonObject bad = *m_odoo->control(
        "POST", QStringLiteral("edit"), {},
        QJsonDocument(QJsonObject{{QStringLiteral("sku"), sku},
                                  {QStringLiteral("fields"), QJsonObject{{QStringLiteral("x_nope"), 1}}}})
            .toJson());
    QCOMPARE(bad.value(QLatin1String("ok")).toBool(), false);
    const QJsonObject counts = *m_odoo->control("GET", QStringLiteral("counts"), {}, {});
    QCOMPARE(counts.value(QLatin1String("products")).toInt(), 50);
    QVERIFY(!m_odoo->control("GET", QStringLiteral("nope"), {}, {}));
    QCOMPARE(m_odoo->controlCommands().size(), 7);
}

void TestSimOdooOrders::nonJsonAndOtherPaths()
{
    SimRequest request;
    request.method = "POST";
    request.path = QStringLiteral("/jsonrpc");
    request.headers = {{"content-type", "application/json"}};
    request.body = "{\"jsonrpc\": \"2.0\", \"method\": \"call\", \"params\": ";
    const SimResponse invalid = m_odoo->handle(request);
    QCOMPARE(invalid.status, 400);
    QCOMPARE(invalid.body, QByteArray("Invalid JSON data"));
    QCOMPARE(m_odoo->routeKey(request), QStringLiteral("invalid"));

    request.path = QStringLiteral("/web/nothing");
    const SimResponse notFound = m_odoo->handle(request);
    QCOMPARE(notFound.status, 404);

    request.path = QStringLiteral("/jsonrpc");
    request.body =
        QJsonDocument(
            QJsonObject{{QStringLiteral("params"),
                         QJsonObject{{QStringLiteral("service"), QStringLiteral("object")},
                                     {QStringLiteral("method"), QStringLiteral("execute_kw")},
                                     {QStringLiteral("args"), QJsonArray{QStringLiteral("syncsmart"), 2, kKey,
                                                                         QStringLiteral("product.product"),
                                                                         QStringLiteral("write")}}}}})
            .toJson();
    QCOMPARE(m_odoo->routeKey(request), QStringLiteral("execute_kw product.product write"));
}

void TestSimOdooOrders::contentTypeAndNonObjectBodiesAreBadRequests()
{
    SimRequest request;
    request.method = "POST";
    request.path = QStringLiteral("/jsonrpc");
    request.body =
        QJsonDocument(QJsonObject{{QStringLiteral("jsonrpc"), QStringLiteral("2.0")},
                                  {QStringLiteral("params"),
                                   QJsonObject{{QStringLiteral("service"), QStringLiteral("common")},
                                               {QStringLiteral("method"), QStringLiteral("version")},
                                               {QStringLiteral("args"), QJsonArray{}}}}})
            .toJson();
    // Odoo 17's _set_request_dispatcher: a type='json' route refuses any other mimetype (and none).
    for (const QByteArray &type :
         {QByteArray(), QByteArray("text/plain"), QByteArray("application/x-www-form-urlencoded")}) {
        request.headers = {{"content-type", type}};
        const SimResponse refused = m_odoo->handle(request);
        QCOMPARE(refused.status, 400);
        QVERIFY2(refused.body.contains("Request inferred type is compatible with [&#39;http&#39;] but "
                                       "&#39;/jsonrpc&#39; is type=&#39;json&#39;."),
                 refused.body.constData());
    }
    for (const QByteArray &type :
         {QByteArray("application/json; charset=utf-8"), QByteArray("Application/JSON-RPC")}) {
        request.headers = {{"content-type", type}};
        QCOMPARE(m_odoo->handle(request).status, 200);
    }
    // Valid JSON that is not an object: JsonRPCDispatcher answers "Invalid JSON-RPC data".
    request.headers = {{"content-type", "application/json"}};
    for (const QByteArray &body :
         {QByteArray("[{\"params\": {}}]"), QByteArray("42"), QByteArray("\"call\""), QByteArray("null")}) {
        request.body = body;
        const SimResponse invalid = m_odoo->handle(request);
        QCOMPARE(invalid.status, 400);
        QCOMPARE(invalid.body, QByteArray("Invalid JSON-RPC data"));
    }
    request.body = "[1,";
    QCOMPARE(m_odoo->handle(request).body, QByteArray("Invalid JSON data"));
}

QTEST_GUILESS_MAIN(TestSimOdooOrders)
#include "tst_simodoo_orders.moc"
