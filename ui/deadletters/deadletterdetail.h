#pragma once

#include "queue/job.h"

#include <QWidget>

class QFormLayout;
class QLabel;
class QScrollArea;

namespace syncsmart {

// Everything about one dead letter an operator needs to decide between retry and discard: what it
// was meant to do (payload), what went wrong (category, code, message, HTTP exchange), how often it
// was tried, when, and its history.
class DeadLetterDetail final : public QWidget
{
    Q_OBJECT
public:
    explicit DeadLetterDetail(QWidget *parent = nullptr);

    void showJob(const Job &job, const QVector<JobEvent> &history);
    void showPlaceholder(const QString &text); // nothing or several selected
    qint64 jobId() const { return m_jobId; }   // 0 when no job is shown
    qint64 updatedAt() const { return m_updatedAt; }

private:
    QWidget *buildContent(const Job &job, const QVector<JobEvent> &history);
    // Adds the short facts to the form; returns the long context values (title, text) for later.
    QList<QPair<QString, QString>> addErrorSection(QFormLayout *form, const Error &error);
    QWidget *buildHistory(const QVector<JobEvent> &history);

    QScrollArea *m_scroll;
    QLabel *m_placeholder;
    qint64 m_jobId = 0;
    qint64 m_updatedAt = 0;
};

} // namespace syncsmart
