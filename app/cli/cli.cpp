#include "cli.h"

#include "clicommand.h"

#include "storage/profilepaths.h"

#include <QFileInfo>

#ifndef SYNCSMART_VERSION
#define SYNCSMART_VERSION "unknown"
#endif

namespace syncsmart {

namespace {
const QString kProgram = QStringLiteral("syncsmart-cli");

QCommandLineOption profileOption()
{
    return {QStringLiteral("profile"),
            QStringLiteral("Work on this profile's database (default: \"default\"). Profiles live under "
                           "$SYNCSMART_DATA_DIR, else ~/.local/share/syncsmart."),
            QStringLiteral("name")};
}

QCommandLineOption dbOption()
{
    return {QStringLiteral("db"), QStringLiteral("Work on this database file instead of a profile's."),
            QStringLiteral("path")};
}

QCommandLineOption helpOption()
{
    return {{QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("Show this help and exit.")};
}

std::vector<std::unique_ptr<CliCommand>> allCommands()
{
    std::vector<std::unique_ptr<CliCommand>> commands;
    commands.push_back(makeStatusCommand());
    commands.push_back(makeDlqListCommand());
    commands.push_back(makeDlqShowCommand());
    commands.push_back(makeDlqRetryCommand());
    commands.push_back(makeDlqDiscardCommand());
    commands.push_back(makePauseCommand());
    commands.push_back(makeResumeCommand());
    commands.push_back(makeSyncOnceCommand());
    commands.push_back(makeReconcileCommand());
    commands.push_back(makeProfileTemplateCommand());
    commands.push_back(makeSeedSampleCommand());
    return commands;
}

QString commandList(const std::vector<std::unique_ptr<CliCommand>> &commands, const QString &group = {})
{
    int width = 0;
    for (const auto &c : commands)
        width = std::max<int>(width, c->name().size());
    QString text;
    for (const auto &c : commands) {
        if (!group.isEmpty() && !c->name().startsWith(group + QLatin1Char(' ')))
            continue;
        text += QStringLiteral("  %1  %2\n").arg(c->name().leftJustified(width), c->summary());
    }
    return text;
}

QString generalHelp(const std::vector<std::unique_ptr<CliCommand>> &commands)
{
    return QStringLiteral(
               "Usage: syncsmart-cli [--profile NAME | --db PATH] COMMAND [options]\n"
               "\n"
               "Runs sync passes of a SyncSmart profile, looks at its queue and triages its dead letters\n"
               "(jobs that gave up), from a terminal, cron or a script.\n"
               "\n"
               "Commands:\n"
               "%1"
               "\n"
               "Options for every command:\n"
               "  --profile NAME  Work on this profile's database (default: \"default\"). Profiles live\n"
               "                  under $SYNCSMART_DATA_DIR, else ~/.local/share/syncsmart.\n"
               "  --db PATH       Work on this database file instead of a profile's.\n"
               "  -h, --help      Show help: 'syncsmart-cli dlq retry --help' shows that command's options.\n"
               "  --version       Show the version.\n"
               "\n"
               "Results go to standard output (--json for scripts on status, sync-once, dlq list and dlq show),\n"
               "messages to standard error. Exit status: 0 done, 1 the command failed (the message says\n"
               "why), 2 the command line is wrong (nothing was changed).\n")
        .arg(commandList(commands));
}

QString groupHelp(const std::vector<std::unique_ptr<CliCommand>> &commands, const QString &group)
{
    return QStringLiteral("Usage: syncsmart-cli %1 COMMAND [options]\n\nCommands:\n%2\n"
                          "Run 'syncsmart-cli %1 COMMAND --help' for a command's options.\n")
        .arg(group, commandList(commands, group));
}

QString commandHelp(const CliCommand &command, const QCommandLineParser &parser)
{
    QString text;
    // Each line is one form of the command; a line starting with spaces continues the one above.
    const QString prefix = QStringLiteral("%1 %2 ").arg(kProgram, command.name());
    const QStringList lines = command.usageLines();
    for (int i = 0; i < lines.size(); ++i) {
        const bool continued = lines.at(i).startsWith(QLatin1Char(' '));
        text +=
            QStringLiteral("%1%2%3\n")
                .arg(i == 0 ? QStringLiteral("Usage: ") : QStringLiteral("       "),
                     continued ? QString(prefix.size(), QLatin1Char(' ')) : prefix, lines.at(i).trimmed());
    }
    text += QLatin1Char('\n') + command.description().trimmed() + QLatin1Char('\n');
    // QCommandLineParser lays out the options; its own usage line names argv[0], so it is replaced.
    const QString generated = parser.helpText();
    const int options = generated.indexOf(QStringLiteral("\nOptions:\n"));
    if (options >= 0)
        text += generated.mid(options);
    return text;
}

int usage(QTextStream &err, const QString &message, const QString &command = {})
{
    const QString who = command.isEmpty() ? kProgram : kProgram + QLatin1Char(' ') + command;
    err << who << ": " << message << Qt::endl;
    err << "Run '" << who << " --help' for " << (command.isEmpty() ? "help" : "its options") << '.'
        << Qt::endl;
    return ExitUsage;
}
} // namespace

int runCli(const QStringList &arguments, QTextStream &out, QTextStream &err,
           std::shared_ptr<const Redactor> redactor)
{
    const auto commands = allCommands();

    // Global options may come before the command; everything after it is the command's to parse.
    QCommandLineParser top;
    top.setOptionsAfterPositionalArgumentsMode(QCommandLineParser::ParseAsPositionalArguments);
    top.addOptions({profileOption(),
                    dbOption(),
                    helpOption(),
                    {QStringLiteral("version"), QStringLiteral("Show the version.")}});
    if (!top.parse(arguments))
        return usage(err, top.errorText());
    if (top.isSet(QStringLiteral("version"))) {
        out << kProgram << ' ' << SYNCSMART_VERSION << Qt::endl;
        return ExitOk;
    }
    QStringList rest = top.positionalArguments();
    bool wantHelp = top.isSet(QStringLiteral("help"));
    if (!rest.isEmpty() && rest.first() == QLatin1String("help")) {
        rest.removeFirst();
        wantHelp = true;
    }
    if (rest.isEmpty()) {
        if (wantHelp) {
            out << generalHelp(commands);
            return ExitOk;
        }
        err << kProgram << ": no command given.\n\n" << generalHelp(commands);
        return ExitUsage;
    }

    // The command is the longest name matching the leading words: "dlq retry", "status".
    const CliCommand *command = nullptr;
    int words = 0;
    for (const auto &c : commands) {
        const QStringList name = c->name().split(QLatin1Char(' '));
        if (name.size() > words && rest.mid(0, name.size()) == name) {
            command = c.get();
            words = name.size();
        }
    }
    if (!command) {
        const QString first = rest.first();
        const bool isGroup = std::any_of(commands.cbegin(), commands.cend(), [&](const auto &c) {
            return c->name().startsWith(first + QLatin1Char(' '));
        });
        if (!isGroup)
            return usage(err, QStringLiteral(
                                  "unknown command \"%1\". Commands: status, dlq list, dlq show, dlq retry, "
                                  "dlq discard, pause, resume, sync-once, reconcile, profile-template, seed-sample.")
                                  .arg(first));
        const QString second = rest.value(1);
        if (wantHelp || second == QLatin1String("--help") || second == QLatin1String("-h")) {
            out << groupHelp(commands, first);
            return ExitOk;
        }
        if (second.isEmpty()) {
            err << kProgram << ' ' << first << ": which " << first << " command?\n\n"
                << groupHelp(commands, first);
            return ExitUsage;
        }
        err << kProgram << ' ' << first << ": unknown command \"" << second << "\".\n\n"
            << groupHelp(commands, first);
        return ExitUsage;
    }

    QCommandLineParser parser;
    command->addOptions(parser);
    parser.addOptions({profileOption(), dbOption(), helpOption()});
    if (wantHelp) {
        out << commandHelp(*command, parser);
        return ExitOk;
    }
    QStringList commandArguments = rest.mid(words);
    commandArguments.prepend(kProgram + QLatin1Char(' ') + command->name());
    if (!parser.parse(commandArguments))
        return usage(err, parser.errorText(), command->name());
    if (parser.isSet(QStringLiteral("help"))) {
        out << commandHelp(*command, parser);
        return ExitOk;
    }

    CliContext ctx(out, err, parser, command->name(), std::move(redactor));
    auto value = [&](const QString &name) {
        return parser.isSet(name) ? parser.value(name) : top.value(name);
    };
    const bool profileSet = top.isSet(QStringLiteral("profile")) || parser.isSet(QStringLiteral("profile"));
    const bool dbSet = top.isSet(QStringLiteral("db")) || parser.isSet(QStringLiteral("db"));
    if (profileSet && dbSet)
        return ctx.fail(usageError(QStringLiteral("give --profile or --db, not both.")));
    if (dbSet) {
        const QString path = value(QStringLiteral("db")).trimmed();
        if (path.isEmpty())
            return ctx.fail(usageError(QStringLiteral("--db needs the path of a database file.")));
        ctx.setLocation(QString(), QFileInfo(path).absoluteFilePath());
    } else {
        const QString name =
            profileSet ? value(QStringLiteral("profile")).trimmed() : QStringLiteral("default");
        auto paths = ProfilePaths::forProfile(name);
        if (!paths)
            return ctx.fail(usageError(paths.error().message));
        ctx.setLocation(name, paths->databasePath);
    }
    return command->run(ctx);
}

} // namespace syncsmart
