// The acceptance of "Sync engine I", end to end against syncsmart-sim over loopback HTTP. People edit
// either side through the simulator's back-office controls (as a shop manager or an accountant
// would); every outcome is asserted through the simulator's effect log (what was written, where, how
// often) and the values the peers hold afterwards, and the engine's conflict history.
#include "tst_syncsupport.h"

#include <QLoggingCategory>
#include <QTest>

using namespace syncsmart;
using namespace syncsmart::testing;

namespace {

// A simulator with a divergent catalog (shop in Europe/Paris, ERP in UTC) and an engine that has
// done its first sync, so that later passes see only what a test changes.
struct Synced
{
    SimProcess sim;
    QTemporaryDir dir;
    SyncProfile profile;
    std::unique_ptr<SyncEngine> engine;
    QString problem; // empty when ready

    explicit Synced(int products, const std::function<void(SyncProfile &)> &adjust = {})
    {
        problem = sim.start(products, divergentCatalogArgs());
        if (!problem.isEmpty())
            return;
        profile = makeProfile(sim);
        if (adjust)
            adjust(profile);
        engine = openEngine(profile, dir);
        if (!engine) {
            problem = QStringLiteral("the engine did not open");
            return;
        }
        const auto first = syncOnce(*engine);
        if (!first)
            problem = QStringLiteral("first sync: ") + first.error().toString();
        else if (first->drain.dead != 0 || first->drain.pending != 0)
            problem = QStringLiteral("first sync left work behind: ") + oneLine(*first);
    }
};

QString shopText(const QJsonObject &product, const QString &field)
{
    return product.value(field).toObject().value(QStringLiteral("1")).toString();
}

} // namespace

class TestSyncEndToEnd : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        registerSyncMetaTypes();
        QLoggingCategory::setFilterRules(QStringLiteral("core.*.info=false"));
    }

    void anErpPriceReachesTheShopAndTheShopsDescriptionIsNeverOverwritten()
    {
        Synced s(300);
        QVERIFY2(s.problem.isEmpty(), qPrintable(s.problem));
        const QStringList skus = plainSkus(s.sim, 2, 20);
        const QString priced = skus.at(0); // the ERP changes its price
        const QString both = skus.at(1);   // the shop rewrites its description while the ERP changes its price
        const QString newText = QStringLiteral("<p>Summer edition, rewritten by the shop's editor</p>");
        const qint64 seq = lastSeq(s.sim);

        QVERIFY(editErp(s.sim, priced, {{QStringLiteral("list_price"), 77.7}}));
        QVERIFY(editShop(s.sim, both, {{QStringLiteral("description"), QJsonObject{{QStringLiteral("1"), newText}}}}));
        QVERIFY(editErp(s.sim, both, {{QStringLiteral("list_price"), 12.34}}));

        const auto r = syncOnce(*s.engine);
        QVERIFY2(r, qPrintable(errorOf(r)));
        QCOMPARE(r->pass.conflicts, 0); // each side changed only what it owns
        QCOMPARE(r->drain.dead, 0);

        // The prices arrived in the shop; the shop's new description is intact and went to the ERP.
        QVERIFY(sameAmount(number(shopProduct(s.sim, priced).value(QStringLiteral("price"))), 77.7));
        const QJsonObject shopBoth = shopProduct(s.sim, both);
        QVERIFY(sameAmount(number(shopBoth.value(QStringLiteral("price"))), 12.34));
        QCOMPARE(shopText(shopBoth, QStringLiteral("description")), newText);
        QCOMPARE(erpProduct(s.sim, both).value(QStringLiteral("description_sale")).toString(), newText);

        // Exactly the writes needed: one PATCH per product in the shop (never its description), one
        // ERP write for the description, nothing else anywhere.
        const QJsonArray shopWrites = effects(s.sim, kShopPeer, QStringLiteral("api"), seq);
        const QJsonArray erpWrites = effects(s.sim, kErpPeer, QStringLiteral("api"), seq);
        QVERIFY2(effectsOf(shopWrites, priced).size() == 1, dump(shopWrites).constData());
        QVERIFY2(effectsOf(shopWrites, both).size() == 1, dump(shopWrites).constData());
        QVERIFY2(effectsOf(shopWrites, both, QStringLiteral("description")).isEmpty(), dump(shopWrites).constData());
        QVERIFY2(shopWrites.size() == 2, dump(shopWrites).constData());
        QVERIFY2(erpWrites.size() == 1 && effectsOf(erpWrites, both, QStringLiteral("description_sale")).size() == 1,
                 dump(erpWrites).constData());

        // Our own writes come back as changes on the next pass: recognised, dropped, nothing written.
        const qint64 quiet = lastSeq(s.sim);
        const auto echo = syncOnce(*s.engine);
        QVERIFY2(echo, qPrintable(errorOf(echo)));
        QVERIFY2(echo->pass.echoesSuppressed >= 3, qPrintable(oneLine(*echo)));
        QVERIFY2(writesSince(s.sim, quiet).isEmpty(), dump(writesSince(s.sim, quiet)).constData());
        QCOMPARE(shopText(shopProduct(s.sim, both), QStringLiteral("description")), newText);
    }

    void aShopEditOfAnErpOwnedFieldIsRevertedAndLoggedAsAConflict()
    {
        Synced s(200);
        QVERIFY2(s.problem.isEmpty(), qPrintable(s.problem));
        const QString sku = plainSkus(s.sim, 1, 30).first();
        const double erpPrice = number(erpProduct(s.sim, sku).value(QStringLiteral("list_price")));
        QVERIFY(!sameAmount(erpPrice, 1.23));
        const qint64 seq = lastSeq(s.sim);

        QVERIFY(editShop(s.sim, sku, {{QStringLiteral("price"), QStringLiteral("1.23")}}));
        const auto r = syncOnce(*s.engine);
        QVERIFY2(r, qPrintable(errorOf(r)));
        QCOMPARE(r->pass.conflicts, 1);
        QCOMPARE(r->pass.openConflicts, 0);

        // The owner's value is back in the shop, by one write; the ERP was not touched.
        QVERIFY(sameAmount(number(shopProduct(s.sim, sku).value(QStringLiteral("price"))), erpPrice));
        QCOMPARE(effectsOf(effects(s.sim, kShopPeer, QStringLiteral("api"), seq), sku, QStringLiteral("price")).size(), 1);
        QVERIFY(effects(s.sim, kErpPeer, QStringLiteral("api"), seq).isEmpty());
        QVERIFY(sameAmount(number(erpProduct(s.sim, sku).value(QStringLiteral("list_price"))), erpPrice));

        // The resolution is on record with both values, both instants, the rule and the winner.
        const auto conflicts = conflictsOf(*s.engine, sku, QStringLiteral("price"));
        QCOMPARE(conflicts.size(), 1);
        const ConflictRecord &c = conflicts.first();
        QVERIFY2(c.resolution == ConflictResolution::Ownership, qPrintable(describe(c)));
        QVERIFY2(c.rule == FieldRule::Erp, qPrintable(describe(c)));
        QVERIFY2(c.winner == Side::Erp, qPrintable(describe(c)));
        QVERIFY2(sameAmount(c.shopValue.toDouble(), 1.23), qPrintable(describe(c)));
        QVERIFY2(sameAmount(c.erpValue.toDouble(), erpPrice), qPrintable(describe(c)));
        QVERIFY2(c.shopUpdatedAt.isValid() && c.erpUpdatedAt.isValid(), qPrintable(describe(c)));
        QCOMPARE(c.decidedBy, QStringLiteral("rules"));
        QVERIFY(c.jobId != 0);

        // And the revert does not come back as a change.
        const qint64 quiet = lastSeq(s.sim);
        QVERIFY(syncOnce(*s.engine));
        QVERIFY(writesSince(s.sim, quiet).isEmpty());
        QCOMPARE(conflictsOf(*s.engine, sku, QStringLiteral("price")).size(), 1);
    }

    void newestWinsByTheUtcInstantWithTheShopInParis()
    {
        // The name is writable on both sides here. The shop stamps its edits in Paris local time
        // (UTC+1 or +2), the ERP in UTC: read naively, every shop edit would look an hour older
        // (or newer) than it is, and the wrong side would win.
        Synced s(200, [](SyncProfile &p) { p.fields.setRule(QStringLiteral("name"), FieldRule::Newest); });
        QVERIFY2(s.problem.isEmpty(), qPrintable(s.problem));
        QCOMPARE(s.sim.shopTimezone(), QStringLiteral("Europe/Paris"));
        const QStringList skus = plainSkus(s.sim, 2, 40);
        const QString shopLast = skus.at(0);
        const QString erpLast = skus.at(1);
        const qint64 seq = lastSeq(s.sim);

        QVERIFY(editErp(s.sim, shopLast, {{QStringLiteral("name"), QStringLiteral("Older ERP name")}}));
        QVERIFY(editShop(s.sim, erpLast, {{QStringLiteral("name"), QJsonObject{{QStringLiteral("1"), QStringLiteral("Older shop name")}}}}));
        // Both peers stamp whole seconds; more than the 2 s tolerance apart.
        QTest::qWait(3'500);
        QVERIFY(editShop(s.sim, shopLast, {{QStringLiteral("name"), QJsonObject{{QStringLiteral("1"), QStringLiteral("Newer shop name")}}}}));
        QVERIFY(editErp(s.sim, erpLast, {{QStringLiteral("name"), QStringLiteral("Newer ERP name")}}));

        const auto r = syncOnce(*s.engine);
        QVERIFY2(r, qPrintable(errorOf(r)));
        QCOMPARE(r->pass.openConflicts, 0);
        QCOMPARE(erpProduct(s.sim, shopLast).value(QStringLiteral("name")).toString(), QStringLiteral("Newer shop name"));
        QCOMPARE(shopText(shopProduct(s.sim, shopLast), QStringLiteral("name")), QStringLiteral("Newer shop name"));
        QCOMPARE(shopText(shopProduct(s.sim, erpLast), QStringLiteral("name")), QStringLiteral("Newer ERP name"));
        QCOMPARE(erpProduct(s.sim, erpLast).value(QStringLiteral("name")).toString(), QStringLiteral("Newer ERP name"));
        // One write each, to the side that lost.
        QCOMPARE(effectsOf(effects(s.sim, kErpPeer, QStringLiteral("api"), seq), shopLast).size(), 1);
        QVERIFY(effectsOf(effects(s.sim, kShopPeer, QStringLiteral("api"), seq), shopLast).isEmpty());
        QCOMPARE(effectsOf(effects(s.sim, kShopPeer, QStringLiteral("api"), seq), erpLast).size(), 1);
        QVERIFY(effectsOf(effects(s.sim, kErpPeer, QStringLiteral("api"), seq), erpLast).isEmpty());

        // Each resolution is stored with both instants in UTC, a few seconds apart (not an hour).
        for (const auto &[sku, winner] : {std::pair{shopLast, Side::Shop}, std::pair{erpLast, Side::Erp}}) {
            const auto conflicts = conflictsOf(*s.engine, sku, QStringLiteral("name"));
            QCOMPARE(conflicts.size(), 1);
            const ConflictRecord &c = conflicts.first();
            QVERIFY2(c.resolution == ConflictResolution::Newest && c.winner == winner, qPrintable(describe(c)));
            QVERIFY2(c.rule == FieldRule::Newest, qPrintable(describe(c)));
            QVERIFY2(c.shopUpdatedAt.timeSpec() == Qt::UTC && c.erpUpdatedAt.timeSpec() == Qt::UTC, qPrintable(describe(c)));
            const qint64 apart = winner == Side::Shop ? c.erpUpdatedAt.secsTo(c.shopUpdatedAt)
                                                      : c.shopUpdatedAt.secsTo(c.erpUpdatedAt);
            QVERIFY2(apart >= 2 && apart <= 30, qPrintable(describe(c)));
            QVERIFY2(std::abs(c.erpUpdatedAt.secsTo(QDateTime::currentDateTimeUtc())) < 600, qPrintable(describe(c)));
        }
    }

    void aTieIsAManualConflictUntilAnOperatorDecides()
    {
        Synced s(200, [](SyncProfile &p) { p.fields.setRule(QStringLiteral("name"), FieldRule::Newest); });
        QVERIFY2(s.problem.isEmpty(), qPrintable(s.problem));
        const QStringList skus = plainSkus(s.sim, 3, 50);
        const qint64 seq = lastSeq(s.sim);
        // The same moment on both sides (within the tolerance): no instant can say who is right.
        for (const QString &sku : skus) {
            QVERIFY(editShop(s.sim, sku, {{QStringLiteral("name"), QJsonObject{{QStringLiteral("1"), QStringLiteral("Shop says ") + sku}}}}));
            QVERIFY(editErp(s.sim, sku, {{QStringLiteral("name"), QStringLiteral("ERP says ") + sku}}));
        }
        const auto r = syncOnce(*s.engine);
        QVERIFY2(r, qPrintable(errorOf(r)));
        QCOMPARE(r->pass.openConflicts, 3);
        QVERIFY2(writesSince(s.sim, seq).isEmpty(), dump(writesSince(s.sim, seq)).constData()); // nobody guessed

        // It waits: another pass neither writes nor records it twice.
        const auto again = syncOnce(*s.engine);
        QVERIFY2(again, qPrintable(errorOf(again)));
        QVERIFY(writesSince(s.sim, seq).isEmpty());
        QVector<qint64> ids;
        for (const QString &sku : skus) {
            const auto c = conflictsOf(*s.engine, sku, QStringLiteral("name"));
            QCOMPARE(c.size(), 1);
            QVERIFY2(c.first().isOpen() && !c.first().winner, qPrintable(describe(c.first())));
            QVERIFY2(c.first().shopValue.toString() == QStringLiteral("Shop says ") + sku, qPrintable(describe(c.first())));
            QVERIFY2(c.first().erpValue.toString() == QStringLiteral("ERP says ") + sku, qPrintable(describe(c.first())));
            ids.append(c.first().id);
        }

        // Three operators' answers: take the shop, take the ERP, a typed value (to both sides).
        const QString operatorName = QStringLiteral("ana@agency.example");
        auto takeShop = s.engine->decide(ids[0], {ConflictDecision::Kind::TakeShop, {}}, operatorName);
        auto takeErp = s.engine->decide(ids[1], {ConflictDecision::Kind::TakeErp, {}}, operatorName);
        auto typed = s.engine->decide(ids[2], {ConflictDecision::Kind::Value, QStringLiteral("Agreed name")}, operatorName);
        QVERIFY2(takeShop && takeErp && typed, qPrintable(errorOf(takeShop) + errorOf(takeErp) + errorOf(typed)));
        // A second answer to the same conflict is refused, saying why.
        auto twice = s.engine->decide(ids[0], {ConflictDecision::Kind::TakeErp, {}}, QStringLiteral("bob"));
        QVERIFY(!twice);
        QVERIFY2(twice.error().message.contains(QString::number(ids[0])), qPrintable(twice.error().message));

        const qint64 beforeDrain = lastSeq(s.sim);
        const auto drained = drain(*s.engine);
        QVERIFY2(drained, qPrintable(errorOf(drained)));
        QCOMPARE(drained->applied, 4); // shop→ERP, ERP→shop, the typed value to both
        QCOMPARE(erpProduct(s.sim, skus[0]).value(QStringLiteral("name")).toString(), QStringLiteral("Shop says ") + skus[0]);
        QCOMPARE(shopText(shopProduct(s.sim, skus[1]), QStringLiteral("name")), QStringLiteral("ERP says ") + skus[1]);
        QCOMPARE(shopText(shopProduct(s.sim, skus[2]), QStringLiteral("name")), QStringLiteral("Agreed name"));
        QCOMPARE(erpProduct(s.sim, skus[2]).value(QStringLiteral("name")).toString(), QStringLiteral("Agreed name"));
        const QJsonArray writes = writesSince(s.sim, beforeDrain);
        QVERIFY2(writes.size() == 4, dump(writes).constData());
        QVERIFY(effectsOf(effects(s.sim, kShopPeer, QStringLiteral("api"), beforeDrain), skus[0]).isEmpty());
        QVERIFY(effectsOf(effects(s.sim, kErpPeer, QStringLiteral("api"), beforeDrain), skus[1]).isEmpty());

        for (int i = 0; i < 3; ++i) {
            const auto c = conflictsOf(*s.engine, skus[i], QStringLiteral("name"));
            QCOMPARE(c.size(), 1);
            QVERIFY2(c.first().resolution == ConflictResolution::Operator, qPrintable(describe(c.first())));
            QCOMPARE(c.first().decidedBy, operatorName);
            QVERIFY(c.first().decidedAtMs > 0);
        }
        QVERIFY(conflictsOf(*s.engine, skus[0], QStringLiteral("name")).first().winner == Side::Shop);
        QVERIFY(conflictsOf(*s.engine, skus[1], QStringLiteral("name")).first().winner == Side::Erp);
        QCOMPARE(conflictsOf(*s.engine, skus[2], QStringLiteral("name")).first().winningValue.toString(),
                 QStringLiteral("Agreed name"));

        // The decided values coming back are our own: nothing more is written, nothing reopens.
        const qint64 quiet = lastSeq(s.sim);
        const auto after = syncOnce(*s.engine);
        QVERIFY2(after, qPrintable(errorOf(after)));
        QCOMPARE(after->pass.openConflicts, 0);
        QVERIFY2(writesSince(s.sim, quiet).isEmpty(), dump(writesSince(s.sim, quiet)).constData());
    }

    void aSkuSeenOnOneSideIsLookedUpBeforeAnythingIsCreated()
    {
        // Later passes read only what changed. A SKU that changed on one side and was never synced
        // (duplicated on a side, or new) must be looked up on the other before anything is created.
        Synced s(300, [](SyncProfile &p) { p.sync.createInShop = false; });
        QVERIFY2(s.problem.isEmpty(), qPrintable(s.problem));
        const QJsonObject divergence = s.sim.control(QStringLiteral("expected-divergence"));
        const QJsonObject dups = divergence.value(QStringLiteral("duplicateSkus")).toObject();
        const QString dupErp = dups.value(QStringLiteral("erp")).toArray().first().toString();
        const QString dupShop = dups.value(QStringLiteral("shop")).toArray().first().toString();
        const QString erpOnly = divergence.value(QStringLiteral("missingInShop")).toArray().first().toString();
        QVERIFY(!dupErp.isEmpty() && !dupShop.isEmpty() && !erpOnly.isEmpty());
        auto shopCount = [&](const QString &sku) {
            return s.sim.control(QStringLiteral("prestashop/product"), QJsonValue::Undefined, encodedSku(sku))
                .value(QStringLiteral("count"))
                .toInt();
        };
        QCOMPARE(shopCount(erpOnly), 0); // creating in the shop was off for the first sync

        // From now on, new ERP products are created in the shop.
        s.engine.reset();
        s.profile.sync.createInShop = true;
        s.engine = openEngine(s.profile, s.dir);
        QVERIFY(s.engine);
        const int shopDupCountBefore = shopCount(dupErp);
        const qint64 seq = lastSeq(s.sim);
        QVERIFY(editErp(s.sim, dupErp, {{QStringLiteral("list_price"), 55.5}}));
        QVERIFY(editShop(s.sim, dupShop, {{QStringLiteral("name"), QJsonObject{{QStringLiteral("1"), QStringLiteral("Renamed")}}}}));
        QVERIFY(editErp(s.sim, erpOnly, {{QStringLiteral("list_price"), 66.6}}));
        const auto r = syncOnce(*s.engine);
        QVERIFY2(r, qPrintable(errorOf(r)));
        QVERIFY2(r->pass.skusLookedUp >= 3, qPrintable(oneLine(*r)));

        // The duplicates are reported again and left alone: no product created, nothing written.
        QCOMPARE(shopCount(dupErp), shopDupCountBefore);
        const QJsonArray writes = writesSince(s.sim, seq);
        QVERIFY2(effectsOf(writes, dupErp).isEmpty() && effectsOf(writes, dupShop).isEmpty(), dump(writes).constData());
        bool erpDupReported = false;
        bool shopDupReported = false;
        for (const SkuIssue &issue : r->pass.issues) {
            erpDupReported |= issue.sku == dupErp && issue.kind == SkuIssue::Kind::DuplicateInErp;
            shopDupReported |= issue.sku == dupShop && issue.kind == SkuIssue::Kind::DuplicateInShop;
        }
        QVERIFY(erpDupReported && shopDupReported);

        // The ERP product the shop really lacks is created there, once, inactive, with the new price.
        QCOMPARE(r->pass.creates, 1);
        QCOMPARE(shopCount(erpOnly), 1);
        const QJsonObject created = shopProduct(s.sim, erpOnly);
        QCOMPARE(created.value(QStringLiteral("active")).toString(), QStringLiteral("0"));
        QVERIFY(sameAmount(number(created.value(QStringLiteral("price"))), 66.6));
        QVERIFY2(writes.size() == 1, dump(writes).constData());

        // Its echo is ours; nothing more happens.
        const qint64 quiet = lastSeq(s.sim);
        QVERIFY(syncOnce(*s.engine));
        QVERIFY2(writesSince(s.sim, quiet).isEmpty(), dump(writesSince(s.sim, quiet)).constData());
        QCOMPARE(shopCount(erpOnly), 1);
    }

    void afterAQuietPeriodNothingIsWrittenEitherWay()
    {
        Synced s(500);
        QVERIFY2(s.problem.isEmpty(), qPrintable(s.problem));
        // A busy morning on both sides: ERP prices, shop descriptions.
        for (const char *kind : {"erp-price", "shop-description"}) {
            const QJsonObject ran = s.sim.control(QStringLiteral("activity/run"), QJsonObject{},
                                                  QStringLiteral("kind=%1&times=25").arg(QLatin1String(kind)));
            QVERIFY2(ran.value(QStringLiteral("events")).toArray().size() == 25,
                     QJsonDocument(ran).toJson(QJsonDocument::Compact).constData());
        }
        const qint64 seq = lastSeq(s.sim);
        const auto busy = syncOnce(*s.engine);
        QVERIFY2(busy, qPrintable(errorOf(busy)));
        QVERIFY2(busy->drain.applied > 0 && busy->drain.dead == 0, qPrintable(oneLine(*busy)));
        const int written = writesSince(s.sim, seq).size();
        QVERIFY(written > 0 && written <= 50);

        // Then nobody touches anything: pass after pass, zero writes in either direction (our own
        // writes seen coming back are recognised and dropped, not sent back).
        const qint64 quiet = lastSeq(s.sim);
        qint64 echoes = 0;
        for (int pass = 0; pass < 4; ++pass) {
            const auto r = syncOnce(*s.engine);
            QVERIFY2(r, qPrintable(errorOf(r)));
            QVERIFY2(r->pass.jobsEnqueued == 0, qPrintable(oneLine(*r)));
            echoes += r->pass.echoesSuppressed;
        }
        QVERIFY2(writesSince(s.sim, quiet).isEmpty(), dump(writesSince(s.sim, quiet)).constData());
        QVERIFY2(echoes >= written, qPrintable(QStringLiteral("%1 echoes for %2 writes").arg(echoes).arg(written)));

        // The busy pass's history pages from the database, newest first, each delta once, with its
        // outcome now that its write went through.
        DeltaFilter ofBusyPass;
        ofBusyPass.passId = busy->pass.passId;
        const auto count = s.engine->store().deltaCount(ofBusyPass);
        QVERIFY(count);
        QCOMPARE(*count, busy->pass.deltas);
        QSet<qint64> seen;
        qint64 previous = std::numeric_limits<qint64>::max();
        for (int offset = 0;; offset += 7) {
            const auto page = s.engine->store().deltas(ofBusyPass, offset, 7);
            QVERIFY(page);
            if (page->isEmpty())
                break;
            for (const DeltaRecord &d : *page) {
                QVERIFY(d.id < previous);
                previous = d.id;
                QVERIFY(!seen.contains(d.id));
                seen.insert(d.id);
                QVERIFY2(d.outcome != DeltaOutcome::Queued, qPrintable(d.sku + QLatin1Char(' ') + d.field));
            }
        }
        QCOMPARE(qint64(seen.size()), *count);
        DeltaFilter applied = ofBusyPass;
        applied.outcome = DeltaOutcome::Applied;
        QCOMPARE(*s.engine->store().deltaCount(applied), qint64(written));
    }
};

QTEST_GUILESS_MAIN(TestSyncEndToEnd)
#include "tst_syncendtoend.moc"
