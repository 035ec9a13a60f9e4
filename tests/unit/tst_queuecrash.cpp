// Kills a worker process with SIGKILL at random moments while it enqueues, claims and acks, many
// times over, then checks that no job was lost, none was duplicated, and every ack stuck.
#include "queue/sqlitejobqueue.h"

#include <QProcess>
#include <QRandomGenerator>
#include <QSet>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

using namespace syncsmart;

class TestQueueCrash : public QObject
{
    Q_OBJECT

    struct Reported
    {
        int lastEnqueued = -1;
        QSet<qint64> acked;
    };

    // Reads the lines a child managed to print; a line cut by the kill is ignored.
    static void readReport(const QByteArray &out, Reported &r, bool *done)
    {
        for (const QByteArray &line : out.split('\n')) {
            const QList<QByteArray> parts = line.split(' ');
            if (parts.first() == "ENQ" && parts.size() == 3)
                r.lastEnqueued = std::max(r.lastEnqueued, parts[2].toInt());
            else if (parts.first() == "ACK" && out.contains(line + '\n')) {
                for (int i = 1; i < parts.size(); ++i)
                    r.acked.insert(parts[i].toLongLong());
            } else if (line == "DONE" && done)
                *done = true;
        }
    }

    static void checkAckedAreDone(SqliteJobQueue &q, const QSet<qint64> &acked)
    {
        QSqlQuery s(q.database().handle());
        QVERIFY(s.exec(QStringLiteral("SELECT id FROM jobs WHERE state = 'done'")));
        QSet<qint64> done;
        while (s.next())
            done.insert(s.value(0).toLongLong());
        for (qint64 id : acked)
            QVERIFY2(done.contains(id), qPrintable(QStringLiteral("job %1 was acked but is not done").arg(id)));
    }

private Q_SLOTS:
    void noJobLostOrDuplicatedAcrossKills()
    {
        const int total = 20000;
        const int cycles = qEnvironmentVariableIntValue("CRASH_CYCLES") > 0 ? qEnvironmentVariableIntValue("CRASH_CYCLES") : 60;
        QTemporaryDir dir;
        const QString db = dir.filePath(QStringLiteral("crash.db"));
        QRandomGenerator rng(20261203);
        Reported reported;
        int killsMidWork = 0;

        auto checker = SqliteJobQueue::open({db}, std::make_shared<SystemClock>());
        QVERIFY(checker.ok());

        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("core.*.info=false"));
        for (int cycle = 0; cycle < cycles; ++cycle) {
            QProcess child;
            child.setProcessEnvironment(env);
            child.start(QStringLiteral(QUEUE_CRASH_CHILD),
                        {db, QString::number(reported.lastEnqueued + 1), QString::number(total),
                         QString::number(rng.generate())});
            QVERIFY(child.waitForStarted());
            QVERIFY(child.waitForReadyRead(10'000)); // READY: the database is open
            QTest::qWait(10 + int(rng.bounded(120)));
            if (child.state() == QProcess::Running) {
                child.kill(); // SIGKILL: no chance to finish a transaction or flush anything
                ++killsMidWork;
            }
            if (child.state() != QProcess::NotRunning)
                QVERIFY(child.waitForFinished(10'000));
            bool done = false;
            readReport(child.readAllStandardOutput(), reported, &done);
            const QByteArray err = child.readAllStandardError();
            QVERIFY2(err.isEmpty(), err.constData());
            checkAckedAreDone(**checker, reported.acked);
            if (done)
                break;
        }
        QVERIFY2(killsMidWork >= cycles / 2, "the child finished too early to be killed mid-work");

        // A last worker, left alone, finishes everything, picking up the leases the dead ones held.
        QProcess last;
        last.setProcessEnvironment(env);
        last.start(QStringLiteral(QUEUE_CRASH_CHILD),
                   {db, QString::number(reported.lastEnqueued + 1), QString::number(total), QStringLiteral("1")});
        QVERIFY(last.waitForFinished(120'000));
        QCOMPARE(last.exitCode(), 0);
        bool done = false;
        readReport(last.readAllStandardOutput(), reported, &done);
        QVERIFY(done);

        SqliteJobQueue &q = **checker;
        QSqlQuery s(q.database().handle());
        QVERIFY(s.exec(QStringLiteral("PRAGMA integrity_check")) && s.next());
        QCOMPARE(s.value(0).toString(), QStringLiteral("ok"));
        // Every key exactly once: nothing lost, nothing enqueued twice, none both done and pending.
        QVERIFY(s.exec(QStringLiteral("SELECT COUNT(*), COUNT(DISTINCT idempotency_key) FROM jobs")) && s.next());
        QCOMPARE(s.value(0).toInt(), total);
        QCOMPARE(s.value(1).toInt(), total);
        QVERIFY(s.exec(QStringLiteral("SELECT COUNT(*) FROM jobs WHERE state <> 'done'")) && s.next());
        QCOMPARE(s.value(0).toInt(), 0);
        QVERIFY(s.exec(QStringLiteral("SELECT MIN(CAST(payload AS INTEGER)), MAX(CAST(payload AS INTEGER)) FROM jobs")) &&
                s.next());
        QCOMPARE(s.value(0).toInt(), 0);
        QCOMPARE(s.value(1).toInt(), total - 1);
        checkAckedAreDone(q, reported.acked);
        qInfo("%d kills mid-work, %lld acks reported before kills, %d jobs all done exactly once", killsMidWork,
              qint64(reported.acked.size()), total);
    }
};

QTEST_GUILESS_MAIN(TestQueueCrash)
#include "tst_queuecrash.moc"
