#include "connectors/http/httpclient.h"

#include "connectors/http/httpfailure.h"

#include "common/logging.h"

#include <QElapsedTimer>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPointer>
#include <QSslCertificate>
#include <QSslError>
#include <QTimer>

#include <algorithm>
#include <climits>
#include <map>

namespace syncsmart {

QByteArray HttpResponse::header(const QByteArray &lowerCaseName) const
{
    for (const auto &header : headers)
        if (header.first == lowerCaseName)
            return header.second;
    return {};
}

struct HttpClient::Pending
{
    HttpRequest request;
    Callback callback;
    int manager = -1;
    QElapsedTimer elapsed;
    int status = 0;
    bool onWire = false;              // only requests that went out tell the breaker anything
    std::optional<Error> abortReason; // a timeout this client enforced
    QList<QSslError> sslErrors;
};

struct HttpClient::Internals
{
    std::map<QNetworkReply *, std::unique_ptr<Pending>> inFlight;
    std::vector<int> load; // requests in flight per manager
    QList<QSslCertificate> trusted;
    std::optional<Error> tlsSetupError;
    qint64 holdUntilMs = 0; // the peer asked for a pause (429/503 + Retry-After): nothing starts before
};

namespace {

// A peer's Retry-After holds every request of this client, but never longer than this: the queue's
// own backoff takes over for longer waits.
constexpr qint64 kMaxHoldMs = 120'000;

PeerEndpoint sanitized(PeerEndpoint endpoint)
{
    PeerLimits &limits = endpoint.limits;
    limits.maxInFlight = std::max(1, limits.maxInFlight);
    if (limits.burst <= 0)
        limits.burst = limits.maxInFlight;
    limits.connectTimeoutMs = std::max(1, limits.connectTimeoutMs);
    limits.idleTimeoutMs = std::max(1, limits.idleTimeoutMs);
    limits.totalTimeoutMs = std::max(1, limits.totalTimeoutMs);
    return endpoint;
}

QString timeOfDay(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss 'UTC'"));
}

// The fail-fast answer while the circuit is open: who, since when, why, and when the next probe goes.
Error circuitOpen(const HttpClient &client, const CircuitBreaker &breaker, qint64 nowMs,
                  const HttpRequest &request)
{
    const QString peer = client.endpoint().peerName;
    const QString last =
        breaker.lastFailure().isEmpty() ? QString() : QObject::tr(" (last: %1)").arg(breaker.lastFailure());
    Error error = Error::transient(
        QStringLiteral("circuit.open"),
        QObject::tr(
            "%1: not sent: %2 has not been answering since %3%4; requests to it are held until the next "
            "probe at %5, then retried")
            .arg(client.describe(request), peer, timeOfDay(breaker.openedAtMs()), last,
                 timeOfDay(breaker.retryAtMs())),
        {{QStringLiteral("retryAfterMs"), std::max<qint64>(0, breaker.retryAtMs() - nowMs)},
         {QStringLiteral("circuitOpenSinceMs"), breaker.openedAtMs()}});
    return client.withContext(std::move(error), request);
}

constexpr int kConnectionsPerManager = 6; // Qt 6.4: per host and port, per QNetworkAccessManager

} // namespace

HttpClient::HttpClient(PeerEndpoint endpoint, ResponseClassifier classifier,
                       std::shared_ptr<const Redactor> redactor, const Clock &clock, QObject *parent)
    : QObject(parent)
    , m_endpoint(sanitized(std::move(endpoint)))
    , m_classifier(std::move(classifier))
    , m_redactor(redactor ? std::move(redactor) : std::make_shared<const Redactor>())
    , m_clock(clock)
    , m_breaker(new CircuitBreaker(m_endpoint.peerName, m_endpoint.breaker, clock, this))
    , m_bucket(m_endpoint.limits.requestsPerSecond, m_endpoint.limits.burst, clock)
    , m_pumpTimer(new QTimer(this))
    , m_probeTimer(new QTimer(this))
    , m_internals(std::make_unique<Internals>())
{
    if (!m_classifier) {
        m_classifier = [this](const HttpRequest &request,
                              const HttpResponse &response) -> std::optional<Error> {
            if (response.status >= 300)
                return errorForStatus(request, response);
            return std::nullopt;
        };
    }
    const int managers =
        (m_endpoint.limits.maxInFlight + kConnectionsPerManager - 1) / kConnectionsPerManager;
    for (int i = 0; i < managers; ++i) {
        auto *manager = new QNetworkAccessManager(this);
        manager->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
        m_managers.push_back(manager);
    }
    m_internals->load.assign(m_managers.size(), 0);
    m_stats.managers = static_cast<int>(m_managers.size());

    if (m_endpoint.tls.mode == TlsSettings::Mode::TrustCertificate) {
        auto trusted = httpfailure::loadTrusted(m_endpoint.tls);
        if (trusted)
            m_internals->trusted = *trusted;
        else
            m_internals->tlsSetupError = trusted.error();
    }
    const QString warning = m_endpoint.tls.warning(m_endpoint.peerName);
    if (!warning.isEmpty())
        qCWarning(lcHttp).noquote() << m_redactor->redact(warning);

    m_pumpTimer->setSingleShot(true);
    connect(m_pumpTimer, &QTimer::timeout, this, &HttpClient::pump);
    m_probeTimer->setSingleShot(true);
    connect(m_probeTimer, &QTimer::timeout, this, [this] {
        const auto state = m_breaker->state();
        if (state == CircuitBreaker::State::Open) {
            scheduleProbe(); // the clock says it is not time yet
            return;
        }
        if (state != CircuitBreaker::State::HalfOpen)
            return;
        if (!m_waiting.empty()) {
            pump(); // the first waiting request is the probe
            return;
        }
        if (m_probe) {
            qCInfo(lcHttp).noquote() << m_redactor->redact(
                tr("%1: probing whether it answers again").arg(m_endpoint.peerName));
            send(*m_probe, [](Result<HttpResponse>) {}); // its outcome reaches the breaker in complete()
        }
    });
    connect(m_breaker, &CircuitBreaker::stateChanged, this, &HttpClient::breakerStateChanged);
    connect(m_breaker, &CircuitBreaker::stateChanged, this, [this](CircuitBreaker::State state) {
        if (state == CircuitBreaker::State::Open) {
            scheduleProbe();
        } else if (state == CircuitBreaker::State::Closed) {
            m_probeTimer->stop();
            if (!m_waiting.empty())
                m_pumpTimer->start(0);
        }
    });
}

HttpClient::~HttpClient()
{
    // Callbacks of unfinished requests are dropped: their owners are being destroyed with this client.
    m_pumpTimer->stop();
    m_probeTimer->stop();
    m_waiting.clear();
    auto inFlight = std::move(m_internals->inFlight);
    for (auto &entry : inFlight) {
        entry.first->disconnect(this);
        entry.first->abort();
    }
}

void HttpClient::setHealthProbe(HttpRequest probe)
{
    if (probe.operation.isEmpty())
        probe.operation = tr("check whether %1 answers").arg(m_endpoint.peerName);
    m_probe = std::move(probe);
}

void HttpClient::send(HttpRequest request, Callback callback)
{
    auto pending = std::make_unique<Pending>();
    pending->request = std::move(request);
    pending->callback = std::move(callback);
    std::optional<Error> refusal;
    if (m_internals->tlsSetupError) {
        Error error = *m_internals->tlsSetupError;
        error.message = describe(pending->request) + QLatin1String(": ") + error.message;
        refusal = withContext(std::move(error), pending->request);
    } else if (m_breaker->state() == CircuitBreaker::State::Open) {
        refusal = circuitOpen(*this, *m_breaker, m_clock.nowMs(), pending->request);
    }
    if (refusal) {
        // Never inside send(): the caller may be half-way through its own bookkeeping.
        std::shared_ptr<Pending> shared(std::move(pending));
        QTimer::singleShot(0, this, [this, shared, error = *refusal] { complete(*shared, error); });
        return;
    }
    m_waiting.push_back(std::move(pending));
    m_stats.waiting = static_cast<int>(m_waiting.size());
    // Started from the event loop, never from here, for the same reason.
    m_pumpTimer->start(0);
}

void HttpClient::pump()
{
    while (!m_waiting.empty() && m_stats.inFlight < m_endpoint.limits.maxInFlight) {
        if (m_breaker->state() == CircuitBreaker::State::Open) {
            // Queued before the circuit opened: fail them fast too, they would only feed the outage.
            auto refused = std::move(m_waiting);
            m_waiting.clear();
            m_stats.waiting = 0;
            const QPointer<HttpClient> alive(this); // a callback may destroy this client
            for (auto &pending : refused) {
                if (!alive)
                    return;
                complete(*pending, circuitOpen(*this, *m_breaker, m_clock.nowMs(), pending->request));
            }
            if (!alive)
                return;
            continue; // a callback may have queued more
        }
        if (const qint64 hold = m_internals->holdUntilMs - m_clock.nowMs(); hold > 0) {
            m_pumpTimer->start(static_cast<int>(std::min<qint64>(hold, INT_MAX)));
            break;
        }
        if (const qint64 wait = m_bucket.msUntilNextToken(); wait > 0) {
            m_pumpTimer->start(static_cast<int>(std::min<qint64>(wait, INT_MAX)));
            break;
        }
        if (!m_breaker->allowRequest())
            break; // half-open: the probe is out, the others wait for its outcome
        m_bucket.tryTake();
        auto pending = std::move(m_waiting.front());
        m_waiting.pop_front();
        start(std::move(pending));
    }
    m_stats.waiting = static_cast<int>(m_waiting.size());
}

QNetworkAccessManager *HttpClient::leastBusyManager()
{
    const auto least = std::min_element(m_internals->load.begin(), m_internals->load.end());
    return m_managers[static_cast<size_t>(least - m_internals->load.begin())];
}

void HttpClient::start(std::unique_ptr<Pending> pending)
{
    const HttpRequest &request = pending->request;
    const PeerLimits &limits = m_endpoint.limits;
    QNetworkRequest networkRequest(request.url);
    networkRequest.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                                QNetworkRequest::ManualRedirectPolicy);
    networkRequest.setTransferTimeout(limits.idleTimeoutMs);
    bool userAgent = false;
    for (const auto &header : request.headers) {
        networkRequest.setRawHeader(header.first, header.second);
        userAgent = userAgent || header.first.compare("user-agent", Qt::CaseInsensitive) == 0;
    }
#ifdef SYNCSMART_VERSION
    if (!userAgent)
        networkRequest.setHeader(QNetworkRequest::UserAgentHeader,
                                 QByteArrayLiteral("SyncSmart/" SYNCSMART_VERSION));
#endif
    // Accept-Encoding is left to Qt: it asks for gzip/deflate and decodes them only when it set the header.

    QNetworkAccessManager *manager = leastBusyManager();
    pending->manager =
        static_cast<int>(std::find(m_managers.begin(), m_managers.end(), manager) - m_managers.begin());
    pending->elapsed.start();
    pending->onWire = true;
    QNetworkReply *reply = nullptr;
    if (request.method == "GET" && request.body.isEmpty())
        reply = manager->get(networkRequest);
    else if (request.method == "HEAD")
        reply = manager->head(networkRequest);
    else
        reply = manager->sendCustomRequest(networkRequest, request.method, request.body);

    ++m_internals->load[static_cast<size_t>(pending->manager)];
    ++m_stats.inFlight;
    ++m_stats.sent;
    m_stats.maxInFlightSeen = std::max(m_stats.maxInFlightSeen, m_stats.inFlight);
    m_internals->inFlight.emplace(reply, std::move(pending));

    const auto abortWith = [this, reply](httpfailure::Timeout which, int ms) {
        const auto it = m_internals->inFlight.find(reply);
        if (it == m_internals->inFlight.end() || it->second->abortReason)
            return;
        it->second->abortReason =
            httpfailure::timeout(describe(it->second->request), it->second->request.url, which, ms);
        reply->abort();
    };
    auto *connectTimer = new QTimer(reply);
    connectTimer->setSingleShot(true);
    connectTimer->setInterval(limits.connectTimeoutMs);
    connect(reply, &QNetworkReply::socketStartedConnecting, connectTimer, qOverload<>(&QTimer::start));
    connect(reply, &QNetworkReply::requestSent, connectTimer, &QTimer::stop);
    connect(connectTimer, &QTimer::timeout, this,
            [abortWith, ms = limits.connectTimeoutMs] { abortWith(httpfailure::Timeout::Connect, ms); });
    auto *totalTimer = new QTimer(reply);
    totalTimer->setSingleShot(true);
    connect(totalTimer, &QTimer::timeout, this,
            [abortWith, ms = limits.totalTimeoutMs] { abortWith(httpfailure::Timeout::Total, ms); });
    totalTimer->start(limits.totalTimeoutMs);

    connect(reply, &QNetworkReply::sslErrors, this, [this, reply](const QList<QSslError> &errors) {
        const auto it = m_internals->inFlight.find(reply);
        if (it == m_internals->inFlight.end())
            return;
        const QList<QSslError> allowed = httpfailure::ignorable(errors, m_endpoint.tls, m_internals->trusted);
        if (!allowed.isEmpty())
            reply->ignoreSslErrors(allowed); // exactly these: any other error still fails the handshake
        for (const QSslError &error : errors)
            if (!allowed.contains(error))
                it->second->sslErrors << error;
    });
    connect(reply, &QNetworkReply::finished, this, [this, reply] { finish(reply); });
}

void HttpClient::finish(QNetworkReply *reply)
{
    const auto it = m_internals->inFlight.find(reply);
    if (it == m_internals->inFlight.end())
        return;
    std::unique_ptr<Pending> pending = std::move(it->second);
    m_internals->inFlight.erase(it);
    --m_internals->load[static_cast<size_t>(pending->manager)];
    --m_stats.inFlight;
    reply->disconnect(this);
    reply->deleteLater();

    const HttpRequest &request = pending->request;
    const QNetworkReply::NetworkError code = reply->error();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    pending->status = status;
    std::optional<Result<HttpResponse>> result;
    if (pending->abortReason) {
        result.emplace(*pending->abortReason);
    } else if (code == QNetworkReply::OperationCanceledError) {
        // Nobody else aborts our replies: Qt's transfer timeout did (the idle timeout).
        result.emplace(httpfailure::timeout(describe(request), request.url, httpfailure::Timeout::Idle,
                                            m_endpoint.limits.idleTimeoutMs));
    } else if (status <= 0 || httpfailure::isTransportError(code)) {
        result.emplace(httpfailure::transport(describe(request), request.url, code, reply->errorString(),
                                              pending->sslErrors, m_endpoint.tls));
    } else {
        HttpResponse response;
        response.status = status;
        response.body = reply->readAll();
        for (const auto &header : reply->rawHeaderPairs())
            response.headers.append({header.first.toLower(), header.second});
        response.elapsedMs = pending->elapsed.elapsed();
        m_stats.recentLatencyMs = m_stats.recentLatencyMs <= 0
                                      ? double(response.elapsedMs)
                                      : 0.8 * m_stats.recentLatencyMs + 0.2 * double(response.elapsedMs);
        if (std::optional<Error> error = m_classifier(request, response)) {
            if (!error->context.contains(QStringLiteral("peer")))
                error = withContext(std::move(*error), request, &response);
            result.emplace(std::move(*error));
        } else {
            result.emplace(std::move(response));
        }
    }
    const QPointer<HttpClient> alive(this); // a callback may destroy this client
    complete(*pending, std::move(*result));
    if (alive)
        pump();
}

void HttpClient::complete(Pending &pending, Result<HttpResponse> result)
{
    const HttpRequest &request = pending.request;
    const qint64 ms = pending.elapsed.isValid() ? pending.elapsed.elapsed() : 0;
    const QString line = QString::fromLatin1(request.method) + QLatin1Char(' ') +
                         request.url.toDisplayString(QUrl::RemoveUserInfo);
    if (result) {
        m_breaker->recordSuccess();
        ++m_stats.succeeded;
        // One multi-arg call: percent escapes in the URL (%2C) are never taken for placeholders.
        qCDebug(lcHttp).noquote() << m_redactor->redact(QStringLiteral("%1 %2 -> %3 in %4 ms")
                                                            .arg(m_endpoint.peerName, line,
                                                                 QString::number(pending.status), QString::number(ms)));
        pending.callback(std::move(result));
        return;
    }
    Error error = result.error();
    if (!error.context.contains(QStringLiteral("peer")))
        error = withContext(std::move(error), request);
    // The last guard: whatever a classifier built, nothing leaves here unredacted.
    error.message = m_redactor->redact(error.message);
    error.context = m_redactor->redact(error.context);
    if (pending.onWire) {
        // The breaker counts outages: no answer, or a server error. A 429 is paced by holding the
        // queue for its Retry-After; an error the classifier marks peerAlive (a PHP warning on one
        // record) says the peer works; neither may open the circuit for the whole peer.
        const bool outage = pending.status <= 0
                            || (pending.status >= 500 && !error.context.value(QStringLiteral("peerAlive")).toBool());
        if (outage)
            m_breaker->recordFailure(error);
        else
            m_breaker->recordSuccess();
        if ((pending.status == 429 || pending.status == 503) && error.context.contains(QStringLiteral("retryAfterMs"))) {
            const qint64 wait = std::min<qint64>(error.context.value(QStringLiteral("retryAfterMs")).toLongLong(),
                                                 kMaxHoldMs);
            m_internals->holdUntilMs = std::max(m_internals->holdUntilMs, m_clock.nowMs() + wait);
        }
    }
    ++m_stats.failed;
    qCDebug(lcHttp).noquote() << m_redactor->redact(QStringLiteral("%1 %2 -> %3 (%4) in %5 ms")
                                                        .arg(m_endpoint.peerName, line, QString::number(pending.status),
                                                             error.code, QString::number(ms)));
    qCInfo(lcHttp).noquote() << error.toString();
    pending.callback(std::move(error));
}

void HttpClient::scheduleProbe()
{
    if (m_breaker->state() == CircuitBreaker::State::Closed) {
        m_probeTimer->stop();
        return;
    }
    const qint64 wait = m_breaker->retryAtMs() - m_clock.nowMs();
    m_probeTimer->start(static_cast<int>(std::clamp<qint64>(wait, 10, INT_MAX)));
}

} // namespace syncsmart
