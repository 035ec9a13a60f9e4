#include "profilepaths.h"

#include <QDir>
#include <QRegularExpression>
#include <QStandardPaths>

namespace syncsmart {

QString ProfilePaths::dataRoot()
{
    const QString overridden = qEnvironmentVariable("SYNCSMART_DATA_DIR");
    if (!overridden.isEmpty())
        return QDir::cleanPath(overridden);
    return QDir::cleanPath(QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) +
                           QStringLiteral("/syncsmart"));
}

bool ProfilePaths::isValidName(const QString &name)
{
    static const QRegularExpression valid(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$"));
    return valid.match(name).hasMatch() && !name.contains(QLatin1String(".."));
}

Result<ProfilePaths> ProfilePaths::forProfile(const QString &name)
{
    if (!isValidName(name))
        return Error::config(QStringLiteral("profile.bad_name"),
                             QStringLiteral("\"%1\" is not a valid profile name: use 1 to 64 letters, digits, "
                                            "'.', '_' or '-', starting with a letter or digit.")
                                 .arg(name));
    ProfilePaths p;
    p.name = name;
    p.directory = dataRoot() + QStringLiteral("/profiles/") + name;
    p.databasePath = p.directory + QStringLiteral("/syncsmart.db");
    return p;
}

} // namespace syncsmart
