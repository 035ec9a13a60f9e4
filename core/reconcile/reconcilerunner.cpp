#include "reconcilerunner.h"

#include "reconcile/reconcileschedule.h"
#include "sync/syncengine.h"
#include "sync/syncstore.h"

namespace syncsmart {

namespace {
constexpr qsizetype kIdsPerQuery = 5000;
// The newest done run is among these (older ones only matter when every newer one failed).
constexpr int kRunsForTheSchedule = 50;
}

ReconcileRunner::ReconcileRunner(SyncEngine &engine, const Clock &clock, QObject *parent)
    : QObject(parent)
    , m_engine(engine)
    , m_clock(clock)
    , m_store(std::make_unique<ReconcileStore>(engine.store().database()))
{
}

ReconcileRunner::~ReconcileRunner()
{
    if (m_auditor)
        m_auditor->cancel();
}

ReconcileOptions ReconcileRunner::profileOptions() const
{
    ReconcileOptions options;
    options.stock = m_engine.profile().reconcile.stock;
    options.pageSize = std::max(100, m_engine.profile().sync.batchSize * 10);
    return options;
}

bool ReconcileRunner::start(const QString &trigger, std::function<void(Result<qint64>)> done)
{
    return start(trigger, profileOptions(), std::move(done));
}

bool ReconcileRunner::start(const QString &trigger, const ReconcileOptions &options,
                            std::function<void(Result<qint64>)> done)
{
    if (m_auditor)
        return false;
    auto runId = m_store->beginRun(m_clock.nowMs(), trigger, options.fields);
    if (!runId) {
        done(runId.error());
        return true;
    }
    m_auditor = new Reconciler(m_engine.profile(), m_engine.shop(), m_engine.erp(), m_clock, options, this);
    connect(m_auditor, &Reconciler::progress, this, &ReconcileRunner::progress);
    const qint64 id = *runId;
    m_auditor->run([this, id, done = std::move(done)](Result<ReconcileReport> report) {
        m_auditor->deleteLater();
        m_auditor = nullptr;
        if (m_abandoned)
            return;
        if (!report) {
            if (Status s = m_store->failRun(id, m_clock.nowMs(), report.error().message); !s)
                return done(s.error());
            return done(report.error());
        }
        if (Status s = m_store->finishRun(id, *report); !s)
            return done(s.error());
        done(id);
    });
    return true;
}

void ReconcileRunner::abandon()
{
    m_abandoned = true;
    cancel();
}

void ReconcileRunner::cancel()
{
    if (m_auditor)
        m_auditor->cancel();
}

Result<QVector<ReconcileRun>> ReconcileRunner::runs(int limit) const
{
    return m_store->runs(limit);
}

Result<qint64> ReconcileRunner::nextScheduledMs(qint64 watchingSinceMs) const
{
    const ReconcileSchedule &schedule = m_engine.profile().reconcile.schedule;
    if (!schedule.isOn())
        return qint64(-1);
    auto recent = m_store->runs(kRunsForTheSchedule);
    if (!recent)
        return recent.error();
    return nextScheduledRunMs(schedule, *recent, watchingSinceMs, QTimeZone::systemTimeZone());
}

Result<std::pair<ReconcileRun, QVector<StoredDiff>>> ReconcileRunner::load(qint64 runId) const
{
    if (runId == 0) {
        auto runs = m_store->runs(1);
        if (!runs)
            return runs.error();
        if (runs->isEmpty())
            return std::pair<ReconcileRun, QVector<StoredDiff>>{};
        runId = runs->first().id;
    }
    auto run = m_store->run(runId);
    if (!run)
        return run.error();
    auto diffs = m_store->diffs(runId, {}, 0, std::numeric_limits<int>::max());
    if (!diffs)
        return diffs.error();
    return std::pair<ReconcileRun, QVector<StoredDiff>>{*run, *diffs};
}

Result<ReconcileRunner::Applied> ReconcileRunner::apply(qint64 runId, const QVector<qint64> &diffIds,
                                                        const QString &actor)
{
    if (diffIds.isEmpty())
        return Applied{};
    QVector<StoredDiff> chosen;
    for (qsizetype from = 0; from < diffIds.size(); from += kIdsPerQuery) { // SQLite's bound on parameters
        DiffFilter filter;
        filter.ids = diffIds.mid(from, kIdsPerQuery);
        auto diffs = m_store->diffs(runId, filter, 0, std::numeric_limits<int>::max());
        if (!diffs)
            return diffs.error();
        chosen += *diffs;
    }
    const FixPlan plan = planFixes(chosen);
    auto jobs = applyFixes(plan, runId, m_engine, *m_store, m_clock.nowMs(), actor);
    if (!jobs)
        return jobs.error();
    return Applied{plan.applicable(), int(jobs->size()), plan.left};
}

} // namespace syncsmart
