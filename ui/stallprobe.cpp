#include "stallprobe.h"

#include <QTimer>

#include <algorithm>
#include <cmath>

namespace syncsmart {

namespace {
constexpr int kBuckets = 10'001; // up to 10 s in ms, then one bucket for longer
}

StallProbe::StallProbe(int intervalMs, QObject *parent)
    : QObject(parent)
    , m_timer(new QTimer(this))
    , m_intervalMs(std::max(1, intervalMs))
    , m_histogram(kBuckets, 0)
{
    m_timer->setTimerType(Qt::PreciseTimer);
    m_timer->setInterval(m_intervalMs);
    connect(m_timer, &QTimer::timeout, this, &StallProbe::tick);
}

StallProbe::~StallProbe() = default;

void StallProbe::start()
{
    m_clock.start();
    m_lastNs = 0;
    m_timer->start();
}

void StallProbe::stop()
{
    m_timer->stop();
}

void StallProbe::reset()
{
    m_samples = 0;
    m_worstMs = 0;
    std::fill(m_histogram.begin(), m_histogram.end(), 0);
    m_lastNs = m_clock.isValid() ? m_clock.nsecsElapsed() : 0;
}

void StallProbe::tick()
{
    const qint64 now = m_clock.nsecsElapsed();
    const double lateMs = std::max(0.0, double(now - m_lastNs) / 1e6 - double(m_intervalMs));
    m_lastNs = now;
    ++m_samples;
    m_worstMs = std::max(m_worstMs, lateMs);
    ++m_histogram[std::min<qsizetype>(qsizetype(lateMs), kBuckets - 1)];
}

int StallProbe::percentileMs(double fraction) const
{
    if (m_samples == 0)
        return 0;
    const qint64 wanted = qint64(std::ceil(double(m_samples) * fraction));
    qint64 seen = 0;
    for (int ms = 0; ms < m_histogram.size(); ++ms) {
        seen += m_histogram.at(ms);
        if (seen >= wanted)
            return ms;
    }
    return kBuckets - 1;
}

int StallProbe::stallsOver(int ms) const
{
    qint64 n = 0;
    for (int i = std::max(0, ms + 1); i < m_histogram.size(); ++i)
        n += m_histogram.at(i);
    return int(n);
}

} // namespace syncsmart
