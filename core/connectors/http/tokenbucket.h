#pragma once

#include "common/clock.h"

namespace syncsmart {

// Requests per second with a burst allowance. Time comes from the injected clock.
class TokenBucket
{
public:
    // ratePerSecond <= 0: unlimited. burst < 1 is taken as 1.
    TokenBucket(double ratePerSecond, double burst, const Clock &clock);

    bool tryTake();                 // takes one token if there is one
    qint64 msUntilNextToken() const; // 0 when a token is available now
    bool unlimited() const { return m_rate <= 0; }
    double rate() const { return m_rate; }

private:
    void refill() const;

    double m_rate;
    double m_burst;
    const Clock &m_clock;
    mutable double m_tokens;
    mutable qint64 m_lastMs;
};

} // namespace syncsmart
