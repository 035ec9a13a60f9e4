#pragma once

#include "queue/job.h"
#include "sync/syncevents.h"

#include <QPointer>
#include <QWidget>

class QChart;
class QChartView;
class QDateTimeAxis;
class QLineSeries;
class QTimer;
class QValueAxis;

namespace syncsmart {

class SyncService;

// The Overview's charts over the last minutes: writes applied per second (the sync's job events
// counted per sample: exact, where the engine's own rate over short partial intervals jumps) and
// the queue's depth (waiting and dead, from the queue monitor's counts).
// Sampled once a second, whatever the rate of events, so a burst never costs the GUI more than one
// point per series.
class SyncCharts final : public QWidget
{
    Q_OBJECT
public:
    static constexpr int kWindowS = 600;
    static constexpr int kSampleMs = 1000;

    explicit SyncCharts(QWidget *parent = nullptr);
    ~SyncCharts() override;

    void setService(SyncService *service);
    void showCounts(const QueueCounts &counts);
    void addEvent(const SyncEvent &event); // JobState "done" events count; others are ignored
    // One sample at nowMs (the timer calls it; tests call it with their own instants).
    void sample(qint64 nowMs);

    QLineSeries *throughputSeries() const { return m_throughput; }
    QLineSeries *waitingSeries() const { return m_waiting; }
    QLineSeries *deadSeries() const { return m_dead; }
    QChartView *throughputView() const { return m_throughputView; }
    QChartView *queueView() const { return m_queueView; }

private:
    QChartView *makeChart(const QString &title, const QList<QLineSeries *> &series, QDateTimeAxis **x, QValueAxis **y);
    static void append(QLineSeries *series, qint64 atMs, double value, qint64 oldestMs);
    static double maxOf(const QLineSeries *series);

    QPointer<SyncService> m_service;
    QLineSeries *m_throughput;
    QLineSeries *m_waiting;
    QLineSeries *m_dead;
    QChartView *m_throughputView = nullptr;
    QChartView *m_queueView = nullptr;
    QDateTimeAxis *m_throughputX = nullptr;
    QValueAxis *m_throughputY = nullptr;
    QDateTimeAxis *m_queueX = nullptr;
    QValueAxis *m_queueY = nullptr;
    QTimer *m_timer;
    qint64 m_appliedSinceSample = 0;
    qint64 m_lastSampleMs = 0;
    qint64 m_waitingNow = 0;
    qint64 m_deadNow = 0;
};

} // namespace syncsmart
