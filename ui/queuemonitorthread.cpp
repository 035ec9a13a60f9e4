#include "queuemonitorthread.h"

#include "queue/queuemonitor.h"

namespace syncsmart {

QueueMonitorThread::QueueMonitorThread(const DatabaseOptions &options, std::shared_ptr<const Clock> clock,
                                       const QString &actor, int pollIntervalMs,
                                       std::shared_ptr<const Redactor> redactor)
    : m_monitor(new QueueMonitor(options, std::move(clock), actor, pollIntervalMs, nullptr, std::move(redactor)))
{
    registerQueueMetaTypes();
    m_thread.setObjectName(QStringLiteral("queue-monitor"));
    m_monitor->moveToThread(&m_thread);
    // Runs on the monitor's thread as it finishes, so the destructor closes the connection there.
    QObject::connect(&m_thread, &QThread::finished, m_monitor.data(), &QObject::deleteLater);
}

QueueMonitorThread::~QueueMonitorThread()
{
    if (!m_thread.isRunning()) {
        delete m_monitor.data(); // never started: nothing was opened on another thread
        return;
    }
    QueueMonitor *monitor = m_monitor.data();
    QThread *thread = &m_thread;
    // stop() and quit() from inside the thread's own loop, so stop() is never skipped.
    QMetaObject::invokeMethod(monitor, [monitor, thread] {
        monitor->stop();
        thread->quit();
    });
    m_thread.wait();
}

void QueueMonitorThread::start()
{
    if (m_thread.isRunning())
        return;
    m_thread.start();
    QueueMonitor *monitor = m_monitor.data();
    QMetaObject::invokeMethod(monitor, [monitor] { monitor->start(); });
}

} // namespace syncsmart
