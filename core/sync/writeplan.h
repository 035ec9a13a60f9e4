#pragma once

#include "queue/job.h"
#include "sync/productplanner.h"

namespace syncsmart {

// A planned write as a queue job: kind product.update / product.create, target "shop" / "erp",
// idempotency key = entity + SKU + target + content fingerprint (so a replay is never a second effect).
NewJob jobForWrite(const PlannedWrite &write, const QString &origin);
// A shop product's stock set to the ERP's quantity of the SKU, read when the job runs.
NewJob stockCopyJob(const QString &sku, const QString &shopProductId, const QString &origin);

// What an operator decision on an open conflict writes, and the conflict as decided.
struct DecisionPlan
{
    QVector<PlannedWrite> writes;
    ConflictRecord decided;
};
Result<DecisionPlan> planDecision(const ConflictRecord &conflict, const ConflictDecision &decision,
                                  const SyncProfile &profile);

} // namespace syncsmart
