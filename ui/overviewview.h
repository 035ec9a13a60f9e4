#pragma once

#include "queue/job.h"

#include <QMap>
#include <QPointer>
#include <QWidget>

class QLabel;
class QPushButton;
class QStackedWidget;
class QTableWidget;

namespace syncsmart {

class QueueMonitor;

// The queue at a glance: how many jobs are in each state, and per target whether it runs or is
// paused (and why). Fed by QueueMonitor::countsLoaded, which the monitor sends whenever the queue changes.
class OverviewView final : public QWidget
{
    Q_OBJECT
public:
    explicit OverviewView(QueueMonitor *monitor, QWidget *parent = nullptr);

    void showCounts(const QueueCounts &counts);
    QString stateCountText(JobState state) const;

Q_SIGNALS:
    void openDeadLetters();

private:
    QWidget *buildStateCard(JobState state, const QString &explanation);

    QPointer<QueueMonitor> m_monitor;
    QMap<JobState, QLabel *> m_stateCounts;
    QPushButton *m_reviewDead;
    QTableWidget *m_targets;
    QStackedWidget *m_targetsStack;
    QLabel *m_updated;
};

} // namespace syncsmart
