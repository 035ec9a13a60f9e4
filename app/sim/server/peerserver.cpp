#include "peerserver.h"

#include <QDateTime>
#include <QHttpServerRequest>
#include <QJsonArray>
#include <QRegularExpression>
#include <QTcpServer>

#include <algorithm>
#include <sys/socket.h>

namespace syncsmart::sim {

namespace {

QByteArray methodName(QHttpServerRequest::Method method)
{
    switch (method) {
    case QHttpServerRequest::Method::Get:
        return "GET";
    case QHttpServerRequest::Method::Put:
        return "PUT";
    case QHttpServerRequest::Method::Delete:
        return "DELETE";
    case QHttpServerRequest::Method::Post:
        return "POST";
    case QHttpServerRequest::Method::Head:
        return "HEAD";
    case QHttpServerRequest::Method::Options:
        return "OPTIONS";
    case QHttpServerRequest::Method::Patch:
        return "PATCH";
    case QHttpServerRequest::Method::Connect:
        return "CONNECT";
    case QHttpServerRequest::Method::Trace:
        return "TRACE";
    default:
        return "UNKNOWN";
    }
}

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 200: return "OK";
    case 201: return "Created";
    case 204: return "No Content";
    case 304: return "Not Modified";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    default: return "Status";
    }
}

// Handlers name headers in lower case; real servers send them capitalised.
QByteArray headerName(const QByteArray &name)
{
    if (name != name.toLower())
        return name;
    static const QHash<QByteArray, QByteArray> special{{"psws-version", "PSWS-Version"},
                                                       {"www-authenticate", "WWW-Authenticate"},
                                                       {"x-powered-by", "X-Powered-By"}};
    if (const auto it = special.find(name); it != special.end())
        return *it;
    QByteArray out = name;
    bool upper = true;
    for (char &c : out) {
        if (upper && c >= 'a' && c <= 'z')
            c = char(c - 'a' + 'A');
        upper = c == '-';
    }
    return out;
}

QString statsRoute(const QString &routeKey)
{
    static const QRegularExpression ids(QStringLiteral("/\\d+"));
    QString route = routeKey;
    return route.replace(ids, QStringLiteral("/{id}"));
}

// Puts characters XML 1.0 forbids into the first text value of the body.
QByteArray withInvalidXmlChars(QByteArray body)
{
    const QByteArray bad = QByteArrayLiteral("\x0B\x01\x1F");
    qsizetype at = body.indexOf("<![CDATA[");
    if (at >= 0) {
        at += 9;
    } else if ((at = body.indexOf(":\"")) >= 0) {
        at += 2;
    } else if ((at = body.indexOf('>')) >= 0) {
        at += 1;
    } else {
        at = body.size() / 2;
    }
    body.insert(at, bad);
    return body;
}

} // namespace

void resetConnection(QTcpSocket *socket)
{
    if (!socket)
        return;
    const qintptr fd = socket->socketDescriptor();
    if (fd >= 0) {
        struct linger lingerOption{1, 0};
        ::setsockopt(int(fd), SOL_SOCKET, SO_LINGER, &lingerOption, sizeof lingerOption);
    }
    socket->abort();
}

void writeHttpResponse(QTcpSocket *socket, const SimResponse &response, bool keepAlive, bool headOnly,
                       bool truncateBody)
{
    QByteArray out;
    out.reserve(256 + response.body.size());
    out += "HTTP/1.1 " + QByteArray::number(response.status) + ' ' + reasonPhrase(response.status) + "\r\n";
    for (const auto &[name, value] : response.headers) {
        if (name.compare("content-length", Qt::CaseInsensitive) == 0 || name.compare("connection", Qt::CaseInsensitive) == 0)
            continue;
        out += headerName(name) + ": " + value + "\r\n";
    }
    out += "Content-Length: " + QByteArray::number(response.body.size()) + "\r\n";
    out += keepAlive && !truncateBody ? "Connection: keep-alive\r\n" : "Connection: close\r\n";
    out += "\r\n";
    if (!headOnly)
        out += truncateBody ? response.body.left(response.body.size() / 2) : response.body;
    socket->write(out);
    if (!keepAlive || truncateBody)
        socket->disconnectFromHost();
}

PeerServer::PeerServer(PeerHandler *handler, FaultPlan *faults, ControlEndpoint *control, QObject *parent)
    : QAbstractHttpServer(parent), m_handler(handler), m_faults(faults), m_control(control)
{
    m_downPoll.setInterval(50);
    connect(&m_downPoll, &QTimer::timeout, this, &PeerServer::updateDownState);
}

PeerServer::~PeerServer() = default;

QString PeerServer::peerName() const
{
    return m_handler ? m_handler->peerName() : QStringLiteral("control");
}

bool PeerServer::listenOn(const QHostAddress &address, quint16 port, QString *error)
{
    m_address = address;
    m_tcp = new QTcpServer(this);
    if (!m_tcp->listen(address, port)) {
        *error = QStringLiteral("%1: cannot listen on %2:%3: %4")
                     .arg(peerName(), address.toString())
                     .arg(port)
                     .arg(m_tcp->errorString());
        return false;
    }
    m_port = m_tcp->serverPort();
    bind(m_tcp);
    m_up = true;
    if (m_handler)
        m_downPoll.start();
    return true;
}

void PeerServer::updateDownState()
{
    if (!m_handler || !m_tcp)
        return;
    const bool down = m_faults->isDown(peerName(), QDateTime::currentMSecsSinceEpoch());
    if (down && m_up)
        goDown();
    else if (!down && !m_up)
        goUp();
}

void PeerServer::goDown()
{
    m_up = false;
    m_tcp->close();
    for (const PendingPtr &pending : std::as_const(m_open))
        pending->done = true;
    const QList<QTcpSocket *> children = m_tcp->findChildren<QTcpSocket *>();
    for (QTcpSocket *socket : children)
        resetConnection(socket);
    for (const QPointer<QTcpSocket> &socket : std::as_const(m_sockets))
        resetConnection(socket.data());
    m_sockets.clear();
    m_open.clear();
    m_waiting.clear();
    m_busy = 0;
}

void PeerServer::goUp()
{
    // The same port again, as a restarted server would (SO_REUSEADDR is set by Qt).
    if (m_tcp->listen(m_address, m_port))
        m_up = true;
}

void PeerServer::trackSocket(QTcpSocket *socket)
{
    for (const auto &known : std::as_const(m_sockets)) {
        if (known == socket)
            return;
    }
    m_sockets.removeAll(nullptr);
    m_sockets.append(socket);
    connect(socket, &QTcpSocket::disconnected, this, [this, socket] { onSocketGone(socket); });
}

bool PeerServer::handleRequest(const QHttpServerRequest &httpRequest, QTcpSocket *socket)
{
    SimRequest request;
    request.method = methodName(httpRequest.method());
    request.path = httpRequest.url().path(QUrl::FullyDecoded);
    request.query = decodeQuery(httpRequest.url().query(QUrl::FullyEncoded).toLatin1());
    for (const auto &[name, value] : httpRequest.headers())
        request.headers.append({name.toLower(), value});
    request.body = httpRequest.body();
    const bool keepAlive = request.header("connection").toLower() != "close";
    const bool headOnly = request.method == "HEAD";

    if (request.path == QLatin1String("/_sim") || request.path.startsWith(QLatin1String("/_sim/"))) {
        writeHttpResponse(socket, m_control->handleControl(request), keepAlive, headOnly);
        return true;
    }
    if (!m_handler) {
        SimResponse missing;
        missing.status = 404;
        missing.headers = {{"content-type", "text/plain; charset=utf-8"}};
        missing.body = "This is the simulator's control port: only /_sim/ is served here.\n";
        writeHttpResponse(socket, missing, keepAlive, headOnly);
        return true;
    }
    if (!m_up) {
        ++m_stats.refusedWhileDown;
        resetConnection(socket);
        return true;
    }
    trackSocket(socket);

    auto pending = std::make_shared<Pending>();
    pending->socket = socket;
    pending->keepAlive = keepAlive;
    const QString route = m_handler->routeKey(request);
    pending->request = std::move(request);
    ++m_stats.requests;
    ++m_stats.byRoute[statsRoute(route)];
    pending->decision = m_faults->decide(peerName(), route);
    if (pending->decision.action == FaultKind::ResetBefore) {
        ++m_stats.resets;
        resetConnection(socket);
        return true;
    }
    admit(pending);
    return true;
}

void PeerServer::admit(const PendingPtr &pending)
{
    m_open.append(pending);
    m_stats.maxInFlight = std::max<qint64>(m_stats.maxInFlight, m_open.size());
    const int capacity = m_limits.effectiveCapacity(peerName());
    if (capacity > 0 && m_busy >= capacity) {
        if (m_limits.rejectBeyondCapacity) {
            ++m_stats.rejected;
            finish(pending, faultResponse(503, 1));
            return;
        }
        m_waiting.push_back(pending);
        m_stats.maxWaiting = std::max<qint64>(m_stats.maxWaiting, qint64(m_waiting.size()));
        return;
    }
    startService(pending);
}

void PeerServer::startService(const PendingPtr &pending)
{
    ++m_busy;
    pending->inService = true;
    const FaultDecision &decision = pending->decision;
    if (decision.action == FaultKind::Hang) {
        ++m_stats.hangs;
        return; // holds its worker until the client gives up (onSocketGone)
    }
    SimResponse response;
    int costMs = 0;
    if (decision.action == FaultKind::Error || decision.action == FaultKind::TooManyRequests) {
        response = faultResponse(decision.status, decision.retryAfterSeconds);
    } else {
        response = m_handler->handle(pending->request);
        costMs = serverCostMs(peerName(), m_limits, response);
    }
    const int delayMs = costMs + decision.extraLatencyMs;
    if (delayMs <= 0) {
        finish(pending, std::move(response));
        return;
    }
    QTimer::singleShot(delayMs, this, [this, pending, response = std::move(response)]() mutable {
        finish(pending, std::move(response));
    });
}

void PeerServer::finish(const PendingPtr &pending, SimResponse response)
{
    if (pending->done)
        return;
    release(pending);
    QTcpSocket *socket = pending->socket.data();
    if (!socket || socket->state() != QAbstractSocket::ConnectedState) {
        ++m_stats.clientGone;
    } else {
        switch (pending->decision.action.value_or(FaultKind::Latency)) {
        case FaultKind::ResetAfter:
            ++m_stats.resets;
            resetConnection(socket);
            break;
        case FaultKind::Truncate:
            writeHttpResponse(socket, response, false, false, true);
            break;
        case FaultKind::Malformed:
            response.body.truncate(response.body.size() / 2);
            writeHttpResponse(socket, response, pending->keepAlive, pending->request.method == "HEAD");
            break;
        case FaultKind::InvalidXmlChars:
            response.body = withInvalidXmlChars(response.body);
            writeHttpResponse(socket, response, pending->keepAlive, pending->request.method == "HEAD");
            break;
        default:
            ++m_stats.answered;
            ++m_stats.byStatus[response.status];
            writeHttpResponse(socket, response, pending->keepAlive, pending->request.method == "HEAD");
            break;
        }
    }
    pumpWaiting();
}

void PeerServer::release(const PendingPtr &pending)
{
    pending->done = true;
    if (pending->inService)
        --m_busy;
    m_open.removeOne(pending);
}

void PeerServer::pumpWaiting()
{
    // An answer without delay finishes inside startService() and pumps again: let the outer loop
    // do it, or a long queue behind a released slot would recurse once per waiting request.
    if (m_pumping)
        return;
    m_pumping = true;
    const int capacity = m_limits.effectiveCapacity(peerName());
    while (!m_waiting.empty() && (capacity <= 0 || m_busy < capacity)) {
        PendingPtr next = m_waiting.front();
        m_waiting.pop_front();
        if (next->done)
            continue;
        startService(next);
    }
    m_pumping = false;
}

void PeerServer::onSocketGone(QTcpSocket *socket)
{
    const QList<PendingPtr> open = m_open;
    for (const PendingPtr &pending : open) {
        if (pending->socket == socket || pending->socket.isNull()) {
            ++m_stats.clientGone;
            release(pending);
        }
    }
    m_waiting.erase(std::remove_if(m_waiting.begin(), m_waiting.end(), [](const PendingPtr &p) { return p->done; }),
                    m_waiting.end());
    pumpWaiting();
}

SimResponse PeerServer::faultResponse(int status, int retryAfterSeconds) const
{
    SimResponse response;
    response.status = status;
    if (status == 429 || status == 503)
        response.setHeader("retry-after", QByteArray::number(std::max(retryAfterSeconds, 1)));
    response.setHeader("content-type", "text/html; charset=utf-8");
    const QByteArray title = QByteArray::number(status) + ' ' + reasonPhrase(status);
    response.body = "<html>\r\n<head><title>" + title + "</title></head>\r\n<body>\r\n<center><h1>" + title
                    + "</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";
    return response;
}

QJsonObject PeerServer::statsJson() const
{
    QJsonObject routes;
    for (auto it = m_stats.byRoute.begin(); it != m_stats.byRoute.end(); ++it)
        routes.insert(it.key(), it.value());
    QJsonObject statuses;
    for (auto it = m_stats.byStatus.begin(); it != m_stats.byStatus.end(); ++it)
        statuses.insert(QString::number(it.key()), it.value());
    return QJsonObject{{QStringLiteral("peer"), peerName()},
                       {QStringLiteral("port"), m_port},
                       {QStringLiteral("up"), m_up},
                       {QStringLiteral("requests"), m_stats.requests},
                       {QStringLiteral("answered"), m_stats.answered},
                       {QStringLiteral("inFlight"), qint64(m_open.size())},
                       {QStringLiteral("maxInFlight"), m_stats.maxInFlight},
                       {QStringLiteral("waiting"), qint64(m_waiting.size())},
                       {QStringLiteral("maxWaiting"), m_stats.maxWaiting},
                       {QStringLiteral("rejected"), m_stats.rejected},
                       {QStringLiteral("resets"), m_stats.resets},
                       {QStringLiteral("hangs"), m_stats.hangs},
                       {QStringLiteral("clientGone"), m_stats.clientGone},
                       {QStringLiteral("refusedWhileDown"), m_stats.refusedWhileDown},
                       {QStringLiteral("byRoute"), routes},
                       {QStringLiteral("byStatus"), statuses},
                       {QStringLiteral("limits"), m_limits.toJson(peerName())}};
}

void PeerServer::resetStats()
{
    m_stats = Stats{};
    m_stats.maxInFlight = m_open.size();
}

} // namespace syncsmart::sim
