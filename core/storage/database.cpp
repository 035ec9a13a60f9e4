#include "database.h"

#include "common/logging.h"

#include <QAtomicInteger>
#include <QDir>
#include <QFileInfo>
#include <QSqlError>
#include <QThread>

namespace syncsmart {

namespace {
QAtomicInteger<quint64> g_connectionCounter;

QString generatedConnectionName()
{
    return QStringLiteral("syncsmart-%1-%2")
        .arg(reinterpret_cast<quintptr>(QThread::currentThread()), 0, 16)
        .arg(g_connectionCounter.fetchAndAddRelaxed(1));
}
} // namespace

QString toString(Synchronous mode)
{
    switch (mode) {
    case Synchronous::Off: return QStringLiteral("OFF");
    case Synchronous::Normal: return QStringLiteral("NORMAL");
    case Synchronous::Full: return QStringLiteral("FULL");
    }
    return QStringLiteral("FULL");
}

std::optional<Synchronous> synchronousFromString(const QString &text)
{
    const QString t = text.trimmed().toUpper();
    if (t == QLatin1String("OFF"))
        return Synchronous::Off;
    if (t == QLatin1String("NORMAL"))
        return Synchronous::Normal;
    if (t == QLatin1String("FULL"))
        return Synchronous::Full;
    return std::nullopt;
}

Error sqlError(const QString &what, const QSqlQuery &query)
{
    const QSqlError e = query.lastError();
    const QString reason = e.databaseText().isEmpty() ? e.text() : e.databaseText();
    const bool busy = reason.contains(QLatin1String("locked")) || reason.contains(QLatin1String("busy"));
    QVariantMap ctx{{QStringLiteral("sql"), query.lastQuery().left(200)},
                    {QStringLiteral("sqliteCode"), e.nativeErrorCode()}};
    if (busy)
        return Error::transient(QStringLiteral("storage.busy"),
                                QStringLiteral("%1: the database is busy (%2); try again").arg(what, reason), ctx);
    return Error::permanent(QStringLiteral("storage.sql"), QStringLiteral("%1: %2").arg(what, reason), ctx);
}

Database::Database(QString connectionName, QString path)
    : m_connectionName(std::move(connectionName))
    , m_path(std::move(path))
{
}

Database::~Database()
{
    {
        QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
        if (db.isOpen())
            db.close();
    }
    QSqlDatabase::removeDatabase(m_connectionName);
}

Result<std::unique_ptr<Database>> Database::open(const DatabaseOptions &options,
                                                 const QVector<Migration> &migrations)
{
    if (options.path.isEmpty())
        return Error::config(QStringLiteral("storage.no_path"), QStringLiteral("No database path was given."));
    if (options.path != QLatin1String(":memory:")) {
        const QFileInfo info(options.path);
        if (!QDir().mkpath(info.absolutePath()))
            return Error::config(QStringLiteral("storage.mkdir"),
                                 QStringLiteral("Cannot create the folder %1 for the database; check its "
                                                "permissions.")
                                     .arg(info.absolutePath()));
    }
    const QString name = options.connectionName.isEmpty() ? generatedConnectionName() : options.connectionName;
    if (QSqlDatabase::contains(name))
        return Error::config(QStringLiteral("storage.connection_in_use"),
                             QStringLiteral("The database connection name %1 is already in use.").arg(name));
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        if (!db.isValid()) {
            QSqlDatabase::removeDatabase(name);
            return Error::config(QStringLiteral("storage.no_driver"),
                                 QStringLiteral("Qt's SQLite driver is missing; install libqt6sql6-sqlite "
                                                "(packaging/install-deps.sh does)."));
        }
        db.setDatabaseName(options.path);
    }
    std::unique_ptr<Database> self(new Database(name, options.path));
    QSqlDatabase db = self->handle();
    if (!db.open())
        return Error::config(QStringLiteral("storage.open"),
                             QStringLiteral("Cannot open the database %1: %2").arg(options.path, db.lastError().text()));
    if (Status s = self->configure(options); !s)
        return s.error();
    if (Status s = self->migrate(migrations); !s)
        return s.error();
    return self;
}

Status Database::configure(const DatabaseOptions &options)
{
    QSqlQuery q(handle());
    if (!q.exec(QStringLiteral("PRAGMA journal_mode=WAL")) || !q.next()) {
        Error e = sqlError(QStringLiteral("Opening %1").arg(m_path), q);
        e.category = ErrorCategory::Config;
        e.message += QStringLiteral(" — is this a SyncSmart database?");
        return e;
    }
    const QString mode = q.value(0).toString().toLower();
    if (mode != QLatin1String("wal") && !(m_path == QLatin1String(":memory:") && mode == QLatin1String("memory")))
        return Error::config(QStringLiteral("storage.no_wal"),
                             QStringLiteral("SQLite refused WAL mode for %1 (got %2); put the database on a "
                                            "local disk.")
                                 .arg(m_path, mode));
    const QStringList pragmas{
        QStringLiteral("PRAGMA synchronous=%1").arg(toString(options.synchronous)),
        QStringLiteral("PRAGMA busy_timeout=%1").arg(options.busyTimeoutMs),
        QStringLiteral("PRAGMA foreign_keys=ON"),
    };
    for (const QString &p : pragmas) {
        if (!q.exec(p))
            return sqlError(QStringLiteral("Configuring %1").arg(m_path), q);
    }
    // Check what SQLite really applied: a pragma it does not know is silently ignored.
    if (!q.exec(QStringLiteral("PRAGMA synchronous")) || !q.next())
        return sqlError(QStringLiteral("Reading synchronous"), q);
    const int expected = options.synchronous == Synchronous::Off ? 0 : options.synchronous == Synchronous::Normal ? 1 : 2;
    if (q.value(0).toInt() != expected)
        return Error::config(QStringLiteral("storage.pragma"),
                             QStringLiteral("SQLite did not apply synchronous=%1").arg(toString(options.synchronous)));
    return {};
}

Status Database::migrate(const QVector<Migration> &migrations)
{
    const int known = migrations.isEmpty() ? 0 : migrations.last().version;
    auto readVersion = [this]() -> Result<int> {
        QSqlQuery q(handle());
        if (!q.exec(QStringLiteral("SELECT name FROM sqlite_master WHERE type='table' AND name='meta'")))
            return sqlError(QStringLiteral("Reading the schema of %1").arg(m_path), q);
        if (!q.next())
            return 0;
        if (!q.exec(QStringLiteral("SELECT value FROM meta WHERE key='schema_version'")))
            return sqlError(QStringLiteral("Reading the schema version of %1").arg(m_path), q);
        return q.next() ? q.value(0).toInt() : 0;
    };
    auto refuseNewer = [&](int found) {
        return Error::config(QStringLiteral("storage.schema_newer"),
                             QStringLiteral("The database %1 was written by a newer SyncSmart (schema version %2; "
                                            "this program knows up to %3). Nothing was changed. Install the newer "
                                            "SyncSmart, or open another profile.")
                                 .arg(m_path)
                                 .arg(found)
                                 .arg(known));
    };

    Result<int> current = readVersion();
    if (!current)
        return current.error();
    if (*current > known)
        return refuseNewer(*current);
    if (*current == known) {
        m_schemaVersion = known;
        return {};
    }

    WriteTransaction tx(*this);
    if (!tx.status())
        return tx.status();
    current = readVersion(); // another process may have migrated while we waited for the lock
    if (!current)
        return current.error();
    if (*current > known)
        return refuseNewer(*current);

    QSqlQuery q(handle());
    if (!q.exec(QStringLiteral("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")))
        return sqlError(QStringLiteral("Creating the meta table"), q);
    for (const Migration &m : migrations) {
        if (m.version <= *current)
            continue;
        qCInfo(lcStorage) << "migrating" << m_path << "to schema" << m.version << m.description;
        for (const QString &statement : m.statements) {
            if (!q.exec(statement))
                return sqlError(QStringLiteral("Migration %1 (%2)").arg(m.version).arg(m.description), q);
        }
    }
    q.prepare(QStringLiteral("INSERT INTO meta(key, value) VALUES('schema_version', ?) "
                             "ON CONFLICT(key) DO UPDATE SET value=excluded.value"));
    q.addBindValue(QString::number(known));
    if (!q.exec())
        return sqlError(QStringLiteral("Recording the schema version"), q);
    if (Status s = tx.commit(); !s)
        return s;
    m_schemaVersion = known;
    return {};
}

Result<QSqlQuery> Database::prepare(const QString &sql) const
{
    QSqlQuery q(handle());
    q.setForwardOnly(true);
    if (!q.prepare(sql))
        return sqlError(QStringLiteral("Preparing a statement"), q);
    return q;
}

Result<QSqlQuery> Database::query(const QString &sql, const QVariantList &binds) const
{
    auto q = prepare(sql);
    if (!q)
        return q.error();
    for (const QVariant &b : binds)
        q->addBindValue(b);
    if (Status s = exec(*q); !s)
        return s.error();
    return q;
}

Status Database::exec(const QString &sql) const
{
    QSqlQuery q(handle());
    if (!q.exec(sql))
        return sqlError(QStringLiteral("Running a statement"), q);
    return {};
}

Status Database::exec(QSqlQuery &query) const
{
    if (!query.exec())
        return sqlError(QStringLiteral("Running a statement"), query);
    return {};
}

Status Database::beginWrite()
{
    QSqlQuery q(handle());
    if (!q.exec(QStringLiteral("BEGIN IMMEDIATE")))
        return sqlError(QStringLiteral("Starting a write on %1 (another SyncSmart process may hold it)").arg(m_path), q);
    return {};
}

Status Database::commit()
{
    return exec(QStringLiteral("COMMIT"));
}

void Database::rollback()
{
    QSqlQuery q(handle());
    if (!q.exec(QStringLiteral("ROLLBACK")))
        qCWarning(lcStorage) << "rollback failed on" << m_path << q.lastError().text();
}

Result<qint64> Database::dataVersion() const
{
    QSqlQuery q(handle());
    if (!q.exec(QStringLiteral("PRAGMA data_version")) || !q.next())
        return sqlError(QStringLiteral("Reading data_version"), q);
    return q.value(0).toLongLong();
}

} // namespace syncsmart
