#include "deadlettermodel.h"

#include "displaytext.h"

namespace syncsmart {

namespace {
QString firstLine(const QString &text)
{
    const int nl = text.indexOf(QLatin1Char('\n'));
    return nl < 0 ? text : text.left(nl) + QStringLiteral(" …");
}
} // namespace

DeadLetterModel::DeadLetterModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void DeadLetterModel::setPage(const QVector<Job> &jobs, qint64 total, int offset)
{
    beginResetModel();
    m_jobs = jobs;
    m_total = total;
    m_offset = offset;
    endResetModel();
}

void DeadLetterModel::clear()
{
    setPage({}, 0, 0);
}

int DeadLetterModel::rowForId(qint64 jobId) const
{
    for (int row = 0; row < m_jobs.size(); ++row) {
        if (m_jobs.at(row).id == jobId)
            return row;
    }
    return -1;
}

int DeadLetterModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_jobs.size());
}

int DeadLetterModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant DeadLetterModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Job &job = m_jobs.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return displayValue(job, index.column());
    case Qt::ToolTipRole:
        return toolTip(job, index.column());
    case Qt::TextAlignmentRole:
        if (index.column() == Id || index.column() == Attempts)
            return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case RawValueRole:
        return rawValue(job, index.column());
    case JobIdRole:
        return job.id;
    default:
        return {};
    }
}

QVariant DeadLetterModel::displayValue(const Job &job, int column) const
{
    switch (column) {
    case Id:
        return job.id;
    case Target:
        return job.target;
    case Kind:
        return job.kind;
    case Key:
        return job.idempotencyKey;
    case Category:
        return job.lastError ? categoryName(job.lastError->category) : QString();
    case Error:
        if (!job.lastError)
            return QString();
        return firstLine(job.lastError->message.isEmpty() ? job.lastError->code : job.lastError->message);
    case Attempts:
        return tr("%1 of %2").arg(job.attempts).arg(job.maxAttempts);
    case DeadSince:
        return localTimeText(job.finishedAt);
    case Created:
        return localTimeText(job.createdAt);
    default:
        return {};
    }
}

QVariant DeadLetterModel::rawValue(const Job &job, int column) const
{
    switch (column) {
    case Id:
        return job.id;
    case Target:
        return job.target;
    case Kind:
        return job.kind;
    case Key:
        return job.idempotencyKey;
    case Category:
        return job.lastError ? toString(job.lastError->category) : QString();
    case Error:
        return job.lastError ? job.lastError->message : QString();
    case Attempts:
        return job.attempts;
    case DeadSince:
        return job.finishedAt;
    case Created:
        return job.createdAt;
    default:
        return {};
    }
}

QVariant DeadLetterModel::toolTip(const Job &job, int column) const
{
    switch (column) {
    case Error:
        return job.lastError ? QStringLiteral("%1\n%2").arg(job.lastError->code, job.lastError->message)
                             : QVariant();
    case Key:
        return job.idempotencyKey.isEmpty() ? QVariant() : QVariant(job.idempotencyKey);
    case DeadSince:
        return utcTimeTooltip(job.finishedAt);
    case Created:
        return utcTimeTooltip(job.createdAt);
    default:
        return {};
    }
}

QVariant DeadLetterModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= ColumnCount)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (role == Qt::DisplayRole) {
        switch (section) {
        case Id:
            return tr("Job");
        case Target:
            return tr("Target");
        case Kind:
            return tr("Kind");
        case Key:
            return tr("Idempotency key");
        case Category:
            return tr("Category");
        case Error:
            return tr("Error");
        case Attempts:
            return tr("Attempts");
        case DeadSince:
            return tr("Dead since");
        case Created:
            return tr("Created");
        }
    }
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case Target:
            return tr("The peer the job writes to");
        case Kind:
            return tr("What the job does");
        case Category:
            return tr(
                "Transient errors were retried until attempts ran out; permanent ones need a fix first");
        case DeadSince:
        case Created:
            return tr("Local time; hover a cell for UTC");
        }
    }
    return QAbstractTableModel::headerData(section, orientation, role);
}

} // namespace syncsmart
