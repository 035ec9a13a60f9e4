#pragma once

#include "sync/syncprofile.h"

#include <QJsonObject>
#include <QObject>
#include <QProcess>

#include <memory>

namespace syncsmart {

// `syncsmart --demo`: a simulated shop and ERP (syncsmart-sim as a child process on free loopback
// ports, a seeded catalog with some divergence, live activity and occasional faults) and the
// profile that syncs them. The simulator dies with this object, and with the console's process.
class DemoSession final : public QObject
{
    Q_OBJECT
public:
    explicit DemoSession(QString simulatorPath, QObject *parent = nullptr);
    ~DemoSession() override; // stops the simulator

    // Where the console looks for syncsmart-sim: $SYNCSMART_SIM, next to the console, in the build
    // tree's app/sim folder, then PATH. Empty when not found.
    static QString findSimulator();

    // Starts the simulator; ready or failed follows (never both, at most once).
    void start(int products = 5000);
    bool isReady() const { return !m_ready.isEmpty(); }
    const SyncProfile &profile() const { return m_profile; }
    QString controlUrl() const; // the simulator's control API
    qint64 simulatorPid() const;

Q_SIGNALS:
    void ready(const syncsmart::SyncProfile &profile);
    void failed(const QString &message);

private:
    void onOutput();
    void onFinished(int exitCode, QProcess::ExitStatus status);
    void fail(const QString &message);
    SyncProfile profileFor(const QJsonObject &ready) const;

    QString m_simulatorPath;
    std::unique_ptr<QProcess> m_process;
    QByteArray m_output;
    QJsonObject m_ready;
    SyncProfile m_profile;
    bool m_done = false;
};

} // namespace syncsmart
