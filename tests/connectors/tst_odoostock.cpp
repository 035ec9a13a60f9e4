// Integration tests of the Odoo connector's stock against syncsmart-sim: reading the configured
// quantity (free_qty by default, so reserved units are not offered twice), setting it through an
// inventory adjustment that reads back what was set, and a SKU held by two products never picked.
#include "tst_odoosupport.h"

#include <QtTest>

using namespace syncsmart;
using namespace syncsmart::testing;

class TestOdooStock : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void stockFromFreeQtyOrOnHand();
    void setStockThroughInventoryQuant();
    void duplicateSkuIsReportedNeverPicked();

private:
    std::unique_ptr<OdooConnector> connector(const std::function<void(OdooSettings &)> &tweak = {})
    {
        return makeOdooConnector(m_sim, m_redactor, m_clock, tweak);
    }
    // Error texts are checked for keys in tst_odoo; here they only need to name the record.
    void remember(const Error &error) { QVERIFY(!error.message.contains(m_sim.odooKey())); }

    SimProcess m_sim;
    SystemClock m_clock;
    std::shared_ptr<Redactor> m_redactor = std::make_shared<Redactor>();
};

void TestOdooStock::initTestCase()
{
    const QString error = m_sim.start(300, odooSimArgs());
    QVERIFY2(error.isEmpty(), qPrintable(error));
}

void TestOdooStock::init()
{
    m_sim.clearFaults();
    m_sim.clearEffects();
    m_sim.resetStats();
}

void TestOdooStock::stockFromFreeQtyOrOnHand()
{
    auto free = connector();
    auto onHand = connector([](OdooSettings &s) { s.stockField = QStringLiteral("qty_available"); });
    // Reserve some stock: a confirmed order lowers free_qty, not qty_available.
    const QString sku = QStringLiteral("SKU-000050");
    const auto before = odooProduct(m_sim, sku).value(QLatin1String("products")).toArray().first().toObject();
    ShopOrder order;
    order.id = QStringLiteral("9001");
    order.reference = QStringLiteral("STOCKRES1");
    order.customer.email = QStringLiteral("stock.reserver@example.com");
    order.customer.firstName = QStringLiteral("Stock");
    order.lines = {OrderLine{sku, {}, {}, QStringLiteral("x"), 3, 10.0}};
    const auto pushed = awaitResult<ErpOrderRef>([&](auto done) { free->pushOrder(order, done); });
    QVERIFY2(pushed, qPrintable(pushed ? QString() : pushed.error().toString()));
    const auto product = odooProduct(m_sim, sku).value(QLatin1String("products")).toArray().first().toObject();

    const auto a = awaitResult<QVector<StockLevel>>([&](auto done) { free->stockBySku({sku}, done); });
    const auto b = awaitResult<QVector<StockLevel>>([&](auto done) { onHand->stockBySku({sku}, done); });
    QVERIFY(a && b);
    QCOMPARE(a->size(), 1);
    QCOMPARE(a->first().quantity, product.value(QLatin1String("free_qty")).toDouble());
    QCOMPARE(b->first().quantity, product.value(QLatin1String("qty_available")).toDouble());
    QCOMPARE(b->first().quantity, before.value(QLatin1String("qty_available")).toDouble());
    QVERIFY2(a->first().quantity < b->first().quantity, "the reservation lowers free_qty only");

    // The stock sweep: pages of storable, active products.
    qint64 lines = 0;
    double sweepQuantity = -1;
    const auto summary = awaitResult<PageSummary>([&](auto done) {
        free->stockLevels(64, [&](const QVector<StockLevel> &page) {
            lines += page.size();
            for (const auto &l : page) {
                if (l.sku == sku)
                    sweepQuantity = l.quantity;
            }
            return true;
        }, done);
    });
    QVERIFY(summary);
    QVERIFY(lines > 250);
    QCOMPARE(summary->records, lines);
    QCOMPARE(sweepQuantity, a->first().quantity);

    // Setting stock means the configured field: with free_qty, the reserved units stay on top, so the
    // next read gives back what was set (an adjustment sets on-hand, which includes the reservation).
    const double reserved = b->first().quantity - a->first().quantity;
    const auto set = awaitResult<void>([&](auto done) { free->setStock(a->first(), 20, done); });
    QVERIFY2(set, qPrintable(set ? QString() : set.error().toString()));
    const auto afterFree = awaitResult<QVector<StockLevel>>([&](auto done) { free->stockBySku({sku}, done); });
    const auto afterOnHand = awaitResult<QVector<StockLevel>>([&](auto done) { onHand->stockBySku({sku}, done); });
    QVERIFY(afterFree && afterOnHand);
    QCOMPARE(afterFree->first().quantity, 20.0);
    QCOMPARE(afterOnHand->first().quantity, 20.0 + reserved);
}


void TestOdooStock::setStockThroughInventoryQuant()
{
    auto odoo = connector();
    const QString sku = QStringLiteral("SKU-000010");
    StockLevel line;
    line.sku = sku;
    const auto set = awaitResult<void>([&](auto done) { odoo->setStock(line, 42, done); });
    QVERIFY2(set, qPrintable(set ? QString() : set.error().toString()));
    QCOMPARE(odooProduct(m_sim, sku).value(QLatin1String("products")).toArray().first().toObject().value(QLatin1String("qty_available")).toDouble(), 42.0);
    QCOMPARE(routeCount(m_sim, QStringLiteral("execute_kw stock.warehouse search_read")), 1);
    QCOMPARE(routeCount(m_sim, QStringLiteral("execute_kw stock.quant create")), 1);
    QCOMPARE(routeCount(m_sim, QStringLiteral("execute_kw stock.quant action_apply_inventory")), 1);

    // By product id, twice (a replay): the same absolute quantity, the warehouse read once per connector.
    const QString id = QString::number(odooProduct(m_sim, sku).value(QLatin1String("products")).toArray().first().toObject().value(QLatin1String("id")).toInt());
    line.productId = id;
    for (int i = 0; i < 2; ++i) {
        const auto again = awaitResult<void>([&](auto done) { odoo->setStock(line, 17.5, done); });
        QVERIFY(again);
    }
    QCOMPARE(odooProduct(m_sim, sku).value(QLatin1String("products")).toArray().first().toObject().value(QLatin1String("qty_available")).toDouble(), 17.5);
    QCOMPARE(routeCount(m_sim, QStringLiteral("execute_kw stock.warehouse search_read")), 1);
    const QJsonObject effects = m_sim.control(QStringLiteral("effects"), QJsonValue::Undefined, QStringLiteral("peer=odoo&kind=stock"));
    QVERIFY(effects.value(QLatin1String("total")).toInt() >= 1);
}


void TestOdooStock::duplicateSkuIsReportedNeverPicked()
{
    auto odoo = connector();
    StockLevel line;
    line.sku = QStringLiteral("SKU-000212");
    const auto set = awaitResult<void>([&](auto done) { odoo->setStock(line, 5, done); });
    QVERIFY(!set);
    QVERIFY(set.error().category == ErrorCategory::Permanent);
    QCOMPARE(set.error().code, QStringLiteral("odoo.duplicate_sku"));
    const QJsonArray holders = odooProduct(m_sim, line.sku).value(QLatin1String("products")).toArray();
    QCOMPARE(holders.size(), 2);
    for (const QJsonValue &h : holders)
        QVERIFY2(set.error().message.contains(QString::number(h.toObject().value(QLatin1String("id")).toInt())),
                 qPrintable(set.error().message));
    QCOMPARE(routeCount(m_sim, QStringLiteral("execute_kw stock.quant create")), 0);
    remember(set.error());
}

QTEST_GUILESS_MAIN(TestOdooStock)
#include "tst_odoostock.moc"
