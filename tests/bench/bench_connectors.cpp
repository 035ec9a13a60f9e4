// Write throughput of the connectors against syncsmart-sim on loopback, with a fixed added latency,
// at 1, 4 and 8 requests in flight, next to the bound c / (latency + server cost): how close the
// HTTP layer (pool, in-flight limit, pacing) comes to what the peer allows. Figures only.
//
//   bench_connectors [--writes-per-slot 40] [--latency-ms 50] [--cost real] [--peer prestashop|odoo|both]
//
// With --cost real the simulator serves 2 requests at a time (the measured 2-core servers), so the
// bound is min(c, 2) / (L + S): beyond 2 in flight the peer, not the client, is the limit.
//
// The server cost S is measured first: the same writes one at a time with no added latency (it
// includes the client's own overhead, so the bound is a little generous to us).
#include "awaitresult.h"
#include "simprocess.h"

#include "common/clock.h"
#include "common/redactor.h"
#include "connectors/erpconnector.h"
#include "connectors/http/httpclient.h"
#include "connectors/odoo/odooconnector.h"
#include "connectors/prestashop/prestashopconnector.h"
#include "connectors/shopconnector.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonArray>

#include <algorithm>
#include <cstdio>
#include <functional>
#include <memory>

using namespace syncsmart;
using namespace syncsmart::testing;

namespace {

constexpr int kProducts = 2000;

struct Run
{
    double seconds = 0;
    int writes = 0;
    int failed = 0;
    int maxInFlight = 0;
    QString firstError;
};

PeerEndpoint endpoint(const QString &name, const QString &url, int inFlight)
{
    PeerEndpoint e;
    e.peerName = name;
    e.baseUrl = QUrl(url);
    e.limits.maxInFlight = inFlight;
    e.limits.requestsPerSecond = 0; // unlimited: the in-flight bound is what is measured
    e.limits.totalTimeoutMs = 60'000;
    e.breaker.failureThreshold = 1000;
    return e;
}

// Issues `writes` writes at once (the client keeps `inFlight` on the wire) and waits for all.
Run runWrites(SimProcess &sim, const QString &peer, int writes, const std::function<void(int index, Done<void>)> &write)
{
    sim.resetStats();
    Run run;
    run.writes = writes;
    int pending = writes;
    QEventLoop loop;
    QElapsedTimer timer;
    timer.start();
    for (int i = 0; i < writes; ++i) {
        write(i, [&](Status status) {
            if (!status) {
                ++run.failed;
                if (run.firstError.isEmpty())
                    run.firstError = status.error().toString();
            }
            if (--pending == 0)
                loop.quit();
        });
    }
    if (pending > 0)
        loop.exec();
    run.seconds = timer.nsecsElapsed() / 1e9;
    const QJsonObject stats = sim.stats().value(peer).toObject();
    run.maxInFlight = stats.value(QLatin1String("maxInFlight")).toInt();
    return run;
}

QString sku(int index)
{
    return QStringLiteral("SKU-%1").arg(index % kProducts + 1, 6, 10, QLatin1Char('0'));
}

struct PeerBench
{
    QString name;
    // Makes a connector with the given in-flight limit and returns a write function.
    std::function<std::function<void(int, Done<void>)>(int inFlight)> make;
};

// serverSlots: requests the simulated server serves at once (2 with --cost real, as on the 2-core
// machines measured; 0: unlimited). The added latency is spent holding a slot, like a slow server.
void report(const QString &peer, int inFlight, int serverSlots, double latencyMs, double costMs, const Run &run)
{
    const double rate = run.writes / run.seconds;
    const int effective = serverSlots > 0 ? std::min(inFlight, serverSlots) : inFlight;
    const double bound = effective * 1000.0 / (latencyMs + costMs);
    std::printf("%-10s  in flight %d  %4d writes in %6.2f s  %7.1f writes/s   bound min(c,slots)/(L+S) %7.1f/s   %5.1f %% of bound"
                "   sim max in flight %d%s\n",
                qPrintable(peer), inFlight, run.writes, run.seconds, rate, bound, 100.0 * rate / bound,
                run.maxInFlight, run.failed ? qPrintable(QStringLiteral("   FAILED %1: %2").arg(run.failed).arg(run.firstError)) : "");
    std::fflush(stdout);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addOption({QStringLiteral("writes-per-slot"), QStringLiteral("Writes per request slot (default 40)."), QStringLiteral("n"), QStringLiteral("40")});
    parser.addOption({QStringLiteral("latency-ms"), QStringLiteral("Added latency per request (default 50)."), QStringLiteral("ms"), QStringLiteral("50")});
    parser.addOption({QStringLiteral("cost"), QStringLiteral("Simulator server cost: none (default) or real."), QStringLiteral("preset"), QStringLiteral("none")});
    parser.addOption({QStringLiteral("peer"), QStringLiteral("prestashop, odoo or both (default)."), QStringLiteral("peer"), QStringLiteral("both")});
    parser.process(app);
    const int perSlot = parser.value(QStringLiteral("writes-per-slot")).toInt();
    const double latencyMs = parser.value(QStringLiteral("latency-ms")).toDouble();
    const QString peerChoice = parser.value(QStringLiteral("peer"));
    const int serverSlots = parser.value(QStringLiteral("cost")) == QLatin1String("none") ? 0 : 2;

    SimProcess sim;
    QStringList args{QStringLiteral("--quiet")};
    if (parser.value(QStringLiteral("cost")) != QLatin1String("none"))
        args << QStringLiteral("--cost") << parser.value(QStringLiteral("cost"));
    if (const QString error = sim.start(kProducts, args); !error.isEmpty()) {
        std::fprintf(stderr, "%s\n", qPrintable(error));
        return 1;
    }
    SystemClock clock;
    auto redactor = std::make_shared<Redactor>();
    std::vector<std::unique_ptr<QObject>> keep; // connectors live until the end

    // Product ids of the first SKUs on each side, so the writes address real records.
    QVector<PeerBench> peers;
    peers.push_back({QStringLiteral("PrestaShop"), [&](int inFlight) {
        PrestaShopSettings settings;
        settings.endpoint = endpoint(QStringLiteral("PrestaShop"), sim.prestashopUrl(), inFlight);
        settings.apiKey = sim.prestashopKey();
        settings.shopTimeZone = QTimeZone(sim.shopTimezone().toUtf8());
        auto connector = std::make_unique<PrestaShopConnector>(settings, redactor, clock);
        PrestaShopConnector *shop = connector.get();
        keep.push_back(std::move(connector));
        QStringList skus;
        for (int i = 0; i < 200; ++i)
            skus << sku(i);
        const auto found = awaitResult<QVector<ProductData>>([&](auto done) { shop->productsBySku(skus, {}, done); });
        auto ids = std::make_shared<QVector<ProductData>>(found ? *found : QVector<ProductData>{});
        return std::function<void(int, Done<void>)>([shop, ids](int i, Done<void> done) {
            const ProductData &p = ids->at(i % ids->size());
            shop->updateProduct(p.peerId, p.sku, {{field::Price, 10.0 + (i % 500) / 100.0}}, std::move(done));
        });
    }});
    peers.push_back({QStringLiteral("Odoo"), [&](int inFlight) {
        OdooSettings settings;
        settings.endpoint = endpoint(QStringLiteral("Odoo"), sim.odooBaseUrl(), inFlight);
        settings.database = sim.odooDatabase();
        settings.login = sim.odooLogin();
        settings.apiKey = sim.odooKey();
        auto connector = std::make_unique<OdooConnector>(settings, redactor, clock);
        OdooConnector *erp = connector.get();
        keep.push_back(std::move(connector));
        QStringList skus;
        for (int i = 0; i < 200; ++i)
            skus << sku(i);
        const auto found = awaitResult<QVector<ProductData>>([&](auto done) { erp->productsBySku(skus, {}, done); });
        auto ids = std::make_shared<QVector<ProductData>>(found ? *found : QVector<ProductData>{});
        return std::function<void(int, Done<void>)>([erp, ids](int i, Done<void> done) {
            const ProductData &p = ids->at(i % ids->size());
            erp->updateProducts({p.peerId}, {{field::Price, 10.0 + (i % 500) / 100.0}}, std::move(done));
        });
    }});

    std::printf("syncsmart connectors: write throughput, added latency %.0f ms, simulator cost %s, %d writes per slot\n",
                latencyMs, qPrintable(parser.value(QStringLiteral("cost"))), perSlot);
    for (PeerBench &peer : peers) {
        if (peerChoice != QLatin1String("both") && peer.name.compare(peerChoice, Qt::CaseInsensitive) != 0)
            continue;
        sim.clearFaults();
        auto serial = peer.make(1);
        runWrites(sim, peer.name.toLower(), 10, serial); // warm-up: connection, authentication
        const Run base = runWrites(sim, peer.name.toLower(), 100, serial);
        const double costMs = base.seconds * 1000.0 / base.writes;
        std::printf("%-10s  server cost S (one at a time, no added latency): %.2f ms per write\n",
                    qPrintable(peer.name), costMs);
        sim.addFault(QJsonObject{{QStringLiteral("peer"), peer.name.toLower()},
                                 {QStringLiteral("route"), QStringLiteral("*")},
                                 {QStringLiteral("kind"), QStringLiteral("latency")},
                                 {QStringLiteral("latencyMs"), latencyMs},
                                 {QStringLiteral("rate"), 1.0}});
        for (int inFlight : {1, 4, 8}) {
            auto write = inFlight == 1 ? serial : peer.make(inFlight);
            runWrites(sim, peer.name.toLower(), inFlight, write); // warm the connections of this pool
            report(peer.name, inFlight, serverSlots, latencyMs, costMs, runWrites(sim, peer.name.toLower(), perSlot * inFlight, write));
        }
    }
    return 0;
}
