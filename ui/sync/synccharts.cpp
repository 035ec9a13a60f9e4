#include "synccharts.h"

#include "sync/syncservice.h"

#include <QChart>
#include <QChartView>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QHBoxLayout>
#include <QLineSeries>
#include <QPen>
#include <QTimer>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace syncsmart {

namespace {
double niceCeiling(double value)
{
    if (value <= 5)
        return 5;
    const double magnitude = std::pow(10.0, std::floor(std::log10(value)));
    for (double step : {1.0, 2.0, 2.5, 5.0, 10.0}) {
        if (value <= step * magnitude)
            return step * magnitude;
    }
    return 10 * magnitude;
}
} // namespace

SyncCharts::SyncCharts(QWidget *parent)
    : QWidget(parent)
    , m_throughput(new QLineSeries(this))
    , m_waiting(new QLineSeries(this))
    , m_dead(new QLineSeries(this))
    , m_timer(new QTimer(this))
{
    setObjectName(QStringLiteral("syncCharts"));
    m_throughput->setName(tr("Writes applied per second"));
    m_throughput->setPen(QPen(QColor(0x1e, 0x6b, 0x34), 2));
    m_waiting->setName(tr("Waiting (pending and in flight)"));
    m_waiting->setPen(QPen(QColor(0x1f, 0x5f, 0xa8), 2));
    m_dead->setName(tr("Dead letters"));
    m_dead->setPen(QPen(QColor(0xb3, 0x26, 0x1e), 2));
    m_throughputView = makeChart(tr("Throughput"), {m_throughput}, &m_throughputX, &m_throughputY);
    m_queueView = makeChart(tr("Queue depth"), {m_waiting, m_dead}, &m_queueX, &m_queueY);
    m_throughputView->setObjectName(QStringLiteral("throughputChart"));
    m_queueView->setObjectName(QStringLiteral("queueChart"));
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_throughputView, 1);
    layout->addWidget(m_queueView, 1);
    setMinimumHeight(220);

    m_timer->setInterval(kSampleMs);
    connect(m_timer, &QTimer::timeout, this, [this] { sample(QDateTime::currentMSecsSinceEpoch()); });
    m_timer->start();
    sample(QDateTime::currentMSecsSinceEpoch());
}

SyncCharts::~SyncCharts() = default;

QChartView *SyncCharts::makeChart(const QString &title, const QList<QLineSeries *> &series, QDateTimeAxis **x,
                                  QValueAxis **y)
{
    auto *chart = new QChart;
    chart->setTitle(title);
    chart->setAnimationOptions(QChart::NoAnimation); // a point a second: animations would only cost
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->setMargins(QMargins(4, 4, 4, 4));
    chart->setBackgroundRoundness(0);
    *x = new QDateTimeAxis(chart);
    (*x)->setFormat(QStringLiteral("HH:mm"));
    (*x)->setTickCount(6);
    *y = new QValueAxis(chart);
    (*y)->setLabelFormat(QStringLiteral("%.0f"));
    (*y)->setRange(0, 5);
    chart->addAxis(*x, Qt::AlignBottom);
    chart->addAxis(*y, Qt::AlignLeft);
    for (QLineSeries *s : series) {
        chart->addSeries(s);
        s->attachAxis(*x);
        s->attachAxis(*y);
    }
    auto *view = new QChartView(chart, this);
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumHeight(200);
    return view;
}

void SyncCharts::setService(SyncService *service)
{
    if (m_service)
        disconnect(m_service, nullptr, this, nullptr);
    m_service = service;
    if (service)
        connect(service, &SyncService::event, this, &SyncCharts::addEvent);
}

void SyncCharts::showCounts(const QueueCounts &counts)
{
    m_waitingNow = counts.count(JobState::Pending) + counts.count(JobState::Leased);
    m_deadNow = counts.count(JobState::Dead);
}

void SyncCharts::addEvent(const SyncEvent &event)
{
    if (event.type == SyncEvent::Type::JobState && event.jobState == QLatin1String("done") && !event.superseded)
        ++m_appliedSinceSample;
}

void SyncCharts::append(QLineSeries *series, qint64 atMs, double value, qint64 oldestMs)
{
    series->append(double(atMs), value);
    int stale = 0;
    while (stale < series->count() && series->at(stale).x() < double(oldestMs))
        ++stale;
    if (stale > 0)
        series->removePoints(0, stale);
}

double SyncCharts::maxOf(const QLineSeries *series)
{
    double top = 0;
    for (int i = 0; i < series->count(); ++i)
        top = std::max(top, series->at(i).y());
    return top;
}

void SyncCharts::sample(qint64 nowMs)
{
    const qint64 oldest = nowMs - qint64(kWindowS) * 1000;
    const qint64 elapsed = m_lastSampleMs > 0 ? std::max<qint64>(1, nowMs - m_lastSampleMs) : kSampleMs;
    const double rate = double(m_appliedSinceSample) * 1000.0 / double(elapsed);
    m_appliedSinceSample = 0;
    m_lastSampleMs = nowMs;
    append(m_throughput, nowMs, rate, oldest);
    append(m_waiting, nowMs, double(m_waitingNow), oldest);
    append(m_dead, nowMs, double(m_deadNow), oldest);
    const QDateTime from = QDateTime::fromMSecsSinceEpoch(oldest);
    const QDateTime to = QDateTime::fromMSecsSinceEpoch(nowMs);
    m_throughputX->setRange(from, to);
    m_queueX->setRange(from, to);
    m_throughputY->setRange(0, niceCeiling(maxOf(m_throughput) * 1.1));
    m_queueY->setRange(0, niceCeiling(std::max(maxOf(m_waiting), maxOf(m_dead)) * 1.1));
}

} // namespace syncsmart
