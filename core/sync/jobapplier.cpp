#include "jobapplier.h"

#include "common/fingerprint.h"
#include "common/logging.h"
#include "connectors/erpconnector.h"
#include "connectors/shopconnector.h"
#include "queue/jobqueue.h"
#include "storage/database.h"
#include "sync/canonical.h"
#include "sync/originledger.h"
#include "sync/record.h"
#include "sync/syncstore.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTimer>

namespace syncsmart {

namespace {

// A product job's payload: {"sku", "peerId", "values": {field: canonical text}, "copy": {field: side}}.
// "copy" fields (heavy values the planner did not hold) are read from that side just before writing.
struct ProductPayload
{
    QString sku;
    QString peerId;
    QMap<QString, QString> values;
    QMap<QString, Side> copy;
    bool stockFromErp = false; // a create to the shop: then set its stock to the ERP's
};

Result<ProductPayload> parsePayload(const Job &job)
{
    const QJsonObject o = QJsonDocument::fromJson(job.payload).object();
    ProductPayload p;
    p.sku = o.value(QStringLiteral("sku")).toString();
    p.peerId = o.value(QStringLiteral("peerId")).toString();
    const QJsonObject values = o.value(QStringLiteral("values")).toObject();
    for (auto it = values.begin(); it != values.end(); ++it)
        p.values.insert(it.key(), it.value().toString());
    p.stockFromErp = o.value(QStringLiteral("stock")).toString() == QLatin1String("erp");
    const QJsonObject copy = o.value(QStringLiteral("copy")).toObject();
    for (auto it = copy.begin(); it != copy.end(); ++it) {
        if (auto side = sideFromString(it.value().toString()))
            p.copy.insert(it.key(), *side);
    }
    if (p.sku.isEmpty() || (p.values.isEmpty() && p.copy.isEmpty()))
        return Error::permanent(QStringLiteral("sync.bad_payload"),
                                QStringLiteral("Job #%1 (%2) has no SKU or no values to write; it was written by "
                                               "another version of SyncSmart or edited by hand: discard it and run "
                                               "a reconciliation")
                                    .arg(job.id)
                                    .arg(job.kind));
    if (job.kind == jobkind::ProductUpdate && p.peerId.isEmpty())
        return Error::permanent(QStringLiteral("sync.bad_payload"),
                                QStringLiteral("Job #%1 updates SKU %2 but names no product id; discard it and run "
                                               "a reconciliation")
                                    .arg(job.id)
                                    .arg(p.sku));
    return p;
}

QVariantMap writeValues(const QMap<QString, QString> &values)
{
    QVariantMap out;
    for (auto it = values.begin(); it != values.end(); ++it)
        out.insert(it.key(), valueForWrite(it.key(), it.value()));
    return out;
}

} // namespace

struct JobApplier::Outcome
{
    std::optional<Error> error;
    QMap<QString, QString> written; // canonical values that reached the peer
    bool superseded = false;        // every field had a newer job: nothing was written
};

struct JobApplier::Batch
{
    QString target;
    QVector<Job> jobs;
    QVector<Outcome> outcomes;
    int remaining = 0;
};

JobApplier::JobApplier(Settings settings, JobQueue &queue, SyncStore &store, OriginLedger &ledger,
                       ShopConnector &shop, ErpConnector &erp, const Clock &clock, QObject *parent)
    : QObject(parent), m_settings(std::move(settings)), m_queue(queue), m_store(store), m_ledger(ledger),
      m_shop(shop), m_erp(erp), m_clock(clock)
{
}

JobApplier::~JobApplier() = default;

void JobApplier::drain(Done<DrainReport> done)
{
    if (m_running) {
        QTimer::singleShot(0, this, [done] {
            done(Error::transient(QStringLiteral("sync.busy"),
                                  QStringLiteral("The queue is already being applied; wait for it to finish.")));
        });
        return;
    }
    m_running = true;
    m_stopRequested = false;
    m_report = {};
    m_done = std::move(done);
    m_targetsActive = 2;
    m_rateStartMs = m_clock.nowMs();
    m_rateApplied = 0;
    QTimer::singleShot(0, this, [this] {
        claimNext(toString(Side::Erp));
        claimNext(toString(Side::Shop));
    });
}

void JobApplier::claimNext(const QString &target)
{
    if (m_stopRequested) {
        targetFinished();
        return;
    }
    auto jobs = m_queue.claim(target, m_settings.batchSize, m_settings.leaseMs, m_settings.worker);
    if (!jobs) {
        qCWarning(lcSync).noquote() << "claiming jobs for" << target << "failed:" << jobs.error().toString();
        targetFinished();
        return;
    }
    if (jobs->isEmpty()) {
        targetFinished();
        return;
    }
    auto batch = std::make_shared<Batch>();
    batch->target = target;
    batch->jobs = std::move(*jobs);
    batch->outcomes.resize(batch->jobs.size());
    batch->remaining = int(batch->jobs.size());
    for (int i = 0; i < batch->jobs.size(); ++i)
        runJob(batch, i);
}

void JobApplier::copyErpStock(const QString &sku, const QString &shopProductId,
                              std::function<void(std::optional<Error>)> done)
{
    m_erp.stockBySku({sku}, [this, sku, shopProductId, done](Result<QVector<StockLevel>> lines) {
        if (!lines)
            return done(lines.error());
        if (lines->size() != 1)
            return done(Error::permanent(
                QStringLiteral("sync.stock_source"),
                lines->isEmpty()
                    ? QStringLiteral("The ERP has no stock for SKU %1 (not a storable product there?): set the shop's "
                                     "stock by hand or make it storable, then retry")
                          .arg(sku)
                    : QStringLiteral("SKU %1 is held by %2 products in the ERP, so its stock cannot be copied: make "
                                     "the SKU unique there, then retry")
                          .arg(sku)
                          .arg(lines->size())));
        StockLevel line;
        line.sku = sku;
        line.productId = shopProductId;
        line.combinationId = QStringLiteral("0");
        m_shop.setStock(line, lines->first().quantity,
                        [done](Status s) { done(s ? std::nullopt : std::optional<Error>(s.error())); });
    });
}

void JobApplier::runJob(const std::shared_ptr<Batch> &batch, int index)
{
    const Job &job = batch->jobs.at(index);
    if (job.kind == jobkind::StockCopy) {
        const QJsonObject o = QJsonDocument::fromJson(job.payload).object();
        const QString sku = o.value(QStringLiteral("sku")).toString();
        if (sku.isEmpty() || batch->target != toString(Side::Shop)) {
            finishJob(batch, index,
                      Outcome{Error::permanent(QStringLiteral("sync.bad_payload"),
                                               QStringLiteral("Job #%1 (stock.copy) names no SKU or is not for the "
                                                              "shop; discard it and run a reconciliation")
                                                   .arg(job.id)),
                              {}});
            return;
        }
        copyErpStock(sku, o.value(QStringLiteral("peerId")).toString(),
                     [this, batch, index](std::optional<Error> error) { finishJob(batch, index, Outcome{error, {}}); });
        return;
    }
    auto payload = parsePayload(job);
    if (!payload) {
        finishJob(batch, index, Outcome{payload.error(), {}});
        return;
    }
    const bool toShop = batch->target == toString(Side::Shop);
    // A field a newer job carries is not this job's to write: an older value (a retry that waited,
    // a dead letter revived) must never land after a newer one.
    if (job.kind == jobkind::ProductUpdate) {
        auto writers = m_store.fieldWriters(payload->sku, toShop ? Side::Shop : Side::Erp);
        if (!writers) {
            finishJob(batch, index, Outcome{writers.error(), {}});
            return;
        }
        auto newer = [&](const QString &field) {
            const auto it = writers->constFind(field);
            return it != writers->constEnd() && *it != job.id;
        };
        for (const QString &f : payload->values.keys()) {
            if (newer(f))
                payload->values.remove(f);
        }
        for (const QString &f : payload->copy.keys()) {
            if (newer(f))
                payload->copy.remove(f);
        }
        if (payload->values.isEmpty() && payload->copy.isEmpty()) {
            Outcome skipped;
            skipped.superseded = true;
            finishJob(batch, index, std::move(skipped));
            return;
        }
    }
    auto write = [this, batch, index, toShop, kind = job.kind](ProductPayload p) {
        auto finish = [this, batch, index, values = p.values](const std::optional<Error> &error) {
            finishJob(batch, index, Outcome{error, error ? QMap<QString, QString>() : values});
        };
        const QVariantMap fields = writeValues(p.values);
        if (kind == jobkind::ProductCreate) {
            ProductData product;
            product.sku = p.sku;
            product.fields = fields;
            auto created = [this, finish, stock = toShop && p.stockFromErp, sku = p.sku](Result<CreateOutcome> r) {
                if (!r)
                    return finish(r.error());
                if (r->error || !stock)
                    return finish(r->error);
                // Created (or found) in the shop: its stock is the ERP's, not 0.
                copyErpStock(sku, r->peerId, [finish](std::optional<Error> error) { finish(error); });
            };
            if (toShop) {
                m_shop.createProduct(product, created);
            } else {
                m_erp.createProducts({product}, [created](Result<QVector<CreateOutcome>> r) {
                    if (!r)
                        created(r.error());
                    else if (r->isEmpty())
                        created(Error::transient(QStringLiteral("sync.create_unanswered"),
                                                 QStringLiteral("The ERP answered the create without an outcome; "
                                                                "it will be tried again")));
                    else
                        created(r->first());
                });
            }
            return;
        }
        auto updated = [finish](Status s) { finish(s ? std::nullopt : std::optional<Error>(s.error())); };
        if (toShop)
            m_shop.updateProduct(p.peerId, p.sku, fields, updated);
        else
            m_erp.updateProducts({p.peerId}, fields, updated);
    };
    if (payload->copy.isEmpty()) {
        write(*payload);
        return;
    }
    // Heavy values the planner did not hold: read them from their side now, then write them.
    const Side source = payload->copy.first();
    const QStringList fields = payload->copy.keys();
    auto fetched = [this, batch, index, write, source, fields, p = *payload](Result<QVector<ProductData>> r) mutable {
        if (!r) {
            finishJob(batch, index, Outcome{r.error(), {}});
            return;
        }
        if (r->size() != 1) {
            finishJob(batch, index,
                      Outcome{Error::permanent(QStringLiteral("sync.copy_source"),
                                               QStringLiteral("SKU %1 is held by %2 products in %3, so its %4 cannot "
                                                              "be copied: make the SKU unique there, then retry")
                                                   .arg(p.sku)
                                                   .arg(r->size())
                                                   .arg(source == Side::Shop ? QStringLiteral("the shop")
                                                                             : QStringLiteral("the ERP"),
                                                        fields.join(QStringLiteral(", ")))),
                              {}});
            return;
        }
        const SideRecord record = canonicalRecord(source, r->first(), fields, m_settings.shopLanguage);
        for (const QString &f : fields)
            p.values.insert(f, record.values.value(f));
        p.copy.clear();
        write(p);
    };
    if (source == Side::Shop)
        m_shop.productsBySku({payload->sku}, fields, fetched);
    else
        m_erp.productsBySku({payload->sku}, fields, fetched);
}

void JobApplier::finishJob(const std::shared_ptr<Batch> &batch, int index, Outcome outcome)
{
    batch->outcomes[index] = std::move(outcome);
    if (--batch->remaining == 0)
        recordBatch(batch);
}

void JobApplier::recordBatch(const std::shared_ptr<Batch> &batch)
{
    const Side target = batch->target == toString(Side::Shop) ? Side::Shop : Side::Erp;
    const qint64 now = m_clock.nowMs();
    QVector<qint64> acked;
    QVector<qint64> applied;
    QVector<qint64> superseded;
    QVector<LedgerEntry> entries;
    for (int i = 0; i < batch->jobs.size(); ++i) {
        const Outcome &o = batch->outcomes.at(i);
        if (o.error)
            continue;
        const Job &job = batch->jobs.at(i);
        acked.append(job.id);
        (o.superseded ? superseded : applied).append(job.id);
        const QString sku = QJsonDocument::fromJson(job.payload).object().value(QStringLiteral("sku")).toString();
        for (auto it = o.written.begin(); it != o.written.end(); ++it)
            entries.append({sku, target, it.key(), fingerprint(it.value()), job.id});
    }
    // The ledger first: a crash before the ack re-runs the job, and its echo is still recognised.
    Database &db = m_store.database();
    Status recorded = inWriteTransaction(db, [&]() -> Status {
        if (Status s = m_ledger.record(entries, now); !s)
            return s;
        if (Status s = m_store.setJobOutcome(superseded, DeltaOutcome::Superseded); !s)
            return s;
        return m_store.setJobOutcome(applied, DeltaOutcome::Applied);
    });
    if (!recorded)
        qCWarning(lcSync).noquote() << "recording applied writes failed:" << recorded.error().toString();
    if (auto ack = m_queue.ack(acked, m_settings.worker); !ack)
        qCWarning(lcSync).noquote() << "acknowledging jobs failed:" << ack.error().toString();
    m_report.applied += applied.size();
    m_report.superseded += superseded.size();
    m_rateApplied += applied.size();
    for (qint64 id : acked) {
        SyncEvent e;
        e.type = SyncEvent::Type::JobState;
        e.atMs = now;
        e.jobId = id;
        e.jobState = QStringLiteral("done");
        e.superseded = superseded.contains(id);
        if (e.superseded)
            e.text = QStringLiteral("skipped: a newer change of the same fields was written instead");
        emit event(e);
    }
    QVector<qint64> dead;
    for (int i = 0; i < batch->jobs.size(); ++i) {
        const Outcome &o = batch->outcomes.at(i);
        if (!o.error)
            continue;
        const Job &job = batch->jobs.at(i);
        std::optional<qint64> retryAfter;
        if (o.error->context.contains(QStringLiteral("retryAfterMs")))
            retryAfter = o.error->context.value(QStringLiteral("retryAfterMs")).toLongLong();
        auto failed = m_queue.fail(job.id, m_settings.worker, *o.error, retryAfter);
        SyncEvent e;
        e.type = SyncEvent::Type::JobState;
        e.atMs = now;
        e.jobId = job.id;
        e.text = o.error->toString();
        if (failed && failed->state == JobState::Dead) {
            dead.append(job.id);
            ++m_report.dead;
            e.jobState = QStringLiteral("dead");
        } else {
            ++m_report.retrying;
            e.jobState = QStringLiteral("pending");
        }
        emit event(e);
    }
    if (!dead.isEmpty()) {
        Status s = inWriteTransaction(db, [&] { return m_store.setJobOutcome(dead, DeltaOutcome::Failed); });
        if (!s)
            qCWarning(lcSync).noquote() << "recording failed writes failed:" << s.error().toString();
    }
    const qint64 elapsed = now - m_rateStartMs;
    if (elapsed >= 1000) {
        SyncEvent e;
        e.type = SyncEvent::Type::Throughput;
        e.atMs = now;
        e.perSecond = double(m_rateApplied) * 1000.0 / double(elapsed);
        emit event(e);
        m_rateStartMs = now;
        m_rateApplied = 0;
    }
    QTimer::singleShot(0, this, [this, t = batch->target] { claimNext(t); });
}

void JobApplier::targetFinished()
{
    if (--m_targetsActive > 0)
        return;
    if (auto counts = m_queue.counts())
        m_report.pending = counts->count(JobState::Pending) + counts->count(JobState::Leased);
    // The last (partial) interval too: a drain shorter than a second still shows its rate.
    if (m_rateApplied > 0) {
        const qint64 now = m_clock.nowMs();
        SyncEvent e;
        e.type = SyncEvent::Type::Throughput;
        e.atMs = now;
        e.perSecond = double(m_rateApplied) * 1000.0 / double(std::max<qint64>(1, now - m_rateStartMs));
        emit event(e);
        m_rateApplied = 0;
    }
    m_running = false;
    auto done = std::move(m_done);
    m_done = nullptr;
    done(m_report);
}

} // namespace syncsmart
