#include "deadletterview.h"

#include "deadletterdetail.h"
#include "deadletterfilterbar.h"
#include "deadlettermodel.h"
#include "deadletterproxy.h"
#include "displaytext.h"
#include "messagebar.h"
#include "operatorprompt.h"
#include "requestid.h"

#include "queue/queuemonitor.h"

#include <QAction>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QSplitter>
#include <QStackedWidget>
#include <QStyle>
#include <QTableView>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

namespace syncsmart {

namespace {
// Reloads on queue changes at most this often, so a burst of commits costs one query.
constexpr int kReloadCoalesceMs = 200;

template<typename Call>
void post(QueueMonitor *monitor, Call call)
{
    if (monitor)
        QMetaObject::invokeMethod(monitor, [monitor, call] { call(monitor); });
}

QToolButton *actionButton(QAction *action, QWidget *parent)
{
    auto *button = new QToolButton(parent);
    button->setDefaultAction(action);
    button->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    return button;
}
} // namespace

DeadLetterView::DeadLetterView(QueueMonitor *monitor, std::shared_ptr<OperatorPrompt> prompt, QWidget *parent)
    : QWidget(parent)
    , m_monitor(monitor)
    , m_prompt(std::move(prompt))
    , m_model(new DeadLetterModel(this))
    , m_proxy(new DeadLetterProxy(this))
    , m_messageBar(new MessageBar(this))
    , m_filterBar(new DeadLetterFilterBar(this))
    , m_table(new QTableView(this))
    , m_tableStack(new QStackedWidget(this))
    , m_emptyLabel(new QLabel(this))
    , m_pageLabel(new QLabel(this))
    , m_outcomeLabel(new QLabel(this))
    , m_quickFind(new QLineEdit(this))
    , m_detail(new DeadLetterDetail(this))
    , m_splitter(new QSplitter(Qt::Horizontal, this))
    , m_retry(new QAction(style()->standardIcon(QStyle::SP_BrowserReload), tr("Retry"), this))
    , m_discard(new QAction(style()->standardIcon(QStyle::SP_DialogDiscardButton), tr("Discard…"), this))
    , m_retryMatching(new QAction(tr("Retry all matching…"), this))
    , m_discardMatching(new QAction(tr("Discard all matching…"), this))
    , m_previousPage(new QAction(style()->standardIcon(QStyle::SP_ArrowLeft), tr("Previous page"), this))
    , m_nextPage(new QAction(style()->standardIcon(QStyle::SP_ArrowRight), tr("Next page"), this))
    , m_reloadTimer(new QTimer(this))
{
    setObjectName(QStringLiteral("deadLetterView"));
    m_proxy->setSourceModel(m_model);

    m_retry->setObjectName(QStringLiteral("retryAction"));
    m_retry->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    m_retry->setToolTip(
        tr("Put the selected dead letters back in the queue with their attempts reset (Ctrl+R)"));
    m_discard->setObjectName(QStringLiteral("discardAction"));
    m_discard->setShortcut(QKeySequence::Delete);
    m_discard->setToolTip(
        tr("Give up on the selected dead letters, with a reason kept in the audit log (Del)"));
    m_retryMatching->setObjectName(QStringLiteral("retryMatchingAction"));
    m_retryMatching->setToolTip(tr("Retry every dead letter matching the filter, on all pages"));
    m_discardMatching->setObjectName(QStringLiteral("discardMatchingAction"));
    m_discardMatching->setToolTip(tr("Discard every dead letter matching the filter, on all pages"));
    for (QAction *action :
         {m_retry, m_discard, m_retryMatching, m_discardMatching, m_previousPage, m_nextPage})
        action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    addActions({m_retry, m_discard});

    m_reloadTimer->setSingleShot(true);
    m_reloadTimer->setInterval(kReloadCoalesceMs);
    connect(m_reloadTimer, &QTimer::timeout, this, &DeadLetterView::requestPage);

    auto *title = new QLabel(tr("Dead letters"), this);
    title->setObjectName(QStringLiteral("pageTitle"));
    m_outcomeLabel->setObjectName(QStringLiteral("outcomeLabel"));
    m_outcomeLabel->setWordWrap(true);
    m_outcomeLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_splitter->addWidget(buildTablePane());
    m_splitter->addWidget(m_detail);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 2);
    m_splitter->setChildrenCollapsible(false);
    m_splitter->setSizes({920, 400});
    m_detail->setMinimumWidth(320);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_messageBar);
    layout->addWidget(title);
    layout->addWidget(m_filterBar);
    layout->addWidget(buildToolbar());
    layout->addWidget(m_outcomeLabel);
    layout->addWidget(m_splitter, 1);

    connect(m_filterBar, &DeadLetterFilterBar::filterChanged, this, &DeadLetterView::onFilterChanged);
    connect(m_quickFind, &QLineEdit::textChanged, m_proxy, &DeadLetterProxy::setQuickFilter);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &DeadLetterView::onSelectionChanged);
    connect(m_retry, &QAction::triggered, this, &DeadLetterView::retrySelected);
    connect(m_discard, &QAction::triggered, this, &DeadLetterView::discardSelected);
    connect(m_retryMatching, &QAction::triggered, this, [this] { startMatching(Bulk::Retry); });
    connect(m_discardMatching, &QAction::triggered, this, [this] { startMatching(Bulk::Discard); });
    connect(m_previousPage, &QAction::triggered, this, [this] {
        m_offset = std::max(0, m_offset - m_pageSize);
        reload();
    });
    connect(m_nextPage, &QAction::triggered, this, [this] {
        m_offset += m_pageSize;
        reload();
    });

    if (monitor) {
        connect(monitor, &QueueMonitor::deadLettersLoaded, this, &DeadLetterView::onPageLoaded);
        connect(monitor, &QueueMonitor::jobLoaded, this, &DeadLetterView::onJobLoaded);
        connect(monitor, &QueueMonitor::actionFinished, this, &DeadLetterView::onActionFinished);
        connect(monitor, &QueueMonitor::matchingCounted, this, &DeadLetterView::onMatchingCounted);
        connect(monitor, &QueueMonitor::requestFailed, this, &DeadLetterView::onRequestFailed);
        connect(monitor, &QueueMonitor::facetsLoaded, m_filterBar, &DeadLetterFilterBar::setFacets);
        connect(monitor, &QueueMonitor::queueChanged, this, &DeadLetterView::scheduleReload);
        connect(monitor, &QueueMonitor::started, this, [this] {
            reload();
            post(m_monitor, [](QueueMonitor *m) { m->loadFacets(); });
        });
    }
    updateActions();
    updatePaging();
    updateEmptyState();
    // After the caller has started the monitor; a load before it would only fail.
    QTimer::singleShot(0, this, [this] {
        reload();
        post(m_monitor, [](QueueMonitor *m) { m->loadFacets(); });
    });
}

DeadLetterView::~DeadLetterView() = default;

QWidget *DeadLetterView::buildToolbar()
{
    auto *bar = new QWidget(this);
    auto *layout = new QHBoxLayout(bar);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(actionButton(m_retry, bar));
    layout->addWidget(actionButton(m_discard, bar));
    layout->addSpacing(16);
    layout->addWidget(actionButton(m_retryMatching, bar));
    layout->addWidget(actionButton(m_discardMatching, bar));
    layout->addStretch(1);
    m_quickFind->setObjectName(QStringLiteral("quickFind"));
    m_quickFind->setPlaceholderText(tr("Find in this page"));
    m_quickFind->setClearButtonEnabled(true);
    m_quickFind->setToolTip(
        tr("Narrows the rows shown on this page; the filter above searches the whole queue"));
    m_quickFind->setMinimumWidth(200);
    layout->addWidget(m_quickFind);
    return bar;
}

QWidget *DeadLetterView::buildTablePane()
{
    m_table->setObjectName(QStringLiteral("deadLetterTable"));
    m_table->setModel(m_proxy);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setAlternatingRowColors(true);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(DeadLetterModel::DeadSince, Qt::DescendingOrder);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 8);
    m_table->setContextMenuPolicy(Qt::ActionsContextMenu);
    m_table->addActions({m_retry, m_discard});
    QHeaderView *header = m_table->horizontalHeader();
    header->setHighlightSections(false);
    header->setStretchLastSection(false);
    const QFontMetrics fm = m_table->fontMetrics();
    const int stampWidth = fm.horizontalAdvance(QStringLiteral("2026-01-01 00:00:00")) + 24;
    const QList<QPair<int, int>> widths = {
        {DeadLetterModel::Id, fm.horizontalAdvance(QStringLiteral("000000")) + 24},
        {DeadLetterModel::Target, fm.horizontalAdvance(QStringLiteral("Target")) + 32},
        {DeadLetterModel::Kind, fm.horizontalAdvance(QStringLiteral("customer.upsert")) + 24},
        {DeadLetterModel::Key, fm.horizontalAdvance(QStringLiteral("product:SKU-0000:shop")) + 16},
        {DeadLetterModel::Category, fm.horizontalAdvance(QStringLiteral("Permanent")) + 32},
        {DeadLetterModel::Attempts, fm.horizontalAdvance(QStringLiteral("Attempts")) + 28},
        {DeadLetterModel::DeadSince, stampWidth},
        {DeadLetterModel::Created, stampWidth},
    };
    for (const auto &[column, width] : widths)
        header->resizeSection(column, width);
    header->setSectionResizeMode(DeadLetterModel::Error, QHeaderView::Stretch);
    header->setMinimumSectionSize(40);
    // The error needs the room; key and creation time are in the detail pane, and a click away here.
    header->hideSection(DeadLetterModel::Key);
    header->hideSection(DeadLetterModel::Created);
    header->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(header, &QHeaderView::customContextMenuRequested, this, [this, header](const QPoint &pos) {
        QMenu menu(this);
        for (int column = DeadLetterModel::Target; column < DeadLetterModel::ColumnCount; ++column) {
            QAction *toggle = menu.addAction(m_model->headerData(column, Qt::Horizontal).toString());
            toggle->setCheckable(true);
            toggle->setChecked(!header->isSectionHidden(column));
            connect(toggle, &QAction::toggled, header,
                    [header, column](bool on) { header->setSectionHidden(column, !on); });
        }
        menu.exec(header->mapToGlobal(pos));
    });
    header->setToolTip(tr("Right-click to choose the columns"));

    m_emptyLabel->setObjectName(QStringLiteral("emptyState"));
    m_emptyLabel->setAlignment(Qt::AlignCenter);
    m_emptyLabel->setWordWrap(true);
    m_emptyLabel->setMargin(24);
    m_tableStack->addWidget(m_table);
    m_tableStack->addWidget(m_emptyLabel);

    auto *pane = new QWidget(this);
    auto *layout = new QVBoxLayout(pane);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_tableStack, 1);
    auto *paging = new QHBoxLayout;
    m_pageLabel->setObjectName(QStringLiteral("pageLabel"));
    paging->addWidget(m_pageLabel);
    paging->addStretch(1);
    paging->addWidget(actionButton(m_previousPage, pane));
    paging->addWidget(actionButton(m_nextPage, pane));
    layout->addLayout(paging);
    return pane;
}

void DeadLetterView::setPageSize(int rows)
{
    m_pageSize = std::max(1, rows);
    m_offset = 0;
    reload();
}

void DeadLetterView::reload()
{
    m_reloadTimer->stop();
    requestPage();
}

void DeadLetterView::scheduleReload()
{
    if (!m_reloadTimer->isActive())
        m_reloadTimer->start();
}

void DeadLetterView::requestPage()
{
    m_pageRequest = nextRequestId();
    const quint64 request = m_pageRequest;
    const DeadLetterFilter filter = m_filter;
    const int offset = m_offset;
    const int limit = m_pageSize;
    post(m_monitor, [=](QueueMonitor *m) { m->loadDeadLetters(request, filter, offset, limit); });
}

void DeadLetterView::onPageLoaded(quint64 requestId, const DeadLetterPage &page)
{
    if (requestId != m_pageRequest)
        return; // an older answer; a newer request is on its way
    if (page.jobs.isEmpty() && page.total > 0 && m_offset > 0) {
        // This page emptied under us (others were retried): show the last page that has rows.
        m_offset = int(((page.total - 1) / m_pageSize) * m_pageSize);
        requestPage();
        return;
    }
    const QVector<qint64> keep = selectedIds();
    const QModelIndex current = m_table->currentIndex();
    const qint64 currentId = current.isValid() ? current.data(DeadLetterModel::JobIdRole).toLongLong() : 0;

    if (m_pageErrorShown) { // the database answers again: the load error is history
        m_messageBar->dismiss();
        m_pageErrorShown = false;
    }
    m_restoringSelection = true;
    m_model->setPage(page.jobs, page.total, m_offset);
    selectIds(keep, currentId);
    m_restoringSelection = false;
    m_loaded = true;
    updatePaging();
    updateEmptyState();
    onSelectionChanged(); // refreshes the detail: the job may have changed or gone
}

void DeadLetterView::selectIds(const QVector<qint64> &ids, qint64 currentId)
{
    QItemSelection selection;
    for (qint64 id : ids) {
        const int row = m_model->rowForId(id);
        if (row < 0)
            continue;
        const QModelIndex index = m_proxy->mapFromSource(m_model->index(row, 0));
        if (index.isValid())
            selection.select(index, index.siblingAtColumn(DeadLetterModel::ColumnCount - 1));
    }
    QItemSelectionModel *model = m_table->selectionModel();
    model->select(selection, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    const int currentRow = m_model->rowForId(currentId);
    if (currentRow >= 0)
        model->setCurrentIndex(m_proxy->mapFromSource(m_model->index(currentRow, 0)),
                               QItemSelectionModel::NoUpdate);
}

QVector<qint64> DeadLetterView::selectedIds() const
{
    QVector<qint64> ids;
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    for (const QModelIndex &index : rows)
        ids.append(index.data(DeadLetterModel::JobIdRole).toLongLong());
    std::sort(ids.begin(), ids.end());
    return ids;
}

void DeadLetterView::onSelectionChanged()
{
    if (m_restoringSelection)
        return;
    updateActions();
    const QVector<qint64> ids = selectedIds();
    if (ids.size() == 1) {
        const qint64 id = ids.first();
        const int row = m_model->rowForId(id);
        if (id == m_detail->jobId() && row >= 0 && m_model->job(row).updatedAt == m_detail->updatedAt()) {
            m_detailRequest = 0; // already shown and unchanged: keep the operator's scroll position
            return;
        }
        m_detailRequest = nextRequestId();
        const quint64 request = m_detailRequest;
        post(m_monitor, [=](QueueMonitor *m) { m->loadJob(request, id); });
        return;
    }
    m_detailRequest = 0;
    if (ids.isEmpty())
        m_detail->showPlaceholder(
            tr("Select a dead letter to see its payload, what went wrong and its history."));
    else
        m_detail->showPlaceholder(tr("%n dead letters selected. Retry or discard them together, "
                                     "or select one to see its details.",
                                     "", int(ids.size())));
}

void DeadLetterView::onJobLoaded(quint64 requestId, const Job &job, const QVector<JobEvent> &history)
{
    if (requestId == m_detailRequest)
        m_detail->showJob(job, history);
}

void DeadLetterView::retrySelected()
{
    const QVector<qint64> ids = selectedIds();
    if (ids.isEmpty())
        return;
    const int n = int(ids.size());
    if (n > 1 && !m_prompt->confirm(tr("Retry dead letters"),
                                    tr("Retry %n selected dead letters? They go back to the queue with their "
                                       "attempts reset.",
                                       "", n),
                                    tr("Retry %n", "", n)))
        return;
    const quint64 request = nextRequestId();
    m_pendingActions.insert(request, Bulk::Retry);
    post(m_monitor, [=](QueueMonitor *m) { m->retry(request, ids); });
}

void DeadLetterView::discardSelected()
{
    const QVector<qint64> ids = selectedIds();
    if (ids.isEmpty())
        return;
    const int n = int(ids.size());
    QString text;
    if (n == 1) {
        const Job &job = m_model->job(m_model->rowForId(ids.first()));
        text = tr("Discard job %1 (%2 · %3)? It will not be retried; it and your reason are kept in the "
                  "audit log.")
                   .arg(job.id)
                   .arg(job.target, job.kind);
    } else {
        text = tr("Discard %n selected dead letters? They will not be retried; each one and your reason "
                  "are kept in the audit log.",
                  "", n);
    }
    const std::optional<QString> reason = m_prompt->askReason(
        tr("Discard dead letters"), text, n == 1 ? tr("Discard") : tr("Discard %n", "", n));
    if (!reason || reason->trimmed().isEmpty())
        return;
    const QString why = reason->trimmed();
    const quint64 request = nextRequestId();
    m_pendingActions.insert(request, Bulk::Discard);
    post(m_monitor, [=](QueueMonitor *m) { m->discard(request, ids, why); });
}

void DeadLetterView::startMatching(Bulk action)
{
    // Act on what the filter bar says now, even if its text has not been applied yet.
    const DeadLetterFilter filter = m_filterBar->filter();
    if (filter.describe() != m_filter.describe())
        onFilterChanged();
    const quint64 request = nextRequestId();
    m_pendingCounts.insert(request, PendingCount{action, filter});
    post(m_monitor, [=](QueueMonitor *m) { m->countMatching(request, filter); });
}

void DeadLetterView::onMatchingCounted(quint64 requestId, qint64 total, qint64 asOfMs)
{
    const auto it = m_pendingCounts.constFind(requestId);
    if (it == m_pendingCounts.cend())
        return;
    const PendingCount pending = *it;
    m_pendingCounts.erase(it);
    const QString scope = pending.filter.isEmpty() ? tr("all dead letters") : pending.filter.describe();
    if (total == 0) {
        showOutcome(tr("Nothing to do: no dead letters match (%1).").arg(scope));
        return;
    }
    const int n = int(std::min<qint64>(total, std::numeric_limits<int>::max()));
    const quint64 request = nextRequestId();
    // Spelled out rather than with %n plurals: no translation files are loaded yet.
    const QString howMany = n == 1 ? tr("1 dead letter") : tr("%1 dead letters").arg(countText(n));
    if (pending.action == Bulk::Retry) {
        if (!m_prompt->confirm(tr("Retry all matching"),
                               tr("Retry %1 matching: %2?\n\nThey go back to the queue with their attempts "
                                  "reset.")
                                   .arg(howMany, scope),
                               tr("Retry %n", "", n)))
            return;
        m_pendingActions.insert(request, Bulk::Retry);
        const DeadLetterFilter counted = pending.filter.asOf(asOfMs); // only what the operator was shown
        post(m_monitor, [=](QueueMonitor *m) { m->retryMatching(request, counted); });
        return;
    }
    const std::optional<QString> reason =
        m_prompt->askReason(tr("Discard all matching"),
                            tr("Discard %1 matching: %2?\n\nThey will not be retried; each one and your "
                               "reason are kept in the audit log.")
                                .arg(howMany, scope),
                            tr("Discard %n", "", n));
    if (!reason || reason->trimmed().isEmpty())
        return;
    const QString why = reason->trimmed();
    m_pendingActions.insert(request, Bulk::Discard);
    const DeadLetterFilter counted = pending.filter.asOf(asOfMs); // only what the operator was shown
    post(m_monitor, [=](QueueMonitor *m) { m->discardMatching(request, counted, why); });
}

void DeadLetterView::onActionFinished(quint64 requestId, const BulkOutcome &outcome)
{
    const auto it = m_pendingActions.constFind(requestId);
    if (it == m_pendingActions.cend())
        return;
    const bool retried = *it == Bulk::Retry;
    m_pendingActions.erase(it);
    showOutcome(outcome.summary(retried ? tr("Retried") : tr("Discarded")));
    scheduleReload();
}

void DeadLetterView::onRequestFailed(quint64 requestId, const Error &error)
{
    QString what;
    const bool pageFailed = requestId == m_pageRequest;
    if (pageFailed) {
        what = tr("Could not load the dead letters");
    } else if (requestId == m_detailRequest) {
        what = tr("Could not load the job's details");
    } else if (const auto it = m_pendingActions.constFind(requestId); it != m_pendingActions.cend()) {
        what = tr("%1 failed; nothing was changed").arg(actionName(*it));
        m_pendingActions.erase(it);
    } else if (m_pendingCounts.remove(requestId) > 0) {
        what = tr("Could not count the matching dead letters; nothing was changed");
    } else {
        return; // another view's request
    }
    m_messageBar->showError(tr("%1: %2").arg(what, error.message), error.toString());
    m_pageErrorShown = pageFailed;
}

void DeadLetterView::onFilterChanged()
{
    m_filter = m_filterBar->filter();
    m_offset = 0;
    reload();
}

void DeadLetterView::updateActions()
{
    const int n = int(m_table->selectionModel()->selectedRows().size());
    m_retry->setEnabled(n > 0);
    m_discard->setEnabled(n > 0);
    m_retry->setText(n > 1 ? tr("Retry %n", "", n) : tr("Retry"));
    m_discard->setText(n > 1 ? tr("Discard %n…", "", n) : tr("Discard…"));
    const bool any = m_model->total() > 0;
    m_retryMatching->setEnabled(any);
    m_discardMatching->setEnabled(any);
}

void DeadLetterView::updatePaging()
{
    const qint64 total = m_model->total();
    const int rows = m_model->rowCount();
    if (!m_loaded)
        m_pageLabel->setText(tr("Loading…"));
    else if (total == 0)
        m_pageLabel->setText(tr("No dead letters"));
    else
        m_pageLabel->setText(
            tr("%1–%2 of %3 dead letters")
                .arg(countText(m_offset + (rows > 0 ? 1 : 0)), countText(m_offset + rows), countText(total)));
    m_previousPage->setEnabled(m_offset > 0);
    m_nextPage->setEnabled(m_offset + rows < total);
    updateActions();
}

void DeadLetterView::updateEmptyState()
{
    const bool empty = m_loaded && m_model->total() == 0;
    m_detail->setVisible(!empty); // nothing to detail: let the message have the room
    if (!empty) {
        m_tableStack->setCurrentWidget(m_table);
        return;
    }
    if (m_filter.isEmpty())
        m_emptyLabel->setText(tr("No dead letters.\n\nItems that fail permanently or run out of retries "
                                 "appear here, with what went wrong."));
    else
        m_emptyLabel->setText(tr("No dead letters match this filter.\n\n%1").arg(m_filter.describe()));
    m_tableStack->setCurrentWidget(m_emptyLabel);
}

void DeadLetterView::showOutcome(const QString &text)
{
    m_outcomeLabel->setText(text);
    Q_EMIT statusMessage(text);
}

QString DeadLetterView::actionName(Bulk action) const
{
    return action == Bulk::Retry ? tr("Retry") : tr("Discard");
}

QString DeadLetterView::outcomeText() const
{
    return m_outcomeLabel->text();
}

} // namespace syncsmart
