#include "syncpanel.h"

#include "displaytext.h"

#include <QDateTime>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QStyle>

namespace syncsmart {

namespace {

QString clockTime(qint64 ms)
{
    return QLocale().toString(QDateTime::fromMSecsSinceEpoch(ms).time(), QLocale::LongFormat);
}

QString latencyText(double ms)
{
    if (ms <= 0)
        return {};
    if (ms < 1000)
        return QStringLiteral(" · %1 ms").arg(qRound(ms));
    return QStringLiteral(" · %1 s").arg(QLocale().toString(ms / 1000.0, 'f', 1));
}

// health: "up", "slow", "down", "circuit open"; latencyMs 0: unknown (kept from before).
void setHealth(QLabel *label, const QString &peerName, const QString &health, const QString &reason,
               double latencyMs = 0)
{
    if (latencyMs > 0)
        label->setProperty("latencyMs", latencyMs);
    const double latency = label->property("latencyMs").toDouble();
    const bool up = health == QLatin1String("up");
    const bool slow = health == QLatin1String("slow");
    label->setText(QStringLiteral("%1: %2%3").arg(peerName, health, latencyText(latency)));
    label->setProperty("health", health);
    if (!reason.isEmpty() || !up)
        label->setToolTip(reason);
    label->setStyleSheet(up     ? QStringLiteral("color: #1b7a33;")
                         : slow ? QStringLiteral("color: #a35c00; font-weight: bold;")
                                : QStringLiteral("color: #b3261e; font-weight: bold;"));
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
        return (n == 1 ? one : many).arg(syncsmart::countText(n));
    };
    QStringList parts;
    updateButtons();
    parts << tr("read %1 shop and %2 ERP records").arg(syncsmart::countText(p.shopRecordsRead), syncsmart::countText(p.erpRecordsRead));
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
    if (event.type != SyncEvent::Type::PeerHealth && event.type != SyncEvent::Type::PeerStats)
        return;
    QLabel *label = event.peer == QLatin1String("shop") ? m_shopHealth : m_erpHealth;
    const QString name = event.peer == QLatin1String("shop") ? tr("Shop") : tr("ERP");
    QString reason = event.text;
    if (event.type == SyncEvent::Type::PeerStats) {
        if (event.health == label->property("health").toString() && label->property("health") == QLatin1String("circuit open"))
            reason = label->toolTip(); // keep why it opened
        else if (event.health == QLatin1String("slow"))
            reason = tr("Answers take %1 ms on average; %2 request(s) on the wire.").arg(qRound(event.latencyMs)).arg(event.inFlight);
        else if (event.health == QLatin1String("down"))
            reason = tr("The last requests failed; the queue retries them. See the log or Dead letters for the errors.");
        else if (event.health == QLatin1String("up"))
            reason = tr("Recent answers in %1 ms on average; %2 request(s) on the wire.").arg(qRound(event.latencyMs)).arg(event.inFlight);
    }
    setHealth(label, name, event.health, reason, event.latencyMs);
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
