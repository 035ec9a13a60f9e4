#pragma once

#include "connectors/http/peerendpoint.h"
#include "connectors/http/tokenbucket.h"

#include "common/clock.h"
#include "common/redactor.h"
#include "common/result.h"
#include "queue/circuitbreaker.h"

#include <QByteArray>
#include <QJsonDocument>
#include <QList>
#include <QObject>
#include <QPair>
#include <QUrl>

#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

class QNetworkAccessManager;
class QNetworkReply;
class QTimer;

namespace syncsmart {

using HttpHeaders = QList<QPair<QByteArray, QByteArray>>;

struct HttpRequest
{
    QByteArray method = "GET";
    QUrl url;
    HttpHeaders headers;
    QByteArray body;
    QString operation; // what the engine was doing, for people: "read changed products"
    QString record;    // which record, for people: "SKU-000123", "order 42"; may be empty
};

struct HttpResponse
{
    int status = 0;
    QByteArray body;
    HttpHeaders headers;   // names lower-case
    qint64 elapsedMs = 0;
    // The body as JSON, when the classifier had to parse it to judge the answer: kept so that the
    // connector does not parse a page of a thousand products a second time (null: not parsed).
    mutable QJsonDocument json;

    QByteArray header(const QByteArray &lowerCaseName) const;
};

// Turns an HTTP answer into an error when the peer meant one (the body decides, not the status alone).
// Returns nullopt for a success. Each connector supplies its own.
using ResponseClassifier = std::function<std::optional<Error>(const HttpRequest &, const HttpResponse &)>;

struct HttpStats
{
    int inFlight = 0;
    int waiting = 0;          // queued behind the in-flight limit, the rate limit or a half-open probe
    int maxInFlightSeen = 0;
    qint64 sent = 0;
    qint64 succeeded = 0;
    qint64 failed = 0;
    double recentLatencyMs = 0; // moving average of answered requests
    int managers = 0;         // network managers in the pool
};

// The one way the engine talks HTTP to a peer. Lives on the sync thread (create it there: it creates
// its network managers in its constructor). Bounds requests in flight (a pool of ceil(n/6) managers,
// since Qt 6.4 opens at most 6 connections per host per manager), paces them with a token bucket,
// enforces connect/idle/total timeouts, verifies TLS, classifies every failure into the core error
// categories and feeds the peer's circuit breaker. Never retries by itself: retries are the queue's.
// Error texts name the peer, the operation and the record, and pass through the redactor.
class HttpClient final : public QObject
{
    Q_OBJECT
public:
    using Callback = std::function<void(Result<HttpResponse>)>;

    HttpClient(PeerEndpoint endpoint, ResponseClassifier classifier, std::shared_ptr<const Redactor> redactor,
               const Clock &clock, QObject *parent = nullptr);
    ~HttpClient() override;

    // The callback runs later on this object's thread (never inside send), exactly once.
    void send(HttpRequest request, Callback callback);

    // A cheap request that tells whether the peer is back (sent when the circuit is half-open and no
    // other request is waiting). Without one, the next ordinary request is the probe.
    void setHealthProbe(HttpRequest probe);

    const PeerEndpoint &endpoint() const { return m_endpoint; }
    CircuitBreaker &breaker() { return *m_breaker; }
    HttpStats stats() const { return m_stats; }
    void resetMaxInFlight() { m_stats.maxInFlightSeen = m_stats.inFlight; }
    const Redactor &redactor() const { return *m_redactor; }

    // "PrestaShop: update product SKU-000123" — the prefix of every error text.
    QString describe(const HttpRequest &request) const;
    // A transient/permanent/auth/config error from an HTTP status when the body said nothing better.
    Error errorForStatus(const HttpRequest &request, const HttpResponse &response, const QString &detail = {}) const;
    // Adds the standard redacted context (peer, operation, record, request line, status, response excerpt).
    Error withContext(Error error, const HttpRequest &request, const HttpResponse *response = nullptr) const;

signals:
    void breakerStateChanged(syncsmart::CircuitBreaker::State state, const QString &reason);

private:
    struct Pending;
    void pump();
    void start(std::unique_ptr<Pending> pending);
    void finish(QNetworkReply *reply);
    void complete(Pending &pending, Result<HttpResponse> result);
    QNetworkAccessManager *leastBusyManager();
    void scheduleProbe();

    PeerEndpoint m_endpoint;
    ResponseClassifier m_classifier;
    std::shared_ptr<const Redactor> m_redactor;
    const Clock &m_clock;
    CircuitBreaker *m_breaker;
    TokenBucket m_bucket;
    std::vector<QNetworkAccessManager *> m_managers;
    std::deque<std::unique_ptr<Pending>> m_waiting;
    QTimer *m_pumpTimer;
    QTimer *m_probeTimer;
    std::optional<HttpRequest> m_probe;
    HttpStats m_stats;
    struct Internals; // replies in flight, load per manager, the trusted certificate (httpclient.cpp)
    std::unique_ptr<Internals> m_internals;
};

// "PrestaShop: update product SKU-000123" (the operation, or the method and path when none is set),
// for classifiers that have no client at hand. Not redacted: HttpClient::describe is.
QString describeRequest(const QString &peerName, const HttpRequest &request);

// The base URL to put in the profile when a peer redirects: the same path on the new origin, or the
// new location (without query, fragment or credentials).
QUrl suggestedBaseUrl(const QUrl &baseUrl, const QUrl &requestUrl, const QUrl &location);

// Retry-After as milliseconds from now: delta-seconds or an HTTP-date; nullopt when absent or unreadable.
std::optional<qint64> parseRetryAfter(const QByteArray &value, qint64 nowMs);

} // namespace syncsmart
