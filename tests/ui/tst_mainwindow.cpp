// The console's skeleton: every area of work is in the navigation, the unfinished ones say so,
// and the overview and status bar show the real queue.

#include "mainwindow.h"
#include "operatorprompt.h"
#include "overviewview.h"
#include "sync/conflictsview.h"
#include "sync/livedeltasview.h"
#include "reconcile/reconcileview.h"
#include "queuemonitorthread.h"

#include "queue/queuemonitor.h"
#include "queue/sqlitejobqueue.h"

#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>

using namespace syncsmart;

namespace {
// Says yes to everything, so the window's own wiring can be driven without dialogs.
class YesPrompt final : public OperatorPrompt
{
public:
    int asked = 0;
    bool confirm(const QString &, const QString &, const QString &) override
    {
        ++asked;
        return true;
    }
    std::optional<QString> askReason(const QString &, const QString &, const QString &) override
    {
        ++asked;
        return QStringLiteral("test");
    }
    std::optional<QString> askValue(const QString &, const QString &, const QString &current,
                                    const QString &) override
    {
        ++asked;
        return current;
    }
};
} // namespace

class TestMainWindow : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void navigationOverviewAndStatusShowTheRealQueue()
    {
        registerQueueMetaTypes();
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("syncsmart.db"));
        auto queue = SqliteJobQueue::open({path}, std::make_shared<SystemClock>());
        QVERIFY(queue.ok());
        auto &q = *queue.value();
        QVERIFY(q.enqueue({QStringLiteral("shop"), QStringLiteral("stock.set"), QStringLiteral("k1"), "{}"})
                    .ok());
        QVERIFY(q.enqueue({QStringLiteral("erp"), QStringLiteral("order.push"), QStringLiteral("k2"), "{}"})
                    .ok());
        auto claimed = q.claim(QStringLiteral("erp"), 1, 60'000, QStringLiteral("w"));
        QVERIFY(claimed.ok() && claimed->size() == 1);
        QVERIFY(q.fail(claimed->first().id, QStringLiteral("w"),
                       Error::permanent(QStringLiteral("erp.unknown_sku"), QStringLiteral("unknown SKU")))
                    .ok());
        QVERIFY(
            q.pause(QStringLiteral("shop"), QStringLiteral("API key rejected"), QStringLiteral("test")).ok());

        DatabaseOptions options;
        options.path = path;
        QueueMonitorThread monitor(options, std::make_shared<SystemClock>(), QStringLiteral("test"), 100);
        const ConsoleProfile profile{QStringLiteral("acme"), path, dir.path()};
        auto prompt = std::make_shared<YesPrompt>();
        MainWindow window(profile, monitor.monitor(), prompt);
        monitor.start();
        window.show();

        auto *nav = window.findChild<QListWidget *>(QStringLiteral("navigation"));
        QVERIFY(nav);
        QStringList names;
        for (int i = 0; i < nav->count(); ++i)
            names << nav->item(i)->text();
        QCOMPARE(names.size(), 6);
        QCOMPARE(names.mid(0, 4),
                 (QStringList{QStringLiteral("Overview"), QStringLiteral("Live deltas"),
                              QStringLiteral("Conflicts"), QStringLiteral("Reconciliation")}));
        QCOMPARE(names.at(5), QStringLiteral("Settings"));
        QTRY_COMPARE(nav->item(4)->text(), QStringLiteral("Dead letters (1)"));

        // Every page is built; without a sync, Live deltas, Conflicts and Reconciliation say why
        // they are empty.
        for (auto page :
             {MainWindow::Page::LiveDeltas, MainWindow::Page::Conflicts, MainWindow::Page::Reconciliation}) {
            window.showPage(page);
            QCOMPARE(window.currentPage(), page);
        }
        QVERIFY(window.findChildren<QLabel *>(QStringLiteral("notBuilt")).isEmpty());
        window.setSyncService(nullptr, QStringLiteral("console:test"), QStringLiteral("No sync profile: write it"));
        for (QWidget *view : {static_cast<QWidget *>(window.liveDeltasView()), static_cast<QWidget *>(window.conflictsView()),
                              static_cast<QWidget *>(window.reconcileView())}) {
            auto *empty = view->findChild<QLabel *>(QStringLiteral("emptyState"));
            QVERIFY(empty);
            QCOMPARE(empty->text(), QStringLiteral("No sync profile: write it"));
        }

        // Overview: counts per state and per target, with the pause reason.
        OverviewView *overview = window.overviewView();
        QTRY_COMPARE(overview->stateCountText(JobState::Dead), QStringLiteral("1"));
        QCOMPARE(overview->stateCountText(JobState::Pending), QStringLiteral("1"));
        auto *targets = overview->findChild<QTableWidget *>(QStringLiteral("targetTable"));
        QVERIFY(targets);
        QTRY_COMPARE(targets->rowCount(), 2);
        bool sawPausedShop = false;
        for (int row = 0; row < targets->rowCount(); ++row) {
            if (targets->item(row, 0)->text() == QLatin1String("shop")) {
                QCOMPARE(targets->item(row, 1)->text(), QStringLiteral("Paused"));
                QCOMPARE(targets->item(row, 2)->text(), QStringLiteral("API key rejected"));
                sawPausedShop = true;
            }
        }
        QVERIFY(sawPausedShop);

        // Status bar and settings name the profile and the database.
        QTRY_VERIFY(window.findChild<QLabel *>(QStringLiteral("statusCounts"))
                        ->text()
                        .contains(QStringLiteral("Dead 1")));
        QVERIFY(window.findChild<QLabel *>(QStringLiteral("statusProfile"))
                    ->text()
                    .contains(QStringLiteral("acme")));
        QVERIFY(window.findChild<QLabel *>(QStringLiteral("statusDatabase"))->text().contains(path));
        QCOMPARE(window.findChild<QLineEdit *>(QStringLiteral("databaseField"))->text(), path);
        QCOMPARE(window.findChild<QLineEdit *>(QStringLiteral("dataFolderField"))->text(), dir.path());

        // Resuming from the overview asks through the window's prompt and reports in the status bar.
        window.showPage(MainWindow::Page::Overview);
        QVERIFY(overview->selectTarget(QStringLiteral("shop")));
        QTest::mouseClick(overview->resumeButton(), Qt::LeftButton);
        QCOMPARE(prompt->asked, 1);
        QTRY_COMPARE(window.statusBar()->currentMessage(),
                     QStringLiteral("Resumed shop: its waiting jobs run again."));
        QVERIFY(!q.isPaused(QStringLiteral("shop")).value());
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
