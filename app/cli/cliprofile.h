#pragma once

#include "clicommand.h"

#include "common/redactor.h"
#include "sync/syncprofile.h"

#include <QCommandLineOption>

#include <memory>

namespace syncsmart {

// What the commands that talk to the peers (sync-once, reconcile) share: the profile INI
// (--profile NAME's folder, or --profile-file PATH), loaded and validated, and a redactor that knows
// every secret it names before anything is printed.
struct CliSyncProfile
{
    SyncProfile profile;
    std::shared_ptr<Redactor> redactor;
};

QCommandLineOption profileFileOption();
// nothingDone completes "the profile … is not valid; nothing was …" ("synced", "compared").
Result<CliSyncProfile> loadCliSyncProfile(const CliContext &ctx, const QString &nothingDone);
// A peer error with what to do next, for a command named command ("sync-once", "reconcile");
// reassurance says what became of the work ("Nothing is lost: …").
Error peerErrorWithHint(Error error, const QString &prefix, const QString &command, const QString &reassurance);

} // namespace syncsmart
