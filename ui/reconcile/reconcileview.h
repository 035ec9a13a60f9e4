#pragma once

#include "reconcile/reconciler.h"
#include "reconcile/reconcilestore.h"

#include <QModelIndexList>
#include <QPointer>
#include <QWidget>

#include <memory>

class QComboBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QStackedWidget;
class QTableView;
class QTextBrowser;

namespace syncsmart {

class MessageBar;
class OperatorPrompt;
class ReconcileDiffModel;
class ReconcileDiffProxy;
class SyncService;

// Reconciliation on demand: run the auditor (progress, cancel), see the latest run's differences by
// category with both values and the fix, and apply the fixes of a selection or of a whole category
// through the queue — after a confirmation that says what will be written and what is left to a
// person. Export to CSV. Everything goes through SyncService on the sync thread.
class ReconcileView final : public QWidget
{
    Q_OBJECT
public:
    ReconcileView(std::shared_ptr<OperatorPrompt> prompt, QWidget *parent = nullptr);
    ~ReconcileView() override;

    void setService(SyncService *service, const QString &actor, const QString &unavailableReason = {});
    void runNow();
    void cancel();
    void applySelected();
    void applyCategory();
    Status exportTo(const QString &path) const;

    ReconcileDiffModel *model() const { return m_model; }
    ReconcileDiffProxy *proxy() const { return m_proxy; }
    QTableView *table() const { return m_table; }
    QComboBox *categoryFilter() const { return m_category; }
    QPushButton *runButton() const { return m_run; }
    QPushButton *cancelButton() const { return m_cancel; }
    QPushButton *applySelectedButton() const { return m_applySelected; }
    QPushButton *applyCategoryButton() const { return m_applyCategory; }
    MessageBar *messageBar() const { return m_messageBar; }
    bool isRunning() const { return m_running; }
    bool isLoading() const { return m_loadRequest != 0; }
    QString summaryText() const;
    QString progressText() const;
    QString outcomeText() const;
    QString scheduleText() const;
    QString detailText() const; // the detail pane as plain text
    QComboBox *runPicker() const { return m_runs; }

Q_SIGNALS:
    void statusMessage(const QString &text);

private:
    void load(qint64 runId);
    void onProgress(const ReconcileProgress &p);
    void onFinished(qint64 runId, bool ok, const QString &message);
    void onLoaded(quint64 requestId, const ReconcileRun &run, const QVector<StoredDiff> &diffs,
                  const ReconcileHistory &history);
    void onApplied(quint64 requestId, bool ok, const QString &message);
    void apply(const QModelIndexList &rows, const QString &what); // proxy rows
    void exportCsv();
    void updateSummary();
    void updateRuns(const ReconcileHistory &history);
    void updateSchedule(qint64 nextRunMs);
    void updateDetail();
    void updateCategories();
    void updateActions();
    void updateEmptyState();

    QPointer<SyncService> m_service;
    std::shared_ptr<OperatorPrompt> m_prompt;
    QString m_actor;
    QString m_unavailable;
    ReconcileDiffModel *m_model;
    ReconcileDiffProxy *m_proxy;
    MessageBar *m_messageBar;
    QPushButton *m_run;
    QPushButton *m_cancel;
    QProgressBar *m_progressBar;
    QLabel *m_progress;
    QLabel *m_summary;
    QComboBox *m_runs;     // the stored runs, newest first: picking one shows its differences
    QLabel *m_schedule;    // the profile's schedule and when it runs next
    QTextBrowser *m_detail; // the current difference in full
    QComboBox *m_category;
    QLineEdit *m_text;
    QPushButton *m_applySelected;
    QPushButton *m_applyCategory;
    QPushButton *m_export;
    QLabel *m_outcome;
    QStackedWidget *m_stack;
    QLabel *m_empty;
    QTableView *m_table;
    bool m_running = false;
    quint64 m_loadRequest = 0;
    quint64 m_applyRequest = 0;
};

} // namespace syncsmart
