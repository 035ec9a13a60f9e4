#pragma once

#include "common/clock.h"
#include "common/result.h"
#include "queue/job.h" // Q_DECLARE_METATYPE(syncsmart::Error) for the queueError signal

#include <QObject>
#include <QString>

#include <utility>

namespace syncsmart {

struct BreakerSettings
{
    int failureThreshold = 5;        // consecutive transient failures that open the circuit
    qint64 openMs = 30'000;          // first wait before a half-open probe
    qint64 maxOpenMs = 5 * 60'000;   // the wait doubles after each failed probe, up to this
};

// One per peer. Closed: requests flow. Open: requests fail fast (transient "circuit.open") and the
// queue of that peer is paused, so an outage neither burns attempts nor floods the dead-letter queue.
// Half-open: one probe is let through; success closes the circuit, failure opens it again for longer.
// Only transient failures count: a validation error says the peer is alive.
class CircuitBreaker final : public QObject
{
    Q_OBJECT
public:
    enum class State { Closed, Open, HalfOpen };
    Q_ENUM(State)

    CircuitBreaker(QString peerName, BreakerSettings settings, const Clock &clock, QObject *parent = nullptr);

    State state() const;          // Open turns into HalfOpen once the wait has elapsed
    QString peerName() const { return m_peerName; }
    QString lastFailure() const { return m_lastFailure; } // redacted text of the failure that opened it
    qint64 openedAtMs() const { return m_openedAtMs; }
    qint64 retryAtMs() const { return m_retryAtMs; }      // when the next probe may go (Open only)
    int consecutiveFailures() const { return m_failures; }

    // Whether a request may go now. In HalfOpen only one request (the probe) is allowed at a time.
    bool allowRequest();
    void recordSuccess();
    void recordFailure(const Error &error); // non-transient errors count as a success of the transport

    static QString toString(State state);

signals:
    void stateChanged(syncsmart::CircuitBreaker::State state, const QString &reason);

private:
    void setState(State state, const QString &reason);

    QString m_peerName;
    BreakerSettings m_settings;
    const Clock &m_clock;
    State m_state = State::Closed;
    int m_failures = 0;
    bool m_probeInFlight = false;
    qint64 m_currentOpenMs = 0;
    qint64 m_openedAtMs = 0;
    qint64 m_retryAtMs = 0;
    QString m_lastFailure;
};

class JobQueue;

// Makes a queue target follow a circuit breaker: open pauses the target (actor "circuit-breaker"),
// closed resumes it, but only if this link paused it: an operator's pause is never lifted by it.
// Lives on the thread that owns the queue.
class BreakerQueueLink final : public QObject
{
    Q_OBJECT
public:
    BreakerQueueLink(CircuitBreaker &breaker, JobQueue &queue, QString target, QObject *parent = nullptr);
    bool pausedByBreaker() const { return m_pausedByUs; }

signals:
    void queueError(const syncsmart::Error &error);

private:
    void onState(CircuitBreaker::State state, const QString &reason);

    JobQueue &m_queue;
    QString m_target;
    bool m_pausedByUs = false;
    std::pair<QString, qint64> m_ourPause; // reason and time of the pause this link made
};

} // namespace syncsmart
