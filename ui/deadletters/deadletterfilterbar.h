#pragma once

#include "queue/job.h"

#include <QWidget>

class QComboBox;
class QDateEdit;
class QLineEdit;
class QTimer;

namespace syncsmart {

// The database-side filter of the dead-letter list: target, kind, error category, error text and a
// dead-since range. The filter it builds is also what "… all matching" acts on.
class DeadLetterFilterBar final : public QWidget
{
    Q_OBJECT
public:
    explicit DeadLetterFilterBar(QWidget *parent = nullptr);

    DeadLetterFilter filter() const;
    // Offers the targets and kinds that have dead letters; keeps the current choice.
    void setFacets(const DeadLetterFacets &facets);
    void clearFilter();

Q_SIGNALS:
    void filterChanged();

private:
    void fillCombo(QComboBox *combo, const QString &anyText, const QStringList &values);
    void onDateChanged();

    QComboBox *m_target;
    QComboBox *m_kind;
    QComboBox *m_category;
    QLineEdit *m_errorText;
    QDateEdit *m_from;
    QDateEdit *m_to;
    QTimer *m_textDebounce;
    bool m_silent = false; // true while the bar changes its own widgets
};

} // namespace syncsmart
