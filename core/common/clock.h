#pragma once

#include <QDateTime>
#include <QTimeZone>

#include <atomic>

namespace syncsmart {

// Every timestamp the engine stores is UTC milliseconds since the epoch, taken from an injected
// Clock, so backoff, leases and schedules are tested without sleeping.
class Clock
{
public:
    virtual ~Clock() = default;
    virtual qint64 nowMs() const = 0;
    QDateTime now() const { return QDateTime::fromMSecsSinceEpoch(nowMs(), Qt::UTC); }
};

class SystemClock final : public Clock
{
public:
    qint64 nowMs() const override { return QDateTime::currentMSecsSinceEpoch(); }
};

// A clock that only moves when a test moves it. Safe to read from several threads.
class TestClock final : public Clock
{
public:
    explicit TestClock(qint64 startMs = 1'767'225'600'000) : m_now(startMs) {} // 2026-01-01T00:00Z
    qint64 nowMs() const override { return m_now.load(); }
    void setMs(qint64 ms) { m_now.store(ms); }
    void advanceMs(qint64 ms) { m_now.fetch_add(ms); }
    void advanceSecs(qint64 secs) { advanceMs(secs * 1000); }

private:
    std::atomic<qint64> m_now;
};

} // namespace syncsmart
