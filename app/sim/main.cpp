// syncsmart-sim: simulated PrestaShop Webservice and Odoo JSON-RPC peers on loopback, for tests,
// benchmarks and the console's demo mode. Wiring only: the behaviour lives in the library.
#include "server/simulator.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QJsonDocument>
#include <QTimeZone>

#include <csignal>
#include <cstdio>
#include <sys/prctl.h>
#include <unistd.h>

using namespace syncsmart::sim;

namespace {

[[noreturn]] void fail(const QString &message)
{
    std::fprintf(stderr, "syncsmart-sim: %s\n", qPrintable(message));
    std::exit(2);
}

double share(const QCommandLineParser &args, const QString &name)
{
    if (!args.isSet(name))
        return 0.0;
    bool ok = false;
    const double value = args.value(name).toDouble(&ok);
    if (!ok || value < 0.0 || value > 1.0)
        fail(QStringLiteral("--%1 must be a share between 0 and 1, e.g. 0.02").arg(name));
    return value;
}

qint64 number(const QCommandLineParser &args, const QString &name, qint64 fallback, qint64 max)
{
    if (!args.isSet(name))
        return fallback;
    bool ok = false;
    const qint64 value = args.value(name).toLongLong(&ok);
    if (!ok || value < 0 || value > max)
        fail(QStringLiteral("--%1 must be a whole number between 0 and %2").arg(name).arg(max));
    return value;
}

QJsonArray faultsFrom(const QString &spec)
{
    if (spec == QLatin1String("demo"))
        return demoFaults();
    QByteArray text = spec.toUtf8();
    if (spec.startsWith(QLatin1Char('@'))) {
        QFile file(spec.mid(1));
        if (!file.open(QIODevice::ReadOnly))
            fail(QStringLiteral("--faults: cannot read %1: %2").arg(file.fileName(), file.errorString()));
        text = file.readAll();
    }
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(text, &error);
    if (error.error != QJsonParseError::NoError || !doc.isArray())
        fail(QStringLiteral("--faults expects a JSON array of rules, @FILE or demo (%1)")
                 .arg(error.error != QJsonParseError::NoError ? error.errorString() : QStringLiteral("not an array")));
    return doc.array();
}

// "real", "real:0.1", "prestashop=real:0.5" (repeatable)
void applyCost(const QStringList &specs, SimulatorOptions &options)
{
    for (const QString &spec : specs) {
        const bool perPeer = spec.contains(QLatin1Char('='));
        const QString peer = perPeer ? spec.section(QLatin1Char('='), 0, 0) : QString();
        const QString preset = perPeer ? spec.section(QLatin1Char('='), 1) : spec;
        if (perPeer && peer != QLatin1String("prestashop") && peer != QLatin1String("odoo"))
            fail(QStringLiteral("--cost %1: the peer must be prestashop or odoo").arg(spec));
        for (PeerLimits *limits : {&options.prestashopLimits, &options.odooLimits}) {
            if (perPeer && (limits == &options.prestashopLimits) != (peer == QLatin1String("prestashop")))
                continue;
            if (const auto error = applyCostSpec(preset, limits))
                fail(QStringLiteral("--cost: %1").arg(*error));
        }
    }
}

// "prestashop=4", "odoo=2:reject" (repeatable)
void applyCapacity(const QStringList &specs, SimulatorOptions &options)
{
    for (const QString &spec : specs) {
        const QString peer = spec.section(QLatin1Char('='), 0, 0);
        const QString rest = spec.section(QLatin1Char('='), 1);
        PeerLimits *limits = peer == QLatin1String("prestashop") ? &options.prestashopLimits
                             : peer == QLatin1String("odoo")     ? &options.odooLimits
                                                                 : nullptr;
        bool ok = false;
        const int capacity = rest.section(QLatin1Char(':'), 0, 0).toInt(&ok);
        const QString mode = rest.section(QLatin1Char(':'), 1);
        if (!limits || !ok || capacity < 1 || (!mode.isEmpty() && mode != QLatin1String("wait") && mode != QLatin1String("reject")))
            fail(QStringLiteral("--capacity %1: expected PEER=N[:wait|:reject], e.g. odoo=2:reject").arg(spec));
        limits->capacity = capacity;
        limits->rejectBeyondCapacity = mode == QLatin1String("reject");
    }
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("syncsmart-sim"));
    QCoreApplication::setApplicationVersion(QStringLiteral(SYNCSMART_VERSION));

    QCommandLineParser args;
    args.setApplicationDescription(QStringLiteral(
        "Simulated PrestaShop 8.1 Webservice and Odoo 17 JSON-RPC peers on loopback, seeded with the same catalog.\n"
        "Prints the URLs and keys to use, then a machine-readable line:\n"
        "  SYNCSMART_SIM_READY {json}\n"
        "and runs until stopped. Control API: GET <control URL> lists its commands."));
    args.addHelpOption();
    args.addVersionOption();
    args.addOptions({
        {QStringLiteral("products"), QStringLiteral("Seeded SKUs (default 1000)."), QStringLiteral("N")},
        {QStringLiteral("seed"), QStringLiteral("Seed of the catalog, keys and faults (default 1)."), QStringLiteral("S")},
        {QStringLiteral("prestashop-port"), QStringLiteral("PrestaShop port (0: a free one, the default)."), QStringLiteral("P")},
        {QStringLiteral("odoo-port"), QStringLiteral("Odoo port (0: a free one, the default)."), QStringLiteral("Q")},
        {QStringLiteral("control-port"), QStringLiteral("Control API port, never faulted (0: a free one)."), QStringLiteral("C")},
        {QStringLiteral("missing-in-shop"), QStringLiteral("Share of SKUs only in the ERP."), QStringLiteral("SHARE")},
        {QStringLiteral("missing-in-erp"), QStringLiteral("Share of SKUs only in the shop."), QStringLiteral("SHARE")},
        {QStringLiteral("field-mismatch"), QStringLiteral("Share of SKUs with one differing field."), QStringLiteral("SHARE")},
        {QStringLiteral("stock-mismatch"), QStringLiteral("Share of SKUs whose stock differs."), QStringLiteral("SHARE")},
        {QStringLiteral("duplicates-shop"), QStringLiteral("Extra shop products reusing an existing SKU."), QStringLiteral("N")},
        {QStringLiteral("duplicates-erp"), QStringLiteral("Extra ERP products reusing an existing SKU."), QStringLiteral("N")},
        {QStringLiteral("combinations"), QStringLiteral("Share of shop products with size combinations."), QStringLiteral("SHARE")},
        {QStringLiteral("shop-timezone"), QStringLiteral("Time zone of the shop's dates (default Europe/Paris)."), QStringLiteral("TZ")},
        {QStringLiteral("prestashop-key"), QStringLiteral("Webservice key (default: derived from the seed)."), QStringLiteral("KEY")},
        {QStringLiteral("odoo-key"), QStringLiteral("Odoo API key (default: derived from the seed)."), QStringLiteral("KEY")},
        {QStringLiteral("odoo-db"), QStringLiteral("Odoo database name (default syncsmart)."), QStringLiteral("DB")},
        {QStringLiteral("activity"), QStringLiteral("Rates per minute: erp-price=30,erp-stock=60,shop-description=6,"
                                                    "shop-order=4,returning=0.5 or demo."), QStringLiteral("SPEC")},
        {QStringLiteral("faults"), QStringLiteral("Fault rules: a JSON array, @FILE or demo."), QStringLiteral("SPEC")},
        {QStringLiteral("cost"), QStringLiteral("Server cost: none, real, real:SCALE, or PEER=real[:SCALE]."), QStringLiteral("SPEC")},
        {QStringLiteral("capacity"), QStringLiteral("Requests served at once: PEER=N[:wait|:reject]."), QStringLiteral("SPEC")},
        {QStringLiteral("die-with-parent"), QStringLiteral("Exit when the process that started this one exits.")},
        {QStringLiteral("quiet"), QStringLiteral("Print only the ready line.")},
    });
    args.process(app);

    if (args.isSet(QStringLiteral("die-with-parent"))) {
        const pid_t parent = getppid();
        ::prctl(PR_SET_PDEATHSIG, SIGTERM);
        if (getppid() != parent || parent == 1)
            return 0; // the parent is already gone
    }

    SimulatorOptions options;
    options.seed.products = number(args, QStringLiteral("products"), 1000, 20'000'000);
    options.seed.seed = quint64(number(args, QStringLiteral("seed"), 1, std::numeric_limits<qint64>::max()));
    options.seed.divergence.missingInShop = share(args, QStringLiteral("missing-in-shop"));
    options.seed.divergence.missingInErp = share(args, QStringLiteral("missing-in-erp"));
    options.seed.divergence.fieldMismatch = share(args, QStringLiteral("field-mismatch"));
    options.seed.divergence.stockMismatch = share(args, QStringLiteral("stock-mismatch"));
    options.seed.divergence.duplicateSkusShop = int(number(args, QStringLiteral("duplicates-shop"), 0, 100000));
    options.seed.divergence.duplicateSkusErp = int(number(args, QStringLiteral("duplicates-erp"), 0, 100000));
    options.seed.combinationsShare = share(args, QStringLiteral("combinations"));
    const DivergenceSpec &d = options.seed.divergence;
    if (d.missingInShop + d.missingInErp + d.fieldMismatch + d.stockMismatch > 1.0)
        fail(QStringLiteral("the divergence shares add up to more than 1"));
    options.prestashopPort = quint16(number(args, QStringLiteral("prestashop-port"), 0, 65535));
    options.odooPort = quint16(number(args, QStringLiteral("odoo-port"), 0, 65535));
    options.controlPort = quint16(number(args, QStringLiteral("control-port"), 0, 65535));
    if (args.isSet(QStringLiteral("shop-timezone"))) {
        options.shopTimezone = args.value(QStringLiteral("shop-timezone"));
        if (!QTimeZone(options.shopTimezone.toUtf8()).isValid())
            fail(QStringLiteral("--shop-timezone %1 is not a known IANA time zone (e.g. Europe/Madrid)").arg(options.shopTimezone));
    }
    if (args.isSet(QStringLiteral("prestashop-key")))
        options.prestashopKey = args.value(QStringLiteral("prestashop-key"));
    if (args.isSet(QStringLiteral("odoo-key")))
        options.odooKey = args.value(QStringLiteral("odoo-key"));
    if (args.isSet(QStringLiteral("odoo-db")))
        options.odooDatabase = args.value(QStringLiteral("odoo-db"));
    if (args.isSet(QStringLiteral("activity"))) {
        QString error;
        const auto rates = ActivityRates::parse(args.value(QStringLiteral("activity")), &error);
        if (!rates)
            fail(QStringLiteral("--activity: %1").arg(error));
        options.activity = *rates;
    }
    if (args.isSet(QStringLiteral("faults")))
        options.faults = faultsFrom(args.value(QStringLiteral("faults")));
    applyCost(args.values(QStringLiteral("cost")), options);
    applyCapacity(args.values(QStringLiteral("capacity")), options);

    Simulator simulator(options);
    if (const auto error = simulator.start())
        fail(*error);

    const QJsonObject info = simulator.info();
    if (!args.isSet(QStringLiteral("quiet"))) {
        const QJsonObject shop = info.value(QStringLiteral("prestashop")).toObject();
        const QJsonObject erp = info.value(QStringLiteral("odoo")).toObject();
        std::printf("syncsmart-sim %s: %lld SKUs seeded in %lld ms (seed %s)\n", SYNCSMART_VERSION,
                    qint64(simulator.seed().size()), simulator.seedingMs(),
                    qPrintable(info.value(QStringLiteral("seed")).toString()));
        std::printf("  PrestaShop Webservice  %s  key %s (HTTP Basic user)  shop time zone %s\n",
                    qPrintable(shop.value(QStringLiteral("url")).toString()),
                    qPrintable(shop.value(QStringLiteral("key")).toString()),
                    qPrintable(shop.value(QStringLiteral("timezone")).toString()));
        std::printf("  Odoo JSON-RPC          %s  database %s  login %s  API key %s\n",
                    qPrintable(erp.value(QStringLiteral("url")).toString()),
                    qPrintable(erp.value(QStringLiteral("database")).toString()),
                    qPrintable(erp.value(QStringLiteral("login")).toString()),
                    qPrintable(erp.value(QStringLiteral("apiKey")).toString()));
        std::printf("  Control API            %s\n", qPrintable(info.value(QStringLiteral("control")).toString()));
    }
    std::printf("SYNCSMART_SIM_READY %s\n", QJsonDocument(info).toJson(QJsonDocument::Compact).constData());
    std::fflush(stdout);
    return app.exec();
}
