#include "syncengine.h"

#include "common/fingerprint.h"
#include "common/logging.h"
#include "connectors/odoo/odooconnector.h"
#include "connectors/prestashop/prestashopconnector.h"
#include "queue/circuitbreaker.h"
#include "queue/sqlitejobqueue.h"
#include "sync/jobapplier.h"
#include "sync/originledger.h"
#include "sync/passrun.h"
#include "sync/shadowstore.h"
#include "sync/syncstore.h"
#include "sync/writeplan.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimer>
#include <QUuid>

namespace syncsmart {

struct SyncEngine::Private
{
    SyncProfile profile;
    std::shared_ptr<const Clock> clock;
    std::shared_ptr<Redactor> redactor;
    std::unique_ptr<SqliteJobQueue> queue;
    std::unique_ptr<SyncStore> store;
    std::unique_ptr<ShadowStore> shadows;
    std::unique_ptr<OriginLedger> ledger;
    std::unique_ptr<PrestaShopConnector> shop;
    std::unique_ptr<OdooConnector> erp;
    std::unique_ptr<BreakerQueueLink> shopBreakerLink;
    std::unique_ptr<BreakerQueueLink> erpBreakerLink;
    std::unique_ptr<JobApplier> applier;
    std::unique_ptr<PassRun> pass;
};

Result<std::unique_ptr<SyncEngine>> SyncEngine::open(const SyncProfile &profile, const QString &databasePath,
                                                     std::shared_ptr<const Clock> clock,
                                                     std::shared_ptr<Redactor> redactor)
{
    registerSyncMetaTypes();
    if (!clock)
        clock = std::make_shared<SystemClock>();
    if (!redactor)
        redactor = std::make_shared<Redactor>();
    redactor->addSecret(profile.shop.apiKey);
    redactor->addSecret(profile.erp.apiKey);

    DatabaseOptions options;
    options.path = databasePath;
    auto queue = SqliteJobQueue::open(options, clock, RetryPolicy{}, redactor);
    if (!queue)
        return queue.error();

    auto d = std::make_unique<Private>();
    d->profile = profile;
    d->clock = clock;
    d->redactor = redactor;
    d->queue = std::move(*queue);
    Database &db = d->queue->database();
    d->store = std::make_unique<SyncStore>(db);
    d->shadows = std::make_unique<ShadowStore>(db, QStringLiteral("product"));
    d->ledger = std::make_unique<OriginLedger>(db, QStringLiteral("product"));
    PrestaShopSettings shopSettings = profile.shop;
    if (shopSettings.languageIds.isEmpty())
        shopSettings.languageIds = {profile.sync.shopLanguage};
    d->shop = std::make_unique<PrestaShopConnector>(shopSettings, redactor, *clock);
    d->erp = std::make_unique<OdooConnector>(profile.erp, redactor, *clock);
    d->shopBreakerLink = std::make_unique<BreakerQueueLink>(d->shop->http().breaker(), *d->queue, toString(Side::Shop));
    d->erpBreakerLink = std::make_unique<BreakerQueueLink>(d->erp->http().breaker(), *d->queue, toString(Side::Erp));

    JobApplier::Settings applierSettings;
    applierSettings.worker = QStringLiteral("sync-%1").arg(QUuid::createUuid().toString(QUuid::Id128).left(8));
    applierSettings.batchSize = profile.sync.batchSize;
    applierSettings.shopLanguage = profile.sync.shopLanguage;
    applierSettings.fields = FieldPolicy::syncedProductFields();
    d->applier = std::make_unique<JobApplier>(applierSettings, *d->queue, *d->store, *d->ledger, *d->shop, *d->erp,
                                              *clock);
    return std::unique_ptr<SyncEngine>(new SyncEngine(std::move(d)));
}

SyncEngine::SyncEngine(std::unique_ptr<Private> dd) : d(std::move(dd))
{
    connect(d->applier.get(), &JobApplier::event, this, &SyncEngine::event);
    auto health = [this](Side side, CircuitBreaker::State state, const QString &reason) {
        SyncEvent e;
        e.type = SyncEvent::Type::PeerHealth;
        e.atMs = d->clock->nowMs();
        e.peer = toString(side);
        e.health = state == CircuitBreaker::State::Closed ? QStringLiteral("up") : QStringLiteral("circuit open");
        e.text = reason;
        emit event(e);
    };
    connect(&d->shop->http().breaker(), &CircuitBreaker::stateChanged, this,
            [health](CircuitBreaker::State s, const QString &r) { health(Side::Shop, s, r); });
    connect(&d->erp->http().breaker(), &CircuitBreaker::stateChanged, this,
            [health](CircuitBreaker::State s, const QString &r) { health(Side::Erp, s, r); });
    auto *statsTimer = new QTimer(this);
    statsTimer->setInterval(kPeerStatsIntervalMs);
    connect(statsTimer, &QTimer::timeout, this, &SyncEngine::emitPeerStats);
    statsTimer->start();
}

QString peerHealthText(CircuitBreaker::State breaker, int consecutiveFailures, double latencyMs)
{
    if (breaker != CircuitBreaker::State::Closed)
        return QStringLiteral("circuit open");
    if (consecutiveFailures >= 2)
        return QStringLiteral("down");
    if (latencyMs >= kSlowPeerLatencyMs)
        return QStringLiteral("slow");
    return QStringLiteral("up");
}

void SyncEngine::emitPeerStats()
{
    const qint64 now = d->clock->nowMs();
    for (Side side : {Side::Shop, Side::Erp}) {
        HttpClient &http = side == Side::Shop ? d->shop->http() : d->erp->http();
        const HttpStats stats = http.stats();
        SyncEvent e;
        e.type = SyncEvent::Type::PeerStats;
        e.atMs = now;
        e.peer = toString(side);
        e.latencyMs = stats.recentLatencyMs;
        e.inFlight = stats.inFlight;
        e.health = peerHealthText(http.breaker().state(), http.breaker().consecutiveFailures(), stats.recentLatencyMs);
        emit event(e);
    }
}

SyncEngine::~SyncEngine() = default;

const SyncProfile &SyncEngine::profile() const { return d->profile; }
SyncStore &SyncEngine::store() { return *d->store; }
JobQueue &SyncEngine::queue() { return *d->queue; }
ShopConnector &SyncEngine::shop() { return *d->shop; }
ErpConnector &SyncEngine::erp() { return *d->erp; }

bool SyncEngine::busy() const
{
    return d->pass || d->applier->running();
}

void SyncEngine::requestStop()
{
    d->applier->requestStop();
}

void SyncEngine::runPass(Done<PassReport> done)
{
    if (d->pass) {
        QTimer::singleShot(0, this, [done] {
            done(Error::transient(QStringLiteral("sync.busy"),
                                  QStringLiteral("A sync pass is already running; wait for it to finish.")));
        });
        return;
    }
    PassRun::Parts parts{d->profile, *d->clock, *d->store, *d->shadows, *d->ledger, *d->queue, *d->shop, *d->erp};
    d->pass = std::make_unique<PassRun>(parts);
    connect(d->pass.get(), &PassRun::event, this, &SyncEngine::event);
    d->pass->start([this, done](Result<PassReport> r) {
        // The pass is over at once (a new one may start from done); its object, still on the stack,
        // goes on the next turn of the event loop.
        d->pass.release()->deleteLater();
        done(std::move(r));
    });
}

void SyncEngine::drain(Done<DrainReport> done)
{
    d->applier->drain(std::move(done));
}

void SyncEngine::syncOnce(Done<SyncOnceReport> done)
{
    runPass([this, done](Result<PassReport> pass) {
        if (!pass) {
            done(pass.error());
            return;
        }
        drain([done, report = *pass](Result<DrainReport> drained) {
            if (!drained) {
                done(drained.error());
                return;
            }
            done(SyncOnceReport{report, *drained});
        });
    });
}

Result<QVector<qint64>> SyncEngine::enqueueWrites(const QVector<PlannedWrite> &writes, const QString &origin)
{
    return queueWrites(writes, origin, [](const QVector<qint64> &) { return Status(); });
}

Result<QVector<qint64>> SyncEngine::queueWrites(const QVector<PlannedWrite> &writes, const QString &origin,
                                                const std::function<Status(const QVector<qint64> &)> &alongside)
{
    QVector<NewJob> jobs;
    for (const PlannedWrite &w : writes)
        jobs.append(jobForWrite(w, origin));
    auto enqueued = d->queue->enqueueMany(jobs); // one transaction of its own, as in a pass
    if (!enqueued)
        return enqueued.error();
    QVector<qint64> ids;
    QVector<SyncStore::FieldWriter> writers;
    for (int i = 0; i < writes.size(); ++i) {
        const qint64 id = enqueued->at(i).jobId;
        ids.append(id);
        if (writes.at(i).create)
            continue;
        for (const QString &f : QStringList(writes.at(i).values.keys()) + writes.at(i).fetchFirst)
            writers.append({writes.at(i).sku, writes.at(i).target, f, id});
    }
    Status s = inWriteTransaction(d->queue->database(), [&]() -> Status {
        if (Status written = d->store->setFieldWriters(writers); !written)
            return written;
        return alongside(ids);
    });
    if (!s)
        return s.error();
    return ids;
}

Result<ConflictRecord> SyncEngine::decide(qint64 conflictId, const ConflictDecision &decision, const QString &actor)
{
    auto found = d->store->conflict(conflictId);
    if (!found)
        return found.error();
    ConflictRecord c = *found;
    if (!c.isOpen())
        return Error::permanent(QStringLiteral("sync.conflict_not_open"),
                                QStringLiteral("Conflict #%1 (%2 of SKU %3) was already decided by %4; nothing was "
                                               "changed")
                                    .arg(conflictId)
                                    .arg(c.field, c.sku, c.decidedBy.isEmpty() ? QStringLiteral("the rules") : c.decidedBy));
    auto plan = planDecision(c, decision, d->profile);
    if (!plan)
        return plan.error();
    auto shadows = d->shadows->load({c.sku});
    if (!shadows)
        return shadows.error();
    const ProductShadow shadow = shadows->value(c.sku);
    QVector<PlannedWrite> writes;
    for (PlannedWrite w : plan->writes) {
        w.peerId = shadow.side(w.target).peerId;
        if (w.peerId.isEmpty())
            return Error::permanent(QStringLiteral("sync.unlinked"),
                                    QStringLiteral("SKU %1 is no longer known in %2, so conflict #%3 cannot be applied; "
                                                   "run a sync, then decide again")
                                        .arg(c.sku, w.target == Side::Shop ? QStringLiteral("the shop")
                                                                           : QStringLiteral("the ERP"))
                                        .arg(conflictId));
        writes.append(w);
    }
    ConflictRecord decided = plan->decided;
    decided.decidedBy = actor;
    decided.decidedAtMs = d->clock->nowMs();
    // The decision is recorded in the same transaction as the writers of its jobs.
    auto queued = queueWrites(writes, QStringLiteral("conflict %1").arg(conflictId), [&](const QVector<qint64> &ids) {
        decided.jobId = ids.isEmpty() ? 0 : ids.first();
        return d->store->decideConflict(decided);
    });
    if (!queued)
        return queued.error();
    SyncEvent e;
    e.type = SyncEvent::Type::Conflict;
    e.atMs = decided.decidedAtMs;
    e.conflict = decided;
    emit event(e);
    return decided;
}

} // namespace syncsmart
