#pragma once

#include "sync/syncevents.h"

#include <QColor>
#include <QString>
#include <QVariant>

namespace syncsmart {

// Texts an operator reads for the sync's records: outcomes, sides, rules and values by their
// translated names (the stored words are English identifiers).
QString outcomeName(DeltaOutcome outcome);
QString sideName(Side side);                  // "Shop" / "ERP"
QString ruleName(FieldRule rule);             // "ERP owns it", "newest wins", ...
QString resolutionName(ConflictResolution r); // "ownership", "newest", "waiting for you", "operator"
QString originName(const QString &origin);    // "peer" → "someone there", "syncsmart" → "our echo"
// A value as one line of a table cell: empty shows as "(empty)", long text is cut with "…".
QString cellValue(const QString &text, int maxChars = 80);
QString cellValue(const QVariant &value, int maxChars = 80);
// The text colour that marks an outcome in a table (failed red, conflict amber); invalid: default.
QColor outcomeColor(DeltaOutcome outcome);

} // namespace syncsmart
