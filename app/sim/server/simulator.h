#pragma once

#include "common/effectlog.h"
#include "common/seed.h"
#include "common/simclock.h"
#include "server/activity.h"
#include "server/costmodel.h"
#include "server/faults.h"
#include "server/peerserver.h"

#include <QHostAddress>
#include <QJsonArray>
#include <QObject>

#include <memory>

namespace syncsmart::sim {

class PrestaShopSim;
class OdooSim;

struct SimulatorOptions
{
    SeedSpec seed;
    QHostAddress address = QHostAddress::LocalHost;
    quint16 prestashopPort = 0; // 0: a free port
    quint16 odooPort = 0;
    quint16 controlPort = 0;
    QString shopTimezone = QStringLiteral("Europe/Paris");
    QString prestashopKey; // empty: derived from the seed
    QString odooDatabase = QStringLiteral("syncsmart");
    QString odooLogin = QStringLiteral("admin");
    QString odooKey; // empty: derived from the seed
    PeerLimits prestashopLimits;
    PeerLimits odooLimits;
    QJsonArray faults;
    ActivityRates activity;
};

// Both simulated peers, their ports, the fault plan, the activity and the control API.
// Everything runs on the thread that owns it (the event loop of syncsmart-sim or of a test).
class Simulator final : public QObject, private ControlEndpoint
{
    Q_OBJECT

public:
    explicit Simulator(SimulatorOptions options, QObject *parent = nullptr);
    ~Simulator() override;

    // Seeds both peers and starts listening. Returns an error message on failure.
    std::optional<QString> start();

    // The facts a client needs: URLs, ports, keys (the "ready line" of syncsmart-sim).
    QJsonObject info() const;

    const SeedCatalog &seed() const { return m_seed; }
    EffectLog &effects() { return m_effects; }
    FaultPlan &faults() { return m_faults; }
    ActivityGenerator &activity() { return *m_activity; }
    PrestaShopSim &prestashop() { return *m_shop; }
    OdooSim &odoo() { return *m_erp; }
    PeerServer &prestashopServer() { return *m_shopServer; }
    PeerServer &odooServer() { return *m_erpServer; }
    PeerServer &controlServer() { return *m_controlServer; }
    qint64 seedingMs() const { return m_seedingMs; }

    // The control API, callable in process as well (tests, benchmarks).
    SimResponse handleControl(const SimRequest &request) override;

private:
    SimResponse controlCommon(const SimRequest &request, const QString &command);
    PeerServer *serverFor(const QString &peer);
    SimClock *clockFor(const QString &peer);

    SimulatorOptions m_options;
    SeedCatalog m_seed;
    EffectLog m_effects;
    SimClock m_shopClock;
    SimClock m_erpClock;
    FaultPlan m_faults;
    std::unique_ptr<PrestaShopSim> m_shop;
    std::unique_ptr<OdooSim> m_erp;
    std::unique_ptr<ActivityGenerator> m_activity;
    PeerServer *m_shopServer = nullptr;
    PeerServer *m_erpServer = nullptr;
    PeerServer *m_controlServer = nullptr;
    qint64 m_seedingMs = 0;
};

// A key that looks like the real thing (PrestaShop: 32 upper-case alphanumerics; Odoo: 40 hex),
// derived from the seed so a demo keeps its key between runs.
QString derivedKey(quint64 seed, int length, bool hex);

} // namespace syncsmart::sim
