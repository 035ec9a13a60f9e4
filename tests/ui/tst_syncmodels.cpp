// The console's sync models without a sync: DeltaModel (coalescing, job outcomes, history merge,
// the memory cap), DeltaProxy's filters and ConflictModel (decided conflicts stay, new ones on top),
// each under QAbstractItemModelTester.
#include "sync/conflictmodel.h"
#include "sync/deltamodel.h"
#include "sync/deltaproxy.h"
#include "stallprobe.h"
#include "sync/synccharts.h"

#include <QLineSeries>

#include <QAbstractItemModelTester>
#include <QElapsedTimer>
#include <QSignalSpy>
#include <QtTest>

using namespace syncsmart;

namespace {

DeltaRecord delta(qint64 id, const QString &sku, const QString &field, qint64 jobId,
                  DeltaOutcome outcome = DeltaOutcome::Queued)
{
    DeltaRecord d;
    d.id = id;
    d.passId = 1;
    d.atMs = 1'780'000'000'000 + id;
    d.sku = sku;
    d.field = field;
    d.from = Side::Erp;
    d.oldValue = QStringLiteral("10.00");
    d.newValue = QStringLiteral("12.50");
    d.origin = QStringLiteral("peer");
    d.outcome = outcome;
    d.jobId = jobId;
    return d;
}

SyncEvent deltaEvent(const DeltaRecord &d)
{
    SyncEvent e;
    e.type = SyncEvent::Type::Delta;
    e.atMs = d.atMs;
    e.delta = d;
    return e;
}

SyncEvent jobEvent(qint64 jobId, const QString &state, bool superseded = false, const QString &text = {})
{
    SyncEvent e;
    e.type = SyncEvent::Type::JobState;
    e.jobId = jobId;
    e.jobState = state;
    e.superseded = superseded;
    e.text = text;
    return e;
}

ConflictRecord conflict(qint64 id, const QString &sku, ConflictResolution resolution)
{
    ConflictRecord c;
    c.id = id;
    c.detectedAtMs = 1'780'000'000'000 + id;
    c.sku = sku;
    c.field = QStringLiteral("name");
    c.rule = resolution == ConflictResolution::Ownership ? FieldRule::Erp : FieldRule::Newest;
    c.shopValue = QStringLiteral("Shop name ") + sku;
    c.erpValue = QStringLiteral("ERP name ") + sku;
    c.shopUpdatedAt = QDateTime::fromMSecsSinceEpoch(1'780'000'000'000, Qt::UTC);
    c.erpUpdatedAt = QDateTime::fromMSecsSinceEpoch(1'780'000'000'500, Qt::UTC);
    c.resolution = resolution;
    if (resolution != ConflictResolution::Open) {
        c.winner = Side::Erp;
        c.decidedBy = QStringLiteral("rules");
    }
    c.reason = QStringLiteral("tie within 2 s");
    return c;
}

SyncEvent conflictEvent(const ConflictRecord &c)
{
    SyncEvent e;
    e.type = SyncEvent::Type::Conflict;
    e.conflict = c;
    return e;
}

QString cell(const QAbstractItemModel &m, int row, int column)
{
    return m.data(m.index(row, column)).toString();
}

} // namespace

class TestSyncModels : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void aBurstOfDeltasReachesTheViewInOneInsert()
    {
        DeltaModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy appended(&model, &DeltaModel::rowsAppended);
        for (int i = 1; i <= 5000; ++i)
            model.addEvent(deltaEvent(delta(i, QStringLiteral("SKU-%1").arg(i), QStringLiteral("price"), 100 + i)));
        QCOMPARE(model.rowCount(), 0); // buffered: nothing has touched the view yet
        QCOMPARE(model.pendingEvents(), 5000);
        QTRY_COMPARE(model.rowCount(), 5000); // the coalescing timer flushed it
        QCOMPARE(inserted.size(), 1);
        QCOMPARE(appended.size(), 1);
        QCOMPARE(appended.first().first().toInt(), 5000);
        QCOMPARE(cell(model, 0, DeltaModel::Sku), QStringLiteral("SKU-1"));
        QCOMPARE(cell(model, 4999, DeltaModel::Sku), QStringLiteral("SKU-5000"));
        QCOMPARE(cell(model, 0, DeltaModel::Change), QStringLiteral("10.00 → 12.50"));
        QCOMPARE(cell(model, 0, DeltaModel::From), QStringLiteral("ERP"));
        QCOMPARE(cell(model, 0, DeltaModel::Outcome), QStringLiteral("Queued"));
    }

    void jobStatesSettleTheirDeltas()
    {
        DeltaModel model;
        model.setCoalesceInterval(0);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        // Two fields written by one job, one by another, one by a third that fails, one superseded.
        model.addEvent(deltaEvent(delta(1, QStringLiteral("A"), QStringLiteral("price"), 7)));
        model.addEvent(deltaEvent(delta(2, QStringLiteral("A"), QStringLiteral("name"), 7)));
        model.addEvent(deltaEvent(delta(3, QStringLiteral("B"), QStringLiteral("price"), 8)));
        model.addEvent(deltaEvent(delta(4, QStringLiteral("C"), QStringLiteral("price"), 9)));
        model.addEvent(deltaEvent(delta(5, QStringLiteral("D"), QStringLiteral("price"), 0, DeltaOutcome::EchoSuppressed)));
        QCOMPARE(model.rowCount(), 5);

        model.addEvent(jobEvent(7, QStringLiteral("done")));
        QCOMPARE(cell(model, 0, DeltaModel::Outcome), QStringLiteral("Applied"));
        QCOMPARE(cell(model, 1, DeltaModel::Outcome), QStringLiteral("Applied"));
        QCOMPARE(cell(model, 2, DeltaModel::Outcome), QStringLiteral("Queued"));

        model.addEvent(jobEvent(8, QStringLiteral("pending"), false, QStringLiteral("HTTP 503 from PrestaShop")));
        QCOMPARE(cell(model, 2, DeltaModel::Outcome), QStringLiteral("Queued (retrying)"));
        QVERIFY(model.data(model.index(2, DeltaModel::Outcome), Qt::ToolTipRole).toString().contains(QStringLiteral("503")));
        model.addEvent(jobEvent(8, QStringLiteral("dead"), false, QStringLiteral("HTTP 400: price must be positive")));
        QCOMPARE(cell(model, 2, DeltaModel::Outcome), QStringLiteral("Failed"));
        QVERIFY(model.data(model.index(2, DeltaModel::Outcome), Qt::ToolTipRole).toString().contains(QStringLiteral("price must be positive")));

        model.addEvent(jobEvent(9, QStringLiteral("done"), true, QStringLiteral("skipped")));
        QCOMPARE(cell(model, 3, DeltaModel::Outcome), QStringLiteral("Superseded"));
        QCOMPARE(cell(model, 4, DeltaModel::Outcome), QStringLiteral("Echo suppressed"));
        // A job the model never saw changes nothing.
        model.addEvent(jobEvent(99, QStringLiteral("dead")));
        QCOMPARE(model.data(model.index(0, 0), DeltaModel::OutcomeRole).toInt(), int(DeltaOutcome::Applied));
    }

    void historyPagesInAboveWithoutDuplicates()
    {
        DeltaModel model;
        model.setCoalesceInterval(0);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        for (int i = 101; i <= 110; ++i)
            model.addEvent(deltaEvent(delta(i, QStringLiteral("N%1").arg(i), QStringLiteral("price"), i)));
        QCOMPARE(model.oldestId(), 101);
        // A page from the database (newest first, as the store answers), overlapping what is live:
        // the overlap is not shown twice, and the database's later outcome is taken.
        QVector<DeltaRecord> page;
        for (int i = 105; i >= 91; --i)
            page.append(delta(i, QStringLiteral("N%1").arg(i), QStringLiteral("price"), i, DeltaOutcome::Applied));
        model.addHistory(page);
        QCOMPARE(model.rowCount(), 20);
        QCOMPARE(model.oldestId(), 91);
        for (int row = 0; row < model.rowCount(); ++row)
            QCOMPARE(model.data(model.index(row, 0), DeltaModel::DeltaIdRole).toLongLong(), 91 + row);
        QCOMPARE(cell(model, model.rowForId(103), DeltaModel::Outcome), QStringLiteral("Applied"));
        QCOMPARE(cell(model, model.rowForId(107), DeltaModel::Outcome), QStringLiteral("Queued"));
        // A late live event for an id between known ones lands in order.
        model.addEvent(deltaEvent(delta(111, QStringLiteral("N111"), QStringLiteral("price"), 111)));
        QCOMPARE(model.rowForId(111), 20);
    }

    void memoryIsBoundedAndTheNewestStay()
    {
        DeltaModel model;
        model.setCoalesceInterval(0);
        model.setMaxRows(100);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        for (int i = 1; i <= 250; ++i)
            model.addEvent(deltaEvent(delta(i, QStringLiteral("S%1").arg(i), QStringLiteral("price"), i)));
        QCOMPARE(model.rowCount(), 100);
        QCOMPARE(model.oldestId(), 151);
        QCOMPARE(model.rowForId(250), 99);
        QCOMPARE(model.droppedRows(), 150);
        // The trimmed rows' jobs are forgotten: settling them later touches nothing.
        model.addEvent(jobEvent(5, QStringLiteral("done")));
        model.addEvent(jobEvent(200, QStringLiteral("done")));
        QCOMPARE(cell(model, model.rowForId(200), DeltaModel::Outcome), QStringLiteral("Applied"));
    }

    void theFiltersNarrowByEntityFieldOutcomeAndText()
    {
        DeltaModel model;
        model.setCoalesceInterval(0);
        DeltaProxy proxy;
        proxy.setSourceModel(&model);
        QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        DeltaRecord desc = delta(1, QStringLiteral("TSHIRT-RED"), QStringLiteral("description"), 1);
        desc.newValue = QStringLiteral("Organic cotton, hand printed");
        desc.from = Side::Shop;
        model.addEvent(deltaEvent(desc));
        model.addEvent(deltaEvent(delta(2, QStringLiteral("MUG-01"), QStringLiteral("price"), 2)));
        model.addEvent(deltaEvent(delta(3, QStringLiteral("MUG-02"), QStringLiteral("price"), 0, DeltaOutcome::Conflict)));
        DeltaRecord stock = delta(4, QStringLiteral("MUG-01"), QStringLiteral("quantity"), 4);
        stock.entity = QStringLiteral("stock");
        model.addEvent(deltaEvent(stock));
        QCOMPARE(proxy.rowCount(), 4);

        proxy.setField(QStringLiteral("price"));
        QCOMPARE(proxy.rowCount(), 2);
        proxy.setOutcome(DeltaOutcome::Conflict);
        QCOMPARE(proxy.rowCount(), 1);
        QCOMPARE(cell(proxy, 0, DeltaModel::Sku), QStringLiteral("MUG-02"));
        proxy.setField({});
        proxy.setOutcome(std::nullopt);
        proxy.setEntity(QStringLiteral("stock"));
        QCOMPARE(proxy.rowCount(), 1);
        proxy.setEntity({});
        proxy.setText(QStringLiteral("cotton")); // the full new value, not only what the cell shows
        QCOMPARE(proxy.rowCount(), 1);
        QCOMPARE(cell(proxy, 0, DeltaModel::Sku), QStringLiteral("TSHIRT-RED"));
        proxy.setText(QStringLiteral("mug"));
        QCOMPARE(proxy.rowCount(), 3);
        // An outcome that changes moves the row in or out of an outcome filter.
        proxy.setText({});
        proxy.setOutcome(DeltaOutcome::Applied);
        QCOMPARE(proxy.rowCount(), 0);
        model.addEvent(jobEvent(2, QStringLiteral("done")));
        QCOMPARE(proxy.rowCount(), 1);
    }

    void theChartsKeepTenMinutesOfOnePointASecond()
    {
        SyncCharts charts; // its first sample is now: the test's instants follow it
        const qint64 t0 = QDateTime::currentMSecsSinceEpoch() + 1000;
        QueueCounts counts;
        counts.perState.insert(JobState::Pending, 40);
        counts.perState.insert(JobState::Leased, 2);
        counts.perState.insert(JobState::Dead, 3);
        charts.showCounts(counts);
        charts.sample(t0);
        // 231 writes applied in the next second (a superseded one does not count).
        for (int i = 0; i < 232; ++i) {
            SyncEvent done;
            done.type = SyncEvent::Type::JobState;
            done.jobId = i + 1;
            done.jobState = QStringLiteral("done");
            done.superseded = i == 0;
            charts.addEvent(done);
        }
        const int before = charts.throughputSeries()->count();
        charts.sample(t0 + 1000);
        QCOMPARE(charts.throughputSeries()->count(), before + 1);
        QCOMPARE(charts.throughputSeries()->at(charts.throughputSeries()->count() - 1).y(), 231.0);
        QCOMPARE(charts.waitingSeries()->at(charts.waitingSeries()->count() - 1).y(), 42.0);
        QCOMPARE(charts.deadSeries()->at(charts.deadSeries()->count() - 1).y(), 3.0);
        // Nothing applied since: nothing is being written.
        charts.sample(t0 + 5'000);
        QCOMPARE(charts.throughputSeries()->at(charts.throughputSeries()->count() - 1).y(), 0.0);
        // Twenty minutes of samples: only the last ten stay (memory and drawing stay bounded).
        for (int s = 6; s < 1206; ++s)
            charts.sample(t0 + qint64(s) * 1000);
        QVERIFY2(charts.throughputSeries()->count() <= SyncCharts::kWindowS + 1,
                 qPrintable(QString::number(charts.throughputSeries()->count())));
        QVERIFY(charts.waitingSeries()->at(0).x() >= double(t0 + 1205'000 - SyncCharts::kWindowS * 1000));
    }

    void theStallProbeSeesABlockedEventLoop()
    {
        // Lower bounds only: a slower machine can make the stall longer, never shorter.
        StallProbe probe(5);
        probe.start();
        QTest::qWait(50);
        QElapsedTimer busy;
        busy.start();
        while (busy.elapsed() < 150) { // the GUI thread busy, as a slow slot would keep it
        }
        QTest::qWait(50);
        probe.stop();
        QVERIFY2(probe.worstMs() >= 100, qPrintable(QString::number(probe.worstMs())));
        QVERIFY(probe.stallsOver(100) >= 1);
        QVERIFY(probe.samples() >= 3);
        QVERIFY(probe.percentileMs(1.0) >= 100);
        probe.reset();
        QCOMPARE(probe.samples(), 0);
        QCOMPARE(probe.worstMs(), 0.0);
    }

    void decidedConflictsStayAndNewOnesGoOnTop()
    {
        ConflictModel model;
        model.setCoalesceInterval(0);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setPage({conflict(13, QStringLiteral("C"), ConflictResolution::Open),
                       conflict(11, QStringLiteral("A"), ConflictResolution::Ownership),
                       conflict(12, QStringLiteral("B"), ConflictResolution::Open)});
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(cell(model, 0, ConflictModel::Sku), QStringLiteral("C")); // newest first
        QCOMPARE(model.openCount(), 2);
        QCOMPARE(cell(model, 0, ConflictModel::Resolution), QStringLiteral("Waiting for you"));
        QCOMPARE(cell(model, 0, ConflictModel::DecidedBy), QStringLiteral("—"));
        QCOMPARE(cell(model, 2, ConflictModel::DecidedBy), QStringLiteral("The rules"));

        // An operator decides C: the row stays, with who decided and what won.
        QSignalSpy decided(&model, &ConflictModel::conflictDecided);
        ConflictRecord c = conflict(13, QStringLiteral("C"), ConflictResolution::Operator);
        c.winner.reset();
        c.winningValue = QStringLiteral("Agreed name");
        c.decidedBy = QStringLiteral("console:ana");
        c.decidedAtMs = 1'780'000'100'000;
        model.addEvent(conflictEvent(c));
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(decided.size(), 1);
        QCOMPARE(cell(model, 0, ConflictModel::DecidedBy), QStringLiteral("console:ana"));
        QCOMPARE(cell(model, 0, ConflictModel::Winner), QStringLiteral("Typed value: Agreed name"));
        QCOMPARE(model.openCount(), 1);

        // New conflicts from a pass go on top; in "open only" a new resolved one is not added.
        model.setShowResolved(false);
        model.addEvent(conflictEvent(conflict(14, QStringLiteral("D"), ConflictResolution::Ownership)));
        QCOMPARE(model.rowCount(), 3);
        model.addEvent(conflictEvent(conflict(15, QStringLiteral("E"), ConflictResolution::Open)));
        QCOMPARE(model.rowCount(), 4);
        QCOMPARE(cell(model, 0, ConflictModel::Sku), QStringLiteral("E"));
        QCOMPARE(model.rowForId(11), 3);

        // An older page goes below, without repeating what is there.
        model.appendPage({conflict(11, QStringLiteral("A"), ConflictResolution::Ownership),
                          conflict(10, QStringLiteral("Z"), ConflictResolution::Newest)});
        QCOMPARE(model.rowCount(), 5);
        QCOMPARE(cell(model, 4, ConflictModel::Sku), QStringLiteral("Z"));
        QCOMPARE(model.oldestId(), 10);
    }
};

QTEST_MAIN(TestSyncModels)
#include "tst_syncmodels.moc"
