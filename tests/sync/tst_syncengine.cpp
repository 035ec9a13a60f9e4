// The engine against syncsmart-sim, for what goes wrong: a peer that fails mid-pass, a write the peer
// refuses for good, a process that dies between planning and applying. Each test checks that nothing
// is lost (the change still arrives) and nothing is duplicated (the simulator's effect log).
#include "awaitresult.h"
#include "simprocess.h"

#include "queue/jobqueue.h"
#include "sync/syncengine.h"
#include "sync/syncstore.h"

#include <QJsonArray>
#include <QTemporaryDir>
#include <QTest>

using namespace syncsmart;
using namespace syncsmart::testing;

namespace {

// Both sides as the seed makes them, with the kinds of divergence a real pair of systems has.
QStringList divergentCatalog()
{
    return {QStringLiteral("--missing-in-shop"), QStringLiteral("0.03"), QStringLiteral("--missing-in-erp"),
            QStringLiteral("0.03"),          QStringLiteral("--field-mismatch"), QStringLiteral("0.05"),
            QStringLiteral("--duplicates-shop"), QStringLiteral("2"),     QStringLiteral("--duplicates-erp"),
            QStringLiteral("2")};
}

SyncProfile profileFor(SimProcess &sim)
{
    SyncProfile p;
    p.name = QStringLiteral("test");
    p.shop.endpoint.peerName = QStringLiteral("PrestaShop");
    p.shop.endpoint.baseUrl = QUrl(sim.prestashopUrl());
    p.shop.endpoint.limits.requestsPerSecond = 0;
    p.shop.endpoint.limits.totalTimeoutMs = 30'000;
    p.shop.apiKey = sim.prestashopKey();
    p.shop.shopTimeZone = QTimeZone(sim.shopTimezone().toUtf8());
    p.erp.endpoint.peerName = QStringLiteral("Odoo");
    p.erp.endpoint.baseUrl = QUrl(sim.odooBaseUrl());
    p.erp.endpoint.limits.requestsPerSecond = 0;
    p.erp.endpoint.limits.totalTimeoutMs = 30'000;
    p.erp.database = sim.odooDatabase();
    p.erp.login = sim.odooLogin();
    p.erp.apiKey = sim.odooKey();
    p.sync.windowOverlapS = 5;
    return p;
}

// API writes (the engine's) recorded by the simulator since seq, per peer.
QJsonArray apiWrites(SimProcess &sim, const QString &peer, qint64 sinceSeq = 0)
{
    return sim
        .control(QStringLiteral("effects"), QJsonValue::Undefined,
                 QStringLiteral("peer=%1&source=api&since=%2").arg(peer).arg(sinceSeq))
        .value(QStringLiteral("effects"))
        .toArray();
}

qint64 lastSeq(SimProcess &sim)
{
    const QJsonArray all = sim.control(QStringLiteral("effects")).value(QStringLiteral("effects")).toArray();
    return all.isEmpty() ? 0 : all.last().toObject().value(QStringLiteral("seq")).toInteger();
}

QJsonObject shopProduct(SimProcess &sim, const QString &sku)
{
    return sim.control(QStringLiteral("prestashop/product"), QJsonValue::Undefined, QStringLiteral("sku=") + sku)
        .value(QStringLiteral("products"))
        .toArray()
        .first()
        .toObject();
}

Result<SyncOnceReport> syncOnce(SyncEngine &engine)
{
    return awaitResult<SyncOnceReport>([&](auto done) { engine.syncOnce(done); }, 300'000);
}

// A SKU both sides hold once, untouched by the seeded divergence.
QString plainSku(SimProcess &sim, int index)
{
    const QJsonObject divergence = sim.control(QStringLiteral("expected-divergence"));
    QSet<QString> special;
    for (auto it = divergence.begin(); it != divergence.end(); ++it) {
        for (const QJsonValue &v : it.value().toArray())
            special.insert(v.isObject() ? v.toObject().value(QStringLiteral("sku")).toString() : v.toString());
    }
    int seen = 0;
    for (int i = 1; i < 100000; ++i) {
        const QString sku = QStringLiteral("SKU-%1").arg(i, 6, 10, QLatin1Char('0'));
        if (special.contains(sku))
            continue;
        if (seen++ == index)
            return sku;
    }
    return {};
}

} // namespace

class TestSyncEngine : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { registerSyncMetaTypes(); }

    void firstSyncThenQuiet()
    {
        SimProcess sim;
        QVERIFY2(sim.start(300, divergentCatalog()).isEmpty(), "sim");
        QTemporaryDir dir;
        auto engine = SyncEngine::open(profileFor(sim), dir.filePath(QStringLiteral("p.db")), nullptr);
        QVERIFY2(engine, qPrintable(engine ? QString() : engine.error().toString()));
        auto first = syncOnce(**engine);
        QVERIFY2(first, qPrintable(first ? QString() : first.error().toString()));
        qInfo() << "first pass: shop" << first->pass.shopRecordsRead << "erp" << first->pass.erpRecordsRead << "deltas"
                << first->pass.deltas << "jobs" << first->pass.jobsEnqueued << "conflicts" << first->pass.conflicts
                << "issues" << first->pass.issues.size() << "applied" << first->drain.applied << "dead" << first->drain.dead;
        QVERIFY(first->pass.firstSync);
        QVERIFY(first->pass.shopRecordsRead >= 290);
        QCOMPARE(first->drain.dead, 0);
        QCOMPARE(first->drain.applied, first->pass.jobsEnqueued);
        // The echoes of the first sync's writes come back once, then nothing moves.
        for (int i = 0; i < 3; ++i) {
            const qint64 seq = lastSeq(sim);
            auto again = syncOnce(**engine);
            QVERIFY2(again, qPrintable(again ? QString() : again.error().toString()));
            qInfo() << "pass" << i << "shop" << again->pass.shopRecordsRead << "erp" << again->pass.erpRecordsRead
                    << "deltas" << again->pass.deltas << "echoes" << again->pass.echoesSuppressed << "jobs"
                    << again->pass.jobsEnqueued;
            QCOMPARE(again->pass.jobsEnqueued, 0);
            QCOMPARE(apiWrites(sim, QStringLiteral("prestashop"), seq).size(), 0);
            QCOMPARE(apiWrites(sim, QStringLiteral("odoo"), seq).size(), 0);
        }
        QVERIFY(*(*engine)->store().echoesSuppressed() > 0);
    }
};

QTEST_GUILESS_MAIN(TestSyncEngine)
#include "tst_syncengine.moc"
