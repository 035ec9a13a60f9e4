#include "originledger.h"

#include "common/fingerprint.h"
#include "storage/database.h"

namespace syncsmart {

OriginLedger::OriginLedger(Database &db, QString entity) : m_db(db), m_entity(std::move(entity)) {}

QString OriginLedger::key(const QString &sku, Side side, const QString &field)
{
    return sku + QChar(0x1f) + toString(side) + QChar(0x1f) + field;
}

Result<QHash<QString, quint64>> OriginLedger::load(const QStringList &skus) const
{
    QHash<QString, quint64> out;
    constexpr int kPerQuery = 500;
    for (qsizetype i = 0; i < skus.size(); i += kPerQuery) {
        const QStringList part = skus.mid(i, kPerQuery);
        QStringList marks(part.size(), QStringLiteral("?"));
        auto q = m_db.prepare(QStringLiteral("SELECT sku, side, field, fingerprint FROM origin_ledger "
                                             "WHERE entity = ? AND sku IN (%1)")
                                  .arg(marks.join(QLatin1Char(','))));
        if (!q)
            return q.error();
        q->addBindValue(m_entity);
        for (const QString &sku : part)
            q->addBindValue(sku);
        if (Status s = m_db.exec(*q); !s)
            return s.error();
        while (q->next()) {
            const auto side = sideFromString(q->value(1).toString());
            if (side)
                out.insert(key(q->value(0).toString(), *side, q->value(2).toString()),
                           q->value(3).toString().toULongLong(nullptr, 16));
        }
    }
    return out;
}

Status OriginLedger::record(const QVector<LedgerEntry> &entries, qint64 nowMs) const
{
    auto q = m_db.prepare(QStringLiteral("INSERT OR REPLACE INTO origin_ledger (entity, sku, side, field, "
                                         "fingerprint, job_id, written_at) VALUES (?, ?, ?, ?, ?, ?, ?)"));
    if (!q)
        return q.error();
    for (const LedgerEntry &e : entries) {
        q->bindValue(0, m_entity);
        q->bindValue(1, e.sku);
        q->bindValue(2, toString(e.side));
        q->bindValue(3, e.field);
        q->bindValue(4, fingerprintHex(e.fingerprint));
        q->bindValue(5, e.jobId ? QVariant(e.jobId) : QVariant());
        q->bindValue(6, nowMs);
        if (Status s = m_db.exec(*q); !s)
            return s;
    }
    return {};
}

Status OriginLedger::consume(const QVector<LedgerEntry> &entries) const
{
    auto q = m_db.prepare(QStringLiteral("DELETE FROM origin_ledger WHERE entity = ? AND sku = ? AND side = ? "
                                         "AND field = ? AND fingerprint = ?"));
    if (!q)
        return q.error();
    for (const LedgerEntry &e : entries) {
        q->bindValue(0, m_entity);
        q->bindValue(1, e.sku);
        q->bindValue(2, toString(e.side));
        q->bindValue(3, e.field);
        q->bindValue(4, fingerprintHex(e.fingerprint));
        if (Status s = m_db.exec(*q); !s)
            return s;
    }
    return {};
}

Status OriginLedger::countEchoes(qint64 echoes) const
{
    if (echoes == 0)
        return {};
    auto q = m_db.prepare(QStringLiteral("INSERT INTO sync_counters (name, value) VALUES ('echoes_suppressed', ?) "
                                         "ON CONFLICT(name) DO UPDATE SET value = value + excluded.value"));
    if (!q)
        return q.error();
    q->addBindValue(echoes);
    return m_db.exec(*q);
}

Result<qint64> OriginLedger::echoesSuppressed() const
{
    auto q = m_db.prepare(QStringLiteral("SELECT value FROM sync_counters WHERE name = 'echoes_suppressed'"));
    if (!q)
        return q.error();
    if (Status s = m_db.exec(*q); !s)
        return s.error();
    return q->next() ? q->value(0).toLongLong() : 0;
}

} // namespace syncsmart
