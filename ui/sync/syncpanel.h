#pragma once

#include "sync/syncevents.h"
#include "sync/syncservice.h"

#include <QPointer>
#include <QWidget>

class QLabel;
class QPushButton;

namespace syncsmart {

// The sync at a glance, at the top of the Overview: what the sync thread is doing, how each peer
// answers, how the last pass went, and Start / Pause / Sync now. Talks to SyncService only through
// its non-blocking calls and queued signals: the GUI thread never waits on the engine.
// Without a service (no profile.ini yet, or it is invalid) it says why and what to do.
class SyncPanel final : public QWidget
{
    Q_OBJECT
public:
    explicit SyncPanel(QWidget *parent = nullptr);
    ~SyncPanel() override;

    // service may be null; unavailableReason is then shown (e.g. the profile's validation errors).
    void setService(SyncService *service, const QString &unavailableReason = {});
    SyncService *service() const { return m_service; }

    QString stateText() const;
    QString lastSyncText() const;
    QString peerText(const QString &peer) const; // "shop" / "erp"
    QPushButton *startButton() const { return m_start; }
    QPushButton *pauseButton() const { return m_pause; }
    QPushButton *syncNowButton() const { return m_syncNow; }

private:
    void onState(SyncService::State state);
    void onPass(const SyncOnceReport &report);
    void onFailed(const QString &message);
    void onEvent(const SyncEvent &event);
    void updateButtons();

    QPointer<SyncService> m_service;
    QLabel *m_state;
    QLabel *m_shopHealth;
    QLabel *m_erpHealth;
    QLabel *m_lastSync;
    QPushButton *m_start;
    QPushButton *m_pause;
    QPushButton *m_syncNow;
    SyncService::State m_current = SyncService::State::Stopped;
};

} // namespace syncsmart
