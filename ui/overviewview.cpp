#include "overviewview.h"

#include "displaytext.h"
#include "messagebar.h"
#include "operatorprompt.h"
#include "requestid.h"
#include "sync/synccharts.h"
#include "sync/syncpanel.h"

#include "queue/queuemonitor.h"

#include <QDateTime>
#include <QFrame>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QStyle>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>

namespace syncsmart {

namespace {
enum TargetColumn { NameColumn, StatusColumn, ReasonColumn, SinceColumn, FirstCountColumn };
const JobState kStates[] = {JobState::Pending, JobState::Leased, JobState::Done, JobState::Dead,
                            JobState::Discarded};

template<typename Call>
void post(QueueMonitor *monitor, Call call)
{
    if (monitor)
        QMetaObject::invokeMethod(monitor, [monitor, call] { call(monitor); });
}
} // namespace

OverviewView::OverviewView(QueueMonitor *monitor, std::shared_ptr<OperatorPrompt> prompt, QWidget *parent)
    : QWidget(parent)
    , m_monitor(monitor)
    , m_prompt(std::move(prompt))
    , m_messageBar(new MessageBar(this))
    , m_syncPanel(new SyncPanel(this))
    , m_charts(new SyncCharts(this))
    , m_reviewDead(new QPushButton(tr("Review dead letters"), this))
    , m_resume(new QPushButton(style()->standardIcon(QStyle::SP_MediaPlay), tr("Resume"), this))
    , m_pause(new QPushButton(style()->standardIcon(QStyle::SP_MediaPause), tr("Pause…"), this))
    , m_targets(new QTableWidget(this))
    , m_noTargets(new QLabel(tr("No targets yet. A target (the shop, the ERP) appears here once the "
                                "engine has queued work for it."),
                             this))
    , m_selectHint(new QLabel(tr("Select a target to pause or resume it."), this))
    , m_outcome(new QLabel(this))
    , m_updated(new QLabel(tr("Waiting for the queue…"), this))
{
    setObjectName(QStringLiteral("overviewView"));
    auto *heading = new QLabel(tr("Overview"), this);
    heading->setObjectName(QStringLiteral("pageTitle"));

    auto *cards = new QGridLayout;
    const QStringList explanations = {tr("waiting to be sent"), tr("being sent by a worker"), tr("delivered"),
                                      tr("failed for good: need an operator"), tr("given up by an operator")};
    for (int column = 0; column < int(std::size(kStates)); ++column)
        cards->addWidget(buildStateCard(kStates[column], explanations.at(column)), 0, column);

    m_reviewDead->setObjectName(QStringLiteral("reviewDeadLetters"));
    m_reviewDead->setVisible(false);
    connect(m_reviewDead, &QPushButton::clicked, this, &OverviewView::openDeadLetters);

    QStringList headers = {tr("Target"), tr("Status"), tr("Reason"), tr("Since")};
    for (JobState state : kStates)
        headers << stateName(state);
    m_targets->setObjectName(QStringLiteral("targetTable"));
    m_targets->setColumnCount(int(headers.size()));
    m_targets->setHorizontalHeaderLabels(headers);
    m_targets->verticalHeader()->hide();
    m_targets->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_targets->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_targets->setSelectionMode(QAbstractItemView::SingleSelection);
    m_targets->setAlternatingRowColors(true);
    m_targets->setWordWrap(false);
    m_targets->horizontalHeader()->setHighlightSections(false);
    m_targets->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_targets->horizontalHeader()->setSectionResizeMode(ReasonColumn, QHeaderView::Stretch);
    m_targets->setSizeAdjustPolicy(QAbstractScrollArea::AdjustToContents); // as tall as its rows
    // Otherwise the size hint keeps room for a scroll bar it never shows: a blank band under the rows.
    // Only the Reason column stretches, and it elides; its tooltip has the whole text.
    m_targets->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_targets->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Maximum);
    connect(m_targets->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &OverviewView::updateActions);

    // Shown instead of the table. Not a QStackedWidget: that would size a one-row table to the
    // label's taller word-wrapped hint.
    m_noTargets->setObjectName(QStringLiteral("noTargets"));
    m_noTargets->setAlignment(Qt::AlignCenter);
    m_noTargets->setWordWrap(true);
    m_targets->setVisible(false);

    auto *targetsTitle = new QLabel(tr("Targets"), this);
    targetsTitle->setObjectName(QStringLiteral("sectionTitle"));
    m_resume->setObjectName(QStringLiteral("resumeTarget"));
    m_pause->setObjectName(QStringLiteral("pauseTarget"));
    connect(m_resume, &QPushButton::clicked, this, &OverviewView::resumeSelected);
    connect(m_pause, &QPushButton::clicked, this, &OverviewView::pauseSelected);
    m_selectHint->setObjectName(QStringLiteral("targetsHint"));
    m_selectHint->setVisible(false);
    auto *targetsBar = new QHBoxLayout;
    targetsBar->addWidget(targetsTitle);
    targetsBar->addStretch(1);
    targetsBar->addWidget(m_selectHint);
    targetsBar->addWidget(m_resume);
    targetsBar->addWidget(m_pause);

    m_outcome->setObjectName(QStringLiteral("outcomeLabel"));
    m_outcome->setWordWrap(true);
    m_outcome->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_updated->setObjectName(QStringLiteral("overviewUpdated"));

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_messageBar);
    layout->addWidget(heading);
    layout->addSpacing(4);
    layout->addWidget(m_syncPanel);
    layout->addSpacing(12);
    auto *queueTitle = new QLabel(tr("Queue"), this);
    queueTitle->setObjectName(QStringLiteral("sectionTitle"));
    layout->addWidget(queueTitle);
    layout->addLayout(cards);
    layout->addWidget(m_reviewDead, 0, Qt::AlignLeft);
    layout->addSpacing(12);
    layout->addLayout(targetsBar);
    layout->addWidget(m_noTargets);
    layout->addWidget(m_targets);
    layout->addWidget(m_outcome);
    layout->addWidget(m_updated);
    layout->addSpacing(8);
    layout->addWidget(m_charts, 1);

    if (monitor) {
        connect(monitor, &QueueMonitor::countsLoaded, this, &OverviewView::showCounts);
        connect(monitor, &QueueMonitor::targetActionFinished, this, &OverviewView::onTargetActionFinished);
        connect(monitor, &QueueMonitor::requestFailed, this, &OverviewView::onRequestFailed);
        QTimer::singleShot(0, this, [this] { post(m_monitor, [](QueueMonitor *m) { m->loadCounts(); }); });
    }
    updateActions();
}

OverviewView::~OverviewView() = default;

QWidget *OverviewView::buildStateCard(JobState state, const QString &explanation)
{
    auto *card = new QFrame(this);
    card->setObjectName(QStringLiteral("stateCard"));
    card->setProperty("state", toString(state));
    card->setFrameShape(QFrame::StyledPanel);
    auto *count = new QLabel(QStringLiteral("—"), card);
    count->setObjectName(QStringLiteral("stateCount"));
    count->setProperty("state", toString(state));
    QFont big = count->font();
    big.setPointSizeF(big.pointSizeF() * 2.2);
    big.setBold(true);
    count->setFont(big);
    auto *name = new QLabel(stateName(state), card);
    QFont bold = name->font();
    bold.setBold(true);
    name->setFont(bold);
    auto *hint = new QLabel(explanation, card);
    hint->setWordWrap(true);
    hint->setObjectName(QStringLiteral("stateHint"));

    auto *layout = new QVBoxLayout(card);
    layout->addWidget(count);
    layout->addWidget(name);
    layout->addWidget(hint);
    m_stateCounts.insert(state, count);
    return card;
}

void OverviewView::showCounts(const QueueCounts &counts)
{
    m_charts->showCounts(counts);
    for (JobState state : kStates)
        m_stateCounts.value(state)->setText(countText(counts.count(state)));
    const qint64 dead = counts.count(JobState::Dead);
    m_reviewDead->setText(tr("Review dead letters (%1)").arg(countText(dead)));
    m_reviewDead->setVisible(dead > 0);

    // Rows are rebuilt and a new target may sort in above the selected one: keep the selection by name.
    const QString selected = selectedTarget();
    m_targets->clearSelection();
    m_rows = counts.targets;
    m_targets->setRowCount(int(m_rows.size()));
    int row = 0;
    for (const TargetStatus &target : std::as_const(m_rows)) {
        auto set = [&](int column, const QString &text, const QString &toolTip = {}) {
            auto *item = new QTableWidgetItem(text);
            item->setToolTip(toolTip.isEmpty() ? text : toolTip);
            if (column >= FirstCountColumn)
                item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            m_targets->setItem(row, column, item);
        };
        set(NameColumn, target.target);
        set(StatusColumn, target.paused ? tr("Paused") : tr("Running"),
            target.paused ? tr("Jobs wait without using attempts until someone resumes %1").arg(target.target)
                          : tr("Workers send %1's jobs").arg(target.target));
        if (target.paused)
            m_targets->item(row, StatusColumn)->setForeground(QColor(0xb0, 0x3a, 0x2e));
        set(ReasonColumn, target.paused ? target.reason : QString());
        set(SinceColumn, target.changedAt > 0 ? localTimeText(target.changedAt) : QString(),
            utcTimeTooltip(target.changedAt));
        int column = FirstCountColumn;
        for (JobState state : kStates)
            set(column++, countText(target.counts.value(state, 0)));
        ++row;
    }
    if (!selected.isEmpty())
        selectTarget(selected);
    m_noTargets->setVisible(m_rows.isEmpty());
    m_targets->setVisible(!m_rows.isEmpty());
    m_updated->setText(tr("As of %1; refreshes by itself when the queue changes.")
                           .arg(QDateTime::currentDateTime().toString(QStringLiteral("HH:mm:ss"))));
    updateActions();
}

QString OverviewView::stateCountText(JobState state) const
{
    QLabel *label = m_stateCounts.value(state);
    return label ? label->text() : QString();
}

QString OverviewView::selectedTarget() const
{
    const QModelIndexList rows = m_targets->selectionModel()->selectedRows(NameColumn);
    if (rows.isEmpty() || rows.first().row() >= m_rows.size())
        return {};
    return m_rows.at(rows.first().row()).target;
}

bool OverviewView::selectTarget(const QString &target)
{
    for (int row = 0; row < m_rows.size(); ++row) {
        if (m_rows.at(row).target == target) {
            m_targets->selectRow(row);
            return true;
        }
    }
    return false;
}

const TargetStatus *OverviewView::statusOf(const QString &target) const
{
    for (const TargetStatus &status : m_rows)
        if (status.target == target)
            return &status;
    return nullptr;
}

void OverviewView::resumeSelected()
{
    const QString target = selectedTarget();
    const TargetStatus *status = statusOf(target);
    if (!status || !status->paused || !m_pending.isEmpty())
        return;
    const qint64 waiting = status->counts.value(JobState::Pending, 0);
    QString text = tr("Jobs for %1 will run again.").arg(target);
    if (waiting > 0) // spelled out rather than with %n plurals: no translation files are loaded yet
        text += QLatin1Char(' ') +
                (waiting == 1 ? tr("1 job is waiting.") : tr("%1 jobs are waiting.").arg(countText(waiting)));
    if (!status->reason.isEmpty())
        text += QStringLiteral("\n\n") + tr("Paused because: %1").arg(status->reason);
    text += QStringLiteral("\n\n") + tr("Resume only once that is fixed.");
    if (!m_prompt->confirm(tr("Resume %1").arg(target), text, tr("Resume %1").arg(target)))
        return;
    const quint64 request = nextRequestId();
    m_pending.insert(request, PendingAction{target, false});
    updateActions();
    post(m_monitor, [=](QueueMonitor *m) { m->resumeTarget(request, target); });
}

void OverviewView::pauseSelected()
{
    const QString target = selectedTarget();
    const TargetStatus *status = statusOf(target);
    if (!status || status->paused || !m_pending.isEmpty())
        return;
    const std::optional<QString> reason = m_prompt->askReason(
        tr("Pause %1").arg(target),
        tr("Jobs for %1 will wait, using no attempts, until someone resumes it; jobs a worker is already "
           "sending still finish.\n\nYour reason is shown here and kept in the audit log.")
            .arg(target),
        tr("Pause %1").arg(target));
    if (!reason || reason->trimmed().isEmpty())
        return;
    const QString why = reason->trimmed();
    const quint64 request = nextRequestId();
    m_pending.insert(request, PendingAction{target, true});
    updateActions();
    post(m_monitor, [=](QueueMonitor *m) { m->pauseTarget(request, target, why); });
}

void OverviewView::onTargetActionFinished(quint64 requestId, const QString &target, bool paused)
{
    if (m_pending.remove(requestId) == 0)
        return; // another view's request
    // Until the counts that follow arrive, the row still shows the old state: correct it for the buttons.
    for (TargetStatus &status : m_rows)
        if (status.target == target)
            status.paused = paused;
    m_messageBar->dismiss(); // an earlier failure is history now
    showOutcome(paused ? tr("Paused %1: its jobs wait, using no attempts, until it is resumed.").arg(target)
                       : tr("Resumed %1: its waiting jobs run again.").arg(target));
    updateActions();
}

void OverviewView::onRequestFailed(quint64 requestId, const Error &error)
{
    const auto it = m_pending.constFind(requestId);
    if (it == m_pending.cend())
        return; // another view's request
    const PendingAction action = *it;
    m_pending.erase(it);
    const QString what = action.pause ? tr("Could not pause %1").arg(action.target)
                                      : tr("Could not resume %1").arg(action.target);
    m_outcome->clear(); // the page shows the latest action's result, not an older success
    m_messageBar->showError(tr("%1: %2").arg(what, error.message), error.toString());
    updateActions();
}

void OverviewView::updateActions()
{
    const TargetStatus *status = statusOf(selectedTarget());
    const bool idle = m_monitor && m_pending.isEmpty();
    m_resume->setEnabled(idle && status && status->paused);
    m_pause->setEnabled(idle && status && !status->paused);
    m_selectHint->setVisible(!status && !m_rows.isEmpty());
    if (!status) {
        const QString hint = tr("Select a target in the table first");
        m_resume->setToolTip(hint);
        m_pause->setToolTip(hint);
        return;
    }
    m_resume->setToolTip(
        status->paused ? tr("Let %1's waiting jobs run again (kept in the audit log)").arg(status->target)
                       : tr("%1 is running").arg(status->target));
    m_pause->setToolTip(status->paused
                            ? tr("%1 is already paused").arg(status->target)
                            : tr("Hold %1's jobs: they wait without using attempts (asks for a reason, kept "
                                 "in the audit log)")
                                  .arg(status->target));
}

void OverviewView::showOutcome(const QString &text)
{
    m_outcome->setText(text);
    Q_EMIT statusMessage(text);
}

QString OverviewView::outcomeText() const
{
    return m_outcome->text();
}

} // namespace syncsmart
