// Two worker processes enqueue, claim and ack against one SQLite queue and are killed with SIGKILL at
// independent random moments, many times over. After every kill the test checks what the children
// said they were doing against the database: a batch or an ack cut by the kill landed wholly or not
// at all, everything confirmed is there, and no job was handed out while another lease on it was
// live. At the end a last worker drains the queue: every key exactly once, all done, file intact.
#include "queue/sqlitejobqueue.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QHash>
#include <QProcess>
#include <QRandomGenerator>
#include <QSet>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <optional>

using namespace syncsmart;

namespace {

// Short, so a cut ack is checked well before anyone could re-claim its jobs, and killed workers'
// jobs come back within the run.
constexpr qint64 kLeaseMs = 1000;
constexpr int kLaneSpan = 10'000'000; // children enqueue until killed; the database says how far they got
const QStringList kLanes{QStringLiteral("a"), QStringLiteral("b")};

struct Range
{
    QString lane;
    int first = 0;
    int last = 0;
    int size() const { return last - first + 1; }
    QString describe() const { return QStringLiteral("%1-%2..%1-%3").arg(lane).arg(first).arg(last); }
};

struct Claim
{
    qint64 now = 0;
    qint64 leaseUntil = 0;
    QVector<qint64> ids;
    QString child;
};

// What one child printed, complete lines only (a line cut by the kill is dropped).
struct Report
{
    QString child;
    QVector<Range> enqueued;
    std::optional<Range> enqueueCut; // BEGIN ENQ without its ENQ
    QVector<Claim> claims;
    QVector<qint64> acked;
    QVector<qint64> ackCut; // BEGIN ACK without its ACK
    qint64 ackCutLeaseUntil = 0;
    bool done = false;
    QString malformed;
};

Report parseReport(const QString &child, const QByteArray &out)
{
    Report r;
    r.child = child;
    QList<QByteArray> lines = out.split('\n');
    lines.removeLast(); // empty, or a line the kill cut short
    auto ids = [](const QList<QByteArray> &parts, int from) {
        QVector<qint64> v;
        for (int i = from; i < parts.size(); ++i)
            v.append(parts[i].toLongLong());
        return v;
    };
    for (const QByteArray &line : lines) {
        const QList<QByteArray> p = line.split(' ');
        if (p.size() == 5 && p[0] == "BEGIN" && p[1] == "ENQ") {
            r.enqueueCut = Range{QString::fromUtf8(p[2]), p[3].toInt(), p[4].toInt()};
        } else if (p.size() == 4 && p[0] == "ENQ") {
            const Range range{QString::fromUtf8(p[1]), p[2].toInt(), p[3].toInt()};
            if (!r.enqueueCut || r.enqueueCut->describe() != range.describe())
                r.malformed = QStringLiteral("ENQ %1 without its BEGIN").arg(range.describe());
            r.enqueued.append(range);
            r.enqueueCut.reset();
        } else if (p.size() >= 4 && p[0] == "CLAIMED") {
            r.claims.append({p[1].toLongLong(), p[2].toLongLong(), ids(p, 3), child});
        } else if (p.size() >= 3 && p[0] == "BEGIN" && p[1] == "ACK") {
            r.ackCut = ids(p, 2);
            if (r.claims.isEmpty() || r.claims.last().ids != r.ackCut)
                r.malformed = QStringLiteral("an ack of jobs that were not the last claim");
            else
                r.ackCutLeaseUntil = r.claims.last().leaseUntil;
        } else if (p.size() >= 2 && p[0] == "ACK") {
            if (ids(p, 1) != r.ackCut)
                r.malformed = QStringLiteral("ACK without its BEGIN");
            r.acked += r.ackCut;
            r.ackCut.clear();
        } else if (line == "DONE") {
            r.done = true;
        } else if (line != "READY") {
            r.malformed = QStringLiteral("unexpected line \"%1\"").arg(QString::fromUtf8(line));
        }
    }
    return r;
}

QString idsSql(const QVector<qint64> &ids)
{
    QStringList s;
    for (qint64 id : ids)
        s.append(QString::number(id));
    return s.join(QLatin1Char(','));
}

// Everything the children reported so far, checked against the database after every kill.
class CrashLedger
{
public:
    explicit CrashLedger(Database &db)
        : m_db(db)
    {
    }

    int cutEnqueuesChecked = 0;
    int cutAcksChecked = 0;
    int cutAcksTooLate = 0;
    int claimsSeen = 0;
    int jobClaimsSeen = 0;
    int reclaimsAfterExpiry = 0;
    qint64 ackedTotal() const { return m_acked.size(); }

    // The highest key index of a lane in the database, -1 if none: the next child starts after it, so
    // a batch cut by a kill is never merged into a later one by its idempotency keys.
    int highestIndex(const QString &lane) const
    {
        QSqlQuery q(m_db.handle());
        q.prepare(
            QStringLiteral("SELECT COALESCE(MAX(CAST(payload AS INTEGER)), -1) FROM jobs WHERE kind = ?"));
        q.addBindValue(QStringLiteral("crash.") + lane);
        return q.exec() && q.next() ? q.value(0).toInt() : -2;
    }

    // Run first after the kills: a cut ack is only all-or-none until its lease ends (then another
    // worker may take and ack some of its jobs), so it is judged only if the answer came before that.
    QString checkCutAcks(const QVector<Report> &reports)
    {
        for (const Report &r : reports) {
            if (r.ackCut.isEmpty())
                continue;
            const qint64 done =
                count(QStringLiteral("SELECT COUNT(*) FROM jobs WHERE state = 'done' AND id IN (%1)")
                          .arg(idsSql(r.ackCut)));
            if (QDateTime::currentMSecsSinceEpoch() >= r.ackCutLeaseUntil) {
                ++cutAcksTooLate;
                continue;
            }
            ++cutAcksChecked;
            if (done != 0 && done != r.ackCut.size())
                return QStringLiteral(
                           "%1 was killed in an ack of %2 jobs and %3 of them are done: an ack must "
                           "land wholly or not at all (jobs %4)")
                    .arg(r.child)
                    .arg(r.ackCut.size())
                    .arg(done)
                    .arg(idsSql(r.ackCut));
        }
        return {};
    }

    QString checkEnqueues(const QVector<Report> &reports)
    {
        for (const Report &r : reports) {
            for (const Range &range : r.enqueued) {
                const auto [rows, keys] = rowsAndKeys(range);
                if (rows != range.size() || keys != range.size())
                    return QStringLiteral(
                               "%1 enqueued %2 (%3 jobs) and the database holds %4 rows with %5 distinct "
                               "keys of it")
                        .arg(r.child, range.describe())
                        .arg(range.size())
                        .arg(rows)
                        .arg(keys);
            }
            if (r.enqueueCut) {
                ++cutEnqueuesChecked;
                const Range &range = *r.enqueueCut;
                const auto [rows, keys] = rowsAndKeys(range);
                if (rows != keys || (rows != 0 && rows != range.size()))
                    return QStringLiteral(
                               "%1 was killed while enqueueing %2 (%3 jobs) and the database holds %4 "
                               "rows with %5 distinct keys of it: a batch must land wholly or not at all")
                        .arg(r.child, range.describe())
                        .arg(range.size())
                        .arg(rows)
                        .arg(keys);
            }
        }
        return {};
    }

    // No job is claimed while an earlier lease on it is live, and none is claimed once acked.
    QString checkClaims(const QVector<Report> &reports)
    {
        QVector<Claim> claims;
        for (const Report &r : reports)
            claims += r.claims;
        // Claims of one job are serialised by the write lock and stamped inside it: time order is commit
        // order.
        std::stable_sort(claims.begin(), claims.end(),
                         [](const Claim &x, const Claim &y) { return x.now < y.now; });
        for (const Claim &c : claims) {
            ++claimsSeen;
            jobClaimsSeen += c.ids.size();
            for (qint64 id : c.ids) {
                if (m_acked.contains(id))
                    return QStringLiteral(
                               "job %1 was acked in an earlier round and %2 claimed it again at %3")
                        .arg(id)
                        .arg(c.child)
                        .arg(c.now);
                const auto previous = m_lastClaim.constFind(id);
                if (previous != m_lastClaim.cend()) {
                    if (c.now < previous->leaseUntil)
                        return QStringLiteral(
                                   "job %1 was handed out twice: %2 claimed it at %3 with a lease until "
                                   "%4, and %5 claimed it at %6 while that lease was live")
                            .arg(id)
                            .arg(previous->child)
                            .arg(previous->now)
                            .arg(previous->leaseUntil)
                            .arg(c.child)
                            .arg(c.now);
                    ++reclaimsAfterExpiry;
                }
                m_lastClaim.insert(id, c);
            }
        }
        return {};
    }

    QString checkAcks(const QVector<Report> &reports)
    {
        QSet<qint64> done;
        QSqlQuery q(m_db.handle());
        q.setForwardOnly(true);
        if (!q.exec(QStringLiteral("SELECT id FROM jobs WHERE state = 'done'")))
            return QStringLiteral("reading done jobs failed");
        while (q.next())
            done.insert(q.value(0).toLongLong());
        for (const Report &r : reports) {
            for (qint64 id : r.acked) {
                if (!done.contains(id))
                    return QStringLiteral("%1 acked job %2 and it is not done").arg(r.child).arg(id);
                m_acked.insert(id);
            }
        }
        for (qint64 id : std::as_const(m_acked))
            if (!done.contains(id))
                return QStringLiteral("job %1 was acked and is no longer done").arg(id);
        return {};
    }

    qint64 count(const QString &sql) const
    {
        QSqlQuery q(m_db.handle());
        return q.exec(sql) && q.next() ? q.value(0).toLongLong() : -1;
    }

private:
    std::pair<qint64, qint64> rowsAndKeys(const Range &range) const
    {
        QSqlQuery q(m_db.handle());
        q.prepare(
            QStringLiteral("SELECT COUNT(*), COUNT(DISTINCT idempotency_key) FROM jobs WHERE kind = ? AND "
                           "CAST(payload AS INTEGER) BETWEEN ? AND ?"));
        q.addBindValue(QStringLiteral("crash.") + range.lane);
        q.addBindValue(range.first);
        q.addBindValue(range.last);
        if (!q.exec() || !q.next())
            return {-1, -1};
        return {q.value(0).toLongLong(), q.value(1).toLongLong()};
    }

    Database &m_db;
    QHash<qint64, Claim> m_lastClaim;
    QSet<qint64> m_acked;
};

} // namespace

class TestQueueCrash : public QObject
{
    Q_OBJECT

    QString m_db;
    QProcessEnvironment m_env;

    void start(QProcess &child, quint32 seed, const QStringList &lanes)
    {
        child.setProcessEnvironment(m_env);
        child.start(QStringLiteral(QUEUE_CRASH_CHILD),
                    QStringList{m_db, QString::number(seed), QString::number(kLeaseMs)} + lanes);
    }

    // A child that stopped on its own must have finished cleanly; any child must have been silent on stderr.
    static QString exitProblem(QProcess &child, const Report &r, bool killed)
    {
        const QByteArray err = child.readAllStandardError();
        if (!err.isEmpty())
            return QStringLiteral("%1 wrote to stderr: %2").arg(r.child, QString::fromUtf8(err));
        if (!r.malformed.isEmpty())
            return QStringLiteral("%1 printed a bad report: %2").arg(r.child, r.malformed);
        if (!killed && (child.exitStatus() != QProcess::NormalExit || child.exitCode() != 0 || !r.done))
            return QStringLiteral("%1 stopped on its own with exit code %2 before it was done")
                .arg(r.child)
                .arg(child.exitCode());
        return {};
    }

private Q_SLOTS:
    void noJobLostDuplicatedOrDoublyLeasedAcrossKills()
    {
        const int cycles = qEnvironmentVariableIntValue("CRASH_CYCLES") > 0
                               ? qEnvironmentVariableIntValue("CRASH_CYCLES")
                               : 60;
        const quint32 seed = qEnvironmentVariableIsSet("CRASH_SEED")
                                 ? quint32(qEnvironmentVariableIntValue("CRASH_SEED"))
                                 : 20261203u;
        QTemporaryDir dir;
        m_db = dir.filePath(QStringLiteral("crash.db"));
        m_env = QProcessEnvironment::systemEnvironment();
        m_env.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("core.*.info=false"));
        QRandomGenerator rng(seed);
        int killsMidWork = 0;

        // Created (and migrated) here, before any child opens it.
        auto checker = SqliteJobQueue::open({m_db}, std::make_shared<SystemClock>());
        QVERIFY(checker.ok());
        CrashLedger ledger((*checker)->database());

        for (int cycle = 0; cycle < cycles; ++cycle) {
            // Two workers in separate key lanes compete for the same target's jobs.
            QProcess children[2];
            QStringList names;
            for (int i = 0; i < 2; ++i) {
                const int first = ledger.highestIndex(kLanes[i]) + 1;
                QVERIFY(first >= 0);
                names.append(QStringLiteral("child %1%2 (from %1-%3)").arg(kLanes[i]).arg(cycle).arg(first));
                start(children[i], rng.generate(),
                      {QStringLiteral("%1:%2:%3").arg(kLanes[i]).arg(first).arg(first + kLaneSpan)});
            }
            for (QProcess &child : children) {
                QVERIFY(child.waitForStarted());
                QVERIFY(child.waitForReadyRead(10'000)); // READY: the database is open
            }
            QElapsedTimer clock;
            clock.start();
            int killAt[2] = {10 + int(rng.bounded(150)), 10 + int(rng.bounded(150))};
            bool killed[2] = {false, false};
            const int order[2] = {killAt[0] <= killAt[1] ? 0 : 1, killAt[0] <= killAt[1] ? 1 : 0};
            for (int i : order) {
                QTest::qWait(std::max(0, killAt[i] - int(clock.elapsed())));
                if (children[i].state() == QProcess::Running) {
                    children[i].kill(); // SIGKILL: no chance to finish a transaction or flush anything
                    killed[i] = true;
                    ++killsMidWork;
                }
            }
            QVector<Report> reports;
            for (int i = 0; i < 2; ++i) {
                QVERIFY(children[i].state() == QProcess::NotRunning || children[i].waitForFinished(10'000));
                reports.append(parseReport(names[i], children[i].readAllStandardOutput()));
            }
            // Claims first (no database, and a double delivery explains any odd ack after it), then cut
            // acks while their leases still hold.
            const QString claims = ledger.checkClaims(reports);
            QVERIFY2(claims.isEmpty(), qPrintable(claims));
            const QString cutAcks = ledger.checkCutAcks(reports);
            QVERIFY2(cutAcks.isEmpty(), qPrintable(cutAcks));
            const QString enqueues = ledger.checkEnqueues(reports);
            QVERIFY2(enqueues.isEmpty(), qPrintable(enqueues));
            const QString acks = ledger.checkAcks(reports);
            QVERIFY2(acks.isEmpty(), qPrintable(acks));
            for (int i = 0; i < 2; ++i) {
                const QString exit = exitProblem(children[i], reports[i], killed[i]);
                QVERIFY2(exit.isEmpty(), qPrintable(exit));
            }
        }
        QVERIFY2(killsMidWork >= cycles, "the children finished too early to be killed mid-work");
        // About 35 of each land in a default run; none at all would mean the kills miss the transactions.
        if (cycles >= 30)
            QVERIFY2(ledger.cutEnqueuesChecked > 0 && ledger.cutAcksChecked > 0,
                     "no kill landed inside an enqueue or an ack, so all-or-none went unchecked");

        // A last worker, left alone, finishes everything, picking up the leases the dead ones held.
        const int ends[2] = {ledger.highestIndex(kLanes[0]) + 1, ledger.highestIndex(kLanes[1]) + 1};
        QProcess last;
        start(last, 1, {QStringLiteral("a:%1:%1").arg(ends[0]), QStringLiteral("b:%1:%1").arg(ends[1])});
        QVERIFY(last.waitForFinished(120'000));
        const QVector<Report> lastReport{
            parseReport(QStringLiteral("the draining child"), last.readAllStandardOutput())};
        const QString lastClaims = ledger.checkClaims(lastReport);
        QVERIFY2(lastClaims.isEmpty(), qPrintable(lastClaims));
        const QString lastAcks = ledger.checkAcks(lastReport);
        QVERIFY2(lastAcks.isEmpty(), qPrintable(lastAcks));
        const QString lastExit = exitProblem(last, lastReport.first(), false);
        QVERIFY2(lastExit.isEmpty(), qPrintable(lastExit));

        QSqlQuery s((*checker)->database().handle());
        QVERIFY(s.exec(QStringLiteral("PRAGMA integrity_check")) && s.next());
        QCOMPARE(s.value(0).toString(), QStringLiteral("ok"));
        s.finish();
        // Every key of every lane exactly once: nothing lost, nothing enqueued twice; and all done.
        for (int i = 0; i < 2; ++i) {
            const QString lane = QStringLiteral("'crash.%1'").arg(kLanes[i]);
            QCOMPARE(ledger.count(QStringLiteral("SELECT COUNT(*) FROM jobs WHERE kind = %1").arg(lane)),
                     qint64(ends[i]));
            QCOMPARE(ledger.count(
                         QStringLiteral("SELECT COUNT(DISTINCT idempotency_key) FROM jobs WHERE kind = %1")
                             .arg(lane)),
                     qint64(ends[i]));
            QCOMPARE(
                ledger.count(QStringLiteral("SELECT COUNT(DISTINCT CAST(payload AS INTEGER)) FROM jobs WHERE "
                                            "kind = %1 AND CAST(payload AS INTEGER) BETWEEN 0 AND %2")
                                 .arg(lane)
                                 .arg(ends[i] - 1)),
                qint64(ends[i]));
        }
        QCOMPARE(ledger.count(QStringLiteral("SELECT COUNT(*) FROM jobs WHERE state <> 'done'")), qint64(0));
        QCOMPARE(ledger.count(QStringLiteral("SELECT COUNT(*) FROM jobs")), qint64(ends[0] + ends[1]));

        qInfo("seed %u: %d cycles, %d kills mid-work, %d+%d jobs all done exactly once", seed, cycles,
              killsMidWork, ends[0], ends[1]);
        qInfo("%d cut batches and %d cut acks checked all-or-none (%d cut acks too late to judge); %d claims "
              "of %d "
              "jobs, %d of them after an earlier lease expired; %lld acks confirmed",
              ledger.cutEnqueuesChecked, ledger.cutAcksChecked, ledger.cutAcksTooLate, ledger.claimsSeen,
              ledger.jobClaimsSeen, ledger.reclaimsAfterExpiry, ledger.ackedTotal());
    }
};

QTEST_GUILESS_MAIN(TestQueueCrash)
#include "tst_queuecrash.moc"
