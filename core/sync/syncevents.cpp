#include "syncevents.h"

#include <QHash>

namespace syncsmart {

namespace {

const QHash<DeltaOutcome, QString> &outcomeNames()
{
    static const QHash<DeltaOutcome, QString> names{
        {DeltaOutcome::Queued, QStringLiteral("queued")},
        {DeltaOutcome::Applied, QStringLiteral("applied")},
        {DeltaOutcome::EchoSuppressed, QStringLiteral("echo suppressed")},
        {DeltaOutcome::Converged, QStringLiteral("converged")},
        {DeltaOutcome::Conflict, QStringLiteral("conflict")},
        {DeltaOutcome::Ignored, QStringLiteral("ignored")},
        {DeltaOutcome::Failed, QStringLiteral("failed")},
        {DeltaOutcome::Superseded, QStringLiteral("superseded")},
    };
    return names;
}

} // namespace

QString toString(DeltaOutcome outcome)
{
    return outcomeNames().value(outcome);
}

std::optional<DeltaOutcome> deltaOutcomeFromString(const QString &text)
{
    const auto &names = outcomeNames();
    for (auto it = names.begin(); it != names.end(); ++it) {
        if (it.value() == text)
            return it.key();
    }
    return std::nullopt;
}

QString toString(ConflictResolution resolution)
{
    switch (resolution) {
    case ConflictResolution::Ownership: return QStringLiteral("ownership");
    case ConflictResolution::Newest: return QStringLiteral("newest");
    case ConflictResolution::Open: return QStringLiteral("open");
    case ConflictResolution::Operator: return QStringLiteral("operator");
    }
    return {};
}

QString toString(SkuIssue::Kind kind)
{
    switch (kind) {
    case SkuIssue::Kind::ShopOnly: return QStringLiteral("shop only");
    case SkuIssue::Kind::DuplicateInShop: return QStringLiteral("duplicate in shop");
    case SkuIssue::Kind::DuplicateInErp: return QStringLiteral("duplicate in ERP");
    case SkuIssue::Kind::CreateFailed: return QStringLiteral("create failed");
    }
    return {};
}

void registerSyncMetaTypes()
{
    qRegisterMetaType<DeltaRecord>();
    qRegisterMetaType<ConflictRecord>();
    qRegisterMetaType<ConflictDecision>();
    qRegisterMetaType<PassReport>();
    qRegisterMetaType<SyncOnceReport>();
    qRegisterMetaType<SyncEvent>();
}

} // namespace syncsmart
