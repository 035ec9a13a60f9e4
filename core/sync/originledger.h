#pragma once

#include "common/result.h"
#include "sync/fieldpolicy.h"

#include <QHash>
#include <QString>
#include <QStringList>
#include <QVector>

namespace syncsmart {

class Database;

// One write the engine made: this value (by fingerprint) was written to this field on this side.
struct LedgerEntry
{
    QString sku;
    Side side = Side::Shop;
    QString field;
    quint64 fingerprint = 0;
    qint64 jobId = 0;
};

// Rule 4, no circular updates: every write is recorded here, so when it comes back from the side it
// was written to (its echo) it is recognised and dropped instead of being synced back. Only the latest
// write per field is kept; a recognised echo consumes its entry.
class OriginLedger final
{
public:
    OriginLedger(Database &db, QString entity);

    static QString key(const QString &sku, Side side, const QString &field);

    // key() -> fingerprint, for the given SKUs.
    Result<QHash<QString, quint64>> load(const QStringList &skus) const;
    // The caller holds the write transaction for these three.
    Status record(const QVector<LedgerEntry> &entries, qint64 nowMs) const;
    Status consume(const QVector<LedgerEntry> &entries) const;
    Status countEchoes(qint64 echoes) const;
    Result<qint64> echoesSuppressed() const;

private:
    Database &m_db;
    QString m_entity;
};

} // namespace syncsmart
