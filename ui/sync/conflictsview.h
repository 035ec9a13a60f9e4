#pragma once

#include "sync/syncevents.h"

#include <QHash>
#include <QPointer>
#include <QWidget>

#include <memory>

class QAction;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSortFilterProxyModel;
class QStackedWidget;
class QTableView;
class QTextBrowser;

namespace syncsmart {

class ConflictModel;
class MessageBar;
class OperatorPrompt;
class SyncService;

// Conflicts: every case where the rules had to choose, with both values and timestamps, the rule
// and the winner; the manual ones wait here for an operator — take the shop's value, take the
// ERP's, or type one — for one conflict or the selection. Decided conflicts stay in the table with
// who decided. Decisions go to SyncService::decide (the sync thread); the answers come back as
// decisionDone and as Conflict events, so the GUI never waits.
class ConflictsView final : public QWidget
{
    Q_OBJECT
public:
    static constexpr int kPageSize = 500;
    enum class Show { Open, All };

    ConflictsView(std::shared_ptr<OperatorPrompt> prompt, QWidget *parent = nullptr);
    ~ConflictsView() override;

    // actor: who the decisions are recorded as ("console:ana"). service may be null.
    void setService(SyncService *service, const QString &actor, const QString &unavailableReason = {});
    void setShow(Show show);
    void reload();
    void loadMore();

    // The decisions, on the selected open conflicts; what the buttons do.
    void takeShop();
    void takeErp();
    void editValue();

    ConflictModel *model() const { return m_model; }
    QSortFilterProxyModel *proxy() const { return m_proxy; }
    QTableView *table() const { return m_table; }
    QComboBox *showFilter() const { return m_show; }
    QLineEdit *textFilter() const { return m_text; }
    QPushButton *takeShopButton() const { return m_takeShop; }
    QPushButton *takeErpButton() const { return m_takeErp; }
    QPushButton *editValueButton() const { return m_editValue; }
    QPushButton *loadMoreButton() const { return m_loadMore; }
    QTextBrowser *detail() const { return m_detail; }
    MessageBar *messageBar() const { return m_messageBar; }
    QString countText() const;
    QString outcomeText() const;
    int pendingDecisions() const { return int(m_pending.size()); }
    bool isLoading() const { return m_pageRequest != 0; }
    bool selectConflict(qint64 id); // false: not in the table

Q_SIGNALS:
    void statusMessage(const QString &text);
    void openCountChanged(qint64 open); // conflicts waiting for an operator, in the database

private:
    void onEvent(const SyncEvent &event);
    void onConflictsLoaded(quint64 requestId, const QVector<ConflictRecord> &conflicts, qint64 total, qint64 open);
    void onHistoryFailed(quint64 requestId, const QString &message);
    void onDecisionDone(qint64 conflictId, bool ok, const QString &message);
    void decideSelected(ConflictDecision decision, const QString &what);
    QVector<ConflictRecord> selectedOpen() const;
    void updateActions();
    void updateDetail();
    void updateCounts();
    void updateEmptyState();
    void showOutcome(const QString &text);

    QPointer<SyncService> m_service;
    std::shared_ptr<OperatorPrompt> m_prompt;
    QString m_actor;
    QString m_unavailable;
    ConflictModel *m_model;
    QSortFilterProxyModel *m_proxy;
    MessageBar *m_messageBar;
    QComboBox *m_show;
    QLineEdit *m_text;
    QPushButton *m_takeShop;
    QPushButton *m_takeErp;
    QPushButton *m_editValue;
    QPushButton *m_loadMore;
    QLabel *m_counts;
    QLabel *m_outcome;
    QStackedWidget *m_stack;
    QLabel *m_empty;
    QTableView *m_table;
    QTextBrowser *m_detail;

    quint64 m_pageRequest = 0;
    bool m_pageIsMore = false;
    bool m_loaded = false;
    qint64 m_total = 0;     // matching what is shown, in the database
    qint64 m_openTotal = 0; // waiting for an operator, in the database
    // Decisions on the wire: conflict id → its SKU and field (for the summary).
    QHash<qint64, QString> m_pending;
    int m_batchDone = 0;
    QStringList m_batchErrors;
};

} // namespace syncsmart
