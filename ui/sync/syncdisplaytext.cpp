#include "syncdisplaytext.h"

#include <QCoreApplication>

namespace syncsmart {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("syncsmart::SyncDisplayText", text);
}
} // namespace

QString outcomeName(DeltaOutcome outcome)
{
    switch (outcome) {
    case DeltaOutcome::Queued:
        return tr("Queued");
    case DeltaOutcome::Applied:
        return tr("Applied");
    case DeltaOutcome::EchoSuppressed:
        return tr("Echo suppressed");
    case DeltaOutcome::Converged:
        return tr("Already equal");
    case DeltaOutcome::Conflict:
        return tr("Conflict");
    case DeltaOutcome::Ignored:
        return tr("Not synced");
    case DeltaOutcome::Failed:
        return tr("Failed");
    case DeltaOutcome::Superseded:
        return tr("Superseded");
    }
    return {};
}

QString sideName(Side side)
{
    return side == Side::Shop ? tr("Shop") : tr("ERP");
}

QString ruleName(FieldRule rule)
{
    switch (rule) {
    case FieldRule::Erp:
        return tr("ERP owns it");
    case FieldRule::Shop:
        return tr("Shop owns it");
    case FieldRule::Newest:
        return tr("Newest wins");
    case FieldRule::Manual:
        return tr("Manual");
    }
    return {};
}

QString resolutionName(ConflictResolution r)
{
    switch (r) {
    case ConflictResolution::Ownership:
        return tr("Ownership");
    case ConflictResolution::Newest:
        return tr("Newest");
    case ConflictResolution::Open:
        return tr("Waiting for you");
    case ConflictResolution::Operator:
        return tr("Operator");
    }
    return {};
}

QString originName(const QString &origin)
{
    if (origin == QLatin1String("syncsmart"))
        return tr("Our echo");
    if (origin == QLatin1String("peer"))
        return tr("Edited there");
    return origin;
}

QString cellValue(const QString &text, int maxChars)
{
    if (text.isEmpty())
        return tr("(empty)");
    QString line = text.simplified();
    if (line.size() > maxChars)
        line = line.left(maxChars - 1) + QStringLiteral("…");
    return line;
}

QString cellValue(const QVariant &value, int maxChars)
{
    if (!value.isValid() || value.isNull())
        return tr("(empty)");
    return cellValue(value.toString(), maxChars);
}

QColor outcomeColor(DeltaOutcome outcome)
{
    switch (outcome) {
    case DeltaOutcome::Failed:
        return QColor(0xb3, 0x26, 0x1e);
    case DeltaOutcome::Conflict:
        return QColor(0xa3, 0x5c, 0x00);
    case DeltaOutcome::EchoSuppressed:
    case DeltaOutcome::Converged:
    case DeltaOutcome::Superseded:
    case DeltaOutcome::Ignored:
        return QColor(0x6b, 0x6b, 0x6b);
    case DeltaOutcome::Applied:
        return QColor(0x1e, 0x6b, 0x34);
    case DeltaOutcome::Queued:
        return {};
    }
    return {};
}

} // namespace syncsmart
