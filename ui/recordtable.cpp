#include "recordtable.h"

#include <QHeaderView>
#include <QTableView>

namespace syncsmart {

void setUpRecordTable(QTableView *table, QAbstractItemModel *model, const QVector<std::pair<int, int>> &widths,
                      int stretchColumn, bool extendedSelection)
{
    table->setModel(model);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->setSelectionMode(extendedSelection ? QAbstractItemView::ExtendedSelection
                                              : QAbstractItemView::SingleSelection);
    table->setAlternatingRowColors(true);
    table->setWordWrap(false);
    table->verticalHeader()->hide();
    table->verticalHeader()->setDefaultSectionSize(24);
    table->horizontalHeader()->setHighlightSections(false);
    table->horizontalHeader()->setStretchLastSection(stretchColumn < 0);
    if (stretchColumn >= 0)
        table->horizontalHeader()->setSectionResizeMode(stretchColumn, QHeaderView::Stretch);
    for (const auto &[column, width] : widths)
        table->setColumnWidth(column, width);
}

} // namespace syncsmart
