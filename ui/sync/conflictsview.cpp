#include "conflictsview.h"

#include "conflictmodel.h"
#include "displaytext.h"
#include "messagebar.h"
#include "operatorprompt.h"
#include "recordtable.h"
#include "requestid.h"
#include "syncdisplaytext.h"

#include "sync/fieldpolicy.h"
#include "sync/syncservice.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QStackedWidget>
#include <QStyle>
#include <QTableView>
#include <QTextBrowser>
#include <QVBoxLayout>

namespace syncsmart {

ConflictsView::ConflictsView(std::shared_ptr<OperatorPrompt> prompt, QWidget *parent)
    : QWidget(parent)
    , m_prompt(std::move(prompt))
    , m_model(new ConflictModel(this))
    , m_proxy(new QSortFilterProxyModel(this))
    , m_messageBar(new MessageBar(this))
    , m_show(new QComboBox(this))
    , m_text(new QLineEdit(this))
    , m_takeShop(new QPushButton(tr("Take shop value"), this))
    , m_takeErp(new QPushButton(tr("Take ERP value"), this))
    , m_editValue(new QPushButton(tr("Edit value…"), this))
    , m_loadMore(new QPushButton(style()->standardIcon(QStyle::SP_ArrowDown), tr("Load more"), this))
    , m_counts(new QLabel(this))
    , m_outcome(new QLabel(this))
    , m_stack(new QStackedWidget(this))
    , m_empty(new QLabel(this))
    , m_table(new QTableView(this))
    , m_detail(new QTextBrowser(this))
{
    setObjectName(QStringLiteral("conflictsView"));
    if (!m_prompt)
        m_prompt = std::make_shared<DialogPrompt>(this);
    m_proxy->setSourceModel(m_model);
    m_model->setShowResolved(false); // the first choice of the Show filter: waiting for a decision
    m_proxy->setFilterRole(ConflictModel::SearchTextRole);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);

    auto *title = new QLabel(tr("Conflicts"), this);
    title->setObjectName(QStringLiteral("sectionTitle"));
    auto *hint = new QLabel(tr("Where the rules had to choose between the shop and the ERP. Ties, manual fields "
                               "and clock-skew cases wait for you: pick the shop's value, the ERP's, or type "
                               "the right one; it is written to the side that differs."),
                            this);
    hint->setWordWrap(true);
    hint->setObjectName(QStringLiteral("hint"));

    m_show->setObjectName(QStringLiteral("showFilter"));
    m_show->addItem(tr("Waiting for a decision"), int(Show::Open));
    m_show->addItem(tr("All conflicts"), int(Show::All));
    m_text->setObjectName(QStringLiteral("textFilter"));
    m_text->setPlaceholderText(tr("Find a SKU, field, value or operator"));
    m_text->setClearButtonEnabled(true);
    m_takeShop->setObjectName(QStringLiteral("takeShop"));
    m_takeErp->setObjectName(QStringLiteral("takeErp"));
    m_editValue->setObjectName(QStringLiteral("editValue"));
    m_loadMore->setObjectName(QStringLiteral("loadMore"));
    m_takeShop->setToolTip(tr("The shop's value wins: it is written to the ERP"));
    m_takeErp->setToolTip(tr("The ERP's value wins: it is written to the shop"));
    m_editValue->setToolTip(tr("Type the right value: it is written to both sides"));
    m_counts->setObjectName(QStringLiteral("conflictCounts"));
    m_outcome->setObjectName(QStringLiteral("outcome"));
    m_outcome->setWordWrap(true);

    connect(m_show, &QComboBox::currentIndexChanged, this, [this] {
        m_model->setShowResolved(Show(m_show->currentData().toInt()) == Show::All);
        reload();
    });
    connect(m_text, &QLineEdit::textChanged, this, [this](const QString &text) {
        m_proxy->setFilterFixedString(text.trimmed());
        updateEmptyState();
    });
    connect(m_takeShop, &QPushButton::clicked, this, &ConflictsView::takeShop);
    connect(m_takeErp, &QPushButton::clicked, this, &ConflictsView::takeErp);
    connect(m_editValue, &QPushButton::clicked, this, &ConflictsView::editValue);
    connect(m_loadMore, &QPushButton::clicked, this, &ConflictsView::loadMore);

    m_table->setObjectName(QStringLiteral("conflictTable"));
    setUpRecordTable(m_table, m_proxy,
                     {{ConflictModel::Detected, 100}, {ConflictModel::Sku, 95}, {ConflictModel::Field, 80},
                      {ConflictModel::Rule, 95}, {ConflictModel::ShopValue, 135}, {ConflictModel::ShopUpdated, 100},
                      {ConflictModel::ErpValue, 135}, {ConflictModel::ErpUpdated, 100}, {ConflictModel::Resolution, 115},
                      {ConflictModel::Winner, 65}},
                     -1, true);
    // The decisions also from the table's context menu, on the selection.
    m_table->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_table, &QWidget::customContextMenuRequested, this, [this](const QPoint &at) {
        if (!m_takeShop->isEnabled())
            return;
        QMenu menu(this);
        menu.addAction(m_takeShop->text(), this, &ConflictsView::takeShop);
        menu.addAction(m_takeErp->text(), this, &ConflictsView::takeErp);
        menu.addAction(m_editValue->text(), this, &ConflictsView::editValue);
        menu.exec(m_table->viewport()->mapToGlobal(at));
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        updateActions();
        updateDetail();
    });
    connect(m_model, &QAbstractItemModel::dataChanged, this, [this] {
        updateActions();
        updateDetail();
    });
    connect(m_model, &QAbstractItemModel::rowsInserted, this, [this](const QModelIndex &, int first, int last) {
        if (first == 0 && m_loaded) { // new conflicts from the sync (a page of older ones goes below)
            for (int row = first; row <= last; ++row) {
                if (m_model->conflict(row).isOpen())
                    ++m_openTotal;
                ++m_total;
            }
        }
        updateCounts();
        updateEmptyState();
    });
    connect(m_model, &ConflictModel::conflictDecided, this, [this] {
        m_openTotal = std::max<qint64>(0, m_openTotal - 1);
        updateCounts();
    });

    m_detail->setObjectName(QStringLiteral("conflictDetail"));
    m_detail->setOpenLinks(false);
    m_empty->setObjectName(QStringLiteral("emptyState"));
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setWordWrap(true);
    m_stack->addWidget(m_table);
    m_stack->addWidget(m_empty);
    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_stack);
    splitter->addWidget(m_detail);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);
    splitter->setChildrenCollapsible(false);

    auto *header = new QHBoxLayout;
    header->addWidget(title);
    header->addStretch(1);
    header->addWidget(m_counts);
    auto *tools = new QHBoxLayout;
    tools->addWidget(m_show);
    tools->addWidget(m_text, 1);
    tools->addSpacing(12);
    tools->addWidget(m_takeShop);
    tools->addWidget(m_takeErp);
    tools->addWidget(m_editValue);
    tools->addSpacing(12);
    tools->addWidget(m_loadMore);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_messageBar);
    layout->addLayout(header);
    layout->addWidget(hint);
    layout->addLayout(tools);
    layout->addWidget(m_outcome);
    layout->addWidget(splitter, 1);
    m_outcome->hide();

    setService(nullptr, QString(), tr("The sync is not running: there are no conflicts to show."));
    updateDetail();
}

ConflictsView::~ConflictsView() = default;

void ConflictsView::setService(SyncService *service, const QString &actor, const QString &unavailableReason)
{
    if (m_service)
        disconnect(m_service, nullptr, this, nullptr);
    m_service = service;
    m_actor = actor;
    m_unavailable = unavailableReason;
    m_pending.clear();
    if (service) {
        connect(service, &SyncService::event, this, &ConflictsView::onEvent);
        connect(service, &SyncService::conflictsLoaded, this, &ConflictsView::onConflictsLoaded);
        connect(service, &SyncService::historyFailed, this, &ConflictsView::onHistoryFailed);
        connect(service, &SyncService::decisionDone, this, &ConflictsView::onDecisionDone);
    }
    reload();
}

void ConflictsView::setShow(Show show)
{
    m_show->setCurrentIndex(m_show->findData(int(show))); // reloads when it changes
}

void ConflictsView::reload()
{
    m_loaded = false;
    m_model->setPage({});
    if (m_service) {
        m_pageRequest = nextRequestId();
        m_pageIsMore = false;
        m_service->loadConflicts(m_pageRequest, Show(m_show->currentData().toInt()) == Show::Open, 0, kPageSize);
    } else {
        m_pageRequest = 0;
    }
    updateActions();
    updateCounts();
    updateEmptyState();
}

void ConflictsView::loadMore()
{
    if (!m_service || m_pageRequest != 0 || m_model->rowCount() == 0)
        return;
    m_pageRequest = nextRequestId();
    m_pageIsMore = true;
    m_loadMore->setEnabled(false);
    m_service->loadConflicts(m_pageRequest, Show(m_show->currentData().toInt()) == Show::Open, m_model->oldestId(),
                             kPageSize);
}

void ConflictsView::onEvent(const SyncEvent &event)
{
    if (event.type == SyncEvent::Type::Conflict)
        m_model->addEvent(event);
}

void ConflictsView::onConflictsLoaded(quint64 requestId, const QVector<ConflictRecord> &conflicts, qint64 total,
                                      qint64 open)
{
    if (requestId != m_pageRequest)
        return;
    m_pageRequest = 0;
    m_total = total;
    m_openTotal = open;
    if (m_pageIsMore) {
        m_model->appendPage(conflicts);
    } else {
        m_model->setPage(conflicts);
        m_loaded = true;
    }
    m_loadMore->setEnabled(conflicts.size() >= kPageSize);
    if (m_messageBar->severity() == MessageBar::Severity::Error && m_pending.isEmpty())
        m_messageBar->dismiss();
    updateActions();
    updateCounts();
    updateEmptyState();
}

void ConflictsView::onHistoryFailed(quint64 requestId, const QString &message)
{
    if (requestId != m_pageRequest)
        return;
    m_pageRequest = 0;
    m_loadMore->setEnabled(m_model->rowCount() > 0);
    m_messageBar->showError(tr("The conflicts could not be read: %1").arg(message));
    updateEmptyState();
}

QVector<ConflictRecord> ConflictsView::selectedOpen() const
{
    QVector<ConflictRecord> out;
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    for (const QModelIndex &index : rows) {
        const int row = m_proxy->mapToSource(index).row();
        if (row < 0)
            continue;
        const ConflictRecord &c = m_model->conflict(row);
        if (c.isOpen() && !m_pending.contains(c.id))
            out.append(c);
    }
    std::sort(out.begin(), out.end(), [](const ConflictRecord &a, const ConflictRecord &b) { return a.id < b.id; });
    return out;
}

void ConflictsView::takeShop()
{
    decideSelected({ConflictDecision::Kind::TakeShop, {}}, tr("the shop's value"));
}

void ConflictsView::takeErp()
{
    decideSelected({ConflictDecision::Kind::TakeErp, {}}, tr("the ERP's value"));
}

void ConflictsView::editValue()
{
    const QVector<ConflictRecord> chosen = selectedOpen();
    if (chosen.isEmpty())
        return;
    const ConflictRecord &first = chosen.constFirst();
    const QString text =
        chosen.size() == 1
            ? tr("The value for %1 of SKU %2. It is written to both the shop and the ERP.").arg(first.field, first.sku)
            : tr("One value for the %1 selected conflicts (fields: %2). It is written to both sides of each.")
                  .arg(chosen.size())
                  .arg([&] {
                      QStringList fields;
                      for (const ConflictRecord &c : chosen)
                          if (!fields.contains(c.field))
                              fields << c.field;
                      return fields.join(QStringLiteral(", "));
                  }());
    const std::optional<QString> value = m_prompt->askValue(tr("Edit value"), text, first.erpValue.toString(),
                                                            tr("Write this value"));
    if (!value)
        return;
    decideSelected({ConflictDecision::Kind::Value, *value}, tr("the value \"%1\"").arg(cellValue(*value, 40)));
}

void ConflictsView::decideSelected(ConflictDecision decision, const QString &what)
{
    if (!m_service)
        return;
    const QVector<ConflictRecord> chosen = selectedOpen();
    if (chosen.isEmpty())
        return;
    if (chosen.size() > 1 &&
        !m_prompt->confirm(tr("Decide %1 conflicts").arg(chosen.size()),
                           tr("Take %1 for %2 conflicts? Each is written to the side that differs.")
                               .arg(what)
                               .arg(chosen.size()),
                           tr("Decide %1").arg(chosen.size())))
        return;
    if (m_pending.isEmpty()) {
        m_batchDone = 0;
        m_batchErrors.clear();
    }
    for (const ConflictRecord &c : chosen) {
        m_pending.insert(c.id, QStringLiteral("%1 %2").arg(c.sku, c.field));
        m_service->decide(c.id, decision, m_actor);
    }
    showOutcome(tr("Deciding %1 conflict(s)…").arg(chosen.size()));
    updateActions();
}

void ConflictsView::onDecisionDone(qint64 conflictId, bool ok, const QString &message)
{
    const auto it = m_pending.find(conflictId);
    if (it == m_pending.end())
        return; // another view's decision
    m_pending.erase(it);
    if (ok)
        ++m_batchDone;
    else
        m_batchErrors << message;
    if (!m_pending.isEmpty()) {
        updateActions();
        return;
    }
    QString summary = tr("%1 conflict(s) decided.").arg(m_batchDone);
    if (m_batchDone == 1 && m_batchErrors.isEmpty())
        summary = message;
    if (!m_batchErrors.isEmpty()) {
        m_messageBar->showError(tr("%1 decision(s) were not taken: %2")
                                    .arg(m_batchErrors.size())
                                    .arg(m_batchErrors.join(QLatin1Char('\n'))));
    }
    showOutcome(summary);
    Q_EMIT statusMessage(summary);
    updateActions();
}

void ConflictsView::updateActions()
{
    const bool can = m_service && !selectedOpen().isEmpty();
    m_takeShop->setEnabled(can);
    m_takeErp->setEnabled(can);
    m_editValue->setEnabled(can);
}

void ConflictsView::updateDetail()
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    if (rows.size() != 1) {
        m_detail->setHtml(rows.isEmpty() ? tr("<p>Select a conflict to see both full values and why it was "
                                              "resolved this way.</p>")
                                         : tr("<p>%1 conflicts selected.</p>").arg(rows.size()));
        return;
    }
    const ConflictRecord &c = m_model->conflict(m_proxy->mapToSource(rows.first()).row());
    QString html = QStringLiteral("<h3>%1 · %2</h3>").arg(c.sku.toHtmlEscaped(), c.field.toHtmlEscaped());
    html += tr("<p><b>Rule:</b> %1 &nbsp; <b>Resolution:</b> %2 &nbsp; <b>Winner:</b> %3 &nbsp; <b>Decided by:</b> "
               "%4%5</p>")
                .arg(ruleName(c.rule), resolutionName(c.resolution), winnerText(c).toHtmlEscaped(),
                     decidedByText(c).toHtmlEscaped(),
                     c.decidedAtMs > 0 ? QStringLiteral(" (%1)").arg(localTimeText(c.decidedAtMs)) : QString());
    if (!c.reason.isEmpty())
        html += tr("<p><b>Why:</b> %1</p>").arg(c.reason.toHtmlEscaped());
    html += sideBySideHtml(
        tr("Shop — updated %1").arg(localTimeText(utcMs(c.shopUpdatedAt))),
        tr("ERP — updated %1").arg(localTimeText(utcMs(c.erpUpdatedAt))),
        FieldPolicy::isHeavy(c.field) && !c.shopValue.isValid() ? conflictValueText(c, {}, 200).toHtmlEscaped()
                                                                : valueHtml(c.shopValue.toString()),
        FieldPolicy::isHeavy(c.field) && !c.erpValue.isValid() ? conflictValueText(c, {}, 200).toHtmlEscaped()
                                                               : valueHtml(c.erpValue.toString()));
    if (c.jobId != 0)
        html += tr("<p>Written by job #%1.</p>").arg(c.jobId);
    m_detail->setHtml(html);
}

QString ConflictsView::countText() const
{
    return m_counts->text();
}

QString ConflictsView::outcomeText() const
{
    return m_outcome->text();
}

void ConflictsView::updateCounts()
{
    if (!m_service || !m_loaded) {
        if (!m_service)
            Q_EMIT openCountChanged(0);
        m_counts->clear();
        return;
    }
    Q_EMIT openCountChanged(m_openTotal);
    QString text = tr("%1 waiting for a decision").arg(syncsmart::countText(m_openTotal));
    if (Show(m_show->currentData().toInt()) == Show::All)
        text += tr(" · %1 in all").arg(syncsmart::countText(m_total));
    if (m_model->rowCount() < (Show(m_show->currentData().toInt()) == Show::All ? m_total : m_openTotal))
        text += tr(" · %1 loaded").arg(syncsmart::countText(m_model->rowCount()));
    m_counts->setText(text);
}

void ConflictsView::updateEmptyState()
{
    if (m_proxy->rowCount() > 0) {
        m_stack->setCurrentWidget(m_table);
        return;
    }
    if (!m_service)
        m_empty->setText(m_unavailable);
    else if (!m_loaded)
        m_empty->setText(tr("Reading the conflicts…"));
    else if (m_model->rowCount() > 0)
        m_empty->setText(tr("No conflict matches \"%1\".").arg(m_text->text().trimmed()));
    else if (Show(m_show->currentData().toInt()) == Show::Open)
        m_empty->setText(tr("Nothing waits for a decision. Choose \"All conflicts\" to see how the rules "
                            "resolved the others."));
    else
        m_empty->setText(tr("No conflicts yet: the shop and the ERP have not disagreed."));
    m_stack->setCurrentWidget(m_empty);
}

void ConflictsView::showOutcome(const QString &text)
{
    m_outcome->setText(text);
    m_outcome->setVisible(!text.isEmpty());
}

bool ConflictsView::selectConflict(qint64 id)
{
    const int row = m_model->rowForId(id);
    if (row < 0)
        return false;
    const QModelIndex index = m_proxy->mapFromSource(m_model->index(row, 0));
    if (!index.isValid())
        return false;
    m_table->selectionModel()->select(index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_table->setCurrentIndex(index);
    return true;
}

} // namespace syncsmart
