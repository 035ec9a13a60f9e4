#pragma once

#include "common/result.h"

#include <QString>

namespace syncsmart {

// Where a profile keeps its files. The data root is $SYNCSMART_DATA_DIR when set, else
// $XDG_DATA_HOME/syncsmart (~/.local/share/syncsmart). A profile's database is
// <root>/profiles/<name>/syncsmart.db.
struct ProfilePaths
{
    QString name;
    QString directory;
    QString databasePath;

    static Result<ProfilePaths> forProfile(const QString &name);
    static QString dataRoot();
    static bool isValidName(const QString &name);
};

} // namespace syncsmart
