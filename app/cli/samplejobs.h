#pragma once

#include "queue/job.h"

#include <QRandomGenerator>
#include <QVector>

namespace syncsmart {

// One sample job and, for dead letters, how it fails.
struct SampleJob
{
    NewJob job;
    enum class Fate {
        Done,
        DoneAfterRetry,
        Pending,
        PendingRetrying,
        DeadPermanent,
        DeadExhausted
    } fate = Fate::Done;
    Error error; // Permanent: the error. Exhausted: the per-attempt error (the last one says how many).
};

// A realistic mix of jobs between a shop and an ERP for seed-sample: prices, stock, descriptions,
// orders and customers, most to be done, some pending, about one in eight dead letters with the
// errors real peers give (PrestaShop validation codes, unknown SKUs, refused VAT numbers, timeouts).
// The same generator state gives the same jobs.
QVector<SampleJob> buildSampleJobs(QRandomGenerator &rng, int total);

} // namespace syncsmart
