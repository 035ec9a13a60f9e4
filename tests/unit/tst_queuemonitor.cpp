// QueueMonitor without a GUI: it opens its own connection, sees other connections' commits through
// PRAGMA data_version, and keeps trying when the database is busy at start.
#include "queue/queuemonitor.h"
#include "queue/sqlitejobqueue.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace syncsmart;

class TestQueueMonitor : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { registerQueueMetaTypes(); }

    void seesAnotherConnectionsCommits()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("q.db"));
        QueueMonitor monitor({path}, std::make_shared<SystemClock>(), QStringLiteral("console:test"), 50);
        QSignalSpy started(&monitor, &QueueMonitor::started);
        QSignalSpy changed(&monitor, &QueueMonitor::queueChanged);
        QSignalSpy counts(&monitor, &QueueMonitor::countsLoaded);
        monitor.start();
        QCOMPARE(started.size(), 1);
        changed.clear();
        counts.clear();

        auto other = SqliteJobQueue::open({path}, std::make_shared<SystemClock>()); // "the CLI"
        QVERIFY(other.ok());
        QVERIFY((*other)->enqueue({QStringLiteral("shop"), QStringLiteral("stock.set"), QStringLiteral("k1"), "{}"}).ok());
        QTRY_VERIFY(changed.size() >= 1);
        QTRY_VERIFY(!counts.isEmpty());
        const auto latest = counts.last().first().value<QueueCounts>();
        QCOMPARE(latest.count(JobState::Pending), 1);
        // Quiet database: no change announced.
        const int before = int(changed.size());
        QTest::qWait(200);
        QCOMPARE(int(changed.size()), before);
        monitor.stop();
    }

    void busyDatabaseAtStartIsRetried()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("q.db"));
        // Another process holds the write lock while this profile's schema still has to be created.
        auto holder = Database::open({path}, {});
        QVERIFY(holder.ok());
        QVERIFY((*holder)->beginWrite().ok());

        DatabaseOptions options{path};
        options.busyTimeoutMs = 100;
        QueueMonitor monitor(options, std::make_shared<SystemClock>(), QStringLiteral("console:test"), 50);
        QSignalSpy started(&monitor, &QueueMonitor::started);
        QSignalSpy failed(&monitor, &QueueMonitor::openFailed);
        monitor.start();
        QCOMPARE(failed.size(), 1);
        const auto error = failed.first().first().value<Error>();
        QVERIFY(error.category == ErrorCategory::Transient);
        QVERIFY2(error.message.contains(path), qPrintable(error.message));
        QCOMPARE(started.size(), 0);

        (*holder)->rollback();
        QTRY_COMPARE_WITH_TIMEOUT(started.size(), 1, 10'000);
        monitor.stop();
    }
};

QTEST_GUILESS_MAIN(TestQueueMonitor)
#include "tst_queuemonitor.moc"
