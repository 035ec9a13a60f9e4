// Integration tests of the Odoo connector's order push against syncsmart-sim: the partner and the
// sales order are created once, a replay creates nothing, a returning customer reuses the partner,
// unknown or duplicated SKUs and missing settings are clear errors, a reset never makes a second
// order, and order states and invoice numbers are read back.
#include "tst_odoosupport.h"

#include <QtTest>

using namespace syncsmart;
using namespace syncsmart::testing;

namespace {

ShopOrder makeOrder(const QString &reference, const QString &email)
{
    ShopOrder order;
    order.id = reference.right(3);
    order.reference = reference;
    order.createdAt = QDateTime(QDate(2026, 11, 30), QTime(9, 30), Qt::UTC);
    order.customer.id = QStringLiteral("42");
    order.customer.email = email;
    order.customer.firstName = QStringLiteral("Ada");
    order.customer.lastName = QStringLiteral("Buyer");
    order.lines = {OrderLine{QStringLiteral("SKU-000020"), {}, {}, QStringLiteral("Kettle"), 2, 10.0},
                   OrderLine{QStringLiteral("SKU-000021"), {}, {}, QStringLiteral("Mug"), 1, 4.5}};
    order.totalShippingTaxExcl = 5.0;
    return order;
}

} // namespace

class TestOdooOrders : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void pushCreatesPartnerAndOrderOnce();
    void returningCustomerReusesThePartner();
    void unknownSkuIsPermanentAndWritesNothing();
    void duplicateSkuIsPermanent();
    void missingShippingSettingIsConfig();
    void resetDuringCreateGivesOneOrder_data();
    void resetDuringCreateGivesOneOrder();
    void orderStatusesWithInvoiceNumbers();

private:
    std::unique_ptr<OdooConnector> connector(const std::function<void(OdooSettings &)> &tweak = {})
    {
        OdooSettings s = odooSettings(m_sim);
        s.shippingProductSku = QStringLiteral("SKU-000299"); // a seeded product stands for the shipping service
        if (tweak)
            tweak(s);
        return std::make_unique<OdooConnector>(s, std::make_shared<Redactor>(), m_clock);
    }
    QJsonObject orders(const QString &ref)
    {
        return m_sim.control(QStringLiteral("odoo/sale-orders"), QJsonValue::Undefined,
                             QStringLiteral("client_order_ref=") + ref);
    }
    int partners(const QString &email)
    {
        return m_sim.control(QStringLiteral("odoo/partners"), QJsonValue::Undefined,
                             QStringLiteral("email=") + QString::fromLatin1(QUrl::toPercentEncoding(email)))
            .value(QLatin1String("count"))
            .toInt();
    }

    SimProcess m_sim;
    SystemClock m_clock;
};

void TestOdooOrders::initTestCase()
{
    const QString error = m_sim.start(300, odooSimArgs());
    QVERIFY2(error.isEmpty(), qPrintable(error));
}

void TestOdooOrders::init()
{
    m_sim.clearFaults();
    m_sim.clearEffects();
    m_sim.resetStats();
}

void TestOdooOrders::pushCreatesPartnerAndOrderOnce()
{
    auto odoo = connector();
    const ShopOrder order = makeOrder(QStringLiteral("ORDAAA001"), QStringLiteral("ada.buyer@example.com"));
    const auto pushed = awaitResult<ErpOrderRef>([&](auto done) { odoo->pushOrder(order, done); });
    QVERIFY2(pushed, qPrintable(pushed ? QString() : pushed.error().toString()));
    QVERIFY(pushed->created);
    QVERIFY(pushed->partnerCreated);
    QCOMPARE(pushed->clientOrderRef, order.reference);
    QVERIFY(pushed->erpName.startsWith(QLatin1Char('S')));

    const QJsonObject held = orders(order.reference);
    QCOMPARE(held.value(QLatin1String("count")).toInt(), 1);
    const QJsonObject so = held.value(QLatin1String("orders")).toArray().first().toObject();
    QCOMPARE(QString::number(so.value(QLatin1String("id")).toInt()), pushed->erpId);
    QCOMPARE(so.value(QLatin1String("state")).toString(), QStringLiteral("sale")); // confirmed
    const QJsonArray lines = so.value(QLatin1String("lines")).toArray();
    QCOMPARE(lines.size(), 3); // two products and the shipping line
    QCOMPARE(lines.at(0).toObject().value(QLatin1String("product_uom_qty")).toDouble(), 2.0);
    QCOMPARE(lines.at(0).toObject().value(QLatin1String("price_unit")).toDouble(), 10.0);
    QCOMPARE(lines.at(2).toObject().value(QLatin1String("price_unit")).toDouble(), 5.0);
    QCOMPARE(partners(order.customer.email), 1);

    // A replay finds the order: nothing is written at all.
    m_sim.clearEffects();
    const auto replay = awaitResult<ErpOrderRef>([&](auto done) { odoo->pushOrder(order, done); });
    QVERIFY(replay);
    QVERIFY(!replay->created);
    QCOMPARE(replay->erpId, pushed->erpId);
    QCOMPARE(replay->erpName, pushed->erpName);
    QCOMPARE(m_sim.control(QStringLiteral("effects")).value(QLatin1String("total")).toInt(), 0);
    QCOMPARE(orders(order.reference).value(QLatin1String("count")).toInt(), 1);
    QCOMPARE(partners(order.customer.email), 1);
}

void TestOdooOrders::returningCustomerReusesThePartner()
{
    auto odoo = connector();
    const QString email = QStringLiteral("returning_buyer@example.com"); // '_' is a LIKE wildcard
    const auto first = awaitResult<ErpOrderRef>([&](auto done) { odoo->pushOrder(makeOrder(QStringLiteral("ORDBBB001"), email), done); });
    QVERIFY(first);
    QVERIFY(first->partnerCreated);
    // The same buyer, the address typed with capitals: the same partner.
    const auto second = awaitResult<ErpOrderRef>([&](auto done) {
        odoo->pushOrder(makeOrder(QStringLiteral("ORDBBB002"), QStringLiteral("Returning_Buyer@Example.com")), done);
    });
    QVERIFY(second);
    QVERIFY(second->created);
    QVERIFY(!second->partnerCreated);
    QCOMPARE(partners(email), 1);
    const auto p1 = orders(QStringLiteral("ORDBBB001")).value(QLatin1String("orders")).toArray().first().toObject().value(QLatin1String("partner_id"));
    const auto p2 = orders(QStringLiteral("ORDBBB002")).value(QLatin1String("orders")).toArray().first().toObject().value(QLatin1String("partner_id"));
    QCOMPARE(p1.toArray().first().toInt(), p2.toArray().first().toInt());
    // An address that only matches through the wildcard is another customer.
    const auto other = awaitResult<ErpOrderRef>([&](auto done) {
        odoo->pushOrder(makeOrder(QStringLiteral("ORDBBB003"), QStringLiteral("returningXbuyer@example.com")), done);
    });
    QVERIFY(other);
    QVERIFY(other->partnerCreated);
}

void TestOdooOrders::unknownSkuIsPermanentAndWritesNothing()
{
    auto odoo = connector();
    ShopOrder order = makeOrder(QStringLiteral("ORDCCC001"), QStringLiteral("new.unknown@example.com"));
    order.lines.append(OrderLine{QStringLiteral("NO-SUCH-SKU"), {}, {}, QStringLiteral("Ghost"), 1, 1.0});
    const auto pushed = awaitResult<ErpOrderRef>([&](auto done) { odoo->pushOrder(order, done); });
    QVERIFY(!pushed);
    QVERIFY(pushed.error().category == ErrorCategory::Permanent);
    QCOMPARE(pushed.error().code, QStringLiteral("odoo.unknown_sku"));
    QVERIFY(pushed.error().message.contains(QLatin1String("NO-SUCH-SKU")));
    QVERIFY(pushed.error().message.contains(QLatin1String("ORDCCC001")));
    QCOMPARE(orders(order.reference).value(QLatin1String("count")).toInt(), 0);
    QCOMPARE(partners(order.customer.email), 0);
    QCOMPARE(m_sim.control(QStringLiteral("effects")).value(QLatin1String("total")).toInt(), 0);
}

void TestOdooOrders::duplicateSkuIsPermanent()
{
    auto odoo = connector();
    ShopOrder order = makeOrder(QStringLiteral("ORDDDD001"), QStringLiteral("dup@example.com"));
    order.lines = {OrderLine{QStringLiteral("SKU-000212"), {}, {}, QStringLiteral("Twice"), 1, 1.0}};
    const auto pushed = awaitResult<ErpOrderRef>([&](auto done) { odoo->pushOrder(order, done); });
    QVERIFY(!pushed);
    QVERIFY(pushed.error().category == ErrorCategory::Permanent);
    QCOMPARE(pushed.error().code, QStringLiteral("odoo.duplicate_sku"));
    const QJsonObject held = m_sim.control(QStringLiteral("odoo/product"), QJsonValue::Undefined, QStringLiteral("sku=SKU-000212"));
    for (const QJsonValue &p : held.value(QLatin1String("products")).toArray())
        QVERIFY(pushed.error().message.contains(QString::number(p.toObject().value(QLatin1String("id")).toInt())));
    QCOMPARE(orders(order.reference).value(QLatin1String("count")).toInt(), 0);
}

void TestOdooOrders::missingShippingSettingIsConfig()
{
    auto odoo = connector([](OdooSettings &s) { s.shippingProductSku.clear(); });
    const ShopOrder order = makeOrder(QStringLiteral("ORDEEE001"), QStringLiteral("ship@example.com"));
    const auto pushed = awaitResult<ErpOrderRef>([&](auto done) { odoo->pushOrder(order, done); });
    QVERIFY(!pushed);
    QVERIFY(pushed.error().category == ErrorCategory::Config);
    QVERIFY(pushed.error().message.contains(QLatin1String("shippingProductSku")));
    ShopOrder discounted = makeOrder(QStringLiteral("ORDEEE002"), QStringLiteral("ship@example.com"));
    discounted.totalDiscountsTaxExcl = 2.0;
    auto withShipping = connector();
    const auto d = awaitResult<ErpOrderRef>([&](auto done) { withShipping->pushOrder(discounted, done); });
    QVERIFY(!d);
    QVERIFY(d.error().category == ErrorCategory::Config);
    QVERIFY(d.error().message.contains(QLatin1String("discountProductSku")));
    QCOMPARE(orders(order.reference).value(QLatin1String("count")).toInt(), 0);
}

void TestOdooOrders::resetDuringCreateGivesOneOrder_data()
{
    QTest::addColumn<QString>("route");
    QTest::addColumn<int>("count");
    QTest::newRow("order create, reset once") << QStringLiteral("execute_kw sale.order create") << 1;
    QTest::newRow("order create, reset twice") << QStringLiteral("execute_kw sale.order create") << 2;
    QTest::newRow("partner create, reset once") << QStringLiteral("execute_kw res.partner create") << 1;
    QTest::newRow("confirm, reset once") << QStringLiteral("execute_kw sale.order action_confirm") << 1;
}

void TestOdooOrders::resetDuringCreateGivesOneOrder()
{
    QFETCH(QString, route);
    QFETCH(int, count);
    static int run = 0;
    ++run;
    m_sim.addFault(QJsonObject{{QStringLiteral("peer"), QStringLiteral("odoo")},
                               {QStringLiteral("route"), route},
                               {QStringLiteral("kind"), QStringLiteral("reset-after")},
                               {QStringLiteral("count"), count}});
    auto odoo = connector();
    const ShopOrder order = makeOrder(QStringLiteral("ORDRST%1").arg(run, 3, 10, QLatin1Char('0')),
                                      QStringLiteral("reset%1@example.com").arg(run));
    auto pushed = awaitResult<ErpOrderRef>([&](auto done) { odoo->pushOrder(order, done); });
    QCOMPARE(m_sim.control(QStringLiteral("faults")).value(QLatin1String("rules")).toArray().first().toObject()
                 .value(QLatin1String("struck")).toInt(), count);
    if (!pushed) { // an ambiguous failure the connector could not settle: the queue retries
        QVERIFY2(pushed.error().category == ErrorCategory::Transient, qPrintable(pushed.error().toString()));
        m_sim.clearFaults();
        pushed = awaitResult<ErpOrderRef>([&](auto done) { odoo->pushOrder(order, done); });
    }
    QVERIFY2(pushed, qPrintable(pushed ? QString() : pushed.error().toString()));
    const QJsonObject held = orders(order.reference);
    QCOMPARE(held.value(QLatin1String("count")).toInt(), 1);
    QCOMPARE(held.value(QLatin1String("orders")).toArray().first().toObject().value(QLatin1String("state")).toString(),
             QStringLiteral("sale"));
    QCOMPARE(partners(order.customer.email), 1);
}

void TestOdooOrders::orderStatusesWithInvoiceNumbers()
{
    auto odoo = connector();
    const ShopOrder order = makeOrder(QStringLiteral("ORDFFF001"), QStringLiteral("invoice@example.com"));
    const auto pushed = awaitResult<ErpOrderRef>([&](auto done) { odoo->pushOrder(order, done); });
    QVERIFY(pushed);
    // Invoice it the way a person does in Odoo (the wizard, fixtures 45-46).
    const QJsonObject ctx{{QStringLiteral("active_model"), QStringLiteral("sale.order")},
                          {QStringLiteral("active_ids"), QJsonArray{pushed->erpId.toInt()}},
                          {QStringLiteral("active_id"), pushed->erpId.toInt()}};
    const QJsonValue wizard = odooCall(m_sim, QStringLiteral("sale.advance.payment.inv"), QStringLiteral("create"),
                                       QJsonArray{QJsonObject{{QStringLiteral("advance_payment_method"), QStringLiteral("delivered")}}},
                                       QJsonObject{{QStringLiteral("context"), ctx}});
    QVERIFY2(wizard.isDouble(), qPrintable(QJsonDocument(wizard.toObject()).toJson()));
    const QJsonValue invoiced = odooCall(m_sim, QStringLiteral("sale.advance.payment.inv"), QStringLiteral("create_invoices"),
                                         QJsonArray{QJsonArray{wizard.toInt()}}, QJsonObject{{QStringLiteral("context"), ctx}});
    QVERIFY(!invoiced.toObject().contains(QLatin1String("error")));

    const auto statuses = awaitResult<QVector<ErpOrderStatus>>([&](auto done) {
        odoo->orderStatuses({order.reference, QStringLiteral("ORDAAA001"), QStringLiteral("NOT-PUSHED")}, done);
    });
    QVERIFY2(statuses, qPrintable(statuses ? QString() : statuses.error().toString()));
    QCOMPARE(statuses->size(), 2); // an unknown reference is simply absent
    const ErpOrderStatus *mine = nullptr;
    for (const auto &s : *statuses) {
        if (s.clientOrderRef == order.reference)
            mine = &s;
    }
    QVERIFY(mine);
    QCOMPARE(mine->erpId, pushed->erpId);
    QCOMPARE(mine->state, QStringLiteral("sale"));
    QCOMPARE(mine->invoiceStatus, QStringLiteral("invoiced"));
    QCOMPARE(mine->invoiceNumbers.size(), 1);
    QVERIFY2(mine->invoiceNumbers.first().startsWith(QLatin1String("INV/")), qPrintable(mine->invoiceNumbers.first()));
}

QTEST_GUILESS_MAIN(TestOdooOrders)
#include "tst_odooorders.moc"
