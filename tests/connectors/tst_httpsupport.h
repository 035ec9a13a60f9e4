#pragma once

// Shared by the HttpClient tests: a client with the generic classifier, a synchronous send, and a tiny
// loopback HTTP server that answers every request with one fixed answer (for what the simulator cannot do).

#include "connectors/http/httpclient.h"

#include "awaitresult.h"

#include <QTcpServer>
#include <QTcpSocket>

#include <functional>
#include <memory>
#include <utility>

namespace syncsmart::testing {

// What every connector does for a peer that says nothing useful in its bodies: the status decides.
inline std::unique_ptr<HttpClient> makeClient(const PeerEndpoint &endpoint,
                                              std::shared_ptr<const Redactor> redactor, const Clock &clock)
{
    auto self = std::make_shared<HttpClient *>(nullptr);
    auto client = std::make_unique<HttpClient>(
        endpoint,
        [self](const HttpRequest &request, const HttpResponse &response) -> std::optional<Error> {
            if (response.status >= 300)
                return (*self)->errorForStatus(request, response);
            return std::nullopt;
        },
        std::move(redactor), clock);
    *self = client.get();
    return client;
}

inline Result<HttpResponse> sendAndWait(HttpClient &client, const HttpRequest &request,
                                        int timeoutMs = 60'000)
{
    return awaitResult<HttpResponse>([&](auto done) { client.send(request, done); }, timeoutMs);
}

inline QString describeResult(const Result<HttpResponse> &result)
{
    return result ? QStringLiteral("HTTP %1").arg(result->status) : result.error().toString();
}

// Takes every connection waiting on server: once a request's headers are in, writes what answer
// returns for it (request line and headers, and any body read) and closes the connection.
inline void answerPendingConnections(QTcpServer &server, std::function<QByteArray(QByteArray request)> answer)
{
    while (QTcpSocket *socket = server.nextPendingConnection()) {
        auto received = std::make_shared<QByteArray>();
        QObject::connect(socket, &QTcpSocket::readyRead, socket, [socket, received, answer] {
            *received += socket->readAll();
            if (!received->contains("\r\n\r\n"))
                return;
            socket->write(answer(std::exchange(*received, {})));
            socket->disconnectFromHost();
        });
        QObject::connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    }
}

// Answers every request on 127.0.0.1 with `answer` and closes the connection; counts the requests.
class FixedAnswerServer : public QTcpServer
{
public:
    explicit FixedAnswerServer(QByteArray answer)
        : m_answer(std::move(answer))
    {
        listen(QHostAddress::LocalHost, 0);
        connect(this, &QTcpServer::newConnection, this, [this] {
            answerPendingConnections(*this, [this](QByteArray request) {
                ++m_requests;
                m_lastRequest = std::move(request);
                return m_answer;
            });
        });
    }
    int requests() const { return m_requests; }
    QByteArray lastRequest() const { return m_lastRequest; } // request line and headers (and any body read)
    QString url(const QString &path = QStringLiteral("/api/")) const
    {
        return QStringLiteral("http://127.0.0.1:%1%2").arg(serverPort()).arg(path);
    }

private:
    QByteArray m_answer;
    QByteArray m_lastRequest;
    int m_requests = 0;
};

// A loopback port where nothing listens: connections to it are refused.
inline quint16 closedPort()
{
    QTcpServer server;
    server.listen(QHostAddress::LocalHost, 0);
    const quint16 port = server.serverPort();
    server.close();
    return port;
}

} // namespace syncsmart::testing
