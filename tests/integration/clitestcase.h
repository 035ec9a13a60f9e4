#pragma once

#include "queue/sqlitejobqueue.h"

#include <QJsonArray>
#include <QMap>
#include <QObject>
#include <QSet>
#include <QTemporaryDir>

#include <memory>

namespace syncsmart {

struct CliRun
{
    int exitCode = -1;
    QString out;
    QString err;
};

// What the CLI tests share: a temporary folder (also the SYNCSMART_DATA_DIR the CLI sees), a
// fixture database seeded through the core API, and a way to run syncsmart-cli on it.
// Fixture: 3 done, 2 pending, 5 dead; shop has 2 done, 1 pending, 2 dead; erp 1 done, 1 pending, 3 dead.
class CliTestCase : public QObject
{
protected:
    void setUpFixture(); // call from init(); fails the test through QVERIFY when seeding fails
    void tearDownFixture();

    // interruptAfterMs >= 0: a Ctrl-C (SIGINT) that long after it started, as a person would.
    CliRun run(const QStringList &arguments, const QMap<QString, QString> &extraEnv = {}, int interruptAfterMs = -1);
    std::unique_ptr<SqliteJobQueue> openQueue(const QString &path,
                                              std::shared_ptr<const Clock> clock = nullptr);
    // Enqueues a job, claims it and fails it with a permanent error: a dead letter. 0 on failure.
    qint64 deadLetter(SqliteJobQueue &queue, const QString &target, const QString &kind,
                      const QByteArray &payload, const Error &error);
    // Read through a fresh connection each time, so what the CLI committed is seen.
    JobState stateOf(qint64 id);
    int auditCount(qint64 id, const QString &action);
    QString filePath(const QString &name) const { return m_dir->filePath(name); }

    static QByteArray fileHash(const QString &path);
    static QSet<qint64> idsOf(const QJsonArray &jobs);

    QString m_db;
    std::shared_ptr<TestClock> m_clock;
    qint64 m_shopPrice = 0;   // dead, shop, permanent: price invalid
    qint64 m_shopStock = 0;   // dead, shop, permanent: unknown product
    qint64 m_erpOrder = 0;    // dead, erp, permanent: unknown SKU in order
    qint64 m_erpTimeout = 0;  // dead, erp, transient: ran out of attempts
    qint64 m_erpCustomer = 0; // dead, erp, permanent: VAT refused

private:
    void seedFixture(const QString &path);

    std::unique_ptr<QTemporaryDir> m_dir;
};

} // namespace syncsmart
