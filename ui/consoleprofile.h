#pragma once

#include <QString>

namespace syncsmart {

// What the console shows about the profile it was started for.
struct ConsoleProfile
{
    QString name;         // "default", or empty when started with --db
    QString databasePath; // the profile database the queue lives in
    QString dataFolder;   // the folder holding the profile's files
};

} // namespace syncsmart
