// The per-SKU planner (diff vs shadow, echoes, field rules, planned writes) and canonical values,
// without any network: each case is one situation an operator would recognise.
#include "common/fingerprint.h"
#include "sync/canonical.h"
#include "sync/productplanner.h"

#include <QTest>

using namespace syncsmart;

namespace {

const QDateTime kT0 = QDateTime(QDate(2026, 12, 1), QTime(10, 0), Qt::UTC);

SideRecord rec(Side side, const QString &id, QHash<QString, QString> values, QDateTime at = kT0)
{
    SideRecord r;
    r.side = side;
    r.sku = QStringLiteral("SKU-1");
    r.peerId = id;
    r.updatedAt = at;
    r.values = std::move(values);
    return r;
}

SideShadow shadowOf(const SideRecord &r)
{
    SideShadow s;
    s.peerId = r.peerId;
    s.updatedMs = r.updatedAt.toMSecsSinceEpoch();
    for (auto it = r.values.begin(); it != r.values.end(); ++it) {
        FieldShadow f;
        f.fingerprint = fingerprint(it.value());
        f.valueKept = !FieldPolicy::isHeavy(it.key());
        if (f.valueKept)
            f.value = it.value();
        s.fields.insert(it.key(), f);
    }
    return s;
}

const QHash<QString, QString> kAgreed{{QStringLiteral("name"), QStringLiteral("Mug")},
                                      {QStringLiteral("description"), QStringLiteral("<p>Blue mug</p>")},
                                      {QStringLiteral("price"), QStringLiteral("12.5")},
                                      {QStringLiteral("active"), QStringLiteral("1")}};

PlanSettings settings()
{
    PlanSettings s;
    s.policy = FieldPolicy::defaults();
    s.fields = {QStringLiteral("name"), QStringLiteral("description"), QStringLiteral("price"), QStringLiteral("active")};
    s.sync.clockSkewToleranceS = 2;
    s.nowMs = kT0.toMSecsSinceEpoch();
    s.passId = 7;
    return s;
}

ProductShadow agreedShadow()
{
    ProductShadow p;
    p.sku = QStringLiteral("SKU-1");
    p.shop = shadowOf(rec(Side::Shop, QStringLiteral("10"), kAgreed));
    p.erp = shadowOf(rec(Side::Erp, QStringLiteral("20"), kAgreed));
    return p;
}

ProductPlan plan(const QVector<SideRecord> &shop, const QVector<SideRecord> &erp, const ProductShadow *shadow,
                 const PlanSettings &s = settings(), const QHash<QString, quint64> &ledger = {},
                 const QSet<QString> &open = {})
{
    return planProduct(QStringLiteral("SKU-1"), shop, erp, shadow, ledger, open, s);
}

const PlannedWrite *writeTo(const ProductPlan &p, Side side)
{
    for (const PlannedWrite &w : p.writes) {
        if (w.target == side)
            return &w;
    }
    return nullptr;
}

QHash<QString, QString> with(QHash<QString, QString> values, const QString &field, const QString &value)
{
    values.insert(field, value);
    return values;
}

} // namespace

class TestSyncPlanner : public QObject
{
    Q_OBJECT

private slots:
    void canonicalValuesCompareAcrossPeers()
    {
        QCOMPARE(canonicalText(QStringLiteral("price"), QStringLiteral("23.900000"), {}),
                 canonicalText(QStringLiteral("price"), 23.9, {}));
        QCOMPARE(canonicalText(QStringLiteral("price"), 12.0, {}), QStringLiteral("12"));
        QCOMPARE(canonicalText(QStringLiteral("active"), QStringLiteral("1"), {}),
                 canonicalText(QStringLiteral("active"), true, {}));
        QVariantMap names{{QStringLiteral("1"), QStringLiteral("Mug ")}, {QStringLiteral("2"), QStringLiteral("Tasse")}};
        QCOMPARE(canonicalText(QStringLiteral("name"), names, QStringLiteral("1")), QStringLiteral("Mug"));
        QCOMPARE(canonicalText(QStringLiteral("name"), names, QStringLiteral("2")), QStringLiteral("Tasse"));
        // Odoo answers false for an empty text: it equals the shop's empty string.
        QCOMPARE(canonicalText(QStringLiteral("ean13"), false, {}), canonicalText(QStringLiteral("ean13"), QString(), {}));
    }

    void firstSyncAlignsByOwnerWithoutConflicts()
    {
        const auto shop = rec(Side::Shop, QStringLiteral("10"), with(kAgreed, QStringLiteral("price"), QStringLiteral("11")));
        const auto erp = rec(Side::Erp, QStringLiteral("20"),
                             with(kAgreed, QStringLiteral("description"), QStringLiteral("<p>old</p>")));
        const ProductPlan p = plan({shop}, {erp}, nullptr);
        QVERIFY(p.conflicts.isEmpty());
        const PlannedWrite *toShop = writeTo(p, Side::Shop);
        const PlannedWrite *toErp = writeTo(p, Side::Erp);
        QVERIFY(toShop && toErp);
        QCOMPARE(toShop->values, (QMap<QString, QString>{{QStringLiteral("price"), QStringLiteral("12.5")}}));
        QCOMPARE(toShop->peerId, QStringLiteral("10"));
        QCOMPARE(toErp->values, (QMap<QString, QString>{{QStringLiteral("description"), QStringLiteral("<p>Blue mug</p>")}}));
        QCOMPARE(p.converged, 2); // name and active agree
        QCOMPARE(p.shadow.shop.peerId, QStringLiteral("10"));
        QVERIFY(!p.shadow.shop.fields.value(QStringLiteral("description")).valueKept); // heavy: fingerprint only
    }

    void erpPriceChangeTravelsToTheShop()
    {
        const ProductShadow shadow = agreedShadow();
        const auto erp = rec(Side::Erp, QStringLiteral("20"), with(kAgreed, QStringLiteral("price"), QStringLiteral("13")));
        const ProductPlan p = plan({}, {erp}, &shadow);
        QVERIFY(p.conflicts.isEmpty());
        QCOMPARE(p.writes.size(), 1);
        QCOMPARE(writeTo(p, Side::Shop)->values.value(QStringLiteral("price")), QStringLiteral("13"));
        QCOMPARE(p.deltas.size(), 1);
        QVERIFY(p.deltas.first().outcome == DeltaOutcome::Queued);
        QCOMPARE(p.deltas.first().oldValue, QStringLiteral("12.5"));
    }

    void shopEditOfErpOwnedFieldIsReverted()
    {
        const ProductShadow shadow = agreedShadow();
        const auto shop = rec(Side::Shop, QStringLiteral("10"), with(kAgreed, QStringLiteral("price"), QStringLiteral("9.99")));
        const ProductPlan p = plan({shop}, {}, &shadow);
        QCOMPARE(p.conflicts.size(), 1);
        const ConflictRecord &c = p.conflicts.first();
        QVERIFY(c.resolution == ConflictResolution::Ownership);
        QVERIFY(c.winner == Side::Erp);
        QCOMPARE(c.shopValue.toString(), QStringLiteral("9.99"));
        QCOMPARE(c.erpValue.toString(), QStringLiteral("12.5"));
        QCOMPARE(writeTo(p, Side::Shop)->values.value(QStringLiteral("price")), QStringLiteral("12.5"));
        QVERIFY(!writeTo(p, Side::Erp));
    }

    void erpEditOfShopOwnedHeavyFieldCopiesTheShopValue()
    {
        const ProductShadow shadow = agreedShadow();
        const auto erp = rec(Side::Erp, QStringLiteral("20"),
                             with(kAgreed, QStringLiteral("description"), QStringLiteral("<p>typed in the ERP</p>")));
        const ProductPlan p = plan({}, {erp}, &shadow);
        const PlannedWrite *w = writeTo(p, Side::Erp);
        QVERIFY(w);
        QCOMPARE(w->fetchFirst, QStringList{QStringLiteral("description")}); // the shadow keeps no heavy value
        QVERIFY(p.conflicts.first().resolution == ConflictResolution::Ownership);
    }

    void ourOwnEchoIsDroppedAndCounted()
    {
        const ProductShadow shadow = agreedShadow();
        const auto shop = rec(Side::Shop, QStringLiteral("10"), with(kAgreed, QStringLiteral("price"), QStringLiteral("13")));
        QHash<QString, quint64> ledger{{OriginLedger::key(QStringLiteral("SKU-1"), Side::Shop, QStringLiteral("price")),
                                        fingerprint(QStringLiteral("13"))}};
        ProductShadow erpMoved = shadow;
        erpMoved.erp = shadowOf(rec(Side::Erp, QStringLiteral("20"), with(kAgreed, QStringLiteral("price"), QStringLiteral("13"))));
        const ProductPlan p = plan({shop}, {}, &erpMoved, settings(), ledger);
        QVERIFY(p.writes.isEmpty());
        QVERIFY(p.conflicts.isEmpty());
        QCOMPARE(p.echoes.size(), 1);
        QVERIFY(p.deltas.first().outcome == DeltaOutcome::EchoSuppressed);
        QCOMPARE(p.shadow.shop.fields.value(QStringLiteral("price")).value, QStringLiteral("13"));
    }

    void newestWinsByUtcInstant()
    {
        PlanSettings s = settings();
        s.policy.setRule(QStringLiteral("name"), FieldRule::Newest);
        const ProductShadow shadow = agreedShadow();
        const auto shop = rec(Side::Shop, QStringLiteral("10"), with(kAgreed, QStringLiteral("name"), QStringLiteral("Shop mug")),
                              kT0.addSecs(60));
        const auto erp = rec(Side::Erp, QStringLiteral("20"), with(kAgreed, QStringLiteral("name"), QStringLiteral("ERP mug")),
                             kT0.addSecs(30));
        const ProductPlan p = plan({shop}, {erp}, &shadow, s);
        QCOMPARE(writeTo(p, Side::Erp)->values.value(QStringLiteral("name")), QStringLiteral("Shop mug"));
        QVERIFY(!writeTo(p, Side::Shop));
        QVERIFY(p.conflicts.first().resolution == ConflictResolution::Newest);
        QVERIFY(p.conflicts.first().winner == Side::Shop);
    }

    void newestWithinToleranceWaitsForAnOperator()
    {
        PlanSettings s = settings();
        s.policy.setRule(QStringLiteral("name"), FieldRule::Newest);
        const ProductShadow shadow = agreedShadow();
        const auto shop = rec(Side::Shop, QStringLiteral("10"), with(kAgreed, QStringLiteral("name"), QStringLiteral("Shop mug")),
                              kT0.addSecs(61));
        const auto erp = rec(Side::Erp, QStringLiteral("20"), with(kAgreed, QStringLiteral("name"), QStringLiteral("ERP mug")),
                             kT0.addSecs(60));
        const ProductPlan p = plan({shop}, {erp}, &shadow, s);
        QVERIFY(p.writes.isEmpty());
        QCOMPARE(p.conflicts.size(), 1);
        QVERIFY(p.conflicts.first().isOpen());
        QCOMPARE(p.conflicts.first().shopValue.toString(), QStringLiteral("Shop mug"));
        QCOMPARE(p.conflicts.first().erpValue.toString(), QStringLiteral("ERP mug"));
    }

    void anOpenConflictHoldsLaterChanges()
    {
        const ProductShadow shadow = agreedShadow();
        const auto erp = rec(Side::Erp, QStringLiteral("20"), with(kAgreed, QStringLiteral("price"), QStringLiteral("14")));
        const ProductPlan p = plan({}, {erp}, &shadow, settings(), {}, {QStringLiteral("price")});
        QVERIFY(p.writes.isEmpty());
        QVERIFY(p.conflicts.first().isOpen());
    }

    void manualFieldNeverMovesOnItsOwn()
    {
        PlanSettings s = settings();
        s.policy.setRule(QStringLiteral("price"), FieldRule::Manual);
        const ProductShadow shadow = agreedShadow();
        const auto erp = rec(Side::Erp, QStringLiteral("20"), with(kAgreed, QStringLiteral("price"), QStringLiteral("14")));
        const ProductPlan p = plan({}, {erp}, &shadow, s);
        QVERIFY(p.writes.isEmpty());
        QVERIFY(p.conflicts.first().isOpen());
    }

    void duplicateSkuIsReportedNotSynced()
    {
        const auto a = rec(Side::Shop, QStringLiteral("10"), kAgreed);
        const auto b = rec(Side::Shop, QStringLiteral("11"), with(kAgreed, QStringLiteral("price"), QStringLiteral("1")));
        const auto erp = rec(Side::Erp, QStringLiteral("20"), kAgreed);
        const ProductPlan p = plan({a, b}, {erp}, nullptr);
        QVERIFY(p.skipped);
        QVERIFY(p.writes.isEmpty());
        QCOMPARE(p.issues.size(), 1);
        QVERIFY(p.issues.first().kind == SkuIssue::Kind::DuplicateInShop);
        QVERIFY(p.issues.first().advice.contains(QStringLiteral("10, 11")));
        // A second product taking a linked SKU later is a duplicate too.
        const ProductShadow shadow = agreedShadow();
        const ProductPlan later = plan({b}, {}, &shadow);
        QVERIFY(later.skipped);
    }

    void newErpSkuIsCreatedInactiveInTheShop()
    {
        const auto erp = rec(Side::Erp, QStringLiteral("20"), kAgreed);
        const ProductPlan p = plan({}, {erp}, nullptr);
        const PlannedWrite *w = writeTo(p, Side::Shop);
        QVERIFY(w && w->create);
        QCOMPARE(w->values.value(QStringLiteral("active")), QStringLiteral("0"));
        QCOMPARE(w->values.value(QStringLiteral("price")), QStringLiteral("12.5"));
        PlanSettings off = settings();
        off.sync.createInShop = false;
        QVERIFY(plan({}, {erp}, nullptr, off).writes.isEmpty());
    }

    void shopOnlySkuIsReportedUnlessEnabled()
    {
        const auto shop = rec(Side::Shop, QStringLiteral("10"), kAgreed);
        const ProductPlan p = plan({shop}, {}, nullptr);
        QVERIFY(p.writes.isEmpty());
        QVERIFY(p.issues.first().kind == SkuIssue::Kind::ShopOnly);
        QVERIFY(p.issues.first().advice.contains(QStringLiteral("create_in_erp")));
        PlanSettings on = settings();
        on.sync.createInErp = true;
        const ProductPlan created = plan({shop}, {}, nullptr, on);
        QVERIFY(writeTo(created, Side::Erp) && writeTo(created, Side::Erp)->create);
    }

    void unchangedRecordPlansNothing()
    {
        const ProductShadow shadow = agreedShadow();
        const ProductPlan p = plan({rec(Side::Shop, QStringLiteral("10"), kAgreed)},
                                   {rec(Side::Erp, QStringLiteral("20"), kAgreed)}, &shadow);
        QVERIFY(p.writes.isEmpty());
        QVERIFY(p.deltas.isEmpty());
        QVERIFY(p.conflicts.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestSyncPlanner)
#include "tst_syncplanner.moc"
