#pragma once

#include "sync/syncevents.h"

#include <QPointer>
#include <QSet>
#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QStackedWidget;
class QTableView;

namespace syncsmart {

class DeltaModel;
class DeltaProxy;
class MessageBar;
class SyncService;

// Live deltas: every field change the sync detects, streamed from SyncService's events into a
// coalescing model, newest at the bottom. Filters by entity, field, outcome and text; the table
// follows new rows until the operator scrolls up (or pauses it); older rows page in from the
// database. Never waits on the sync thread: history requests are answered by queued signals.
class LiveDeltasView final : public QWidget
{
    Q_OBJECT
public:
    static constexpr int kDefaultHistoryPage = 1000;

    explicit LiveDeltasView(QWidget *parent = nullptr);
    ~LiveDeltasView() override;

    // service may be null; unavailableReason then says why there is nothing to show.
    void setService(SyncService *service, const QString &unavailableReason = {});

    void loadOlder();
    void setHistoryPageSize(int rows) { m_historyPage = std::max(1, rows); }
    void setFollowing(bool follow); // auto-scroll to new rows
    bool isFollowing() const { return m_following; }

    DeltaModel *model() const { return m_model; }
    DeltaProxy *proxy() const { return m_proxy; }
    QTableView *table() const { return m_table; }
    QComboBox *entityFilter() const { return m_entity; }
    QComboBox *fieldFilter() const { return m_field; }
    QComboBox *outcomeFilter() const { return m_outcome; }
    QLineEdit *textFilter() const { return m_text; }
    QPushButton *followButton() const { return m_follow; }
    QPushButton *loadOlderButton() const { return m_loadOlder; }
    MessageBar *messageBar() const { return m_messageBar; }
    QString countText() const;
    bool isLoadingHistory() const { return m_historyRequest != 0; }
    // Deltas in the database as of the last history page plus those streamed since; -1 before it.
    qint64 historyTotal() const { return m_historyTotal; }

private:
    void onEvent(const SyncEvent &event);
    void onDeltasLoaded(quint64 requestId, const QVector<DeltaRecord> &deltas, qint64 total);
    void onHistoryFailed(quint64 requestId, const QString &message);
    void onRowsInserted(int first, int last);
    void onRowsAppended(int count);
    void onUserScrolled();
    void applyFilters();
    void updateCounts();
    void updateEmptyState();
    void addFilterChoice(QComboBox *combo, QSet<QString> &known, const QString &value);

    QPointer<SyncService> m_service;
    QString m_unavailable;
    DeltaModel *m_model;
    DeltaProxy *m_proxy;
    MessageBar *m_messageBar;
    QComboBox *m_entity;
    QComboBox *m_field;
    QComboBox *m_outcome;
    QLineEdit *m_text;
    QPushButton *m_follow;
    QPushButton *m_loadOlder;
    QLabel *m_counts;
    QStackedWidget *m_stack;
    QLabel *m_empty;
    QTableView *m_table;
    QSet<QString> m_entities;
    QSet<QString> m_fields;
    bool m_following = true;
    int m_unseen = 0;            // rows appended while not following
    qint64 m_historyTotal = -1;  // deltas in the database (as of the last load, plus live ones since)
    bool m_historyExhausted = false;
    quint64 m_historyRequest = 0;
    int m_historyPage = kDefaultHistoryPage;
};

} // namespace syncsmart
