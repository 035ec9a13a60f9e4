#pragma once

#include "connectors/catalogtypes.h"
#include "sync/productplanner.h"
#include "sync/syncevents.h"
#include "sync/syncprofile.h"

#include <QObject>

namespace syncsmart {

class Clock;
class ErpConnector;
class JobQueue;
class OriginLedger;
class ShadowStore;
class ShopConnector;
class SyncStore;

// One pass of the pipeline for products (DESIGN §3): both sides are read from their cursors (an
// overlapping window; the first pass reads everything) at the same time, each SKU is planned
// (productplanner), the writes are enqueued, and only then are shadows, history and cursors committed,
// so a crash at any point never skips a change (at worst it is planned again, and the idempotency key
// or the value fingerprint makes the replay harmless).
class PassRun final : public QObject
{
    Q_OBJECT

public:
    struct Parts
    {
        const SyncProfile &profile;
        const Clock &clock;
        SyncStore &store;
        ShadowStore &shadows;
        OriginLedger &ledger;
        JobQueue &queue;
        ShopConnector &shop;
        ErpConnector &erp;
    };

    explicit PassRun(Parts parts, QObject *parent = nullptr);
    ~PassRun() override;

    void start(Done<PassReport> done);

signals:
    void event(const syncsmart::SyncEvent &event);

private:
    struct SideRead;
    void read(Side side);
    void readFinished();
    void lookUpOneSided();
    Result<PassReport> planAndCommit();
    void finish(Result<PassReport> result);

    Parts m_parts;
    PassReport m_report;
    Done<PassReport> m_done;
    std::unique_ptr<SideRead> m_shop;
    std::unique_ptr<SideRead> m_erp;
    int m_readsPending = 0;
    std::optional<Error> m_readError;
    PlanSettings m_plan;
};

} // namespace syncsmart
