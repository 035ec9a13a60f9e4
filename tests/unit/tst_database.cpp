#include "queue/sqlitejobqueue.h"
#include "storage/database.h"

#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

using namespace syncsmart;

namespace {
QVector<Migration> twoSteps()
{
    return {
        {1, QStringLiteral("first"), {QStringLiteral("CREATE TABLE a (x INTEGER)")}},
        {2, QStringLiteral("second"), {QStringLiteral("CREATE TABLE b (y INTEGER)")}},
    };
}

int tableCount(Database &db, const QString &name)
{
    QSqlQuery q(db.handle());
    q.prepare(QStringLiteral("SELECT COUNT(*) FROM sqlite_master WHERE type='table' AND name=?"));
    q.addBindValue(name);
    q.exec();
    q.next();
    return q.value(0).toInt();
}
} // namespace

class TestDatabase : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void migratesFromEmptyInWal()
    {
        QTemporaryDir dir;
        auto db = Database::open({dir.filePath(QStringLiteral("sub/folder/p.db"))}, twoSteps());
        QVERIFY2(db.ok(), db.ok() ? "" : qPrintable(db.error().toString()));
        QCOMPARE((*db)->schemaVersion(), 2);
        QCOMPARE(tableCount(**db, QStringLiteral("a")), 1);
        QCOMPARE(tableCount(**db, QStringLiteral("b")), 1);
        QSqlQuery q((*db)->handle());
        QVERIFY(q.exec(QStringLiteral("PRAGMA journal_mode")) && q.next());
        QCOMPARE(q.value(0).toString(), QStringLiteral("wal"));
        QVERIFY(q.exec(QStringLiteral("PRAGMA synchronous")) && q.next());
        QCOMPARE(q.value(0).toInt(), 2); // FULL by default for the queue
    }

    void synchronousIsConfigurable()
    {
        QTemporaryDir dir;
        DatabaseOptions o{dir.filePath(QStringLiteral("p.db"))};
        o.synchronous = Synchronous::Normal;
        auto db = Database::open(o, twoSteps());
        QVERIFY(db.ok());
        QSqlQuery q((*db)->handle());
        QVERIFY(q.exec(QStringLiteral("PRAGMA synchronous")) && q.next());
        QCOMPARE(q.value(0).toInt(), 1);
        QVERIFY(synchronousFromString(QStringLiteral("normal")) == Synchronous::Normal);
        QVERIFY(!synchronousFromString(QStringLiteral("sometimes")));
    }

    void upgradesStepByStepAndKeepsData()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("p.db"));
        {
            auto v1 = Database::open({path}, twoSteps().mid(0, 1));
            QVERIFY(v1.ok());
            QVERIFY((*v1)->exec(QStringLiteral("INSERT INTO a VALUES (7)")).ok());
        }
        auto v2 = Database::open({path}, twoSteps());
        QVERIFY(v2.ok());
        QCOMPARE((*v2)->schemaVersion(), 2);
        QSqlQuery q((*v2)->handle());
        QVERIFY(q.exec(QStringLiteral("SELECT x FROM a")) && q.next());
        QCOMPARE(q.value(0).toInt(), 7);
    }

    void failedMigrationChangesNothing()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("p.db"));
        QVector<Migration> broken = twoSteps();
        broken[1].statements << QStringLiteral("THIS IS NOT SQL");
        auto db = Database::open({path}, broken);
        QVERIFY(!db.ok());
        QVERIFY(db.error().message.contains(QStringLiteral("Migration 2")));
        auto again = Database::open({path}, {});
        QVERIFY(again.ok());
        QCOMPARE(tableCount(**again, QStringLiteral("a")), 0); // step 1 rolled back with step 2
    }

    void refusesANewerDatabase()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("p.db"));
        {
            auto db = Database::open({path}, twoSteps());
            QVERIFY(db.ok());
        }
        auto older = Database::open({path}, twoSteps().mid(0, 1));
        QVERIFY(!older.ok());
        QVERIFY(older.error().category == ErrorCategory::Config);
        QCOMPARE(older.error().code, QStringLiteral("storage.schema_newer"));
        QVERIFY(older.error().message.contains(QStringLiteral("newer SyncSmart")));
        QVERIFY(older.error().message.contains(QStringLiteral("schema version 2")));
        auto still = Database::open({path}, twoSteps());
        QVERIFY(still.ok()); // nothing was changed by the refusal
        QCOMPARE((*still)->schemaVersion(), 2);
    }

    void notADatabaseIsAClearError()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("notes.txt"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray(4096, 'x'));
        f.close();
        auto db = Database::open({path}, twoSteps());
        QVERIFY(!db.ok());
        QVERIFY(db.error().category == ErrorCategory::Config);
        QVERIFY2(db.error().message.contains(path), qPrintable(db.error().message));
    }

    void profileSchemaMigratesFromEmpty()
    {
        QTemporaryDir dir;
        auto q = SqliteJobQueue::open({dir.filePath(QStringLiteral("p.db"))}, std::make_shared<TestClock>());
        QVERIFY2(q.ok(), q.ok() ? "" : qPrintable(q.error().toString()));
        QCOMPARE((*q)->database().schemaVersion(), profileMigrations().last().version);
        for (const char *t : {"jobs", "job_events", "targets", "audit_log", "meta"})
            QCOMPARE(tableCount((*q)->database(), QLatin1String(t)), 1);
    }

    void dataVersionMovesOnOtherConnectionsCommits()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("p.db"));
        auto a = Database::open({path}, twoSteps());
        auto b = Database::open({path}, twoSteps());
        QVERIFY(a.ok() && b.ok());
        const qint64 before = *(*a)->dataVersion();
        QVERIFY((*b)->exec(QStringLiteral("INSERT INTO a VALUES (1)")).ok());
        QVERIFY(*(*a)->dataVersion() != before);
    }
};

QTEST_GUILESS_MAIN(TestDatabase)
#include "tst_database.moc"
