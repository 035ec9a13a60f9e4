// dlq retry and dlq discard: operator actions on dead letters, by id or by filter.
#include "clicommand.h"
#include "clioutput.h"

#include "queue/sqlitejobqueue.h"

#include <QDateTime>

#include <algorithm>

namespace syncsmart {

namespace {

// Which dead letters an action is about: listed ids, or every one matching a filter.
struct Selection
{
    QVector<qint64> ids;
    bool allMatching = false;
    DeadLetterFilter filter;
};

class DlqActionCommand : public CliCommand
{
public:
    void addOptions(QCommandLineParser &parser) const override
    {
        parser.addPositionalArgument(QStringLiteral("ID"),
                                     QStringLiteral("Dead letter ids, as in 'dlq list' (spaces or commas)."),
                                     QStringLiteral("[ID...]"));
        parser.addOption(
            {QStringLiteral("all-matching"),
             QStringLiteral("Act on every dead letter matching the filters below instead of on ids.")});
        addFilterOptions(parser);
        parser.addOptions({
            {QStringLiteral("everything"),
             QStringLiteral("With --all-matching and no filter: yes, really act on every dead letter.")},
            {QStringLiteral("dry-run"),
             QStringLiteral(
                 "With --all-matching: say which dead letters would be affected, change nothing.")},
            jsonOption(),
        });
        addActionOptions(parser);
    }

    int run(CliContext &ctx) const override
    {
        auto selection = select(ctx.parser());
        if (!selection)
            return ctx.fail(selection.error());
        if (Status s = checkActionOptions(ctx.parser()); !s)
            return ctx.fail(s.error());
        auto queue = ctx.openQueue(CliContext::OpenMode::ExistingOnly);
        if (!queue)
            return ctx.fail(queue.error());
        if (ctx.parser().isSet(QStringLiteral("dry-run")))
            return dryRun(ctx, **queue, *selection);
        auto outcome = act(ctx, **queue, *selection);
        if (!outcome)
            return ctx.fail(outcome.error());
        report(ctx, *selection, *outcome);
        return ExitOk;
    }

protected:
    virtual QString verb() const = 0;     // "retry"
    virtual QString pastVerb() const = 0; // "Retried"
    virtual void addActionOptions(QCommandLineParser &) const {}
    virtual Status checkActionOptions(const QCommandLineParser &) const { return {}; }
    virtual Result<BulkOutcome> act(CliContext &ctx, JobQueue &queue, const Selection &selection) const = 0;

private:
    Result<Selection> select(const QCommandLineParser &parser) const
    {
        Selection s;
        auto ids = parseJobIds(parser.positionalArguments());
        if (!ids)
            return ids.error();
        s.ids = *ids;
        s.allMatching = parser.isSet(QStringLiteral("all-matching"));
        const bool everything = parser.isSet(QStringLiteral("everything"));
        if (!s.ids.isEmpty() && s.allMatching)
            return usageError(QStringLiteral("give ids or --all-matching, not both."));
        if (!s.allMatching) {
            if (everything)
                return usageError(QStringLiteral("--everything only goes with --all-matching."));
            if (anyFilterOptionSet(parser))
                return usageError(
                    QStringLiteral("filters only apply with --all-matching: add --all-matching to %1 "
                                   "every dead letter they match, or give ids without filters.")
                        .arg(verb()));
            if (parser.isSet(QStringLiteral("dry-run")))
                return usageError(
                    QStringLiteral("--dry-run goes with --all-matching; for single ids, 'dlq show ID' "
                                   "says whether each is still dead."));
            if (s.ids.isEmpty())
                return usageError(
                    QStringLiteral("nothing to %1: give one or more ids (see 'syncsmart-cli dlq list'), "
                                   "or --all-matching with filters.")
                        .arg(verb()));
            return s;
        }
        auto filter = filterFromOptions(parser, QDateTime::currentMSecsSinceEpoch());
        if (!filter)
            return filter.error();
        s.filter = *filter;
        if (s.filter.isEmpty() && !everything)
            return usageError(
                QStringLiteral("--all-matching with no filter would %1 every dead letter. Add a filter "
                               "(--target, --kind, --error, --category, --since, --until), or add "
                               "--everything if that is what you mean.")
                    .arg(verb()));
        if (!s.filter.isEmpty() && everything)
            return usageError(QStringLiteral("--everything means no filter: drop it, or drop the filters."));
        return s;
    }

    int dryRun(CliContext &ctx, JobQueue &queue, const Selection &selection) const
    {
        auto page = queue.deadLetters(selection.filter, 0, 10'000);
        if (!page)
            return ctx.fail(page.error());
        QVector<qint64> ids;
        for (const Job &job : page->jobs)
            ids.append(job.id);
        std::sort(ids.begin(), ids.end());
        if (ctx.parser().isSet(QStringLiteral("json"))) {
            BulkOutcome wouldChange;
            wouldChange.changed = ids;
            QJsonObject o = outcomeToJson(wouldChange, QStringLiteral("Would %1").arg(verb()));
            o.insert(QStringLiteral("dryRun"), true);
            o.insert(QStringLiteral("total"), page->total);
            printJson(ctx.out(), o);
            return ExitOk;
        }
        QTextStream &out = ctx.out();
        out << "Would " << verb() << ' ' << page->total << " dead letter" << (page->total == 1 ? "" : "s")
            << " matching " << selection.filter.describe() << ". Nothing was changed.\n";
        if (!ids.isEmpty())
            out << "  ids: " << idList(ids) << (page->total > ids.size() ? ", ..." : "") << '\n';
        out.flush();
        return ExitOk;
    }

    void report(CliContext &ctx, const Selection &selection, const BulkOutcome &outcome) const
    {
        if (ctx.parser().isSet(QStringLiteral("json"))) {
            printJson(ctx.out(), outcomeToJson(outcome, pastVerb()));
            return;
        }
        QTextStream &out = ctx.out();
        out << outcome.summary(pastVerb());
        if (selection.allMatching && outcome.changed.isEmpty() && outcome.notDead.isEmpty() &&
            outcome.superseded.isEmpty())
            out << " No dead letter matches " << selection.filter.describe() << '.';
        out << '\n';
        // Long bulk lists belong in --json; skipped ids are always listed, they need a look.
        if (!outcome.changed.isEmpty() && (!selection.allMatching || outcome.changed.size() <= 50))
            out << "  " << pastVerb().toLower() << ": " << idList(outcome.changed) << '\n';
        if (!outcome.notDead.isEmpty())
            out << "  skipped, no longer dead (already retried or discarded, or no such id): "
                << idList(outcome.notDead) << '\n';
        if (!outcome.superseded.isEmpty())
            out << "  skipped, a newer job for the same item is already queued: "
                << idList(outcome.superseded) << '\n';
        out.flush();
    }
};

class DlqRetryCommand final : public DlqActionCommand
{
public:
    QString name() const override { return QStringLiteral("dlq retry"); }
    QString summary() const override
    {
        return QStringLiteral("Put dead letters back in the queue, by id or by filter");
    }
    QStringList usageLines() const override
    {
        return {QStringLiteral("ID... [--json]"),
                QStringLiteral(
                    "--all-matching [--target T] [--kind K] [--error TEXT] [--category C] [--since WHEN]"),
                QStringLiteral("    [--until WHEN] [--everything] [--dry-run] [--json]")};
    }
    QString description() const override
    {
        return QStringLiteral(
            "Makes dead letters pending again, with their attempts reset and their history kept, so a\n"
            "worker runs them once more. Fix the cause first (create the missing product, correct the\n"
            "price...). Only jobs that are still dead are touched: an id someone already retried or\n"
            "discarded is skipped and reported, as is one whose item already has a newer job queued.\n"
            "Each retry is written to the audit log. Exit status 0 even when some ids were skipped.");
    }

protected:
    QString verb() const override { return QStringLiteral("retry"); }
    QString pastVerb() const override { return QStringLiteral("Retried"); }
    Result<BulkOutcome> act(CliContext &ctx, JobQueue &queue, const Selection &selection) const override
    {
        return selection.allMatching ? queue.retryMatching(selection.filter, ctx.actor())
                                     : queue.retry(selection.ids, ctx.actor());
    }
};

class DlqDiscardCommand final : public DlqActionCommand
{
public:
    QString name() const override { return QStringLiteral("dlq discard"); }
    QString summary() const override
    {
        return QStringLiteral("Drop dead letters for good, with a --reason kept in the audit log");
    }
    QStringList usageLines() const override
    {
        return {QStringLiteral("ID... --reason TEXT [--json]"),
                QStringLiteral(
                    "--all-matching [--target T] [--kind K] [--error TEXT] [--category C] [--since WHEN]"),
                QStringLiteral("    [--until WHEN] [--everything] --reason TEXT [--dry-run] [--json]")};
    }
    QString description() const override
    {
        return QStringLiteral(
            "Marks dead letters discarded: they will never run. The reason is required and kept in the\n"
            "audit log with your user name. Only jobs that are still dead are touched; the others are\n"
            "skipped and reported. Exit status 0 even when some ids were skipped.");
    }

protected:
    QString verb() const override { return QStringLiteral("discard"); }
    QString pastVerb() const override { return QStringLiteral("Discarded"); }
    void addActionOptions(QCommandLineParser &parser) const override
    {
        parser.addOption(
            {QStringLiteral("reason"),
             QStringLiteral("Why these dead letters are dropped (required; kept in the audit log)."),
             QStringLiteral("text")});
    }
    Status checkActionOptions(const QCommandLineParser &parser) const override
    {
        if (parser.value(QStringLiteral("reason")).trimmed().isEmpty())
            return usageError(
                QStringLiteral("dlq discard needs --reason TEXT saying why (it is kept in the audit "
                               "log), e.g. --reason \"order cancelled by the customer\". Nothing was "
                               "discarded."));
        return {};
    }
    Result<BulkOutcome> act(CliContext &ctx, JobQueue &queue, const Selection &selection) const override
    {
        const QString reason = ctx.parser().value(QStringLiteral("reason")).trimmed();
        return selection.allMatching ? queue.discardMatching(selection.filter, reason, ctx.actor())
                                     : queue.discard(selection.ids, reason, ctx.actor());
    }
};

} // namespace

std::unique_ptr<CliCommand> makeDlqRetryCommand()
{
    return std::make_unique<DlqRetryCommand>();
}

std::unique_ptr<CliCommand> makeDlqDiscardCommand()
{
    return std::make_unique<DlqDiscardCommand>();
}

} // namespace syncsmart
