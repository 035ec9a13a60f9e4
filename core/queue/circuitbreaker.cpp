#include "circuitbreaker.h"

#include "common/logging.h"
#include "queue/jobqueue.h"

#include <algorithm>

namespace syncsmart {

CircuitBreaker::CircuitBreaker(QString peerName, BreakerSettings settings, const Clock &clock, QObject *parent)
    : QObject(parent)
    , m_peerName(std::move(peerName))
    , m_settings(settings)
    , m_clock(clock)
    , m_currentOpenMs(std::max<qint64>(1, settings.openMs))
{
    m_settings.failureThreshold = std::max(1, m_settings.failureThreshold);
}

QString CircuitBreaker::toString(State state)
{
    switch (state) {
    case State::Closed:
        return QStringLiteral("closed");
    case State::Open:
        return QStringLiteral("open");
    case State::HalfOpen:
        return QStringLiteral("half-open");
    }
    return {};
}

CircuitBreaker::State CircuitBreaker::state() const
{
    if (m_state == State::Open && m_clock.nowMs() >= m_retryAtMs)
        return State::HalfOpen;
    return m_state;
}

bool CircuitBreaker::allowRequest()
{
    switch (state()) {
    case State::Closed:
        return true;
    case State::Open:
        return false;
    case State::HalfOpen:
        if (m_probeInFlight)
            return false;
        m_probeInFlight = true;
        if (m_state != State::HalfOpen)
            setState(State::HalfOpen, tr("probing %1 after %2 s").arg(m_peerName).arg(m_currentOpenMs / 1000));
        return true;
    }
    return false;
}

void CircuitBreaker::recordSuccess()
{
    m_failures = 0;
    m_probeInFlight = false;
    if (m_state != State::Closed) {
        m_currentOpenMs = std::max<qint64>(1, m_settings.openMs);
        m_lastFailure.clear();
        setState(State::Closed, tr("%1 answers again").arg(m_peerName));
    }
}

void CircuitBreaker::recordFailure(const Error &error)
{
    if (error.category != ErrorCategory::Transient) {
        // The peer answered (a validation or auth error): the transport works.
        recordSuccess();
        return;
    }
    ++m_failures;
    m_lastFailure = error.message;
    const qint64 now = m_clock.nowMs();
    if (m_state == State::HalfOpen || (m_state == State::Open && m_probeInFlight)) {
        m_probeInFlight = false;
        m_currentOpenMs = std::min(m_currentOpenMs * 2, std::max(m_settings.maxOpenMs, m_settings.openMs));
        m_retryAtMs = now + m_currentOpenMs;
        setState(State::Open, tr("%1 still fails (%2); next probe in %3 s")
                                  .arg(m_peerName, error.message).arg(m_currentOpenMs / 1000));
        return;
    }
    if (m_state == State::Closed && m_failures >= m_settings.failureThreshold) {
        m_openedAtMs = now;
        m_retryAtMs = now + m_currentOpenMs;
        setState(State::Open, tr("%1 failed %2 times in a row (last: %3); requests wait, next probe in %4 s")
                                  .arg(m_peerName).arg(m_failures).arg(error.message).arg(m_currentOpenMs / 1000));
    }
}

void CircuitBreaker::setState(State state, const QString &reason)
{
    if (state == m_state)
        return;
    m_state = state;
    qCInfo(lcQueue).noquote() << "circuit" << m_peerName << toString(state) << "-" << reason;
    emit stateChanged(state, reason);
}

BreakerQueueLink::BreakerQueueLink(CircuitBreaker &breaker, JobQueue &queue, QString target, QObject *parent)
    : QObject(parent)
    , m_queue(queue)
    , m_target(std::move(target))
{
    connect(&breaker, &CircuitBreaker::stateChanged, this, &BreakerQueueLink::onState);
}

void BreakerQueueLink::onState(CircuitBreaker::State state, const QString &reason)
{
    static const QString actor = QStringLiteral("circuit-breaker");
    if (state == CircuitBreaker::State::Open && !m_pausedByUs) {
        const auto paused = m_queue.pause(m_target, reason, actor);
        if (!paused)
            emit queueError(paused.error());
        else
            m_pausedByUs = *paused; // false: an operator had paused it already; leave it theirs
    } else if (state == CircuitBreaker::State::Closed && m_pausedByUs) {
        const auto resumed = m_queue.resume(m_target, actor);
        if (!resumed)
            emit queueError(resumed.error());
        m_pausedByUs = false;
    }
}

} // namespace syncsmart
