// The large-catalog acceptance of "Sync engine I": 100,000 products on both sides. After the first
// sync, 1 % of the ERP prices change: the next pass writes exactly those products to the shop and
// nothing else; then a pass with no change writes nothing at all. Counted in the simulator's effect
// log. (How fast this goes is for bench_sync to print, not for a test to assert.)
#include "tst_syncsupport.h"

#include <QElapsedTimer>
#include <QLoggingCategory>
#include <QTest>

using namespace syncsmart;
using namespace syncsmart::testing;

namespace {
constexpr int kProducts = 100'000;
constexpr int kChanges = kProducts / 100;
} // namespace

class TestSyncScale : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        registerSyncMetaTypes();
        QLoggingCategory::setFilterRules(QStringLiteral("core.*.info=false"));
    }

    void onePercentChangedWritesOnlyThoseAndNoChangeWritesNothing()
    {
        SimProcess sim;
        const QString problem = sim.start(kProducts, {QStringLiteral("--seed"), QStringLiteral("11")});
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        QTemporaryDir dir;
        auto engine = openEngine(makeProfile(sim, 6), dir);
        QVERIFY(engine);

        QElapsedTimer timer;
        timer.start();
        const auto first = syncOnce(*engine, 1'200'000);
        QVERIFY2(first, qPrintable(errorOf(first)));
        QVERIFY2(first->pass.shopRecordsRead >= kProducts && first->pass.erpRecordsRead >= kProducts,
                 qPrintable(oneLine(*first)));
        QVERIFY2(first->drain.dead == 0 && first->drain.pending == 0, qPrintable(oneLine(*first)));
        qInfo("first sync of %d products: %lld ms (%s)", kProducts, timer.elapsed(), qPrintable(oneLine(*first)));

        // The pass that sees the first sync's own writes come back (if it made any) settles.
        const auto settle = syncOnce(*engine);
        QVERIFY2(settle, qPrintable(errorOf(settle)));
        QVERIFY2(settle->pass.jobsEnqueued == 0, qPrintable(oneLine(*settle)));

        // 1 %: a thousand ERP price edits, as the accountant's day would make them.
        const qint64 before = lastSeq(sim);
        const QJsonObject ran = sim.control(QStringLiteral("activity/run"), QJsonObject{},
                                            QStringLiteral("kind=erp-price&times=%1").arg(kChanges));
        QCOMPARE(ran.value(QStringLiteral("events")).toArray().size(), kChanges);
        // The changed SKUs and their final ERP prices (a SKU may have been picked twice; an edit may
        // have landed on the price the shop already has: that is not a change to send).
        QHash<QString, double> erpPrice;
        for (const QJsonValue &v : effects(sim, kErpPeer, QStringLiteral("activity"), before)) {
            const QJsonObject e = v.toObject();
            erpPrice.insert(e.value(QStringLiteral("key")).toString(),
                            number(e.value(QStringLiteral("values")).toObject().value(QStringLiteral("list_price"))));
        }
        QSet<QString> changed;
        for (auto it = erpPrice.cbegin(); it != erpPrice.cend(); ++it) {
            if (!sameAmount(number(shopProduct(sim, it.key()).value(QStringLiteral("price"))), it.value()))
                changed.insert(it.key());
        }
        QVERIFY2(changed.size() > kChanges * 9 / 10, qPrintable(QString::number(changed.size())));

        const qint64 seq = lastSeq(sim);
        timer.restart();
        const auto pass = syncOnce(*engine);
        QVERIFY2(pass, qPrintable(errorOf(pass)));
        qInfo("pass with %lld changed: %lld ms (%s)", qint64(changed.size()), timer.elapsed(), qPrintable(oneLine(*pass)));
        QCOMPARE(pass->drain.dead, 0);
        const QJsonArray shopWrites = effects(sim, kShopPeer, QStringLiteral("api"), seq);
        QSet<QString> written;
        for (const QJsonValue &v : shopWrites)
            written.insert(v.toObject().value(QStringLiteral("key")).toString());
        QCOMPARE(shopWrites.size(), changed.size()); // one write per changed product, none twice
        QVERIFY2(written == changed,
                 qPrintable(QStringLiteral("written but unchanged: %1; changed but not written: %2")
                                .arg(QStringList((written - changed).values()).mid(0, 10).join(QLatin1Char(' ')),
                                     QStringList((changed - written).values()).mid(0, 10).join(QLatin1Char(' ')))));
        QVERIFY2(effects(sim, kErpPeer, QStringLiteral("api"), seq).isEmpty(),
                 dump(effects(sim, kErpPeer, QStringLiteral("api"), seq)).constData());
        for (auto it = erpPrice.cbegin(); it != erpPrice.cend(); ++it) {
            if (changed.contains(it.key()))
                QVERIFY2(sameAmount(number(shopProduct(sim, it.key()).value(QStringLiteral("price"))), it.value()),
                         qPrintable(it.key()));
        }

        // No change: nothing written, either way, twice over (the first of these sees our own
        // writes come back and drops them).
        const qint64 quiet = lastSeq(sim);
        for (int i = 0; i < 2; ++i) {
            timer.restart();
            const auto idle = syncOnce(*engine);
            QVERIFY2(idle, qPrintable(errorOf(idle)));
            qInfo("pass with no change: %lld ms (%s)", timer.elapsed(), qPrintable(oneLine(*idle)));
            QVERIFY2(idle->pass.jobsEnqueued == 0, qPrintable(oneLine(*idle)));
        }
        QVERIFY2(writesSince(sim, quiet).isEmpty(), dump(writesSince(sim, quiet)).constData());
    }
};

QTEST_GUILESS_MAIN(TestSyncScale)
#include "tst_syncscale.moc"
