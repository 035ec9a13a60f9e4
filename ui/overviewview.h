#pragma once

#include "queue/job.h"

#include <QHash>
#include <QMap>
#include <QPointer>
#include <QWidget>

#include <memory>

class QLabel;
class QPushButton;
class QTableWidget;

namespace syncsmart {

class MessageBar;
class OperatorPrompt;
class QueueMonitor;
class SyncCharts;
class SyncPanel;

// The queue at a glance: how many jobs are in each state, and per target whether it runs or is
// paused (and why). Fed by QueueMonitor::countsLoaded, which the monitor sends whenever the queue
// changes. An operator pauses or resumes the selected target here; the monitor does the write.
class OverviewView final : public QWidget
{
    Q_OBJECT
public:
    OverviewView(QueueMonitor *monitor, std::shared_ptr<OperatorPrompt> prompt, QWidget *parent = nullptr);
    ~OverviewView() override;

    void showCounts(const QueueCounts &counts);
    QString stateCountText(JobState state) const;

    // The target selected in the Targets table; empty when none is.
    QString selectedTarget() const;
    bool selectTarget(const QString &target); // false: no such row
    void resumeSelected();
    void pauseSelected();

    QTableWidget *targetTable() const { return m_targets; }
    QPushButton *resumeButton() const { return m_resume; }
    QPushButton *pauseButton() const { return m_pause; }
    MessageBar *messageBar() const { return m_messageBar; }
    SyncPanel *syncPanel() const { return m_syncPanel; }
    SyncCharts *syncCharts() const { return m_charts; }
    QString outcomeText() const; // the last pause/resume's result
    int pendingRequests() const { return int(m_pending.size()); }

Q_SIGNALS:
    void openDeadLetters();
    void statusMessage(const QString &text);

private:
    struct PendingAction
    {
        QString target;
        bool pause = false;
    };

    QWidget *buildStateCard(JobState state, const QString &explanation);
    const TargetStatus *statusOf(const QString &target) const;
    void onTargetActionFinished(quint64 requestId, const QString &target, bool paused);
    void onRequestFailed(quint64 requestId, const Error &error);
    void updateActions();
    void showOutcome(const QString &text);

    QPointer<QueueMonitor> m_monitor;
    std::shared_ptr<OperatorPrompt> m_prompt;
    MessageBar *m_messageBar;
    SyncPanel *m_syncPanel;
    SyncCharts *m_charts;
    QMap<JobState, QLabel *> m_stateCounts;
    QPushButton *m_reviewDead;
    QPushButton *m_resume;
    QPushButton *m_pause;
    QTableWidget *m_targets;
    QLabel *m_noTargets;
    QLabel *m_selectHint;
    QLabel *m_outcome;
    QLabel *m_updated;

    QVector<TargetStatus> m_rows;            // what each table row shows, in row order
    QHash<quint64, PendingAction> m_pending; // this view's pause/resume requests in flight
};

} // namespace syncsmart
