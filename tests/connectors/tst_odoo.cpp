// Integration tests of the Odoo connector against syncsmart-sim over loopback HTTP: sign-in once,
// test connection, paged reads with edits while paging, batched reads and writes, stock, idempotent
// creates, duplicate SKUs, every fault class of the simulator, and keys never shown.
#include "tst_odoosupport.h"

#include <algorithm>
#include <QLoggingCategory>
#include <QMutex>
#include <QSet>
#include <QtTest>

#include <cstdio>

using namespace syncsmart;
using namespace syncsmart::testing;

namespace {

QMutex g_logMutex;
QStringList g_log;

void captureLog(QtMsgType, const QMessageLogContext &, const QString &message)
{
    QMutexLocker lock(&g_logMutex);
    g_log << message;
}

QStringList skuRange(int from, int to)
{
    QStringList skus;
    for (int i = from; i <= to; ++i)
        skus << QStringLiteral("SKU-%1").arg(i, 6, 10, QLatin1Char('0'));
    return skus;
}

} // namespace

class TestOdoo : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanupTestCase();

    void signsInOnceForManyCalls();
    void testConnectionReportsVersionAndRights();
    void testConnectionListsMissingRights();
    void wrongKeyIsAuthError();
    void changedProductsAcrossPagesWithEditsDuringThePass();
    void crowdedSecondIsWalkedCompletely();
    void productsBySkuIn100s();
    void catalogPages();
    void updateManyProductsInOneCall();
    void createProductsIdempotently();
    void createUnderResetAfterGivesOneProductPerSku_data();
    void createUnderResetAfterGivesOneProductPerSku();
    void faultsAreClassified_data();
    void faultsAreClassified();
    void inFlightLimitHolds();
    void plantedKeyAppearsNowhere();

private:
    std::unique_ptr<OdooConnector> connector(const std::function<void(OdooSettings &)> &tweak = {})
    {
        return makeOdooConnector(m_sim, m_redactor, m_clock, tweak);
    }
    void remember(const Error &error) { m_errorTexts << errorText(error); }

    SimProcess m_sim;
    SystemClock m_clock;
    std::shared_ptr<Redactor> m_redactor = std::make_shared<Redactor>();
    QStringList m_errorTexts; // every error seen, checked for keys at the end
};

void TestOdoo::initTestCase()
{
    const QString error = m_sim.start(300, odooSimArgs());
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY(!m_sim.odooKey().isEmpty());
    QLoggingCategory::setFilterRules(QStringLiteral("core.*=true"));
    qInstallMessageHandler(captureLog);
}

void TestOdoo::init()
{
    m_sim.clearFaults();
    m_sim.clearEffects();
    m_sim.resetStats();
}

void TestOdoo::cleanupTestCase()
{
    qInstallMessageHandler(nullptr);
    m_sim.stop();
}

void TestOdoo::signsInOnceForManyCalls()
{
    // Signing in is slow on a real server: calls made meanwhile wait for the one in progress.
    m_sim.addFault(QJsonObject{{QStringLiteral("peer"), QStringLiteral("odoo")},
                               {QStringLiteral("route"), QStringLiteral("authenticate")},
                               {QStringLiteral("kind"), QStringLiteral("latency")},
                               {QStringLiteral("latencyMs"), 300}});
    auto odoo = connector();
    int answered = 0;
    int failed = 0;
    QEventLoop loop;
    const int calls = 20;
    for (int i = 0; i < calls; ++i) {
        odoo->productsBySku({QStringLiteral("SKU-%1").arg(i + 1, 6, 10, QLatin1Char('0'))}, {field::Price},
                            [&](Result<QVector<ProductData>> r) {
                                ++answered;
                                failed += r.ok() && r->size() == 1 ? 0 : 1;
                                if (answered == calls)
                                    loop.quit();
                            });
    }
    QTimer::singleShot(60'000, &loop, &QEventLoop::quit);
    loop.exec();
    QCOMPARE(answered, calls);
    QCOMPARE(failed, 0);
    QCOMPARE(routeCount(m_sim, QStringLiteral("authenticate")), 1);
    QCOMPARE(odoo->authenticationsSent(), 1);
    // Later calls reuse the uid.
    const auto again = awaitResult<QVector<ProductData>>([&](auto done) { odoo->productsBySku({QStringLiteral("SKU-000001")}, {}, done); });
    QVERIFY(again);
    QCOMPARE(routeCount(m_sim, QStringLiteral("authenticate")), 1);
}

void TestOdoo::testConnectionReportsVersionAndRights()
{
    auto odoo = connector();
    const auto report = awaitResult<ConnectionReport>([&](auto done) { odoo->testConnection(done); });
    QVERIFY2(report, qPrintable(report ? QString() : report.error().toString()));
    QCOMPARE(report->version, QStringLiteral("17.0"));
    QVERIFY2(report->ok(), qPrintable(report->missing.join(QLatin1Char('\n'))));
    const QString caps = report->capabilities.join(QLatin1Char('\n'));
    QVERIFY2(caps.contains(QLatin1String("product.product: read, write, create")), qPrintable(caps));
    QVERIFY(caps.contains(QLatin1String("sale.order: read, create, write")));
    QVERIFY(caps.contains(QLatin1String("warehouse:")));
}

void TestOdoo::testConnectionListsMissingRights()
{
    const auto deny = [&](const char *model, const char *operation, bool allowed) {
        const QJsonObject answer = m_sim.control(QStringLiteral("odoo/access"),
                                                 QJsonObject{{QStringLiteral("model"), QString::fromLatin1(model)},
                                                             {QStringLiteral("operation"), QString::fromLatin1(operation)},
                                                             {QStringLiteral("allowed"), allowed}});
        QVERIFY(answer.value(QLatin1String("ok")).toBool());
    };
    deny("res.partner", "create", false);
    deny("stock.quant", "create", false);
    deny("sale.order", "unlink", false);
    auto odoo = connector();
    const auto report = awaitResult<ConnectionReport>([&](auto done) { odoo->testConnection(done); });
    deny("res.partner", "create", true);
    deny("stock.quant", "create", true);
    deny("sale.order", "unlink", true);
    QVERIFY(report);
    QVERIFY(!report->ok());
    QCOMPARE(report->missing.size(), 2);
    const QString missing = report->missing.join(QLatin1Char('\n'));
    QVERIFY2(missing.contains(QLatin1String("may not create res.partner records")), qPrintable(missing));
    QVERIFY(missing.contains(QLatin1String("may not create stock.quant records")));
    QVERIFY(missing.contains(QStringLiteral("\"%1\"").arg(m_sim.odooLogin())));
    // Removing a copy left by a network re-send is optional: a warning that says what happens instead.
    const QString warnings = report->warnings.join(QLatin1Char('\n'));
    QVERIFY2(warnings.contains(QLatin1String("may not delete sale.order records")), qPrintable(warnings));
    QVERIFY(warnings.contains(QLatin1String("names the copy for a person to delete")));
}

void TestOdoo::wrongKeyIsAuthError()
{
    const QString planted = QStringLiteral("planted-wrong-key-7f3a9c");
    auto odoo = connector([&](OdooSettings &s) { s.apiKey = planted; });
    const auto report = awaitResult<ConnectionReport>([&](auto done) { odoo->testConnection(done); });
    QVERIFY(!report);
    QVERIFY(report.error().category == ErrorCategory::Auth);
    QCOMPARE(report.error().code, QStringLiteral("odoo.login_refused"));
    QVERIFY(report.error().message.contains(m_sim.odooDatabase()));
    QVERIFY(report.error().message.contains(QLatin1String("Account Security")));
    QVERIFY(!errorText(report.error()).contains(planted));
    const auto read = awaitResult<QVector<ProductData>>([&](auto done) { odoo->productsBySku({QStringLiteral("SKU-000001")}, {}, done); });
    QVERIFY(!read);
    QVERIFY(read.error().category == ErrorCategory::Auth);
    QVERIFY(!errorText(read.error()).contains(planted));
    remember(report.error());
    remember(read.error());

    auto unknownDb = connector([&](OdooSettings &s) { s.database = QStringLiteral("no_such_db"); });
    const auto db = awaitResult<QVector<ProductData>>([&](auto done) { unknownDb->productsBySku({QStringLiteral("SKU-000001")}, {}, done); });
    QVERIFY(!db);
    QVERIFY(db.error().category == ErrorCategory::Config);
    QVERIFY(db.error().message.contains(QLatin1String("no_such_db")));
    remember(db.error());
}

void TestOdoo::changedProductsAcrossPagesWithEditsDuringThePass()
{
    const int total = m_sim.control(QStringLiteral("odoo/counts")).value(QLatin1String("products")).toInt();
    QVERIFY(total >= 300);
    auto odoo = connector();
    ChangeWindow window;
    window.sinceUtc = QDateTime(QDate(2000, 1, 1), QTime(0, 0), Qt::UTC);
    window.pageSize = 25;
    QVector<ProductData> delivered;
    QString editedEarly;  // delivered on page 1, then edited: it moves behind the cursor
    QString editedLater;  // edited before its page is read
    int pages = 0;
    ProductSink sink = [&](const QVector<ProductData> &page) {
        ++pages;
        delivered += page;
        if (pages == 1) {
            editedEarly = page.at(3).sku;
            QSet<QString> seen;
            for (const auto &p : page)
                seen.insert(p.sku);
            for (const QString &sku : skuRange(1, 300)) {
                if (!seen.contains(sku) && sku != QLatin1String("SKU-000212") && sku != QLatin1String("SKU-000266")) {
                    editedLater = sku;
                    break;
                }
            }
            for (const QString &sku : {editedEarly, editedLater}) {
                const QJsonObject r = m_sim.control(QStringLiteral("odoo/edit"),
                                                    QJsonObject{{QStringLiteral("sku"), sku},
                                                                {QStringLiteral("fields"), QJsonObject{{QStringLiteral("list_price"), 999.5}}}});
                if (!r.value(QLatin1String("ok")).toBool())
                    qWarning() << "edit failed" << r;
            }
        }
        return true;
    };
    const auto summary = awaitResult<PageSummary>(
        [&](auto done) { odoo->changedProducts(window, {field::Price, field::Active, field::Name}, sink, done); });
    QVERIFY2(summary, qPrintable(summary ? QString() : summary.error().toString()));
    QVERIFY(pages > 10);

    // Each version once: the product edited after its page was delivered comes again with its new
    // price (later in the pass); every other product exactly once; none missed.
    QHash<QString, int> times;
    int archived = 0;
    for (int i = 0; i < delivered.size(); ++i) {
        ++times[delivered.at(i).peerId];
        archived += delivered.at(i).fields.value(field::Active).toBool() ? 0 : 1;
        if (i > 0)
            QVERIFY(delivered.at(i - 1).updatedAt <= delivered.at(i).updatedAt); // oldest first
    }
    QCOMPARE(times.size(), total); // none missed
    for (auto it = times.cbegin(); it != times.cend(); ++it) {
        const bool early = std::any_of(delivered.cbegin(), delivered.cend(), [&](const ProductData &p) {
            return p.peerId == it.key() && p.sku == editedEarly;
        });
        QVERIFY2(it.value() == (early ? 2 : 1), qPrintable(QStringLiteral("product %1 delivered %2 times").arg(it.key()).arg(it.value())));
    }
    QCOMPARE(summary->records, qint64(total + 1));
    QVERIFY(archived >= 1);       // archived products included
    double lastEarlyPrice = 0;
    for (const ProductData &p : delivered) {
        if (p.sku == editedLater)
            QCOMPARE(p.fields.value(field::Price).toDouble(), 999.5); // read after the edit, at its new place
        if (p.sku == editedEarly)
            lastEarlyPrice = p.fields.value(field::Price).toDouble();
    }
    QCOMPARE(lastEarlyPrice, 999.5); // the early edit arrived in the same pass, as its newest version
    QVERIFY(summary->maxUpdatedAt.isValid());
}

void TestOdoo::crowdedSecondIsWalkedCompletely()
{
    auto odoo = connector();
    const QDateTime before = QDateTime::currentDateTimeUtc().addSecs(-1);
    QStringList edited;
    for (int n = 139; n >= 100; --n) { // descending: the sub-second order is the reverse of the id order
        const QString sku = QStringLiteral("SKU-%1").arg(n, 6, 10, QLatin1Char('0'));
        const QJsonObject r = m_sim.control(QStringLiteral("odoo/edit"),
                                            QJsonObject{{QStringLiteral("sku"), sku},
                                                        {QStringLiteral("fields"), QJsonObject{{QStringLiteral("list_price"), 77.25}}}});
        QVERIFY2(r.value(QLatin1String("ok")).toBool(), qPrintable(sku));
        edited << sku;
    }
    ChangeWindow window;
    window.sinceUtc = before;
    window.pageSize = 4;
    QHash<QString, int> times;
    QHash<QString, double> price;
    const auto summary = awaitResult<PageSummary>([&](auto done) {
        odoo->changedProducts(window, {field::Price}, [&](const QVector<ProductData> &page) {
            for (const ProductData &p : page) {
                ++times[p.peerId];
                price.insert(p.sku, p.fields.value(field::Price).toDouble());
            }
            return true;
        }, done);
    });
    QVERIFY2(summary, qPrintable(summary ? QString() : summary.error().toString()));
    for (auto it = times.cbegin(); it != times.cend(); ++it)
        QVERIFY2(it.value() == 1, qPrintable(QStringLiteral("product %1 delivered %2 times").arg(it.key()).arg(it.value())));
    for (const QString &sku : edited) {
        QVERIFY2(price.contains(sku), qPrintable(QStringLiteral("missed ") + sku));
        QCOMPARE(price.value(sku), 77.25);
    }
}

void TestOdoo::productsBySkuIn100s()
{
    auto odoo = connector();
    const QStringList skus = skuRange(1, 250);
    const auto found = awaitResult<QVector<ProductData>>([&](auto done) { odoo->productsBySku(skus, {field::Name, field::Price}, done); });
    QVERIFY(found);
    QCOMPARE(routeCount(m_sim, QStringLiteral("execute_kw product.product search_read")), 3);
    QMap<QString, int> perSku;
    for (const ProductData &p : *found) {
        ++perSku[p.sku];
        QVERIFY(!p.fields.value(field::Name).toString().isEmpty());
    }
    QCOMPARE(perSku.size(), 250);
    QCOMPARE(perSku.value(QStringLiteral("SKU-000212")), 2); // every holder of a duplicated SKU
}

void TestOdoo::catalogPages()
{
    auto odoo = connector();
    int pages = 0;
    QSet<QString> ids;
    const auto summary = awaitResult<PageSummary>([&](auto done) {
        odoo->catalog({field::Price}, 100, [&](const QVector<ProductData> &page) {
            ++pages;
            for (const auto &p : page)
                ids.insert(p.peerId);
            return pages < 2; // the sink may stop the reading
        }, done);
    });
    QVERIFY(summary);
    QVERIFY(summary->stopped);
    QCOMPARE(pages, 2);
    QCOMPARE(ids.size(), 200);
    // The third page was asked for while the second was handed on; after the stop it is dropped.
    QTest::qWait(300);
    QCOMPARE(pages, 2);
    QCOMPARE(routeCount(m_sim, QStringLiteral("execute_kw product.product search_read")), 3);
}

void TestOdoo::updateManyProductsInOneCall()
{
    auto odoo = connector();
    const QStringList skus = skuRange(30, 39);
    const auto found = awaitResult<QVector<ProductData>>([&](auto done) { odoo->productsBySku(skus, {}, done); });
    QVERIFY(found);
    QStringList ids;
    for (const auto &p : *found)
        ids << p.peerId;
    QCOMPARE(ids.size(), 10);
    m_sim.resetStats();
    const auto written = awaitResult<void>([&](auto done) {
        odoo->updateProducts(ids, {{field::Price, 77.7}, {field::Ean13, QString()}}, done);
    });
    QVERIFY2(written, qPrintable(written ? QString() : written.error().toString()));
    QCOMPARE(routeCount(m_sim, QStringLiteral("execute_kw product.product write")), 1);
    for (const QString &sku : skus) {
        const QJsonObject p = odooProduct(m_sim, sku).value(QLatin1String("products")).toArray().first().toObject();
        QCOMPARE(p.value(QLatin1String("list_price")).toDouble(), 77.7);
        QCOMPARE(p.value(QLatin1String("barcode")).toBool(true), false); // an emptied barcode is false
    }
    // Rights taken away while running: an auth error that names the model and the user.
    m_sim.control(QStringLiteral("odoo/access"), QJsonObject{{QStringLiteral("model"), QStringLiteral("product.product")},
                                                             {QStringLiteral("operation"), QStringLiteral("write")},
                                                             {QStringLiteral("allowed"), false}});
    const auto denied = awaitResult<void>([&](auto done) { odoo->updateProducts(ids, {{field::Price, 1.0}}, done); });
    m_sim.control(QStringLiteral("odoo/access"), QJsonObject{{QStringLiteral("model"), QStringLiteral("product.product")},
                                                             {QStringLiteral("operation"), QStringLiteral("write")},
                                                             {QStringLiteral("allowed"), true}});
    QVERIFY(!denied);
    QVERIFY(denied.error().category == ErrorCategory::Auth);
    QVERIFY2(denied.error().message.contains(QLatin1String("may not modify product.product")), qPrintable(denied.error().message));
    QVERIFY(!denied.error().message.contains(QLatin1String("Traceback")));
    remember(denied.error());
    // A field Odoo has no counterpart for is refused before anything is sent.
    const auto unmapped = awaitResult<void>([&](auto done) { odoo->updateProducts(ids, {{field::MetaTitle, QStringLiteral("x")}}, done); });
    QVERIFY(!unmapped);
    QVERIFY(unmapped.error().category == ErrorCategory::Config);
}

void TestOdoo::createProductsIdempotently()
{
    auto odoo = connector();
    QVector<ProductData> products;
    for (int i = 1; i <= 5; ++i) {
        ProductData p;
        p.sku = QStringLiteral("NEW-A-%1").arg(i);
        p.fields = {{field::Name, QStringLiteral("New product %1").arg(i)}, {field::Price, 10.0 + i}, {field::Weight, 0.5}};
        products << p;
    }
    ProductData existing;
    existing.sku = QStringLiteral("SKU-000005");
    existing.fields = {{field::Name, QStringLiteral("Already there")}};
    ProductData duplicated;
    duplicated.sku = QStringLiteral("SKU-000266");
    duplicated.fields = {{field::Name, QStringLiteral("Held twice")}};
    products << existing << duplicated;

    const auto first = awaitResult<QVector<CreateOutcome>>([&](auto done) { odoo->createProducts(products, done); });
    QVERIFY(first);
    QCOMPARE(first->size(), 7);
    for (int i = 0; i < 5; ++i) {
        QVERIFY2(!first->at(i).error, qPrintable(first->at(i).error ? first->at(i).error->toString() : QString()));
        QVERIFY(first->at(i).created);
        QVERIFY(!first->at(i).peerId.isEmpty());
    }
    QVERIFY(!first->at(5).created);
    QVERIFY(!first->at(5).error);
    QCOMPARE(first->at(5).peerId, QStringLiteral("5"));
    QVERIFY(first->at(6).error);
    QVERIFY(first->at(6).error->category == ErrorCategory::Permanent);
    QCOMPARE(first->at(6).error->code, QStringLiteral("odoo.duplicate_sku"));
    QCOMPARE(routeCount(m_sim, QStringLiteral("execute_kw product.product create")), 1); // one call for the batch
    const QJsonObject created = odooProduct(m_sim, QStringLiteral("NEW-A-3")).value(QLatin1String("products")).toArray().first().toObject();
    QCOMPARE(created.value(QLatin1String("list_price")).toDouble(), 13.0);
    QCOMPARE(created.value(QLatin1String("name")).toString(), QStringLiteral("New product 3"));
    QCOMPARE(created.value(QLatin1String("detailed_type")).toString(), QStringLiteral("product"));

    // A second run creates nothing and finds the same products.
    const auto second = awaitResult<QVector<CreateOutcome>>([&](auto done) { odoo->createProducts(products, done); });
    QVERIFY(second);
    for (int i = 0; i < 5; ++i) {
        QVERIFY(!second->at(i).created);
        QCOMPARE(second->at(i).peerId, first->at(i).peerId);
    }
    QCOMPARE(routeCount(m_sim, QStringLiteral("execute_kw product.product create")), 1);
}

void TestOdoo::createUnderResetAfterGivesOneProductPerSku_data()
{
    QTest::addColumn<int>("count");
    QTest::newRow("reset once (Qt re-sends)") << 1;
    QTest::newRow("reset twice (the re-send too)") << 2;
}

void TestOdoo::createUnderResetAfterGivesOneProductPerSku()
{
    QFETCH(int, count);
    m_sim.addFault(QJsonObject{{QStringLiteral("peer"), QStringLiteral("odoo")},
                               {QStringLiteral("route"), QStringLiteral("execute_kw product.product create")},
                               {QStringLiteral("kind"), QStringLiteral("reset-after")},
                               {QStringLiteral("count"), count}});
    auto odoo = connector();
    QVector<ProductData> products;
    for (int i = 1; i <= 3; ++i) {
        ProductData p;
        p.sku = QStringLiteral("NEW-R%1-%2").arg(count).arg(i);
        p.fields = {{field::Name, p.sku}};
        products << p;
    }
    const auto outcome = awaitResult<QVector<CreateOutcome>>([&](auto done) { odoo->createProducts(products, done); });
    QVERIFY(outcome);
    QCOMPARE(m_sim.control(QStringLiteral("faults")).value(QLatin1String("rules")).toArray().first().toObject()
                 .value(QLatin1String("struck")).toInt(), count);
    // Both copies were made by the peer (Qt's re-send applied too), and one was removed.
    QCOMPARE(routeCount(m_sim, QStringLiteral("execute_kw product.product create")), 2);
    QCOMPARE(routeCount(m_sim, QStringLiteral("execute_kw product.product unlink")), 1);
    for (const CreateOutcome &o : *outcome) {
        QVERIFY2(!o.error, qPrintable(o.error ? o.error->toString() : QString()));
        QVERIFY(!o.peerId.isEmpty());
        const QJsonObject held = odooProduct(m_sim, o.sku);
        QCOMPARE(held.value(QLatin1String("count")).toInt(), 1); // exactly one product per SKU
        QCOMPARE(QString::number(held.value(QLatin1String("products")).toArray().first().toObject().value(QLatin1String("id")).toInt()), o.peerId);
    }
    // And a retry by the queue creates nothing more.
    m_sim.clearFaults();
    const auto retry = awaitResult<QVector<CreateOutcome>>([&](auto done) { odoo->createProducts(products, done); });
    QVERIFY(retry);
    for (const CreateOutcome &o : *retry) {
        QVERIFY(!o.created);
        QCOMPARE(odooProduct(m_sim, o.sku).value(QLatin1String("count")).toInt(), 1);
    }
}

void TestOdoo::faultsAreClassified_data()
{
    QTest::addColumn<QJsonObject>("rule");
    QTest::addColumn<int>("category");
    const auto rule = [](const char *kind) {
        return QJsonObject{{QStringLiteral("peer"), QStringLiteral("odoo")},
                           {QStringLiteral("route"), QStringLiteral("execute_kw product.product search_read")},
                           {QStringLiteral("kind"), QString::fromLatin1(kind)}};
    };
    QJsonObject e502 = rule("error");
    e502.insert(QStringLiteral("status"), 502);
    QJsonObject e503 = rule("error");
    e503.insert(QStringLiteral("status"), 503);
    QJsonObject tooMany = rule("429");
    tooMany.insert(QStringLiteral("retryAfterSeconds"), 3);
    const int transient = int(ErrorCategory::Transient);
    QTest::newRow("502") << e502 << transient;
    QTest::newRow("503") << e503 << transient;
    QTest::newRow("429") << tooMany << transient;
    QTest::newRow("reset-before") << rule("reset-before") << transient;
    QTest::newRow("reset-after") << rule("reset-after") << transient;
    QTest::newRow("hang") << rule("hang") << transient;
    QTest::newRow("truncate") << rule("truncate") << transient;
    QTest::newRow("malformed") << rule("malformed") << transient;
    QTest::newRow("invalid-xml-chars (JSON escapes them: no error)") << rule("invalid-xml-chars") << -1;
    QJsonObject down = rule("down");
    down.insert(QStringLiteral("forMs"), 60'000);
    QTest::newRow("down") << down << transient;
}

void TestOdoo::faultsAreClassified()
{
    QFETCH(QJsonObject, rule);
    QFETCH(int, category);
    m_sim.addFault(rule);
    auto odoo = connector([](OdooSettings &s) {
        s.endpoint.limits.idleTimeoutMs = 1500; // a hang ends here
        s.endpoint.limits.totalTimeoutMs = 5000;
    });
    const auto read = awaitResult<QVector<ProductData>>([&](auto done) { odoo->productsBySku({QStringLiteral("SKU-000001")}, {field::Price}, done); });
    if (category < 0) {
        QVERIFY2(read, qPrintable(read ? QString() : read.error().toString()));
        QCOMPARE(read->size(), 1);
        return;
    }
    QVERIFY(!read);
    QCOMPARE(int(read.error().category), category);
    // Named: the peer and the call (reading, or the sign-in before it when the server is down).
    const bool named = read.error().message.startsWith(QLatin1String("Odoo: read products by SKU SKU-000001"))
                       || read.error().message.startsWith(QLatin1String("Odoo: sign in"));
    QVERIFY2(named, qPrintable(read.error().message));
    if (rule.value(QLatin1String("kind")).toString() == QLatin1String("429"))
        QCOMPARE(read.error().context.value(QStringLiteral("retryAfterMs")).toLongLong(), 3000);
    remember(read.error());
    QVERIFY(m_sim.control(QStringLiteral("faults")).value(QLatin1String("rules")).toArray().first().toObject()
                .value(QLatin1String("struck")).toInt() >= 1);
    std::fprintf(stderr, "fault %s -> %s\n", qPrintable(rule.value(QLatin1String("kind")).toString()),
                 qPrintable(read.error().toString()));
    // The connector is fine afterwards.
    m_sim.clearFaults();
    const auto after = awaitResult<QVector<ProductData>>([&](auto done) { odoo->productsBySku({QStringLiteral("SKU-000001")}, {field::Price}, done); });
    QVERIFY2(after, qPrintable(after ? QString() : after.error().toString()));
    QCOMPARE(after->size(), 1);
}

void TestOdoo::inFlightLimitHolds()
{
    m_sim.addFault(QJsonObject{{QStringLiteral("peer"), QStringLiteral("odoo")},
                               {QStringLiteral("route"), QStringLiteral("execute_kw *")},
                               {QStringLiteral("kind"), QStringLiteral("latency")},
                               {QStringLiteral("latencyMs"), 50}});
    auto odoo = connector([](OdooSettings &s) { s.endpoint.limits.maxInFlight = 3; });
    QStringList skus = skuRange(1, 300);
    for (int i = 0; i < 700; ++i)
        skus << QStringLiteral("ABSENT-%1").arg(i);
    m_sim.resetStats();
    const auto found = awaitResult<QVector<ProductData>>([&](auto done) { odoo->productsBySku(skus, {}, done); });
    QVERIFY(found);
    QCOMPARE(routeCount(m_sim, QStringLiteral("execute_kw product.product search_read")), 10);
    const int maxInFlight = m_sim.stats().value(QLatin1String("odoo")).toObject().value(QLatin1String("maxInFlight")).toInt();
    QVERIFY2(maxInFlight <= 3, qPrintable(QString::number(maxInFlight)));
    QVERIFY(odoo->http().stats().maxInFlightSeen <= 3);
}

void TestOdoo::plantedKeyAppearsNowhere()
{
    // The simulator's key went into every request body of this run: no error text, context or log
    // line may show it (nor the wrong key planted in wrongKeyIsAuthError).
    QVERIFY(m_errorTexts.size() >= 8);
    const QStringList keys{m_sim.odooKey(), QStringLiteral("planted-wrong-key-7f3a9c")};
    for (const QString &text : std::as_const(m_errorTexts)) {
        for (const QString &key : keys)
            QVERIFY2(!text.contains(key), qPrintable(text));
    }
    QMutexLocker lock(&g_logMutex);
    QVERIFY(!g_log.isEmpty());
    for (const QString &line : std::as_const(g_log)) {
        for (const QString &key : keys)
            QVERIFY2(!line.contains(key), qPrintable(line));
    }
}

QTEST_GUILESS_MAIN(TestOdoo)
#include "tst_odoo.moc"
