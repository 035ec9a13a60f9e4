#include "retrypolicy.h"

#include <QRandomGenerator>

#include <algorithm>
#include <cmath>

namespace syncsmart {

qint64 RetryPolicy::ceilingMs(int attempt) const
{
    const int n = std::max(1, attempt);
    // Computed in floating point and clamped before converting, so large attempts cannot overflow.
    const double raw = double(baseDelayMs) * std::pow(factor, n - 1);
    return qint64(std::min(raw, double(capMs)));
}

qint64 RetryPolicy::delayMs(int attempt, std::optional<qint64> retryAfterMs) const
{
    double u = jitter ? jitter() : QRandomGenerator::global()->generateDouble();
    u = std::clamp(u, 0.0, 1.0);
    qint64 delay = std::max(minDelayMs, qint64(u * double(ceilingMs(attempt))));
    if (retryAfterMs && *retryAfterMs > 0)
        delay = std::max(delay, std::min(*retryAfterMs, maxRetryAfterMs));
    return delay;
}

} // namespace syncsmart
