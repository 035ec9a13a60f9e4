#include "connectors/http/tokenbucket.h"

#include <algorithm>
#include <cmath>

namespace syncsmart {

TokenBucket::TokenBucket(double ratePerSecond, double burst, const Clock &clock)
    : m_rate(ratePerSecond)
    , m_burst(std::max(1.0, burst))
    , m_clock(clock)
    , m_tokens(m_burst)
    , m_lastMs(clock.nowMs())
{
}

void TokenBucket::refill() const
{
    const qint64 now = m_clock.nowMs();
    if (now > m_lastMs) {
        m_tokens = std::min(m_burst, m_tokens + (now - m_lastMs) * m_rate / 1000.0);
        m_lastMs = now;
    }
}

bool TokenBucket::tryTake()
{
    if (unlimited())
        return true;
    refill();
    if (m_tokens < 1.0)
        return false;
    m_tokens -= 1.0;
    return true;
}

qint64 TokenBucket::msUntilNextToken() const
{
    if (unlimited())
        return 0;
    refill();
    if (m_tokens >= 1.0)
        return 0;
    return std::max<qint64>(1, static_cast<qint64>(std::ceil((1.0 - m_tokens) * 1000.0 / m_rate)));
}

} // namespace syncsmart
