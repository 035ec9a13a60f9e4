#include "demosession.h"

#include "reconcile/reconcileschedule.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QStandardPaths>
#include <QTimeZone>
#include <QTimer>
#include <QUrl>

namespace syncsmart {

namespace {
constexpr int kStartTimeoutMs = 60'000;
} // namespace

DemoSession::DemoSession(QString simulatorPath, QObject *parent)
    : QObject(parent), m_simulatorPath(std::move(simulatorPath))
{
}

DemoSession::~DemoSession()
{
    if (!m_process)
        return;
    disconnect(m_process.get(), nullptr, this, nullptr);
    if (m_process->state() != QProcess::NotRunning) {
        m_process->terminate();
        if (!m_process->waitForFinished(3'000)) {
            m_process->kill();
            m_process->waitForFinished(3'000);
        }
    }
}

QString DemoSession::findSimulator()
{
    const QString name = QStringLiteral("syncsmart-sim");
    if (const QString env = qEnvironmentVariable("SYNCSMART_SIM"); !env.isEmpty() && QFileInfo(env).isExecutable())
        return env;
    const QDir here(QCoreApplication::applicationDirPath());
    for (const QString &candidate : {here.filePath(name), here.filePath(QStringLiteral("../sim/") + name),
                                     here.filePath(QStringLiteral("../../app/sim/") + name)}) {
        if (QFileInfo(candidate).isExecutable())
            return QFileInfo(candidate).canonicalFilePath();
    }
    return QStandardPaths::findExecutable(name);
}

void DemoSession::start(int products)
{
    if (m_process)
        return;
    if (m_simulatorPath.isEmpty() || !QFileInfo(m_simulatorPath).isExecutable()) {
        QTimer::singleShot(0, this, [this] {
            fail(tr("The demo needs syncsmart-sim, which was not found next to the console or on the PATH. "
                    "Build it (cmake --build --preset release) or set SYNCSMART_SIM to its path."));
        });
        return;
    }
    m_process = std::make_unique<QProcess>();
    m_process->setProcessChannelMode(QProcess::SeparateChannels);
    m_process->setReadChannel(QProcess::StandardOutput);
    connect(m_process.get(), &QProcess::readyReadStandardOutput, this, &DemoSession::onOutput);
    connect(m_process.get(), &QProcess::finished, this, &DemoSession::onFinished);
    connect(m_process.get(), &QProcess::errorOccurred, this, [this](QProcess::ProcessError error) {
        if (error == QProcess::FailedToStart)
            fail(tr("syncsmart-sim (%1) could not be started: %2").arg(m_simulatorPath, m_process->errorString()));
    });
    // A living shop: some divergence to settle at the first sync, activity on both sides, faults
    // now and then (latency, a few 5xx, 429s, an ERP outage every few minutes).
    const QStringList args{QStringLiteral("--products"),        QString::number(products),
                           QStringLiteral("--missing-in-shop"), QStringLiteral("0.01"),
                           QStringLiteral("--missing-in-erp"),  QStringLiteral("0.01"),
                           QStringLiteral("--field-mismatch"),  QStringLiteral("0.02"),
                           QStringLiteral("--duplicates-shop"), QStringLiteral("2"),
                           QStringLiteral("--duplicates-erp"),  QStringLiteral("2"),
                           QStringLiteral("--activity"),        QStringLiteral("demo"),
                           QStringLiteral("--faults"),          QStringLiteral("demo"),
                           QStringLiteral("--die-with-parent"), QStringLiteral("--quiet")};
    m_process->start(m_simulatorPath, args);
    QTimer::singleShot(kStartTimeoutMs, this, [this] {
        if (!isReady())
            fail(tr("syncsmart-sim did not say it was ready within %1 s.").arg(kStartTimeoutMs / 1000));
    });
}

QString DemoSession::controlUrl() const
{
    return m_ready.value(QLatin1String("control")).toString();
}

qint64 DemoSession::simulatorPid() const
{
    return m_process ? m_process->processId() : 0;
}

void DemoSession::onOutput()
{
    m_output += m_process->readAllStandardOutput();
    if (isReady() || m_done)
        return;
    for (const QByteArray &line : m_output.split('\n')) {
        if (!line.startsWith("SYNCSMART_SIM_READY "))
            continue;
        const QJsonObject ready = QJsonDocument::fromJson(line.mid(20)).object();
        if (ready.isEmpty())
            continue;
        m_ready = ready;
        m_profile = profileFor(ready);
        m_done = true;
        m_output.clear();
        emit this->ready(m_profile);
        return;
    }
}

void DemoSession::onFinished(int exitCode, QProcess::ExitStatus status)
{
    const QString err = QString::fromUtf8(m_process->readAllStandardError()).trimmed();
    const QString how = status == QProcess::CrashExit ? tr("crashed") : tr("exited with status %1").arg(exitCode);
    if (!isReady())
        fail(tr("syncsmart-sim %1 before it was ready%2").arg(how, err.isEmpty() ? QString() : QStringLiteral(": ") + err));
    else
        emit failed(tr("The demo simulator %1; the demo shop and ERP are gone. Restart the console with --demo.")
                        .arg(how));
}

void DemoSession::fail(const QString &message)
{
    if (m_done)
        return;
    m_done = true;
    emit failed(message);
}

SyncProfile DemoSession::profileFor(const QJsonObject &ready) const
{
    const QJsonObject shop = ready.value(QLatin1String("prestashop")).toObject();
    const QJsonObject erp = ready.value(QLatin1String("odoo")).toObject();
    SyncProfile p;
    p.name = QStringLiteral("demo");
    p.shop.endpoint.peerName = QStringLiteral("PrestaShop");
    p.shop.endpoint.baseUrl = QUrl(shop.value(QLatin1String("url")).toString());
    p.shop.apiKey = shop.value(QLatin1String("key")).toString();
    p.shop.shopTimeZone = QTimeZone(shop.value(QLatin1String("timezone")).toString().toUtf8());
    p.shop.languageIds = QStringList{QStringLiteral("1")};
    QString odooUrl = erp.value(QLatin1String("url")).toString(); // ".../jsonrpc"
    odooUrl.chop(QStringLiteral("jsonrpc").size());
    p.erp.endpoint.peerName = QStringLiteral("Odoo");
    p.erp.endpoint.baseUrl = QUrl(odooUrl);
    p.erp.database = erp.value(QLatin1String("database")).toString();
    p.erp.login = erp.value(QLatin1String("login")).toString();
    p.erp.apiKey = erp.value(QLatin1String("apiKey")).toString();
    // A short poll interval so that the views move while someone watches; an outage is noticed fast.
    p.sync.pollIntervalS = 5;
    p.sync.windowOverlapS = 10;
    for (PeerEndpoint *e : {&p.shop.endpoint, &p.erp.endpoint}) {
        e->limits.maxInFlight = 4;
        e->limits.requestsPerSecond = 0;
        e->limits.totalTimeoutMs = 20'000;
        e->breaker.openMs = 5'000;
        e->breaker.maxOpenMs = 20'000;
    }
    // Names resolved by the newest edit: the simulator's simultaneous renames are ties, which wait
    // in Conflicts for a decision — the demo shows both kinds of conflict.
    p.fields.setRule(QStringLiteral("name"), FieldRule::Newest);
    // The auditor on a schedule, as a shop would set it up; the demo's is short enough to be seen.
    p.reconcile.schedule = *ReconcileSchedule::parse(QStringLiteral("every 1 h"));
    return p;
}

} // namespace syncsmart
