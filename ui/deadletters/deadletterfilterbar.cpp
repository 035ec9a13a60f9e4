#include "deadletterfilterbar.h"

#include "displaytext.h"

#include <QComboBox>
#include <QDateEdit>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSignalBlocker>
#include <QTimer>
#include <QToolButton>

namespace syncsmart {

namespace {
// A date edit showing "any" at its minimum date stands for "no bound".
const QDate kNoDate(2000, 1, 1);

QDateEdit *makeDateEdit(QWidget *parent, const QString &objectName, const QString &toolTip)
{
    auto *edit = new QDateEdit(parent);
    edit->setObjectName(objectName);
    edit->setCalendarPopup(true);
    edit->setMinimumDate(kNoDate);
    edit->setSpecialValueText(DeadLetterFilterBar::tr("any"));
    edit->setDisplayFormat(QStringLiteral("yyyy-MM-dd"));
    edit->setDate(kNoDate);
    edit->setToolTip(toolTip);
    return edit;
}
} // namespace

DeadLetterFilterBar::DeadLetterFilterBar(QWidget *parent)
    : QWidget(parent)
    , m_target(new QComboBox(this))
    , m_kind(new QComboBox(this))
    , m_category(new QComboBox(this))
    , m_errorText(new QLineEdit(this))
    , m_from(makeDateEdit(this, QStringLiteral("deadFromFilter"),
                          tr("Dead since this day (local time), or any")))
    , m_to(makeDateEdit(this, QStringLiteral("deadToFilter"),
                        tr("Dead until the end of this day (local time), or any")))
    , m_textDebounce(new QTimer(this))
{
    m_target->setObjectName(QStringLiteral("targetFilter"));
    m_kind->setObjectName(QStringLiteral("kindFilter"));
    m_category->setObjectName(QStringLiteral("categoryFilter"));
    m_errorText->setObjectName(QStringLiteral("errorTextFilter"));
    m_target->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_kind->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    fillCombo(m_target, tr("All targets"), {});
    fillCombo(m_kind, tr("All kinds"), {});

    m_category->addItem(tr("Any category"));
    for (ErrorCategory c :
         {ErrorCategory::Transient, ErrorCategory::Permanent, ErrorCategory::Auth, ErrorCategory::Config})
        m_category->addItem(categoryName(c), toString(c));

    m_errorText->setPlaceholderText(tr("Error contains…"));
    m_errorText->setClearButtonEnabled(true);
    m_errorText->setToolTip(tr("Matches the error code and message, ignoring case"));
    m_errorText->setMinimumWidth(180);
    m_textDebounce->setSingleShot(true);
    m_textDebounce->setInterval(350);

    auto *clear = new QToolButton(this);
    clear->setObjectName(QStringLiteral("clearFilter"));
    clear->setText(tr("Clear filter"));
    clear->setAutoRaise(true);

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(new QLabel(tr("Show:"), this));
    layout->addWidget(m_target);
    layout->addWidget(m_kind);
    layout->addWidget(m_category);
    layout->addWidget(m_errorText, 1);
    layout->addWidget(new QLabel(tr("Dead from"), this));
    layout->addWidget(m_from);
    layout->addWidget(new QLabel(tr("to"), this));
    layout->addWidget(m_to);
    layout->addWidget(clear);

    auto changed = [this] {
        if (!m_silent)
            Q_EMIT filterChanged();
    };
    connect(m_target, &QComboBox::currentIndexChanged, this, changed);
    connect(m_kind, &QComboBox::currentIndexChanged, this, changed);
    connect(m_category, &QComboBox::currentIndexChanged, this, changed);
    connect(m_errorText, &QLineEdit::textChanged, m_textDebounce, qOverload<>(&QTimer::start));
    connect(m_errorText, &QLineEdit::returnPressed, this, [this, changed] {
        m_textDebounce->stop();
        changed();
    });
    connect(m_textDebounce, &QTimer::timeout, this, changed);
    connect(m_from, &QDateEdit::dateChanged, this, &DeadLetterFilterBar::onDateChanged);
    connect(m_to, &QDateEdit::dateChanged, this, &DeadLetterFilterBar::onDateChanged);
    connect(clear, &QToolButton::clicked, this, &DeadLetterFilterBar::clearFilter);
}

DeadLetterFilter DeadLetterFilterBar::filter() const
{
    DeadLetterFilter f;
    f.target = m_target->currentData().toString();
    f.kind = m_kind->currentData().toString();
    f.errorText = m_errorText->text().trimmed();
    f.category = errorCategoryFromString(m_category->currentData().toString());
    if (m_from->date() > kNoDate)
        f.fromMs = m_from->date().startOfDay().toMSecsSinceEpoch();
    if (m_to->date() > kNoDate)
        f.toMs = m_to->date().addDays(1).startOfDay().toMSecsSinceEpoch();
    return f;
}

void DeadLetterFilterBar::setFacets(const DeadLetterFacets &facets)
{
    m_silent = true;
    fillCombo(m_target, tr("All targets"), facets.targets);
    fillCombo(m_kind, tr("All kinds"), facets.kinds);
    m_silent = false;
}

void DeadLetterFilterBar::fillCombo(QComboBox *combo, const QString &anyText, const QStringList &values)
{
    const QString current = combo->currentData().toString();
    QStringList items = values;
    if (!current.isEmpty() && !items.contains(current))
        items.append(current); // a chosen value with no dead letters left stays chosen
    items.sort(Qt::CaseInsensitive);
    const QSignalBlocker blocker(combo);
    combo->clear();
    combo->addItem(anyText);
    for (const QString &value : std::as_const(items))
        combo->addItem(value, value);
    combo->setCurrentIndex(std::max(0, combo->findData(current)));
}

void DeadLetterFilterBar::onDateChanged()
{
    // Keep the range sensible: "to" never before "from".
    if (m_from->date() > kNoDate && m_to->date() > kNoDate && m_to->date() < m_from->date()) {
        const QSignalBlocker blocker(sender() == m_from ? static_cast<QObject *>(m_to) : m_from);
        if (sender() == m_from)
            m_to->setDate(m_from->date());
        else
            m_from->setDate(m_to->date());
    }
    if (!m_silent)
        Q_EMIT filterChanged();
}

void DeadLetterFilterBar::clearFilter()
{
    m_silent = true;
    m_target->setCurrentIndex(0);
    m_kind->setCurrentIndex(0);
    m_category->setCurrentIndex(0);
    m_errorText->clear();
    m_textDebounce->stop();
    m_from->setDate(kNoDate);
    m_to->setDate(kNoDate);
    m_silent = false;
    Q_EMIT filterChanged();
}

} // namespace syncsmart
