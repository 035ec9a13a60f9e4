// The sync engine against syncsmart-sim on loopback. Figures only (never run by CTest).
//
//   bench_sync [--products 100000] [--first-products 10000] [--mismatch 0.2] [--latency-ms 20]
//              [--in-flight 4] [--changes 0.01] [--cost none|real]
//
// 1. First-sync throughput: a catalog of --first-products SKUs where --mismatch of them differ in one
//    field (the owner's value goes to the other side). Every write costs --latency-ms on the
//    simulator (a latency fault on the write routes only; reads are not slowed). With c writes in
//    flight per peer, a peer takes at least W_p * L / c for its W_p writes, and the peers are written
//    in parallel: the bound is T_min = max_p(W_p * L / c). Printed: the writes/s reached next to
//    W / T_min, and the ratio.
// 2. Steady state at --products SKUs (equal on both sides): the first sync (reads both whole
//    catalogs), then --changes of the ERP prices change: the time of that pass (read the window,
//    plan, queue) and of its drain (the writes), and of a pass with no change at all.
#include "tst_syncsupport.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QLoggingCategory>

#include <cstdio>

using namespace syncsmart;
using namespace syncsmart::testing;

namespace {

// Each write to either peer waits latencyMs on the simulator before it is served.
void slowWrites(SimProcess &sim, double latencyMs)
{
    for (const auto &[peer, route] : {std::pair{"prestashop", "PATCH /api/products/*"},
                                      std::pair{"prestashop", "POST /api/products"},
                                      std::pair{"odoo", "execute_kw product.product write"},
                                      std::pair{"odoo", "execute_kw product.product create"}}) {
        sim.addFault(QJsonObject{{QStringLiteral("peer"), QLatin1String(peer)},
                                 {QStringLiteral("route"), QLatin1String(route)},
                                 {QStringLiteral("kind"), QStringLiteral("latency")},
                                 {QStringLiteral("latencyMs"), latencyMs},
                                 {QStringLiteral("rate"), 1.0}});
    }
}

double seconds(const QElapsedTimer &t)
{
    return double(t.nsecsElapsed()) / 1e9;
}

int fail(const QString &what)
{
    std::fprintf(stderr, "bench_sync: %s\n", qPrintable(what));
    return 1;
}

// A simulator whose writes are slowed, and an engine on a fresh database; problem says why not.
struct Setup
{
    SimProcess sim;
    QTemporaryDir dir;
    std::unique_ptr<SyncEngine> engine;
    QString problem;

    Setup(int products, const QStringList &simArgs, double latencyMs, int inFlight)
    {
        problem = sim.start(products, simArgs);
        if (!problem.isEmpty())
            return;
        slowWrites(sim, latencyMs);
        engine = openEngine(makeProfile(sim, inFlight), dir);
        if (!engine)
            problem = QStringLiteral("the engine did not open");
    }
};

// One pass, then its drain, each timed.
struct Timed
{
    PassReport pass;
    DrainReport drain;
    double passS = 0;
    double drainS = 0;
    QString problem;
};

Timed passThenDrain(SyncEngine &engine)
{
    Timed t;
    QElapsedTimer timer;
    timer.start();
    const auto pass = runPass(engine);
    t.passS = seconds(timer);
    if (!pass) {
        t.problem = pass.error().toString();
        return t;
    }
    t.pass = *pass;
    timer.restart();
    const auto drained = drain(engine);
    t.drainS = seconds(timer);
    if (!drained)
        t.problem = drained.error().toString();
    else
        t.drain = *drained;
    return t;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QLoggingCategory::setFilterRules(QStringLiteral("core.*.info=false"));
    registerSyncMetaTypes();
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addOptions({
        {QStringLiteral("products"), QStringLiteral("Catalog of the steady-state part (default 100000)."), QStringLiteral("n"), QStringLiteral("100000")},
        {QStringLiteral("first-products"), QStringLiteral("Catalog of the first-sync part (default 10000)."), QStringLiteral("n"), QStringLiteral("10000")},
        {QStringLiteral("mismatch"), QStringLiteral("Share of SKUs differing at the first sync (default 0.2)."), QStringLiteral("share"), QStringLiteral("0.2")},
        {QStringLiteral("latency-ms"), QStringLiteral("Simulator latency per write (default 20)."), QStringLiteral("ms"), QStringLiteral("20")},
        {QStringLiteral("in-flight"), QStringLiteral("Requests in flight per peer, the profile's concurrency (default 4)."), QStringLiteral("c"), QStringLiteral("4")},
        {QStringLiteral("changes"), QStringLiteral("Share of ERP prices changed in the steady-state pass (default 0.01)."), QStringLiteral("share"), QStringLiteral("0.01")},
        {QStringLiteral("cost"), QStringLiteral("Simulator server cost: none (default) or real."), QStringLiteral("preset"), QStringLiteral("none")},
    });
    parser.process(app);
    const int products = parser.value(QStringLiteral("products")).toInt();
    const int firstProducts = parser.value(QStringLiteral("first-products")).toInt();
    const double mismatch = parser.value(QStringLiteral("mismatch")).toDouble();
    const double latencyMs = parser.value(QStringLiteral("latency-ms")).toDouble();
    const int inFlight = parser.value(QStringLiteral("in-flight")).toInt();
    const double changes = parser.value(QStringLiteral("changes")).toDouble();
    const QString cost = parser.value(QStringLiteral("cost"));
    if (products < 1 || firstProducts < 1 || inFlight < 1 || latencyMs <= 0 || mismatch <= 0 || changes <= 0)
        return fail(QStringLiteral("every option must be positive"));
    QStringList costArgs;
    if (cost != QLatin1String("none"))
        costArgs << QStringLiteral("--cost") << cost;

    std::printf("syncsmart sync engine: %d writes in flight per peer, %.0f ms simulator latency per write, server cost %s\n",
                inFlight, latencyMs, qPrintable(cost));

    // ---- 1. first-sync throughput against the bound ----
    {
        Setup b(firstProducts, costArgs + QStringList{QStringLiteral("--field-mismatch"), QString::number(mismatch)},
                latencyMs, inFlight);
        if (!b.problem.isEmpty())
            return fail(b.problem);
        const Timed t = passThenDrain(*b.engine);
        if (!t.problem.isEmpty())
            return fail(t.problem);
        const double passS = t.passS;
        const double drainS = t.drainS;
        SimProcess &sim = b.sim;
        const int shopWrites = effects(sim, kShopPeer).size();
        const int erpWrites = effects(sim, kErpPeer).size();
        const int writes = shopWrites + erpWrites;
        const double minS = std::max(shopWrites, erpWrites) * latencyMs / 1000.0 / inFlight;
        std::printf("\nfirst sync, %d products, %.0f %% differing in one field\n", firstProducts, mismatch * 100);
        std::printf("  pass (read both catalogs, plan, queue %lld jobs): %.2f s\n", t.pass.jobsEnqueued, passS);
        std::printf("  drain: %d writes (shop %d, ERP %d) in %.2f s = %.1f writes/s; applied %lld, dead %lld, retrying %lld\n",
                    writes, shopWrites, erpWrites, drainS, writes / drainS, t.drain.applied, t.drain.dead, t.drain.retrying);
        std::printf("  bound max_p(W_p) * L / c = %.2f s = %.1f writes/s  ->  %.1f %% of the bound\n", minS, writes / minS,
                    100.0 * minS / drainS);
        std::printf("  whole first sync: %.2f s, %.0f products/s\n", passS + drainS, firstProducts / (passS + drainS));
        std::fflush(stdout);
    }

    // ---- 2. steady state at scale ----
    {
        Setup b(products, costArgs, latencyMs, inFlight);
        if (!b.problem.isEmpty())
            return fail(b.problem);
        SimProcess &sim = b.sim;
        const std::unique_ptr<SyncEngine> &engine = b.engine;
        std::printf("\nsteady state, %d products\n", products);
        QElapsedTimer timer;
        timer.start();
        const auto first = syncOnce(*engine, 3'600'000);
        if (!first)
            return fail(first.error().toString());
        std::printf("  first sync (both catalogs equal): %.2f s, %.0f products/s (%s)\n", seconds(timer),
                    products / seconds(timer), qPrintable(oneLine(*first)));
        std::fflush(stdout);
        if (auto settle = syncOnce(*engine); !settle)
            return fail(settle.error().toString());

        const int toChange = std::max(1, int(products * changes));
        sim.control(QStringLiteral("activity/run"), QJsonObject{},
                    QStringLiteral("kind=erp-price&times=%1").arg(toChange));
        const qint64 seq = lastSeq(sim);
        const Timed t = passThenDrain(*engine);
        if (!t.problem.isEmpty())
            return fail(t.problem);
        const int writes = writesSince(sim, seq).size();
        std::printf("  pass with %d ERP price edits: read + plan + queue %.2f s (%lld ERP records read, %lld jobs), "
                    "drain %.2f s (%d writes; bound %.2f s), total %.2f s\n",
                    toChange, t.passS, t.pass.erpRecordsRead, t.pass.jobsEnqueued, t.drainS, writes,
                    writes * latencyMs / 1000.0 / inFlight, t.passS + t.drainS);
        std::fflush(stdout);

        for (int i = 0; i < 2; ++i) {
            const qint64 before = lastSeq(sim);
            timer.restart();
            const auto idle = syncOnce(*engine);
            if (!idle)
                return fail(idle.error().toString());
            std::printf("  pass with no change%s: %.2f s, %d writes (%lld echoes of our writes dropped)\n",
                        i == 0 ? " (sees our writes come back)" : "", seconds(timer),
                        int(writesSince(sim, before).size()), qint64(idle->pass.echoesSuppressed));
        }
    }
    return 0;
}
