#pragma once

#include <QDateTime>

namespace syncsmart::sim {

// The simulator's notion of "now" for one peer. Tests skew a peer's clock through the control
// API to reproduce servers whose clocks disagree.
class SimClock final
{
public:
    QDateTime nowUtc() const { return QDateTime::currentDateTimeUtc().addMSecs(m_skewMs); }
    qint64 nowSecs() const { return nowUtc().toSecsSinceEpoch(); }
    qint64 skewMs() const { return m_skewMs; }
    void setSkewMs(qint64 skewMs) { m_skewMs = skewMs; }

private:
    qint64 m_skewMs = 0;
};

} // namespace syncsmart::sim
