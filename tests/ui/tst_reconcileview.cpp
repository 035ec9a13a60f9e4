// The Reconciliation view on a real SyncService against syncsmart-sim: Run now reports exactly the
// seeded differences, the category filter narrows them, applying a selection is confirmed, goes
// through the queue to the simulator, and the rows then say which job carries their fix.
#include "autoprompt.h"
#include "tst_syncsupport.h"

#include "messagebar.h"
#include "reconcile/reconcilediffmodel.h"
#include "reconcile/reconcileview.h"
#include "sync/syncservice.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QItemSelectionModel>
#include <QLoggingCategory>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QtTest>

using namespace syncsmart;
using namespace syncsmart::testing;

class TestReconcileView : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        registerSyncMetaTypes();
        QLoggingCategory::setFilterRules(QStringLiteral("core.*.info=false"));
    }

    void runFilterApplyFromTheView()
    {
        SimProcess sim;
        QStringList args = divergentCatalogArgs();
        args << QStringLiteral("--stock-mismatch") << QStringLiteral("0.03");
        QVERIFY2(sim.start(800, args).isEmpty(), "sim");
        QTemporaryDir dir;
        SyncService service(makeProfile(sim), dir.filePath(QStringLiteral("profile.db")), std::make_shared<SystemClock>());
        auto prompt = std::make_shared<AutoPrompt>();
        ReconcileView view(prompt);
        QAbstractItemModelTester tester(view.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester proxyTester(view.proxy(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        view.setService(&service, QStringLiteral("console:ana"));
        view.resize(1300, 700);
        view.show();
        QTRY_VERIFY(!view.isLoading());
        QVERIFY2(view.summaryText().contains(QStringLiteral("No reconciliation has run")), qPrintable(view.summaryText()));

        // Run now: progress while it runs, then the stored run's differences.
        QSignalSpy finished(&service, &SyncService::reconcileFinished);
        QTest::mouseClick(view.runButton(), Qt::LeftButton);
        QVERIFY(view.isRunning());
        QVERIFY(view.cancelButton()->isEnabled());
        QVERIFY(finished.wait(120'000));
        QVERIFY2(finished.first().at(1).toBool(), qPrintable(finished.first().at(2).toString()));
        QTRY_VERIFY(!view.isLoading() && view.model()->rowCount() > 0);
        const QJsonObject counts = sim.control(QStringLiteral("expected-divergence")).value(QStringLiteral("counts")).toObject();
        QCOMPARE(view.model()->count(DiffKind::FieldMismatch), counts.value(QStringLiteral("fieldMismatches")).toInt());
        QCOMPARE(view.model()->count(DiffKind::StockMismatch), counts.value(QStringLiteral("stockMismatches")).toInt());
        QCOMPARE(view.model()->count(DiffKind::MissingInShop), counts.value(QStringLiteral("missingInShop")).toInt());
        QVERIFY2(view.summaryText().startsWith(QStringLiteral("Run #1 finished")), qPrintable(view.summaryText()));
        QVERIFY(view.summaryText().contains(QStringLiteral("console:ana")));

        // Only the price mismatches: the ERP owns prices, so each fix writes the shop.
        view.categoryFilter()->setCurrentIndex(view.categoryFilter()->findData(int(DiffKind::FieldMismatch)));
        QCOMPARE(view.proxy()->rowCount(), counts.value(QStringLiteral("fieldMismatches")).toInt());
        QString sku;
        for (int row = 0; row < view.proxy()->rowCount() && sku.isEmpty(); ++row) {
            if (view.proxy()->index(row, ReconcileDiffModel::Field).data().toString() == QLatin1String("price")) {
                sku = view.proxy()->index(row, ReconcileDiffModel::Sku).data().toString();
                view.table()->selectionModel()->select(view.proxy()->index(row, 0),
                                                       QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
            }
        }
        QVERIFY(!sku.isEmpty());
        // The detail pane: the difference in full, with the fix and both sides' ids.
        QVERIFY2(view.detailText().contains(sku) && view.detailText().contains(QStringLiteral("Fix: Write the ERP's price to the shop.")),
                 qPrintable(view.detailText()));
        QVERIFY2(view.detailText().contains(QStringLiteral("Shop ids:")), qPrintable(view.detailText()));
        const double erpPrice = number(erpProduct(sim, sku).value(QStringLiteral("list_price")));
        const qint64 before = lastSeq(sim);
        QVERIFY(view.applySelectedButton()->isEnabled());
        QTest::mouseClick(view.applySelectedButton(), Qt::LeftButton);
        QCOMPARE(prompt->confirmTexts.size(), 1);
        QVERIFY2(prompt->confirmTexts.first().contains(QStringLiteral("1 can be written")), qPrintable(prompt->confirmTexts.first()));
        QTRY_VERIFY_WITH_TIMEOUT(sameAmount(number(shopProduct(sim, sku).value(QStringLiteral("price"))), erpPrice), 30'000);
        const QJsonArray writes = writesSince(sim, before);
        QVERIFY2(writes.size() == 1, dump(writes).constData()); // that one fix, nothing else
        QTRY_VERIFY(view.outcomeText().contains(QStringLiteral("1 difference(s) fixed")));
        // Reloaded: the row says which job carries its fix.
        QTRY_VERIFY_WITH_TIMEOUT([&] {
            for (int row = 0; row < view.model()->rowCount(); ++row) {
                if (view.model()->diff(row).diff.sku == sku && view.model()->diff(row).diff.field == QLatin1String("price"))
                    return view.model()->diff(row).jobId != 0;
            }
            return false;
        }(), 10'000);

        // The export holds every difference of the run.
        const QString csv = dir.filePath(QStringLiteral("diffs.csv"));
        QVERIFY(view.exportTo(csv));
        QFile file(csv);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll().count("\r\n"), view.model()->rowCount() + 1);
        QVERIFY2(view.scheduleText().startsWith(QStringLiteral("Schedule: none")), qPrintable(view.scheduleText()));

        // A run started elsewhere (the schedule): the view shows its progress, then that run.
        QVector<bool> runningOnProgress;
        connect(&service, &SyncService::reconcileProgress, this, [&] { runningOnProgress.append(view.isRunning()); });
        finished.clear();
        service.reconcile(QStringLiteral("schedule"));
        QVERIFY(finished.wait(120'000));
        QVERIFY(!runningOnProgress.isEmpty() && !runningOnProgress.contains(false));
        QTRY_VERIFY(!view.isLoading() && view.model()->run().id == 2);
        QVERIFY2(view.summaryText().startsWith(QStringLiteral("Run #2 finished")), qPrintable(view.summaryText()));
        QVERIFY(!view.isRunning());
        // The fixed price is no longer a difference in run #2; the run picker lists both runs.
        QCOMPARE(view.model()->count(DiffKind::FieldMismatch), counts.value(QStringLiteral("fieldMismatches")).toInt() - 1);
        QCOMPARE(view.runPicker()->count(), 2);
        QVERIFY(view.runPicker()->isEnabled());
        QVERIFY2(view.runPicker()->itemText(0).startsWith(QStringLiteral("#2 ")) &&
                     view.runPicker()->itemText(0).contains(QStringLiteral("schedule")),
                 qPrintable(view.runPicker()->itemText(0)));
        // Picking run #1 shows it again, with the fix it carries.
        view.runPicker()->setCurrentIndex(1);
        Q_EMIT view.runPicker()->activated(1);
        QTRY_VERIFY(!view.isLoading() && view.model()->run().id == 1);
        QCOMPARE(view.model()->count(DiffKind::FieldMismatch), counts.value(QStringLiteral("fieldMismatches")).toInt());
        QCOMPARE(view.runPicker()->currentData().toLongLong(), 1);
    }

    // The schedule line follows the sync: a view opened before the sync starts learns when the
    // next run is, and learns again when the sync pauses (a scheduled run needs the sync running).
    void scheduleLineFollowsTheSync()
    {
        SimProcess sim;
        QVERIFY2(sim.start(100, divergentCatalogArgs()).isEmpty(), "sim");
        QTemporaryDir dir;
        SyncProfile profile = makeProfile(sim);
        profile.sync.pollIntervalS = 3600;
        profile.reconcile.schedule = *ReconcileSchedule::parse(QStringLiteral("every 24 h"));
        SyncService service(profile, dir.filePath(QStringLiteral("profile.db")), std::make_shared<SystemClock>());
        ReconcileView view(std::make_shared<AutoPrompt>());
        view.setService(&service, QStringLiteral("console:ana"));
        QTRY_VERIFY(!view.isLoading());
        QVERIFY2(view.scheduleText().contains(QStringLiteral("it is paused or stopped now")), qPrintable(view.scheduleText()));
        service.start();
        QTRY_VERIFY2_WITH_TIMEOUT(view.scheduleText().startsWith(QStringLiteral("Schedule: every 24 h — next run ")),
                                  qPrintable(view.scheduleText()), 30'000);
        service.pause();
        QTRY_VERIFY2_WITH_TIMEOUT(view.scheduleText().contains(QStringLiteral("it is paused or stopped now")),
                                  qPrintable(view.scheduleText()), 30'000);
        QCOMPARE(view.runPicker()->itemText(0), QStringLiteral("No run yet")); // nothing ran by itself
    }
};

QTEST_MAIN(TestReconcileView)
#include "tst_reconcileview.moc"
