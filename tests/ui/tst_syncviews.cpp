// Live deltas and Conflicts on a real sync: SyncService on its thread against syncsmart-sim over
// loopback, the views fed by its events and history, and an operator's decision taken in the
// Conflicts view checked where it matters — in the simulator's records and effect log.
#include "autoprompt.h"
#include "tst_syncsupport.h"

#include "messagebar.h"
#include "sync/conflictmodel.h"
#include "sync/conflictsview.h"
#include "sync/deltamodel.h"
#include "sync/deltaproxy.h"
#include "sync/livedeltasview.h"
#include "sync/syncservice.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QLineEdit>
#include <QLoggingCategory>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QtTest>

using namespace syncsmart;
using namespace syncsmart::testing;

namespace {

const QString kOperator = QStringLiteral("console:ana");

// A simulator, a profile (name resolved by `newest`, so simultaneous edits are ties) and a service
// that has done its first sync.
struct Running
{
    SimProcess sim;
    QTemporaryDir dir;
    SyncProfile profile;
    std::unique_ptr<SyncService> service;
    QString problem;

    // args: the simulator's catalog options (none: both sides agree from the start).
    explicit Running(int products, const QStringList &args = {})
    {
        problem = sim.start(products, args);
        if (!problem.isEmpty())
            return;
        profile = makeProfile(sim);
        profile.fields.setRule(QStringLiteral("name"), FieldRule::Newest);
        service = std::make_unique<SyncService>(profile, dir.filePath(QStringLiteral("profile.db")),
                                                std::make_shared<SystemClock>());
        if (!syncAndWait())
            problem = QStringLiteral("the first sync did not finish");
    }

    bool syncAndWait(int timeoutMs = 120'000)
    {
        QSignalSpy finished(service.get(), &SyncService::passFinished);
        service->syncNow();
        return finished.wait(timeoutMs);
    }
};

QString shopName(SimProcess &sim, const QString &sku)
{
    return shopProduct(sim, sku).value(QStringLiteral("name")).toObject().value(QStringLiteral("1")).toString();
}

QString erpName(SimProcess &sim, const QString &sku)
{
    return erpProduct(sim, sku).value(QStringLiteral("name")).toString();
}

bool selectSku(ConflictsView &view, const QString &sku)
{
    ConflictModel *model = view.model();
    for (int row = 0; row < model->rowCount(); ++row) {
        if (model->conflict(row).sku == sku)
            return view.selectConflict(model->conflict(row).id);
    }
    return false;
}

} // namespace

class TestSyncViews : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        registerSyncMetaTypes();
        QLoggingCategory::setFilterRules(QStringLiteral("core.*.info=false"));
    }

    void anOperatorsDecisionInTheViewReachesBothSides()
    {
        Running r(200);
        QVERIFY2(r.problem.isEmpty(), qPrintable(r.problem));
        auto prompt = std::make_shared<AutoPrompt>();
        ConflictsView view(prompt);
        QAbstractItemModelTester tester(view.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester proxyTester(view.proxy(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        view.setService(r.service.get(), kOperator);
        view.resize(1200, 700);
        view.show();
        QTRY_VERIFY(!view.isLoading());
        QCOMPARE(view.model()->openCount(), 0);

        // Both sides rename three products at the same moment: ties, which the rules leave to a person.
        const QStringList skus = plainSkus(r.sim, 3, 40);
        for (const QString &sku : skus) {
            QVERIFY(editShop(r.sim, sku, {{QStringLiteral("name"), QJsonObject{{QStringLiteral("1"), QStringLiteral("Shop says ") + sku}}}}));
            QVERIFY(editErp(r.sim, sku, {{QStringLiteral("name"), QStringLiteral("ERP says ") + sku}}));
        }
        QVERIFY(r.syncAndWait());
        QTRY_COMPARE(view.model()->openCount(), 3); // streamed in by the pass's events
        QTRY_VERIFY(view.countText().startsWith(QStringLiteral("3 waiting")));
        QVERIFY(!view.takeShopButton()->isEnabled()); // nothing selected yet

        // Take the shop's name for the first: written to the ERP, and only there.
        const qint64 beforeShop = lastSeq(r.sim);
        QVERIFY(selectSku(view, skus[0]));
        QVERIFY(view.takeShopButton()->isEnabled());
        QTest::mouseClick(view.takeShopButton(), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(erpName(r.sim, skus[0]), QStringLiteral("Shop says ") + skus[0], 30'000);
        QCOMPARE(shopName(r.sim, skus[0]), QStringLiteral("Shop says ") + skus[0]);
        QTRY_COMPARE(view.pendingDecisions(), 0);
        QVERIFY(prompt->confirmTexts.isEmpty()); // one conflict: no confirmation asked
        const QJsonArray shopWrites = effectsOf(effects(r.sim, kShopPeer, QStringLiteral("api"), beforeShop), skus[0]);
        QVERIFY2(shopWrites.isEmpty(), dump(shopWrites).constData());
        const QJsonArray erpWrites = effectsOf(effects(r.sim, kErpPeer, QStringLiteral("api"), beforeShop), skus[0]);
        QVERIFY2(erpWrites.size() == 1, dump(erpWrites).constData());

        // The row stays, now saying who decided and what won.
        QTRY_COMPARE(view.model()->openCount(), 2);
        bool found = false;
        for (int i = 0; i < view.model()->rowCount(); ++i) {
            const ConflictRecord &c = view.model()->conflict(i);
            if (c.sku != skus[0])
                continue;
            found = true;
            QVERIFY(c.resolution == ConflictResolution::Operator);
            QCOMPARE(c.decidedBy, kOperator);
            QCOMPARE(view.model()->data(view.model()->index(i, ConflictModel::DecidedBy)).toString(), kOperator);
            QCOMPARE(view.model()->data(view.model()->index(i, ConflictModel::Winner)).toString(), QStringLiteral("Shop"));
        }
        QVERIFY(found);
        QVERIFY(view.countText().startsWith(QStringLiteral("2 waiting")));

        // A typed value the rules refuse (a product needs a name): the view says why, nothing is written.
        const qint64 beforeBad = lastSeq(r.sim);
        QVERIFY(selectSku(view, skus[1]));
        prompt->valueAnswer = QString();
        QTest::mouseClick(view.editValueButton(), Qt::LeftButton);
        QTRY_COMPARE(view.pendingDecisions(), 0);
        QVERIFY2(view.messageBar()->text().contains(QStringLiteral("needs a name")), qPrintable(view.messageBar()->text()));
        QCOMPARE(view.model()->openCount(), 2);
        QTest::qWait(300);
        QVERIFY2(writesSince(r.sim, beforeBad).isEmpty(), dump(writesSince(r.sim, beforeBad)).constData());

        // The two left, selected together: one typed value, confirmed once, written to both sides of each.
        view.table()->selectAll();
        prompt->valueAnswer = QStringLiteral("Agreed name");
        QTest::mouseClick(view.editValueButton(), Qt::LeftButton);
        QCOMPARE(prompt->confirmTexts.size(), 1);
        QVERIFY2(prompt->confirmTexts.first().contains(QStringLiteral("2 conflicts")), qPrintable(prompt->confirmTexts.first()));
        for (const QString &sku : {skus[1], skus[2]}) {
            QTRY_COMPARE_WITH_TIMEOUT(shopName(r.sim, sku), QStringLiteral("Agreed name"), 30'000);
            QTRY_COMPARE_WITH_TIMEOUT(erpName(r.sim, sku), QStringLiteral("Agreed name"), 30'000);
        }
        QTRY_COMPARE(view.model()->openCount(), 0);
        QVERIFY2(view.outcomeText().contains(QStringLiteral("2 conflict(s) decided")), qPrintable(view.outcomeText()));
        QTRY_VERIFY(view.countText().startsWith(QStringLiteral("0 waiting")));
        QCOMPARE(view.model()->rowCount(), 3); // decided ones stay visible

        // Reopened later (from the database), "all conflicts" shows them with who decided.
        ConflictsView later(prompt);
        later.setService(r.service.get(), kOperator);
        later.setShow(ConflictsView::Show::All);
        QTRY_VERIFY(!later.isLoading() && later.model()->rowCount() > 0);
        int decidedByAna = 0;
        for (int i = 0; i < later.model()->rowCount(); ++i)
            decidedByAna += later.model()->conflict(i).decidedBy == kOperator ? 1 : 0;
        QCOMPARE(decidedByAna, 3);
    }

    void liveDeltasStreamSettleAndPageFromHistory()
    {
        Running r(150, divergentCatalogArgs()); // a first sync with writes, so there is history
        QVERIFY2(r.problem.isEmpty(), qPrintable(r.problem));
        LiveDeltasView view;
        QAbstractItemModelTester tester(view.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester proxyTester(view.proxy(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        view.setHistoryPageSize(5);
        view.setService(r.service.get());
        view.resize(1200, 600);
        view.show();
        QTRY_VERIFY(!view.isLoadingHistory());
        QCOMPARE(view.model()->rowCount(), 5); // the newest page of the first sync's history
        const qint64 oldest = view.model()->oldestId();

        // A price typed in the ERP streams in, and settles as applied once the shop has it.
        const QString sku = plainSkus(r.sim, 1, 60).constFirst();
        QVERIFY(editErp(r.sim, sku, {{QStringLiteral("list_price"), 77.7}}));
        QVERIFY(r.syncAndWait());
        view.textFilter()->setText(sku);
        QTRY_COMPARE(view.proxy()->rowCount(), 1);
        const QModelIndex outcome = view.proxy()->index(0, DeltaModel::Outcome);
        QCOMPARE(view.proxy()->index(0, DeltaModel::Field).data().toString(), QStringLiteral("price"));
        QCOMPARE(view.proxy()->index(0, DeltaModel::From).data().toString(), QStringLiteral("ERP"));
        QVERIFY2(view.proxy()->index(0, DeltaModel::Change).data().toString().endsWith(QStringLiteral("77.7")) ||
                     view.proxy()->index(0, DeltaModel::Change).data().toString().contains(QStringLiteral("77.7")),
                 qPrintable(view.proxy()->index(0, DeltaModel::Change).data().toString()));
        QTRY_COMPARE(outcome.data().toString(), QStringLiteral("Applied"));
        QVERIFY(sameAmount(number(shopProduct(r.sim, sku).value(QStringLiteral("price"))), 77.7));

        // The outcome filter agrees.
        view.textFilter()->clear();
        view.outcomeFilter()->setCurrentIndex(view.outcomeFilter()->findText(QStringLiteral("Failed")));
        QCOMPARE(view.proxy()->rowCount(), 0);
        view.outcomeFilter()->setCurrentIndex(0);

        // Older rows page in above, a page at a time, each once, oldest first, until the whole
        // history is on screen.
        const int before = view.model()->rowCount();
        view.loadOlder();
        QTRY_VERIFY(!view.isLoadingHistory());
        QCOMPARE(view.model()->rowCount(), before + 5);
        QVERIFY(view.model()->oldestId() < oldest);
        for (int pages = 0; view.loadOlderButton()->isEnabled() && pages < 1000; ++pages) {
            view.loadOlder();
            QTRY_VERIFY(!view.isLoadingHistory());
        }
        QVERIFY(!view.loadOlderButton()->isEnabled());
        QCOMPARE(view.model()->rowCount(), view.historyTotal());
        for (int row = 1; row < view.model()->rowCount(); ++row)
            QVERIFY(view.model()->delta(row - 1).id < view.model()->delta(row).id);
        QVERIFY2(view.countText().contains(QStringLiteral("in the history")), qPrintable(view.countText()));

        // Scrolling up pauses the follow; new rows are counted, not scrolled to.
        QVERIFY(view.isFollowing());
        view.setFollowing(false);
        QVERIFY(view.followButton()->isChecked());
        QVERIFY(editErp(r.sim, sku, {{QStringLiteral("list_price"), 78.8}}));
        QVERIFY(r.syncAndWait());
        QTRY_VERIFY(view.followButton()->text().contains(QStringLiteral("more")));
        QVERIFY(!view.isFollowing());
    }
};

QTEST_MAIN(TestSyncViews)
#include "tst_syncviews.moc"
