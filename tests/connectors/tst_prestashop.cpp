// PrestaShopConnector against syncsmart-sim over loopback HTTP: connection test, changed products
// (keyset paging under edits, shop time), products by SKU, catalog and stock pages, orders.
// Writes and fault classes: tst_prestashopwrites.
#include "tst_prestashopsim.h"

#include <algorithm>

using namespace syncsmart;
using namespace pssim;

class TestPrestaShop : public SimTest
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanup();
    void testConnection();
    void testConnectionRestrictedKey();
    void testConnectionBadKey();
    void changedProductsAcrossPagesWithEdits();
    void changedProductsWindowInShopTime();
    void changedProductsManyInOneSecond();
    void productsBySkuInBatches();
    void catalogAndStockPages();
    void ordersWithRowsAndCustomer();
    void keyAppearsInNoErrorText();

private:
    int routeGets(const QString &route); // requests the simulator counted on this route since its stats were reset
};

void TestPrestaShop::initTestCase()
{
    startSim();
}

void TestPrestaShop::cleanup()
{
    m_sim.clearFaults();
}

int TestPrestaShop::routeGets(const QString &route)
{
    return m_sim.stats()
        .value(QStringLiteral("prestashop"))
        .toObject()
        .value(QStringLiteral("byRoute"))
        .toObject()
        .value(route)
        .toInt();
}

void TestPrestaShop::testConnection()
{
    auto shop = connector();
    Result<ConnectionReport> report =
        awaitResult<ConnectionReport>([&](auto done) { shop->testConnection(done); });
    QVERIFY2(report.ok(), report.ok() ? "" : qPrintable(report.error().toString()));
    QVERIFY2(report->ok(), qPrintable(report->missing.join(QLatin1Char('\n'))));
    QVERIFY(report->version.startsWith(QStringLiteral("8.")));
    QCOMPARE(report->peerName, QStringLiteral("PrestaShop"));
    QVERIFY(report->capabilities.contains(QStringLiteral("products: GET, PATCH, POST")));
    // The shop's active languages are read (a single text is written to each of them).
    const QString capabilities = report->capabilities.join(QLatin1Char('\n'));
    QVERIFY2(capabilities.contains(QStringLiteral("languages: 1, 2")), qPrintable(capabilities));
    QVERIFY2(report->warnings.isEmpty(), qPrintable(report->warnings.join(QLatin1Char('\n'))));
}

void TestPrestaShop::testConnectionRestrictedKey()
{
    const QString key = kRestrictedKey;
    QCOMPARE(key.size(), 32);
    const QJsonObject added = m_sim.control(
        QStringLiteral("prestashop/keys"),
        QJsonObject{
            {QStringLiteral("key"), key},
            {QStringLiteral("permissions"),
             QJsonObject{{QStringLiteral("products"), QJsonArray{QStringLiteral("GET")}},
                         {QStringLiteral("orders"), QJsonArray{QStringLiteral("GET"), QStringLiteral("PUT")}},
                         {QStringLiteral("stock_availables"), QJsonArray{QStringLiteral("GET")}}}}});
    QVERIFY2(added.value(QStringLiteral("ok")).toBool(), QJsonDocument(added).toJson().constData());
    auto shop = connector(key);
    Result<ConnectionReport> report =
        awaitResult<ConnectionReport>([&](auto done) { shop->testConnection(done); });
    QVERIFY(report.ok());
    QVERIFY(!report->ok());
    const QString missing = report->missing.join(QLatin1Char('\n'));
    for (const char *line : {"products: PATCH", "products: POST", "stock_availables: PATCH",
                             "combinations: GET", "order_details: GET", "order_histories: GET",
                             "order_histories: POST", "order_states: GET", "customers: GET"})
        QVERIFY2(missing.contains(QString::fromLatin1(line)), line);
    QVERIFY(!missing.contains(QStringLiteral("products: GET")));
    QVERIFY(!missing.contains(QStringLiteral("orders: GET")));
    QCOMPARE(report->missing.size(), 9);
    for (const QString &l : report->missing)
        QVERIFY(l.contains(QStringLiteral("Advanced Parameters > Webservice")));
    QVERIFY(!missing.contains(key));
}

void TestPrestaShop::testConnectionBadKey()
{
    const QString key = kWrongKey;
    auto shop = connector(key);
    Result<ConnectionReport> report =
        awaitResult<ConnectionReport>([&](auto done) { shop->testConnection(done); });
    QVERIFY(!report.ok());
    remember(report.error());
    QVERIFY(report.error().category == ErrorCategory::Auth);
    QVERIFY(report.error().message.contains(QStringLiteral("Advanced Parameters > Webservice")));
    QVERIFY(!errorText(report.error()).contains(key));
    // The same on an ordinary read.
    Result<QVector<ProductData>> found = awaitResult<QVector<ProductData>>(
        [&](auto done) { shop->productsBySku({QStringLiteral("SKU-000001")}, {}, done); });
    QVERIFY(!found.ok() && found.error().category == ErrorCategory::Auth);
    QVERIFY(!errorText(found.error()).contains(key));
}

void TestPrestaShop::changedProductsAcrossPagesWithEdits()
{
    auto shop = connector();
    ChangeWindow window;
    window.sinceUtc = QDateTime(QDate(2020, 1, 1), QTime(0, 0), QTimeZone::utc());
    window.pageSize = 25;
    QHash<QString, QVector<ProductData>> bySku;
    QSet<QPair<QString, qint64>> versions;
    QStringList editedBehind, editedAhead;
    int pages = 0;
    bool twiceSameVersion = false;
    auto sink = [&](const QVector<ProductData> &page) {
        ++pages;
        for (const ProductData &p : page) {
            const QPair<QString, qint64> version{p.peerId, p.updatedAt.toMSecsSinceEpoch()};
            twiceSameVersion = twiceSameVersion || versions.contains(version);
            versions.insert(version);
            bySku[p.sku].append(p);
        }
        if (pages == 2 || pages == 5) {
            // One product already delivered and one not yet delivered are edited in the back office.
            const QString behind = page.first().sku;
            QString ahead;
            for (int i = 1; i <= 300 && ahead.isEmpty(); ++i) {
                const QString sku = QStringLiteral("SKU-%1").arg(i, 6, 10, QLatin1Char('0'));
                if (!bySku.contains(sku) && !editedAhead.contains(sku))
                    ahead = sku;
            }
            for (const QString &sku : {behind, ahead}) {
                const QJsonObject r =
                    m_sim.control(QStringLiteral("prestashop/edit"),
                                  QJsonObject{{QStringLiteral("sku"), sku},
                                              {QStringLiteral("fields"),
                                               QJsonObject{{QStringLiteral("price"), 1234.5 + pages}}}});
                if (!r.value(QStringLiteral("ok")).toBool())
                    qWarning() << "edit failed" << r;
            }
            editedBehind.append(behind);
            editedAhead.append(ahead);
        }
        return true;
    };
    const QDateTime passStart = QDateTime::currentDateTimeUtc();
    Result<PageSummary> summary = awaitResult<PageSummary>([&](auto done) {
        shop->changedProducts(window, {field::Price, field::Name}, sink, done);
    });
    const QDateTime passEnd = QDateTime::currentDateTimeUtc();
    QVERIFY2(summary.ok(), summary.ok() ? "" : qPrintable(summary.error().toString()));
    QVERIFY(!twiceSameVersion);
    // Every product (300 seeded + 1 duplicate SKU) is there; the duplicate SKU holds two products.
    int products = 0;
    for (const auto &list : bySku) {
        QSet<QString> ids;
        for (const ProductData &p : list)
            ids.insert(p.peerId);
        products += ids.size();
    }
    QCOMPARE(products, 301);
    QVERIFY(pages >= 12);
    QCOMPARE(summary->records, qint64(versions.size()));
    QVERIFY(summary->requests >= 13);
    // The edited ones end with the edited price (records edited while paging are not lost).
    for (const QString &sku : editedBehind + editedAhead) {
        QVERIFY2(bySku.contains(sku), qPrintable(sku));
        const double price = bySku.value(sku).last().fields.value(field::Price).toDouble();
        QVERIFY2(price > 1234, qPrintable(QStringLiteral("%1 %2").arg(sku).arg(price)));
    }
    // Times are UTC: the shop's local date_upd converted from Europe/Paris.
    QDateTime newest;
    for (const auto &list : bySku) {
        for (const ProductData &p : list)
            newest = !newest.isValid() || p.updatedAt > newest ? p.updatedAt : newest;
    }
    // The newest delivered, but never later than the pass's start: records edited while paging (their
    // date_upd is "now") are read again by the next pass rather than letting its cursor pass them.
    QVERIFY(summary->maxUpdatedAt.isValid() && summary->maxUpdatedAt <= newest);
    QVERIFY(summary->maxUpdatedAt >= std::min(newest, passStart));
    QVERIFY(summary->maxUpdatedAt <= passEnd);
    if (newest <= passStart)
        QCOMPARE(summary->maxUpdatedAt, newest);
    const QString sample = QStringLiteral("SKU-000123");
    const QString localText = productFields(sample).value(QStringLiteral("date_upd")).toString();
    QDateTime local = QDateTime::fromString(localText, QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    local.setTimeZone(kParis);
    QCOMPARE(bySku.value(sample).last().updatedAt, local.toUTC());
    QVERIFY(bySku.value(sample).last().updatedAt.timeSpec() == Qt::UTC);
    // Name is multilingual: both languages.
    QCOMPARE(bySku.value(sample).last().fields.value(field::Name).toMap().size(), 2);
    // An edit moves date_upd to now: within minutes of the UTC clock, which only holds if the
    // Paris local time was converted.
    const QDateTime edited = bySku.value(editedAhead.first()).last().updatedAt;
    QVERIFY2(qAbs(edited.secsTo(QDateTime::currentDateTimeUtc())) < 600,
             qPrintable(edited.toString(Qt::ISODate)));
}

void TestPrestaShop::changedProductsWindowInShopTime()
{
    auto shop = connector();
    // A window of a few seconds around one product's date_upd (taken in UTC).
    Result<QVector<ProductData>> one = awaitResult<QVector<ProductData>>(
        [&](auto done) { shop->productsBySku({QStringLiteral("SKU-000042")}, {}, done); });
    QVERIFY(one.ok() && one->size() == 1);
    const QDateTime at = one->first().updatedAt;
    ChangeWindow window;
    window.sinceUtc = at.addSecs(-1);
    window.untilUtc = at.addSecs(1);
    QVector<ProductData> got;
    Result<PageSummary> summary =
        awaitResult<PageSummary>([&](auto done) { shop->changedProducts(window, {}, appendTo(got), done); });
    QVERIFY(summary.ok());
    bool found = false;
    for (const ProductData &p : got) {
        found = found || p.sku == QStringLiteral("SKU-000042");
        QVERIFY(p.updatedAt >= window.sinceUtc.addSecs(-1) && p.updatedAt <= window.untilUtc.addSecs(1));
    }
    QVERIFY(found);
    QVERIFY(got.size() < 20);
    // Stop after the first page.
    ChangeWindow all;
    all.pageSize = 10;
    Result<PageSummary> stopped = awaitResult<PageSummary>([&](auto done) {
        shop->changedProducts(
            all, {}, [](const QVector<ProductData> &) { return false; }, done);
    });
    QVERIFY(stopped.ok() && stopped->stopped && stopped->requests == 1 && stopped->records == 10);
}

void TestPrestaShop::changedProductsManyInOneSecond()
{
    // 40 edits in a burst share one or two shop seconds: far more records per second than a page of 4
    // (date_upd has second resolution). Each comes exactly once.
    auto shop = connector();
    const QDateTime start = QDateTime::currentDateTimeUtc().addSecs(-1);
    QSet<QString> edited;
    for (int i = 200; i < 240; ++i) {
        const QString sku = QStringLiteral("SKU-%1").arg(i, 6, 10, QLatin1Char('0'));
        const QJsonObject r = m_sim.control(
            QStringLiteral("prestashop/edit"),
            QJsonObject{{QStringLiteral("sku"), sku},
                        {QStringLiteral("fields"), QJsonObject{{QStringLiteral("weight"), 2.5}}}});
        QVERIFY(r.value(QStringLiteral("ok")).toBool());
        edited.insert(sku);
    }
    ChangeWindow window;
    window.sinceUtc = start;
    window.pageSize = 4;
    QStringList got;
    Result<PageSummary> summary = awaitResult<PageSummary>([&](auto done) {
        shop->changedProducts(
            window, {field::Weight},
            [&](const QVector<ProductData> &page) {
                for (const ProductData &p : page) {
                    got.append(p.sku);
                    if (edited.contains(p.sku) && p.fields.value(field::Weight).toDouble() != 2.5)
                        return false;
                }
                return true;
            },
            done);
    });
    QVERIFY(summary.ok());
    QVERIFY(!summary->stopped);
    for (const QString &sku : edited)
        QCOMPARE(got.count(sku), 1);
    QCOMPARE(summary->records, qint64(got.size()));
    QVERIFY(summary->requests >= 10);
}

void TestPrestaShop::productsBySkuInBatches()
{
    auto shop = connector();
    const QJsonObject divergence = m_sim.control(QStringLiteral("expected-divergence"));
    const QString duplicate = divergence.value(QStringLiteral("duplicateSkus"))
                                  .toObject()
                                  .value(QStringLiteral("shop"))
                                  .toArray()
                                  .first()
                                  .toString();
    QVERIFY(!duplicate.isEmpty());
    QStringList skus;
    for (int i = 1; i <= 250; ++i)
        skus.append(QStringLiteral("SKU-%1").arg(i, 6, 10, QLatin1Char('0')));
    skus.append(QStringLiteral("NO-SUCH-SKU"));
    m_sim.resetStats();
    Result<QVector<ProductData>> found = awaitResult<QVector<ProductData>>([&](auto done) {
        shop->productsBySku(skus, {field::Price, field::Active, field::Ean13}, done);
    });
    QVERIFY(found.ok());
    QSet<QString> seen;
    int duplicateHits = 0;
    for (const ProductData &p : found.value()) {
        seen.insert(p.sku);
        duplicateHits += p.sku == duplicate ? 1 : 0;
        QVERIFY(p.fields.value(field::Price).toDouble() > 0);
        QCOMPARE(p.fields.size(), 3);
    }
    QCOMPARE(seen.size(), 250);
    QVERIFY(!seen.contains(QStringLiteral("NO-SUCH-SKU")));
    QCOMPARE(routeGets(QStringLiteral("GET /api/products")), 3);
    if (skus.contains(duplicate))
        QCOMPARE(duplicateHits, 2); // every match, duplicates too
    Result<QVector<ProductData>> both =
        awaitResult<QVector<ProductData>>([&](auto done) { shop->productsBySku({duplicate}, {}, done); });
    QVERIFY(both.ok());
    QCOMPARE(both->size(), 2);
    QVERIFY(both->at(0).peerId != both->at(1).peerId);
    // A SKU holding '|' cannot be asked for with filter[reference]: never a wrong match.
    Result<QVector<ProductData>> piped = awaitResult<QVector<ProductData>>(
        [&](auto done) { shop->productsBySku({QStringLiteral("SKU-000001|SKU-000002")}, {}, done); });
    QVERIFY(piped.ok());
    QCOMPARE(piped->size(), 0);
    Result<QVector<ProductData>> tooShort = awaitResult<QVector<ProductData>>(
        [&](auto done) { shop->productsBySku({QStringLiteral("[x]")}, {}, done); });
    QVERIFY(!tooShort.ok() && tooShort.error().category == ErrorCategory::Permanent);
    QVERIFY(tooShort.error().message.contains(QStringLiteral("[x]")));
}

void TestPrestaShop::catalogAndStockPages()
{
    auto shop = connector();
    QVector<ProductData> all;
    Result<PageSummary> summary =
        awaitResult<PageSummary>([&](auto done) { shop->catalog({field::Price}, 64, appendTo(all), done); });
    QVERIFY(summary.ok());
    const int count =
        m_sim.control(QStringLiteral("prestashop/counts")).value(QStringLiteral("products")).toInt();
    QCOMPARE(all.size(), count);
    QCOMPARE(summary->records, qint64(count));
    QCOMPARE(summary->requests, count / 64 + 1);
    for (int i = 1; i < all.size(); ++i)
        QVERIFY(all.at(i).peerId.toLongLong() > all.at(i - 1).peerId.toLongLong());

    // A sink that stops: the page read ahead meanwhile is never handed on.
    int pagesSeen = 0;
    m_sim.resetStats();
    Result<PageSummary> stopped = awaitResult<PageSummary>([&](auto done) {
        shop->catalog({field::Price}, 64, [&](const QVector<ProductData> &) { return ++pagesSeen < 2; }, done);
    });
    QVERIFY(stopped.ok() && stopped->stopped);
    QTest::qWait(300);
    QCOMPARE(pagesSeen, 2);
    QCOMPARE(routeGets(QStringLiteral("GET /api/products")), 3); // two handed on, the third asked ahead

    QVector<StockLevel> lines;
    m_sim.resetStats();
    Result<PageSummary> stock =
        awaitResult<PageSummary>([&](auto done) { shop->stockLevels(250, appendTo(lines), done); });
    QVERIFY(stock.ok());
    const int stockCount =
        m_sim.control(QStringLiteral("prestashop/counts")).value(QStringLiteral("stock_availables")).toInt();
    QCOMPARE(lines.size(), stockCount);
    // The SKUs of a page of stock lines (neighbouring products) come in one request of their id
    // interval, not one per 100 ids (a page of 250 lines names more than 100 products).
    QCOMPARE(routeGets(QStringLiteral("GET /api/products")), (stockCount + 249) / 250);
    int combinationLines = 0;
    for (const StockLevel &s : lines) {
        QVERIFY2(!s.sku.isEmpty(), qPrintable(s.stockId));
        QVERIFY(!s.stockId.isEmpty() && !s.productId.isEmpty());
        if (s.combinationId != QLatin1String("0")) {
            // The combination's own reference ("SKU-000011-S"), joined through combinations.
            ++combinationLines;
            const QString parent = s.sku.section(QLatin1Char('-'), 0, 1);
            QVERIFY2(s.sku.size() > parent.size(), qPrintable(s.sku));
            const QJsonArray combos = firstProduct(parent).value(QStringLiteral("combinations")).toArray();
            bool matched = false;
            for (const QJsonValue &c : combos)
                matched = matched || (QString::number(c.toObject().value(QStringLiteral("id")).toInteger()) ==
                                          s.combinationId &&
                                      c.toObject().value(QStringLiteral("reference")).toString() == s.sku);
            QVERIFY2(matched, qPrintable(s.sku));
        }
    }
    QVERIFY(combinationLines > 0);
    // A known line: SKU-000007's quantity equals the simulator's.
    const QJsonObject p7 = firstProduct(QStringLiteral("SKU-000007"));
    for (const StockLevel &s : lines) {
        if (s.sku == QStringLiteral("SKU-000007") && s.combinationId == QLatin1String("0"))
            QCOMPARE(
                s.quantity,
                p7.value(QStringLiteral("stock")).toObject().value(QStringLiteral("quantity")).toDouble());
    }
}

void TestPrestaShop::ordersWithRowsAndCustomer()
{
    auto shop = connector();
    const QDateTime start = QDateTime::currentDateTimeUtc().addSecs(-2);
    const QJsonObject run = m_sim.control(QStringLiteral("activity/run"), QJsonObject{},
                                          QStringLiteral("kind=shop-order&times=5"));
    QCOMPARE(run.value(QStringLiteral("events")).toArray().size(), 5);
    ChangeWindow window;
    window.sinceUtc = start;
    window.pageSize = 2;
    QVector<ShopOrder> orders;
    Result<PageSummary> summary =
        awaitResult<PageSummary>([&](auto done) { shop->changedOrders(window, appendTo(orders), done); });
    QVERIFY2(summary.ok(), summary.ok() ? "" : qPrintable(summary.error().toString()));
    QCOMPARE(orders.size(), 5);
    QVERIFY(summary->requests >= 3);
    QSet<QString> ids;
    for (const ShopOrder &o : orders) {
        ids.insert(o.id);
        QVERIFY(!o.reference.isEmpty());
        QVERIFY(!o.lines.isEmpty());
        QVERIFY(!o.customer.email.isEmpty() && o.customer.email.contains(QLatin1Char('@')));
        QVERIFY(!o.customer.lastName.isEmpty());
        QVERIFY(o.totalPaidTaxIncl > 0);
        QVERIFY2(qAbs(o.updatedAt.secsTo(QDateTime::currentDateTimeUtc())) < 600,
                 qPrintable(o.updatedAt.toString(Qt::ISODate)));
        QVERIFY(o.createdAt.isValid());
        // Rows as the shop holds them.
        const QJsonObject stored = m_sim.control(QStringLiteral("prestashop/order"), QJsonValue::Undefined,
                                                 QStringLiteral("reference=") + o.reference);
        const QJsonArray rows = stored.value(QStringLiteral("order_details")).toArray();
        QCOMPARE(o.lines.size(), rows.size());
        for (const OrderLine &l : o.lines) {
            QVERIFY(l.sku.startsWith(QStringLiteral("SKU-")));
            QVERIFY(l.quantity >= 1 && l.unitPriceTaxExcl > 0);
        }
    }
    QCOMPARE(ids.size(), 5);
}

void TestPrestaShop::keyAppearsInNoErrorText()
{
    checkNoKeyAnywhere(1);
}

QTEST_GUILESS_MAIN(TestPrestaShop)
#include "tst_prestashop.moc"
