// syncsmart: the operations console. Parses arguments, resolves the profile database, runs the
// queue monitor on its own thread and shows the main window.

#include "mainwindow.h"
#include "queuemonitorthread.h"

#include "common/clock.h"
#include "common/redactor.h"
#include "queue/job.h"
#include "queue/queuemonitor.h"
#include "storage/profilepaths.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QFile>
#include <QFileInfo>

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
    parser.addOption(profileOption);
    parser.addOption(dbOption);

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

    ConsoleProfile profile;
    if (parser.isSet(dbOption)) {
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
    applyStyleSheet(app);

    DatabaseOptions options;
    options.path = profile.databasePath;
    const QString actor =
        QStringLiteral("console:%1").arg(qEnvironmentVariable("USER", QStringLiteral("operator")));
    // Declared before the window so it outlives it: the window is gone before the thread stops.
    QueueMonitorThread monitorThread(options, std::make_shared<SystemClock>(), actor, 500, redactor);
    MainWindow window(profile, monitorThread.monitor());
    monitorThread.start(); // after the window connected to the monitor's signals
    window.show();
    return app.exec();
}
