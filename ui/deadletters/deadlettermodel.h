#pragma once

#include "queue/job.h"

#include <QAbstractTableModel>
#include <QVector>

namespace syncsmart {

// One page of dead letters as loaded from the database (never the whole list: it can be huge).
// The view asks QueueMonitor for a page and hands it over with setPage(), which resets the model.
class DeadLetterModel final : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Id, Target, Kind, Key, Category, Error, Attempts, DeadSince, Created, ColumnCount };
    enum Role {
        RawValueRole = Qt::UserRole + 1, // numbers and times as numbers, for sorting
        JobIdRole,                       // the job id, in every column
    };

    explicit DeadLetterModel(QObject *parent = nullptr);

    // total: dead letters matching the filter in the database; offset: position of the first row.
    void setPage(const QVector<Job> &jobs, qint64 total, int offset);
    void clear();

    const Job &job(int row) const { return m_jobs.at(row); }
    int rowForId(qint64 jobId) const; // -1 when not on this page
    qint64 total() const { return m_total; }
    int offset() const { return m_offset; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QVariant displayValue(const Job &job, int column) const;
    QVariant rawValue(const Job &job, int column) const;
    QVariant toolTip(const Job &job, int column) const;

    QVector<Job> m_jobs;
    qint64 m_total = 0;
    int m_offset = 0;
};

} // namespace syncsmart
