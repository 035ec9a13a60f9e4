#pragma once

#include <QVector>

#include <utility>

class QAbstractItemModel;
class QTableView;

namespace syncsmart {

// The console's record tables look and behave alike: whole rows selected (several at once when
// extended), alternating rows, one line per record, no row numbers; each column starts at its width
// and stretchColumn (-1: the last) takes the room left.
void setUpRecordTable(QTableView *table, QAbstractItemModel *model, const QVector<std::pair<int, int>> &widths,
                      int stretchColumn, bool extendedSelection);

} // namespace syncsmart
