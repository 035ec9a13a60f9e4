// Child process of tst_queuecrash: enqueues, claims and acks jobs as fast as it can until the parent
// kills it with SIGKILL (or the work runs out). It prints, flushed, what it is about to commit and
// what it committed, so the parent can tell a transaction cut by the kill from one that landed:
//   READY                                  the database is open
//   BEGIN ENQ <lane> <first> <last>        before enqueueMany of keys <lane>-<first>..<lane>-<last>
//   ENQ <lane> <first> <last>              after it committed
//   CLAIMED <nowMs> <leaseUntilMs> <id>... after a claim committed (the queue's own timestamps)
//   BEGIN ACK <id>... / ACK <id>...        before and after an ack
//   DONE                                   nothing left to enqueue, claim or ack
// Usage: queue_crash_child DB SEED LEASE_MS LANE:FIRST:END... (END exclusive; FIRST == END: enqueue nothing)
#include "queue/sqlitejobqueue.h"

#include <QCoreApplication>
#include <QRandomGenerator>
#include <QThread>

#include <algorithm>
#include <cstdio>

using namespace syncsmart;

namespace {

struct Lane
{
    QString name;
    int next = 0;
    int end = 0;
};

void say(const QByteArray &line)
{
    std::fwrite(line.constData(), 1, size_t(line.size()), stdout);
    std::fputc('\n', stdout);
    std::fflush(stdout);
}

QByteArray idList(const QVector<qint64> &ids)
{
    QByteArray out;
    for (qint64 id : ids)
        out += ' ' + QByteArray::number(id);
    return out;
}

int fail(const char *what, const Error &error)
{
    std::fprintf(stderr, "%s: %s\n", what, qPrintable(error.toString()));
    return 1;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    QVector<Lane> lanes;
    for (int i = 4; i < args.size(); ++i) {
        const QStringList parts = args[i].split(QLatin1Char(':'));
        if (parts.size() == 3)
            lanes.append({parts[0], parts[1].toInt(), parts[2].toInt()});
    }
    if (args.size() < 5 || lanes.size() != args.size() - 4) {
        std::fprintf(stderr, "usage: queue_crash_child DB SEED LEASE_MS LANE:FIRST:END...\n");
        return 2;
    }
    QRandomGenerator rng(args[2].toUInt());
    const qint64 leaseMs = args[3].toLongLong();
    const QString worker = QStringLiteral("child-%1").arg(QCoreApplication::applicationPid());

    auto queue = SqliteJobQueue::open({args[1]}, std::make_shared<SystemClock>());
    if (!queue)
        return fail("open", queue.error());
    SqliteJobQueue &q = **queue;
    say("READY");
    for (int round = 0;; ++round) {
        Lane &lane = lanes[round % lanes.size()];
        if (lane.next < lane.end) {
            const int n = std::min(lane.end - lane.next, 1 + int(rng.bounded(50)));
            const QByteArray range = lane.name.toUtf8() + ' ' + QByteArray::number(lane.next) + ' ' +
                                     QByteArray::number(lane.next + n - 1);
            QVector<NewJob> jobs;
            for (int i = lane.next; i < lane.next + n; ++i)
                jobs.append({QStringLiteral("t"), QStringLiteral("crash.") + lane.name,
                             QStringLiteral("%1-%2").arg(lane.name).arg(i), QByteArray::number(i)});
            say("BEGIN ENQ " + range);
            if (auto r = q.enqueueMany(jobs); !r)
                return fail("enqueue", r.error());
            say("ENQ " + range);
            lane.next += n;
        }
        // Claims a little more than is enqueued per round, so the backlog stays small.
        auto claimed = q.claim(QStringLiteral("t"), 1 + int(rng.bounded(60)), leaseMs, worker);
        if (!claimed)
            return fail("claim", claimed.error());
        if (claimed->isEmpty()) {
            const bool enqueuing =
                std::any_of(lanes.begin(), lanes.end(), [](const Lane &l) { return l.next < l.end; });
            auto counts = q.counts();
            if (!counts)
                return fail("counts", counts.error());
            if (!enqueuing && counts->count(JobState::Pending) + counts->count(JobState::Leased) == 0) {
                say("DONE");
                return 0;
            }
            QThread::usleep(1000); // leases of a killed worker have not expired yet
            continue;
        }
        // The claim's "now" is the updated_at it wrote; all jobs of one claim share it and the lease end.
        QVector<qint64> ids;
        for (const Job &j : *claimed) {
            if (j.updatedAt != claimed->first().updatedAt || j.leaseUntil != claimed->first().leaseUntil) {
                std::fprintf(stderr, "claim: jobs of one claim carry different timestamps\n");
                return 1;
            }
            ids.append(j.id);
        }
        say("CLAIMED " + QByteArray::number(claimed->first().updatedAt) + ' ' +
            QByteArray::number(claimed->first().leaseUntil) + idList(ids));
        QThread::usleep(rng.bounded(3000)); // the "work": a kill often lands between claim and ack
        // Now and then a claimed batch is abandoned, as a worker that stalls would.
        if (rng.bounded(10) == 0)
            continue;
        say("BEGIN ACK" + idList(ids));
        auto acked = q.ack(ids, worker);
        if (!acked)
            return fail("ack", acked.error());
        if (*acked != ids.size()) {
            std::fprintf(stderr, "ack: only %d of %d jobs claimed by %s were still its own\n", *acked,
                         int(ids.size()), qPrintable(worker));
            return 1;
        }
        say("ACK" + idList(ids));
    }
}
