// The console stays responsive while the engine works flat out. Figures only (never run by CTest).
//
//   bench_console [--products 100000] [--mismatch 0.2] [--in-flight 4]
//
// A first sync of --products SKUs (with --mismatch of them differing in one field, so the sync
// both streams deltas and writes) against syncsmart-sim on loopback, run twice on fresh simulators:
//   1. with the console's main window open on Live deltas (every view connected to the service, the
//      queue monitor polling, the charts sampling), and
//   2. with no window (the same service and event traffic, nothing drawn),
// while a StallProbe on the GUI thread measures how late the event loop runs. Printed: the worst
// stall and the 99th / 99.9th percentiles of each run, the deltas and events the GUI received, the
// sync's duration, and the worst stall with the window over the worst without it. Aim: a worst
// stall under 50 ms with the window open. Uses the offscreen platform unless QT_QPA_PLATFORM is set
// (xcb under Xvfb measures real drawing too).
#include "mainwindow.h"
#include "queuemonitorthread.h"
#include "stallprobe.h"
#include "sync/deltamodel.h"
#include "sync/livedeltasview.h"
#include "tst_syncsupport.h"

#include "queue/job.h"
#include "queue/queuemonitor.h"
#include "sync/syncservice.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QLoggingCategory>
#include <QSignalSpy>
#include <QTest>

#include <cstdio>

using namespace syncsmart;
using namespace syncsmart::testing;

namespace {

struct RunFigures
{
    double seconds = 0;
    double worstMs = 0;
    int p99 = 0;
    int p999 = 0;
    int over50 = 0;
    qint64 samples = 0;
    qint64 events = 0;
    qint64 deltaEvents = 0;
    qint64 rowsShown = 0;
    qint64 writesApplied = 0;
    QString problem;
};

RunFigures run(int products, double mismatch, int inFlight, bool withWindow)
{
    RunFigures f;
    SimProcess sim;
    f.problem = sim.start(products, {QStringLiteral("--field-mismatch"), QString::number(mismatch)});
    if (!f.problem.isEmpty())
        return f;
    QTemporaryDir dir;
    const QString db = dir.filePath(QStringLiteral("profile.db"));
    SyncProfile profile = makeProfile(sim, inFlight);
    SyncService service(profile, db, std::make_shared<SystemClock>());
    QObject::connect(&service, &SyncService::event, &service, [&f](const SyncEvent &e) {
        ++f.events;
        if (e.type == SyncEvent::Type::Delta)
            ++f.deltaEvents;
    });

    std::unique_ptr<QueueMonitorThread> monitor;
    std::unique_ptr<MainWindow> window;
    if (withWindow) {
        DatabaseOptions options;
        options.path = db;
        monitor = std::make_unique<QueueMonitorThread>(options, std::make_shared<SystemClock>(),
                                                       QStringLiteral("bench"), 500);
        ConsoleProfile console;
        console.name = QStringLiteral("bench");
        console.databasePath = db;
        window = std::make_unique<MainWindow>(console, monitor->monitor());
        monitor->start();
        window->setSyncService(&service, QStringLiteral("bench"));
        window->showPage(MainWindow::Page::LiveDeltas);
        window->show();
    }
    QSignalSpy finished(&service, &SyncService::passFinished);
    StallProbe probe;
    QTest::qWait(1500); // the window drawn, the history requested, the monitor's first poll
    probe.start();
    QElapsedTimer timer;
    timer.start();
    service.syncNow();
    if (!finished.wait(30 * 60'000)) {
        f.problem = QStringLiteral("the first sync did not finish in 30 minutes");
        return f;
    }
    QTest::qWait(1000); // the last coalesced flushes and counts
    f.seconds = double(timer.nsecsElapsed()) / 1e9;
    probe.stop();
    const SyncOnceReport report = finished.first().first().value<SyncOnceReport>();
    f.writesApplied = report.drain.applied;
    f.worstMs = probe.worstMs();
    f.p99 = probe.percentileMs(0.99);
    f.p999 = probe.percentileMs(0.999);
    f.over50 = probe.stallsOver(50);
    f.samples = probe.samples();
    if (window)
        f.rowsShown = window->liveDeltasView()->model()->rowCount();
    window.reset();
    service.stop();
    return f;
}

void print(const char *what, const RunFigures &f)
{
    std::printf("%-34s %7.1f s  worst stall %6.1f ms  p99 %3d ms  p99.9 %4d ms  stalls >50 ms: %d of %lld samples\n"
                "%-34s events %lld (deltas %lld), writes applied %lld, Live deltas rows %lld\n",
                what, f.seconds, f.worstMs, f.p99, f.p999, f.over50, static_cast<long long>(f.samples), "",
                static_cast<long long>(f.events), static_cast<long long>(f.deltaEvents),
                static_cast<long long>(f.writesApplied), static_cast<long long>(f.rowsShown));
}

} // namespace

int main(int argc, char *argv[])
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    registerQueueMetaTypes();
    registerSyncMetaTypes();
    QLoggingCategory::setFilterRules(QStringLiteral("core.*.info=false\ncore.*.warning=false"));
    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption productsOption(QStringLiteral("products"), QStringLiteral("SKUs"), QStringLiteral("N"),
                                            QStringLiteral("100000"));
    const QCommandLineOption mismatchOption(QStringLiteral("mismatch"), QStringLiteral("share differing"),
                                            QStringLiteral("SHARE"), QStringLiteral("0.2"));
    const QCommandLineOption inFlightOption(QStringLiteral("in-flight"), QStringLiteral("writes in flight per peer"),
                                            QStringLiteral("N"), QStringLiteral("4"));
    parser.addOptions({productsOption, mismatchOption, inFlightOption});
    parser.process(app);
    const int products = parser.value(productsOption).toInt();
    const double mismatch = parser.value(mismatchOption).toDouble();
    const int inFlight = parser.value(inFlightOption).toInt();

    std::printf("bench_console: first sync of %d products (%.0f %% differing), %d in flight per peer, platform %s\n",
                products, mismatch * 100, inFlight, qPrintable(QGuiApplication::platformName()));
    const RunFigures open = run(products, mismatch, inFlight, true);
    if (!open.problem.isEmpty()) {
        std::fprintf(stderr, "bench_console: %s\n", qPrintable(open.problem));
        return 1;
    }
    print("console open (Live deltas shown):", open);
    const RunFigures closed = run(products, mismatch, inFlight, false);
    if (!closed.problem.isEmpty()) {
        std::fprintf(stderr, "bench_console: %s\n", qPrintable(closed.problem));
        return 1;
    }
    print("no window (events only):", closed);
    std::printf("worst stall with the console open: %.1f ms (aim < 50 ms); %.2fx the run without a window\n",
                open.worstMs, closed.worstMs > 0 ? open.worstMs / closed.worstMs : 0.0);
    return 0;
}
