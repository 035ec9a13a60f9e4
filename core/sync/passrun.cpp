#include "passrun.h"

#include "common/clock.h"
#include "common/logging.h"
#include "connectors/erpconnector.h"
#include "connectors/shopconnector.h"
#include "queue/jobqueue.h"
#include "storage/database.h"
#include "sync/originledger.h"
#include "sync/shadowstore.h"
#include "sync/syncstore.h"
#include "sync/writeplan.h"

#include <QTimer>

namespace syncsmart {

struct PassRun::SideRead
{
    Side side = Side::Shop;
    std::optional<qint64> cursor;
    QHash<QString, QVector<SideRecord>> records; // by SKU
    qint64 read = 0;
    qint64 withoutSku = 0;
    PageSummary summary;
};

PassRun::PassRun(Parts parts, QObject *parent) : QObject(parent), m_parts(parts) {}

PassRun::~PassRun() = default;

void PassRun::start(Done<PassReport> done)
{
    m_done = std::move(done);
    const qint64 now = m_parts.clock.nowMs();
    m_report.startedMs = now;
    m_plan.policy = m_parts.profile.fields;
    m_plan.sync = m_parts.profile.sync;
    m_plan.shopCreatesInactive = m_parts.profile.shop.createInactive;
    for (const QString &f : FieldPolicy::syncedProductFields()) {
        if (m_plan.policy.contains(f))
            m_plan.fields.append(f);
    }
    m_plan.nowMs = now;
    m_shop = std::make_unique<SideRead>();
    m_shop->side = Side::Shop;
    m_erp = std::make_unique<SideRead>();
    m_erp->side = Side::Erp;
    for (SideRead *side : {m_shop.get(), m_erp.get()}) {
        auto cursor = m_parts.store.cursor(side->side);
        if (!cursor) {
            QTimer::singleShot(0, this, [this, e = cursor.error()] { finish(e); });
            return;
        }
        side->cursor = *cursor;
    }
    m_report.firstSync = !m_shop->cursor || !m_erp->cursor;
    auto passId = m_parts.store.beginPass(now);
    if (!passId) {
        QTimer::singleShot(0, this, [this, e = passId.error()] { finish(e); });
        return;
    }
    m_report.passId = *passId;
    m_plan.passId = *passId;
    SyncEvent started;
    started.type = SyncEvent::Type::PassStarted;
    started.atMs = now;
    started.text = m_report.firstSync ? QStringLiteral("first sync: reading both catalogs")
                                      : QStringLiteral("reading changes on both sides");
    emit event(started);
    m_readsPending = 2;
    read(Side::Erp);
    read(Side::Shop);
}

void PassRun::read(Side side)
{
    SideRead &r = side == Side::Shop ? *m_shop : *m_erp;
    ChangeWindow window;
    window.pageSize = m_parts.profile.sync.batchSize;
    // Re-reading the overlap costs little (unchanged fingerprints are no delta) and catches records
    // written in the same second as the cursor, and a peer clock slightly behind ours.
    if (r.cursor)
        window.sinceUtc = QDateTime::fromMSecsSinceEpoch(*r.cursor - qint64(m_plan.sync.windowOverlapS) * 1000, Qt::UTC);
    const QString lang = m_plan.sync.shopLanguage;
    auto sink = [this, &r, lang](const QVector<ProductData> &page) {
        for (const ProductData &p : page) {
            ++r.read;
            SideRecord record = canonicalRecord(r.side, p, m_plan.fields, lang);
            if (record.sku.isEmpty()) {
                ++r.withoutSku;
                continue;
            }
            QVector<SideRecord> &list = r.records[record.sku];
            // The same record read twice (edited while the pass ran): keep its newest version.
            auto same = std::find_if(list.begin(), list.end(), [&](const SideRecord &x) { return x.peerId == record.peerId; });
            if (same == list.end())
                list.append(std::move(record));
            else if (!same->updatedAt.isValid() || record.updatedAt >= same->updatedAt)
                *same = std::move(record);
        }
        return true;
    };
    auto done = [this, &r](Result<PageSummary> summary) {
        if (!summary)
            m_readError = summary.error();
        else
            r.summary = *summary;
        readFinished();
    };
    if (side == Side::Shop)
        m_parts.shop.changedProducts(window, m_plan.fields, sink, done);
    else
        m_parts.erp.changedProducts(window, m_plan.fields, sink, done);
}

void PassRun::readFinished()
{
    if (--m_readsPending > 0)
        return;
    if (m_readError) {
        finish(*m_readError);
        return;
    }
    lookUpOneSided();
}

void PassRun::lookUpOneSided()
{
    // A window shows what changed, not what exists: a SKU seen on one side only may well exist on the
    // other (a product never synced because its SKU is duplicated there, one whose earlier create
    // failed). Deciding "missing" from the window alone would create a duplicate. So every such SKU
    // the shadows cannot vouch for is looked up on both sides by SKU, duplicates included. The first
    // pass reads both catalogs whole: nothing to look up.
    if (m_report.firstSync) {
        finish(planAndCommit());
        return;
    }
    QStringList oneSided;
    for (const SideRead *side : {m_shop.get(), m_erp.get()}) {
        const SideRead *other = side == m_shop.get() ? m_erp.get() : m_shop.get();
        for (auto it = side->records.keyBegin(); it != side->records.keyEnd(); ++it) {
            if (!other->records.contains(*it))
                oneSided.append(*it);
        }
    }
    auto shadows = m_parts.shadows.load(oneSided);
    if (!shadows) {
        finish(shadows.error());
        return;
    }
    QStringList lookUp;
    for (const QString &sku : std::as_const(oneSided)) {
        const auto shadow = shadows->constFind(sku);
        const bool known = shadow != shadows->constEnd() && shadow->shop.exists() && shadow->erp.exists();
        if (!known)
            lookUp.append(sku);
    }
    if (lookUp.isEmpty()) {
        finish(planAndCommit());
        return;
    }
    m_report.skusLookedUp = lookUp.size();
    const int chunk = std::max(1, m_parts.profile.sync.batchSize);
    const QString lang = m_plan.sync.shopLanguage;
    for (qsizetype from = 0; from < lookUp.size(); from += chunk) {
        const QStringList skus = lookUp.mid(from, chunk);
        for (SideRead *side : {m_shop.get(), m_erp.get()}) {
            ++m_readsPending;
            auto found = [this, side, skus, lang](Result<QVector<ProductData>> r) {
                if (!r) {
                    if (!m_readError)
                        m_readError = r.error();
                } else {
                    for (const ProductData &p : *r) {
                        SideRecord record = canonicalRecord(side->side, p, m_plan.fields, lang);
                        if (!skus.contains(record.sku))
                            continue;
                        QVector<SideRecord> &list = side->records[record.sku];
                        const bool seen = std::any_of(list.cbegin(), list.cend(),
                                                      [&](const SideRecord &x) { return x.peerId == record.peerId; });
                        if (!seen)
                            list.append(std::move(record));
                    }
                }
                if (--m_readsPending > 0)
                    return;
                if (m_readError)
                    finish(*m_readError);
                else
                    finish(planAndCommit());
            };
            if (side->side == Side::Shop)
                m_parts.shop.productsBySku(skus, m_plan.fields, found);
            else
                m_parts.erp.productsBySku(skus, m_plan.fields, found);
        }
    }
}

Result<PassReport> PassRun::planAndCommit()
{
    m_report.shopRecordsRead = m_shop->read;
    m_report.erpRecordsRead = m_erp->read;
    QSet<QString> skuSet;
    for (auto it = m_shop->records.keyBegin(); it != m_shop->records.keyEnd(); ++it)
        skuSet.insert(*it);
    for (auto it = m_erp->records.keyBegin(); it != m_erp->records.keyEnd(); ++it)
        skuSet.insert(*it);
    QStringList skus(skuSet.begin(), skuSet.end());
    skus.sort();

    // A large pass (the first one) reads all shadows in one scan instead of hundreds of lookups.
    auto shadows = skus.size() > 20'000 ? m_parts.shadows.loadAll() : m_parts.shadows.load(skus);
    if (!shadows)
        return shadows.error();
    auto ledger = m_parts.ledger.load(skus);
    if (!ledger)
        return ledger.error();
    auto open = m_parts.store.openConflictFields(skus);
    if (!open)
        return open.error();

    QVector<ProductShadow> newShadows;
    QVector<DeltaRecord> deltas;
    QVector<ConflictRecord> conflicts;
    QVector<SkuIssue> issues;
    QVector<LedgerEntry> echoes;
    QVector<NewJob> jobs;
    QVector<QPair<QString, Side>> jobOwners; // SKU and target of jobs[i]
    QVector<QStringList> jobFields;          // the fields jobs[i] writes
    const QString origin = QStringLiteral("pass %1").arg(m_report.passId);
    for (const QString &sku : skus) {
        const auto shadow = shadows->constFind(sku);
        ProductPlan plan = planProduct(sku, m_shop->records.value(sku), m_erp->records.value(sku),
                                       shadow == shadows->constEnd() ? nullptr : &*shadow, *ledger,
                                       open->value(sku), m_plan);
        issues += plan.issues;
        if (plan.skipped)
            continue;
        newShadows.append(plan.shadow);
        echoes += plan.echoes;
        m_report.converged += plan.converged;
        for (const PlannedWrite &w : plan.writes) {
            jobs.append(jobForWrite(w, origin));
            jobOwners.append({sku, w.target});
            jobFields.append(QStringList(w.values.keys()) + w.fetchFirst);
            if (w.create)
                ++m_report.creates;
        }
        deltas += plan.deltas;
        conflicts += plan.conflicts;
    }

    // 1. The writes, durably in the queue (their own transaction).
    auto enqueued = m_parts.queue.enqueueMany(jobs);
    if (!enqueued)
        return enqueued.error();
    QHash<QString, qint64> jobOf; // "sku\x1fside" -> job id
    for (int i = 0; i < jobOwners.size(); ++i)
        jobOf.insert(jobOwners[i].first + QChar(0x1f) + toString(jobOwners[i].second), enqueued->at(i).jobId);
    // From now on these jobs, and no older one, may write those fields.
    QVector<SyncStore::FieldWriter> writers;
    for (int i = 0; i < jobOwners.size(); ++i) {
        for (const QString &f : jobFields.at(i))
            writers.append({jobOwners[i].first, jobOwners[i].second, f, enqueued->at(i).jobId});
    }
    auto jobFor = [&](const QString &sku, Side target) {
        return jobOf.value(sku + QChar(0x1f) + toString(target), 0);
    };
    for (DeltaRecord &d : deltas) {
        if (d.outcome == DeltaOutcome::Queued || d.outcome == DeltaOutcome::Conflict)
            d.jobId = jobFor(d.sku, otherSide(d.from));
    }
    for (ConflictRecord &c : conflicts) {
        if (c.winner)
            c.jobId = jobFor(c.sku, otherSide(*c.winner));
    }

    // 2. Only then what the pass saw: shadows, ledger, history and the cursors.
    for (const DeltaRecord &d : deltas) {
        ++m_report.deltas;
        if (d.outcome == DeltaOutcome::EchoSuppressed)
            ++m_report.echoesSuppressed;
    }
    for (const ConflictRecord &c : conflicts) {
        ++m_report.conflicts;
        if (c.isOpen())
            ++m_report.openConflicts;
    }
    m_report.jobsEnqueued = std::count_if(enqueued->begin(), enqueued->end(), [](const EnqueueOutcome &o) { return o.created; });
    m_report.issues = issues;
    Database &db = m_parts.store.database();
    Status committed = inWriteTransaction(db, [&]() -> Status {
        if (Status s = m_parts.shadows.save(newShadows); !s)
            return s;
        if (Status s = m_parts.store.setFieldWriters(writers); !s)
            return s;
        if (Status s = m_parts.ledger.consume(echoes); !s)
            return s;
        if (Status s = m_parts.ledger.countEchoes(m_report.echoesSuppressed); !s)
            return s;
        if (Status s = m_parts.store.addDeltas(deltas); !s)
            return s;
        if (Status s = m_parts.store.addConflicts(conflicts); !s)
            return s;
        if (Status s = m_parts.store.addIssues(issues); !s)
            return s;
        for (SideRead *side : {m_shop.get(), m_erp.get()}) {
            // Never past the pass start: a record written while we read has a later instant and is read
            // next time. Nothing read and a cursor already set: it stays.
            qint64 next = m_report.startedMs;
            if (side->summary.maxUpdatedAt.isValid())
                next = qMin(next, side->summary.maxUpdatedAt.toMSecsSinceEpoch());
            else if (side->cursor)
                next = *side->cursor;
            if (Status s = m_parts.store.setCursor(side->side, next, m_report.startedMs); !s)
                return s;
        }
        m_report.finishedMs = m_parts.clock.nowMs();
        return m_parts.store.finishPass(m_report);
    });
    if (!committed)
        return committed.error();

    for (const DeltaRecord &d : deltas) {
        SyncEvent e;
        e.type = SyncEvent::Type::Delta;
        e.atMs = d.atMs;
        e.delta = d;
        emit event(e);
    }
    for (const ConflictRecord &c : conflicts) {
        SyncEvent e;
        e.type = SyncEvent::Type::Conflict;
        e.atMs = c.detectedAtMs;
        e.conflict = c;
        emit event(e);
    }
    if (m_shop->withoutSku + m_erp->withoutSku > 0)
        qCInfo(lcSync).noquote() << QStringLiteral("%1 shop and %2 ERP products have no SKU and are not synced")
                                        .arg(m_shop->withoutSku)
                                        .arg(m_erp->withoutSku);
    return m_report;
}

void PassRun::finish(Result<PassReport> result)
{
    SyncEvent e;
    e.type = SyncEvent::Type::PassFinished;
    e.atMs = m_parts.clock.nowMs();
    if (result) {
        e.text = QStringLiteral("read %1 shop and %2 ERP records, %3 deltas, %4 echoes suppressed, %5 conflicts "
                                "(%6 open), %7 writes queued")
                     .arg(result->shopRecordsRead)
                     .arg(result->erpRecordsRead)
                     .arg(result->deltas)
                     .arg(result->echoesSuppressed)
                     .arg(result->conflicts)
                     .arg(result->openConflicts)
                     .arg(result->jobsEnqueued);
    } else {
        e.text = QStringLiteral("the pass stopped: %1").arg(result.error().message);
        qCWarning(lcSync).noquote() << "sync pass failed:" << result.error().toString();
    }
    emit event(e);
    auto done = std::move(m_done);
    m_done = nullptr;
    if (done)
        done(std::move(result));
}

} // namespace syncsmart
