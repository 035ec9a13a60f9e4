#pragma once

#include "consoleprofile.h"
#include "queue/job.h"

#include <QMainWindow>
#include <QPointer>

#include <memory>

class QLabel;
class QListWidget;
class QStackedWidget;

namespace syncsmart {

class ConflictsView;
class DeadLetterView;
class LiveDeltasView;
class ReconcileView;
class SyncService;
class MessageBar;
class OperatorPrompt;
class OverviewView;
class QueueMonitor;

// The console: navigation on the left, one page per area of work, and a status bar that always
// says which profile and database you are looking at and how the queue stands.
class MainWindow final : public QMainWindow
{
    Q_OBJECT
public:
    enum class Page { Overview, LiveDeltas, Conflicts, Reconciliation, DeadLetters, Settings };

    // prompt: how operator actions are confirmed; null gives the real dialogs.
    MainWindow(const ConsoleProfile &profile, QueueMonitor *monitor,
               std::shared_ptr<OperatorPrompt> prompt = nullptr, QWidget *parent = nullptr);
    ~MainWindow() override;

    void showPage(Page page);
    Page currentPage() const;
    DeadLetterView *deadLetterView() const { return m_deadLetters; }
    OverviewView *overviewView() const { return m_overview; }
    LiveDeltasView *liveDeltasView() const { return m_liveDeltas; }
    ConflictsView *conflictsView() const { return m_conflicts; }
    ReconcileView *reconcileView() const { return m_reconcile; }

    // The sync the views show and drive (null: none; unavailableReason then says why). actor: who
    // operator decisions are recorded as.
    void setSyncService(SyncService *service, const QString &actor, const QString &unavailableReason = {});

private:
    void addPage(Page page, const QString &name, QWidget *widget, const QIcon &icon);
    void showCounts(const QueueCounts &counts);
    void showOpenConflicts(qint64 open);

    ConsoleProfile m_profile;
    QPointer<QueueMonitor> m_monitor;
    MessageBar *m_messageBar;
    QListWidget *m_navigation;
    QStackedWidget *m_pages;
    OverviewView *m_overview = nullptr;
    DeadLetterView *m_deadLetters = nullptr;
    LiveDeltasView *m_liveDeltas = nullptr;
    ConflictsView *m_conflicts = nullptr;
    ReconcileView *m_reconcile = nullptr;
    QLabel *m_statusProfile;
    QLabel *m_statusDatabase;
    QLabel *m_statusCounts;
    bool m_openFailed = false;
};

} // namespace syncsmart
