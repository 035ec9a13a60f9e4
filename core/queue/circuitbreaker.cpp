#include "circuitbreaker.h"

#include "common/logging.h"
#include "queue/jobqueue.h"

#include <algorithm>

namespace syncsmart {

namespace {

// "300 ms", "30 s", "2.5 s": short waits (tests, fast probes) must not read "0 s".
QString duration(qint64 ms)
{
    if (ms < 1000)
        return QObject::tr("%1 ms").arg(ms);
    if (ms % 1000 == 0)
        return QObject::tr("%1 s").arg(ms / 1000);
    return QObject::tr("%1 s").arg(double(ms) / 1000.0, 0, 'f', 1);
}

} // namespace

CircuitBreaker::CircuitBreaker(QString peerName, BreakerSettings settings, const Clock &clock,
                               QObject *parent)
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
            setState(State::HalfOpen, tr("probing %1 after %2").arg(m_peerName, duration(m_currentOpenMs)));
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
        setState(State::Open, tr("%1 still fails (%2); next probe in %3")
                                  .arg(m_peerName, error.message, duration(m_currentOpenMs)));
        return;
    }
    if (m_state == State::Closed && m_failures >= m_settings.failureThreshold) {
        m_openedAtMs = now;
        m_retryAtMs = now + m_currentOpenMs;
        setState(State::Open, tr("%1 failed %2 times in a row (last: %3); requests wait, next probe in %4")
                                  .arg(m_peerName)
                                  .arg(m_failures)
                                  .arg(error.message, duration(m_currentOpenMs)));
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

namespace {

std::optional<TargetStatus> targetStatus(JobQueue &queue, const QString &target)
{
    const auto counts = queue.counts();
    if (!counts)
        return std::nullopt;
    for (const TargetStatus &status : counts->targets)
        if (status.target == target)
            return status;
    return TargetStatus{target, false, {}, 0, {}};
}

} // namespace

void BreakerQueueLink::onState(CircuitBreaker::State state, const QString &reason)
{
    static const QString actor = QStringLiteral("circuit-breaker");
    if (state == CircuitBreaker::State::Open && !m_pausedByUs) {
        const auto paused = m_queue.pause(m_target, reason, actor);
        if (!paused) {
            emit queueError(paused.error());
            return;
        }
        m_pausedByUs = *paused; // false: an operator had paused it already; leave it theirs
        if (m_pausedByUs) {
            const auto status = targetStatus(m_queue, m_target);
            m_ourPause =
                status ? std::make_pair(status->reason, status->changedAt) : std::make_pair(QString(), 0LL);
        }
    } else if (state == CircuitBreaker::State::Closed && m_pausedByUs) {
        m_pausedByUs = false;
        // Only lift the pause this link made: an operator may have resumed and paused again meanwhile.
        const auto status = targetStatus(m_queue, m_target);
        if (!status || !status->paused || status->reason != m_ourPause.first ||
            status->changedAt != m_ourPause.second)
            return;
        const auto resumed = m_queue.resume(m_target, actor);
        if (!resumed)
            emit queueError(resumed.error());
    }
}

} // namespace syncsmart
