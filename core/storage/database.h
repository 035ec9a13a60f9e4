#pragma once

#include "common/result.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <QVector>

#include <memory>

namespace syncsmart {

// One numbered, cumulative schema step. All pending steps run in one transaction.
struct Migration
{
    int version = 0;
    QString description;
    QStringList statements;
};

enum class Synchronous { Off, Normal, Full };
QString toString(Synchronous mode);
std::optional<Synchronous> synchronousFromString(const QString &text);

struct DatabaseOptions
{
    QString path;                                // a file, or ":memory:" for throwaway tests
    Synchronous synchronous = Synchronous::Full; // FULL: a committed job survives a power cut
    int busyTimeoutMs = 10'000;                  // the console and the CLI share the file
    QString connectionName;                      // unique per thread; generated when empty
};

// One SQLite connection owned by the thread that opened it (QtSql's rule), in WAL mode, migrated
// to the schema this program knows. Removing the connection happens in the destructor.
class Database final
{
public:
    static Result<std::unique_ptr<Database>> open(const DatabaseOptions &options,
                                                  const QVector<Migration> &migrations);
    ~Database();
    Database(const Database &) = delete;
    Database &operator=(const Database &) = delete;

    QSqlDatabase handle() const { return QSqlDatabase::database(m_connectionName, false); }
    const QString &path() const { return m_path; }
    const QString &connectionName() const { return m_connectionName; }
    int schemaVersion() const { return m_schemaVersion; }

    // A prepared statement on this connection; the error names the statement and SQLite's reason.
    Result<QSqlQuery> prepare(const QString &sql) const;
    Status exec(const QString &sql) const;
    Status exec(QSqlQuery &query) const; // runs an already-prepared, already-bound query
    // Prepares, binds in order and runs: the query is positioned before its first row.
    Result<QSqlQuery> query(const QString &sql, const QVariantList &binds = {}) const;

    // BEGIN IMMEDIATE takes the write lock up front, so two processes never dead-lock upgrading
    // a read transaction; busy_timeout makes the second one wait instead of failing.
    Status beginWrite();
    Status commit();
    void rollback();

    // Changes when another connection (another thread or process) commits to the file.
    Result<qint64> dataVersion() const;

private:
    Database(QString connectionName, QString path);
    Status configure(const DatabaseOptions &options);
    Status migrate(const QVector<Migration> &migrations);

    QString m_connectionName;
    QString m_path;
    int m_schemaVersion = 0;
};

// Rolls back on scope exit unless commit() succeeded.
class WriteTransaction final
{
public:
    explicit WriteTransaction(Database &db) : m_db(db) { m_status = m_db.beginWrite(); }
    ~WriteTransaction()
    {
        if (m_status.ok() && !m_committed)
            m_db.rollback();
    }
    const Status &status() const { return m_status; }
    Status commit()
    {
        Status s = m_db.commit();
        m_committed = s.ok();
        return s;
    }

private:
    Database &m_db;
    Status m_status;
    bool m_committed = false;
};

// Runs fn (returning a Result) in one write transaction: committed when fn succeeds, rolled back
// when it fails, so a multi-row operation is all or nothing.
template<typename Fn>
auto inWriteTransaction(Database &db, Fn &&fn) -> decltype(fn())
{
    WriteTransaction tx(db);
    if (!tx.status())
        return tx.status().error();
    auto result = fn();
    if (!result)
        return result;
    if (Status s = tx.commit(); !s)
        return s.error();
    return result;
}

Error sqlError(const QString &what, const QSqlQuery &query);

} // namespace syncsmart
