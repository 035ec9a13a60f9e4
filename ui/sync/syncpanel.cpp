#include "syncpanel.h"

#include <QDateTime>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QStyle>

namespace syncsmart {

namespace {

QString number(qint64 n)
{
    return QLocale().toString(n);
}

QString clockTime(qint64 ms)
{
    return QLocale().toString(QDateTime::fromMSecsSinceEpoch(ms).time(), QLocale::LongFormat);
}

void setHealth(QLabel *label, const QString &peerName, const QString &health, const QString &reason)
{
    const bool up = health == QLatin1String("up");
    label->setText(QStringLiteral("%1: %2").arg(peerName, health));
    label->setProperty("health", up ? QStringLiteral("up") : QStringLiteral("down"));
    label->setToolTip(reason);
    label->setStyleSheet(up ? QStringLiteral("color: #1b7a33;") : QStringLiteral("color: #b3261e; font-weight: bold;"));
}

} // namespace

SyncPanel::SyncPanel(QWidget *parent)
    : QWidget(parent)
    , m_state(new QLabel(this))
    , m_shopHealth(new QLabel(this))
    , m_erpHealth(new QLabel(this))
    , m_lastSync(new QLabel(this))
    , m_start(new QPushButton(style()->standardIcon(QStyle::SP_MediaPlay), tr("Start"), this))
    , m_pause(new QPushButton(style()->standardIcon(QStyle::SP_MediaPause), tr("Pause"), this))
    , m_syncNow(new QPushButton(style()->standardIcon(QStyle::SP_BrowserReload), tr("Sync now"), this))
{
    setObjectName(QStringLiteral("syncPanel"));
    auto *title = new QLabel(tr("Sync"), this);
    title->setObjectName(QStringLiteral("sectionTitle"));
    m_state->setObjectName(QStringLiteral("syncState"));
    m_shopHealth->setObjectName(QStringLiteral("shopHealth"));
    m_erpHealth->setObjectName(QStringLiteral("erpHealth"));
    m_lastSync->setObjectName(QStringLiteral("lastSync"));
    m_lastSync->setWordWrap(true);
    m_lastSync->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_start->setObjectName(QStringLiteral("syncStart"));
    m_pause->setObjectName(QStringLiteral("syncPause"));
    m_syncNow->setObjectName(QStringLiteral("syncNow"));
    m_start->setToolTip(tr("Run a pass now and then every poll interval of the profile"));
    m_pause->setToolTip(tr("No new passes and no more writes until Start; what is on the wire finishes"));
    m_syncNow->setToolTip(tr("One pass and its writes now, also while paused"));
    connect(m_start, &QPushButton::clicked, this, [this] {
        if (m_service)
            m_service->start();
        updateButtons();
    });
    connect(m_pause, &QPushButton::clicked, this, [this] {
        if (m_service)
            m_service->pause();
        updateButtons();
    });
    connect(m_syncNow, &QPushButton::clicked, this, [this] {
        if (m_service)
            m_service->syncNow();
    });

    auto *top = new QHBoxLayout;
    top->addWidget(title);
    top->addSpacing(12);
    top->addWidget(m_state);
    top->addStretch(1);
    top->addWidget(m_start);
    top->addWidget(m_pause);
    top->addWidget(m_syncNow);
    auto *peers = new QHBoxLayout;
    peers->addWidget(m_shopHealth);
    peers->addSpacing(24);
    peers->addWidget(m_erpHealth);
    peers->addStretch(1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(top);
    layout->addLayout(peers);
    layout->addWidget(m_lastSync);
    setService(nullptr, tr("No sync profile is loaded."));
}

SyncPanel::~SyncPanel() = default;

void SyncPanel::setService(SyncService *service, const QString &unavailableReason)
{
    if (m_service)
        disconnect(m_service, nullptr, this, nullptr);
    m_service = service;
    m_shopHealth->setText(tr("Shop: not contacted yet"));
    m_erpHealth->setText(tr("ERP: not contacted yet"));
    m_shopHealth->setStyleSheet({});
    m_erpHealth->setStyleSheet({});
    if (!service) {
        m_state->setText(tr("Not available"));
        m_lastSync->setText(unavailableReason);
        m_shopHealth->setVisible(false);
        m_erpHealth->setVisible(false);
        updateButtons();
        return;
    }
    m_shopHealth->setVisible(true);
    m_erpHealth->setVisible(true);
    m_lastSync->setText(tr("No sync has run since the console started."));
    connect(service, &SyncService::stateChanged, this, &SyncPanel::onState);
    connect(service, &SyncService::passFinished, this, &SyncPanel::onPass);
    connect(service, &SyncService::failed, this, &SyncPanel::onFailed);
    connect(service, &SyncService::event, this, &SyncPanel::onEvent);
    onState(service->state());
}

QString SyncPanel::stateText() const
{
    return m_state->text();
}

QString SyncPanel::lastSyncText() const
{
    return m_lastSync->text();
}

QString SyncPanel::peerText(const QString &peer) const
{
    return peer == QLatin1String("shop") ? m_shopHealth->text() : m_erpHealth->text();
}

void SyncPanel::onState(SyncService::State state)
{
    m_current = state;
    switch (state) {
    case SyncService::State::Stopped:
        m_state->setText(tr("Stopped"));
        break;
    case SyncService::State::Running:
        m_state->setText(tr("Running: the next pass in %n s at most", nullptr,
                            m_service ? m_service->profile().sync.pollIntervalS : 0));
        break;
    case SyncService::State::Paused:
        m_state->setText(tr("Paused"));
        break;
    case SyncService::State::Syncing:
        m_state->setText(tr("Syncing…"));
        break;
    }
    updateButtons();
}

void SyncPanel::onPass(const SyncOnceReport &r)
{
    const PassReport &p = r.pass;
    auto counted = [](qint64 n, const QString &one, const QString &many) {
        return (n == 1 ? one : many).arg(number(n));
    };
    QStringList parts;
    updateButtons();
    parts << tr("read %1 shop and %2 ERP records").arg(number(p.shopRecordsRead), number(p.erpRecordsRead));
    parts << counted(p.deltas - p.echoesSuppressed, tr("%1 change"), tr("%1 changes"));
    parts << counted(r.drain.applied, tr("%1 write applied"), tr("%1 writes applied"));
    if (r.drain.retrying > 0)
        parts << counted(r.drain.retrying, tr("%1 write to retry"), tr("%1 writes to retry"));
    if (r.drain.dead > 0)
        parts << counted(r.drain.dead, tr("%1 write failed (see Dead letters)"), tr("%1 writes failed (see Dead letters)"));
    if (p.openConflicts > 0)
        parts << counted(p.openConflicts, tr("%1 conflict waits for a decision"), tr("%1 conflicts wait for a decision"));
    if (!p.issues.isEmpty())
        parts << counted(p.issues.size(), tr("%1 SKU needs a person"), tr("%1 SKUs need a person"));
    m_lastSync->setStyleSheet({});
    m_lastSync->setText(tr("Last sync %1%2: %3.")
                            .arg(clockTime(p.finishedMs),
                                 p.firstSync ? tr(" (first sync: both whole catalogs)") : QString(),
                                 parts.join(QStringLiteral(", "))));
    // A pass that read both sides reached both peers.
    if (!m_shopHealth->property("health").isValid() || m_shopHealth->property("health") == QLatin1String("unknown"))
        setHealth(m_shopHealth, tr("Shop"), tr("up"), {});
    if (!m_erpHealth->property("health").isValid() || m_erpHealth->property("health") == QLatin1String("unknown"))
        setHealth(m_erpHealth, tr("ERP"), tr("up"), {});
}

void SyncPanel::onFailed(const QString &message)
{
    m_lastSync->setStyleSheet(QStringLiteral("color: #b3261e;"));
    m_lastSync->setText(tr("Last sync %1 failed: %2").arg(clockTime(QDateTime::currentMSecsSinceEpoch()), message));
}

void SyncPanel::onEvent(const SyncEvent &event)
{
    if (event.type != SyncEvent::Type::PeerHealth)
        return;
    if (event.peer == QLatin1String("shop"))
        setHealth(m_shopHealth, tr("Shop"), event.health, event.text);
    else
        setHealth(m_erpHealth, tr("ERP"), event.health, event.text);
}

void SyncPanel::updateButtons()
{
    const bool have = !m_service.isNull();
    const bool scheduled = have && m_service->isScheduled();
    m_start->setEnabled(have && !scheduled);
    m_pause->setEnabled(scheduled);
    m_syncNow->setEnabled(have && m_current != SyncService::State::Syncing);
}

} // namespace syncsmart
