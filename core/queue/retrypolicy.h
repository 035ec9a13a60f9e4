#pragma once

#include <QtGlobal>

#include <functional>
#include <optional>

namespace syncsmart {

// Exponential backoff with full jitter and a cap: delay = uniform(0, min(cap, base * factor^(n-1))),
// never below minDelay. A Retry-After from the peer is a floor. Defaults give 8 attempts spread over
// up to about a day (1 min, 4 min, 16 min, 64 min, 4.3 h, then 8 h caps), so a long outage is ridden out.
struct RetryPolicy
{
    int maxAttempts = 8;
    qint64 baseDelayMs = 60'000;
    double factor = 4.0;
    qint64 capMs = 8LL * 3600 * 1000;
    qint64 minDelayMs = 1'000;
    qint64 maxRetryAfterMs = 24LL * 3600 * 1000; // a peer asking for longer is clamped to this
    std::function<double()> jitter;              // uniform in [0,1); empty: QRandomGenerator

    // Upper bound of the delay after the given failed attempt (1-based), before jitter.
    qint64 ceilingMs(int attempt) const;
    qint64 delayMs(int attempt, std::optional<qint64> retryAfterMs = std::nullopt) const;
};

} // namespace syncsmart
