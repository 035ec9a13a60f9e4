#include "queuemonitor.h"

#include "sqlitejobqueue.h"

#include "common/logging.h"

#include <QTimer>

namespace syncsmart {

QueueMonitor::QueueMonitor(DatabaseOptions options, std::shared_ptr<const Clock> clock, QString actor,
                           int pollIntervalMs, QObject *parent, std::shared_ptr<const Redactor> redactor)
    : QObject(parent)
    , m_options(std::move(options))
    , m_clock(std::move(clock))
    , m_redactor(std::move(redactor))
    , m_actor(std::move(actor))
    , m_pollIntervalMs(pollIntervalMs)
{
    registerQueueMetaTypes();
}

QueueMonitor::~QueueMonitor() = default;

void QueueMonitor::start()
{
    if (m_queue)
        return;
    auto queue = SqliteJobQueue::open(m_options, m_clock, {}, m_redactor);
    if (!queue) {
        Q_EMIT openFailed(queue.error());
        // Busy (another process migrating or holding the write lock): try again by itself.
        if (queue.error().category == ErrorCategory::Transient && !m_stopped)
            QTimer::singleShot(kOpenRetryMs, this, [this] {
                if (!m_stopped)
                    start();
            });
        return;
    }
    m_queue = std::move(queue).value();
    if (auto v = m_queue->database().dataVersion(); v)
        m_lastDataVersion = *v;
    m_pollTimer = new QTimer(this);
    m_pollTimer->setInterval(m_pollIntervalMs);
    connect(m_pollTimer, &QTimer::timeout, this, &QueueMonitor::poll);
    m_pollTimer->start();
    Q_EMIT started(m_queue->database().path());
    loadCounts();
    loadFacets();
}

void QueueMonitor::stop()
{
    m_stopped = true;
    if (m_pollTimer)
        m_pollTimer->stop();
    m_queue.reset(); // the connection belongs to this thread: close it here, not in the GUI thread
}

void QueueMonitor::poll()
{
    if (!m_queue)
        return;
    auto v = m_queue->database().dataVersion();
    if (!v) {
        qCWarning(lcQueue).noquote() << "polling the queue failed:" << v.error().toString();
        return;
    }
    if (*v != m_lastDataVersion) {
        m_lastDataVersion = *v;
        Q_EMIT queueChanged();
        loadCounts();
        loadFacets();
    }
}

bool QueueMonitor::ready(quint64 requestId)
{
    if (m_queue)
        return true;
    Q_EMIT requestFailed(requestId, Error::config(QStringLiteral("queue.not_open"),
                                                  QStringLiteral("The queue database is not open yet.")));
    return false;
}

void QueueMonitor::afterWrite()
{
    // data_version does not move for this connection's own commits: announce them ourselves.
    Q_EMIT queueChanged();
    loadCounts();
    loadFacets();
}

void QueueMonitor::loadDeadLetters(quint64 requestId, const DeadLetterFilter &filter, int offset, int limit)
{
    if (!ready(requestId))
        return;
    auto page = m_queue->deadLetters(filter, offset, limit);
    if (page)
        Q_EMIT deadLettersLoaded(requestId, *page);
    else
        Q_EMIT requestFailed(requestId, page.error());
}

void QueueMonitor::loadFacets()
{
    if (!m_queue)
        return;
    if (auto facets = m_queue->deadLetterFacets(); facets)
        Q_EMIT facetsLoaded(*facets);
}

void QueueMonitor::loadJob(quint64 requestId, qint64 jobId)
{
    if (!ready(requestId))
        return;
    auto job = m_queue->job(jobId);
    if (!job) {
        Q_EMIT requestFailed(requestId, job.error());
        return;
    }
    auto history = m_queue->history(jobId);
    if (!history) {
        Q_EMIT requestFailed(requestId, history.error());
        return;
    }
    Q_EMIT jobLoaded(requestId, *job, *history);
}

void QueueMonitor::loadCounts()
{
    if (!m_queue)
        return;
    auto counts = m_queue->counts();
    if (counts)
        Q_EMIT countsLoaded(*counts);
    else
        qCWarning(lcQueue).noquote() << "counting jobs failed:" << counts.error().toString();
}

void QueueMonitor::countMatching(quint64 requestId, const DeadLetterFilter &filter)
{
    const qint64 asOfMs = m_clock->nowMs();
    if (!ready(requestId))
        return;
    auto page = m_queue->deadLetters(filter, 0, 1);
    if (page)
        Q_EMIT matchingCounted(requestId, page->total, asOfMs);
    else
        Q_EMIT requestFailed(requestId, page.error());
}

namespace {
template<typename Action>
void runAction(QueueMonitor *self, quint64 requestId, Action &&action)
{
    Result<BulkOutcome> out = action();
    if (out)
        Q_EMIT self->actionFinished(requestId, *out);
    else
        Q_EMIT self->requestFailed(requestId, out.error());
}
} // namespace

void QueueMonitor::retry(quint64 requestId, const QVector<qint64> &ids)
{
    if (!ready(requestId))
        return;
    runAction(this, requestId, [&] { return m_queue->retry(ids, m_actor); });
    afterWrite();
}

void QueueMonitor::retryMatching(quint64 requestId, const DeadLetterFilter &filter)
{
    if (!ready(requestId))
        return;
    runAction(this, requestId, [&] { return m_queue->retryMatching(filter, m_actor); });
    afterWrite();
}

void QueueMonitor::discard(quint64 requestId, const QVector<qint64> &ids, const QString &reason)
{
    if (!ready(requestId))
        return;
    runAction(this, requestId, [&] { return m_queue->discard(ids, reason, m_actor); });
    afterWrite();
}

void QueueMonitor::discardMatching(quint64 requestId, const DeadLetterFilter &filter, const QString &reason)
{
    if (!ready(requestId))
        return;
    runAction(this, requestId, [&] { return m_queue->discardMatching(filter, reason, m_actor); });
    afterWrite();
}

void QueueMonitor::pauseTarget(quint64 requestId, const QString &target, const QString &reason)
{
    setTargetPaused(requestId, target.trimmed(), true, reason.trimmed());
}

void QueueMonitor::resumeTarget(quint64 requestId, const QString &target)
{
    setTargetPaused(requestId, target.trimmed(), false, QString());
}

void QueueMonitor::setTargetPaused(quint64 requestId, const QString &target, bool pause,
                                   const QString &reason)
{
    if (!ready(requestId))
        return;
    Result<bool> changed = pause ? m_queue->pause(target, reason, m_actor) : m_queue->resume(target, m_actor);
    if (!changed) {
        Q_EMIT requestFailed(requestId, changed.error());
        return;
    }
    if (!*changed) {
        // Someone else (the CLI, an auth error) got there first since the view last looked.
        const QString message = pause ? QStringLiteral("%1 is already paused. Nothing was changed.")
                                      : QStringLiteral("%1 is not paused. Nothing was changed.");
        const QString code =
            pause ? QStringLiteral("queue.already_paused") : QStringLiteral("queue.not_paused");
        Q_EMIT requestFailed(requestId, Error::permanent(code, message.arg(target)));
        loadCounts(); // the view's picture was stale
        return;
    }
    Q_EMIT targetActionFinished(requestId, target, pause);
    afterWrite();
}

} // namespace syncsmart
