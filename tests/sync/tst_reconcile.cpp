// The reconciliation auditor against syncsmart-sim: with known divergence seeded on both sides,
// a run reports exactly the simulator's answer key (GET /_sim/expected-divergence) — no misses, no
// false positives although the peers write the same numbers differently ("23.900000" and 23.9) and
// the shop's texts are multilingual — each with the fix the rules imply; a cancel leaves a
// consistent partial report.
#include "tst_syncsupport.h"

#include "reconcile/auditvalue.h"
#include "reconcile/reconcilefix.h"
#include "reconcile/reconciler.h"
#include "reconcile/reconcilestore.h"
#include "sync/syncstore.h"

#include <QLoggingCategory>
#include <QSignalSpy>
#include <QTest>

using namespace syncsmart;
using namespace syncsmart::testing;

namespace {

Result<ReconcileReport> reconcile(Reconciler &auditor, int timeoutMs = 300'000)
{
    return awaitResult<ReconcileReport>([&](auto done) { auditor.run(std::move(done)); }, timeoutMs);
}

QSet<QString> keysOf(const ReconcileReport &r, DiffKind kind)
{
    QSet<QString> keys;
    for (const ReconcileDiff &d : r.diffs) {
        if (d.kind == kind)
            keys.insert(kind == DiffKind::FieldMismatch ? d.sku + QLatin1Char('/') + d.field : d.sku);
    }
    return keys;
}

QSet<QString> skus(const QJsonArray &array)
{
    QSet<QString> out;
    for (const QJsonValue &v : array)
        out.insert(v.isObject() ? v.toObject().value(QStringLiteral("sku")).toString() : v.toString());
    return out;
}

QString listed(const QSet<QString> &set)
{
    QStringList l(set.cbegin(), set.cend());
    l.sort();
    return l.mid(0, 12).join(QStringLiteral(", ")) + (l.size() > 12 ? QStringLiteral(" …") : QString());
}

// Equal sets, or a message naming what was missed and what was made up.
QString compareSets(const char *what, const QSet<QString> &found, const QSet<QString> &expected)
{
    if (found == expected)
        return {};
    return QStringLiteral("%1: missed [%2], not expected [%3]")
        .arg(QLatin1String(what), listed(expected - found), listed(found - expected));
}

// A simulator and an engine on it (the auditor borrows the engine's connectors).
struct Peers
{
    SimProcess sim;
    QTemporaryDir dir;
    SyncProfile profile;
    std::unique_ptr<SyncEngine> engine;
    SystemClock clock;
    QString problem;

    Peers(int products, const QStringList &args = {})
    {
        problem = sim.start(products, args);
        if (!problem.isEmpty())
            return;
        profile = makeProfile(sim);
        engine = openEngine(profile, dir);
        if (!engine)
            problem = QStringLiteral("the engine did not open");
    }
    std::unique_ptr<Reconciler> auditor(const ReconcileOptions &options = {})
    {
        return std::make_unique<Reconciler>(profile, engine->shop(), engine->erp(), clock, options);
    }
};

} // namespace

class TestReconcile : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QLoggingCategory::setFilterRules(QStringLiteral("core.*.info=false"));
    }

    void equalValuesCompareEqual()
    {
        // Numbers whatever their type and precision.
        QCOMPARE(auditText(QStringLiteral("price"), QStringLiteral("23.900000"), QStringLiteral("1")),
                 auditText(QStringLiteral("price"), 23.9, QStringLiteral("1")));
        QCOMPARE(auditText(QStringLiteral("weight"), QStringLiteral("0.500"), QStringLiteral("1")), QStringLiteral("0.5"));
        QVERIFY(auditText(QStringLiteral("price"), 23.9, {}) != auditText(QStringLiteral("price"), 23.91, {}));
        // The profile's language of a multilingual value.
        const QVariantMap name{{QStringLiteral("1"), QStringLiteral("Mug")}, {QStringLiteral("2"), QStringLiteral("Tasse")}};
        QCOMPARE(auditText(QStringLiteral("name"), name, QStringLiteral("1")), QStringLiteral("Mug"));
        QCOMPARE(auditText(QStringLiteral("name"), name, QStringLiteral("2")), QStringLiteral("Tasse"));
        // HTML: entities, non-breaking spaces, whitespace between and inside tags.
        QCOMPARE(auditText(QStringLiteral("description"), QStringLiteral("<p>Caf&eacute; &amp; t&#233;</p>\n  <p>100&nbsp;%</p>"), {}),
                 auditText(QStringLiteral("description"), QStringLiteral("<p>Café & té</p><p>100 %</p>"), {}));
        QCOMPARE(auditText(QStringLiteral("name"), QStringLiteral("  Eco   mug \n"), {}), QStringLiteral("Eco mug"));
        QVERIFY(auditText(QStringLiteral("name"), QStringLiteral("Eco mug"), {}) != auditText(QStringLiteral("name"), QStringLiteral("Eco mugs"), {}));
        QCOMPARE(decodeHtmlEntities(QStringLiteral("&euro;&#x20AC;&unknown; & x")), QStringLiteral("€€&unknown; & x"));
    }

    void aRunReportsExactlyTheSeededDivergence()
    {
        QStringList args = divergentCatalogArgs();
        args << QStringLiteral("--stock-mismatch") << QStringLiteral("0.04");
        Peers peers(3000, args);
        QVERIFY2(peers.problem.isEmpty(), qPrintable(peers.problem));
        SimProcess &sim = peers.sim;
        const SyncProfile &profile = peers.profile;
        auto auditor = peers.auditor();
        QSignalSpy progress(auditor.get(), &Reconciler::progress);
        const auto report = reconcile(*auditor);
        QVERIFY2(report, qPrintable(errorOf(report)));
        QVERIFY(!report->cancelled);
        QVERIFY(!progress.isEmpty());
        const auto last = progress.last().first().value<ReconcileProgress>();
        QCOMPARE(last.phase, QStringLiteral("done"));

        const QJsonObject expected = sim.control(QStringLiteral("expected-divergence"));
        QSet<QString> expectedFields;
        for (const QJsonValue &v : expected.value(QStringLiteral("fieldMismatches")).toArray()) {
            const QJsonObject o = v.toObject();
            expectedFields.insert(o.value(QStringLiteral("sku")).toString() + QLatin1Char('/') + o.value(QStringLiteral("field")).toString());
        }
        const QJsonObject duplicates = expected.value(QStringLiteral("duplicateSkus")).toObject();
        QStringList problems;
        for (const QString &p : {
                 compareSets("missing in shop", keysOf(*report, DiffKind::MissingInShop), skus(expected.value(QStringLiteral("missingInShop")).toArray())),
                 compareSets("missing in ERP", keysOf(*report, DiffKind::MissingInErp), skus(expected.value(QStringLiteral("missingInErp")).toArray())),
                 compareSets("field mismatches", keysOf(*report, DiffKind::FieldMismatch), expectedFields),
                 compareSets("stock mismatches", keysOf(*report, DiffKind::StockMismatch), skus(expected.value(QStringLiteral("stockMismatches")).toArray())),
                 compareSets("duplicates in shop", keysOf(*report, DiffKind::DuplicateInShop), skus(duplicates.value(QStringLiteral("shop")).toArray())),
                 compareSets("duplicates in ERP", keysOf(*report, DiffKind::DuplicateInErp), skus(duplicates.value(QStringLiteral("erp")).toArray())),
             }) {
            if (!p.isEmpty())
                problems << p;
        }
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
        QVERIFY(report->count(DiffKind::FieldMismatch) > 50 && report->count(DiffKind::StockMismatch) > 50);
        QCOMPARE(report->erpProducts + report->shopProducts > 5000, true);

        // Each difference says what a fix does, with both values, by the rules of the profile.
        for (const ReconcileDiff &d : report->diffs) {
            QVERIFY2(!d.fix.isEmpty(), qPrintable(d.sku));
            switch (d.kind) {
            case DiffKind::FieldMismatch: {
                const QJsonObject seeded = [&] {
                    for (const QJsonValue &v : expected.value(QStringLiteral("fieldMismatches")).toArray())
                        if (v.toObject().value(QStringLiteral("sku")).toString() == d.sku)
                            return v.toObject();
                    return QJsonObject();
                }();
                QCOMPARE(d.shopValue, auditText(d.field, seeded.value(QStringLiteral("shop")).toVariant(), QStringLiteral("1")));
                QCOMPARE(d.erpValue, auditText(d.field, seeded.value(QStringLiteral("erp")).toVariant(), QStringLiteral("1")));
                const FieldRule rule = profile.fields.rule(d.field);
                QCOMPARE(d.rule, toString(rule));
                if (rule == FieldRule::Erp)
                    QVERIFY2(d.writeTo == Side::Shop, qPrintable(d.fix));
                if (rule == FieldRule::Shop)
                    QVERIFY2(d.writeTo == Side::Erp, qPrintable(d.fix));
                break;
            }
            case DiffKind::StockMismatch:
                QVERIFY(d.writeTo == Side::Shop);
                QVERIFY2(d.fix.contains(d.erpValue), qPrintable(d.fix));
                break;
            case DiffKind::MissingInShop:
                QVERIFY(d.writeTo == Side::Shop); // created in the shop by default
                break;
            case DiffKind::MissingInErp:
                QVERIFY2(d.needsPerson() && d.fix.contains(QStringLiteral("a person")), qPrintable(d.fix)); // create_in_erp is off
                break;
            case DiffKind::DuplicateInShop:
                QVERIFY(d.needsPerson() && d.shopIds.size() >= 2);
                break;
            case DiffKind::DuplicateInErp:
                QVERIFY(d.needsPerson() && d.erpIds.size() >= 2);
                break;
            }
        }
    }

    void descriptionsAndFormattingAreJudgedLikeAPersonWould()
    {
        Peers peers(300); // both sides agree
        QVERIFY2(peers.problem.isEmpty(), qPrintable(peers.problem));
        SimProcess &sim = peers.sim;
        const QStringList plain = plainSkus(sim, 3, 10);
        // A real edit of the compared language; an edit of another language; the same name typed
        // with extra and non-breaking spaces (PrestaShop refuses ';' in names, so no entity there).
        QVERIFY(editShop(sim, plain[0], {{QStringLiteral("description"), QJsonObject{{QStringLiteral("1"), QStringLiteral("<p>Changed &amp; new</p>")}}}}));
        QVERIFY(editShop(sim, plain[1], {{QStringLiteral("description"), QJsonObject{{QStringLiteral("2"), QStringLiteral("<p>Nouveau</p>")}}}}));
        const QString erpName = erpProduct(sim, plain[2]).value(QStringLiteral("name")).toString();
        QString spaced = erpName;
        spaced.replace(QLatin1Char(' '), QStringLiteral("  ") + QChar(0x00A0));
        QVERIFY(editShop(sim, plain[2], {{QStringLiteral("name"), QJsonObject{{QStringLiteral("1"), QStringLiteral(" ") + spaced}}}}));

        auto auditor = peers.auditor();
        const auto report = reconcile(*auditor);
        QVERIFY2(report, qPrintable(errorOf(report)));
        QCOMPARE(report->diffs.size(), 1);
        const ReconcileDiff &d = report->diffs.first();
        QVERIFY(d.kind == DiffKind::FieldMismatch);
        QCOMPARE(d.sku, plain[0]);
        QCOMPARE(d.field, QStringLiteral("description"));
        QCOMPARE(d.shopValue, QStringLiteral("<p>Changed & new</p>"));
        // The ERP's text was read back for the report (only its fingerprint was held in memory).
        const QString erpText = erpProduct(sim, plain[0]).value(QStringLiteral("description_sale")).toString();
        QVERIFY2(!d.erpValue.isEmpty() && erpText.startsWith(d.erpValue.left(20)), qPrintable(d.erpValue + QStringLiteral(" / ") + erpText.left(60)));
        QVERIFY(d.writeTo == Side::Erp); // the shop owns descriptions
    }

    void appliedFixesLeaveOnlyWhatAPersonMustDo()
    {
        QStringList args = divergentCatalogArgs();
        args << QStringLiteral("--stock-mismatch") << QStringLiteral("0.04");
        Peers peers(1500, args);
        QVERIFY2(peers.problem.isEmpty(), qPrintable(peers.problem));
        SyncEngine &engine = *peers.engine;
        ReconcileStore store(engine.store().database());

        // A run, stored with all its differences.
        auto runId = store.beginRun(peers.clock.nowMs(), QStringLiteral("test"), ReconcileOptions::defaultFields());
        QVERIFY2(runId, qPrintable(errorOf(runId)));
        auto auditor = peers.auditor();
        const auto report = reconcile(*auditor);
        QVERIFY2(report, qPrintable(errorOf(report)));
        QVERIFY2(store.finishRun(*runId, *report), "stored");
        const auto run = store.run(*runId);
        QVERIFY(run && run->state == ReconcileRun::State::Done && run->diffs == report->diffs.size());
        auto stored = store.diffs(*runId, {}, 0, 100'000);
        QVERIFY(stored && stored->size() == report->diffs.size());
        DiffFilter fields;
        fields.kind = DiffKind::FieldMismatch;
        QCOMPARE(*store.diffCount(*runId, fields), report->count(DiffKind::FieldMismatch));

        // The preview says what would be written, and writes nothing.
        const qint64 beforePreview = lastSeq(peers.sim);
        const FixPlan plan = planFixes(*stored);
        QVERIFY(plan.applicable() > 0);
        QVERIFY(!plan.left.isEmpty()); // duplicates and shop-only SKUs wait for a person
        QVERIFY(!plan.stock.isEmpty());
        for (const PlannedWrite &w : plan.writes)
            QVERIFY(!describeWrite(w).isEmpty());
        QVERIFY(writesSince(peers.sim, beforePreview).isEmpty());

        // Applied through the queue, then the sync that follows.
        const auto jobs = applyFixes(plan, *runId, engine, store, peers.clock.nowMs(), QStringLiteral("test"));
        QVERIFY2(jobs, qPrintable(errorOf(jobs)));
        QCOMPARE(jobs->size(), plan.writes.size() + plan.stock.size());
        const auto drained = drain(engine);
        QVERIFY2(drained && drained->dead == 0, qPrintable(errorOf(drained)));
        const auto synced = syncOnce(engine);
        QVERIFY2(synced, qPrintable(errorOf(synced)));
        auto marked = store.diffs(*runId, {}, 0, 100'000);
        int applied = 0;
        for (const StoredDiff &s : *marked)
            applied += s.jobId != 0 ? 1 : 0;
        QCOMPARE(applied, plan.applicable());
        // Applying the same run again queues nothing twice.
        QCOMPARE(planFixes(*marked).writes.size(), 0);

        // A new run: only what the rules leave to a person.
        auto again = peers.auditor();
        const auto after = reconcile(*again);
        QVERIFY2(after, qPrintable(errorOf(after)));
        QStringList unexpected;
        for (const ReconcileDiff &d : after->diffs) {
            const bool duplicated = d.shopIds.size() > 1 || d.erpIds.size() > 1;
            if (!d.needsPerson() && !duplicated)
                unexpected << QStringLiteral("%1 %2 %3: %4").arg(d.sku, toString(d.kind), d.field, d.fix);
        }
        QVERIFY2(unexpected.isEmpty(), qPrintable(unexpected.mid(0, 10).join(QLatin1Char('\n'))));
        QCOMPARE(after->count(DiffKind::MissingInShop), 0);
        QCOMPARE(after->count(DiffKind::MissingInErp), report->count(DiffKind::MissingInErp));
        QVERIFY(after->diffs.size() < report->diffs.size() / 3);
    }

    void aCancelledRunIsPartialButConsistent()
    {
        Peers peers(20000, divergentCatalogArgs());
        QVERIFY2(peers.problem.isEmpty(), qPrintable(peers.problem));
        SimProcess &sim = peers.sim;
        ReconcileOptions options;
        options.pageSize = 200;
        auto auditor = peers.auditor(options);
        // Cancelled while the shop catalog is being compared.
        connect(auditor.get(), &Reconciler::progress, auditor.get(), [&](const ReconcileProgress &p) {
            if (p.compared > 2000)
                auditor->cancel();
        });
        const auto report = reconcile(*auditor);
        QVERIFY2(report, qPrintable(errorOf(report)));
        QVERIFY(report->cancelled);
        QVERIFY(report->compared > 2000 && report->compared < 19000);
        // Nothing is judged missing from a catalog that was not read to the end; what was found is real.
        QCOMPARE(report->count(DiffKind::MissingInShop), 0);
        QCOMPARE(report->count(DiffKind::MissingInErp), 0);
        QSet<QString> expectedFields;
        for (const QJsonValue &v : sim.control(QStringLiteral("expected-divergence")).value(QStringLiteral("fieldMismatches")).toArray())
            expectedFields.insert(v.toObject().value(QStringLiteral("sku")).toString() + QLatin1Char('/') +
                                  v.toObject().value(QStringLiteral("field")).toString());
        const QSet<QString> found = keysOf(*report, DiffKind::FieldMismatch);
        QVERIFY(!found.isEmpty());
        QVERIFY2((found - expectedFields).isEmpty(), qPrintable(listed(found - expectedFields)));
    }
};

QTEST_MAIN(TestReconcile)
#include "tst_reconcile.moc"
