#pragma once

#include "common/result.h"
#include "connectors/catalogtypes.h"

#include <QObject>
#include <QTimer>

#include <functional>

namespace syncsmart {

// A read (never a write: writes are retried by the queue) that failed transiently — a 429, a 503,
// a reset connection — is sent again a few times, 0.25 s, 0.5 s, then 1 s later (after any
// Retry-After the HTTP client already holds for), before its caller hears of the failure. One
// throttled page must not fail a pass that reads 100,000 products. A circuit that opened is
// refused at once, so an outage still fails fast.
inline constexpr int kReadRetries = 3;

template<typename T>
void retryingRead(QObject *context, std::function<void(Done<T>)> attempt, Done<T> done,
                  int retriesLeft = kReadRetries, int delayMs = 250)
{
    attempt([context, attempt, done = std::move(done), retriesLeft, delayMs](Result<T> result) mutable {
        if (result || retriesLeft <= 0 || result.error().category != ErrorCategory::Transient)
            return done(std::move(result));
        QTimer::singleShot(delayMs, context, [context, attempt, done, retriesLeft, delayMs] {
            retryingRead<T>(context, attempt, done, retriesLeft - 1, delayMs * 2);
        });
    });
}

} // namespace syncsmart
