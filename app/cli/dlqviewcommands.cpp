// dlq list and dlq show: reading the dead-letter queue.
#include "clicommand.h"
#include "clioutput.h"

#include "queue/sqlitejobqueue.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>

#include <climits>

namespace syncsmart {

namespace {

JsonCleaners cleaners(const CliContext &ctx)
{
    return {[&ctx](const QString &t) { return ctx.clean(t); },
            [&ctx](const QVariantMap &m) { return ctx.clean(m); }};
}

QString errorSummary(const Job &job)
{
    if (!job.lastError)
        return QString();
    return job.lastError->message.isEmpty() ? job.lastError->code : job.lastError->message;
}

class DlqListCommand final : public CliCommand
{
public:
    QString name() const override { return QStringLiteral("dlq list"); }
    QString summary() const override
    {
        return QStringLiteral("List dead letters (jobs that gave up), newest first");
    }
    QStringList usageLines() const override
    {
        return {QStringLiteral(
                    "[--target T] [--kind K] [--error TEXT] [--category C] [--since WHEN] [--until WHEN]"),
                QStringLiteral("    [--limit N] [--offset N] [--json]")};
    }
    QString description() const override
    {
        return QStringLiteral(
            "Lists the dead letters: jobs that failed with a permanent error, or ran out of attempts.\n"
            "They wait for an operator to retry them (once the cause is fixed) or discard them. The\n"
            "newest come first; filters combine (all must match).");
    }
    void addOptions(QCommandLineParser &parser) const override
    {
        addFilterOptions(parser);
        parser.addOptions({
            {QStringLiteral("limit"), QStringLiteral("Show at most this many (default 50, at most 10000)."),
             QStringLiteral("n")},
            {QStringLiteral("offset"),
             QStringLiteral("Skip this many first: the next page starts at --offset 50."),
             QStringLiteral("n")},
            jsonOption(),
        });
    }

    int run(CliContext &ctx) const override
    {
        if (Status s = expectNoArguments(ctx.parser()); !s)
            return ctx.fail(s.error());
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        auto filter = filterFromOptions(ctx.parser(), now);
        if (!filter)
            return ctx.fail(filter.error());
        auto limit = intOption(ctx.parser(), QStringLiteral("limit"), 50, 1, 10'000);
        if (!limit)
            return ctx.fail(limit.error());
        auto offset = intOption(ctx.parser(), QStringLiteral("offset"), 0, 0, INT_MAX);
        if (!offset)
            return ctx.fail(offset.error());
        auto queue = ctx.openQueue(CliContext::OpenMode::ExistingOnly);
        if (!queue)
            return ctx.fail(queue.error());
        auto page = (*queue)->deadLetters(*filter, *offset, *limit);
        if (!page)
            return ctx.fail(page.error());

        if (ctx.parser().isSet(QStringLiteral("json"))) {
            QJsonArray jobs;
            for (const Job &job : page->jobs)
                jobs.append(jobToJson(job, cleaners(ctx)));
            printJson(ctx.out(), QJsonObject{
                                     {QStringLiteral("filter"), filter->describe()},
                                     {QStringLiteral("total"), page->total},
                                     {QStringLiteral("offset"), page->offset},
                                     {QStringLiteral("limit"), *limit},
                                     {QStringLiteral("deadLetters"), jobs},
                                 });
            return ExitOk;
        }
        printText(ctx, *filter, *page);
        return ExitOk;
    }

private:
    static void printText(CliContext &ctx, const DeadLetterFilter &filter, const DeadLetterPage &page)
    {
        QTextStream &out = ctx.out();
        const QString matching =
            filter.isEmpty() ? QString() : QStringLiteral(" matching %1").arg(filter.describe());
        if (page.jobs.isEmpty()) {
            if (page.total == 0 && filter.isEmpty())
                out << "No dead letters: nothing waits for a decision.\n";
            else if (page.total == 0)
                out << "No dead letters" << matching << ".\n";
            else
                out << "No dead letters on this page: " << page.total << " match, and --offset "
                    << page.offset << " is past the end.\n";
            out.flush();
            return;
        }
        TextTable table({QStringLiteral("ID"), QStringLiteral("TARGET"), QStringLiteral("KIND"),
                         QStringLiteral("ATTEMPTS"), QStringLiteral("DEAD SINCE"), QStringLiteral("CATEGORY"),
                         QStringLiteral("ERROR")});
        table.setRightAligned(0);
        table.setRightAligned(3);
        for (const Job &job : page.jobs) {
            table.addRow({QString::number(job.id), job.target, job.kind,
                          QStringLiteral("%1/%2").arg(job.attempts).arg(job.maxAttempts),
                          localTimeShort(job.finishedAt),
                          job.lastError ? toString(job.lastError->category) : QStringLiteral("-"),
                          ctx.clean(errorSummary(job))});
        }
        out << table.render(ctx.outputWidth());
        const qint64 first = page.offset + 1;
        const qint64 last = page.offset + page.jobs.size();
        out << "\nShowing " << first << QChar(0x2013) << last << " of " << page.total << " dead letter"
            << (page.total == 1 ? "" : "s") << matching << '.';
        if (last < page.total)
            out << " Next page: --offset " << last << '.';
        out << "\nDetails of one: " << ctx.suggest(QStringLiteral("dlq show ID")) << '\n';
        out.flush();
    }
};

class DlqShowCommand final : public CliCommand
{
public:
    QString name() const override { return QStringLiteral("dlq show"); }
    QString summary() const override
    {
        return QStringLiteral("Everything about one job: payload, error, context, history, audit");
    }
    QStringList usageLines() const override { return {QStringLiteral("ID [--json]")}; }
    QString description() const override
    {
        return QStringLiteral(
            "Shows one job (dead or not): its payload, the last error with its category, code and\n"
            "context (HTTP status, request and response excerpts, secrets masked), attempts, times,\n"
            "every event of its history and the operator actions taken on it.");
    }
    void addOptions(QCommandLineParser &parser) const override
    {
        parser.addPositionalArgument(QStringLiteral("ID"), QStringLiteral("The job's id, as in 'dlq list'."));
        parser.addOption(jsonOption());
    }

    int run(CliContext &ctx) const override
    {
        auto ids = parseJobIds(ctx.parser().positionalArguments());
        if (!ids)
            return ctx.fail(ids.error());
        if (ids->size() != 1)
            return ctx.fail(usageError(
                ids->isEmpty() ? QStringLiteral("which job? Give its id, as in 'syncsmart-cli dlq list'.")
                               : QStringLiteral("give one job id (got %1).").arg(ids->size())));
        auto queue = ctx.openQueue(CliContext::OpenMode::ExistingOnly);
        if (!queue)
            return ctx.fail(queue.error());
        const qint64 id = ids->first();
        auto job = (*queue)->job(id);
        if (!job)
            return ctx.fail(job.error());
        auto history = (*queue)->history(id);
        if (!history)
            return ctx.fail(history.error());
        auto audit = (*queue)->auditLog(1000, id);
        if (!audit)
            return ctx.fail(audit.error());

        if (ctx.parser().isSet(QStringLiteral("json"))) {
            QJsonArray events;
            for (const JobEvent &e : *history)
                events.append(eventToJson(e, cleaners(ctx)));
            QJsonArray actions;
            for (const AuditEntry &a : *audit)
                actions.append(auditToJson(a, cleaners(ctx)));
            printJson(ctx.out(), QJsonObject{{QStringLiteral("job"), jobToJson(*job, cleaners(ctx))},
                                             {QStringLiteral("history"), events},
                                             {QStringLiteral("audit"), actions}});
            return ExitOk;
        }
        printText(ctx, *job, *history, *audit);
        return ExitOk;
    }

private:
    static void field(QTextStream &out, const QString &label, const QString &value, int labelWidth = 12)
    {
        const int width = std::max<int>(labelWidth, label.size()) + 2;
        out << "  " << label.leftJustified(width) << indentContinuation(value, width + 2) << '\n';
    }

    static QString contextValue(const QVariant &value)
    {
        if (value.typeId() == QMetaType::QVariantMap || value.typeId() == QMetaType::QVariantList)
            return QString::fromUtf8(QJsonDocument::fromVariant(value).toJson(QJsonDocument::Compact));
        return value.toString();
    }

    static void printText(CliContext &ctx, const Job &job, const QVector<JobEvent> &history,
                          const QVector<AuditEntry> &audit)
    {
        QTextStream &out = ctx.out();
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        auto when = [now](qint64 ms) {
            return ms > 0 ? QStringLiteral("%1 (%2)").arg(localTimeLong(ms), ageText(ms, now))
                          : QStringLiteral("-");
        };
        out << "Job " << job.id << ": " << job.kind << " for " << job.target << ", " << toString(job.state)
            << "\n";
        switch (job.state) {
        case JobState::Dead:
            field(out, QStringLiteral("Dead since"), when(job.finishedAt));
            break;
        case JobState::Done:
            field(out, QStringLiteral("Done at"), when(job.finishedAt));
            break;
        case JobState::Discarded:
            field(out, QStringLiteral("Discarded at"), when(job.finishedAt));
            break;
        case JobState::Pending:
            field(out, QStringLiteral("Next attempt"), when(job.nextAttemptAt));
            break;
        case JobState::Leased:
            field(out, QStringLiteral("Leased by"),
                  QStringLiteral("%1 until %2").arg(job.leaseOwner, when(job.leaseUntil)));
            break;
        }
        field(out, QStringLiteral("Attempts"),
              QStringLiteral("%1 of %2").arg(job.attempts).arg(job.maxAttempts));
        field(out, QStringLiteral("Created"), when(job.createdAt));
        field(out, QStringLiteral("Updated"), when(job.updatedAt));
        field(out, QStringLiteral("Idempotency"),
              job.idempotencyKey.isEmpty() ? QStringLiteral("-") : job.idempotencyKey);

        if (job.lastError) {
            const Error &e = *job.lastError;
            out << "\nLast error\n";
            field(out, QStringLiteral("Category"), toString(e.category));
            field(out, QStringLiteral("Code"), e.code);
            field(out, QStringLiteral("Message"), ctx.clean(e.message));
            if (!e.context.isEmpty()) {
                out << "\nContext\n";
                const QVariantMap context = ctx.clean(e.context);
                int labelWidth = 12;
                for (auto it = context.cbegin(); it != context.cend(); ++it)
                    labelWidth = std::max<int>(labelWidth, it.key().size());
                for (auto it = context.cbegin(); it != context.cend(); ++it)
                    field(out, it.key(), contextValue(it.value()), labelWidth);
            }
        }

        out << "\nPayload\n";
        const QString payload = ctx.clean(payloadText(job.payload));
        out << "  " << (payload.isEmpty() ? QStringLiteral("(empty)") : indentContinuation(payload, 2))
            << '\n';

        out << "\nHistory\n";
        if (history.isEmpty()) {
            out << "  (nothing has happened to it yet)\n";
        } else {
            TextTable table({QStringLiteral("AT"), QStringLiteral("EVENT"), QStringLiteral("ATTEMPT"),
                             QStringLiteral("DETAIL")});
            table.setRightAligned(2);
            for (const JobEvent &e : history) {
                QString detail = e.error ? e.error->toString() : QString();
                if (!e.note.isEmpty())
                    detail = detail.isEmpty() ? e.note : QStringLiteral("%1 (%2)").arg(detail, e.note);
                table.addRow({localTimeShort(e.at), e.event, QString::number(e.attempt), ctx.clean(detail)});
            }
            out << "  " << indentContinuation(table.render(), 2) << '\n';
        }

        out << "\nOperator actions\n";
        if (audit.isEmpty()) {
            out << "  (none)\n";
        } else {
            for (auto it = audit.crbegin(); it != audit.crend(); ++it) { // oldest first, like the history
                out << "  " << localTimeShort(it->at) << "  " << it->action << " by " << it->actor;
                if (!it->reason.isEmpty())
                    out << ": " << singleLine(ctx.clean(it->reason));
                out << '\n';
            }
        }
        if (job.state == JobState::Dead) {
            out << "\nRetry it once the cause is fixed:  "
                << ctx.suggest(QStringLiteral("dlq retry %1").arg(job.id))
                << "\nor drop it for good:               "
                << ctx.suggest(QStringLiteral("dlq discard %1 --reason \"...\"").arg(job.id)) << '\n';
        }
        out.flush();
    }
};

} // namespace

std::unique_ptr<CliCommand> makeDlqListCommand()
{
    return std::make_unique<DlqListCommand>();
}

std::unique_ptr<CliCommand> makeDlqShowCommand()
{
    return std::make_unique<DlqShowCommand>();
}

} // namespace syncsmart
