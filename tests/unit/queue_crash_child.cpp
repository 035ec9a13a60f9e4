// Child process of tst_queuecrash: enqueues, claims and acks jobs as fast as it can and reports each
// committed step on stdout, until the parent kills it with SIGKILL (or the work runs out).
// Usage: queue_crash_child DB FIRST_INDEX TOTAL SEED
#include "queue/sqlitejobqueue.h"

#include <QCoreApplication>
#include <QRandomGenerator>
#include <QThread>

#include <cstdio>

using namespace syncsmart;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() != 5) {
        std::fprintf(stderr, "usage: queue_crash_child DB FIRST_INDEX TOTAL SEED\n");
        return 2;
    }
    const int total = args[3].toInt();
    int next = args[2].toInt();
    QRandomGenerator rng(args[4].toUInt());
    const QString worker = QStringLiteral("child-%1").arg(QCoreApplication::applicationPid());

    auto queue = SqliteJobQueue::open({args[1]}, std::make_shared<SystemClock>());
    if (!queue) {
        std::fprintf(stderr, "%s\n", qPrintable(queue.error().toString()));
        return 1;
    }
    SqliteJobQueue &q = **queue;
    std::printf("READY\n");
    std::fflush(stdout);
    for (;;) {
        if (next < total) {
            const int n = std::min(total - next, 1 + int(rng.bounded(50)));
            QVector<NewJob> jobs;
            for (int i = next; i < next + n; ++i)
                jobs.append({QStringLiteral("t"), QStringLiteral("crash.test"), QStringLiteral("job-%1").arg(i),
                             QByteArray::number(i)});
            if (auto r = q.enqueueMany(jobs); !r) {
                std::fprintf(stderr, "enqueue: %s\n", qPrintable(r.error().toString()));
                return 1;
            }
            std::printf("ENQ %d %d\n", next, next + n - 1);
            std::fflush(stdout);
            next += n;
        }
        auto claimed = q.claim(QStringLiteral("t"), 1 + int(rng.bounded(40)), 300, worker);
        if (!claimed) {
            std::fprintf(stderr, "claim: %s\n", qPrintable(claimed.error().toString()));
            return 1;
        }
        if (claimed->isEmpty()) {
            if (next >= total && q.counts()->count(JobState::Pending) + q.counts()->count(JobState::Leased) == 0) {
                std::printf("DONE\n");
                std::fflush(stdout);
                return 0;
            }
            continue; // leases of a killed predecessor have not expired yet
        }
        QThread::usleep(rng.bounded(3000)); // the "work": a kill often lands between claim and ack
        // Now and then a claimed batch is abandoned, as a worker that stalls would.
        if (rng.bounded(10) == 0)
            continue;
        QVector<qint64> ids;
        for (const Job &j : *claimed)
            ids.append(j.id);
        auto acked = q.ack(ids, worker);
        if (!acked) {
            std::fprintf(stderr, "ack: %s\n", qPrintable(acked.error().toString()));
            return 1;
        }
        QByteArray line = "ACK";
        for (qint64 id : ids)
            line += ' ' + QByteArray::number(id);
        std::printf("%s\n", line.constData());
        std::fflush(stdout);
    }
}
