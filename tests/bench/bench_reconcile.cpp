// The reconciliation auditor against syncsmart-sim on loopback. Figures only (never run by CTest).
//
//   bench_reconcile [--sizes 100000,1000000] [--sample 200] [--no-stock]
//
// For each catalog size: a simulator seeded with 1 % field mismatches, 0.5 % SKUs missing on each
// side and 1 % stock mismatches; one full run of the auditor (both catalogs, both stock lists),
// timed, with this process's peak resident memory during the run (the simulator is another
// process). Then the naive way, as a basic script reconciles: for each SKU one request to the shop,
// one to the ERP for the product and one for its stock, one after the other, timed on a sample of
// SKUs and extrapolated to the catalog, printed as a ratio. Aim: 1M SKUs in under 60 s and 1 GiB.
#include "tst_syncsupport.h"

#include "connectors/erpconnector.h"
#include "connectors/shopconnector.h"
#include "reconcile/reconciler.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QLoggingCategory>

#include <cstdio>

using namespace syncsmart;
using namespace syncsmart::testing;

namespace {

// A memory figure of this process from /proc/self/status, in MiB: "VmHWM" (the peak resident
// size) or "VmRSS" (the current one); -1 when unknown.
double statusMiB(const QByteArray &key)
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith(key + ':'))
            return line.mid(key.size() + 1).trimmed().split(' ').first().toDouble() / 1024.0;
    }
    return -1;
}

// Linux resets the peak to the current size on "5" (since 4.0).
void resetPeak()
{
    QFile refs(QStringLiteral("/proc/self/clear_refs"));
    if (refs.open(QIODevice::WriteOnly))
        refs.write("5");
}

template<typename T, typename Start>
Result<T> await(Start start)
{
    return awaitResult<T>(std::move(start), 3'600'000);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QLoggingCategory::setFilterRules(QStringLiteral("core.*.info=false\ncore.*.warning=false"));
    registerSyncMetaTypes();
    QCommandLineParser parser;
    parser.addHelpOption();
    parser.addOptions({
        {QStringLiteral("sizes"), QStringLiteral("Catalog sizes, comma-separated (default 100000,1000000)."),
         QStringLiteral("list"), QStringLiteral("100000,1000000")},
        {QStringLiteral("sample"), QStringLiteral("SKUs reconciled the naive way (default 200)."), QStringLiteral("n"),
         QStringLiteral("200")},
        {QStringLiteral("no-stock"), QStringLiteral("Compare the catalogs only.")},
        {QStringLiteral("fields"), QStringLiteral("Compared fields, comma-separated (default: all but active)."),
         QStringLiteral("list")},
    });
    parser.process(app);
    const int sample = parser.value(QStringLiteral("sample")).toInt();
    const bool stock = !parser.isSet(QStringLiteral("no-stock"));

    std::printf("syncsmart reconciliation: both whole catalogs%s, compared by SKU (%s); naive = 3 sequential "
                "requests per SKU\n",
                stock ? " and stock lists" : "",
                qPrintable(parser.isSet(QStringLiteral("fields")) ? parser.value(QStringLiteral("fields"))
                                                                  : ReconcileOptions::defaultFields().join(QLatin1Char(','))));
    for (const QString &size : parser.value(QStringLiteral("sizes")).split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const int products = size.trimmed().toInt();
        SimProcess sim;
        const QString problem = sim.start(products, {QStringLiteral("--field-mismatch"), QStringLiteral("0.01"),
                                                     QStringLiteral("--missing-in-shop"), QStringLiteral("0.005"),
                                                     QStringLiteral("--missing-in-erp"), QStringLiteral("0.005"),
                                                     QStringLiteral("--stock-mismatch"), QStringLiteral("0.01")});
        if (!problem.isEmpty()) {
            std::fprintf(stderr, "bench_reconcile: %s\n", qPrintable(problem));
            return 1;
        }
        QTemporaryDir dir;
        SyncProfile profile = makeProfile(sim, 4);
        auto engine = openEngine(profile, dir);
        if (!engine)
            return 1;
        SystemClock clock;
        ReconcileOptions options;
        options.stock = stock;
        if (parser.isSet(QStringLiteral("fields")))
            options.fields = parser.value(QStringLiteral("fields")).split(QLatin1Char(','), Qt::SkipEmptyParts);
        options.pageSize = 1000;
        const double before = statusMiB("VmRSS");
        resetPeak();
        Reconciler auditor(profile, engine->shop(), engine->erp(), clock, options);
        QElapsedTimer timer;
        timer.start();
        // Where the time goes: the first moment each phase reported.
        QStringList phases;
        QObject::connect(&auditor, &Reconciler::progress, &auditor, [&](const ReconcileProgress &p) {
            if (phases.isEmpty() || !phases.last().startsWith(p.phase))
                phases << QStringLiteral("%1 from %2 s").arg(p.phase).arg(double(timer.elapsed()) / 1000.0, 0, 'f', 1);
        });
        const auto report = await<ReconcileReport>([&](auto done) { auditor.run(std::move(done)); });
        const double seconds = double(timer.nsecsElapsed()) / 1e9;
        const double peak = statusMiB("VmHWM");
        if (!report) {
            std::fprintf(stderr, "bench_reconcile: %s\n", qPrintable(report.error().toString()));
            return 1;
        }
        std::printf("%9d SKUs: %6.1f s (%.0f SKUs/s), peak memory %.0f MiB (%.0f MiB above the %.0f MiB before), "
                    "%lld differences (%lld fields, %lld stock, %lld missing in shop, %lld missing in ERP)\n",
                    products, seconds, double(products) / seconds, peak, peak - before, before,
                    static_cast<long long>(report->diffs.size()),
                    static_cast<long long>(report->count(DiffKind::FieldMismatch)),
                    static_cast<long long>(report->count(DiffKind::StockMismatch)),
                    static_cast<long long>(report->count(DiffKind::MissingInShop)),
                    static_cast<long long>(report->count(DiffKind::MissingInErp)));

        std::printf("%9s       phases: %s\n", "", qPrintable(phases.join(QStringLiteral("; "))));
        // The naive way on a sample, extrapolated.
        const QStringList skus = plainSkus(sim, sample, 1);
        const QStringList fields = options.fields;
        timer.restart();
        for (const QString &sku : skus) {
            const auto shop = await<QVector<ProductData>>([&](auto done) { engine->shop().productsBySku({sku}, fields, std::move(done)); });
            const auto erp = await<QVector<ProductData>>([&](auto done) { engine->erp().productsBySku({sku}, fields, std::move(done)); });
            const auto erpStock = await<QVector<StockLevel>>([&](auto done) { engine->erp().stockBySku({sku}, std::move(done)); });
            if (!shop || !erp || !erpStock) {
                std::fprintf(stderr, "bench_reconcile: a naive request failed\n");
                return 1;
            }
        }
        const double perSku = double(timer.nsecsElapsed()) / 1e9 / double(std::max<qsizetype>(1, skus.size()));
        const double naive = perSku * double(products);
        std::printf("%9s       naive: %.2f ms per SKU on %lld SKUs → %.0f s for the catalog (%.1f h): %.0fx the auditor\n",
                    "", perSku * 1000, static_cast<long long>(skus.size()), naive, naive / 3600, naive / seconds);
        std::fflush(stdout);
    }
    return 0;
}
