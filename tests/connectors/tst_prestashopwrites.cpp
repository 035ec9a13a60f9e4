// PrestaShopConnector writes against syncsmart-sim, checked through its effect log and control API:
// PATCH of only the changed fields, stock, idempotent creation (also under a connection reset), order
// states; every fault class of the simulator mapped to the right category.
#include "tst_prestashopsim.h"
#include "connectors/readretry.h"

#include <QEventLoop>
#include <QTimer>

using namespace syncsmart;
using namespace pssim;

class TestPrestaShopWrites : public SimTest
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanup();
    void updateProductPatchesOnlyChangedFields();
    void setStock();
    void createProductInactiveAndIdempotent();
    void createFromPlainTextFillsEveryShopLanguage();
    void createExistingSkuCreatesNothing();
    void createIdempotentUnderResetAfter();
    void createAfterServerError();
    void concurrentCreatesOfOneSku();
    void orderStateSetTwiceOneHistoryLine();
    void faultClasses();
    void peerRejections();
    void keyAppearsInNoErrorText();
};

void TestPrestaShopWrites::initTestCase()
{
    startSim();
}

void TestPrestaShopWrites::cleanup()
{
    m_sim.clearFaults();
}

void TestPrestaShopWrites::updateProductPatchesOnlyChangedFields()
{
    auto shop = connector();
    const QString sku = QStringLiteral("SKU-000010");
    const QJsonObject before = firstProduct(sku);
    const QString id = QString::number(before.value(QStringLiteral("id")).toInteger());
    const QJsonObject fieldsBefore = before.value(QStringLiteral("fields")).toObject();
    // The PrestaShop fields of the product write the shop received.
    auto fieldsWritten = [&] {
        return effects(QStringLiteral("products"), sku)
            .first()
            .toObject()
            .value(QStringLiteral("fields"))
            .toArray();
    };
    m_sim.clearEffects();
    Status status = awaitResult<void>([&](auto done) {
        shop->updateProduct(id, sku, {{field::Price, 99.5}}, done);
    });
    QVERIFY2(status.ok(), status.ok() ? "" : qPrintable(status.error().toString()));
    QCOMPARE(effects(QStringLiteral("products"), sku).size(), 1);
    QCOMPARE(fieldsWritten(), (QJsonArray{QStringLiteral("price")}));
    const QJsonObject after = productFields(sku);
    QCOMPARE(after.value(QStringLiteral("price")).toString().toDouble(), 99.5);
    for (const char *kept : {"name", "description", "link_rewrite", "active", "reference", "ean13", "weight",
                             "wholesale_price", "meta_title"})
        QVERIFY2(after.value(QLatin1String(kept)) == fieldsBefore.value(QLatin1String(kept)), kept);

    // One language of a multilingual field: the other stays.
    m_sim.clearEffects();
    status = awaitResult<void>([&](auto done) {
        shop->updateProduct(
            id, sku, {{field::Name, QVariantMap{{QStringLiteral("2"), QStringLiteral("Nom changé")}}}}, done);
    });
    QVERIFY(status.ok());
    QCOMPARE(fieldsWritten(), (QJsonArray{QStringLiteral("name")}));
    const QJsonObject names = productFields(sku).value(QStringLiteral("name")).toObject();
    QCOMPARE(names.value(QStringLiteral("2")).toString(), QStringLiteral("Nom changé"));
    QCOMPARE(names.value(QStringLiteral("1")),
             fieldsBefore.value(QStringLiteral("name")).toObject().value(QStringLiteral("1")));

    // By SKU only (the id is looked up), several fields at once.
    m_sim.clearEffects();
    status = awaitResult<void>([&](auto done) {
        shop->updateProduct(QString(), sku, {{field::Weight, 1.25}, {field::Active, false}}, done);
    });
    QVERIFY(status.ok());
    const QJsonArray several = fieldsWritten();
    QCOMPARE(several.size(), 2);
    QVERIFY(several.contains(QStringLiteral("weight")) && several.contains(QStringLiteral("active")));
    // No PUT ever.
    const QJsonObject stats = m_sim.stats();
    QVERIFY(!QJsonDocument(stats).toJson().contains("PUT /api/products"));
}

void TestPrestaShopWrites::setStock()
{
    auto shop = connector();
    const QString sku = QStringLiteral("SKU-000020");
    const QJsonObject p = firstProduct(sku);
    const QString stockId =
        QString::number(p.value(QStringLiteral("stock")).toObject().value(QStringLiteral("id")).toInteger());
    m_sim.clearEffects();
    StockLevel line;
    line.sku = sku;
    line.stockId = stockId;
    Status status = awaitResult<void>([&](auto done) { shop->setStock(line, 17, done); });
    QVERIFY(status.ok());
    auto quantity = [&] {
        return firstProduct(sku)
            .value(QStringLiteral("stock"))
            .toObject()
            .value(QStringLiteral("quantity"))
            .toInt();
    };
    QCOMPARE(quantity(), 17);
    // Without the stock id: found by SKU (product + combination 0).
    StockLevel bySku;
    bySku.sku = sku;
    status = awaitResult<void>([&](auto done) { shop->setStock(bySku, 23, done); });
    QVERIFY2(status.ok(), status.ok() ? "" : qPrintable(status.error().toString()));
    QCOMPARE(quantity(), 23);
    const QJsonArray writes = effects(QStringLiteral("stock_availables"));
    QCOMPARE(writes.size(), 2);
    QCOMPARE(writes.last()
                 .toObject()
                 .value(QStringLiteral("values"))
                 .toObject()
                 .value(QStringLiteral("quantity"))
                 .toInt(),
             23);
    // A fraction is refused before anything is sent.
    status = awaitResult<void>([&](auto done) { shop->setStock(line, 2.5, done); });
    QVERIFY(!status.ok() && status.error().category == ErrorCategory::Permanent);
}

void TestPrestaShopWrites::createProductInactiveAndIdempotent()
{
    auto shop = connector();
    ProductData p;
    p.sku = QStringLiteral("NEW-0001");
    p.fields = {{field::Price, 19.9},
                {field::Active, true},
                {field::Name, QVariantMap{{QStringLiteral("1"), QStringLiteral("Brand new mug")},
                                          {QStringLiteral("2"), QStringLiteral("Tasse neuve")}}}};
    Result<CreateOutcome> first =
        awaitResult<CreateOutcome>([&](auto done) { shop->createProduct(p, done); });
    QVERIFY2(first.ok(), first.ok() ? "" : qPrintable(first.error().toString()));
    QVERIFY(first->created);
    QVERIFY(!first->peerId.isEmpty());
    QVERIFY(!first->error);
    QCOMPARE(productCount(p.sku), 1);
    const QJsonObject fields = productFields(p.sku);
    QCOMPARE(fields.value(QStringLiteral("active")).toString(), QStringLiteral("0")); // inactive by default
    QCOMPARE(fields.value(QStringLiteral("name")).toObject().value(QStringLiteral("2")).toString(),
             QStringLiteral("Tasse neuve"));
    QCOMPARE(fields.value(QStringLiteral("link_rewrite")).toObject().value(QStringLiteral("1")).toString(),
             QStringLiteral("brand-new-mug"));
    QCOMPARE(fields.value(QStringLiteral("price")).toString().toDouble(), 19.9);
    Result<CreateOutcome> again =
        awaitResult<CreateOutcome>([&](auto done) { shop->createProduct(p, done); });
    QVERIFY(again.ok());
    QVERIFY(!again->created);
    QCOMPARE(again->peerId, first->peerId);
    QCOMPARE(productCount(p.sku), 1);
}

void TestPrestaShopWrites::createFromPlainTextFillsEveryShopLanguage()
{
    // A name that comes from the ERP is one text: every language of the shop gets it, none is empty.
    auto shop = connector();
    ProductData p;
    p.sku = QStringLiteral("NEW-PLAIN-1");
    p.fields = {{field::Price, 5.0}, {field::Name, QStringLiteral("Plain ERP name")}};
    const auto created = awaitResult<CreateOutcome>([&](auto done) { shop->createProduct(p, done); });
    QVERIFY2(created.ok(), created.ok() ? "" : qPrintable(created.error().toString()));
    const QJsonObject fields = productFields(p.sku);
    for (const char *lang : {"1", "2"}) {
        QCOMPARE(fields.value(QStringLiteral("name")).toObject().value(QLatin1String(lang)).toString(),
                 QStringLiteral("Plain ERP name"));
        QVERIFY(!fields.value(QStringLiteral("link_rewrite")).toObject().value(QLatin1String(lang)).toString().isEmpty());
    }
}

void TestPrestaShopWrites::createExistingSkuCreatesNothing()
{
    auto shop = connector();
    m_sim.clearEffects();
    ProductData p;
    p.sku = QStringLiteral("SKU-000003");
    Result<CreateOutcome> outcome =
        awaitResult<CreateOutcome>([&](auto done) { shop->createProduct(p, done); });
    QVERIFY(outcome.ok());
    QVERIFY(!outcome->created);
    QCOMPARE(outcome->peerId, productId(p.sku));
    QCOMPARE(effects(QStringLiteral("products")).size(), 0);
}

void TestPrestaShopWrites::createIdempotentUnderResetAfter()
{
    // The POST is applied, then the connection is reset; Qt re-sends it by itself, which is applied
    // and reset again (count 2). Afterwards exactly one product carries the SKU.
    auto shop = connector();
    addShopFault(QStringLiteral("POST /api/products"), QStringLiteral("reset-after"),
                 {{QStringLiteral("count"), 2}});
    ProductData p;
    p.sku = QStringLiteral("NEW-RESET-1");
    p.fields = {{field::Price, 5.0}};
    Result<CreateOutcome> outcome =
        awaitResult<CreateOutcome>([&](auto done) { shop->createProduct(p, done); });
    if (!outcome.ok()) {
        remember(outcome.error());
        QVERIFY2(outcome.error().category == ErrorCategory::Transient,
                 qPrintable(outcome.error().toString()));
        outcome =
            awaitResult<CreateOutcome>([&](auto done) { shop->createProduct(p, done); }); // the queue's retry
    }
    QVERIFY2(outcome.ok(), outcome.ok() ? "" : qPrintable(outcome.error().toString()));
    QVERIFY2(!outcome->error, outcome->error ? qPrintable(outcome->error->toString()) : "");
    QCOMPARE(productCount(p.sku), 1);
    QCOMPARE(productId(p.sku), outcome->peerId);
    // A retry afterwards creates nothing.
    Result<CreateOutcome> retry =
        awaitResult<CreateOutcome>([&](auto done) { shop->createProduct(p, done); });
    QVERIFY(retry.ok() && !retry->created);
    QCOMPARE(productCount(p.sku), 1);
}

void TestPrestaShopWrites::createAfterServerError()
{
    // A 500 before anything was saved: transient, nothing exists, the retry creates exactly one.
    auto shop = connector();
    addShopFault(QStringLiteral("POST /api/products"), QStringLiteral("error"),
                 {{QStringLiteral("status"), 500}});
    ProductData p;
    p.sku = QStringLiteral("NEW-500-1");
    Result<CreateOutcome> failed =
        awaitResult<CreateOutcome>([&](auto done) { shop->createProduct(p, done); });
    QVERIFY(!failed.ok());
    remember(failed.error());
    QVERIFY(failed.error().category == ErrorCategory::Transient);
    QVERIFY(failed.error().message.contains(QStringLiteral("create product NEW-500-1")));
    QCOMPARE(productCount(p.sku), 0);
    Result<CreateOutcome> retry =
        awaitResult<CreateOutcome>([&](auto done) { shop->createProduct(p, done); });
    QVERIFY(retry.ok() && retry->created);
    QCOMPARE(productCount(p.sku), 1);
}

void TestPrestaShopWrites::concurrentCreatesOfOneSku()
{
    // The reviewer's case: two creators of one SKU at once (two workers, or a retry overlapping the
    // first try). Each sees both products after its POST: both must keep the same one (the smallest
    // id) and delete only the other, never each other's.
    for (int round = 0; round < 3; ++round) {
        auto shop = connector();
        ProductData p;
        p.sku = QStringLiteral("RACE-%1").arg(round, 4, 10, QLatin1Char('0'));
        p.fields = {{field::Price, 5.0}};
        std::optional<Result<CreateOutcome>> a, b;
        QEventLoop loop;
        shop->createProduct(p, [&](Result<CreateOutcome> r) {
            a.emplace(r);
            if (b)
                loop.quit();
        });
        shop->createProduct(p, [&](Result<CreateOutcome> r) {
            b.emplace(r);
            if (a)
                loop.quit();
        });
        QTimer::singleShot(60000, &loop, &QEventLoop::quit);
        loop.exec();
        QVERIFY(a && b);
        QVERIFY2(a->ok() && b->ok(), qPrintable((a->ok() ? QString() : a->error().toString()) +
                                                (b->ok() ? QString() : b->error().toString())));
        QVERIFY(!(*a)->error && !(*b)->error);
        const QJsonObject stored = product(p.sku);
        qInfo() << "A:" << (*a)->peerId << (*a)->created << "B:" << (*b)->peerId << (*b)->created
                << "left on the shop:" << stored.value(QStringLiteral("count")).toInt();
        QCOMPARE(stored.value(QStringLiteral("count")).toInt(), 1);
        const QString survivor = productId(p.sku);
        QCOMPARE((*a)->peerId, survivor);
        QCOMPARE((*b)->peerId, survivor);
    }
}

void TestPrestaShopWrites::orderStateSetTwiceOneHistoryLine()
{
    auto shop = connector();
    m_sim.control(QStringLiteral("activity/run"), QJsonObject{}, QStringLiteral("kind=shop-order&times=1"));
    const QJsonObject list = m_sim.control(QStringLiteral("prestashop/orders"));
    QVERIFY(!list.value(QStringLiteral("references")).toArray().isEmpty());
    const QString reference = list.value(QStringLiteral("references")).toArray().first().toString();
    const QJsonObject order = m_sim.control(QStringLiteral("prestashop/order"), QJsonValue::Undefined,
                                            QStringLiteral("reference=") + reference);
    const QString id = QString::number(order.value(QStringLiteral("id")).toInteger());
    const int historiesBefore = order.value(QStringLiteral("order_histories")).toArray().size();
    m_sim.clearEffects();
    for (int i = 0; i < 2; ++i) {
        Status status =
            awaitResult<void>([&](auto done) { shop->setOrderState(id, QStringLiteral("3"), done); });
        QVERIFY2(status.ok(), status.ok() ? "" : qPrintable(status.error().toString()));
    }
    const QJsonObject after = m_sim.control(QStringLiteral("prestashop/order"), QJsonValue::Undefined,
                                            QStringLiteral("reference=") + reference);
    QCOMPARE(after.value(QStringLiteral("order_histories")).toArray().size(), historiesBefore + 1);
    QCOMPARE(after.value(QStringLiteral("fields"))
                 .toObject()
                 .value(QStringLiteral("current_state"))
                 .toVariant()
                 .toString(),
             QStringLiteral("3"));
    QCOMPARE(effects(QStringLiteral("order_histories")).size(), 1);
    // An unknown state: the shop answers 500 "Unable to save resource" (code 46): permanent.
    Status unknown =
        awaitResult<void>([&](auto done) { shop->setOrderState(id, QStringLiteral("999"), done); });
    QVERIFY(!unknown.ok());
    remember(unknown.error());
    QVERIFY2(unknown.error().category == ErrorCategory::Permanent, qPrintable(unknown.error().toString()));
    Status noOrder = awaitResult<void>(
        [&](auto done) { shop->setOrderState(QStringLiteral("99999"), QStringLiteral("3"), done); });
    QVERIFY(!noOrder.ok() && noOrder.error().category == ErrorCategory::Permanent);
    QVERIFY(noOrder.error().message.contains(QStringLiteral("order 99999")));
}

void TestPrestaShopWrites::faultClasses()
{
    auto shop = connector();
    auto lookup = [&] {
        return awaitResult<QVector<ProductData>>(
            [&](auto done) { shop->productsBySku({QStringLiteral("SKU-000001")}, {field::Price}, done); });
    };
    // Reads are sent again after a transient failure (kReadRetries times): the fault strikes
    // every attempt, so the caller sees the classified error.
    auto fault = [&](const QString &kind, QJsonObject extra = {}) {
        m_sim.clearFaults();
        extra.insert(QStringLiteral("count"), 1 + kReadRetries);
        addShopFault(QStringLiteral("GET /api/products"), kind, extra);
    };
    struct Case
    {
        QString kind;
        QJsonObject extra;
        ErrorCategory category;
        QString code;
        qint64 retryAfterMs = -1; // what the Retry-After header said, in the error's context
    };
    const QVector<Case> cases{
        {QStringLiteral("error"),
         {{QStringLiteral("status"), 500}},
         ErrorCategory::Transient,
         QStringLiteral("prestashop.server_error")},
        {QStringLiteral("error"),
         {{QStringLiteral("status"), 502}},
         ErrorCategory::Transient,
         QStringLiteral("prestashop.unavailable")},
        // The simulator's 503 says "Retry-After: 1"; its 429 what the rule asks.
        {QStringLiteral("error"),
         {{QStringLiteral("status"), 503}},
         ErrorCategory::Transient,
         QStringLiteral("prestashop.unavailable"),
         1000},
        {QStringLiteral("429"),
         {{QStringLiteral("retryAfterSeconds"), 3}},
         ErrorCategory::Transient,
         QStringLiteral("prestashop.rate_limited"),
         3000},
        {QStringLiteral("malformed"), {}, ErrorCategory::Transient, QStringLiteral("prestashop.bad_body")},
        {QStringLiteral("invalid-xml-chars"),
         {},
         ErrorCategory::Transient,
         QStringLiteral("prestashop.bad_body")},
        {QStringLiteral("truncate"), {}, ErrorCategory::Transient, QString()},
        {QStringLiteral("reset-before"), {}, ErrorCategory::Transient, QString()},
    };
    for (const Case &c : cases) {
        fault(c.kind, c.extra);
        Result<QVector<ProductData>> failed = lookup();
        const QString label = c.kind + QLatin1Char(' ') +
                              QString::fromUtf8(QJsonDocument(c.extra).toJson(QJsonDocument::Compact));
        if (c.kind == QLatin1String("reset-before") && failed.ok())
            continue; // Qt re-sent the GET by itself after the reset, and that one was answered
        QVERIFY2(!failed.ok(), qPrintable(label));
        remember(failed.error());
        QVERIFY2(failed.error().category == c.category,
                 qPrintable(label + QLatin1Char(' ') + failed.error().toString()));
        if (!c.code.isEmpty())
            QVERIFY2(failed.error().code == c.code,
                     qPrintable(label + QLatin1Char(' ') + failed.error().toString()));
        QVERIFY2(failed.error().message.contains(QStringLiteral("look up products by SKU")),
                 qPrintable(failed.error().message));
        if (c.retryAfterMs >= 0)
            QCOMPARE(failed.error().context.value(QStringLiteral("retryAfterMs")).toLongLong(),
                     c.retryAfterMs);
        // The next request works.
        Result<QVector<ProductData>> next = lookup();
        QVERIFY2(next.ok(), qPrintable(label));
        QCOMPARE(next->size(), 1);
    }
    // One transient failure of a read is not the caller's problem: it is sent again.
    m_sim.clearFaults();
    addShopFault(QStringLiteral("GET /api/products"), QStringLiteral("error"), {{QStringLiteral("status"), 502}});
    Result<QVector<ProductData>> retried = lookup();
    QVERIFY2(retried.ok(), qPrintable(retried ? QString() : retried.error().toString()));
    QCOMPARE(retried->size(), 1);
    m_sim.clearFaults();
    // Latency: slower, still an answer.
    fault(QStringLiteral("latency"), {{QStringLiteral("latencyMs"), 150}});
    QVERIFY(lookup().ok());
    // Hang: the shop holds the request; the client's idle timeout ends it, transient.
    {
        auto impatient = connector(QString(), 700);
        fault(QStringLiteral("hang"));
        Result<QVector<ProductData>> hung = awaitResult<QVector<ProductData>>(
            [&](auto done) { impatient->productsBySku({QStringLiteral("SKU-000001")}, {}, done); });
        QVERIFY(!hung.ok());
        remember(hung.error());
        QVERIFY2(hung.error().category == ErrorCategory::Transient, qPrintable(hung.error().toString()));
        m_sim.clearFaults();
        QVERIFY(lookup().ok());
    }
    // Down: the port refuses connections for a while (transient), then answers again.
    fault(QStringLiteral("down"), {{QStringLiteral("forMs"), 400}});
    Result<QVector<ProductData>> down = lookup();
    if (!down.ok()) {
        remember(down.error());
        QVERIFY2(down.error().category == ErrorCategory::Transient, qPrintable(down.error().toString()));
    }
    m_sim.clearFaults();
    bool back = false;
    for (int i = 0; i < 100 && !back; ++i) { // bounded wait for the window to end, not a timing check
        back = lookup().ok();
        if (!back)
            QTest::qWait(100);
    }
    QVERIFY(back);

    // A damaged page of a paged read fails that read with the page named; the next pass works.
    fault(QStringLiteral("invalid-xml-chars"));
    ChangeWindow window;
    window.pageSize = 50;
    Result<PageSummary> broken = awaitResult<PageSummary>([&](auto done) {
        shop->changedProducts(
            window, {}, [](const QVector<ProductData> &) { return true; }, done);
    });
    QVERIFY(!broken.ok());
    remember(broken.error());
    QVERIFY(broken.error().message.contains(QStringLiteral("read changed products (page 1)")));
    // The API root (XML) with invalid characters: a classified error, then a clean test.
    m_sim.clearFaults();
    addShopFault(QStringLiteral("GET /api/"), QStringLiteral("invalid-xml-chars"));
    Result<ConnectionReport> report =
        awaitResult<ConnectionReport>([&](auto done) { shop->testConnection(done); });
    QVERIFY(!report.ok());
    remember(report.error());
    QCOMPARE(report.error().code, QStringLiteral("prestashop.bad_body"));
    report = awaitResult<ConnectionReport>([&](auto done) { shop->testConnection(done); });
    QVERIFY(report.ok() && report->ok());
}

void TestPrestaShopWrites::peerRejections()
{
    auto shop = connector();
    const QString sku = QStringLiteral("SKU-000011");
    const QString id = productId(sku);
    // PATCH on a missing id: 404, permanent, names the record.
    Status missing = awaitResult<void>([&](auto done) {
        shop->updateProduct(QStringLiteral("999999"), QStringLiteral("SKU-GONE"), {{field::Price, 1.0}},
                            done);
    });
    QVERIFY(!missing.ok());
    remember(missing.error());
    QVERIFY(missing.error().category == ErrorCategory::Permanent);
    QVERIFY(missing.error().message.contains(QStringLiteral("SKU-GONE")));
    // An unmapped field: config, nothing sent.
    Status unknown = awaitResult<void>([&](auto done) {
        shop->updateProduct(id, sku, {{QStringLiteral("colour"), 1}}, done);
    });
    QVERIFY(!unknown.ok() && unknown.error().category == ErrorCategory::Config);
    // 400 validation error (code 85, as real fixture 82): permanent with the shop's message.
    Status invalid = awaitResult<void>([&](auto done) {
        shop->updateProduct(id, sku, {{field::Ean13, QStringLiteral("not-an-ean")}}, done);
    });
    QVERIFY(!invalid.ok());
    remember(invalid.error());
    QVERIFY2(invalid.error().category == ErrorCategory::Permanent, qPrintable(invalid.error().toString()));
    QVERIFY2(invalid.error().message.contains(QStringLiteral("ean13")), qPrintable(invalid.error().message));
    QVERIFY(invalid.error().message.contains(sku));
}

void TestPrestaShopWrites::keyAppearsInNoErrorText()
{
    checkNoKeyAnywhere(6);
}

QTEST_GUILESS_MAIN(TestPrestaShopWrites)
#include "tst_prestashopwrites.moc"
