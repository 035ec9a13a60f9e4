#pragma once

#include "common/result.h"
#include "connectors/catalogtypes.h"

#include <QDeadlineTimer>
#include <QEventLoop>
#include <QTimer>

#include <optional>

namespace syncsmart::testing {

// Runs an asynchronous connector call to completion in a local event loop. Tests, benchmarks and
// command-line tools only: never on the GUI thread.
// Usage: auto result = awaitResult<ConnectionReport>([&](auto done) { shop.testConnection(done); });
template<typename T, typename Call>
Result<T> awaitResult(Call &&call, int timeoutMs = 60'000)
{
    std::optional<Result<T>> out;
    QEventLoop loop;
    call([&out, &loop](Result<T> result) {
        out.emplace(std::move(result));
        loop.quit();
    });
    if (!out) {
        QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
        loop.exec();
    }
    if (!out)
        return Error::transient(QStringLiteral("test.timeout"),
                                QStringLiteral("no answer within %1 ms").arg(timeoutMs));
    return std::move(*out);
}

} // namespace syncsmart::testing
