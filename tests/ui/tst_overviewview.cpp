// Drives the Overview's pause/resume offscreen against a real SQLite queue: the view talks to a
// QueueMonitor on its own thread, and the test checks the outcome through its own connection.

#include "messagebar.h"
#include "autoprompt.h"
#include "overviewview.h"
#include "queuemonitorthread.h"
#include "requestid.h"

#include "queue/queuemonitor.h"
#include "queue/sqlitejobqueue.h"

#include <QPushButton>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>

#include <functional>

using namespace syncsmart;

namespace {
const QString kWorker = QStringLiteral("test-worker");
const QString kActor = QStringLiteral("console:test-operator");
const QString kAuthMessage =
    QStringLiteral("Odoo rejected the API key (401). Update the key in Settings, then resume.");
} // namespace

class TestOverviewView : public QObject
{
    Q_OBJECT

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<SqliteJobQueue> m_queue; // the test's own connection, like the CLI would have
    std::unique_ptr<QueueMonitorThread> m_monitor;
    std::shared_ptr<AutoPrompt> m_prompt;
    std::unique_ptr<OverviewView> m_view;
    int m_seq = 0;

    void enqueue(const QString &target)
    {
        const QString key = QStringLiteral("stock.set:SKU-%1:%2").arg(++m_seq).arg(target);
        if (!m_queue->enqueue({target, QStringLiteral("stock.set"), key, "{}"}))
            qFatal("enqueue failed");
    }

    // Paused the way the engine pauses a target: a job fails with an auth error.
    void pauseByAuthError(const QString &target)
    {
        enqueue(target);
        auto claimed = m_queue->claim(target, 1, 60'000, kWorker);
        if (!claimed || claimed->size() != 1)
            qFatal("claim failed");
        auto failed =
            m_queue->fail(claimed->first().id, kWorker, Error::auth(QStringLiteral("erp.401"), kAuthMessage));
        if (!failed || !failed->targetPaused)
            qFatal("the auth error did not pause the target");
    }

    bool paused(const QString &target)
    {
        auto p = m_queue->isPaused(target);
        if (!p)
            qFatal("isPaused: %s", qPrintable(p.error().toString()));
        return *p;
    }

    QVector<AuditEntry> audit()
    {
        auto log = m_queue->auditLog(100);
        if (!log)
            qFatal("auditLog: %s", qPrintable(log.error().toString()));
        return *log;
    }

    TargetStatus targetStatus(const QString &target)
    {
        auto counts = m_queue->counts();
        if (!counts)
            qFatal("counts: %s", qPrintable(counts.error().toString()));
        for (const TargetStatus &t : counts->targets)
            if (t.target == target)
                return t;
        return {};
    }

    // The Status column of the target's row as the operator sees it.
    QString shownStatus(const QString &target) const
    {
        QTableWidget *table = m_view->targetTable();
        for (int row = 0; row < table->rowCount(); ++row)
            if (table->item(row, 0) && table->item(row, 0)->text() == target)
                return table->item(row, 1)->text();
        return {};
    }

    // The target name in the row the table really has selected, not what the view thinks.
    QString highlightedTarget() const
    {
        const QModelIndexList rows = m_view->targetTable()->selectionModel()->selectedRows(0);
        return rows.size() == 1 ? rows.first().data().toString() : QString();
    }

    void startView()
    {
        DatabaseOptions options;
        options.path = m_dir->filePath(QStringLiteral("syncsmart.db"));
        m_monitor =
            std::make_unique<QueueMonitorThread>(options, std::make_shared<SystemClock>(), kActor, 100);
        m_view = std::make_unique<OverviewView>(m_monitor->monitor(), m_prompt);
        m_monitor->start();
        m_view->resize(1200, 700);
        m_view->show();
    }

private Q_SLOTS:
    void initTestCase() { registerQueueMetaTypes(); }

    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        auto queue = SqliteJobQueue::open({m_dir->filePath(QStringLiteral("syncsmart.db"))},
                                          std::make_shared<SystemClock>());
        QVERIFY(queue.ok());
        m_queue = std::move(queue).value();
        m_prompt = std::make_shared<AutoPrompt>(QStringLiteral("ERP maintenance until 14:00"));
        enqueue(QStringLiteral("shop"));
        pauseByAuthError(QStringLiteral("erp"));
        startView();
        QTRY_COMPARE(m_view->targetTable()->rowCount(), 2);
    }

    void cleanup()
    {
        m_view.reset();
        m_monitor.reset();
        m_queue.reset();
        m_dir.reset();
    }

    void buttonsFollowTheSelectedTargetsState()
    {
        QVERIFY(m_view->selectedTarget().isEmpty());
        QVERIFY(!m_view->resumeButton()->isEnabled());
        QVERIFY(!m_view->pauseButton()->isEnabled());

        QVERIFY(m_view->selectTarget(QStringLiteral("erp")));
        QVERIFY(m_view->resumeButton()->isEnabled());
        QVERIFY(!m_view->pauseButton()->isEnabled());

        QVERIFY(m_view->selectTarget(QStringLiteral("shop")));
        QVERIFY(!m_view->resumeButton()->isEnabled());
        QVERIFY(m_view->pauseButton()->isEnabled());

        m_view->targetTable()->clearSelection();
        QVERIFY(!m_view->resumeButton()->isEnabled());
        QVERIFY(!m_view->pauseButton()->isEnabled());
    }

    void resumeAfterAnAuthErrorIsConfirmedAndAudited()
    {
        QVERIFY(paused(QStringLiteral("erp")));
        const QString why = targetStatus(QStringLiteral("erp")).reason; // the queue names the job
        QVERIFY2(why.endsWith(kAuthMessage), qPrintable(why));
        QVERIFY(m_view->selectTarget(QStringLiteral("erp")));
        QTest::mouseClick(m_view->resumeButton(), Qt::LeftButton);

        // The operator was told what will happen and why it was paused.
        QCOMPARE(m_prompt->confirmTexts.size(), 1);
        const QString asked = m_prompt->confirmTexts.first();
        QVERIFY2(asked.startsWith(QStringLiteral("Jobs for erp will run again.")), qPrintable(asked));
        QVERIFY2(asked.contains(QStringLiteral("Paused because: ") + why), qPrintable(asked));
        QVERIFY2(asked.contains(QStringLiteral("Resume only once that is fixed.")), qPrintable(asked));

        QTRY_VERIFY(!paused(QStringLiteral("erp")));
        const QVector<AuditEntry> log = audit();
        QVERIFY(!log.isEmpty());
        QCOMPARE(log.first().action, QStringLiteral("resume"));
        QCOMPARE(log.first().target, QStringLiteral("erp"));
        QCOMPARE(log.first().actor, kActor);
        QCOMPARE(log.size(), 2); // the queue's own pause, then this resume: nothing twice

        QTRY_COMPARE(m_view->outcomeText(), QStringLiteral("Resumed erp: its waiting jobs run again."));
        QTRY_COMPARE(shownStatus(QStringLiteral("erp")), QStringLiteral("Running"));
        // The reload kept erp selected, and the buttons now offer what fits a running target.
        QCOMPARE(highlightedTarget(), QStringLiteral("erp"));
        QVERIFY(!m_view->resumeButton()->isEnabled());
        QVERIFY(m_view->pauseButton()->isEnabled());
        QVERIFY(m_view->messageBar()->text().isEmpty());
    }

    void pauseKeepsTheOperatorsReason()
    {
        QVERIFY(m_view->selectTarget(QStringLiteral("shop")));
        QTest::mouseClick(m_view->pauseButton(), Qt::LeftButton);
        QCOMPARE(m_prompt->reasonTexts.size(), 1);
        QVERIFY(m_prompt->reasonTexts.first().startsWith(QStringLiteral("Jobs for shop will wait")));

        QTRY_VERIFY(paused(QStringLiteral("shop")));
        QCOMPARE(targetStatus(QStringLiteral("shop")).reason, QStringLiteral("ERP maintenance until 14:00"));
        const AuditEntry last = audit().first();
        QCOMPARE(last.action, QStringLiteral("pause"));
        QCOMPARE(last.target, QStringLiteral("shop"));
        QCOMPARE(last.reason, QStringLiteral("ERP maintenance until 14:00"));
        QCOMPARE(last.actor, kActor);

        QTRY_COMPARE(shownStatus(QStringLiteral("shop")), QStringLiteral("Paused"));
        QVERIFY(m_view->outcomeText().startsWith(QStringLiteral("Paused shop")));
        QCOMPARE(highlightedTarget(), QStringLiteral("shop"));
        QVERIFY(m_view->resumeButton()->isEnabled());
        QVERIFY(!m_view->pauseButton()->isEnabled());
    }

    void aDeclinedPromptChangesNothing()
    {
        const int auditRows = int(audit().size());
        const QString why = targetStatus(QStringLiteral("erp")).reason;
        m_prompt->confirmAnswer = false;
        m_prompt->reasonAnswer = std::nullopt;

        QVERIFY(m_view->selectTarget(QStringLiteral("erp")));
        QTest::mouseClick(m_view->resumeButton(), Qt::LeftButton);
        QVERIFY(m_view->selectTarget(QStringLiteral("shop")));
        QTest::mouseClick(m_view->pauseButton(), Qt::LeftButton);
        QCOMPARE(m_prompt->confirmTexts.size(), 1);
        QCOMPARE(m_prompt->reasonTexts.size(), 1);

        QCOMPARE(m_view->pendingRequests(), 0); // nothing was sent to the monitor
        QTest::qWait(300);                      // longer than a poll: nothing arrives late either
        QVERIFY(paused(QStringLiteral("erp")));
        QCOMPARE(targetStatus(QStringLiteral("erp")).reason, why);
        QVERIFY(!paused(QStringLiteral("shop")));
        QCOMPARE(int(audit().size()), auditRows);
        QVERIFY(m_view->outcomeText().isEmpty());
        QVERIFY(m_view->messageBar()->text().isEmpty());
        QCOMPARE(shownStatus(QStringLiteral("erp")), QStringLiteral("Paused"));
    }

    void selectionAndButtonsSurviveReloads()
    {
        QVERIFY(m_view->selectTarget(QStringLiteral("shop"))); // row 1 of [erp, shop]
        QVERIFY(m_view->pauseButton()->isEnabled());

        // A new target sorts in above it, and the CLI pauses shop: the view notices by itself.
        enqueue(QStringLiteral("crm"));
        QVERIFY(
            m_queue->pause(QStringLiteral("shop"), QStringLiteral("stocktake"), QStringLiteral("cli")).ok());
        QTRY_COMPARE(m_view->targetTable()->rowCount(), 3);
        QTRY_COMPARE(shownStatus(QStringLiteral("shop")), QStringLiteral("Paused"));
        QCOMPARE(m_view->selectedTarget(), QStringLiteral("shop"));
        QCOMPARE(highlightedTarget(), QStringLiteral("shop"));
        QVERIFY(m_view->resumeButton()->isEnabled());
        QVERIFY(!m_view->pauseButton()->isEnabled());
    }

    void aTargetChangedWhileAskingIsReportedNotOverwritten()
    {
        // The CLI resumes erp while the operator reads the confirmation.
        m_prompt->whileOpen = [this] {
            QVERIFY(m_queue->resume(QStringLiteral("erp"), QStringLiteral("cli")).ok());
        };
        const int auditRows = int(audit().size());
        QVERIFY(m_view->selectTarget(QStringLiteral("erp")));
        QTest::mouseClick(m_view->resumeButton(), Qt::LeftButton);

        QTRY_VERIFY(!m_view->messageBar()->text().isEmpty());
        QCOMPARE(m_view->messageBar()->severity(), MessageBar::Severity::Error);
        QCOMPARE(m_view->messageBar()->text(),
                 QStringLiteral("Could not resume erp: erp is not paused. Nothing was changed."));
        QCOMPARE(int(audit().size()), auditRows + 1); // only the CLI's resume
        QCOMPARE(m_view->pendingRequests(), 0);
        QTRY_COMPARE(shownStatus(QStringLiteral("erp")), QStringLiteral("Running"));
        QVERIFY(m_view->pauseButton()->isEnabled());
    }

    void anotherViewsRequestIsNotReportedHere()
    {
        QueueMonitor *monitor = m_monitor->monitor();
        const quint64 foreign = nextRequestId();
        QMetaObject::invokeMethod(monitor, [monitor, foreign] {
            monitor->resumeTarget(foreign, QStringLiteral("erp"));
            monitor->resumeTarget(foreign + 1000, QStringLiteral("erp")); // fails: not paused any more
        });
        QTRY_COMPARE(shownStatus(QStringLiteral("erp")), QStringLiteral("Running"));
        QTest::qWait(200);
        QVERIFY(m_view->outcomeText().isEmpty());
        QVERIFY(m_view->messageBar()->text().isEmpty());
    }
};

QTEST_MAIN(TestOverviewView)
#include "tst_overviewview.moc"
