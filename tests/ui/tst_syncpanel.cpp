// Demo mode and the Overview's sync panel, offscreen: `syncsmart --demo` starts syncsmart-sim as
// a child process and syncs it; the panel drives SyncService through its buttons and shows what the
// sync thread reports, never waiting on it.
#include "simprocess.h"

#include "sync/demosession.h"
#include "sync/syncpanel.h"

#include <QLoggingCategory>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <cerrno>
#include <csignal>

using namespace syncsmart;

class TestSyncPanel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        registerSyncMetaTypes();
        QLoggingCategory::setFilterRules(QStringLiteral("core.*.info=false"));
    }

    void withoutAProfileThePanelSaysWhatToDo()
    {
        SyncPanel panel;
        panel.setService(nullptr, QStringLiteral("No sync profile: write /x/profile.ini"));
        QCOMPARE(panel.lastSyncText(), QStringLiteral("No sync profile: write /x/profile.ini"));
        QVERIFY(!panel.startButton()->isEnabled());
        QVERIFY(!panel.pauseButton()->isEnabled());
        QVERIFY(!panel.syncNowButton()->isEnabled());
    }

    void theDemoStartsTheSimulatorSyncsAndStopsIt()
    {
        qint64 pid = 0;
        {
            DemoSession demo(testing::SimProcess::binaryPath());
            QSignalSpy ready(&demo, &DemoSession::ready);
            QSignalSpy failed(&demo, &DemoSession::failed);
            demo.start(300);
            QVERIFY(ready.wait(60'000));
            QVERIFY2(failed.isEmpty(), failed.isEmpty() ? "" : qPrintable(failed.first().first().toString()));
            pid = demo.simulatorPid();
            QVERIFY(pid > 0);
            const SyncProfile &profile = demo.profile();
            QCOMPARE(profile.shop.endpoint.baseUrl.host(), QStringLiteral("127.0.0.1"));
            QCOMPARE(profile.erp.endpoint.baseUrl.host(), QStringLiteral("127.0.0.1"));
            QVERIFY(!profile.shop.apiKey.isEmpty() && !profile.erp.apiKey.isEmpty());

            QTemporaryDir dir;
            SyncService service(profile, dir.filePath(QStringLiteral("demo.db")), nullptr);
            SyncPanel panel;
            panel.setService(&service);
            panel.show();
            QCOMPARE(panel.stateText(), QStringLiteral("Stopped"));
            QVERIFY(panel.startButton()->isEnabled());
            QVERIFY(!panel.pauseButton()->isEnabled());

            QTest::mouseClick(panel.startButton(), Qt::LeftButton);
            QVERIFY(!panel.startButton()->isEnabled());
            QVERIFY(panel.pauseButton()->isEnabled());
            QTRY_VERIFY_WITH_TIMEOUT(panel.lastSyncText().startsWith(QStringLiteral("Last sync")), 120'000);
            QVERIFY2(panel.lastSyncText().contains(QStringLiteral("first sync")), qPrintable(panel.lastSyncText()));
            QVERIFY2(panel.lastSyncText().contains(QStringLiteral("writes applied")), qPrintable(panel.lastSyncText()));
            QVERIFY2(panel.peerText(QStringLiteral("shop")).startsWith(QStringLiteral("Shop: up")), qPrintable(panel.peerText(QStringLiteral("shop"))));
            QVERIFY2(panel.peerText(QStringLiteral("erp")).startsWith(QStringLiteral("ERP: up")), qPrintable(panel.peerText(QStringLiteral("erp"))));
            // Every couple of seconds each peer's recent latency is shown next to its health.
            QTRY_VERIFY_WITH_TIMEOUT(panel.peerText(QStringLiteral("shop")).contains(QStringLiteral(" ms")), 10'000);
            QTRY_VERIFY(panel.stateText().startsWith(QStringLiteral("Running")));

            QTest::mouseClick(panel.pauseButton(), Qt::LeftButton);
            QTRY_COMPARE_WITH_TIMEOUT(panel.stateText(), QStringLiteral("Paused"), 60'000);
            QVERIFY(panel.startButton()->isEnabled());
            QVERIFY(!panel.pauseButton()->isEnabled());
            QVERIFY(panel.syncNowButton()->isEnabled());

            // Sync now while paused: one more pass, and it stays paused.
            const QString before = panel.lastSyncText();
            QTest::mouseClick(panel.syncNowButton(), Qt::LeftButton);
            QTRY_VERIFY_WITH_TIMEOUT(panel.lastSyncText() != before, 60'000);
            QTRY_COMPARE(panel.stateText(), QStringLiteral("Paused"));
            QVERIFY2(!panel.lastSyncText().contains(QStringLiteral("first sync")), qPrintable(panel.lastSyncText()));
        }
        // The console closed: its simulator is gone.
        QTRY_VERIFY_WITH_TIMEOUT(::kill(pid_t(pid), 0) == -1 && errno == ESRCH, 10'000);
    }

    void aMissingSimulatorIsExplained()
    {
        DemoSession demo(QStringLiteral("/nonexistent/syncsmart-sim"));
        QSignalSpy failed(&demo, &DemoSession::failed);
        demo.start();
        QVERIFY(failed.wait(10'000));
        const QString message = failed.first().first().toString();
        QVERIFY2(message.contains(QStringLiteral("SYNCSMART_SIM")), qPrintable(message));
    }
};

QTEST_MAIN(TestSyncPanel)
#include "tst_syncpanel.moc"
