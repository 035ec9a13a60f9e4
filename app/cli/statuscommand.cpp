#include "clicommand.h"
#include "clioutput.h"

#include "queue/sqlitejobqueue.h"

#include <QDateTime>
#include <QJsonArray>

namespace syncsmart {

namespace {

class StatusCommand final : public CliCommand
{
public:
    QString name() const override { return QStringLiteral("status"); }
    QString summary() const override
    {
        return QStringLiteral("How many jobs are in each state, per target; paused targets");
    }
    QStringList usageLines() const override { return {QStringLiteral("[--json]")}; }
    QString description() const override
    {
        return QStringLiteral(
            "Counts the profile's jobs per state (pending, leased, done, dead, discarded), for each target\n"
            "and in total, and says which targets are paused and why.");
    }
    void addOptions(QCommandLineParser &parser) const override { parser.addOption(jsonOption()); }

    int run(CliContext &ctx) const override
    {
        if (Status s = expectNoArguments(ctx.parser()); !s)
            return ctx.fail(s.error());
        auto queue = ctx.openQueue(CliContext::OpenMode::ExistingOnly);
        if (!queue)
            return ctx.fail(queue.error());
        auto counts = (*queue)->counts();
        if (!counts)
            return ctx.fail(counts.error());
        if (ctx.parser().isSet(QStringLiteral("json")))
            printJson(ctx, *counts);
        else
            printText(ctx, *counts);
        return ExitOk;
    }

private:
    static void printJson(CliContext &ctx, const QueueCounts &counts)
    {
        QJsonArray targets;
        for (const TargetStatus &t : counts.targets) {
            targets.append(QJsonObject{
                {QStringLiteral("target"), t.target},
                {QStringLiteral("paused"), t.paused},
                {QStringLiteral("reason"), t.paused ? QJsonValue(ctx.clean(t.reason)) : QJsonValue()},
                {QStringLiteral("changedAt"), isoUtc(t.changedAt)},
                {QStringLiteral("counts"), stateCountsToJson(t.counts)},
            });
        }
        syncsmart::printJson(ctx.out(),
                             QJsonObject{
                                 {QStringLiteral("database"), ctx.databasePath()},
                                 {QStringLiteral("profile"),
                                  ctx.profile().isEmpty() ? QJsonValue() : QJsonValue(ctx.profile())},
                                 {QStringLiteral("counts"), stateCountsToJson(counts.perState)},
                                 {QStringLiteral("targets"), targets},
                             });
    }

    static void printText(CliContext &ctx, const QueueCounts &counts)
    {
        QTextStream &out = ctx.out();
        if (!ctx.profile().isEmpty())
            out << "Profile   " << ctx.profile() << '\n';
        out << "Database  " << ctx.databasePath() << "\n\n";

        QStringList headers{QStringLiteral("TARGET"), QStringLiteral("STATUS")};
        for (JobState s : allJobStates())
            headers << toString(s).toUpper();
        TextTable table(headers);
        for (int c = 2; c < headers.size(); ++c)
            table.setRightAligned(c);
        auto row = [](const QString &target, const QString &status, const QMap<JobState, qint64> &perState) {
            QStringList cells{target, status};
            for (JobState s : allJobStates())
                cells << QString::number(perState.value(s, 0));
            return cells;
        };
        for (const TargetStatus &t : counts.targets)
            table.addRow(
                row(t.target, t.paused ? QStringLiteral("paused") : QStringLiteral("active"), t.counts));
        table.addRow(row(QStringLiteral("all"), QString(), counts.perState));
        out << table.render();

        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        bool firstNote = true;
        auto note = [&](const QString &text) {
            out << (firstNote ? "\n" : "") << text << '\n';
            firstNote = false;
        };
        for (const TargetStatus &t : counts.targets) {
            if (t.paused)
                note(QStringLiteral("%1 is paused since %2 (%3): %4\n  Its jobs wait. Once that is fixed: %5")
                         .arg(t.target, localTimeShort(t.changedAt), ageText(t.changedAt, now),
                              singleLine(ctx.clean(t.reason)), ctx.suggest(QStringLiteral("resume ") + t.target)));
        }
        if (const qint64 dead = counts.count(JobState::Dead); dead > 0)
            note(QStringLiteral("%1 dead letter%2 wait%3 for a decision: %4")
                     .arg(dead)
                     .arg(dead == 1 ? QString() : QStringLiteral("s"))
                     .arg(dead == 1 ? QStringLiteral("s") : QString())
                     .arg(ctx.suggest(QStringLiteral("dlq list"))));
        out.flush();
    }
};

} // namespace

std::unique_ptr<CliCommand> makeStatusCommand()
{
    return std::make_unique<StatusCommand>();
}

} // namespace syncsmart
