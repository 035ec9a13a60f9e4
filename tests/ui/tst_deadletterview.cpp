// Drives the dead-letter view offscreen against a real SQLite queue: the view talks to a
// QueueMonitor on its own thread, and the test checks the outcome through its own connection.

#include "deadletters/deadletterdetail.h"
#include "deadletters/deadletterfilterbar.h"
#include "deadletters/deadlettermodel.h"
#include "deadletters/deadletterproxy.h"
#include "deadletters/deadletterview.h"
#include "messagebar.h"
#include "autoprompt.h"
#include "queuemonitorthread.h"

#include "queue/queuemonitor.h"
#include "queue/sqlitejobqueue.h"

#include <QAction>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QStackedWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>

using namespace syncsmart;

namespace {
const QString kWorker = QStringLiteral("test-worker");
} // namespace

class TestDeadLetterView : public QObject
{
    Q_OBJECT

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<SqliteJobQueue> m_queue; // the test's own connection, like the CLI would have
    std::unique_ptr<QueueMonitorThread> m_monitor;
    std::shared_ptr<AutoPrompt> m_prompt;
    std::unique_ptr<DeadLetterView> m_view;
    int m_seq = 0;

    // A dead letter made the way the engine makes one: enqueue, claim, fail permanently.
    qint64 deadLetter(const QString &target, const QString &kind, const QString &message)
    {
        const QString sku = QStringLiteral("SKU-%1").arg(++m_seq);
        NewJob job{target, kind, QStringLiteral("%1:%2:%3").arg(kind, sku, target),
                   QStringLiteral(R"({"sku":"%1","price":"19.90"})").arg(sku).toUtf8()};
        auto enqueued = m_queue->enqueue(job);
        if (!enqueued)
            qFatal("enqueue: %s", qPrintable(enqueued.error().toString()));
        auto claimed = m_queue->claim(target, 100, 60'000, kWorker);
        if (!claimed)
            qFatal("claim: %s", qPrintable(claimed.error().toString()));
        for (const Job &j : *claimed) {
            if (j.id != enqueued->jobId)
                continue;
            auto failed = m_queue->fail(j.id, kWorker,
                                        Error::permanent(QStringLiteral("%1.validation").arg(target), message,
                                                         {{QStringLiteral("httpStatus"), 422}}));
            if (!failed || failed->state != JobState::Dead)
                qFatal("fail did not make a dead letter");
        }
        return enqueued->jobId;
    }

    // As text, so a failing comparison prints the states (QCOMPARE cannot print the enum).
    QString stateOf(qint64 id)
    {
        auto job = m_queue->job(id);
        if (!job)
            qFatal("job %lld: %s", id, qPrintable(job.error().toString()));
        return toString(job->state);
    }

    void startView()
    {
        DatabaseOptions options;
        options.path = m_dir->filePath(QStringLiteral("syncsmart.db"));
        m_monitor = std::make_unique<QueueMonitorThread>(options, std::make_shared<SystemClock>(),
                                                         QStringLiteral("test-operator"), 100);
        m_monitor->start();
        m_view = std::make_unique<DeadLetterView>(m_monitor->monitor(), m_prompt);
        m_view->resize(1200, 700);
        m_view->show();
    }

    QModelIndex proxyIndexOf(qint64 id)
    {
        const int row = m_view->model()->rowForId(id);
        return row < 0 ? QModelIndex() : m_view->proxy()->mapFromSource(m_view->model()->index(row, 0));
    }

    void select(const QVector<qint64> &ids)
    {
        QItemSelectionModel *selection = m_view->table()->selectionModel();
        selection->clearSelection();
        for (qint64 id : ids) {
            const QModelIndex index = proxyIndexOf(id);
            QVERIFY2(index.isValid(), qPrintable(QStringLiteral("job %1 is not shown").arg(id)));
            selection->select(index, QItemSelectionModel::Select | QItemSelectionModel::Rows);
        }
    }

private Q_SLOTS:
    void initTestCase() { registerQueueMetaTypes(); }

    void init()
    {
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        auto queue = SqliteJobQueue::open({m_dir->filePath(QStringLiteral("syncsmart.db"))},
                                          std::make_shared<SystemClock>());
        QVERIFY2(queue.ok(), queue.ok() ? "" : qPrintable(queue.error().toString()));
        m_queue = std::move(queue).value();
        m_prompt = std::make_shared<AutoPrompt>();
    }

    void cleanup()
    {
        m_view.reset();
        m_monitor.reset(); // stops the monitor and closes its connection on its thread
        m_queue.reset();
        m_dir.reset();
    }

    void retryThroughTheViewPutsTheJobBackInTheQueue()
    {
        const qint64 a = deadLetter(QStringLiteral("shop"), QStringLiteral("product.price"),
                                    QStringLiteral("Price is invalid"));
        const qint64 b = deadLetter(QStringLiteral("shop"), QStringLiteral("stock.set"),
                                    QStringLiteral("Unknown combination"));
        startView();
        QTRY_COMPARE(m_view->model()->rowCount(), 2);

        select({a});
        QVERIFY(m_view->retryAction()->isEnabled());
        m_view->retryAction()->trigger();

        QTRY_COMPARE(stateOf(a), toString(JobState::Pending));
        QCOMPARE(m_queue->job(a)->attempts, 0); // a retried dead letter starts over
        QCOMPARE(stateOf(b), toString(JobState::Dead));
        QVERIFY(m_prompt->confirmTexts.isEmpty()); // one item: no confirmation needed
        QTRY_COMPARE(m_view->outcomeText(), QStringLiteral("Retried 1 dead letter."));
        QTRY_COMPARE(m_view->model()->rowCount(), 1); // the view reloads by itself
        QCOMPARE(m_view->model()->job(0).id, b);
        auto audit = m_queue->auditLog(10, a);
        QVERIFY(audit.ok());
        QCOMPARE(audit->size(), 1);
        QCOMPARE(audit->first().action, QStringLiteral("retry"));
        QCOMPARE(audit->first().actor, QStringLiteral("test-operator"));
    }

    void retryingSeveralAsksFirst()
    {
        const qint64 a =
            deadLetter(QStringLiteral("shop"), QStringLiteral("product.price"), QStringLiteral("bad"));
        const qint64 b =
            deadLetter(QStringLiteral("erp"), QStringLiteral("order.push"), QStringLiteral("bad"));
        const qint64 c =
            deadLetter(QStringLiteral("erp"), QStringLiteral("order.push"), QStringLiteral("bad"));
        startView();
        QTRY_COMPARE(m_view->model()->rowCount(), 3);
        select({a, c});
        m_view->retryAction()->trigger();
        QCOMPARE(m_prompt->confirmTexts.size(), 1);
        QVERIFY(m_prompt->confirmTexts.first().contains(QStringLiteral("2 selected")));
        QTRY_COMPARE(stateOf(a), toString(JobState::Pending));
        QTRY_COMPARE(stateOf(c), toString(JobState::Pending));
        QCOMPARE(stateOf(b), toString(JobState::Dead));
        QTRY_COMPARE(m_view->outcomeText(), QStringLiteral("Retried 2 dead letters."));
    }

    void discardAsksAReasonAndKeepsItInTheAuditLog()
    {
        const qint64 a =
            deadLetter(QStringLiteral("erp"), QStringLiteral("order.push"), QStringLiteral("SKU-X unknown"));
        const qint64 b =
            deadLetter(QStringLiteral("erp"), QStringLiteral("order.push"), QStringLiteral("SKU-Y unknown"));
        startView();
        QTRY_COMPARE(m_view->model()->rowCount(), 2);
        select({b});
        m_view->discardAction()->trigger();

        QCOMPARE(m_prompt->reasonTexts.size(), 1);
        QVERIFY(m_prompt->reasonTexts.first().contains(QString::number(b)));
        QTRY_COMPARE(stateOf(b), toString(JobState::Discarded));
        QCOMPARE(stateOf(a), toString(JobState::Dead));
        auto audit = m_queue->auditLog(10, b);
        QVERIFY(audit.ok());
        QCOMPARE(audit->size(), 1);
        QCOMPARE(audit->first().action, QStringLiteral("discard"));
        QCOMPARE(audit->first().reason, QStringLiteral("customer cancelled the order"));
        QCOMPARE(audit->first().jobId, b);
        QTRY_COMPARE(m_view->outcomeText(), QStringLiteral("Discarded 1 dead letter."));
        QTRY_COMPARE(m_view->model()->rowCount(), 1);
    }

    void retryAllMatchingOnlyRevivesTheMatchingOnes()
    {
        const qint64 shop1 = deadLetter(QStringLiteral("shop"), QStringLiteral("product.price"),
                                        QStringLiteral("Price is invalid"));
        const qint64 erp1 =
            deadLetter(QStringLiteral("erp"), QStringLiteral("order.push"), QStringLiteral("SKU unknown"));
        const qint64 shop2 = deadLetter(QStringLiteral("shop"), QStringLiteral("stock.set"),
                                        QStringLiteral("Timeout talking to shop"));
        const qint64 erp2 =
            deadLetter(QStringLiteral("erp"), QStringLiteral("order.push"), QStringLiteral("SKU unknown"));
        startView();
        QTRY_COMPARE(m_view->model()->rowCount(), 4);

        // Choose the target in the filter bar, as an operator would.
        auto *target = m_view->filterBar()->findChild<QComboBox *>(QStringLiteral("targetFilter"));
        QVERIFY(target);
        QTRY_VERIFY(target->findData(QStringLiteral("erp")) >= 0); // facets arrive from the monitor
        target->setCurrentIndex(target->findData(QStringLiteral("erp")));
        QTRY_COMPARE(m_view->model()->total(), qint64(2));

        m_view->retryMatchingAction()->trigger();
        QTRY_COMPARE(m_prompt->confirmTexts.size(), 1); // after the count came back
        QVERIFY2(m_prompt->confirmTexts.first().contains(QStringLiteral("Retry 2 dead letters")),
                 qPrintable(m_prompt->confirmTexts.first()));
        QVERIFY(m_prompt->confirmTexts.first().contains(QStringLiteral("target = erp")));
        QTRY_COMPARE(stateOf(erp1), toString(JobState::Pending));
        QTRY_COMPARE(stateOf(erp2), toString(JobState::Pending));
        QCOMPARE(stateOf(shop1), toString(JobState::Dead));
        QCOMPARE(stateOf(shop2), toString(JobState::Dead));
        QTRY_COMPARE(m_view->outcomeText(), QStringLiteral("Retried 2 dead letters."));
        // The filter now matches nothing: the view says so rather than showing an empty grid.
        auto *empty = m_view->findChild<QLabel *>(QStringLiteral("emptyState"));
        QTRY_VERIFY(empty->isVisible());
        QVERIFY(empty->text().contains(QStringLiteral("match this filter")));
    }

    void discardAllMatchingAnErrorText()
    {
        const qint64 keep = deadLetter(QStringLiteral("shop"), QStringLiteral("product.price"),
                                       QStringLiteral("Price is invalid"));
        const qint64 t1 = deadLetter(QStringLiteral("shop"), QStringLiteral("stock.set"),
                                     QStringLiteral("Timeout talking to shop"));
        const qint64 t2 =
            deadLetter(QStringLiteral("erp"), QStringLiteral("stock.set"), QStringLiteral("gateway TIMEOUT"));
        startView();
        QTRY_COMPARE(m_view->model()->rowCount(), 3);

        auto *errorText = m_view->filterBar()->findChild<QLineEdit *>(QStringLiteral("errorTextFilter"));
        QVERIFY(errorText);
        QTest::keyClicks(errorText, QStringLiteral("timeout"));
        QTest::keyClick(errorText, Qt::Key_Return);
        QTRY_COMPARE(m_view->model()->total(), qint64(2));

        m_view->discardMatchingAction()->trigger();
        QTRY_COMPARE(m_prompt->reasonTexts.size(), 1);
        QVERIFY2(m_prompt->reasonTexts.first().contains(QStringLiteral("Discard 2 dead letters")),
                 qPrintable(m_prompt->reasonTexts.first()));
        QVERIFY(m_prompt->reasonTexts.first().contains(QStringLiteral("error contains \"timeout\"")));
        QTRY_COMPARE(stateOf(t1), toString(JobState::Discarded));
        QTRY_COMPARE(stateOf(t2), toString(JobState::Discarded));
        QCOMPARE(stateOf(keep), toString(JobState::Dead));
        auto audit = m_queue->auditLog(10);
        QVERIFY(audit.ok());
        QCOMPARE(audit->size(), 2);
        for (const AuditEntry &entry : *audit)
            QCOMPARE(entry.reason, QStringLiteral("customer cancelled the order"));
    }

    void allMatchingActsOnlyOnWhatWasCounted()
    {
        const qint64 counted = deadLetter(QStringLiteral("shop"), QStringLiteral("stock.set"),
                                          QStringLiteral("Timeout talking to shop"));
        startView();
        QTRY_COMPARE(m_view->model()->rowCount(), 1);
        qint64 diedMeanwhile = 0;
        m_prompt->whileOpen = [&] {
            QThread::msleep(5);
            diedMeanwhile = deadLetter(QStringLiteral("shop"), QStringLiteral("stock.set"),
                                       QStringLiteral("Timeout talking to shop"));
        };
        m_view->discardMatchingAction()->trigger();
        QTRY_COMPARE(stateOf(counted), toString(JobState::Discarded));
        QTRY_VERIFY(m_view->model()->total() == 1); // the newcomer is listed, not discarded
        QCOMPARE(stateOf(diedMeanwhile), toString(JobState::Dead));
        QVERIFY(m_prompt->reasonTexts.first().contains(QStringLiteral("Discard 1 dead letter")));

        m_prompt->whileOpen = [&] {
            QThread::msleep(5);
            deadLetter(QStringLiteral("shop"), QStringLiteral("stock.set"), QStringLiteral("Timeout again"));
        };
        m_view->retryMatchingAction()->trigger();
        QTRY_COMPARE(stateOf(diedMeanwhile), toString(JobState::Pending));
        QTRY_VERIFY(m_view->model()->total() == 1);
    }

    void declinedConfirmationChangesNothing()
    {
        const QVector<qint64> ids = {
            deadLetter(QStringLiteral("shop"), QStringLiteral("product.price"), QStringLiteral("bad")),
            deadLetter(QStringLiteral("shop"), QStringLiteral("product.price"), QStringLiteral("bad")),
            deadLetter(QStringLiteral("erp"), QStringLiteral("order.push"), QStringLiteral("bad")),
        };
        m_prompt->confirmAnswer = false;
        m_prompt->reasonAnswer = std::nullopt;
        startView();
        QTRY_COMPARE(m_view->model()->rowCount(), 3);

        select({ids[0], ids[1]});
        m_view->retryAction()->trigger();
        m_view->discardAction()->trigger();
        select({ids[2]});
        m_view->discardAction()->trigger(); // even a single discard asks
        m_view->retryMatchingAction()->trigger();
        m_view->discardMatchingAction()->trigger();
        QTRY_COMPARE(m_prompt->confirmTexts.size(), 2);
        QTRY_COMPARE(m_prompt->reasonTexts.size(), 3);
        QTRY_COMPARE(m_view->pendingRequests(), 0);
        QTest::qWait(300); // give a wrongly sent action time to land

        for (qint64 id : ids)
            QCOMPARE(stateOf(id), toString(JobState::Dead));
        QCOMPARE(m_queue->auditLog(10)->size(), 0);
        QCOMPARE(m_view->model()->rowCount(), 3);
        QVERIFY(m_view->outcomeText().isEmpty());
    }

    void changesByAnotherProcessShowUpByThemselves()
    {
        const qint64 a =
            deadLetter(QStringLiteral("shop"), QStringLiteral("product.price"), QStringLiteral("bad"));
        startView();
        QTRY_COMPARE(m_view->model()->rowCount(), 1);
        select({a});

        // Another connection (the CLI, a worker) dead-letters two more and retries nothing.
        const qint64 b =
            deadLetter(QStringLiteral("erp"), QStringLiteral("order.push"), QStringLiteral("bad"));
        deadLetter(QStringLiteral("erp"), QStringLiteral("order.push"), QStringLiteral("bad"));
        QTRY_COMPARE(m_view->model()->rowCount(), 3);
        QCOMPARE(m_view->model()->total(), qint64(3));
        // The operator's selection survived the reload.
        const QModelIndexList selected = m_view->table()->selectionModel()->selectedRows();
        QCOMPARE(selected.size(), 1);
        QCOMPARE(selected.first().data(DeadLetterModel::JobIdRole).toLongLong(), a);

        // The other connection retries one: it leaves the list.
        QVERIFY(m_queue->retry({b}, QStringLiteral("cli")).ok());
        QTRY_COMPARE(m_view->model()->rowCount(), 2);
        QCOMPARE(m_view->model()->rowForId(b), -1);
    }

    void detailShowsPayloadErrorAndHistory()
    {
        const qint64 a = deadLetter(QStringLiteral("shop"), QStringLiteral("product.price"),
                                    QStringLiteral("Price must be positive for SKU-1"));
        startView();
        QTRY_COMPARE(m_view->model()->rowCount(), 1);
        select({a});
        QTRY_COMPARE(m_view->detail()->jobId(), a);

        auto *payload = m_view->detail()->findChild<QPlainTextEdit *>(QStringLiteral("detailPayload"));
        QVERIFY(payload);
        QVERIFY2(payload->toPlainText().contains(QStringLiteral("\"price\": \"19.90\"")),
                 qPrintable(payload->toPlainText()));
        auto *message = m_view->detail()->findChild<QLabel *>(QStringLiteral("detailErrorMessage"));
        QVERIFY(message);
        QCOMPARE(message->text(), QStringLiteral("Price must be positive for SKU-1"));
        QStringList texts;
        for (const QLabel *label : m_view->detail()->findChildren<QLabel *>())
            texts << label->text();
        QVERIFY2(texts.contains(QStringLiteral("422")),
                 qPrintable(texts.join(QLatin1Char('|')))); // httpStatus
        QVERIFY(texts.contains(QStringLiteral("1 of 8")));
        const auto history = m_view->detail()->findChildren<QLabel *>(QStringLiteral("historyEntry"));
        QVERIFY(!history.isEmpty());
        QVERIFY2(history.last()->text().contains(QStringLiteral("Moved to dead letters")),
                 qPrintable(history.last()->text()));
    }

    void emptyQueueSaysWhatWillAppear()
    {
        startView();
        auto *empty = m_view->findChild<QLabel *>(QStringLiteral("emptyState"));
        QVERIFY(empty);
        QTRY_VERIFY(empty->isVisible());
        QVERIFY(empty->text().startsWith(QStringLiteral("No dead letters.")));
        QVERIFY(!m_view->retryMatchingAction()->isEnabled());
        QVERIFY(!m_view->retryAction()->isEnabled());
    }

    void largeListsArePaged()
    {
        QVector<qint64> ids;
        for (int i = 0; i < 5; ++i)
            ids << deadLetter(QStringLiteral("shop"), QStringLiteral("product.price"), QStringLiteral("bad"));
        startView();
        m_view->setPageSize(2);
        auto *label = m_view->findChild<QLabel *>(QStringLiteral("pageLabel"));
        QTRY_COMPARE(label->text(), QStringLiteral("1–2 of 5 dead letters"));
        QCOMPARE(m_view->model()->rowCount(), 2);
        QVERIFY(!m_view->previousPageAction()->isEnabled());
        m_view->nextPageAction()->trigger();
        QTRY_COMPARE(label->text(), QStringLiteral("3–4 of 5 dead letters"));
        m_view->nextPageAction()->trigger();
        QTRY_COMPARE(label->text(), QStringLiteral("5–5 of 5 dead letters"));
        QVERIFY(!m_view->nextPageAction()->isEnabled());
        QCOMPARE(m_view->model()->offset(), 4);
    }

    void failedRequestsAreShownNotSwallowed()
    {
        // A database that cannot be opened: a directory where the file should be.
        QVERIFY(QDir(m_dir->path()).mkpath(QStringLiteral("blocked.db")));
        DatabaseOptions options;
        options.path = m_dir->filePath(QStringLiteral("blocked.db"));
        m_monitor = std::make_unique<QueueMonitorThread>(options, std::make_shared<SystemClock>(),
                                                         QStringLiteral("test-operator"), 100);
        m_view = std::make_unique<DeadLetterView>(m_monitor->monitor(), m_prompt);
        m_monitor->start();
        QTRY_VERIFY(!m_view->messageBar()->text().isEmpty());
        QCOMPARE(m_view->messageBar()->severity(), MessageBar::Severity::Error);
        QVERIFY2(m_view->messageBar()->text().startsWith(QStringLiteral("Could not load the dead letters")),
                 qPrintable(m_view->messageBar()->text()));
    }
};

QTEST_MAIN(TestDeadLetterView)
#include "tst_deadletterview.moc"
