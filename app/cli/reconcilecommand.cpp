#include "clicommand.h"
#include "cliinterrupt.h"
#include "clioutput.h"
#include "cliprofile.h"

#include "reconcile/reconcileexport.h"
#include "reconcile/reconcilefix.h"
#include "reconcile/reconciler.h"
#include "reconcile/reconcilerunner.h"
#include "reconcile/reconcilestore.h"
#include "sync/syncengine.h"
#include "sync/syncstore.h"

#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonArray>
#include <QLocale>
#include <QTimer>

#include <cstdio>
#include <optional>
#include <unistd.h>

namespace syncsmart {

namespace {

constexpr int kShownPerKind = 10;
constexpr int kAllRows = std::numeric_limits<int>::max();
constexpr int ExitInterrupted = 130; // the shell's convention for a command ended by Ctrl-C

QString kindTitle(DiffKind kind)
{
    switch (kind) {
    case DiffKind::MissingInShop: return QStringLiteral("missing in the shop");
    case DiffKind::MissingInErp: return QStringLiteral("missing in the ERP");
    case DiffKind::DuplicateInShop: return QStringLiteral("duplicate SKU in the shop");
    case DiffKind::DuplicateInErp: return QStringLiteral("duplicate SKU in the ERP");
    case DiffKind::FieldMismatch: return QStringLiteral("field mismatch");
    case DiffKind::StockMismatch: return QStringLiteral("stock mismatch");
    }
    return {};
}

const DiffKind kKinds[] = {DiffKind::MissingInShop,   DiffKind::MissingInErp,  DiffKind::DuplicateInShop,
                           DiffKind::DuplicateInErp,  DiffKind::FieldMismatch, DiffKind::StockMismatch};

class ReconcileCommand final : public CliCommand
{
public:
    QString name() const override { return QStringLiteral("reconcile"); }
    QString summary() const override
    {
        return QStringLiteral("Compare both whole catalogs and list every difference, with its fix");
    }
    QStringList usageLines() const override
    {
        return {QStringLiteral("[--profile NAME | --profile-file PATH] [--run ID] [--dry-run | --apply] "
                               "[--export FILE.csv] [--no-stock] [--if-due] [--json]")};
    }
    QString description() const override
    {
        return QStringLiteral(
            "Reads both whole catalogs (the compared fields only) and both stock lists, compares them by\n"
            "SKU and lists every difference: missing in the shop or the ERP, duplicate SKUs, field\n"
            "mismatches (with both values, the field's rule and the fix it implies), stock mismatches.\n"
            "Values are normalised first (\"23.900000\" = 23.9, the profile's language, HTML entities and\n"
            "whitespace), so only real differences are listed. The run and its differences are stored.\n"
            "\n"
            "--dry-run shows what --apply would write, and writes nothing. --apply queues the fixes like\n"
            "any sync write (retries, dead letters) and applies them; what the rules leave to a person\n"
            "(duplicate SKUs, manual fields, shop-only SKUs when creating in the ERP is off) is listed\n"
            "with what to do. --run ID works on a stored run instead of reading the catalogs again.\n"
            "--export writes every difference of the run to a CSV file (UTF-8).\n"
            "--if-due runs only when the profile's [reconcile] schedule says a run is due (the same rule\n"
            "as the console: the first slot after the last run), for cron, such as\n"
            "  */15 * * * *  syncsmart-cli reconcile --if-due --profile shop\n"
            "Ctrl-C stops reading: the run is stored as cancelled (partial) and reported; a second\n"
            "Ctrl-C quits at once.\n"
            "\n"
            "Exit status: 0 the run finished (with or without differences) or was not due, 1 it could\n"
            "not run, 2 the command line is wrong, 130 it was cancelled with Ctrl-C (partial run kept).");
    }
    void addOptions(QCommandLineParser &parser) const override
    {
        parser.addOptions({
            profileFileOption(),
            jsonOption(),
            {QStringLiteral("run"), QStringLiteral("Work on this stored run instead of a new one."), QStringLiteral("id")},
            {QStringLiteral("dry-run"), QStringLiteral("Show what --apply would write; write nothing.")},
            {QStringLiteral("apply"), QStringLiteral("Queue the fixes and apply them.")},
            {QStringLiteral("export"), QStringLiteral("Write the run's differences to this CSV file."),
             QStringLiteral("file")},
            {QStringLiteral("no-stock"), QStringLiteral("Compare the catalogs only, not the stock lists.")},
            {QStringLiteral("if-due"), QStringLiteral("Run only if the profile's schedule says one is due (for cron).")},
        });
    }

    int run(CliContext &ctx) const override
    {
        if (Status s = expectNoArguments(ctx.parser()); !s)
            return ctx.fail(s.error());
        const bool apply = ctx.parser().isSet(QStringLiteral("apply"));
        const bool dryRun = ctx.parser().isSet(QStringLiteral("dry-run"));
        if (apply && dryRun)
            return ctx.fail(usageError(QStringLiteral("give either --dry-run or --apply, not both.")));
        auto storedRun = intOption(ctx.parser(), QStringLiteral("run"), 0, 1, std::numeric_limits<int>::max());
        if (!storedRun)
            return ctx.fail(storedRun.error());
        const bool ifDue = ctx.parser().isSet(QStringLiteral("if-due"));
        if (ifDue && *storedRun != 0)
            return ctx.fail(usageError(QStringLiteral("--if-due starts a new run when one is due; it cannot be given "
                                                      "with --run.")));
        const QString exportPath = ctx.parser().value(QStringLiteral("export")).trimmed();
        if (ctx.parser().isSet(QStringLiteral("export")) && exportPath.isEmpty())
            return ctx.fail(usageError(QStringLiteral("--export needs the path of the CSV file to write.")));

        auto loaded = loadCliSyncProfile(ctx, QStringLiteral("compared"));
        if (!loaded)
            return ctx.fail(loaded.error());
        const SyncProfile &profile = loaded->profile;
        auto redactor = loaded->redactor;
        const TextCleaner clean = [&](const QString &text) { return redactor->redact(ctx.clean(text)); };
        const auto fail = [&](Error error) {
            error.message = clean(error.message);
            return ctx.fail(error);
        };
        auto clock = std::make_shared<SystemClock>();
        auto opened = SyncEngine::open(profile, ctx.databasePath(), clock, redactor);
        if (!opened)
            return fail(opened.error());
        std::unique_ptr<SyncEngine> engine = std::move(*opened);
        ReconcileStore store(engine->store().database());

        qint64 runId = *storedRun;
        bool interrupted = false;
        if (ifDue) {
            if (!profile.reconcile.schedule.isOn())
                return fail(Error::config(QStringLiteral("reconcile.no_schedule"),
                                          QStringLiteral("--if-due: the profile has no [reconcile] schedule; set one, "
                                                         "such as schedule = daily 03:00, or run without --if-due.")));
            ReconcileRunner runner(*engine, *clock);
            auto due = runner.nextScheduledMs(0); // no run yet: due now
            if (!due)
                return fail(due.error());
            if (*due > clock->nowMs()) {
                printNotDue(ctx, profile.reconcile.schedule, *due);
                return ExitOk;
            }
        }
        if (runId == 0) {
            auto ran = runAuditor(ctx, *engine, *clock, ifDue ? QStringLiteral("schedule:") + ctx.actor() : ctx.actor(),
                                  interrupted);
            if (!ran) {
                engine.reset();
                return fail(peerErrorWithHint(ran.error(), QStringLiteral("the reconciliation could not run"),
                                              QStringLiteral("reconcile"),
                                              QStringLiteral("Nothing was changed on either side.")));
            }
            runId = *ran;
        }
        auto run = store.run(runId);
        if (!run)
            return fail(run.error());
        auto diffs = store.diffs(runId, {}, 0, kAllRows);
        if (!diffs)
            return fail(diffs.error());

        if (!exportPath.isEmpty()) {
            if (Status s = exportCsv(exportPath, *diffs, clean); !s)
                return fail(s.error());
        }
        const FixPlan plan = planFixes(*diffs);
        std::optional<DrainReport> drained;
        if (apply && plan.applicable() > 0) {
            auto jobs = applyFixes(plan, runId, *engine, store, clock->nowMs(), ctx.actor());
            if (!jobs)
                return fail(jobs.error());
            auto result = await<DrainReport>([&](auto done) { engine->drain(std::move(done)); });
            if (!result)
                return fail(peerErrorWithHint(result.error(), QStringLiteral("the fixes were queued but not all applied"),
                                              QStringLiteral("sync-once"),
                                              QStringLiteral("The queued fixes stay queued and are applied by the "
                                                             "next sync.")));
            drained = *result;
        }
        engine.reset();

        if (ctx.parser().isSet(QStringLiteral("json")))
            printJsonReport(ctx, *run, *diffs, plan, apply, dryRun, drained, exportPath, clean);
        else
            printText(ctx, *run, *diffs, plan, apply, dryRun, drained, exportPath, clean);
        return interrupted ? ExitInterrupted : ExitOk;
    }

private:
    template<typename T, typename Start>
    static Result<T> await(Start start)
    {
        std::optional<Result<T>> outcome;
        QEventLoop loop;
        start([&](Result<T> r) {
            if (outcome)
                return;
            outcome.emplace(std::move(r));
            loop.quit();
        });
        if (!outcome)
            loop.exec();
        return std::move(*outcome);
    }

    static void printNotDue(CliContext &ctx, const ReconcileSchedule &schedule, qint64 dueMs)
    {
        const QString at = QDateTime::fromMSecsSinceEpoch(dueMs).toString(QStringLiteral("yyyy-MM-dd HH:mm"));
        if (ctx.parser().isSet(QStringLiteral("json"))) {
            printJson(ctx.out(), QJsonObject{{QStringLiteral("due"), false},
                                             {QStringLiteral("schedule"), schedule.text()},
                                             {QStringLiteral("nextRunAt"),
                                              QDateTime::fromMSecsSinceEpoch(dueMs, Qt::UTC).toString(Qt::ISODateWithMs)}});
            return;
        }
        ctx.out() << "Not due     the next scheduled run (" << schedule.text() << ") is at " << at
                  << " (this computer's time); nothing was read.\n";
    }

    // A new run of the auditor through the same runner the console uses: stored as it ends.
    // Ctrl-C cancels it (a partial run is stored); interrupted says so.
    static Result<qint64> runAuditor(CliContext &ctx, SyncEngine &engine, const Clock &clock, const QString &trigger,
                                     bool &interrupted)
    {
        ReconcileRunner runner(engine, clock);
        ReconcileOptions options = runner.profileOptions();
        if (ctx.parser().isSet(QStringLiteral("no-stock")))
            options.stock = false;
        // Progress for a person at a terminal; scripts read the result.
        const bool terminal = ::isatty(STDERR_FILENO) == 1 && !ctx.parser().isSet(QStringLiteral("json"));
        QElapsedTimer sincePrint;
        sincePrint.start();
        QObject::connect(&runner, &ReconcileRunner::progress, &runner, [&](const ReconcileProgress &p) {
            if (!terminal || sincePrint.elapsed() < 2000)
                return;
            sincePrint.restart();
            ctx.err() << QStringLiteral("  %1: %2 ERP, %3 shop products, %4 stock lines (%5/s%6)\n")
                             .arg(p.phase, QLocale().toString(p.erpProducts), QLocale().toString(p.shopProducts),
                                  QLocale().toString(p.stockLines), QLocale().toString(qRound64(p.perSecond)),
                                  p.etaMs >= 0 ? QStringLiteral(", about %1 s left").arg((p.etaMs + 999) / 1000)
                                               : QString());
            ctx.err().flush();
        });
        InterruptCatcher interrupt([&] {
            ctx.err() << "Cancelling: the pages on the wire are read, then the partial run is stored and reported "
                         "(Ctrl-C again quits at once).\n";
            ctx.err().flush();
            runner.cancel();
        });
        auto runId = await<qint64>([&](auto done) { runner.start(trigger, options, std::move(done)); });
        interrupted = interrupt.interrupted();
        return runId;
    }

    static void printText(CliContext &ctx, const ReconcileRun &run, const QVector<StoredDiff> &diffs,
                          const FixPlan &plan, bool applied, bool dryRun, const std::optional<DrainReport> &drained,
                          const QString &exportPath, const TextCleaner &clean)
    {
        QTextStream &out = ctx.out();
        const QLocale locale;
        out << "Database   " << QDir::toNativeSeparators(ctx.databasePath()) << '\n';
        out << "Run        #" << run.id << " (" << toString(run.state) << ", "
            << locale.toString(double(std::max<qint64>(0, run.finishedMs - run.startedMs)) / 1000.0, 'f', 1)
            << " s): " << locale.toString(run.erpProducts) << " ERP and " << locale.toString(run.shopProducts)
            << " shop products, " << locale.toString(run.compared) << " compared by SKU\n";
        out << "Fields     " << run.fields.join(QStringLiteral(", ")) << '\n';
        if (run.withoutSku > 0)
            out << "Skipped    " << run.withoutSku << " products without a SKU (they cannot be compared)\n";
        if (run.state == ReconcileRun::State::Cancelled)
            out << "Note       the run was cancelled: what it lists is real, but SKUs missing on a side were not judged\n";
        out << "Differences " << locale.toString(qint64(diffs.size())) << '\n';
        for (DiffKind kind : kKinds) {
            QVector<const StoredDiff *> of;
            for (const StoredDiff &s : diffs)
                if (s.diff.kind == kind)
                    of.append(&s);
            if (of.isEmpty())
                continue;
            out << "\n  " << kindTitle(kind) << ": " << locale.toString(qint64(of.size())) << '\n';
            if (kind == DiffKind::MissingInShop || kind == DiffKind::MissingInErp) {
                // One fix for all of them: the SKUs on a line, the fix once.
                QStringList skus;
                for (int i = 0; i < std::min<int>(kShownPerKind, of.size()); ++i)
                    skus << clean(of.at(i)->diff.sku);
                out << "    " << skus.join(QStringLiteral(", "))
                    << (of.size() > kShownPerKind ? QStringLiteral(", … (%1 more%2)")
                                                        .arg(locale.toString(qint64(of.size() - kShownPerKind)),
                                                             exportPath.isEmpty() ? QStringLiteral("; all: --export FILE.csv")
                                                                                  : QString())
                                                  : QString())
                    << "\n      → " << singleLine(clean(of.first()->diff.fix)) << '\n';
                continue;
            }
            for (int i = 0; i < std::min<int>(kShownPerKind, of.size()); ++i) {
                const ReconcileDiff &d = of.at(i)->diff;
                out << "    " << clean(d.sku);
                if (!d.field.isEmpty())
                    out << "  " << d.field << ": shop " << singleLine(clean(d.shopValue.isEmpty() ? QStringLiteral("(empty)") : elide(d.shopValue, 40)))
                        << ", ERP " << singleLine(clean(d.erpValue.isEmpty() ? QStringLiteral("(empty)") : elide(d.erpValue, 40)));
                out << "\n      → " << singleLine(clean(d.fix)) << '\n';
            }
            if (of.size() > kShownPerKind)
                out << "    … and " << locale.toString(qint64(of.size() - kShownPerKind)) << " more"
                    << (exportPath.isEmpty() ? QStringLiteral(" (all of them: --export FILE.csv)") : QString()) << '\n';
        }
        if (diffs.isEmpty())
            out << "\nBoth sides agree on every compared field.\n";
        if (!exportPath.isEmpty())
            out << "\nExported   " << diffs.size() << " differences to " << QDir::toNativeSeparators(exportPath) << '\n';

        out << "\nFixes      " << plan.applicable() << " can be applied (" << plan.writes.size() << " product writes, "
            << plan.stock.size() << " stock writes); " << plan.left.size() << " left to a person\n";
        if (dryRun) {
            out << "Dry run: nothing was written. --apply would queue:\n";
            // Grouped, a few of each: creates, updates per side, stock.
            const auto group = [&](const QString &title, const QStringList &lines) {
                if (lines.isEmpty())
                    return;
                out << "  " << title << " (" << lines.size() << "):\n";
                for (int i = 0; i < std::min<int>(5, lines.size()); ++i)
                    out << "    " << clean(lines.at(i)) << '\n';
                if (lines.size() > 5)
                    out << "    …\n";
            };
            QStringList creates, toShop, toErp, stock;
            for (const PlannedWrite &w : plan.writes)
                (w.create ? creates : w.target == Side::Shop ? toShop : toErp) << describeWrite(w);
            for (const StockFix &f : plan.stock)
                stock << describeStockFix(f);
            group(QStringLiteral("products to create"), creates);
            group(QStringLiteral("shop products to update"), toShop);
            group(QStringLiteral("ERP products to update"), toErp);
            group(QStringLiteral("shop stock to set"), stock);
        }
        if (applied && drained) {
            out << "Applied    " << drained->applied << " writes applied, " << drained->retrying << " retrying, "
                << drained->dead << " dead, " << drained->pending << " still queued\n";
            if (drained->dead > 0)
                out << "           the dead ones wait in the dead-letter queue: " << ctx.suggest(QStringLiteral("dlq list")) << '\n';
        } else if (applied) {
            out << "Applied    nothing to apply\n";
        } else if (!dryRun && plan.applicable() > 0) {
            out << "           preview them with --run " << run.id << " --dry-run; apply them with --run " << run.id
                << " --apply\n";
        }
        if (!plan.left.isEmpty()) {
            out << "\nLeft to a person (" << plan.left.size() << "):\n";
            for (int i = 0; i < std::min<int>(15, plan.left.size()); ++i)
                out << "  " << singleLine(clean(plan.left.at(i))) << '\n';
            if (plan.left.size() > 15)
                out << "  … and " << plan.left.size() - 15 << " more\n";
        }
        out.flush();
    }

    static void printJsonReport(CliContext &ctx, const ReconcileRun &run, const QVector<StoredDiff> &diffs,
                                const FixPlan &plan, bool applied, bool dryRun,
                                const std::optional<DrainReport> &drained, const QString &exportPath,
                                const TextCleaner &clean)
    {
        QJsonObject counts;
        for (DiffKind kind : kKinds)
            counts.insert(toString(kind), qint64(std::count_if(diffs.cbegin(), diffs.cend(), [kind](const StoredDiff &s) {
                              return s.diff.kind == kind;
                          })));
        QJsonArray rows;
        for (const StoredDiff &s : diffs) {
            const ReconcileDiff &d = s.diff;
            rows.append(QJsonObject{{QStringLiteral("id"), s.id},
                                    {QStringLiteral("kind"), toString(d.kind)},
                                    {QStringLiteral("sku"), clean(d.sku)},
                                    {QStringLiteral("field"), d.field},
                                    {QStringLiteral("shop"), clean(d.shopValue)},
                                    {QStringLiteral("erp"), clean(d.erpValue)},
                                    {QStringLiteral("rule"), d.rule},
                                    {QStringLiteral("writeTo"), d.writeTo ? toString(*d.writeTo) : QString()},
                                    {QStringLiteral("fix"), clean(d.fix)},
                                    {QStringLiteral("shopIds"), QJsonArray::fromStringList(d.shopIds)},
                                    {QStringLiteral("erpIds"), QJsonArray::fromStringList(d.erpIds)},
                                    {QStringLiteral("jobId"), s.jobId ? QJsonValue(s.jobId) : QJsonValue()}});
        }
        QStringList preview;
        for (const PlannedWrite &w : plan.writes)
            preview << clean(describeWrite(w));
        for (const StockFix &f : plan.stock)
            preview << clean(describeStockFix(f));
        QJsonObject result{{QStringLiteral("run"), run.id},
                           {QStringLiteral("state"), toString(run.state)},
                           {QStringLiteral("trigger"), clean(run.trigger)},
                           {QStringLiteral("startedAt"), isoUtc(run.startedMs)},
                           {QStringLiteral("finishedAt"), isoUtc(run.finishedMs)},
                           {QStringLiteral("erpProducts"), run.erpProducts},
                           {QStringLiteral("shopProducts"), run.shopProducts},
                           {QStringLiteral("compared"), run.compared},
                           {QStringLiteral("fields"), QJsonArray::fromStringList(run.fields)},
                           {QStringLiteral("counts"), counts},
                           {QStringLiteral("differences"), rows},
                           {QStringLiteral("applicable"), plan.applicable()},
                           {QStringLiteral("leftToAPerson"), QJsonArray::fromStringList(plan.left)},
                           {QStringLiteral("dryRun"), dryRun},
                           {QStringLiteral("wouldWrite"), dryRun ? QJsonValue(QJsonArray::fromStringList(preview)) : QJsonValue()},
                           {QStringLiteral("export"), exportPath.isEmpty() ? QJsonValue() : QJsonValue(exportPath)}};
        if (applied)
            result.insert(QStringLiteral("applied"),
                          drained ? QJsonValue(QJsonObject{{QStringLiteral("applied"), drained->applied},
                                                           {QStringLiteral("retrying"), drained->retrying},
                                                           {QStringLiteral("dead"), drained->dead},
                                                           {QStringLiteral("pending"), drained->pending}})
                                  : QJsonValue(QJsonObject{{QStringLiteral("applied"), 0}}));
        printJson(ctx.out(), result);
    }
};

} // namespace

std::unique_ptr<CliCommand> makeReconcileCommand()
{
    return std::make_unique<ReconcileCommand>();
}

} // namespace syncsmart
