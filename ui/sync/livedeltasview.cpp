#include "livedeltasview.h"

#include "deltamodel.h"
#include "deltaproxy.h"
#include "displaytext.h"
#include "messagebar.h"
#include "recordtable.h"
#include "requestid.h"
#include "syncdisplaytext.h"

#include "sync/fieldpolicy.h"
#include "sync/syncservice.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QStackedWidget>
#include <QStyle>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace syncsmart {

LiveDeltasView::LiveDeltasView(QWidget *parent)
    : QWidget(parent)
    , m_model(new DeltaModel(this))
    , m_proxy(new DeltaProxy(this))
    , m_messageBar(new MessageBar(this))
    , m_entity(new QComboBox(this))
    , m_field(new QComboBox(this))
    , m_outcome(new QComboBox(this))
    , m_text(new QLineEdit(this))
    , m_follow(new QPushButton(this))
    , m_loadOlder(new QPushButton(style()->standardIcon(QStyle::SP_ArrowUp), tr("Load older"), this))
    , m_counts(new QLabel(this))
    , m_stack(new QStackedWidget(this))
    , m_empty(new QLabel(this))
    , m_table(new QTableView(this))
{
    setObjectName(QStringLiteral("liveDeltasView"));
    m_proxy->setSourceModel(m_model);

    auto *title = new QLabel(tr("Live deltas"), this);
    title->setObjectName(QStringLiteral("sectionTitle"));
    auto *hint = new QLabel(tr("Every field change detected on either side, and what became of it. "
                               "Hover a cell for full values and errors."),
                            this);
    hint->setWordWrap(true);
    hint->setObjectName(QStringLiteral("hint"));

    m_entity->setObjectName(QStringLiteral("entityFilter"));
    m_entity->addItem(tr("All entities"), QString());
    m_field->setObjectName(QStringLiteral("fieldFilter"));
    m_field->addItem(tr("All fields"), QString());
    for (const QString &field : FieldPolicy::syncedProductFields())
        addFilterChoice(m_field, m_fields, field);
    addFilterChoice(m_entity, m_entities, QStringLiteral("product"));
    m_outcome->setObjectName(QStringLiteral("outcomeFilter"));
    m_outcome->addItem(tr("All outcomes"), -1);
    for (auto o : {DeltaOutcome::Applied, DeltaOutcome::Queued, DeltaOutcome::Conflict, DeltaOutcome::Failed,
                   DeltaOutcome::EchoSuppressed, DeltaOutcome::Converged, DeltaOutcome::Superseded,
                   DeltaOutcome::Ignored})
        m_outcome->addItem(outcomeName(o), int(o));
    m_text->setObjectName(QStringLiteral("textFilter"));
    m_text->setPlaceholderText(tr("Find a SKU, field or value"));
    m_text->setClearButtonEnabled(true);
    m_text->setMinimumWidth(220);
    m_follow->setObjectName(QStringLiteral("followButton"));
    m_follow->setCheckable(true);
    m_follow->setToolTip(tr("Keep the newest deltas in view, or hold the table still to read it"));
    m_loadOlder->setObjectName(QStringLiteral("loadOlderButton"));
    m_loadOlder->setToolTip(tr("Page older deltas in from the history in the database"));
    m_counts->setObjectName(QStringLiteral("deltaCounts"));

    connect(m_entity, &QComboBox::currentIndexChanged, this, &LiveDeltasView::applyFilters);
    connect(m_field, &QComboBox::currentIndexChanged, this, &LiveDeltasView::applyFilters);
    connect(m_outcome, &QComboBox::currentIndexChanged, this, &LiveDeltasView::applyFilters);
    connect(m_text, &QLineEdit::textChanged, this, &LiveDeltasView::applyFilters);
    connect(m_follow, &QPushButton::clicked, this, [this](bool checked) { setFollowing(!checked); });
    connect(m_loadOlder, &QPushButton::clicked, this, &LiveDeltasView::loadOlder);

    m_table->setObjectName(QStringLiteral("deltaTable"));
    // Arrival order, not sorted: the newest at the bottom.
    setUpRecordTable(m_table, m_proxy,
                     {{DeltaModel::Time, 100}, {DeltaModel::Entity, 70}, {DeltaModel::Sku, 110}, {DeltaModel::Field, 110},
                      {DeltaModel::From, 60}, {DeltaModel::Origin, 100}, {DeltaModel::Outcome, 130}},
                     DeltaModel::Change, true);
    connect(m_table->verticalScrollBar(), &QScrollBar::actionTriggered, this,
            [this] { QTimer::singleShot(0, this, &LiveDeltasView::onUserScrolled); });

    m_empty->setObjectName(QStringLiteral("emptyState"));
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setWordWrap(true);
    m_stack->addWidget(m_table);
    m_stack->addWidget(m_empty);

    connect(m_model, &DeltaModel::rowsAppended, this, &LiveDeltasView::onRowsAppended);
    connect(m_model, &QAbstractItemModel::rowsInserted, this,
            [this](const QModelIndex &, int first, int last) { onRowsInserted(first, last); });
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &LiveDeltasView::updateCounts);
    connect(m_model, &QAbstractItemModel::modelReset, this, &LiveDeltasView::updateCounts);
    connect(m_proxy, &QAbstractItemModel::rowsInserted, this, &LiveDeltasView::updateEmptyState);
    connect(m_proxy, &QAbstractItemModel::rowsRemoved, this, &LiveDeltasView::updateEmptyState);
    connect(m_proxy, &QAbstractItemModel::modelReset, this, &LiveDeltasView::updateEmptyState);
    connect(m_proxy, &QAbstractItemModel::layoutChanged, this, &LiveDeltasView::updateEmptyState);

    auto *header = new QHBoxLayout;
    header->addWidget(title);
    header->addStretch(1);
    header->addWidget(m_counts);
    auto *filters = new QHBoxLayout;
    filters->addWidget(m_entity);
    filters->addWidget(m_field);
    filters->addWidget(m_outcome);
    filters->addWidget(m_text, 1);
    filters->addSpacing(12);
    filters->addWidget(m_loadOlder);
    filters->addWidget(m_follow);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_messageBar);
    layout->addLayout(header);
    layout->addWidget(hint);
    layout->addLayout(filters);
    layout->addWidget(m_stack, 1);

    setFollowing(true);
    setService(nullptr, tr("The sync is not running: there are no deltas to show yet."));
}

LiveDeltasView::~LiveDeltasView() = default;

void LiveDeltasView::setService(SyncService *service, const QString &unavailableReason)
{
    if (m_service)
        disconnect(m_service, nullptr, this, nullptr);
    m_service = service;
    m_unavailable = unavailableReason;
    m_historyRequest = 0;
    m_historyExhausted = false;
    m_historyTotal = -1;
    m_model->clear();
    if (service) {
        connect(service, &SyncService::event, this, &LiveDeltasView::onEvent);
        connect(service, &SyncService::deltasLoaded, this, &LiveDeltasView::onDeltasLoaded);
        connect(service, &SyncService::historyFailed, this, &LiveDeltasView::onHistoryFailed);
        loadOlder(); // the most recent page of the history: what happened before the console opened
    }
    updateCounts();
    updateEmptyState();
}

void LiveDeltasView::loadOlder()
{
    if (!m_service || m_historyRequest != 0)
        return;
    DeltaFilter filter;
    filter.beforeId = m_model->oldestId();
    m_historyRequest = nextRequestId();
    m_loadOlder->setEnabled(false);
    m_loadOlder->setText(tr("Loading…"));
    m_service->loadDeltas(m_historyRequest, filter, m_historyPage);
}

void LiveDeltasView::setFollowing(bool follow)
{
    m_following = follow;
    m_follow->setChecked(!follow);
    if (follow) {
        m_unseen = 0;
        m_table->scrollToBottom();
    }
    m_follow->setIcon(style()->standardIcon(follow ? QStyle::SP_MediaPause : QStyle::SP_MediaPlay));
    m_follow->setText(follow ? tr("Pause auto-scroll")
                             : (m_unseen > 0 ? tr("Follow new (%1 more)").arg(syncsmart::countText(m_unseen)) : tr("Follow new")));
}

void LiveDeltasView::onEvent(const SyncEvent &event)
{
    m_model->addEvent(event);
}

void LiveDeltasView::onDeltasLoaded(quint64 requestId, const QVector<DeltaRecord> &deltas, qint64 total)
{
    if (requestId != m_historyRequest)
        return;
    m_historyRequest = 0;
    m_loadOlder->setText(tr("Load older"));
    m_model->flush(); // live rows first, so the history's outcomes (newer or equal) land last
    const bool first = m_historyTotal < 0;
    m_historyTotal = total;
    m_historyExhausted = deltas.size() < m_historyPage;
    m_model->addHistory(deltas);
    if (first && m_following)
        m_table->scrollToBottom();
    m_loadOlder->setEnabled(!m_historyExhausted);
    if (m_historyExhausted)
        m_loadOlder->setToolTip(tr("Everything in the history is shown"));
    if (m_messageBar->severity() == MessageBar::Severity::Error)
        m_messageBar->dismiss();
    updateCounts();
    updateEmptyState();
}

void LiveDeltasView::onHistoryFailed(quint64 requestId, const QString &message)
{
    if (requestId != m_historyRequest)
        return;
    m_historyRequest = 0;
    m_loadOlder->setText(tr("Load older"));
    m_loadOlder->setEnabled(true);
    m_messageBar->showError(tr("The delta history could not be read: %1 Live deltas still appear; try "
                               "Load older again.")
                                .arg(message));
}

void LiveDeltasView::onRowsInserted(int first, int last)
{
    for (int row = first; row <= last; ++row) {
        const DeltaRecord &d = m_model->delta(row);
        if (!m_entities.contains(d.entity))
            addFilterChoice(m_entity, m_entities, d.entity);
        if (!m_fields.contains(d.field))
            addFilterChoice(m_field, m_fields, d.field);
    }
    updateCounts();
}

void LiveDeltasView::onRowsAppended(int count)
{
    if (m_historyTotal >= 0)
        m_historyTotal += count;
    if (m_following) {
        m_table->scrollToBottom();
    } else {
        m_unseen += count;
        m_follow->setText(tr("Follow new (%1 more)").arg(syncsmart::countText(m_unseen)));
    }
    updateCounts();
}

void LiveDeltasView::onUserScrolled()
{
    const QScrollBar *bar = m_table->verticalScrollBar();
    const bool atBottom = bar->value() >= bar->maximum();
    if (atBottom != m_following)
        setFollowing(atBottom);
}

void LiveDeltasView::applyFilters()
{
    m_proxy->setEntity(m_entity->currentData().toString());
    m_proxy->setField(m_field->currentData().toString());
    const int outcome = m_outcome->currentData().toInt();
    m_proxy->setOutcome(outcome < 0 ? std::nullopt : std::optional<DeltaOutcome>(DeltaOutcome(outcome)));
    m_proxy->setText(m_text->text());
    if (m_following)
        m_table->scrollToBottom();
    updateCounts();
    updateEmptyState();
}

QString LiveDeltasView::countText() const
{
    return m_counts->text();
}

void LiveDeltasView::updateCounts()
{
    QString text;
    const qint64 inMemory = m_model->rowCount();
    if (m_proxy->isFiltering())
        text = tr("%1 of %2 shown match the filters").arg(syncsmart::countText(m_proxy->rowCount()), syncsmart::countText(inMemory));
    else
        text = tr("%1 shown").arg(syncsmart::countText(inMemory));
    if (m_historyTotal >= 0)
        text += tr(" · %1 in the history").arg(syncsmart::countText(std::max(m_historyTotal, inMemory)));
    m_counts->setText(text);
}

void LiveDeltasView::updateEmptyState()
{
    if (m_proxy->rowCount() > 0) {
        m_stack->setCurrentWidget(m_table);
        return;
    }
    if (!m_service)
        m_empty->setText(m_unavailable);
    else if (m_model->rowCount() > 0)
        m_empty->setText(tr("No delta in memory matches the filters. Clear them, or load older deltas."));
    else if (m_historyTotal < 0)
        m_empty->setText(tr("Reading the delta history…"));
    else
        m_empty->setText(tr("No deltas yet. They appear here as soon as a pass finds a change on either side."));
    m_stack->setCurrentWidget(m_empty);
}

void LiveDeltasView::addFilterChoice(QComboBox *combo, QSet<QString> &known, const QString &value)
{
    if (value.isEmpty() || known.contains(value))
        return;
    known.insert(value);
    combo->addItem(value, value);
}

} // namespace syncsmart
