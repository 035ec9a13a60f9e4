#pragma once

#include "queue/job.h"

#include <QHash>
#include <QPointer>
#include <QWidget>

#include <memory>

class QAction;
class QLabel;
class QLineEdit;
class QSplitter;
class QStackedWidget;
class QTableView;
class QTimer;
class QToolButton;

namespace syncsmart {

class DeadLetterDetail;
class DeadLetterFilterBar;
class DeadLetterModel;
class DeadLetterProxy;
class MessageBar;
class OperatorPrompt;
class QueueMonitor;

// Dead-letter triage on the real queue: a page of dead letters filtered in the database, a detail
// pane, and retry/discard for one, the selection, or everything matching the filter. Every request
// goes through the QueueMonitor on its thread; answers come back as queued signals with request ids.
class DeadLetterView final : public QWidget
{
    Q_OBJECT
public:
    static constexpr int kDefaultPageSize = 200;

    DeadLetterView(QueueMonitor *monitor, std::shared_ptr<OperatorPrompt> prompt, QWidget *parent = nullptr);
    ~DeadLetterView() override;

    void setPageSize(int rows);
    void reload(); // the current page, with the current filter

    QAction *retryAction() const { return m_retry; }
    QAction *discardAction() const { return m_discard; }
    QAction *retryMatchingAction() const { return m_retryMatching; }
    QAction *discardMatchingAction() const { return m_discardMatching; }
    QAction *nextPageAction() const { return m_nextPage; }
    QAction *previousPageAction() const { return m_previousPage; }
    QTableView *table() const { return m_table; }
    DeadLetterModel *model() const { return m_model; }
    DeadLetterProxy *proxy() const { return m_proxy; }
    DeadLetterFilterBar *filterBar() const { return m_filterBar; }
    DeadLetterDetail *detail() const { return m_detail; }
    MessageBar *messageBar() const { return m_messageBar; }
    QString outcomeText() const; // the last action's summary
    int pendingRequests() const { return int(m_pendingActions.size() + m_pendingCounts.size()); }

Q_SIGNALS:
    void statusMessage(const QString &text);

private:
    enum class Bulk { Retry, Discard };
    struct PendingCount
    {
        Bulk action;
        DeadLetterFilter filter;
    };

    QWidget *buildToolbar();
    QWidget *buildTablePane();
    void scheduleReload();
    void requestPage();
    void onPageLoaded(quint64 requestId, const DeadLetterPage &page);
    void onJobLoaded(quint64 requestId, const Job &job, const QVector<JobEvent> &history);
    void onActionFinished(quint64 requestId, const BulkOutcome &outcome);
    void onMatchingCounted(quint64 requestId, qint64 total, qint64 asOfMs);
    void onRequestFailed(quint64 requestId, const Error &error);
    void onFilterChanged();
    void onSelectionChanged();
    void retrySelected();
    void discardSelected();
    void startMatching(Bulk action);
    QVector<qint64> selectedIds() const;
    void selectIds(const QVector<qint64> &ids, qint64 currentId);
    void updateActions();
    void updatePaging();
    void updateEmptyState();
    void showOutcome(const QString &text);
    QString actionName(Bulk action) const;

    QPointer<QueueMonitor> m_monitor;
    std::shared_ptr<OperatorPrompt> m_prompt;
    DeadLetterModel *m_model;
    DeadLetterProxy *m_proxy;
    MessageBar *m_messageBar;
    DeadLetterFilterBar *m_filterBar;
    QTableView *m_table;
    QStackedWidget *m_tableStack;
    QLabel *m_emptyLabel;
    QLabel *m_pageLabel;
    QLabel *m_outcomeLabel;
    QLineEdit *m_quickFind;
    DeadLetterDetail *m_detail;
    QSplitter *m_splitter;
    QAction *m_retry;
    QAction *m_discard;
    QAction *m_retryMatching;
    QAction *m_discardMatching;
    QAction *m_previousPage;
    QAction *m_nextPage;
    QTimer *m_reloadTimer;

    DeadLetterFilter m_filter; // the filter of the page shown and of "… all matching"
    int m_pageSize = kDefaultPageSize;
    int m_offset = 0;
    bool m_loaded = false;
    bool m_pageErrorShown = false;     // the message bar shows a failed page load
    bool m_restoringSelection = false; // a page reload re-selects rows: one detail update, after
    quint64 m_pageRequest = 0;
    quint64 m_detailRequest = 0;
    QHash<quint64, Bulk> m_pendingActions; // request id → what it does
    QHash<quint64, PendingCount> m_pendingCounts;
};

} // namespace syncsmart
