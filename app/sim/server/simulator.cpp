#include "simulator.h"

#include "odoo/odoosim.h"
#include "prestashop/prestashopsim.h"

#include <QCoreApplication>
#include <QElapsedTimer>

#include <random>

namespace syncsmart::sim {

QString derivedKey(quint64 seed, int length, bool hex)
{
    static const char upperAlnum[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    static const char hexDigits[] = "0123456789abcdef";
    std::mt19937_64 random(seed * 0x9E3779B97F4A7C15ull + (hex ? 7 : 3));
    QString key;
    for (int i = 0; i < length; ++i)
        key += QLatin1Char(hex ? hexDigits[random() % 16] : upperAlnum[random() % 36]);
    return key;
}

Simulator::Simulator(SimulatorOptions options, QObject *parent)
    : QObject(parent), m_options(std::move(options)), m_seed(m_options.seed), m_faults(m_options.seed.seed)
{
    if (m_options.prestashopKey.isEmpty())
        m_options.prestashopKey = derivedKey(m_options.seed.seed, 32, false);
    if (m_options.odooKey.isEmpty())
        m_options.odooKey = derivedKey(m_options.seed.seed, 40, true);
}

Simulator::~Simulator() = default;

std::optional<QString> Simulator::start()
{
    QString error;
    if (!m_faults.setRules(m_options.faults, QDateTime::currentMSecsSinceEpoch(), &error))
        return error;

    QElapsedTimer seeding;
    seeding.start();
    PrestaShopOptions shopOptions;
    shopOptions.apiKey = m_options.prestashopKey;
    shopOptions.timezone = m_options.shopTimezone;
    m_shop = std::make_unique<PrestaShopSim>(m_seed, m_effects, m_shopClock, shopOptions);
    OdooOptions erpOptions;
    erpOptions.database = m_options.odooDatabase;
    erpOptions.login = m_options.odooLogin;
    erpOptions.apiKey = m_options.odooKey;
    m_erp = std::make_unique<OdooSim>(m_seed, m_effects, m_erpClock, erpOptions);
    m_seedingMs = seeding.elapsed();

    m_shopServer = new PeerServer(m_shop.get(), &m_faults, this, this);
    m_shopServer->limits() = m_options.prestashopLimits;
    m_erpServer = new PeerServer(m_erp.get(), &m_faults, this, this);
    m_erpServer->limits() = m_options.odooLimits;
    m_controlServer = new PeerServer(nullptr, &m_faults, this, this);
    if (!m_shopServer->listenOn(m_options.address, m_options.prestashopPort, &error)
        || !m_erpServer->listenOn(m_options.address, m_options.odooPort, &error)
        || !m_controlServer->listenOn(m_options.address, m_options.controlPort, &error))
        return error;

    m_activity = std::make_unique<ActivityGenerator>(m_seed, *m_shop, *m_erp, m_options.seed.seed);
    m_activity->setRates(m_options.activity);
    return std::nullopt;
}

QJsonObject Simulator::info() const
{
    const QString host = m_options.address.toString();
    auto base = [&host](quint16 port) { return QStringLiteral("http://%1:%2").arg(host).arg(port); };
    return QJsonObject{
        {QStringLiteral("pid"), QCoreApplication::applicationPid()},
        {QStringLiteral("products"), m_seed.size()},
        {QStringLiteral("seed"), QString::number(m_seed.spec().seed)},
        {QStringLiteral("prestashop"),
         QJsonObject{{QStringLiteral("url"), base(m_shopServer->port()) + QStringLiteral("/api/")},
                     {QStringLiteral("port"), m_shopServer->port()},
                     {QStringLiteral("key"), m_options.prestashopKey},
                     {QStringLiteral("timezone"), m_options.shopTimezone},
                     {QStringLiteral("products"), m_shop->productCount()}}},
        {QStringLiteral("odoo"),
         QJsonObject{{QStringLiteral("url"), base(m_erpServer->port()) + QStringLiteral("/jsonrpc")},
                     {QStringLiteral("port"), m_erpServer->port()},
                     {QStringLiteral("database"), m_options.odooDatabase},
                     {QStringLiteral("login"), m_options.odooLogin},
                     {QStringLiteral("apiKey"), m_options.odooKey},
                     {QStringLiteral("products"), m_erp->productCount()}}},
        {QStringLiteral("control"), base(m_controlServer->port()) + QStringLiteral("/_sim/")},
        {QStringLiteral("controlPort"), m_controlServer->port()},
    };
}

PeerServer *Simulator::serverFor(const QString &peer)
{
    if (peer == QLatin1String("prestashop"))
        return m_shopServer;
    if (peer == QLatin1String("odoo"))
        return m_erpServer;
    return nullptr;
}

SimClock *Simulator::clockFor(const QString &peer)
{
    if (peer == QLatin1String("prestashop"))
        return &m_shopClock;
    if (peer == QLatin1String("odoo"))
        return &m_erpClock;
    return nullptr;
}

} // namespace syncsmart::sim
