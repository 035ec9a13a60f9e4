#pragma once

#include "common/clock.h"
#include "connectors/catalogtypes.h"
#include "sync/syncevents.h"

#include <QObject>

#include <memory>

namespace syncsmart {

class ErpConnector;
class JobQueue;
class OriginLedger;
class ShopConnector;
class SyncStore;

// Job kinds the engine plans for products (payload: JSON, see jobpayload in jobapplier.cpp).
namespace jobkind {
inline const QString ProductUpdate = QStringLiteral("product.update");
inline const QString ProductCreate = QStringLiteral("product.create");
// Sets a shop product's stock to the ERP's quantity of the same SKU, read when the job runs:
// {"sku", "peerId": shop product id (empty: found by SKU)}.
inline const QString StockCopy = QStringLiteral("stock.copy");
} // namespace jobkind

// The "apply" stage of DESIGN §3: claims due jobs per target in batches, runs them through the
// connectors (whose HTTP layer bounds the requests in flight and their rate), and records each
// outcome: ack + origin ledger entries on success, the queue's retry/dead-letter rules on failure.
class JobApplier final : public QObject
{
    Q_OBJECT

public:
    struct Settings
    {
        QString worker;              // lease owner name
        int batchSize = 100;         // jobs claimed per target at a time
        qint64 leaseMs = 10 * 60'000;
        QString shopLanguage;        // canonical texts of fields read back before a copy
        QStringList fields;          // synced fields
    };

    JobApplier(Settings settings, JobQueue &queue, SyncStore &store, OriginLedger &ledger, ShopConnector &shop,
               ErpConnector &erp, const Clock &clock, QObject *parent = nullptr);
    ~JobApplier() override;

    // Applies due jobs of both targets until none is due; answers once (later, on this thread).
    void drain(Done<DrainReport> done);
    void requestStop() { m_stopRequested = true; }
    bool running() const { return m_running; }

signals:
    void event(const syncsmart::SyncEvent &event);

private:
    struct Batch;
    struct Outcome;
    void claimNext(const QString &target);
    void runJob(const std::shared_ptr<Batch> &batch, int index);
    void finishJob(const std::shared_ptr<Batch> &batch, int index, Outcome outcome);
    // Reads the ERP's stock of the SKU now and sets it on the shop product (by id, or by SKU).
    void copyErpStock(const QString &sku, const QString &shopProductId, std::function<void(std::optional<Error>)> done);
    void recordBatch(const std::shared_ptr<Batch> &batch);
    void targetFinished();

    Settings m_settings;
    JobQueue &m_queue;
    SyncStore &m_store;
    OriginLedger &m_ledger;
    ShopConnector &m_shop;
    ErpConnector &m_erp;
    const Clock &m_clock;
    bool m_running = false;
    bool m_stopRequested = false;
    int m_targetsActive = 0;
    DrainReport m_report;
    Done<DrainReport> m_done;
    qint64 m_rateStartMs = 0;
    qint64 m_rateApplied = 0;
};

} // namespace syncsmart
