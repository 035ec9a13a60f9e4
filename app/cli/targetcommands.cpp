#include "clicommand.h"

#include "queue/sqlitejobqueue.h"

namespace syncsmart {

namespace {

// The circuit breaker by hand: an operator stops a peer's jobs (maintenance) or lets them run again
// after fixing what paused it (a rejected API key pauses its target on its own).
class TargetCommand final : public CliCommand
{
public:
    explicit TargetCommand(bool pause) : m_pause(pause) {}

    QString name() const override { return m_pause ? QStringLiteral("pause") : QStringLiteral("resume"); }
    QString summary() const override
    {
        return m_pause ? QStringLiteral("Hold a target's jobs (they wait without using attempts)")
                       : QStringLiteral("Let a paused target's jobs run again");
    }
    QStringList usageLines() const override
    {
        return {m_pause ? QStringLiteral("TARGET --reason TEXT") : QStringLiteral("TARGET")};
    }
    QString description() const override
    {
        return m_pause ? QStringLiteral(
                             "Pauses a target (a peer such as \"shop\" or \"erp\"): its jobs stay pending and use no\n"
                             "attempts until it is resumed. The reason is shown in status and kept in the audit log.")
                       : QStringLiteral(
                             "Resumes a paused target: its waiting jobs run again. Fix what paused it first (status\n"
                             "shows the reason, e.g. an API key the peer refused). The action is kept in the audit log.");
    }
    void addOptions(QCommandLineParser &parser) const override
    {
        if (m_pause)
            parser.addOption({QStringLiteral("reason"), QStringLiteral("Why the target is paused (required)."),
                              QStringLiteral("text")});
    }

    int run(CliContext &ctx) const override
    {
        const QStringList args = ctx.parser().positionalArguments();
        if (args.size() != 1 || args.first().trimmed().isEmpty())
            return ctx.fail(usageError(QStringLiteral("%1 needs exactly one TARGET, e.g. %1 shop").arg(name())));
        const QString target = args.first().trimmed();
        const QString reason = m_pause ? ctx.parser().value(QStringLiteral("reason")).trimmed() : QString();
        if (m_pause && reason.isEmpty())
            return ctx.fail(usageError(QStringLiteral(
                "pause needs --reason TEXT saying why, e.g. --reason \"ERP maintenance until 14:00\". "
                "Nothing was changed.")));
        auto queue = ctx.openQueue(CliContext::OpenMode::ExistingOnly);
        if (!queue)
            return ctx.fail(queue.error());
        Result<bool> changed =
            m_pause ? (*queue)->pause(target, reason, ctx.actor()) : (*queue)->resume(target, ctx.actor());
        if (!changed)
            return ctx.fail(changed.error());
        if (!*changed) {
            ctx.out() << target << (m_pause ? " is already paused." : " is not paused.") << " Nothing was changed."
                      << Qt::endl;
            return ExitOk;
        }
        ctx.out() << (m_pause ? QStringLiteral("Paused %1: its jobs wait, using no attempts. To let them run again: %2")
                                    .arg(target, ctx.suggest(QStringLiteral("resume ") + target))
                              : QStringLiteral("Resumed %1: its waiting jobs run again.").arg(target))
                  << Qt::endl;
        return ExitOk;
    }

private:
    bool m_pause;
};

} // namespace

std::unique_ptr<CliCommand> makePauseCommand()
{
    return std::make_unique<TargetCommand>(true);
}

std::unique_ptr<CliCommand> makeResumeCommand()
{
    return std::make_unique<TargetCommand>(false);
}

} // namespace syncsmart
