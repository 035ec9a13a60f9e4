#pragma once

#include "common/result.h"
#include "reconcile/reconcilestore.h"

#include <functional>

namespace syncsmart {

// A run's differences as CSV (RFC 4180, UTF-8 with a byte-order mark so spreadsheets read accents
// right; a cell a spreadsheet would run as a formula starts with a quote). Written all or nothing.
// clean masks what must not leave the program (secrets) in the values; identity when null.
Status exportCsv(const QString &path, const QVector<StoredDiff> &diffs,
                 const std::function<QString(const QString &)> &clean = nullptr);
QString csvCell(const QString &value);

} // namespace syncsmart
