// The whole simulator in process: the seeded divergence really is what the two emulated APIs
// answer (the answer key reconciliation tests rely on), and the activity generator changes the
// peers the way people do, recorded in the effect log.
#include "odoo/odoosim.h"
#include "prestashop/prestashopsim.h"
#include "server/simulator.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QTimeZone>
#include <QTest>

using namespace syncsmart::sim;

namespace {

SimRequest shopGet(const QString &key, const QString &path, const QString &query)
{
    SimRequest request;
    request.method = "GET";
    request.path = path;
    request.query = decodeQuery(query.toUtf8());
    request.headers = {{"authorization", "Basic " + (key.toLatin1() + ':').toBase64()}};
    return request;
}

SimRequest odooCall(const QJsonObject &info, const QString &model, const QString &method, const QJsonArray &args,
                    const QJsonObject &kwargs)
{
    const QJsonObject erp = info.value(QStringLiteral("odoo")).toObject();
    const QJsonObject body{
        {QStringLiteral("jsonrpc"), QStringLiteral("2.0")},
        {QStringLiteral("method"), QStringLiteral("call")},
        {QStringLiteral("id"), 1},
        {QStringLiteral("params"),
         QJsonObject{{QStringLiteral("service"), QStringLiteral("object")},
                     {QStringLiteral("method"), QStringLiteral("execute_kw")},
                     {QStringLiteral("args"), QJsonArray{erp.value(QStringLiteral("database")), 2,
                                                         erp.value(QStringLiteral("apiKey")), model, method, args, kwargs}}}}};
    SimRequest request;
    request.method = "POST";
    request.path = QStringLiteral("/jsonrpc");
    request.headers = {{"content-type", "application/json"}};
    request.body = QJsonDocument(body).toJson(QJsonDocument::Compact);
    return request;
}

SimRequest control(const QByteArray &method, const QString &path, const QString &query = {}, const QByteArray &body = {})
{
    SimRequest request;
    request.method = method;
    request.path = path;
    request.query = decodeQuery(query.toUtf8());
    request.body = body;
    return request;
}

struct Side
{
    QHash<QString, QJsonObject> bySku; // first record per SKU
    QHash<QString, int> count;
    QHash<QString, double> stock;
};

QString normalised(const QString &field, const QJsonValue &value)
{
    if (field == QLatin1String("price"))
        return QString::number(value.isString() ? value.toString().toDouble() : value.toDouble(), 'f', 2);
    if (field == QLatin1String("weight"))
        return QString::number(value.isString() ? value.toString().toDouble() : value.toDouble(), 'f', 3);
    if (value.isBool())
        return QString(); // Odoo's false = empty
    return value.toString();
}

} // namespace

class TestSimSimulator : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void peersHoldExactlyTheExpectedDivergence();
    void activityChangesThePeersAndIsLoggedAsActivity();
    void returningCustomersAreNotCreatedTwice();
    void controlApiSwitchesLimitsAndClock();

private:
    Side readShop();
    Side readErp();

    std::unique_ptr<Simulator> m_sim;
    QJsonObject m_info;
};

void TestSimSimulator::initTestCase()
{
    SimulatorOptions options;
    options.seed.products = 3000;
    options.seed.seed = 11;
    options.seed.divergence.missingInShop = 0.02;
    options.seed.divergence.missingInErp = 0.02;
    options.seed.divergence.fieldMismatch = 0.04;
    options.seed.divergence.stockMismatch = 0.03;
    options.seed.divergence.duplicateSkusShop = 3;
    options.seed.divergence.duplicateSkusErp = 4;
    m_sim = std::make_unique<Simulator>(options);
    const auto error = m_sim->start();
    QVERIFY2(!error, error ? qPrintable(*error) : "");
    m_info = m_sim->info();
}

Side TestSimSimulator::readShop()
{
    Side side;
    const QString key = m_info.value(QStringLiteral("prestashop")).toObject().value(QStringLiteral("key")).toString();
    QHash<qint64, QString> skuById;
    for (int offset = 0;; offset += 1000) {
        const SimResponse page = m_sim->prestashop().handle(shopGet(
            key, QStringLiteral("/api/products"),
            QStringLiteral("display=[id,reference,price,weight,ean13,name]&language=1&sort=[id_ASC]&limit=%1,1000&output_format=JSON")
                .arg(offset)));
        if (page.status != 200)
            qFatal("shop list failed: %s", page.body.constData());
        const QJsonValue products = QJsonDocument::fromJson(page.body).object().value(QStringLiteral("products"));
        if (!products.isArray())
            break; // a bare [] after the last page
        for (const QJsonValue &v : products.toArray()) {
            const QJsonObject p = v.toObject();
            const QString sku = p.value(QStringLiteral("reference")).toString();
            skuById.insert(p.value(QStringLiteral("id")).toInteger(), sku);
            if (!side.bySku.contains(sku))
                side.bySku.insert(sku, p);
            ++side.count[sku];
        }
    }
    for (int offset = 0;; offset += 1000) {
        const SimResponse page = m_sim->prestashop().handle(shopGet(
            key, QStringLiteral("/api/stock_availables"),
            QStringLiteral("display=[id,id_product,id_product_attribute,quantity]&sort=[id_ASC]&limit=%1,1000&output_format=JSON").arg(offset)));
        const QJsonValue rows = QJsonDocument::fromJson(page.body).object().value(QStringLiteral("stock_availables"));
        if (!rows.isArray())
            break;
        for (const QJsonValue &v : rows.toArray()) {
            const QJsonObject row = v.toObject();
            if (row.value(QStringLiteral("id_product_attribute")).toVariant().toInt() != 0)
                continue;
            const QString sku = skuById.value(row.value(QStringLiteral("id_product")).toVariant().toLongLong());
            if (!side.stock.contains(sku))
                side.stock.insert(sku, row.value(QStringLiteral("quantity")).toVariant().toDouble());
        }
    }
    return side;
}

Side TestSimSimulator::readErp()
{
    Side side;
    for (int offset = 0;; offset += 1000) {
        const SimResponse page = m_sim->odoo().handle(odooCall(
            m_info, QStringLiteral("product.product"), QStringLiteral("search_read"), QJsonArray{QJsonArray{}},
            QJsonObject{{QStringLiteral("fields"), QJsonArray{QStringLiteral("default_code"), QStringLiteral("list_price"),
                                                              QStringLiteral("weight"), QStringLiteral("barcode"),
                                                              QStringLiteral("name"), QStringLiteral("qty_available")}},
                        {QStringLiteral("order"), QStringLiteral("id asc")},
                        {QStringLiteral("offset"), offset},
                        {QStringLiteral("limit"), 1000},
                        {QStringLiteral("context"), QJsonObject{{QStringLiteral("active_test"), false}}}}));
        const QJsonArray rows = QJsonDocument::fromJson(page.body).object().value(QStringLiteral("result")).toArray();
        if (rows.isEmpty())
            break;
        for (const QJsonValue &v : rows) {
            const QJsonObject p = v.toObject();
            const QString sku = p.value(QStringLiteral("default_code")).toString();
            if (!side.bySku.contains(sku)) {
                side.bySku.insert(sku, p);
                side.stock.insert(sku, p.value(QStringLiteral("qty_available")).toDouble());
            }
            ++side.count[sku];
        }
    }
    return side;
}

void TestSimSimulator::peersHoldExactlyTheExpectedDivergence()
{
    const QJsonObject expected = m_sim->seed().expectedDivergence();
    const Side shop = readShop();
    const Side erp = readErp();

    // A minimal reconciliation, independent of the seed code: what do the two APIs disagree on?
    QSet<QString> onlyErp, onlyShop, dupShop, dupErp, stock;
    QHash<QString, QString> fieldBySku;
    for (auto it = erp.bySku.begin(); it != erp.bySku.end(); ++it)
        if (!shop.bySku.contains(it.key()))
            onlyErp.insert(it.key());
    for (auto it = shop.bySku.begin(); it != shop.bySku.end(); ++it) {
        const QString &sku = it.key();
        if (!erp.bySku.contains(sku)) {
            onlyShop.insert(sku);
            continue;
        }
        const QJsonObject s = it.value(), e = erp.bySku.value(sku);
        const QList<std::pair<QString, std::pair<QString, QString>>> fields{
            {QStringLiteral("price"), {QStringLiteral("price"), QStringLiteral("list_price")}},
            {QStringLiteral("weight"), {QStringLiteral("weight"), QStringLiteral("weight")}},
            {QStringLiteral("ean13"), {QStringLiteral("ean13"), QStringLiteral("barcode")}},
            {QStringLiteral("name"), {QStringLiteral("name"), QStringLiteral("name")}}};
        for (const auto &[field, names] : fields) {
            const QString sv = normalised(field, s.value(names.first)), ev = normalised(field, e.value(names.second));
            if (sv != ev)
                fieldBySku.insert(sku, field + QLatin1Char('|') + sv + QLatin1Char('|') + ev);
        }
        if (shop.stock.value(sku) != erp.stock.value(sku))
            stock.insert(sku);
    }
    for (auto it = shop.count.begin(); it != shop.count.end(); ++it)
        if (it.value() > 1)
            dupShop.insert(it.key());
    for (auto it = erp.count.begin(); it != erp.count.end(); ++it)
        if (it.value() > 1)
            dupErp.insert(it.key());

    auto set = [](const QJsonArray &array) {
        QSet<QString> out;
        for (const QJsonValue &v : array)
            out.insert(v.isObject() ? v.toObject().value(QStringLiteral("sku")).toString() : v.toString());
        return out;
    };
    QCOMPARE(onlyErp, set(expected.value(QStringLiteral("missingInShop")).toArray()));
    QCOMPARE(onlyShop, set(expected.value(QStringLiteral("missingInErp")).toArray()));
    QCOMPARE(stock, set(expected.value(QStringLiteral("stockMismatches")).toArray()));
    const QJsonObject dups = expected.value(QStringLiteral("duplicateSkus")).toObject();
    QCOMPARE(dupShop, set(dups.value(QStringLiteral("shop")).toArray()));
    QCOMPARE(dupErp, set(dups.value(QStringLiteral("erp")).toArray()));
    QHash<QString, QString> expectedFields;
    for (const QJsonValue &v : expected.value(QStringLiteral("fieldMismatches")).toArray()) {
        const QJsonObject m = v.toObject();
        expectedFields.insert(m.value(QStringLiteral("sku")).toString(),
                              m.value(QStringLiteral("field")).toString() + QLatin1Char('|')
                                  + m.value(QStringLiteral("shop")).toString() + QLatin1Char('|')
                                  + m.value(QStringLiteral("erp")).toString());
    }
    QCOMPARE(fieldBySku, expectedFields);
    QVERIFY(onlyErp.size() > 20 && onlyShop.size() > 20 && fieldBySku.size() > 60 && stock.size() > 40);
}

void TestSimSimulator::activityChangesThePeersAndIsLoggedAsActivity()
{
    const qint64 before = m_sim->effects().lastSeq();
    for (const char *kind : {"erp-price", "erp-stock", "shop-description", "shop-order", "shop-price", "rename-both"}) {
        const SimResponse answer = m_sim->handleControl(
            control("POST", QStringLiteral("/_sim/activity/run"), QStringLiteral("kind=%1&times=5").arg(QString::fromLatin1(kind))));
        QCOMPARE(answer.status, 200);
        QCOMPARE(QJsonDocument::fromJson(answer.body).object().value(QStringLiteral("events")).toArray().size(), 5);
    }
    EffectLog::Filter activity;
    activity.sinceSeq = before;
    activity.source = EffectSource::Activity;
    activity.peer = QStringLiteral("odoo");
    QVERIFY(m_sim->effects().count(activity) >= 15); // 5 prices + 5 stock counts + 5 renames
    activity.peer = QStringLiteral("prestashop");
    activity.resource = QStringLiteral("orders");
    QCOMPARE(m_sim->effects().count(activity), qsizetype(5));
    // Shop prices and the shop's half of the renames are product updates made by people too.
    activity.resource = QStringLiteral("products");
    QVERIFY(m_sim->effects().count(activity) >= 15); // 5 descriptions + 5 prices + 5 renames
    EffectLog::Filter control;
    control.sinceSeq = before;
    control.source = EffectSource::Control;
    QCOMPARE(m_sim->effects().count(control), qsizetype(0)); // the activity is not logged as a tester's edit
    EffectLog::Filter api;
    api.sinceSeq = before;
    api.source = EffectSource::Api;
    QCOMPARE(m_sim->effects().count(api), qsizetype(0)); // nobody called the APIs

    // A stock count in the ERP does not move the product's write_date (as in Odoo 17); a price does.
    const QString sku = m_sim->seed().sku(5);
    auto erpProduct = [&] {
        return m_sim->odoo().control("GET", QStringLiteral("product"), decodeQuery(("sku=" + sku).toUtf8()), {})
            ->value(QStringLiteral("products")).toArray().at(0).toObject();
    };
    const QJsonObject before0 = erpProduct();
    QTest::qSleep(1100); // write_date has second resolution on the wire
    QVERIFY(m_sim->odoo().setStock(sku, 321, EffectSource::Activity));
    const QJsonObject afterStock = erpProduct();
    QCOMPARE(afterStock.value(QStringLiteral("qty_available")).toDouble(), 321.0);
    QCOMPARE(afterStock.value(QStringLiteral("write_date")), before0.value(QStringLiteral("write_date")));
    QVERIFY(m_sim->odoo().setPrice(sku, 12.34, EffectSource::Activity));
    const QJsonObject afterPrice = erpProduct();
    QCOMPARE(afterPrice.value(QStringLiteral("list_price")).toDouble(), 12.34);
    QVERIFY(afterPrice.value(QStringLiteral("write_date")) != before0.value(QStringLiteral("write_date")));
}

void TestSimSimulator::returningCustomersAreNotCreatedTwice()
{
    ShopOrderDraft draft;
    draft.email = QStringLiteral("lucia.garcia@example.test");
    draft.firstName = QStringLiteral("Lucía");
    draft.lastName = QStringLiteral("García");
    const QString sku = m_sim->seed().sku(1);
    draft.lines = {{sku, 1}};
    QVERIFY(m_sim->prestashop().hasSku(sku));
    const auto first = m_sim->prestashop().placeOrder(draft, EffectSource::Control);
    const auto second = m_sim->prestashop().placeOrder(draft, EffectSource::Control);
    QVERIFY(first && second && *first != *second);
    QCOMPARE(m_sim->prestashop().customerEmails().count(draft.email), 1);
}

void TestSimSimulator::controlApiSwitchesLimitsAndClock()
{
    SimResponse answer = m_sim->handleControl(control("POST", QStringLiteral("/_sim/limits"),
                                                      QStringLiteral("peer=odoo&cost=real:0.5&capacity=3&beyond=reject")));
    QCOMPARE(answer.status, 200);
    const QJsonObject odoo = QJsonDocument::fromJson(answer.body).object().value(QStringLiteral("odoo")).toObject();
    QCOMPARE(odoo.value(QStringLiteral("capacity")).toInt(), 3);
    QCOMPARE(odoo.value(QStringLiteral("beyondCapacity")).toString(), QStringLiteral("reject"));
    answer = m_sim->handleControl(control("POST", QStringLiteral("/_sim/limits"), QStringLiteral("peer=odoo&cost=turbo")));
    QCOMPARE(answer.status, 400);
    QVERIFY(answer.body.contains("none"));

    // A skewed shop clock shows in the dates the shop writes.
    answer = m_sim->handleControl(control("POST", QStringLiteral("/_sim/clock"), QStringLiteral("peer=prestashop&skewMs=-7200000")));
    QCOMPARE(answer.status, 200);
    const QString sku = m_sim->seed().sku(2);
    QVERIFY(m_sim->prestashop().editDescription(sku, 1, QStringLiteral("<p>x</p>"), EffectSource::Control));
    const QJsonObject product = *m_sim->prestashop().control("GET", QStringLiteral("product"),
                                                            decodeQuery(("sku=" + sku).toUtf8()), {});
    const QString dump = QString::fromUtf8(QJsonDocument(product).toJson(QJsonDocument::Compact));
    const QDateTime shopNow = QDateTime::currentDateTimeUtc().addSecs(-7200).toTimeZone(QTimeZone("Europe/Paris"));
    QVERIFY2(dump.contains(shopNow.toString(QStringLiteral("yyyy-MM-dd HH:"))), qPrintable(dump.left(600)));
    m_sim->handleControl(control("POST", QStringLiteral("/_sim/clock"), QStringLiteral("peer=prestashop&skewMs=0")));
    // A skew past year 9999 made the peers print garbage dates: refused.
    answer = m_sim->handleControl(control("POST", QStringLiteral("/_sim/clock"),
                                          QStringLiteral("peer=odoo&skewMs=-9223372036854775807")));
    QCOMPARE(answer.status, 400);
    QVERIFY(answer.body.contains("100 years"));

    answer = m_sim->handleControl(control("GET", QStringLiteral("/_sim/nonsense")));
    QCOMPARE(answer.status, 404);
    QVERIFY(answer.body.contains("commands"));
}

QTEST_GUILESS_MAIN(TestSimSimulator)
#include "tst_simsimulator.moc"
