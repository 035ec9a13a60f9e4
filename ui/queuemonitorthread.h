#pragma once

#include "common/clock.h"
#include "common/redactor.h"
#include "storage/database.h"

#include <QPointer>
#include <QThread>

#include <memory>

namespace syncsmart {

class QueueMonitor;

// Runs a QueueMonitor on a thread of its own for as long as this object lives. Connect to the
// monitor's signals, then start(); destruction stops the monitor on its thread, quits and waits,
// so its database connection is closed by the thread that opened it.
class QueueMonitorThread final
{
public:
    QueueMonitorThread(const DatabaseOptions &options, std::shared_ptr<const Clock> clock,
                       const QString &actor, int pollIntervalMs = 500,
                       std::shared_ptr<const Redactor> redactor = nullptr);
    ~QueueMonitorThread();
    QueueMonitorThread(const QueueMonitorThread &) = delete;
    QueueMonitorThread &operator=(const QueueMonitorThread &) = delete;

    QueueMonitor *monitor() const { return m_monitor; }
    void start();

private:
    QThread m_thread;
    QPointer<QueueMonitor> m_monitor;
};

} // namespace syncsmart
