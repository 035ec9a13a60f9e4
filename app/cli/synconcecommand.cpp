#include "clicommand.h"
#include "clioutput.h"
#include "cliprofile.h"

#include "storage/profilepaths.h"
#include "sync/syncengine.h"

#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QTimer>

#include <optional>

namespace syncsmart {

namespace {

QString plural(qint64 n, const QString &one, const QString &many)
{
    return QStringLiteral("%1 %2").arg(n).arg(n == 1 ? one : many);
}

class SyncOnceCommand final : public CliCommand
{
public:
    QString name() const override { return QStringLiteral("sync-once"); }
    QString summary() const override
    {
        return QStringLiteral("Run one sync pass (read both sides, plan, write the changes) and exit");
    }
    QStringList usageLines() const override
    {
        return {QStringLiteral("[--profile NAME | --profile-file PATH] [--json] [--no-drain] [--timeout SECS]")};
    }
    QString description() const override
    {
        return QStringLiteral(
            "Reads the changes on both sides since the last pass (the whole catalogs the first time),\n"
            "compares them with the last synced state, applies the profile's field rules, queues the\n"
            "writes and applies them, then prints what happened. For cron and scripts.\n"
            "\n"
            "The profile is <profile folder>/profile.ini (--profile NAME, default \"default\"), or the\n"
            "file given with --profile-file. API keys come from the environment variables the profile\n"
            "names. The database is the profile's, as for every command (--profile NAME or --db PATH).\n"
            "Start a profile from 'syncsmart-cli profile-template'.\n"
            "\n"
            "Exit status: 0 the pass ran (also when writes failed: the summary says so and where they\n"
            "wait), 1 it could not run (invalid profile, peer unreachable: the message says which and\n"
            "what to do), 2 the command line is wrong.");
    }
    void addOptions(QCommandLineParser &parser) const override
    {
        parser.addOptions({
            profileFileOption(),
            jsonOption(),
            {QStringLiteral("no-drain"),
             QStringLiteral("Only plan: queue the writes without applying them (the next sync applies them).")},
            {QStringLiteral("timeout"),
             QStringLiteral("Give up after this many seconds (default: no limit). Queued writes stay queued."),
             QStringLiteral("secs")},
        });
    }

    int run(CliContext &ctx) const override
    {
        if (Status s = expectNoArguments(ctx.parser()); !s)
            return ctx.fail(s.error());
        auto timeout = intOption(ctx.parser(), QStringLiteral("timeout"), 0, 1, 7 * 24 * 3600);
        if (!timeout)
            return ctx.fail(timeout.error());
        auto loaded = loadCliSyncProfile(ctx, QStringLiteral("synced"));
        if (!loaded)
            return ctx.fail(loaded.error());
        const SyncProfile *profile = &loaded->profile;
        auto redactor = loaded->redactor;
        const auto clean = [&](const QString &text) { return redactor->redact(ctx.clean(text)); };
        const auto fail = [&](Error error) {
            error.message = clean(error.message);
            return ctx.fail(error);
        };

        auto engine = SyncEngine::open(*profile, ctx.databasePath(), std::make_shared<SystemClock>(), redactor);
        if (!engine)
            return fail(engine.error());

        const bool drain = !ctx.parser().isSet(QStringLiteral("no-drain"));
        std::optional<Result<SyncOnceReport>> outcome;
        bool timedOut = false;
        bool closed = false;
        QEventLoop loop;
        auto answer = [&](Result<SyncOnceReport> r) {
            if (closed || outcome)
                return;
            outcome.emplace(std::move(r));
            loop.quit();
        };
        // A one-shot process: a local event loop is the whole program here.
        if (drain) {
            (*engine)->syncOnce(answer);
        } else {
            (*engine)->runPass([&](Result<PassReport> pass) {
                if (!pass)
                    return answer(pass.error());
                return answer(SyncOnceReport{*pass, {}});
            });
        }
        QTimer deadline;
        deadline.setSingleShot(true);
        if (*timeout > 0) {
            QObject::connect(&deadline, &QTimer::timeout, &loop, [&] {
                timedOut = true;
                (*engine)->requestStop(); // the writes on the wire finish, nothing new starts
                QTimer::singleShot(kStopGraceMs, &loop, &QEventLoop::quit);
            });
            deadline.start(*timeout * 1000);
        }
        if (!outcome)
            loop.exec();
        // Torn down here, while what its callbacks refer to still exists.
        closed = true;
        engine->reset();

        if (!outcome)
            return fail(Error::transient(
                QStringLiteral("cli.timeout"),
                QStringLiteral("the pass did not finish within %1 s and was stopped. Nothing is lost: what was "
                               "read but not planned is read again next time, planned writes stay queued. Run it "
                               "again with a larger --timeout.")
                    .arg(*timeout)));
        if (!outcome->ok())
            return fail(peerErrorWithHint(outcome->error(), QStringLiteral("the sync pass could not run"),
                                         QStringLiteral("sync-once"),
                                         QStringLiteral("Nothing is lost: the read position only moves after a "
                                                        "complete pass.")));

        const SyncOnceReport &report = outcome->value();
        if (ctx.parser().isSet(QStringLiteral("json")))
            printJsonReport(ctx, *profile, report, drain, timedOut, clean);
        else
            printText(ctx, *profile, report, drain, timedOut, clean);
        return timedOut ? ExitFailed : ExitOk;
    }

private:
    static constexpr int kStopGraceMs = 15'000;

    template<typename Clean>
    static void printText(CliContext &ctx, const SyncProfile &profile, const SyncOnceReport &r, bool drained,
                          bool timedOut, const Clean &clean)
    {
        QTextStream &out = ctx.out();
        const PassReport &p = r.pass;
        out << "Profile    " << profile.name << " (" << QDir::toNativeSeparators(profile.sourcePath) << ")\n";
        out << "Database   " << QDir::toNativeSeparators(ctx.databasePath()) << "\n\n";
        out << "Read       " << plural(p.shopRecordsRead, QStringLiteral("shop record"), QStringLiteral("shop records"))
            << ", " << plural(p.erpRecordsRead, QStringLiteral("ERP record"), QStringLiteral("ERP records"))
            << (p.firstSync ? " (first sync: both whole catalogs)" : " (changed since the last pass)") << '\n';
        out << "Deltas     " << p.deltas << " (" << p.echoesSuppressed << " echoes of our own writes suppressed, "
            << p.converged << " already equal on both sides)\n";
        out << "Conflicts  " << p.conflicts << " (" << p.openConflicts << " open)\n";
        out << "Writes     " << p.jobsEnqueued << " planned (" << plural(p.creates, QStringLiteral("create"), QStringLiteral("creates")) << ')';
        if (drained)
            out << ": " << r.drain.applied << " applied, " << r.drain.retrying << " retrying, " << r.drain.dead
                << " dead, " << r.drain.pending << " still pending";
        if (drained && r.drain.superseded > 0)
            out << "; " << r.drain.superseded << " older writes skipped (a newer value was written instead)";
        out << '\n';

        QStringList notes;
        if (p.jobsEnqueued == 0 && r.drain.applied == 0 && r.drain.dead == 0 && p.openConflicts == 0)
            notes << QStringLiteral("Nothing to write: both sides agree.");
        if (p.openConflicts > 0)
            notes << QStringLiteral("%1 for an operator. syncsmart-cli cannot decide conflicts yet: open the "
                                    "console's Conflicts view.")
                         .arg(plural(p.openConflicts, QStringLiteral("conflict waits"), QStringLiteral("conflicts wait")));
        if (r.drain.dead > 0)
            notes << QStringLiteral("%1 failed for good and wait%2 in the dead-letter queue: %3")
                         .arg(plural(r.drain.dead, QStringLiteral("write"), QStringLiteral("writes")),
                              r.drain.dead == 1 ? QStringLiteral("s") : QString(),
                              ctx.suggest(QStringLiteral("dlq list")));
        if (r.drain.retrying > 0)
            notes << QStringLiteral("%1 failed for now (peer busy or unreachable) and will be retried by a later sync.")
                         .arg(plural(r.drain.retrying, QStringLiteral("write"), QStringLiteral("writes")));
        if (!drained && p.jobsEnqueued > 0)
            notes << QStringLiteral("--no-drain: the planned writes are queued; the next sync-once applies them.");
        else if (r.drain.pending > 0)
            notes << QStringLiteral("%1 still queued (a paused target or a later attempt): %2")
                         .arg(plural(r.drain.pending, QStringLiteral("write is"), QStringLiteral("writes are")),
                              ctx.suggest(QStringLiteral("status")));
        if (timedOut)
            notes << QStringLiteral("Stopped by --timeout before every write was applied; what is left stays queued.");
        for (const QString &note : notes)
            out << '\n' << clean(note);
        if (!notes.isEmpty())
            out << '\n';

        if (!p.issues.isEmpty()) {
            out << "\nSKUs that need a person (" << p.issues.size() << "):\n";
            for (const SkuIssue &issue : p.issues)
                out << "  " << clean(issue.sku) << "  " << toString(issue.kind) << ": "
                    << singleLine(clean(issue.advice)) << '\n';
        }
        out.flush();
    }

    template<typename Clean>
    static void printJsonReport(CliContext &ctx, const SyncProfile &profile, const SyncOnceReport &r,
                                bool drained, bool timedOut, const Clean &clean)
    {
        const PassReport &p = r.pass;
        QJsonArray issues;
        for (const SkuIssue &issue : p.issues)
            issues.append(QJsonObject{{QStringLiteral("kind"), toString(issue.kind)},
                                      {QStringLiteral("sku"), clean(issue.sku)},
                                      {QStringLiteral("peerIds"), QJsonArray::fromStringList(issue.peerIds)},
                                      {QStringLiteral("advice"), clean(issue.advice)}});
        const QJsonObject pass{
            {QStringLiteral("passId"), p.passId},
            {QStringLiteral("startedAt"), isoUtc(p.startedMs)},
            {QStringLiteral("finishedAt"), isoUtc(p.finishedMs)},
            {QStringLiteral("firstSync"), p.firstSync},
            {QStringLiteral("shopRecordsRead"), p.shopRecordsRead},
            {QStringLiteral("erpRecordsRead"), p.erpRecordsRead},
            {QStringLiteral("deltas"), p.deltas},
            {QStringLiteral("echoesSuppressed"), p.echoesSuppressed},
            {QStringLiteral("converged"), p.converged},
            {QStringLiteral("conflicts"), p.conflicts},
            {QStringLiteral("openConflicts"), p.openConflicts},
            {QStringLiteral("jobsEnqueued"), p.jobsEnqueued},
            {QStringLiteral("creates"), p.creates},
            {QStringLiteral("issues"), issues},
        };
        const QJsonValue drain = drained ? QJsonValue(QJsonObject{{QStringLiteral("applied"), r.drain.applied},
                                                                  {QStringLiteral("retrying"), r.drain.retrying},
                                                                  {QStringLiteral("superseded"), r.drain.superseded},
                                                                  {QStringLiteral("dead"), r.drain.dead},
                                                                  {QStringLiteral("pending"), r.drain.pending}})
                                         : QJsonValue();
        printJson(ctx.out(), QJsonObject{{QStringLiteral("profile"), profile.name},
                                         {QStringLiteral("profileFile"), profile.sourcePath},
                                         {QStringLiteral("database"), ctx.databasePath()},
                                         {QStringLiteral("timedOut"), timedOut},
                                         {QStringLiteral("pass"), pass},
                                         {QStringLiteral("drain"), drain}});
    }
};

// A documented starting profile, for `syncsmart-cli profile-template > profile.ini`.
class ProfileTemplateCommand final : public CliCommand
{
public:
    QString name() const override { return QStringLiteral("profile-template"); }
    QString summary() const override { return QStringLiteral("Print a documented profile INI to start from"); }
    QStringList usageLines() const override { return {QString()}; }
    QString description() const override
    {
        return QStringLiteral(
            "Prints a profile INI with every key, its default and what it does. Save it as profile.ini in\n"
            "the profile's folder ($SYNCSMART_DATA_DIR/profiles/NAME, else ~/.local/share/syncsmart/profiles/NAME)\n"
            "and fill in the shop and the ERP. API keys never go in the file: it names the environment\n"
            "variables that hold them.");
    }
    void addOptions(QCommandLineParser &) const override {}

    int run(CliContext &ctx) const override
    {
        if (Status s = expectNoArguments(ctx.parser()); !s)
            return ctx.fail(s.error());
        ctx.out() << SyncProfile::templateText();
        ctx.out().flush();
        return ExitOk;
    }
};

} // namespace

std::unique_ptr<CliCommand> makeSyncOnceCommand()
{
    return std::make_unique<SyncOnceCommand>();
}

std::unique_ptr<CliCommand> makeProfileTemplateCommand()
{
    return std::make_unique<ProfileTemplateCommand>();
}

} // namespace syncsmart
