// syncsmart-cli's operator actions: dlq retry and discard (by id and --all-matching), refusing a
// database from a newer SyncSmart, and seed-sample. Outcomes are checked through the core queue API.
#include "clitestcase.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QtTest>

#include <algorithm>
#include <tuple>

using namespace syncsmart;

class TestCliTriage : public CliTestCase
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        // The fixture's own progress lines would drown the test output.
        QLoggingCategory::setFilterRules(QStringLiteral("core.*.info=false"));
    }
    void init() { setUpFixture(); }
    void cleanup() { tearDownFixture(); }

    void retryMakesTheJobPendingOnce();
    void discardWithoutReasonChangesNothing();
    void discardKeepsTheReasonInTheAuditLog();
    void allMatchingTouchesOnlyMatchingJobs();
    void allMatchingNeedsAFilterOrEverything();
    void newerSchemaIsRefusedAndLeftUnchanged();
    void seedSampleFillsAnEmptyDatabaseOnly();
    void pauseAndResumeATarget();
};

void TestCliTriage::pauseAndResumeATarget()
{
    const QStringList db{QStringLiteral("--db"), m_db};
    const CliRun noReason = run(db + QStringList{QStringLiteral("pause"), QStringLiteral("erp")});
    QCOMPARE(noReason.exitCode, 2);
    QVERIFY(noReason.err.contains(QStringLiteral("--reason")));
    {
        auto queue = openQueue(m_db);
        QVERIFY(!*queue->isPaused(QStringLiteral("erp")));
    }
    const CliRun paused = run(db + QStringList{QStringLiteral("pause"), QStringLiteral("erp"), QStringLiteral("--reason"),
                                               QStringLiteral("ERP maintenance until 14:00")});
    QCOMPARE(paused.exitCode, 0);
    QVERIFY2(paused.out.contains(QStringLiteral("resume erp")), qPrintable(paused.out));
    const CliRun status = run(db + QStringList{QStringLiteral("status")});
    QVERIFY2(status.out.contains(QStringLiteral("ERP maintenance until 14:00")), qPrintable(status.out));
    {
        auto queue = openQueue(m_db);
        QVERIFY(*queue->isPaused(QStringLiteral("erp")));
        // A paused target hands out nothing.
        QVERIFY(queue->claim(QStringLiteral("erp"), 10, 1000, QStringLiteral("w"))->isEmpty());
    }
    const CliRun resumed = run(db + QStringList{QStringLiteral("resume"), QStringLiteral("erp")});
    QCOMPARE(resumed.exitCode, 0);
    const CliRun again = run(db + QStringList{QStringLiteral("resume"), QStringLiteral("erp")});
    QVERIFY(again.out.contains(QStringLiteral("not paused")));
    auto queue = openQueue(m_db);
    QVERIFY(!*queue->isPaused(QStringLiteral("erp")));
    auto audit = queue->auditLog(10);
    QCOMPARE(audit->at(0).action, QStringLiteral("resume"));
    QCOMPARE(audit->at(1).action, QStringLiteral("pause"));
    QCOMPARE(audit->at(1).reason, QStringLiteral("ERP maintenance until 14:00"));
    QVERIFY(audit->at(1).actor.startsWith(QStringLiteral("cli:")));
}

void TestCliTriage::retryMakesTheJobPendingOnce()
{
    const QStringList retry{QStringLiteral("--db"), m_db, QStringLiteral("dlq"), QStringLiteral("retry"),
                            QString::number(m_shopPrice)};
    const CliRun first = run(retry);
    QCOMPARE(first.exitCode, 0);
    QVERIFY2(first.out.contains(QStringLiteral("Retried 1 dead letter")), qPrintable(first.out));
    qint64 updatedAt = 0;
    {
        auto queue = openQueue(m_db);
        QVERIFY(queue);
        auto job = queue->job(m_shopPrice);
        QVERIFY(job);
        QCOMPARE(toString(job->state), toString(JobState::Pending));
        QCOMPARE(job->attempts, 0);
        updatedAt = job->updatedAt;
    }

    const CliRun second = run(retry);
    QCOMPARE(second.exitCode, 0);
    QVERIFY2(second.out.contains(QStringLiteral("Retried 0 dead letters")), qPrintable(second.out));
    QVERIFY2(second.out.contains(QStringLiteral("no longer dead")), qPrintable(second.out));
    QVERIFY(second.out.contains(QString::number(m_shopPrice)));
    auto queue = openQueue(m_db);
    auto job = queue->job(m_shopPrice);
    QCOMPARE(toString(job->state), toString(JobState::Pending));
    QCOMPARE(job->updatedAt, updatedAt);
    queue.reset();
    QCOMPARE(auditCount(m_shopPrice, QStringLiteral("retry")), 1);
    QCOMPARE(toString(stateOf(m_shopStock)), toString(JobState::Dead));
}

void TestCliTriage::discardWithoutReasonChangesNothing()
{
    for (const QStringList &extra :
         {QStringList(), QStringList{QStringLiteral("--reason"), QStringLiteral("  ")}}) {
        const CliRun r = run(QStringList{QStringLiteral("--db"), m_db, QStringLiteral("dlq"),
                                         QStringLiteral("discard"), QString::number(m_shopStock)} +
                             extra);
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains(QStringLiteral("--reason")), qPrintable(r.err));
        QVERIFY(r.out.isEmpty());
    }
    QCOMPARE(toString(stateOf(m_shopStock)), toString(JobState::Dead));
    QCOMPARE(auditCount(m_shopStock, QStringLiteral("discard")), 0);
}

void TestCliTriage::discardKeepsTheReasonInTheAuditLog()
{
    const QString reason = QStringLiteral("Product deleted in the shop on purpose");
    const CliRun r = run({QStringLiteral("--db"), m_db, QStringLiteral("dlq"), QStringLiteral("discard"),
                          QString::number(m_shopStock), QStringLiteral("--reason"), reason},
                         {{QStringLiteral("USER"), QStringLiteral("ops-alice")}});
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.contains(QStringLiteral("Discarded 1 dead letter")), qPrintable(r.out));
    QCOMPARE(toString(stateOf(m_shopStock)), toString(JobState::Discarded));
    auto queue = openQueue(m_db);
    auto log = queue->auditLog(10, m_shopStock);
    QVERIFY(log);
    QCOMPARE(log->size(), 1);
    QCOMPARE(log->first().action, QStringLiteral("discard"));
    QCOMPARE(log->first().reason, reason);
    QCOMPARE(log->first().actor, QStringLiteral("cli:ops-alice"));
    QCOMPARE(toString(queue->job(m_shopPrice)->state), toString(JobState::Dead));
}

void TestCliTriage::allMatchingTouchesOnlyMatchingJobs()
{
    const CliRun retry =
        run({QStringLiteral("--db"), m_db, QStringLiteral("dlq"), QStringLiteral("retry"),
             QStringLiteral("--all-matching"), QStringLiteral("--target"), QStringLiteral("erp"),
             QStringLiteral("--category"), QStringLiteral("permanent"), QStringLiteral("--json")});
    QCOMPARE(retry.exitCode, 0);
    const QJsonObject o = QJsonDocument::fromJson(retry.out.toUtf8()).object();
    QSet<qint64> changed;
    for (const QJsonValue &v : o.value(QStringLiteral("changed")).toArray())
        changed.insert(v.toInteger());
    QCOMPARE(changed, QSet<qint64>({m_erpOrder, m_erpCustomer}));
    QCOMPARE(toString(stateOf(m_erpOrder)), toString(JobState::Pending));
    QCOMPARE(toString(stateOf(m_erpCustomer)), toString(JobState::Pending));
    QCOMPARE(toString(stateOf(m_erpTimeout)), toString(JobState::Dead));
    QCOMPARE(toString(stateOf(m_shopPrice)), toString(JobState::Dead));
    QCOMPARE(toString(stateOf(m_shopStock)), toString(JobState::Dead));

    const CliRun dry =
        run({QStringLiteral("--db"), m_db, QStringLiteral("dlq"), QStringLiteral("discard"),
             QStringLiteral("--all-matching"), QStringLiteral("--error"), QStringLiteral("timed out"),
             QStringLiteral("--reason"), QStringLiteral("ERP outage, orders re-sent by hand"),
             QStringLiteral("--dry-run")});
    QCOMPARE(dry.exitCode, 0);
    QVERIFY2(dry.out.contains(QStringLiteral("Would discard 1 dead letter")), qPrintable(dry.out));
    QCOMPARE(toString(stateOf(m_erpTimeout)), toString(JobState::Dead));

    const CliRun discard =
        run({QStringLiteral("--db"), m_db, QStringLiteral("dlq"), QStringLiteral("discard"),
             QStringLiteral("--all-matching"), QStringLiteral("--error"), QStringLiteral("timed out"),
             QStringLiteral("--reason"), QStringLiteral("ERP outage, orders re-sent by hand")});
    QCOMPARE(discard.exitCode, 0);
    QCOMPARE(toString(stateOf(m_erpTimeout)), toString(JobState::Discarded));
    QCOMPARE(toString(stateOf(m_shopPrice)), toString(JobState::Dead));
    QCOMPARE(toString(stateOf(m_shopStock)), toString(JobState::Dead));
}

void TestCliTriage::allMatchingNeedsAFilterOrEverything()
{
    const CliRun refused = run({QStringLiteral("--db"), m_db, QStringLiteral("dlq"), QStringLiteral("retry"),
                                QStringLiteral("--all-matching")});
    QCOMPARE(refused.exitCode, 2);
    QVERIFY2(refused.err.contains(QStringLiteral("--everything")), qPrintable(refused.err));
    QCOMPARE(toString(stateOf(m_shopPrice)), toString(JobState::Dead));

    const CliRun everything =
        run({QStringLiteral("--db"), m_db, QStringLiteral("dlq"), QStringLiteral("retry"),
             QStringLiteral("--all-matching"), QStringLiteral("--everything")});
    QCOMPARE(everything.exitCode, 0);
    QVERIFY2(everything.out.contains(QStringLiteral("Retried 5 dead letters")), qPrintable(everything.out));
    for (qint64 id : {m_shopPrice, m_shopStock, m_erpOrder, m_erpTimeout, m_erpCustomer})
        QCOMPARE(toString(stateOf(id)), toString(JobState::Pending));
}

void TestCliTriage::newerSchemaIsRefusedAndLeftUnchanged()
{
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("tamper"));
        db.setDatabaseName(m_db);
        QVERIFY(db.open());
        QSqlQuery q(db);
        QVERIFY(q.exec(QStringLiteral("UPDATE meta SET value = '999' WHERE key = 'schema_version'")));
        QCOMPARE(q.numRowsAffected(), 1);
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("tamper"));
    const QByteArray before = fileHash(m_db);
    QVERIFY(!before.isEmpty());

    for (const QStringList &command :
         {QStringList{QStringLiteral("status")},
          QStringList{QStringLiteral("dlq"), QStringLiteral("retry"), QString::number(m_shopPrice)}}) {
        const CliRun r = run(QStringList{QStringLiteral("--db"), m_db} + command);
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QStringLiteral("newer SyncSmart")), qPrintable(r.err));
        QVERIFY(r.out.isEmpty());
    }
    QCOMPARE(fileHash(m_db), before);
}

void TestCliTriage::seedSampleFillsAnEmptyDatabaseOnly()
{
    struct Dead
    {
        QString target, kind, message;
        QByteArray payload;
        bool operator==(const Dead &o) const
        {
            return target == o.target && kind == o.kind && message == o.message && payload == o.payload;
        }
    };
    auto deadLetters = [&](const QString &path) {
        QVector<Dead> out;
        auto queue = openQueue(path);
        auto page = queue ? queue->deadLetters({}, 0, 10'000) : Result<DeadLetterPage>(Error{});
        if (page) {
            for (const Job &j : page->jobs)
                out.append({j.target, j.kind, j.lastError ? j.lastError->message : QString(), j.payload});
        }
        std::sort(out.begin(), out.end(), [](const Dead &a, const Dead &b) {
            return std::tie(a.target, a.kind, a.message, a.payload) <
                   std::tie(b.target, b.kind, b.message, b.payload);
        });
        return out;
    };

    const QString first = filePath(QStringLiteral("sample1.db"));
    const CliRun r = run({QStringLiteral("--db"), first, QStringLiteral("seed-sample")});
    QCOMPARE(r.exitCode, 0);
    QVERIFY2(r.out.contains(QStringLiteral("Seeded")), qPrintable(r.out));
    {
        auto queue = openQueue(first);
        QVERIFY(queue);
        auto counts = queue->counts();
        QVERIFY(counts);
        qint64 total = 0;
        for (qint64 n : counts->perState)
            total += n;
        QCOMPARE(total, 300);
        QVERIFY(counts->count(JobState::Dead) >= 30 && counts->count(JobState::Dead) <= 50);
        QVERIFY(counts->count(JobState::Pending) > 0);
        QVERIFY(counts->count(JobState::Done) > counts->count(JobState::Pending));
        QCOMPARE(counts->targets.size(), 2);
    }
    const QVector<Dead> dead = deadLetters(first);
    QStringList messages;
    for (const Dead &d : dead)
        messages << d.message;
    const QString all = messages.join(QLatin1Char('\n'));
    QVERIFY(all.contains(
        QStringLiteral("PrestaShop refused product SKU-1042: field price is invalid (code 85)")));
    QVERIFY(all.contains(QStringLiteral("Order #1234 line SKU-999: the ERP has no product with this SKU")));
    QVERIFY(all.contains(QStringLiteral("ERP timed out after 30 s (8 attempts)")));

    // A second run refuses: sample jobs never mix with others.
    const CliRun again = run({QStringLiteral("--db"), first, QStringLiteral("seed-sample")});
    QCOMPARE(again.exitCode, 1);
    QVERIFY2(again.err.contains(QStringLiteral("already holds 300 jobs")), qPrintable(again.err));
    QCOMPARE(deadLetters(first).size(), dead.size());

    // Same seed, same sample.
    const QString second = filePath(QStringLiteral("sample2.db"));
    QCOMPARE(run({QStringLiteral("--db"), second, QStringLiteral("seed-sample")}).exitCode, 0);
    QVERIFY(deadLetters(second) == dead);
}

QTEST_GUILESS_MAIN(TestCliTriage)
#include "tst_clitriage.moc"
