#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QVector>

class QTimer;

namespace syncsmart {

// Measures how long the event loop of its thread is kept from running: a precise timer asks to run
// every intervalMs, and each time it does, the lateness beyond the interval is a stall (a user
// clicking then would wait that long). Keeps the worst, and a histogram for percentiles.
class StallProbe final : public QObject
{
    Q_OBJECT
public:
    explicit StallProbe(int intervalMs = 5, QObject *parent = nullptr);
    ~StallProbe() override;

    void start();
    void stop();
    void reset();

    qint64 samples() const { return m_samples; }
    double worstMs() const { return m_worstMs; }
    // The stall that fraction (0.99: 99 %) of the samples stay under, in whole milliseconds.
    int percentileMs(double fraction) const;
    int stallsOver(int ms) const; // samples later than ms

private:
    void tick();

    QTimer *m_timer;
    QElapsedTimer m_clock;
    qint64 m_lastNs = 0;
    int m_intervalMs;
    qint64 m_samples = 0;
    double m_worstMs = 0;
    QVector<qint64> m_histogram; // index: stall in whole ms (the last bucket: that many or more)
};

} // namespace syncsmart
