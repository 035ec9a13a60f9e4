#pragma once

#include "common/result.h"
#include "queue/job.h"

#include <QString>

namespace syncsmart {

// Texts an operator reads: times in local time (UTC goes in the tooltip), states and error
// categories by their translated names.
QString localTimeText(qint64 utcMs);  // "2026-01-05 14:03:12", or "—" for 0
QString utcTimeTooltip(qint64 utcMs); // "2026-01-05T13:03:12.000Z UTC", or empty for 0
// For narrow table columns, relative to nowMs: "14:03:12" today, "05 Jan 14:03" this year,
// "2025-01-05" before; "—" for 0. The full time belongs in the tooltip.
QString shortTimeText(qint64 utcMs, qint64 nowMs);
QString stateName(JobState state);
QString categoryName(ErrorCategory category);
QString countText(qint64 n); // with the locale's group separators

// For a detail pane (rich text): a field's value in full, kept as typed (line breaks, spaces), or
// "(empty)"; and the shop's and the ERP's cells side by side under their headings.
QString valueHtml(const QString &text);
QString sideBySideHtml(const QString &shopHeading, const QString &erpHeading, const QString &shopCell,
                       const QString &erpCell);

} // namespace syncsmart
