// syncsmart: the operations console. Parses arguments, resolves the profile database, runs the
// queue monitor on its own thread and shows the main window.

#include "mainwindow.h"
#include "messagebar.h"
#include "overviewview.h"
#include "queuemonitorthread.h"
#include "sync/demosession.h"

#include "common/clock.h"
#include "common/redactor.h"
#include "queue/job.h"
#include "queue/queuemonitor.h"
#include "storage/profilepaths.h"
#include "sync/syncprofile.h"
#include "sync/syncservice.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>

#include <cstdio>

using namespace syncsmart;

namespace {

int fail(const QString &message)
{
    std::fprintf(stderr, "syncsmart: %s\n", qUtf8Printable(message));
    return 2;
}

void applyStyleSheet(QApplication &app)
{
    QFile qss(QStringLiteral(":/style/console.qss"));
    if (qss.open(QIODevice::ReadOnly | QIODevice::Text))
        app.setStyleSheet(QString::fromUtf8(qss.readAll()));
}

} // namespace

int main(int argc, char *argv[])
{
    // Before anything can log: secrets from the environment and credential shapes never reach stderr.
    // One redactor for log lines and for what the console writes to the queue (reasons, errors).
    const std::shared_ptr<const Redactor> redactor = Redactor::withEnvironmentSecrets();
    installRedactingMessageHandler(redactor);

    QApplication::setApplicationName(QStringLiteral("syncsmart"));
    QApplication::setApplicationDisplayName(QStringLiteral("SyncSmart"));
    QApplication::setApplicationVersion(QStringLiteral(SYNCSMART_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QApplication::translate("main", "SyncSmart operations console: watch the sync between a PrestaShop "
                                        "shop and an ERP, and triage what went wrong."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption profileOption(
        {QStringLiteral("p"), QStringLiteral("profile")},
        QApplication::translate("main", "Open the profile NAME (default: \"default\")."),
        QStringLiteral("NAME"), QStringLiteral("default"));
    const QCommandLineOption dbOption(
        QStringLiteral("db"),
        QApplication::translate("main", "Open the database file PATH instead of a profile's."),
        QStringLiteral("PATH"));
    const QCommandLineOption demoOption(
        QStringLiteral("demo"),
        QApplication::translate("main", "Demo mode: a simulated shop and ERP (syncsmart-sim) with a living catalog, "
                                        "synced by a demo profile in a temporary database. Closing the console "
                                        "stops the simulator."));
    parser.addOption(profileOption);
    parser.addOption(dbOption);
    parser.addOption(demoOption);

    // --help and --version answer without a window system, so they work over ssh and in scripts.
    for (int i = 1; i < argc; ++i) {
        const QByteArray arg(argv[i]);
        if (arg == "-h" || arg == "--help" || arg == "-?" || arg == "--help-all" || arg == "-v" ||
            arg == "--version") {
            QCoreApplication info(argc, argv);
            parser.process(info); // prints and exits
        }
    }
    QApplication app(argc, argv); // takes its own options (-platform, -style, ...) off the list
    parser.process(app);
    if (!parser.positionalArguments().isEmpty())
        return fail(QApplication::translate("main", "unexpected argument \"%1\"; see --help.")
                        .arg(parser.positionalArguments().constFirst()));
    if (parser.isSet(profileOption) && parser.isSet(dbOption))
        return fail(QApplication::translate("main", "give either --profile or --db, not both."));
    const bool demo = parser.isSet(demoOption);
    if (demo && (parser.isSet(profileOption) || parser.isSet(dbOption)))
        return fail(QApplication::translate("main", "--demo uses its own profile: leave out --profile and --db."));

    ConsoleProfile profile;
    QTemporaryDir demoFolder(QDir::temp().filePath(QStringLiteral("syncsmart-demo-XXXXXX")));
    if (demo) {
        if (!demoFolder.isValid())
            return fail(QApplication::translate("main", "cannot create a temporary folder for the demo: %1")
                            .arg(demoFolder.errorString()));
        profile.name = QStringLiteral("demo");
        profile.databasePath = demoFolder.filePath(QStringLiteral("syncsmart.db"));
        profile.dataFolder = demoFolder.path();
    } else if (parser.isSet(dbOption)) {
        const QFileInfo file(parser.value(dbOption));
        profile.databasePath = file.absoluteFilePath();
        profile.dataFolder = file.absolutePath();
    } else {
        const auto paths = ProfilePaths::forProfile(parser.value(profileOption));
        if (!paths)
            return fail(paths.error().message);
        profile.name = paths->name;
        profile.databasePath = paths->databasePath;
        profile.dataFolder = paths->directory;
    }

    registerQueueMetaTypes();
    registerSyncMetaTypes();
    applyStyleSheet(app);

    DatabaseOptions options;
    options.path = profile.databasePath;
    const QString actor =
        QStringLiteral("console:%1").arg(qEnvironmentVariable("USER", QStringLiteral("operator")));
    // Declared before the window so it outlives it: the window is gone before the thread stops.
    QueueMonitorThread monitorThread(options, std::make_shared<SystemClock>(), actor, 500, redactor);
    // The simulator and the sync service outlive the window (declared before it): the window's
    // views only hold guarded pointers to the service.
    std::unique_ptr<DemoSession> demoSession;
    std::unique_ptr<SyncService> service;
    MainWindow window(profile, monitorThread.monitor());
    monitorThread.start(); // after the window connected to the monitor's signals
    if (demo) {
        demoSession = std::make_unique<DemoSession>(DemoSession::findSimulator());
        window.setSyncService(nullptr, actor,
                              QApplication::translate("main", "Starting the demo shop and ERP (syncsmart-sim)…"));
        QObject::connect(demoSession.get(), &DemoSession::ready, &window, [&](const SyncProfile &demoProfile) {
            service = std::make_unique<SyncService>(demoProfile, profile.databasePath, std::make_shared<SystemClock>());
            window.setSyncService(service.get(), actor);
            service->start();
        });
        QObject::connect(demoSession.get(), &DemoSession::failed, &window, [&](const QString &message) {
            window.setSyncService(service.get(), actor, message);
            window.overviewView()->messageBar()->showError(message);
        });
        demoSession->start();
    } else if (!profile.name.isEmpty()) {
        // A profile with a profile.ini can sync from here; without one the panel says how to write it.
        const QString ini = SyncProfile::defaultPath(profile.dataFolder);
        if (!QFileInfo::exists(ini)) {
            window.setSyncService(nullptr, actor, QApplication::translate("main", "No sync profile: write %1 (syncsmart-cli "
                                                                      "profile-template > %1, then fill it in) and "
                                                                      "reopen the console, or try the demo: "
                                                                      "syncsmart --demo.")
                                           .arg(QDir::toNativeSeparators(ini)));
        } else if (auto loaded = SyncProfile::load(ini, profile.name); !loaded) {
            window.setSyncService(nullptr, actor, QApplication::translate("main", "The profile %1 is not valid, so the sync "
                                                                      "cannot run:\n%2")
                                           .arg(QDir::toNativeSeparators(ini), loaded.error().message));
        } else {
            service = std::make_unique<SyncService>(*loaded, profile.databasePath, std::make_shared<SystemClock>());
            window.setSyncService(service.get(), actor);
        }
    }
    window.show();
    const int status = app.exec();
    service.reset(); // the sync thread ends before the simulator it talks to
    return status;
}
