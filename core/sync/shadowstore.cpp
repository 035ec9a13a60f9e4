#include "shadowstore.h"

#include "common/fingerprint.h"
#include "storage/database.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace syncsmart {

namespace {

// {field: [fingerprint hex, value or null]}: compact, and readable when someone opens the database.
QString encode(const SideShadow &side)
{
    QJsonObject out;
    for (auto it = side.fields.begin(); it != side.fields.end(); ++it) {
        out.insert(it.key(), QJsonArray{fingerprintHex(it->fingerprint),
                                        it->valueKept ? QJsonValue(it->value) : QJsonValue()});
    }
    return QString::fromUtf8(QJsonDocument(out).toJson(QJsonDocument::Compact));
}

QHash<QString, FieldShadow> decode(const QString &text)
{
    QHash<QString, FieldShadow> out;
    const QJsonObject object = QJsonDocument::fromJson(text.toUtf8()).object();
    for (auto it = object.begin(); it != object.end(); ++it) {
        const QJsonArray pair = it.value().toArray();
        FieldShadow f;
        f.fingerprint = pair.at(0).toString().toULongLong(nullptr, 16);
        f.valueKept = pair.at(1).isString();
        f.value = pair.at(1).toString();
        out.insert(it.key(), f);
    }
    return out;
}

} // namespace

ShadowStore::ShadowStore(Database &db, QString entity) : m_db(db), m_entity(std::move(entity)) {}

Result<QHash<QString, ProductShadow>> ShadowStore::query(const QString &where, const QStringList &binds) const
{
    auto q = m_db.prepare(QStringLiteral("SELECT sku, shop_id, erp_id, shop_updated_ms, erp_updated_ms, shop_state, "
                                         "erp_state FROM sync_shadow WHERE entity = ?")
                          + where);
    if (!q)
        return q.error();
    q->addBindValue(m_entity);
    for (const QString &b : binds)
        q->addBindValue(b);
    if (Status s = m_db.exec(*q); !s)
        return s.error();
    QHash<QString, ProductShadow> out;
    while (q->next()) {
        ProductShadow p;
        p.sku = q->value(0).toString();
        p.shop.peerId = q->value(1).toString();
        p.erp.peerId = q->value(2).toString();
        p.shop.updatedMs = q->value(3).toLongLong();
        p.erp.updatedMs = q->value(4).toLongLong();
        p.shop.fields = decode(q->value(5).toString());
        p.erp.fields = decode(q->value(6).toString());
        out.insert(p.sku, std::move(p));
    }
    return out;
}

Result<QHash<QString, ProductShadow>> ShadowStore::load(const QStringList &skus) const
{
    QHash<QString, ProductShadow> out;
    constexpr int kPerQuery = 500; // well under SQLite's bound-parameter limit
    for (qsizetype i = 0; i < skus.size(); i += kPerQuery) {
        const QStringList part = skus.mid(i, kPerQuery);
        QStringList marks(part.size(), QStringLiteral("?"));
        auto rows = query(QStringLiteral(" AND sku IN (%1)").arg(marks.join(QLatin1Char(','))), part);
        if (!rows)
            return rows.error();
        out.insert(*rows);
    }
    return out;
}

Result<QHash<QString, ProductShadow>> ShadowStore::loadAll() const
{
    return query(QString(), {});
}

Status ShadowStore::save(const QVector<ProductShadow> &shadows) const
{
    auto q = m_db.prepare(QStringLiteral(
        "INSERT OR REPLACE INTO sync_shadow (entity, sku, shop_id, erp_id, shop_updated_ms, erp_updated_ms, "
        "shop_state, erp_state) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"));
    if (!q)
        return q.error();
    for (const ProductShadow &p : shadows) {
        q->bindValue(0, m_entity);
        q->bindValue(1, p.sku);
        q->bindValue(2, p.shop.exists() ? QVariant(p.shop.peerId) : QVariant());
        q->bindValue(3, p.erp.exists() ? QVariant(p.erp.peerId) : QVariant());
        q->bindValue(4, p.shop.updatedMs);
        q->bindValue(5, p.erp.updatedMs);
        q->bindValue(6, encode(p.shop));
        q->bindValue(7, encode(p.erp));
        if (Status s = m_db.exec(*q); !s)
            return s;
    }
    return {};
}

Result<qint64> ShadowStore::count() const
{
    auto q = m_db.prepare(QStringLiteral("SELECT COUNT(*) FROM sync_shadow WHERE entity = ?"));
    if (!q)
        return q.error();
    q->addBindValue(m_entity);
    if (Status s = m_db.exec(*q); !s)
        return s.error();
    return q->next() ? q->value(0).toLongLong() : 0;
}

} // namespace syncsmart
