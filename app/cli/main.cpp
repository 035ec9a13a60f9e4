#include "cli.h"

#include "common/redactor.h"

#include <QCoreApplication>
#include <QLoggingCategory>

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("syncsmart-cli"));
    QCoreApplication::setOrganizationName(QStringLiteral("SyncSmart"));
    // One redactor, holding the secrets of the environment, for the log lines and for the commands.
    const auto redactor = syncsmart::Redactor::withEnvironmentSecrets();
    syncsmart::installRedactingMessageHandler(redactor);
    // The engine's progress lines are for the console's log; the CLI prints its own results.
    // QT_LOGGING_RULES still turns them back on.
    QLoggingCategory::setFilterRules(QStringLiteral("*.info=false"));

    QTextStream out(stdout);
    QTextStream err(stderr);
    const int status = syncsmart::runCli(QCoreApplication::arguments(), out, err, redactor);
    out.flush();
    err.flush();
    return status;
}
