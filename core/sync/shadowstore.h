#pragma once

#include "common/result.h"
#include "sync/fieldpolicy.h"

#include <QHash>
#include <QString>
#include <QStringList>
#include <QVector>

namespace syncsmart {

class Database;

// The last synced state of one field on one side: its fingerprint, and its value unless heavy.
struct FieldShadow
{
    quint64 fingerprint = 0;
    QString value;
    bool valueKept = false;
};

struct SideShadow
{
    QString peerId; // empty: the record has never been seen on this side
    qint64 updatedMs = 0;
    QHash<QString, FieldShadow> fields;
    bool exists() const { return !peerId.isEmpty(); }
};

struct ProductShadow
{
    QString sku;
    SideShadow shop;
    SideShadow erp;
    SideShadow &side(Side s) { return s == Side::Shop ? shop : erp; }
    const SideShadow &side(Side s) const { return s == Side::Shop ? shop : erp; }
};

// Shadows per entity + SKU in the profile database (table sync_shadow). Statements are prepared on
// the calling thread's connection.
class ShadowStore final
{
public:
    ShadowStore(Database &db, QString entity);

    Result<QHash<QString, ProductShadow>> load(const QStringList &skus) const;
    Result<QHash<QString, ProductShadow>> loadAll() const;
    // Upserts; the caller holds the write transaction.
    Status save(const QVector<ProductShadow> &shadows) const;
    Result<qint64> count() const;

private:
    Result<QHash<QString, ProductShadow>> query(const QString &where, const QStringList &binds) const;

    Database &m_db;
    QString m_entity;
};

} // namespace syncsmart
