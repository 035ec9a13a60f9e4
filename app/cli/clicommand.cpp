#include "clicommand.h"

#include "queue/sqlitejobqueue.h"
#include "storage/database.h"

#include <QDateTime>
#include <QFileInfo>
#include <QRegularExpression>

#include <algorithm>

#ifdef Q_OS_UNIX
#include <pwd.h>
#include <sys/ioctl.h>
#include <unistd.h>
#endif

namespace syncsmart {

namespace {
const QString kUsageCode = QStringLiteral("cli.usage");
} // namespace

Error usageError(const QString &message)
{
    return Error::config(kUsageCode, message);
}

bool isUsageError(const Error &error)
{
    return error.code == kUsageCode;
}

CliContext::CliContext(QTextStream &out, QTextStream &err, const QCommandLineParser &parser,
                       QString commandName, std::shared_ptr<const Redactor> redactor)
    : m_out(out)
    , m_err(err)
    , m_parser(parser)
    , m_commandName(std::move(commandName))
    , m_redactor(redactor ? std::move(redactor) : Redactor::withEnvironmentSecrets())
{
}

void CliContext::setLocation(QString profile, QString databasePath)
{
    m_profile = std::move(profile);
    m_databasePath = std::move(databasePath);
}

Result<std::unique_ptr<SqliteJobQueue>>
CliContext::openQueue(OpenMode mode, std::shared_ptr<const Clock> clock, RetryPolicy policy, bool fastWrites)
{
    const QFileInfo info(m_databasePath);
    if (info.exists() && !info.isFile())
        return Error::config(QStringLiteral("cli.not_a_file"),
                             QStringLiteral("%1 is a folder, not a database file. Point --db at the "
                                            "syncsmart.db file inside it.")
                                 .arg(m_databasePath));
    if (mode == OpenMode::ExistingOnly && !info.exists()) {
        const QString hint =
            m_profile.isEmpty()
                ? QStringLiteral("Check the --db path.")
                : QStringLiteral("Profile \"%1\" has not run yet, or the name is misspelt. Check "
                                 "--profile (profiles live under $SYNCSMART_DATA_DIR or "
                                 "~/.local/share/syncsmart), or give the file with --db.")
                      .arg(m_profile);
        return Error::config(QStringLiteral("cli.no_database"),
                             QStringLiteral("No database at %1. %2").arg(m_databasePath, hint));
    }
    DatabaseOptions options;
    options.path = m_databasePath;
    if (fastWrites)
        options.synchronous = Synchronous::Normal;
    options.connectionName = QStringLiteral("syncsmart-cli");
    if (!clock)
        clock = std::make_shared<SystemClock>();
    auto queue = SqliteJobQueue::open(options, std::move(clock), std::move(policy), m_redactor);
    if (!queue)
        return queue.error();
    return std::move(queue).value();
}

int CliContext::fail(const Error &error)
{
    m_err << "syncsmart-cli " << m_commandName << ": " << clean(error.message) << Qt::endl;
    if (isUsageError(error)) {
        m_err << "Run 'syncsmart-cli " << m_commandName << " --help' for its options." << Qt::endl;
        return ExitUsage;
    }
    return ExitFailed;
}

QString CliContext::suggest(const QString &command) const
{
    QString location;
    if (m_profile.isEmpty())
        location = QStringLiteral(" --db %1")
                       .arg(m_databasePath.contains(QLatin1Char(' '))
                                ? QLatin1Char('"') + m_databasePath + QLatin1Char('"')
                                : m_databasePath);
    else if (m_profile != QLatin1String("default"))
        location = QStringLiteral(" --profile %1").arg(m_profile);
    return QStringLiteral("syncsmart-cli%1 %2").arg(location, command);
}

QString CliContext::actor() const
{
    QString user = qEnvironmentVariable("USER");
    if (user.isEmpty())
        user = qEnvironmentVariable("LOGNAME");
    if (user.isEmpty())
        user = qEnvironmentVariable("USERNAME");
#ifdef Q_OS_UNIX
    if (user.isEmpty()) {
        if (const passwd *entry = getpwuid(geteuid()))
            user = QString::fromLocal8Bit(entry->pw_name);
    }
#endif
    if (user.isEmpty())
        user = QStringLiteral("unknown");
    return QStringLiteral("cli:%1").arg(user);
}

QString CliContext::clean(const QString &text) const
{
    return m_redactor->redact(text);
}

QVariantMap CliContext::clean(const QVariantMap &map) const
{
    // Credential keys are masked whole; numbers and booleans keep their type in --json output.
    return m_redactor->redact(map);
}

int CliContext::outputWidth() const
{
#ifdef Q_OS_UNIX
    winsize size{};
    if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0)
        return std::max<int>(60, size.ws_col);
#endif
    bool ok = false;
    const int columns = qEnvironmentVariableIntValue("COLUMNS", &ok);
    if (ok && columns > 0)
        return std::max(60, columns);
    return 0; // piped into a file or another program: keep whole messages
}

// ---- argument helpers -------------------------------------------------------------------------

QCommandLineOption jsonOption()
{
    return QCommandLineOption(QStringLiteral("json"),
                              QStringLiteral("Print JSON for scripts instead of text."));
}

void addFilterOptions(QCommandLineParser &parser)
{
    parser.addOptions({
        {QStringLiteral("target"), QStringLiteral("Only jobs for this peer: shop, erp, ..."),
         QStringLiteral("target")},
        {QStringLiteral("kind"),
         QStringLiteral("Only this kind of job: product.price, stock.set, order.push, ..."),
         QStringLiteral("kind")},
        {QStringLiteral("error"),
         QStringLiteral("Only errors whose code or message contains this text (case-insensitive)."),
         QStringLiteral("text")},
        {QStringLiteral("category"),
         QStringLiteral("Only this error category: transient, permanent, auth or config."),
         QStringLiteral("category")},
        {QStringLiteral("since"),
         QStringLiteral("Only jobs that died at or after this time: 2026-03-01 (midnight, local time), "
                        "2026-03-01T14:30 (local time), 2026-03-01T13:30Z, or an age: 90m, 24h, 7d."),
         QStringLiteral("when")},
        {QStringLiteral("until"),
         QStringLiteral("Only jobs that died before this time (same forms as --since)."),
         QStringLiteral("when")},
    });
}

bool anyFilterOptionSet(const QCommandLineParser &parser)
{
    for (const char *name : {"target", "kind", "error", "category", "since", "until"}) {
        if (parser.isSet(QLatin1String(name)))
            return true;
    }
    return false;
}

Result<DeadLetterFilter> filterFromOptions(const QCommandLineParser &parser, qint64 nowMs)
{
    DeadLetterFilter filter;
    auto text = [&](const char *name, QString &into) -> Status {
        if (!parser.isSet(QLatin1String(name)))
            return {};
        into = parser.value(QLatin1String(name)).trimmed();
        if (into.isEmpty())
            return usageError(QStringLiteral("--%1 needs a value; leave the option out to match everything.")
                                  .arg(QLatin1String(name)));
        return {};
    };
    for (auto [name, field] : {std::pair{"target", &filter.target}, std::pair{"kind", &filter.kind},
                               std::pair{"error", &filter.errorText}}) {
        if (Status s = text(name, *field); !s)
            return s.error();
    }
    if (parser.isSet(QStringLiteral("category"))) {
        const QString value = parser.value(QStringLiteral("category"));
        filter.category = errorCategoryFromString(value.trimmed());
        if (!filter.category)
            return usageError(
                QStringLiteral("--category \"%1\" is not an error category: use transient, permanent, "
                               "auth or config.")
                    .arg(value));
    }
    if (parser.isSet(QStringLiteral("since"))) {
        auto when = parseWhen(parser.value(QStringLiteral("since")), QStringLiteral("--since"), nowMs);
        if (!when)
            return when.error();
        filter.fromMs = *when;
    }
    if (parser.isSet(QStringLiteral("until"))) {
        auto when = parseWhen(parser.value(QStringLiteral("until")), QStringLiteral("--until"), nowMs);
        if (!when)
            return when.error();
        filter.toMs = *when;
    }
    if (filter.fromMs && filter.toMs && filter.fromMs >= filter.toMs)
        return usageError(QStringLiteral("--since must be earlier than --until: nothing can match %1.")
                              .arg(filter.describe()));
    return filter;
}

Status expectNoArguments(const QCommandLineParser &parser)
{
    const QStringList extra = parser.positionalArguments();
    if (extra.isEmpty())
        return {};
    return usageError(
        QStringLiteral("unexpected argument \"%1\": this command takes options only.").arg(extra.first()));
}

Result<QVector<qint64>> parseJobIds(const QStringList &arguments)
{
    QVector<qint64> ids;
    for (const QString &argument : arguments) {
        const QStringList parts =
            argument.split(QRegularExpression(QStringLiteral("[,\\s]+")), Qt::SkipEmptyParts);
        for (QString part : parts) {
            if (part.startsWith(QLatin1Char('#')))
                part.remove(0, 1);
            bool ok = false;
            const qint64 id = part.toLongLong(&ok);
            if (!ok || id <= 0)
                return usageError(
                    QStringLiteral("\"%1\" is not a job id: ids are the whole numbers in the ID column "
                                   "of 'syncsmart-cli dlq list'.")
                        .arg(part));
            if (!ids.contains(id))
                ids.append(id);
        }
    }
    return ids;
}

Result<int> intOption(const QCommandLineParser &parser, const QString &name, int fallback, int min, int max)
{
    if (!parser.isSet(name))
        return fallback;
    const QString value = parser.value(name).trimmed();
    bool ok = false;
    const qint64 n = value.toLongLong(&ok);
    if (!ok || n < min || n > max)
        return usageError(QStringLiteral("--%1 \"%2\" is not a whole number from %3 to %4.")
                              .arg(name, parser.value(name))
                              .arg(min)
                              .arg(max));
    return int(n);
}

Result<qint64> parseWhen(const QString &text, const QString &optionName, qint64 nowMs)
{
    const QString t = text.trimmed();
    static const QRegularExpression age(QStringLiteral("^(\\d{1,6})\\s*(s|m|min|h|d|w)$"),
                                        QRegularExpression::CaseInsensitiveOption);
    if (const auto m = age.match(t); m.hasMatch()) {
        const qint64 n = m.captured(1).toLongLong();
        const QString unit = m.captured(2).toLower();
        const qint64 unitMs = unit == QLatin1String("s")          ? 1000
                              : unit.startsWith(QLatin1Char('m')) ? 60'000
                              : unit == QLatin1String("h")        ? 3'600'000
                              : unit == QLatin1String("d")        ? 86'400'000
                                                                  : 7 * 86'400'000LL;
        return nowMs - n * unitMs;
    }
    const QDate date = QDate::fromString(t, Qt::ISODate);
    if (date.isValid() && t.size() == 10)
        return QDateTime(date, QTime(0, 0)).toMSecsSinceEpoch();
    QString iso = t;
    if (iso.size() > 10 && iso.at(10) == QLatin1Char(' '))
        iso[10] = QLatin1Char('T');
    QDateTime dt = QDateTime::fromString(iso, Qt::ISODateWithMs);
    if (!dt.isValid())
        dt = QDateTime::fromString(iso, Qt::ISODate);
    if (!dt.isValid())
        return usageError(
            QStringLiteral("%1 \"%2\" is not a date or time. Use ISO 8601 such as 2026-03-01, "
                           "2026-03-01T14:30 (local time) or 2026-03-01T13:30:00Z, or an age such "
                           "as 90m, 24h or 7d.")
                .arg(optionName, text));
    return dt.toMSecsSinceEpoch();
}

} // namespace syncsmart
