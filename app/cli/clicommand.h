#pragma once

#include "common/clock.h"
#include "common/redactor.h"
#include "common/result.h"
#include "queue/job.h"
#include "queue/retrypolicy.h"

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QTextStream>

#include <memory>
#include <vector>

namespace syncsmart {

class SqliteJobQueue;

// Exit statuses, documented in --help: scripts branch on them.
enum CliExit : int { ExitOk = 0, ExitFailed = 1, ExitUsage = 2 };

// A mistake in the command line. Reported with a pointer to --help and exit status 2.
Error usageError(const QString &message);
bool isUsageError(const Error &error);

// What every command gets: the parsed command line, the two output streams and the database.
class CliContext final
{
public:
    // Without a redactor, one is built from the environment's secrets (see Redactor).
    CliContext(QTextStream &out, QTextStream &err, const QCommandLineParser &parser, QString commandName,
               std::shared_ptr<const Redactor> redactor = nullptr);

    QTextStream &out() { return m_out; }
    QTextStream &err() { return m_err; }
    const QCommandLineParser &parser() const { return m_parser; }
    const QString &commandName() const { return m_commandName; } // "dlq retry"

    // Where the database is: --db PATH, or --profile NAME (default "default").
    void setLocation(QString profile, QString databasePath);
    const QString &profile() const { return m_profile; } // empty with --db
    const QString &databasePath() const { return m_databasePath; }

    // Read and triage commands refuse a missing file instead of creating an empty database.
    enum class OpenMode { ExistingOnly, CreateIfMissing };
    Result<std::unique_ptr<SqliteJobQueue>> openQueue(OpenMode mode,
                                                      std::shared_ptr<const Clock> clock = nullptr,
                                                      RetryPolicy policy = {}, bool fastWrites = false);

    // Prints the error on stderr and returns the exit status it calls for (1, or 2 for usage).
    int fail(const Error &error);

    // A command line to suggest, naming the same database: "syncsmart-cli --profile shop1 dlq list".
    QString suggest(const QString &command) const;
    // Who operator actions are recorded as in the audit log.
    QString actor() const;
    // Text that came from the database or a peer passes through this before it is printed.
    QString clean(const QString &text) const;
    QVariantMap clean(const QVariantMap &map) const;
    // Columns available for a table: the terminal's width, else $COLUMNS, else 0 (no limit).
    int outputWidth() const;

private:
    QTextStream &m_out;
    QTextStream &m_err;
    const QCommandLineParser &m_parser;
    QString m_commandName;
    QString m_profile;
    QString m_databasePath;
    std::shared_ptr<const Redactor> m_redactor;
};

// One subcommand. Each lives in its own small file and is listed in cli.cpp.
class CliCommand
{
public:
    virtual ~CliCommand() = default;
    virtual QString name() const = 0;           // "dlq retry"
    virtual QString summary() const = 0;        // one line for `syncsmart-cli --help`
    virtual QStringList usageLines() const = 0; // "[options] ID..." after "syncsmart-cli dlq retry"
    virtual QString description() const = 0;    // the paragraph under the usage in --help
    virtual void addOptions(QCommandLineParser &parser) const = 0;
    virtual int run(CliContext &ctx) const = 0;
};

std::unique_ptr<CliCommand> makeStatusCommand();
std::unique_ptr<CliCommand> makeDlqListCommand();
std::unique_ptr<CliCommand> makeDlqShowCommand();
std::unique_ptr<CliCommand> makeDlqRetryCommand();
std::unique_ptr<CliCommand> makeDlqDiscardCommand();
std::unique_ptr<CliCommand> makeSeedSampleCommand();
std::unique_ptr<CliCommand> makePauseCommand();
std::unique_ptr<CliCommand> makeResumeCommand();
std::unique_ptr<CliCommand> makeSyncOnceCommand();
std::unique_ptr<CliCommand> makeReconcileCommand();
std::unique_ptr<CliCommand> makeProfileTemplateCommand();

// ---- argument helpers shared by the commands ----------------------------------------------------

QCommandLineOption jsonOption();

// --target --kind --error --category --since --until, as used by dlq list/retry/discard.
void addFilterOptions(QCommandLineParser &parser);
bool anyFilterOptionSet(const QCommandLineParser &parser);
Result<DeadLetterFilter> filterFromOptions(const QCommandLineParser &parser, qint64 nowMs);

// Commands that take no positional arguments say so instead of ignoring them.
Status expectNoArguments(const QCommandLineParser &parser);
// "12", "12,13", "#12": whole positive numbers; duplicates dropped, order kept.
Result<QVector<qint64>> parseJobIds(const QStringList &arguments);
// An option's integer value within [min, max], or fallback when the option is absent.
Result<int> intOption(const QCommandLineParser &parser, const QString &name, int fallback, int min, int max);
// ISO 8601 date or date-time (local time unless it carries Z or an offset), or an age: 90m, 24h, 7d.
Result<qint64> parseWhen(const QString &text, const QString &optionName, qint64 nowMs);

} // namespace syncsmart
