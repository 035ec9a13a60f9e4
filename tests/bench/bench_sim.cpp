// Benchmark of syncsmart-sim as the engine's benchmarks use it: a child process on loopback.
// Prints seeding time and memory for a large catalog and listing throughput in pages of 1,000,
// so the simulator is known never to be the bottleneck. Figures only: nothing here asserts time.
//
//   bench_sim [--seed-products 1000000] [--list-products 100000]
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QEventLoop>

#include <cstdio>

namespace {

struct Sim
{
    std::unique_ptr<QProcess> process;
    QJsonObject ready;
    qint64 startMs = 0;
};

Sim start(qint64 products, const QStringList &extra = {})
{
    Sim sim;
    sim.process = std::make_unique<QProcess>();
    sim.process->setProcessChannelMode(QProcess::ForwardedErrorChannel);
    QElapsedTimer timer;
    timer.start();
    sim.process->start(QStringLiteral(SYNCSMART_SIM_BINARY),
                       QStringList{QStringLiteral("--products"), QString::number(products), QStringLiteral("--quiet"),
                                   QStringLiteral("--die-with-parent")}
                           + extra);
    QByteArray buffer;
    while (sim.process->waitForReadyRead(600000)) {
        buffer += sim.process->readAllStandardOutput();
        const qsizetype at = buffer.indexOf("SYNCSMART_SIM_READY ");
        if (at >= 0 && buffer.indexOf('\n', at) > at) {
            sim.ready = QJsonDocument::fromJson(buffer.mid(at + 20, buffer.indexOf('\n', at) - at - 20)).object();
            break;
        }
    }
    sim.startMs = timer.elapsed();
    return sim;
}

qint64 statusKiB(qint64 pid, const char *field)
{
    QFile status(QStringLiteral("/proc/%1/status").arg(pid));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith(field))
            return line.mid(qsizetype(qstrlen(field))).trimmed().split(' ').value(0).toLongLong();
    }
    return -1;
}

QByteArray fetch(QNetworkAccessManager &network, QNetworkRequest request, const QByteArray &body = {})
{
    QNetworkReply *reply = body.isEmpty() ? network.get(request) : network.post(request, body);
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    const QByteArray out = reply->readAll();
    if (reply->error() != QNetworkReply::NoError)
        std::fprintf(stderr, "request failed: %s\n", qPrintable(reply->errorString()));
    reply->deleteLater();
    return out;
}

double listPrestaShop(const Sim &sim, qint64 products, bool json, qint64 *records)
{
    const QJsonObject shop = sim.ready.value(QStringLiteral("prestashop")).toObject();
    const QByteArray auth = "Basic " + (shop.value(QStringLiteral("key")).toString().toLatin1() + ':').toBase64();
    QNetworkAccessManager network;
    QElapsedTimer timer;
    timer.start();
    *records = 0;
    for (qint64 offset = 0; offset < products; offset += 1000) {
        QNetworkRequest request(QUrl(shop.value(QStringLiteral("url")).toString()
                                     + QStringLiteral("products?display=[id,reference,price,date_upd]&sort=[id_ASC]&limit=%1,1000%2")
                                           .arg(offset)
                                           .arg(json ? QStringLiteral("&output_format=JSON") : QString())));
        request.setRawHeader("Authorization", auth);
        const QByteArray body = fetch(network, request);
        *records += json ? QJsonDocument::fromJson(body).object().value(QStringLiteral("products")).toArray().size()
                         : body.count("<product>");
    }
    return double(timer.nsecsElapsed()) / 1e9;
}

double listOdoo(const Sim &sim, qint64 products, qint64 *records)
{
    const QJsonObject erp = sim.ready.value(QStringLiteral("odoo")).toObject();
    QNetworkAccessManager network;
    QElapsedTimer timer;
    timer.start();
    *records = 0;
    for (qint64 offset = 0; offset < products; offset += 1000) {
        const QJsonObject call{
            {QStringLiteral("jsonrpc"), QStringLiteral("2.0")}, {QStringLiteral("method"), QStringLiteral("call")},
            {QStringLiteral("id"), offset},
            {QStringLiteral("params"),
             QJsonObject{{QStringLiteral("service"), QStringLiteral("object")}, {QStringLiteral("method"), QStringLiteral("execute_kw")},
                         {QStringLiteral("args"),
                          QJsonArray{erp.value(QStringLiteral("database")), 2, erp.value(QStringLiteral("apiKey")),
                                     QStringLiteral("product.product"), QStringLiteral("search_read"), QJsonArray{QJsonArray{}},
                                     QJsonObject{{QStringLiteral("fields"), QJsonArray{QStringLiteral("default_code"), QStringLiteral("list_price"), QStringLiteral("write_date")}},
                                                 {QStringLiteral("order"), QStringLiteral("id asc")},
                                                 {QStringLiteral("offset"), offset},
                                                 {QStringLiteral("limit"), 1000},
                                                 // archived products too, as a full-catalog read must
                                                 {QStringLiteral("context"), QJsonObject{{QStringLiteral("active_test"), false}}}}}}}}};
        QNetworkRequest request(QUrl(erp.value(QStringLiteral("url")).toString()));
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        const QByteArray body = fetch(network, request, QJsonDocument(call).toJson(QJsonDocument::Compact));
        *records += QJsonDocument::fromJson(body).object().value(QStringLiteral("result")).toArray().size();
    }
    return double(timer.nsecsElapsed()) / 1e9;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    qint64 seedProducts = 1'000'000, listProducts = 100'000;
    const QStringList args = app.arguments();
    for (qsizetype i = 1; i + 1 < args.size(); i += 2) {
        if (args[i] == QLatin1String("--seed-products"))
            seedProducts = args[i + 1].toLongLong();
        else if (args[i] == QLatin1String("--list-products"))
            listProducts = args[i + 1].toLongLong();
    }

    std::printf("syncsmart-sim benchmark (loopback, child process)\n\n");
    {
        Sim sim = start(seedProducts);
        if (sim.ready.isEmpty()) {
            std::fprintf(stderr, "the simulator did not start\n");
            return 1;
        }
        const qint64 pid = sim.ready.value(QStringLiteral("pid")).toInteger();
        const double rssMiB = double(statusKiB(pid, "VmRSS:")) / 1024.0;
        const double peakMiB = double(statusKiB(pid, "VmHWM:")) / 1024.0;
        std::printf("seeding %lld SKUs on both peers: ready after %.1f s (aim < 30 s: %.2fx of the budget)\n",
                    seedProducts, double(sim.startMs) / 1000.0, double(sim.startMs) / 30000.0);
        std::printf("  memory of the simulator process: %.0f MiB resident, %.0f MiB peak (aim < 2048 MiB: %.2fx)\n",
                    rssMiB, peakMiB, peakMiB / 2048.0);
        std::printf("  shop products %lld, ERP products %lld\n",
                    sim.ready.value(QStringLiteral("prestashop")).toObject().value(QStringLiteral("products")).toInteger(),
                    sim.ready.value(QStringLiteral("odoo")).toObject().value(QStringLiteral("products")).toInteger());
        sim.process->kill();
        sim.process->waitForFinished();
    }
    {
        Sim sim = start(listProducts);
        qint64 records = 0;
        double seconds = listPrestaShop(sim, listProducts, true, &records);
        std::printf("\nPrestaShop list %lld products, pages of 1000, display=[id,reference,price,date_upd], JSON: "
                    "%lld records in %.2f s = %.0f records/s (aim >= 20000: %.1fx)\n",
                    listProducts, records, seconds, double(records) / seconds, double(records) / seconds / 20000.0);
        seconds = listPrestaShop(sim, listProducts, false, &records);
        std::printf("PrestaShop same in XML: %lld records in %.2f s = %.0f records/s (%.1fx)\n", records, seconds,
                    double(records) / seconds, double(records) / seconds / 20000.0);
        seconds = listOdoo(sim, listProducts, &records);
        std::printf("Odoo search_read %lld products, pages of 1000, 3 fields: %lld records in %.2f s = %.0f records/s (%.1fx)\n",
                    listProducts, records, seconds, double(records) / seconds, double(records) / seconds / 20000.0);
        std::printf("  (real peers on this machine class: PrestaShop ~1,400 records/s, Odoo ~7,000 records/s; TIMINGS.md)\n");
        sim.process->kill();
        sim.process->waitForFinished();
    }
    {
        // The "real" cost preset against the medians measured on the real servers (TIMINGS.md).
        Sim sim = start(5000, {QStringLiteral("--cost"), QStringLiteral("real")});
        const QJsonObject shop = sim.ready.value(QStringLiteral("prestashop")).toObject();
        const QByteArray auth = "Basic " + (shop.value(QStringLiteral("key")).toString().toLatin1() + ':').toBase64();
        QNetworkAccessManager network;
        auto timed = [&](const QString &path, const QByteArray &method, const QByteArray &body) {
            QNetworkRequest request(QUrl(shop.value(QStringLiteral("url")).toString() + path));
            request.setRawHeader("Authorization", auth);
            QElapsedTimer timer;
            timer.start();
            QNetworkReply *reply = network.sendCustomRequest(request, method, body);
            QEventLoop loop;
            QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
            loop.exec();
            reply->deleteLater();
            return double(timer.elapsed());
        };
        timed(QStringLiteral("products/1"), "GET", {}); // warm-up
        const double page = timed(QStringLiteral("products?display=[id,reference,price,date_upd]&limit=0,1000&output_format=JSON"), "GET", {});
        const double patch = timed(QStringLiteral("products/1"), "PATCH",
                                   "<prestashop><product><id>1</id><price>12.500000</price></product></prestashop>");
        const double stock = timed(QStringLiteral("stock_availables/1"), "PATCH",
                                   "<prestashop><stock_available><id>1</id><quantity>7</quantity></stock_available></prestashop>");
        std::printf("\n--cost real (PrestaShop, one client): list 1000 x 4 fields %.0f ms (real median 644-764 ms), "
                    "PATCH price %.0f ms (real 46-57 ms), PATCH stock %.0f ms (real 15-22 ms)\n",
                    page, patch, stock);
        sim.process->kill();
        sim.process->waitForFinished();
    }
    return 0;
}
