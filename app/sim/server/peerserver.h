#pragma once

#include "common/simhttp.h"
#include "server/costmodel.h"
#include "server/faults.h"

#include <QAbstractHttpServer>
#include <QHash>
#include <QHostAddress>
#include <QPointer>
#include <QTcpSocket>
#include <QTimer>

#include <deque>
#include <memory>

class QTcpServer;

namespace syncsmart::sim {

// Answers /_sim/ requests (the control API): never faulted, never charged.
class ControlEndpoint
{
public:
    virtual ~ControlEndpoint() = default;
    virtual SimResponse handleControl(const SimRequest &request) = 0;
};

// One listening port of the simulator: an emulated API (PeerHandler) behind the fault injector,
// the cost model and the capacity limit, plus the control API. Writes raw HTTP/1.1 to the socket
// so faults can break the exchange exactly where a real network or server would.
class PeerServer final : public QAbstractHttpServer
{
    Q_OBJECT

public:
    // handler may be null: a control-only port.
    PeerServer(PeerHandler *handler, FaultPlan *faults, ControlEndpoint *control, QObject *parent = nullptr);
    ~PeerServer() override;

    bool listenOn(const QHostAddress &address, quint16 port, QString *error);
    quint16 port() const { return m_port; }
    QString peerName() const;
    bool isUp() const { return m_up; }

    PeerLimits &limits() { return m_limits; }
    QJsonObject statsJson() const;
    void resetStats();

    // Re-reads the down windows of the fault plan now (also polled every 50 ms).
    void updateDownState();

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &, QTcpSocket *) override {}

private:
    struct Pending
    {
        QPointer<QTcpSocket> socket;
        SimRequest request;
        FaultDecision decision;
        bool keepAlive = true;
        bool inService = false;
        bool done = false;
    };
    using PendingPtr = std::shared_ptr<Pending>;

    void admit(const PendingPtr &pending);
    void startService(const PendingPtr &pending);
    void finish(const PendingPtr &pending, SimResponse response);
    void release(const PendingPtr &pending);
    void pumpWaiting();
    void onSocketGone(QTcpSocket *socket);
    void goDown();
    void goUp();
    SimResponse faultResponse(int status, int retryAfterSeconds) const;
    void trackSocket(QTcpSocket *socket);

    PeerHandler *m_handler;
    FaultPlan *m_faults;
    ControlEndpoint *m_control;
    QTcpServer *m_tcp = nullptr;
    QHostAddress m_address;
    quint16 m_port = 0;
    bool m_up = false;
    QTimer m_downPoll;
    PeerLimits m_limits;

    int m_busy = 0;
    bool m_pumping = false;
    std::deque<PendingPtr> m_waiting;
    QList<PendingPtr> m_open; // admitted, not yet answered (incl. waiting and hanging)
    QList<QPointer<QTcpSocket>> m_sockets;

    struct Stats
    {
        qint64 requests = 0;
        qint64 answered = 0;
        qint64 maxInFlight = 0;
        qint64 maxWaiting = 0;
        qint64 rejected = 0;
        qint64 resets = 0;
        qint64 hangs = 0;
        qint64 clientGone = 0;
        qint64 refusedWhileDown = 0;
        QHash<QString, qint64> byRoute;
        QHash<int, qint64> byStatus;
    } m_stats;
};

// Writes one HTTP/1.1 response. truncateBody: announce the whole body, send half, close.
void writeHttpResponse(QTcpSocket *socket, const SimResponse &response, bool keepAlive, bool headOnly,
                       bool truncateBody = false);

// Closes the connection with a TCP reset (SO_LINGER 0), as a crashed server or proxy does.
void resetConnection(QTcpSocket *socket);

} // namespace syncsmart::sim
