// seed-sample: fills an empty profile with a realistic queue (done, pending and dead jobs between a
// shop and an ERP) through the real queue API, so the console and the CLI can be tried without peers.
#include "clicommand.h"
#include "samplejobs.h"

#include "queue/sqlitejobqueue.h"

#include <QDateTime>
#include <QRandomGenerator>

#include <algorithm>
#include <climits>
#include <optional>

namespace syncsmart {

namespace {

const QString kWorker = QStringLiteral("seed-sample");
constexpr qint64 kMinute = 60'000;
constexpr qint64 kHour = 60 * kMinute;
constexpr qint64 kLeaseMs = 5 * kMinute;

// Plays the sample through the queue on a clock that runs from three days ago to now, so ages,
// backoff delays and histories look like those of a real profile.
class SampleSeeder
{
public:
    SampleSeeder(JobQueue &queue, TestClock &clock, QRandomGenerator &rng)
        : m_queue(queue)
        , m_clock(clock)
        , m_rng(rng)
    {
    }

    Status run(const QVector<SampleJob> &jobs, qint64 nowMs)
    {
        QVector<SampleJob> exhausted, timeline, pendingRetrying, pending;
        for (const SampleJob &s : jobs) {
            switch (s.fate) {
            case SampleJob::Fate::DeadExhausted:
                exhausted.append(s);
                break;
            case SampleJob::Fate::PendingRetrying:
                pendingRetrying.append(s);
                break;
            case SampleJob::Fate::Pending:
                pending.append(s);
                break;
            default:
                timeline.append(s);
                break;
            }
        }
        std::shuffle(timeline.begin(), timeline.end(), m_rng);

        m_clock.setMs(nowMs - 72 * kHour);
        // An ERP outage and a shop maintenance window: these jobs use up their attempts together.
        if (Status s = exhaust(exhausted); !s)
            return s;
        // Then ordinary traffic, with the permanent failures among it, up to about an hour ago.
        // Random gaps scaled to the time left, so the last one lands an hour ago and none in the future.
        const qint64 start = m_clock.nowMs();
        const qint64 budget = std::max<qint64>(kHour, nowMs - kHour - start);
        QVector<double> at;
        double sum = 0;
        for (int i = 0; i < timeline.size(); ++i)
            at.append(sum += 0.5 + m_rng.generateDouble());
        for (int i = 0; i < timeline.size(); ++i) {
            m_clock.setMs(std::max(m_clock.nowMs(), start + qint64(budget * at.at(i) / sum)));
            if (Status st = runOne(timeline.at(i)); !st)
                return st;
        }
        // The last minutes: work not done yet, some of it waiting for a retry.
        m_clock.setMs(std::max(m_clock.nowMs(), nowMs - 20 * kMinute));
        QHash<qint64, Error> retrying;
        for (const SampleJob &s : pendingRetrying) {
            m_clock.advanceMs(5'000 + m_rng.bounded(20'000));
            auto id = enqueue(s);
            if (!id)
                return id.error();
            retrying.insert(*id, s.error);
        }
        for (const QString &target : {QStringLiteral("shop"), QStringLiteral("erp")}) {
            auto claimed = m_queue.claim(target, 10'000, kLeaseMs, kWorker);
            if (!claimed)
                return claimed.error();
            for (const Job &job : *claimed) {
                const bool overloaded = job.target == QLatin1String("erp"); // its 429 says when to come back
                auto failed = m_queue.fail(job.id, kWorker, retrying.value(job.id),
                                           overloaded ? std::optional<qint64>(120'000) : std::nullopt);
                if (!failed)
                    return failed.error();
            }
        }
        for (const SampleJob &s : pending) {
            m_clock.advanceMs(3'000 + m_rng.bounded(15'000));
            if (auto id = enqueue(s); !id)
                return id.error();
        }
        return {};
    }

private:
    Result<qint64> enqueue(const SampleJob &s)
    {
        auto outcome = m_queue.enqueue(s.job);
        if (!outcome)
            return outcome.error();
        return outcome->jobId;
    }

    // Claims the one job just enqueued: the sample never leaves other due jobs on the target.
    Status claimExpected(const QString &target, qint64 id)
    {
        auto claimed = m_queue.claim(target, 1, kLeaseMs, kWorker);
        if (!claimed)
            return claimed.error();
        if (claimed->size() != 1 || claimed->first().id != id)
            return Error::permanent(
                QStringLiteral("cli.seed_order"),
                QStringLiteral("seed-sample expected to claim job %1 on %2; the database is not "
                               "empty any more (is something else writing to it?).")
                    .arg(id)
                    .arg(target));
        return {};
    }

    Status runOne(const SampleJob &s)
    {
        auto id = enqueue(s);
        if (!id)
            return id.error();
        if (Status st = claimExpected(s.job.target, *id); !st)
            return st;
        if (s.fate == SampleJob::Fate::DeadPermanent) {
            auto failed = m_queue.fail(*id, kWorker, s.error);
            return failed ? Status() : Status(failed.error());
        }
        if (s.fate == SampleJob::Fate::DoneAfterRetry) {
            auto failed = m_queue.fail(*id, kWorker, s.error);
            if (!failed)
                return failed.error();
            m_clock.setMs(std::max(m_clock.nowMs(), failed->nextAttemptAt) + 1'000);
            if (Status st = claimExpected(s.job.target, *id); !st)
                return st;
        }
        auto acked = m_queue.ack({*id}, kWorker);
        return acked ? Status() : Status(acked.error());
    }

    Status exhaust(const QVector<SampleJob> &jobs)
    {
        QHash<qint64, Error> errors;
        for (const SampleJob &s : jobs) {
            m_clock.advanceMs(kMinute + m_rng.bounded(5 * kMinute));
            auto id = enqueue(s);
            if (!id)
                return id.error();
            errors.insert(*id, s.error);
        }
        for (int round = 0; round < 50 && !errors.isEmpty(); ++round) {
            qint64 nextRound = 0;
            for (const QString &target : {QStringLiteral("shop"), QStringLiteral("erp")}) {
                auto claimed = m_queue.claim(target, 10'000, kLeaseMs, kWorker);
                if (!claimed)
                    return claimed.error();
                for (const Job &job : *claimed) {
                    m_clock.advanceMs(200 + m_rng.bounded(3'000)); // each request waits for its own timeout
                    Error e = errors.value(job.id);
                    if (job.attempts >= job.maxAttempts)
                        e.message += QStringLiteral(" (%1 attempts)").arg(job.attempts);
                    auto failed = m_queue.fail(job.id, kWorker, e);
                    if (!failed)
                        return failed.error();
                    if (failed->state == JobState::Dead)
                        errors.remove(job.id);
                    else
                        nextRound = std::max(nextRound, failed->nextAttemptAt);
                }
            }
            m_clock.setMs(std::max(m_clock.nowMs(), nextRound) + m_rng.bounded(30'000));
        }
        return {};
    }

    JobQueue &m_queue;
    TestClock &m_clock;
    QRandomGenerator &m_rng;
};

class SeedSampleCommand final : public CliCommand
{
public:
    QString name() const override { return QStringLiteral("seed-sample"); }
    QString summary() const override
    {
        return QStringLiteral("Fill an empty profile with a realistic sample queue, to try things out");
    }
    QStringList usageLines() const override { return {QStringLiteral("[--count N] [--seed N]")}; }
    QString description() const override
    {
        return QStringLiteral(
            "Creates the profile's database if needed and fills it with a sample: jobs between a shop\n"
            "and an ERP (prices, stock, descriptions, orders, customers) over the last three days, most\n"
            "done, some pending, and about one in eight dead with the errors real peers give. The same\n"
            "--seed gives the same jobs. Refuses a database that already holds jobs, so sample jobs\n"
            "never mix with real ones: use a profile of its own, e.g. --profile sample.");
    }
    void addOptions(QCommandLineParser &parser) const override
    {
        parser.addOptions({
            {QStringLiteral("count"),
             QStringLiteral("How many jobs (default 300: about 40 dead, 60 pending)."), QStringLiteral("n")},
            {QStringLiteral("seed"), QStringLiteral("Seed of the generator (default 1)."),
             QStringLiteral("n")},
        });
    }

    int run(CliContext &ctx) const override
    {
        if (Status s = expectNoArguments(ctx.parser()); !s)
            return ctx.fail(s.error());
        auto count = intOption(ctx.parser(), QStringLiteral("count"), 300, 20, 20'000);
        if (!count)
            return ctx.fail(count.error());
        auto seed = intOption(ctx.parser(), QStringLiteral("seed"), 1, 0, INT_MAX);
        if (!seed)
            return ctx.fail(seed.error());

        QRandomGenerator rng{quint32(*seed)};
        auto clock = std::make_shared<TestClock>(QDateTime::currentMSecsSinceEpoch());
        RetryPolicy policy;
        policy.jitter = [&rng]() { return rng.generateDouble(); };
        auto queue = ctx.openQueue(CliContext::OpenMode::CreateIfMissing, clock, policy, true);
        if (!queue)
            return ctx.fail(queue.error());
        auto before = (*queue)->counts();
        if (!before)
            return ctx.fail(before.error());
        qint64 existing = 0;
        for (qint64 n : before->perState)
            existing += n;
        if (existing > 0)
            return ctx.fail(Error::config(
                QStringLiteral("cli.not_empty"),
                QStringLiteral(
                    "%1 already holds %2 jobs. seed-sample only fills an empty database, so sample jobs "
                    "never mix with real ones: use a profile of its own (--profile sample) or a new --db "
                    "file. Nothing was changed.")
                    .arg(ctx.databasePath())
                    .arg(existing)));

        SampleSeeder seeder(**queue, *clock, rng);
        if (Status s = seeder.run(buildSampleJobs(rng, *count), QDateTime::currentMSecsSinceEpoch()); !s)
            return ctx.fail(s.error());
        auto after = (*queue)->counts();
        if (!after)
            return ctx.fail(after.error());
        QTextStream &out = ctx.out();
        out << "Seeded " << ctx.databasePath() << " with a sample of " << *count
            << " jobs: " << after->count(JobState::Done) << " done, " << after->count(JobState::Pending)
            << " pending, " << after->count(JobState::Dead) << " dead.\n"
            << "Try:  " << ctx.suggest(QStringLiteral("status")) << "\n      "
            << ctx.suggest(QStringLiteral("dlq list")) << '\n';
        out.flush();
        return ExitOk;
    }
};

} // namespace

std::unique_ptr<CliCommand> makeSeedSampleCommand()
{
    return std::make_unique<SeedSampleCommand>();
}

} // namespace syncsmart
