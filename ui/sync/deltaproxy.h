#pragma once

#include "sync/syncevents.h"

#include <QSortFilterProxyModel>

#include <optional>

namespace syncsmart {

// The Live deltas filters: entity, field, outcome (exact) and a text that must appear in the SKU,
// the field or either value. Keeps the model's order (oldest at the top, new rows at the bottom).
class DeltaProxy final : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    explicit DeltaProxy(QObject *parent = nullptr);

    void setEntity(const QString &entity); // empty: any
    void setField(const QString &field);   // empty: any
    void setOutcome(std::optional<DeltaOutcome> outcome);
    void setText(const QString &text);
    bool isFiltering() const;

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    QString m_entity;
    QString m_field;
    std::optional<DeltaOutcome> m_outcome;
    QString m_text;
};

} // namespace syncsmart
