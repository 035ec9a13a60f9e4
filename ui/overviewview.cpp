#include "overviewview.h"

#include "displaytext.h"

#include "queue/queuemonitor.h"

#include <QDateTime>
#include <QFrame>
#include <QGridLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QStackedWidget>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>

namespace syncsmart {

namespace {
enum TargetColumn { NameColumn, StatusColumn, ReasonColumn, SinceColumn, FirstCountColumn };
const JobState kStates[] = {JobState::Pending, JobState::Leased, JobState::Done, JobState::Dead,
                            JobState::Discarded};
} // namespace

OverviewView::OverviewView(QueueMonitor *monitor, QWidget *parent)
    : QWidget(parent)
    , m_monitor(monitor)
    , m_reviewDead(new QPushButton(tr("Review dead letters"), this))
    , m_targets(new QTableWidget(this))
    , m_targetsStack(new QStackedWidget(this))
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
    m_targets->setSelectionMode(QAbstractItemView::NoSelection);
    m_targets->setAlternatingRowColors(true);
    m_targets->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_targets->horizontalHeader()->setSectionResizeMode(ReasonColumn, QHeaderView::Stretch);
    m_targets->setSizeAdjustPolicy(QAbstractScrollArea::AdjustToContents); // as tall as its rows
    m_targets->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Maximum);

    auto *noTargets = new QLabel(tr("No targets yet. A target (the shop, the ERP) appears here once the "
                                    "engine has queued work for it."),
                                 this);
    noTargets->setObjectName(QStringLiteral("noTargets"));
    noTargets->setAlignment(Qt::AlignCenter);
    noTargets->setWordWrap(true);
    m_targetsStack->addWidget(noTargets);
    m_targetsStack->addWidget(m_targets);

    auto *targetsTitle = new QLabel(tr("Targets"), this);
    targetsTitle->setObjectName(QStringLiteral("sectionTitle"));
    m_updated->setObjectName(QStringLiteral("overviewUpdated"));

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(heading);
    layout->addSpacing(4);
    layout->addLayout(cards);
    layout->addWidget(m_reviewDead, 0, Qt::AlignLeft);
    layout->addSpacing(12);
    layout->addWidget(targetsTitle);
    layout->addWidget(m_targetsStack);
    layout->addWidget(m_updated);
    layout->addStretch(1);

    if (monitor) {
        connect(monitor, &QueueMonitor::countsLoaded, this, &OverviewView::showCounts);
        QTimer::singleShot(0, this, [this] {
            if (QueueMonitor *m = m_monitor)
                QMetaObject::invokeMethod(m, [m] { m->loadCounts(); });
        });
    }
}

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
    for (JobState state : kStates)
        m_stateCounts.value(state)->setText(countText(counts.count(state)));
    const qint64 dead = counts.count(JobState::Dead);
    m_reviewDead->setText(tr("Review dead letters (%1)").arg(countText(dead)));
    m_reviewDead->setVisible(dead > 0);

    m_targets->setRowCount(int(counts.targets.size()));
    int row = 0;
    for (const TargetStatus &target : counts.targets) {
        auto set = [&](int column, const QString &text, const QString &toolTip = {}) {
            auto *item = new QTableWidgetItem(text);
            item->setToolTip(toolTip.isEmpty() ? text : toolTip);
            if (column >= FirstCountColumn)
                item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            m_targets->setItem(row, column, item);
        };
        set(NameColumn, target.target);
        set(StatusColumn, target.paused ? tr("Paused") : tr("Running"));
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
    m_targetsStack->setCurrentIndex(counts.targets.isEmpty() ? 0 : 1);
    m_updated->setText(tr("As of %1; refreshes by itself when the queue changes.")
                           .arg(QDateTime::currentDateTime().toString(QStringLiteral("HH:mm:ss"))));
}

QString OverviewView::stateCountText(JobState state) const
{
    QLabel *label = m_stateCounts.value(state);
    return label ? label->text() : QString();
}

} // namespace syncsmart
