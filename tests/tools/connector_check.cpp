// Runs every connector operation once against a peer given on the command line and prints what it
// got: the tool used to verify the connectors against real PrestaShop and Odoo servers (loopback
// test installs). Reads are always done; writes only with --write, and only to the SKUs given with
// --sku (a price is written back to the value it had, a stock line to the quantity it had).
//
//   connector_check --prestashop URL --key KEY [--shop-timezone Europe/Paris] --sku SKU-1,SKU-2 [--write]
//   connector_check --odoo URL --db DB --login LOGIN --key KEY --sku SKU-1,SKU-2 [--write] [--order-ref REF]
// --create-sku SKU names the product the write checks create (default SYNCSMART-CHECK-1).
#include "awaitresult.h"

#include "common/clock.h"
#include "common/redactor.h"
#include "connectors/http/httpclient.h"
#include "connectors/odoo/odooconnector.h"
#include "connectors/prestashop/prestashopconnector.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>

#include <cstdio>

using namespace syncsmart;
using namespace syncsmart::testing;

namespace {

int g_failures = 0;

template<typename T>
bool check(const char *what, const Result<T> &result, const QString &detail = {})
{
    if (result.ok()) {
        std::printf("  ok    %-28s %s\n", what, qPrintable(detail));
    } else {
        ++g_failures;
        std::printf("  FAIL  %-28s %s\n", what, qPrintable(result.error().toString()));
    }
    std::fflush(stdout);
    return result.ok();
}

QString describe(const ProductData &p)
{
    QStringList parts;
    for (auto it = p.fields.cbegin(); it != p.fields.cend(); ++it) {
        QString value = it.value().typeId() == QMetaType::QVariantMap
                            ? QStringLiteral("{%1 languages}").arg(it.value().toMap().size())
                            : it.value().toString();
        parts << QStringLiteral("%1=%2").arg(it.key(), value.left(40));
    }
    return QStringLiteral("%1 #%2 updated %3 UTC [%4]")
        .arg(p.sku, p.peerId, p.updatedAt.toString(Qt::ISODate), parts.join(QStringLiteral(", ")));
}

void printReport(const ConnectionReport &report)
{
    std::printf("        version %s\n", qPrintable(report.version));
    for (const QString &line : report.capabilities)
        std::printf("        can:     %s\n", qPrintable(line));
    for (const QString &line : report.missing)
        std::printf("        MISSING: %s\n", qPrintable(line));
    for (const QString &line : report.warnings)
        std::printf("        warning: %s\n", qPrintable(line));
}

template<typename Connector>
void readChecks(Connector &peer, const QStringList &skus, const QStringList &fields)
{
    const auto report = awaitResult<ConnectionReport>([&](auto done) { peer.testConnection(done); });
    if (check("test connection", report, report ? (report->ok() ? QStringLiteral("all needed rights") : QStringLiteral("rights missing")) : QString()))
        printReport(*report);

    ChangeWindow window;
    window.sinceUtc = QDateTime::currentDateTimeUtc().addDays(-30);
    window.pageSize = 7;
    qint64 seen = 0;
    QVector<ProductData> last;
    const auto changed = awaitResult<PageSummary>([&](auto done) {
        peer.changedProducts(window, fields, [&](const QVector<ProductData> &page) { seen += page.size(); last = page; return true; }, done);
    });
    check("changed products (30 days)", changed,
          changed ? QStringLiteral("%1 records in %2 requests, newest %3, %4 duplicates dropped")
                        .arg(changed->records).arg(changed->requests).arg(changed->maxUpdatedAt.toString(Qt::ISODate)).arg(changed->duplicatesDropped)
                  : QString());
    if (!last.isEmpty())
        std::printf("        last: %s\n", qPrintable(describe(last.last())));

    const auto bySku = awaitResult<QVector<ProductData>>([&](auto done) { peer.productsBySku(skus, fields, done); });
    if (check("products by SKU", bySku, bySku ? QStringLiteral("%1 found for %2 SKUs").arg(bySku->size()).arg(skus.size()) : QString()))
        for (const ProductData &p : *bySku)
            std::printf("        %s\n", qPrintable(describe(p)));

    qint64 catalogRecords = 0;
    const auto catalog = awaitResult<PageSummary>([&](auto done) {
        peer.catalog({field::Price}, 50, [&](const QVector<ProductData> &page) { catalogRecords += page.size(); return true; }, done);
    });
    check("catalog pages", catalog, catalog ? QStringLiteral("%1 records in %2 requests").arg(catalogRecords).arg(catalog->requests) : QString());

    qint64 stockLines = 0;
    QVector<StockLevel> sample;
    const auto stock = awaitResult<PageSummary>([&](auto done) {
        peer.stockLevels(50, [&](const QVector<StockLevel> &page) { stockLines += page.size(); if (sample.size() < 3) sample += page.mid(0, 3); return true; }, done);
    });
    check("stock levels", stock, stock ? QStringLiteral("%1 lines in %2 requests").arg(stockLines).arg(stock->requests) : QString());
    for (const StockLevel &s : sample)
        std::printf("        %s product %s comb %s qty %g\n", qPrintable(s.sku), qPrintable(s.productId), qPrintable(s.combinationId), s.quantity);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    for (const char *name : {"prestashop", "odoo", "key", "db", "login", "shop-timezone", "sku", "order-ref", "stock-field", "create-sku"})
        parser.addOption({QString::fromLatin1(name), QString::fromLatin1(name), QStringLiteral("value")});
    parser.addOption({QStringLiteral("write"), QStringLiteral("Also write (values are written back).")});
    parser.process(app);

    SystemClock clock;
    auto redactor = std::make_shared<Redactor>();
    installRedactingMessageHandler(redactor);
    const QStringList skus = parser.value(QStringLiteral("sku")).split(QLatin1Char(','), Qt::SkipEmptyParts);
    const QStringList fields{field::Name, field::Price, field::Ean13, field::Weight, field::Active};
    const bool write = parser.isSet(QStringLiteral("write"));
    const QString createSku = parser.value(QStringLiteral("create-sku")).isEmpty() ? QStringLiteral("SYNCSMART-CHECK-1")
                                                                                 : parser.value(QStringLiteral("create-sku"));

    if (parser.isSet(QStringLiteral("prestashop"))) {
        PrestaShopSettings settings;
        settings.endpoint.peerName = QStringLiteral("PrestaShop");
        settings.endpoint.baseUrl = QUrl(parser.value(QStringLiteral("prestashop")));
        settings.apiKey = parser.value(QStringLiteral("key"));
        if (parser.isSet(QStringLiteral("shop-timezone")))
            settings.shopTimeZone = QTimeZone(parser.value(QStringLiteral("shop-timezone")).toUtf8());
        PrestaShopConnector shop(settings, redactor, clock);
        std::printf("PrestaShop %s\n", qPrintable(settings.endpoint.baseUrl.toString()));
        readChecks(shop, skus, fields);
        if (write) {
            const auto found = awaitResult<QVector<ProductData>>([&](auto done) { shop.productsBySku(skus.mid(0, 1), {field::Price}, done); });
            if (check("read before write", found) && !found->isEmpty()) {
                const ProductData p = found->first();
                const double price = p.fields.value(field::Price).toDouble();
                check("PATCH price +0.01", awaitResult<void>([&](auto done) { shop.updateProduct(p.peerId, p.sku, {{field::Price, price + 0.01}}, done); }));
                const auto after = awaitResult<QVector<ProductData>>([&](auto done) { shop.productsBySku({p.sku}, {field::Price, field::Name}, done); });
                check("read back", after, after && !after->isEmpty() ? describe(after->first()) : QString());
                check("PATCH price back", awaitResult<void>([&](auto done) { shop.updateProduct(p.peerId, p.sku, {{field::Price, price}}, done); }));
                ProductData draft;
                draft.sku = createSku;
                draft.fields = {{field::Name, QStringLiteral("SyncSmart check product")}, {field::Price, 1.5}}; // a plain text, as from an ERP
                const auto created = awaitResult<CreateOutcome>([&](auto done) { shop.createProduct(draft, done); });
                check("create (idempotent)", created, created ? QStringLiteral("id %1 created=%2").arg(created->peerId).arg(created->created) : QString());
                const auto again = awaitResult<CreateOutcome>([&](auto done) { shop.createProduct(draft, done); });
                check("create again", again, again ? QStringLiteral("id %1 created=%2").arg(again->peerId).arg(again->created) : QString());
            }
        }
    }
    if (parser.isSet(QStringLiteral("odoo"))) {
        OdooSettings settings;
        settings.endpoint.peerName = QStringLiteral("Odoo");
        settings.endpoint.baseUrl = QUrl(parser.value(QStringLiteral("odoo")));
        settings.database = parser.value(QStringLiteral("db"));
        settings.login = parser.value(QStringLiteral("login"));
        settings.apiKey = parser.value(QStringLiteral("key"));
        if (parser.isSet(QStringLiteral("stock-field")))
            settings.stockField = parser.value(QStringLiteral("stock-field"));
        OdooConnector erp(settings, redactor, clock);
        std::printf("Odoo %s\n", qPrintable(settings.endpoint.baseUrl.toString()));
        readChecks(erp, skus, fields);
        const auto stock = awaitResult<QVector<StockLevel>>([&](auto done) { erp.stockBySku(skus, done); });
        check("stock by SKU", stock, stock ? QStringLiteral("%1 lines").arg(stock->size()) : QString());
        if (write && stock && !stock->isEmpty()) {
            const StockLevel line = stock->first();
            check("set stock +3", awaitResult<void>([&](auto done) { erp.setStock(line, line.quantity + 3, done); }));
            const auto after = awaitResult<QVector<StockLevel>>([&](auto done) { erp.stockBySku({line.sku}, done); });
            check("stock read back", after, after && !after->isEmpty() ? QStringLiteral("%1 -> %2").arg(line.quantity).arg(after->first().quantity) : QString());
            check("set stock back", awaitResult<void>([&](auto done) { erp.setStock(line, line.quantity, done); }));
            ProductData draft;
            draft.sku = createSku;
            draft.fields = {{field::Name, QStringLiteral("SyncSmart check product")}, {field::Price, 1.5}};
            const auto created = awaitResult<QVector<CreateOutcome>>([&](auto done) { erp.createProducts({draft}, done); });
            check("create batch (idempotent)", created, created && !created->isEmpty() ? QStringLiteral("id %1 created=%2").arg(created->first().peerId).arg(created->first().created) : QString());
            const auto again = awaitResult<QVector<CreateOutcome>>([&](auto done) { erp.createProducts({draft}, done); });
            check("create again", again, again && !again->isEmpty() ? QStringLiteral("id %1 created=%2").arg(again->first().peerId).arg(again->first().created) : QString());
            if (parser.isSet(QStringLiteral("order-ref"))) {
                ShopOrder order;
                order.id = QStringLiteral("9001");
                order.reference = parser.value(QStringLiteral("order-ref"));
                order.customer = {QStringLiteral("77"), QStringLiteral("check.buyer@example.com"), QStringLiteral("Check"), QStringLiteral("Buyer"), {}};
                order.lines = {OrderLine{line.sku, {}, {}, QStringLiteral("line"), 2, 9.5}};
                const auto pushed = awaitResult<ErpOrderRef>([&](auto done) { erp.pushOrder(order, done); });
                check("push order", pushed, pushed ? QStringLiteral("%1 %2 created=%3 partnerCreated=%4").arg(pushed->erpId, pushed->erpName).arg(pushed->created).arg(pushed->partnerCreated) : QString());
                const auto replay = awaitResult<ErpOrderRef>([&](auto done) { erp.pushOrder(order, done); });
                check("push order again", replay, replay ? QStringLiteral("%1 created=%2").arg(replay->erpId).arg(replay->created) : QString());
                const auto statuses = awaitResult<QVector<ErpOrderStatus>>([&](auto done) { erp.orderStatuses({order.reference}, done); });
                check("order status", statuses, statuses && !statuses->isEmpty() ? QStringLiteral("%1 state %2 invoice %3").arg(statuses->first().erpId, statuses->first().state, statuses->first().invoiceStatus) : QString());
            }
        }
    }
    std::printf("%d failure(s)\n", g_failures);
    return g_failures == 0 ? 0 : 1;
}
