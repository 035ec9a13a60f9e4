#include "cliprofile.h"

#include "storage/profilepaths.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>

namespace syncsmart {

namespace {

const QString kProfileFile = QStringLiteral("profile-file");

// Every secret the profile names (keys ending in _env name an environment variable), so that no
// message printed here can show one, even when the profile failed to load.
void learnProfileSecrets(Redactor &redactor, const QString &iniPath)
{
    QFile file(iniPath);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
        return;
    static const QRegularExpression envKey(QStringLiteral("^\\s*[A-Za-z0-9_.]*_env\\s*=\\s*([^\\s;#]+)"),
                                           QRegularExpression::MultilineOption);
    const QString text = QString::fromUtf8(file.readAll());
    for (auto it = envKey.globalMatch(text); it.hasNext();) {
        const QString value = qEnvironmentVariable(it.next().captured(1).toLocal8Bit().constData());
        if (!value.isEmpty())
            redactor.addSecret(value);
    }
}

Result<QString> profileFile(const CliContext &ctx)
{
    QString path;
    if (ctx.parser().isSet(kProfileFile)) {
        path = ctx.parser().value(kProfileFile).trimmed();
        if (path.isEmpty())
            return usageError(QStringLiteral("--profile-file needs the path of a profile INI file."));
    } else if (ctx.profile().isEmpty()) {
        return usageError(
            QStringLiteral("with --db, name the profile file too: --profile-file PATH (or use --profile NAME)."));
    } else {
        auto paths = ProfilePaths::forProfile(ctx.profile());
        if (!paths)
            return usageError(paths.error().message);
        path = QDir(paths->directory).filePath(QStringLiteral("profile.ini"));
    }
    path = QFileInfo(path).absoluteFilePath();
    if (!QFileInfo(path).isFile())
        return Error::config(QStringLiteral("cli.no_profile"),
                             QStringLiteral("no profile file at %1. Write one from the template: syncsmart-cli "
                                            "profile-template > %1 (then fill in the shop and the ERP), or give "
                                            "another file with --profile-file.")
                                 .arg(QDir::toNativeSeparators(path)));
    return path;
}

} // namespace

QCommandLineOption profileFileOption()
{
    return {kProfileFile, QStringLiteral("Read the profile from this INI file instead of the profile's folder."),
            QStringLiteral("path")};
}

Result<CliSyncProfile> loadCliSyncProfile(const CliContext &ctx, const QString &nothingDone)
{
    auto iniPath = profileFile(ctx);
    if (!iniPath)
        return iniPath.error();
    CliSyncProfile loaded;
    loaded.redactor = Redactor::withEnvironmentSecrets();
    learnProfileSecrets(*loaded.redactor, *iniPath);
    const QString profileName = ctx.profile().isEmpty() ? QFileInfo(*iniPath).completeBaseName() : ctx.profile();
    auto profile = SyncProfile::load(*iniPath, profileName);
    if (!profile) {
        Error e = profile.error();
        e.message = loaded.redactor->redact(ctx.clean(QStringLiteral("the profile %1 is not valid; nothing was %2.\n%3")
                                                          .arg(QDir::toNativeSeparators(*iniPath), nothingDone,
                                                               e.message)));
        return e;
    }
    loaded.redactor->addSecret(profile->shop.apiKey);
    loaded.redactor->addSecret(profile->erp.apiKey);
    loaded.profile = std::move(*profile);
    return loaded;
}

Error peerErrorWithHint(Error e, const QString &prefix, const QString &command, const QString &reassurance)
{
    QString hint;
    switch (e.category) {
    case ErrorCategory::Transient:
        hint = QStringLiteral("Check that the peer named above is reachable at the URL in the profile, then run %1 "
                              "again. %2")
                   .arg(command, reassurance);
        break;
    case ErrorCategory::Auth:
        hint = QStringLiteral("Check the API key in the environment variable the profile names for that peer (and "
                              "its permissions there), then run %1 again.")
                   .arg(command);
        break;
    case ErrorCategory::Config:
        hint = QStringLiteral("Fix the profile, then run %1 again.").arg(command);
        break;
    case ErrorCategory::Permanent:
        break;
    }
    e.message = QStringLiteral("%1: %2%3").arg(prefix, e.message, hint.isEmpty() ? QString() : QStringLiteral("\n") + hint);
    return e;
}

} // namespace syncsmart
