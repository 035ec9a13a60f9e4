#include "syncstore.h"

#include "storage/database.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace syncsmart {

namespace {

QVariant nullable(const QString &text)
{
    return text.isNull() ? QVariant() : QVariant(text);
}

QVariant valueText(const QVariant &value)
{
    return value.isValid() ? QVariant(value.toString()) : QVariant();
}

QVariant instant(const QDateTime &at)
{
    return at.isValid() ? QVariant(at.toMSecsSinceEpoch()) : QVariant();
}

QDateTime fromMs(const QVariant &v)
{
    return v.isNull() ? QDateTime() : QDateTime::fromMSecsSinceEpoch(v.toLongLong(), Qt::UTC);
}

std::optional<ConflictResolution> resolutionFromString(const QString &text)
{
    for (auto r : {ConflictResolution::Ownership, ConflictResolution::Newest, ConflictResolution::Open,
                   ConflictResolution::Operator}) {
        if (toString(r) == text)
            return r;
    }
    return std::nullopt;
}

const QString kConflictColumns = QStringLiteral(
    "id, pass_id, detected_at, entity, sku, field, rule, shop_value, erp_value, shop_updated_ms, erp_updated_ms, "
    "resolution, winner, winning_value, reason, decided_by, decided_at, job_id");

ConflictRecord conflictFromRow(const QSqlQuery &q)
{
    ConflictRecord c;
    c.id = q.value(0).toLongLong();
    c.passId = q.value(1).toLongLong();
    c.detectedAtMs = q.value(2).toLongLong();
    c.entity = q.value(3).toString();
    c.sku = q.value(4).toString();
    c.field = q.value(5).toString();
    c.rule = fieldRuleFromString(q.value(6).toString()).value_or(FieldRule::Manual);
    c.shopValue = q.value(7).isNull() ? QVariant() : QVariant(q.value(7).toString());
    c.erpValue = q.value(8).isNull() ? QVariant() : QVariant(q.value(8).toString());
    c.shopUpdatedAt = fromMs(q.value(9));
    c.erpUpdatedAt = fromMs(q.value(10));
    c.resolution = resolutionFromString(q.value(11).toString()).value_or(ConflictResolution::Open);
    c.winner = sideFromString(q.value(12).toString());
    c.winningValue = q.value(13).isNull() ? QVariant() : QVariant(q.value(13).toString());
    c.reason = q.value(14).toString();
    c.decidedBy = q.value(15).toString();
    c.decidedAtMs = q.value(16).toLongLong();
    c.jobId = q.value(17).toLongLong();
    return c;
}

QString deltaWhere(const DeltaFilter &f, QVariantList *binds)
{
    QStringList where;
    auto add = [&](const QString &clause, const QVariant &v) {
        where.append(clause);
        binds->append(v);
    };
    if (!f.sku.isEmpty())
        add(QStringLiteral("sku = ?"), f.sku);
    if (!f.field.isEmpty())
        add(QStringLiteral("field = ?"), f.field);
    if (f.outcome)
        add(QStringLiteral("outcome = ?"), toString(*f.outcome));
    if (f.from)
        add(QStringLiteral("side = ?"), toString(*f.from));
    if (f.passId)
        add(QStringLiteral("pass_id = ?"), f.passId);
    if (f.beforeId)
        add(QStringLiteral("id < ?"), f.beforeId);
    return where.isEmpty() ? QString() : QStringLiteral(" WHERE ") + where.join(QStringLiteral(" AND "));
}

} // namespace

SyncStore::SyncStore(Database &db) : m_db(db) {}
SyncStore::~SyncStore() = default;

Result<QVector<DeltaRecord>> SyncStore::deltas(const DeltaFilter &filter, int offset, int limit) const
{
    QVariantList binds;
    const QString where = deltaWhere(filter, &binds);
    auto q = m_db.prepare(QStringLiteral("SELECT id, pass_id, at, entity, sku, field, side, old_value, new_value, "
                                         "origin, outcome, job_id FROM sync_deltas%1 ORDER BY id DESC LIMIT ? OFFSET ?")
                              .arg(where));
    if (!q)
        return q.error();
    for (const QVariant &b : binds)
        q->addBindValue(b);
    q->addBindValue(limit);
    q->addBindValue(offset);
    if (Status s = m_db.exec(*q); !s)
        return s.error();
    QVector<DeltaRecord> out;
    while (q->next()) {
        DeltaRecord d;
        d.id = q->value(0).toLongLong();
        d.passId = q->value(1).toLongLong();
        d.atMs = q->value(2).toLongLong();
        d.entity = q->value(3).toString();
        d.sku = q->value(4).toString();
        d.field = q->value(5).toString();
        d.from = sideFromString(q->value(6).toString()).value_or(Side::Erp);
        d.oldValue = q->value(7).toString();
        d.newValue = q->value(8).toString();
        d.origin = q->value(9).toString();
        d.outcome = deltaOutcomeFromString(q->value(10).toString()).value_or(DeltaOutcome::Queued);
        d.jobId = q->value(11).toLongLong();
        out.append(d);
    }
    return out;
}

Result<qint64> SyncStore::deltaCount(const DeltaFilter &filter) const
{
    QVariantList binds;
    auto q = m_db.prepare(QStringLiteral("SELECT COUNT(*) FROM sync_deltas") + deltaWhere(filter, &binds));
    if (!q)
        return q.error();
    for (const QVariant &b : binds)
        q->addBindValue(b);
    if (Status s = m_db.exec(*q); !s)
        return s.error();
    return q->next() ? q->value(0).toLongLong() : 0;
}

Result<QVector<ConflictRecord>> SyncStore::conflicts(bool openOnly, int offset, int limit, qint64 beforeId) const
{
    QStringList where;
    if (openOnly)
        where << QStringLiteral("resolution = 'open'");
    if (beforeId > 0)
        where << QStringLiteral("id < ?");
    auto q = m_db.prepare(QStringLiteral("SELECT %1 FROM sync_conflicts %2 ORDER BY id DESC LIMIT ? OFFSET ?")
                              .arg(kConflictColumns, where.isEmpty() ? QString()
                                                                     : QStringLiteral("WHERE ") +
                                                                           where.join(QStringLiteral(" AND "))));
    if (!q)
        return q.error();
    if (beforeId > 0)
        q->addBindValue(beforeId);
    q->addBindValue(limit);
    q->addBindValue(offset);
    if (Status s = m_db.exec(*q); !s)
        return s.error();
    QVector<ConflictRecord> out;
    while (q->next())
        out.append(conflictFromRow(*q));
    return out;
}

Result<qint64> SyncStore::conflictCount(bool openOnly) const
{
    auto q = m_db.prepare(QStringLiteral("SELECT COUNT(*) FROM sync_conflicts %1")
                              .arg(openOnly ? QStringLiteral("WHERE resolution = 'open'") : QString()));
    if (!q)
        return q.error();
    if (Status s = m_db.exec(*q); !s)
        return s.error();
    return q->next() ? q->value(0).toLongLong() : 0;
}

Result<ConflictRecord> SyncStore::conflict(qint64 id) const
{
    auto q = m_db.prepare(QStringLiteral("SELECT %1 FROM sync_conflicts WHERE id = ?").arg(kConflictColumns));
    if (!q)
        return q.error();
    q->addBindValue(id);
    if (Status s = m_db.exec(*q); !s)
        return s.error();
    if (!q->next())
        return Error::permanent(QStringLiteral("sync.unknown_conflict"),
                                QStringLiteral("There is no conflict #%1; list the open ones to pick an id.").arg(id));
    return conflictFromRow(*q);
}

Result<QVector<SkuIssue>> SyncStore::issues() const
{
    auto q = m_db.prepare(QStringLiteral("SELECT sku, kind, peer_ids, advice, seen_at FROM sku_issues ORDER BY sku"));
    if (!q)
        return q.error();
    if (Status s = m_db.exec(*q); !s)
        return s.error();
    QVector<SkuIssue> out;
    while (q->next()) {
        SkuIssue issue;
        issue.sku = q->value(0).toString();
        const QString kind = q->value(1).toString();
        for (auto k : {SkuIssue::Kind::ShopOnly, SkuIssue::Kind::DuplicateInShop, SkuIssue::Kind::DuplicateInErp,
                       SkuIssue::Kind::CreateFailed}) {
            if (toString(k) == kind)
                issue.kind = k;
        }
        issue.peerIds = q->value(2).toString().split(QLatin1Char(','), Qt::SkipEmptyParts);
        issue.advice = q->value(3).toString();
        issue.seenAtMs = q->value(4).toLongLong();
        out.append(issue);
    }
    return out;
}

Result<qint64> SyncStore::echoesSuppressed() const
{
    auto q = m_db.prepare(QStringLiteral("SELECT value FROM sync_counters WHERE name = 'echoes_suppressed'"));
    if (!q)
        return q.error();
    if (Status s = m_db.exec(*q); !s)
        return s.error();
    return q->next() ? q->value(0).toLongLong() : 0;
}

Result<qint64> SyncStore::beginPass(qint64 nowMs)
{
    auto q = m_db.prepare(QStringLiteral("INSERT INTO sync_passes (started_at) VALUES (?)"));
    if (!q)
        return q.error();
    q->addBindValue(nowMs);
    if (Status s = m_db.exec(*q); !s)
        return s.error();
    return q->lastInsertId().toLongLong();
}

Status SyncStore::finishPass(const PassReport &r)
{
    const QJsonObject report{{QStringLiteral("firstSync"), r.firstSync},
                             {QStringLiteral("shopRecordsRead"), r.shopRecordsRead},
                             {QStringLiteral("erpRecordsRead"), r.erpRecordsRead},
                             {QStringLiteral("deltas"), r.deltas},
                             {QStringLiteral("echoesSuppressed"), r.echoesSuppressed},
                             {QStringLiteral("converged"), r.converged},
                             {QStringLiteral("conflicts"), r.conflicts},
                             {QStringLiteral("openConflicts"), r.openConflicts},
                             {QStringLiteral("jobsEnqueued"), r.jobsEnqueued},
                             {QStringLiteral("creates"), r.creates},
                             {QStringLiteral("skusLookedUp"), r.skusLookedUp},
                             {QStringLiteral("issues"), r.issues.size()}};
    auto q = m_db.prepare(QStringLiteral("UPDATE sync_passes SET finished_at = ?, report = ? WHERE id = ?"));
    if (!q)
        return q.error();
    q->addBindValue(r.finishedMs);
    q->addBindValue(QString::fromUtf8(QJsonDocument(report).toJson(QJsonDocument::Compact)));
    q->addBindValue(r.passId);
    return m_db.exec(*q);
}

Result<std::optional<qint64>> SyncStore::cursor(Side side) const
{
    auto q = m_db.prepare(QStringLiteral("SELECT cursor_ms FROM sync_cursor WHERE side = ? AND entity = 'product'"));
    if (!q)
        return q.error();
    q->addBindValue(toString(side));
    if (Status s = m_db.exec(*q); !s)
        return s.error();
    if (!q->next())
        return std::optional<qint64>();
    return std::optional<qint64>(q->value(0).toLongLong());
}

Status SyncStore::setCursor(Side side, qint64 cursorMs, qint64 nowMs)
{
    auto q = m_db.prepare(QStringLiteral("INSERT OR REPLACE INTO sync_cursor (side, entity, cursor_ms, updated_at) "
                                         "VALUES (?, 'product', ?, ?)"));
    if (!q)
        return q.error();
    q->addBindValue(toString(side));
    q->addBindValue(cursorMs);
    q->addBindValue(nowMs);
    return m_db.exec(*q);
}

Status SyncStore::addDeltas(QVector<DeltaRecord> &deltas)
{
    auto q = m_db.prepare(QStringLiteral("INSERT INTO sync_deltas (pass_id, at, entity, sku, field, side, old_value, "
                                         "new_value, origin, outcome, job_id) VALUES (?,?,?,?,?,?,?,?,?,?,?)"));
    if (!q)
        return q.error();
    for (DeltaRecord &d : deltas) {
        q->bindValue(0, d.passId);
        q->bindValue(1, d.atMs);
        q->bindValue(2, d.entity);
        q->bindValue(3, d.sku);
        q->bindValue(4, d.field);
        q->bindValue(5, toString(d.from));
        q->bindValue(6, nullable(d.oldValue));
        q->bindValue(7, nullable(d.newValue));
        q->bindValue(8, d.origin);
        q->bindValue(9, toString(d.outcome));
        q->bindValue(10, d.jobId ? QVariant(d.jobId) : QVariant());
        if (Status s = m_db.exec(*q); !s)
            return s;
        d.id = q->lastInsertId().toLongLong();
    }
    return {};
}

Status SyncStore::addConflicts(QVector<ConflictRecord> &conflicts)
{
    auto update = m_db.prepare(QStringLiteral(
        "UPDATE sync_conflicts SET pass_id = ?, shop_value = ?, erp_value = ?, shop_updated_ms = ?, "
        "erp_updated_ms = ?, reason = ? WHERE entity = ? AND sku = ? AND field = ? AND resolution = 'open' RETURNING id"));
    auto insert = m_db.prepare(QStringLiteral(
        "INSERT INTO sync_conflicts (pass_id, detected_at, entity, sku, field, rule, shop_value, erp_value, "
        "shop_updated_ms, erp_updated_ms, resolution, winner, winning_value, reason, decided_by, decided_at, job_id) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"));
    if (!update)
        return update.error();
    if (!insert)
        return insert.error();
    for (ConflictRecord &c : conflicts) {
        if (c.isOpen()) {
            const QVariantList binds{c.passId, valueText(c.shopValue), valueText(c.erpValue), instant(c.shopUpdatedAt),
                                     instant(c.erpUpdatedAt), c.reason, c.entity, c.sku, c.field};
            for (int i = 0; i < binds.size(); ++i)
                update->bindValue(i, binds.at(i));
            if (Status s = m_db.exec(*update); !s)
                return s;
            if (update->next()) {
                c.id = update->value(0).toLongLong();
                update->finish();
                continue;
            }
        }
        const QVariantList binds{c.passId,
                                 c.detectedAtMs,
                                 c.entity,
                                 c.sku,
                                 c.field,
                                 toString(c.rule),
                                 valueText(c.shopValue),
                                 valueText(c.erpValue),
                                 instant(c.shopUpdatedAt),
                                 instant(c.erpUpdatedAt),
                                 toString(c.resolution),
                                 c.winner ? QVariant(toString(*c.winner)) : QVariant(),
                                 valueText(c.winningValue),
                                 c.reason,
                                 nullable(c.decidedBy),
                                 c.decidedAtMs ? QVariant(c.decidedAtMs) : QVariant(),
                                 c.jobId ? QVariant(c.jobId) : QVariant()};
        for (int i = 0; i < binds.size(); ++i)
            insert->bindValue(i, binds.at(i));
        if (Status s = m_db.exec(*insert); !s)
            return s;
        c.id = insert->lastInsertId().toLongLong();
    }
    return {};
}

Status SyncStore::decideConflict(const ConflictRecord &c)
{
    auto q = m_db.prepare(QStringLiteral("UPDATE sync_conflicts SET resolution = ?, winner = ?, winning_value = ?, "
                                         "decided_by = ?, decided_at = ?, job_id = ?, reason = ? "
                                         "WHERE id = ? AND resolution = 'open'"));
    if (!q)
        return q.error();
    q->addBindValue(toString(c.resolution));
    q->addBindValue(c.winner ? QVariant(toString(*c.winner)) : QVariant());
    q->addBindValue(valueText(c.winningValue));
    q->addBindValue(c.decidedBy);
    q->addBindValue(c.decidedAtMs);
    q->addBindValue(c.jobId ? QVariant(c.jobId) : QVariant());
    q->addBindValue(c.reason);
    q->addBindValue(c.id);
    if (Status s = m_db.exec(*q); !s)
        return s;
    if (q->numRowsAffected() != 1)
        return Error::permanent(QStringLiteral("sync.conflict_not_open"),
                                QStringLiteral("Conflict #%1 was already decided; reload the list.").arg(c.id));
    return {};
}

Status SyncStore::addIssues(const QVector<SkuIssue> &issues)
{
    auto q = m_db.prepare(QStringLiteral("INSERT OR REPLACE INTO sku_issues (entity, sku, kind, peer_ids, advice, "
                                         "seen_at) VALUES ('product', ?, ?, ?, ?, ?)"));
    if (!q)
        return q.error();
    for (const SkuIssue &i : issues) {
        q->bindValue(0, i.sku);
        q->bindValue(1, toString(i.kind));
        q->bindValue(2, i.peerIds.join(QLatin1Char(',')));
        q->bindValue(3, i.advice);
        q->bindValue(4, i.seenAtMs);
        if (Status s = m_db.exec(*q); !s)
            return s;
    }
    return {};
}

Result<QSet<QString>> SyncStore::openConflictFields(const QString &sku) const
{
    auto all = openConflictFields(QStringList{sku});
    if (!all)
        return all.error();
    return all->value(sku);
}

Result<QHash<QString, QSet<QString>>> SyncStore::openConflictFields(const QStringList &skus) const
{
    QHash<QString, QSet<QString>> out;
    // Open conflicts are few: read them all and keep those asked for.
    auto q = m_db.prepare(QStringLiteral("SELECT sku, field FROM sync_conflicts WHERE resolution = 'open'"));
    if (!q)
        return q.error();
    if (Status s = m_db.exec(*q); !s)
        return s.error();
    const QSet<QString> wanted(skus.begin(), skus.end());
    while (q->next()) {
        const QString sku = q->value(0).toString();
        if (wanted.contains(sku))
            out[sku].insert(q->value(1).toString());
    }
    return out;
}

Status SyncStore::setFieldWriters(const QVector<FieldWriter> &writers)
{
    if (writers.isEmpty())
        return {};
    auto q = m_db.prepare(QStringLiteral("INSERT INTO sync_field_writer (entity, sku, target, field, job_id) "
                                         "VALUES ('product', ?, ?, ?, ?) "
                                         "ON CONFLICT (entity, sku, target, field) DO UPDATE SET job_id = excluded.job_id"));
    if (!q)
        return q.error();
    for (const FieldWriter &w : writers) {
        q->bindValue(0, w.sku);
        q->bindValue(1, toString(w.target));
        q->bindValue(2, w.field);
        q->bindValue(3, w.jobId);
        if (Status s = m_db.exec(*q); !s)
            return s;
    }
    return {};
}

Result<QHash<QString, qint64>> SyncStore::fieldWriters(const QString &sku, Side target) const
{
    auto q = m_db.prepare(QStringLiteral(
        "SELECT field, job_id FROM sync_field_writer WHERE entity = 'product' AND sku = ? AND target = ?"));
    if (!q)
        return q.error();
    q->addBindValue(sku);
    q->addBindValue(toString(target));
    if (Status s = m_db.exec(*q); !s)
        return s.error();
    QHash<QString, qint64> out;
    while (q->next())
        out.insert(q->value(0).toString(), q->value(1).toLongLong());
    return out;
}

Status SyncStore::setJobOutcome(const QVector<qint64> &jobIds, DeltaOutcome outcome)
{
    auto q = m_db.prepare(QStringLiteral("UPDATE sync_deltas SET outcome = ? WHERE job_id = ? AND outcome = 'queued'"));
    if (!q)
        return q.error();
    for (qint64 id : jobIds) {
        q->bindValue(0, toString(outcome));
        q->bindValue(1, id);
        if (Status s = m_db.exec(*q); !s)
            return s;
    }
    return {};
}

} // namespace syncsmart
