#pragma once

#include "job.h"

#include "common/clock.h"
#include "common/redactor.h"
#include "storage/database.h"

#include <QObject>

#include <memory>

class QTimer;

namespace syncsmart {

class SqliteJobQueue;

// The console's window on the queue. Lives on its own thread (moveToThread, then call start()
// through a queued invocation): it opens its own connection there, answers requests with signals,
// and polls PRAGMA data_version so changes made by other processes (the CLI, workers) show up.
// The GUI thread never touches the database.
class QueueMonitor final : public QObject
{
    Q_OBJECT
public:
    QueueMonitor(DatabaseOptions options, std::shared_ptr<const Clock> clock, QString actor,
                 int pollIntervalMs = 500, QObject *parent = nullptr,
                 std::shared_ptr<const Redactor> redactor = nullptr);
    ~QueueMonitor() override;

    // All of these are called with QMetaObject::invokeMethod from another thread.
    void start();
    void stop();
    void loadDeadLetters(quint64 requestId, const syncsmart::DeadLetterFilter &filter, int offset, int limit);
    void loadFacets();
    void loadJob(quint64 requestId, qint64 jobId);
    void loadCounts();
    void retry(quint64 requestId, const QVector<qint64> &ids);
    void retryMatching(quint64 requestId, const syncsmart::DeadLetterFilter &filter);
    void discard(quint64 requestId, const QVector<qint64> &ids, const QString &reason);
    void discardMatching(quint64 requestId, const syncsmart::DeadLetterFilter &filter, const QString &reason);
    void countMatching(quint64 requestId, const syncsmart::DeadLetterFilter &filter);
    // The circuit breaker by hand, audited under the monitor's actor. A target already in the asked
    // state is left alone (a pause would overwrite the reason it was paused for) and reported as failed.
    void pauseTarget(quint64 requestId, const QString &target, const QString &reason);
    void resumeTarget(quint64 requestId, const QString &target);

Q_SIGNALS:
    void started(const QString &databasePath);
    // A transient failure (database busy) is retried every 2 s until started() or stop().
    void openFailed(const syncsmart::Error &error);
    void deadLettersLoaded(quint64 requestId, const syncsmart::DeadLetterPage &page);
    void facetsLoaded(const syncsmart::DeadLetterFacets &facets);
    void jobLoaded(quint64 requestId, const syncsmart::Job &job, const QVector<syncsmart::JobEvent> &history);
    void countsLoaded(const syncsmart::QueueCounts &counts);
    // asOfMs: when counted. An action confirmed on this count should bound its filter with
    // DeadLetterFilter::asOf(asOfMs), so letters that died while the operator read the dialog are left alone.
    void matchingCounted(quint64 requestId, qint64 total, qint64 asOfMs);
    void actionFinished(quint64 requestId, const syncsmart::BulkOutcome &outcome);
    void targetActionFinished(quint64 requestId, const QString &target, bool paused);
    void requestFailed(quint64 requestId, const syncsmart::Error &error);
    // The queue changed: another process committed, or an action here did. Views reload.
    void queueChanged();

private:
    void poll();
    bool ready(quint64 requestId);
    void afterWrite();
    void setTargetPaused(quint64 requestId, const QString &target, bool pause, const QString &reason);

    DatabaseOptions m_options;
    std::shared_ptr<const Clock> m_clock;
    std::shared_ptr<const Redactor> m_redactor;
    QString m_actor;
    int m_pollIntervalMs;
    std::unique_ptr<SqliteJobQueue> m_queue;
    QTimer *m_pollTimer = nullptr;
    qint64 m_lastDataVersion = -1;
    bool m_stopped = false;
    static constexpr int kOpenRetryMs = 2000;
};

} // namespace syncsmart
