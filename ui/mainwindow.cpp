#include "mainwindow.h"

#include "deadletters/deadletterview.h"
#include "displaytext.h"
#include "messagebar.h"
#include "operatorprompt.h"
#include "overviewview.h"
#include "reconcile/reconcileview.h"
#include "settingsview.h"
#include "sync/conflictsview.h"
#include "sync/livedeltasview.h"
#include "sync/synccharts.h"
#include "sync/syncpanel.h"

#include "sync/syncservice.h"

#include "queue/queuemonitor.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QStackedWidget>
#include <QStatusBar>
#include <QStyle>
#include <QVBoxLayout>

namespace syncsmart {

namespace {
constexpr int kStatusMessageMs = 15'000;
}

MainWindow::MainWindow(const ConsoleProfile &profile, QueueMonitor *monitor,
                       std::shared_ptr<OperatorPrompt> prompt, QWidget *parent)
    : QMainWindow(parent)
    , m_profile(profile)
    , m_monitor(monitor)
    , m_messageBar(new MessageBar(this))
    , m_navigation(new QListWidget(this))
    , m_pages(new QStackedWidget(this))
    , m_statusProfile(new QLabel(this))
    , m_statusDatabase(new QLabel(this))
    , m_statusCounts(new QLabel(this))
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(profile.name.isEmpty() ? tr("SyncSmart") : tr("SyncSmart — %1").arg(profile.name));
    if (!prompt)
        prompt = std::make_shared<DialogPrompt>(this);

    m_navigation->setObjectName(QStringLiteral("navigation"));
    m_navigation->setIconSize(QSize(20, 20));
    m_navigation->setSpacing(2);
    m_navigation->setFixedWidth(200);
    m_navigation->setFrameShape(QFrame::NoFrame);
    connect(m_navigation, &QListWidget::currentRowChanged, m_pages, &QStackedWidget::setCurrentIndex);

    QStyle *s = style();
    m_overview = new OverviewView(monitor, prompt, this);
    addPage(Page::Overview, tr("Overview"), m_overview, s->standardIcon(QStyle::SP_ComputerIcon));
    m_liveDeltas = new LiveDeltasView(this);
    addPage(Page::LiveDeltas, tr("Live deltas"), m_liveDeltas, s->standardIcon(QStyle::SP_MediaPlay));
    m_conflicts = new ConflictsView(prompt, this);
    addPage(Page::Conflicts, tr("Conflicts"), m_conflicts, s->standardIcon(QStyle::SP_MessageBoxWarning));
    m_reconcile = new ReconcileView(prompt, this);
    addPage(Page::Reconciliation, tr("Reconciliation"), m_reconcile, s->standardIcon(QStyle::SP_FileDialogDetailedView));
    m_deadLetters = new DeadLetterView(monitor, prompt, this);
    addPage(Page::DeadLetters, tr("Dead letters"), m_deadLetters,
            s->standardIcon(QStyle::SP_MessageBoxCritical));
    addPage(Page::Settings, tr("Settings"), new SettingsView(profile, this),
            s->standardIcon(QStyle::SP_FileDialogInfoView));
    m_navigation->setCurrentRow(int(Page::Overview));
    connect(m_overview, &OverviewView::openDeadLetters, this, [this] { showPage(Page::DeadLetters); });

    auto *body = new QHBoxLayout;
    body->setContentsMargins(0, 0, 0, 0);
    body->addWidget(m_navigation);
    body->addWidget(m_pages, 1);
    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_messageBar);
    layout->addLayout(body, 1);
    setCentralWidget(central);

    m_statusProfile->setObjectName(QStringLiteral("statusProfile"));
    m_statusProfile->setText(profile.name.isEmpty() ? tr("No profile") : tr("Profile: %1").arg(profile.name));
    m_statusDatabase->setObjectName(QStringLiteral("statusDatabase"));
    m_statusDatabase->setText(tr("Database: %1").arg(profile.databasePath));
    m_statusDatabase->setToolTip(profile.databasePath);
    m_statusCounts->setObjectName(QStringLiteral("statusCounts"));
    m_statusCounts->setText(tr("Opening the queue…"));
    statusBar()->addPermanentWidget(m_statusProfile);
    statusBar()->addPermanentWidget(m_statusDatabase);
    statusBar()->addPermanentWidget(m_statusCounts);
    const auto showStatus = [this](const QString &text) { statusBar()->showMessage(text, kStatusMessageMs); };
    connect(m_deadLetters, &DeadLetterView::statusMessage, this, showStatus);
    connect(m_overview, &OverviewView::statusMessage, this, showStatus);
    connect(m_conflicts, &ConflictsView::statusMessage, this, showStatus);
    connect(m_reconcile, &ReconcileView::statusMessage, this, showStatus);
    // The navigation says how many conflicts wait, like the dead letters' count.
    connect(m_conflicts, &ConflictsView::openCountChanged, this, &MainWindow::showOpenConflicts);

    if (monitor) {
        connect(monitor, &QueueMonitor::countsLoaded, this, &MainWindow::showCounts);
        connect(monitor, &QueueMonitor::started, this, [this](const QString &path) {
            m_statusDatabase->setText(tr("Database: %1").arg(path));
            m_statusDatabase->setToolTip(path);
            if (m_openFailed) { // an earlier, transient failure: it is open now
                m_messageBar->dismiss();
                m_openFailed = false;
            }
        });
        connect(monitor, &QueueMonitor::openFailed, this, [this](const Error &error) {
            m_statusCounts->setText(tr("Queue not open"));
            const QString retrying = error.category == ErrorCategory::Transient
                                         ? tr(" Trying again every few seconds.")
                                         : QString();
            m_messageBar->showError(tr("The queue database could not be opened: %1").arg(error.message) + retrying,
                                    error.toString());
            m_openFailed = true;
        });
    }
    resize(1360, 840);
}

MainWindow::~MainWindow() = default;

void MainWindow::setSyncService(SyncService *service, const QString &actor, const QString &unavailableReason)
{
    m_overview->syncPanel()->setService(service, unavailableReason);
    m_overview->syncCharts()->setService(service);
    m_liveDeltas->setService(service, unavailableReason);
    m_conflicts->setService(service, actor, unavailableReason);
    m_reconcile->setService(service, actor, unavailableReason);
}

void MainWindow::showOpenConflicts(qint64 open)
{
    QListWidgetItem *item = m_navigation->item(int(Page::Conflicts));
    item->setText(open > 0 ? tr("Conflicts (%1)").arg(countText(open)) : tr("Conflicts"));
}

void MainWindow::addPage(Page page, const QString &name, QWidget *widget, const QIcon &icon)
{
    Q_ASSERT(m_pages->count() == int(page));
    Q_UNUSED(page);
    auto *item = new QListWidgetItem(icon, name, m_navigation);
    item->setSizeHint(QSize(0, 34));
    m_pages->addWidget(widget);
}

void MainWindow::showPage(Page page)
{
    m_navigation->setCurrentRow(int(page));
}

MainWindow::Page MainWindow::currentPage() const
{
    return Page(m_pages->currentIndex());
}

void MainWindow::showCounts(const QueueCounts &counts)
{
    m_statusCounts->setText(tr("Pending %1 · Leased %2 · Dead %3")
                                .arg(countText(counts.count(JobState::Pending)),
                                     countText(counts.count(JobState::Leased)),
                                     countText(counts.count(JobState::Dead))));
    const qint64 dead = counts.count(JobState::Dead);
    QListWidgetItem *item = m_navigation->item(int(Page::DeadLetters));
    item->setText(dead > 0 ? tr("Dead letters (%1)").arg(countText(dead)) : tr("Dead letters"));
}

} // namespace syncsmart
