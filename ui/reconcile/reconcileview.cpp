#include "reconcileview.h"

#include "displaytext.h"
#include "messagebar.h"
#include "operatorprompt.h"
#include "reconcilediffmodel.h"
#include "recordtable.h"
#include "requestid.h"

#include "reconcile/reconcileexport.h"
#include "sync/fieldpolicy.h"
#include "sync/syncservice.h"

#include <QComboBox>
#include <QCoreApplication>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QSplitter>
#include <QStackedWidget>
#include <QStyle>
#include <QTableView>
#include <QTextBrowser>
#include <QTextDocument>
#include <QVBoxLayout>

namespace syncsmart {

namespace {
const DiffKind kKinds[] = {DiffKind::FieldMismatch,   DiffKind::StockMismatch,  DiffKind::MissingInShop,
                           DiffKind::MissingInErp,    DiffKind::DuplicateInShop, DiffKind::DuplicateInErp};

QString runStateWord(ReconcileRun::State state)
{
    switch (state) {
    case ReconcileRun::State::Done: return QCoreApplication::translate("syncsmart::ReconcileView", "finished");
    case ReconcileRun::State::Cancelled: return QCoreApplication::translate("syncsmart::ReconcileView", "cancelled");
    case ReconcileRun::State::Failed: return QCoreApplication::translate("syncsmart::ReconcileView", "failed");
    case ReconcileRun::State::Running: return QCoreApplication::translate("syncsmart::ReconcileView", "did not finish");
    }
    return {};
}

QString idsText(const QStringList &ids)
{
    return ids.isEmpty() ? QCoreApplication::translate("syncsmart::ReconcileView", "none") : ids.join(QStringLiteral(", "));
}
} // namespace

ReconcileView::ReconcileView(std::shared_ptr<OperatorPrompt> prompt, QWidget *parent)
    : QWidget(parent)
    , m_prompt(std::move(prompt))
    , m_model(new ReconcileDiffModel(this))
    , m_proxy(new ReconcileDiffProxy(this))
    , m_messageBar(new MessageBar(this))
    , m_run(new QPushButton(style()->standardIcon(QStyle::SP_BrowserReload), tr("Run now"), this))
    , m_cancel(new QPushButton(style()->standardIcon(QStyle::SP_BrowserStop), tr("Cancel"), this))
    , m_progressBar(new QProgressBar(this))
    , m_progress(new QLabel(this))
    , m_summary(new QLabel(this))
    , m_runs(new QComboBox(this))
    , m_schedule(new QLabel(this))
    , m_detail(new QTextBrowser(this))
    , m_category(new QComboBox(this))
    , m_text(new QLineEdit(this))
    , m_applySelected(new QPushButton(tr("Apply selected"), this))
    , m_applyCategory(new QPushButton(tr("Apply all of this category"), this))
    , m_export(new QPushButton(style()->standardIcon(QStyle::SP_DialogSaveButton), tr("Export CSV…"), this))
    , m_outcome(new QLabel(this))
    , m_stack(new QStackedWidget(this))
    , m_empty(new QLabel(this))
    , m_table(new QTableView(this))
{
    setObjectName(QStringLiteral("reconcileView"));
    if (!m_prompt)
        m_prompt = std::make_shared<DialogPrompt>(this);
    m_proxy->setSourceModel(m_model);

    auto *title = new QLabel(tr("Reconciliation"), this);
    title->setObjectName(QStringLiteral("sectionTitle"));
    auto *hint = new QLabel(tr("Compares both whole catalogs and stock lists by SKU and lists every difference with "
                               "the fix the rules imply. Applying queues the fixes like any sync write; what the "
                               "rules leave to a person is listed with what to do."),
                            this);
    hint->setWordWrap(true);
    m_run->setObjectName(QStringLiteral("runReconcile"));
    m_cancel->setObjectName(QStringLiteral("cancelReconcile"));
    m_progressBar->setRange(0, 0); // busy: the totals are not known up front
    m_progressBar->setMaximumWidth(160);
    m_progressBar->hide();
    m_progress->setObjectName(QStringLiteral("reconcileProgress"));
    m_summary->setObjectName(QStringLiteral("reconcileSummary"));
    m_summary->setWordWrap(true);
    m_runs->setObjectName(QStringLiteral("runPicker"));
    m_runs->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_runs->setToolTip(tr("The stored runs, newest first: pick one to see its differences."));
    m_schedule->setObjectName(QStringLiteral("reconcileSchedule"));
    m_detail->setObjectName(QStringLiteral("diffDetail"));
    m_detail->setOpenLinks(false);
    m_category->setObjectName(QStringLiteral("categoryFilter"));
    m_text->setPlaceholderText(tr("Find a SKU, field, value or fix"));
    m_text->setClearButtonEnabled(true);
    m_applySelected->setObjectName(QStringLiteral("applySelected"));
    m_applyCategory->setObjectName(QStringLiteral("applyCategory"));
    m_outcome->setObjectName(QStringLiteral("outcome"));
    m_outcome->setWordWrap(true);
    m_outcome->hide();

    connect(m_run, &QPushButton::clicked, this, &ReconcileView::runNow);
    connect(m_cancel, &QPushButton::clicked, this, &ReconcileView::cancel);
    connect(m_applySelected, &QPushButton::clicked, this, &ReconcileView::applySelected);
    connect(m_applyCategory, &QPushButton::clicked, this, &ReconcileView::applyCategory);
    connect(m_export, &QPushButton::clicked, this, &ReconcileView::exportCsv);
    connect(m_category, &QComboBox::currentIndexChanged, this, [this] {
        const int kind = m_category->currentData().toInt();
        m_proxy->setKind(kind < 0 ? std::nullopt : std::optional<DiffKind>(DiffKind(kind)));
        updateActions();
        updateEmptyState();
    });
    connect(m_text, &QLineEdit::textChanged, this, [this](const QString &t) {
        m_proxy->setText(t);
        updateEmptyState();
    });

    m_table->setObjectName(QStringLiteral("diffTable"));
    setUpRecordTable(m_table, m_proxy,
                     {{ReconcileDiffModel::Category, 150}, {ReconcileDiffModel::Sku, 100}, {ReconcileDiffModel::Field, 80},
                      {ReconcileDiffModel::ShopValue, 140}, {ReconcileDiffModel::ErpValue, 140}, {ReconcileDiffModel::Rule, 60},
                      {ReconcileDiffModel::Status, 130}},
                     ReconcileDiffModel::Fix, true);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        updateActions();
        updateDetail();
    });
    connect(m_runs, &QComboBox::activated, this, [this] {
        const qint64 id = m_runs->currentData().toLongLong();
        if (id > 0 && id != m_model->run().id)
            load(id);
    });
    m_empty->setObjectName(QStringLiteral("emptyState"));
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setWordWrap(true);
    m_stack->addWidget(m_table);
    m_stack->addWidget(m_empty);
    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_stack);
    splitter->addWidget(m_detail);
    splitter->setStretchFactor(0, 4);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({400, 100}); // scaled to the height there is: the table first

    auto *header = new QHBoxLayout;
    header->addWidget(title);
    header->addStretch(1);
    header->addWidget(m_progress);
    header->addWidget(m_progressBar);
    header->addWidget(m_run);
    header->addWidget(m_cancel);
    auto *runs = new QHBoxLayout;
    auto *runLabel = new QLabel(tr("Run:"), this);
    runLabel->setBuddy(m_runs);
    runs->addWidget(runLabel);
    runs->addWidget(m_runs);
    runs->addSpacing(12);
    runs->addWidget(m_schedule, 1);
    auto *filters = new QHBoxLayout;
    filters->addWidget(m_category);
    filters->addWidget(m_text, 1);
    filters->addSpacing(12);
    filters->addWidget(m_applySelected);
    filters->addWidget(m_applyCategory);
    filters->addWidget(m_export);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_messageBar);
    layout->addLayout(header);
    layout->addWidget(hint);
    layout->addLayout(runs);
    layout->addWidget(m_summary);
    layout->addLayout(filters);
    layout->addWidget(m_outcome);
    layout->addWidget(splitter, 1);

    setService(nullptr, QString(), tr("The sync is not set up: there is nothing to reconcile."));
}

ReconcileView::~ReconcileView() = default;

void ReconcileView::setService(SyncService *service, const QString &actor, const QString &unavailableReason)
{
    if (m_service)
        disconnect(m_service, nullptr, this, nullptr);
    m_service = service;
    m_actor = actor;
    m_unavailable = unavailableReason;
    m_running = false;
    m_model->setRun({}, {});
    updateRuns({});
    if (service) {
        connect(service, &SyncService::reconcileProgress, this, &ReconcileView::onProgress);
        connect(service, &SyncService::reconcileFinished, this, &ReconcileView::onFinished);
        connect(service, &SyncService::reconcileLoaded, this, &ReconcileView::onLoaded);
        connect(service, &SyncService::reconcileApplied, this, &ReconcileView::onApplied);
        connect(service, &SyncService::reconcileScheduleChanged, this, &ReconcileView::updateSchedule);
        connect(service, &SyncService::historyFailed, this, [this](quint64 requestId, const QString &message) {
            if (requestId != m_loadRequest)
                return;
            m_loadRequest = 0;
            m_messageBar->showError(tr("The reconciliation runs could not be read: %1").arg(message));
            updateEmptyState();
        });
        load(0); // the latest run, if any
    }
    updateSummary();
    updateCategories();
    updateActions();
    updateEmptyState();
}

void ReconcileView::runNow()
{
    if (!m_service || m_running)
        return;
    m_running = true;
    m_messageBar->dismiss();
    m_progress->setText(tr("Starting…"));
    m_progressBar->show();
    m_service->reconcile(m_actor);
    updateActions();
    updateEmptyState();
}

void ReconcileView::cancel()
{
    if (m_service && m_running) {
        m_progress->setText(tr("Cancelling…"));
        m_service->cancelReconcile();
    }
}

void ReconcileView::onProgress(const ReconcileProgress &p)
{
    if (!m_running) { // a run the schedule started
        m_running = true;
        m_progressBar->show();
        updateActions();
        updateEmptyState();
    }
    QString phase = p.phase;
    if (!phase.isEmpty())
        phase[0] = phase[0].toUpper();
    QString text = tr("%1: %2 ERP and %3 shop products, %4 stock lines (%5/s)")
                       .arg(phase, syncsmart::countText(p.erpProducts), syncsmart::countText(p.shopProducts), syncsmart::countText(p.stockLines),
                            syncsmart::countText(qRound64(p.perSecond)));
    if (p.etaMs >= 0)
        text += tr(", about %1 s left").arg((p.etaMs + 999) / 1000);
    m_progress->setText(text);
}

void ReconcileView::onFinished(qint64 runId, bool ok, const QString &message)
{
    m_running = false;
    m_progressBar->hide();
    m_progress->clear();
    if (!ok)
        m_messageBar->showError(message);
    else
        Q_EMIT statusMessage(message);
    if (runId > 0)
        load(runId);
    updateActions();
    updateEmptyState();
}

void ReconcileView::load(qint64 runId)
{
    if (!m_service)
        return;
    m_loadRequest = nextRequestId();
    m_service->loadReconcile(m_loadRequest, runId);
}

void ReconcileView::onLoaded(quint64 requestId, const ReconcileRun &run, const QVector<StoredDiff> &diffs,
                             const ReconcileHistory &history)
{
    if (requestId != m_loadRequest)
        return;
    m_loadRequest = 0;
    m_model->setRun(run, diffs);
    updateRuns(history);
    updateDetail();
    updateSummary();
    updateCategories();
    updateActions();
    updateEmptyState();
}

void ReconcileView::applySelected()
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    apply(rows, tr("the %1 selected difference(s)").arg(rows.size()));
}

void ReconcileView::applyCategory()
{
    QModelIndexList rows;
    for (int row = 0; row < m_proxy->rowCount(); ++row)
        rows.append(m_proxy->index(row, 0));
    apply(rows, tr("all %1 difference(s) shown (%2)").arg(rows.size()).arg(m_category->currentText()));
}

void ReconcileView::apply(const QModelIndexList &rows, const QString &what)
{
    if (!m_service || rows.isEmpty() || m_applyRequest != 0)
        return;
    QVector<qint64> ids;
    int applicable = 0;
    for (const QModelIndex &index : rows) {
        ids.append(index.data(ReconcileDiffModel::DiffIdRole).toLongLong());
        applicable += index.data(ReconcileDiffModel::ApplicableRole).toBool() ? 1 : 0;
    }
    const int left = int(ids.size()) - applicable;
    const QString text = tr("Queue the fixes of %1? %2 can be written (each copies the winning side's value when "
                            "it runs); %3 need a person or are already applied and are skipped.")
                             .arg(what)
                             .arg(applicable)
                             .arg(left);
    if (applicable == 0) {
        m_outcome->setText(tr("Nothing to apply: %1 need a person or are already applied.").arg(left));
        m_outcome->show();
        return;
    }
    if (!m_prompt->confirm(tr("Apply fixes"), text, tr("Queue %1 fix(es)").arg(applicable)))
        return;
    m_applyRequest = nextRequestId();
    m_service->applyReconcile(m_applyRequest, m_model->run().id, ids, m_actor);
    updateActions();
}

void ReconcileView::onApplied(quint64 requestId, bool ok, const QString &message)
{
    if (requestId != m_applyRequest)
        return;
    m_applyRequest = 0;
    if (!ok)
        m_messageBar->showError(tr("The fixes were not queued: %1").arg(message));
    m_outcome->setText(message);
    m_outcome->setVisible(ok);
    Q_EMIT statusMessage(message);
    load(m_model->run().id); // which differences now carry a job
    updateActions();
}

Status ReconcileView::exportTo(const QString &path) const
{
    QVector<StoredDiff> diffs;
    for (int row = 0; row < m_model->rowCount(); ++row)
        diffs.append(m_model->diff(row));
    return syncsmart::exportCsv(path, diffs);
}

void ReconcileView::exportCsv()
{
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export the differences"), QStringLiteral("reconciliation-%1.csv").arg(m_model->run().id),
        tr("CSV files (*.csv)"));
    if (path.isEmpty())
        return;
    if (Status s = exportTo(path); !s)
        m_messageBar->showError(s.error().message);
    else
        Q_EMIT statusMessage(tr("%1 differences exported to %2").arg(syncsmart::countText(m_model->rowCount()), path));
}

QString ReconcileView::summaryText() const { return m_summary->text(); }
QString ReconcileView::progressText() const { return m_progress->text(); }
QString ReconcileView::outcomeText() const { return m_outcome->text(); }
QString ReconcileView::scheduleText() const { return m_schedule->text(); }
QString ReconcileView::detailText() const { return m_detail->toPlainText(); }

void ReconcileView::updateRuns(const ReconcileHistory &history)
{
    QSignalBlocker block(m_runs);
    m_runs->clear();
    for (const ReconcileRun &r : history.runs) {
        m_runs->addItem(tr("#%1 · %2 · %3 · %4 · %5 differences")
                            .arg(r.id)
                            .arg(localTimeText(r.startedMs), r.trigger, runStateWord(r.state), syncsmart::countText(r.diffs)),
                        r.id);
    }
    if (history.runs.isEmpty())
        m_runs->addItem(tr("No run yet"), qint64(0));
    m_runs->setCurrentIndex(std::max(0, m_runs->findData(m_model->run().id)));
    m_runs->setEnabled(history.runs.size() > 1);
    updateSchedule(history.nextScheduledMs);
}

// The service says when the schedule runs next as that moves (the sync starts or pauses, a run ends).
void ReconcileView::updateSchedule(qint64 nextRunMs)
{
    if (!m_service) {
        m_schedule->clear();
        return;
    }
    const ReconcileSchedule &schedule = m_service->profile().reconcile.schedule;
    QString text;
    if (!schedule.isOn())
        text = tr("Schedule: none (runs only when asked). Set [reconcile] schedule = daily 03:00 in the profile "
                  "to run it every night.");
    else if (nextRunMs < 0)
        text = tr("Schedule: %1 — runs while the sync runs (it is paused or stopped now).").arg(schedule.text());
    else
        text = tr("Schedule: %1 — next run %2.").arg(schedule.text(), localTimeText(nextRunMs));
    m_schedule->setText(text);
}

void ReconcileView::updateDetail()
{
    const QModelIndexList rows = m_table->selectionModel()->selectedRows();
    if (rows.size() != 1) {
        m_detail->setHtml(rows.isEmpty() ? tr("<p>Select a difference to see both values in full, the ids on each "
                                              "side and what fixing it does.</p>")
                                         : tr("<p>%1 differences selected.</p>").arg(rows.size()));
        return;
    }
    const StoredDiff &s = m_model->diff(m_proxy->mapToSource(rows.first()).row());
    const ReconcileDiff &d = s.diff;
    QString html = QStringLiteral("<h3>%1 · %2%3</h3>")
                       .arg(d.sku.toHtmlEscaped(), diffKindName(d.kind).toHtmlEscaped(),
                            d.field.isEmpty() ? QString() : QStringLiteral(" · ") + d.field.toHtmlEscaped());
    html += tr("<p><b>Fix:</b> %1</p>").arg(d.fix.toHtmlEscaped());
    if (!d.rule.isEmpty())
        html += tr("<p><b>Rule:</b> %1</p>").arg(d.rule.toHtmlEscaped());
    if (!d.field.isEmpty()) {
        html += sideBySideHtml(tr("Shop"), tr("ERP"), valueHtml(d.shopValue), valueHtml(d.erpValue));
        if (FieldPolicy::isHeavy(d.field))
            html += tr("<p><i>Long texts are compared in full and shown here shortened.</i></p>");
    }
    html += tr("<p><b>Shop ids:</b> %1 &nbsp; <b>ERP ids:</b> %2</p>")
                .arg(idsText(d.shopIds).toHtmlEscaped(), idsText(d.erpIds).toHtmlEscaped());
    if (s.jobId != 0)
        html += tr("<p>Applied by job #%1, queued %2 by %3.</p>")
                    .arg(s.jobId)
                    .arg(localTimeText(s.appliedAtMs), s.appliedBy.toHtmlEscaped());
    m_detail->setHtml(html);
}

void ReconcileView::updateSummary()
{
    const ReconcileRun &r = m_model->run();
    if (!m_service || r.id == 0) {
        m_summary->setText(m_service ? tr("No reconciliation has run for this profile yet: Run now compares both "
                                          "catalogs (it only reads; nothing is written until you apply).")
                                     : QString());
        return;
    }
    QString state;
    switch (r.state) {
    case ReconcileRun::State::Done: state = tr("finished"); break;
    case ReconcileRun::State::Cancelled: state = tr("cancelled (partial: SKUs missing on a side were not judged)"); break;
    case ReconcileRun::State::Failed: state = tr("failed: %1").arg(r.error); break;
    case ReconcileRun::State::Running: state = tr("did not finish (the console closed while it ran)"); break;
    }
    m_summary->setText(tr("Run #%1 %2 %3 in %4 s, by %5: %6 ERP and %7 shop products, %8 compared, %9 differences.")
                           .arg(r.id)
                           .arg(state, localTimeText(r.finishedMs > 0 ? r.finishedMs : r.startedMs))
                           .arg(QLocale().toString(double(std::max<qint64>(0, r.finishedMs - r.startedMs)) / 1000.0, 'f', 1),
                                r.trigger, syncsmart::countText(r.erpProducts), syncsmart::countText(r.shopProducts), syncsmart::countText(r.compared),
                                syncsmart::countText(r.diffs)));
}

void ReconcileView::updateCategories()
{
    const int current = m_category->currentData().isValid() ? m_category->currentData().toInt() : -1;
    QSignalBlocker block(m_category);
    m_category->clear();
    m_category->addItem(tr("All categories (%1)").arg(syncsmart::countText(m_model->rowCount())), -1);
    for (DiffKind k : kKinds)
        m_category->addItem(QStringLiteral("%1 (%2)").arg(diffKindName(k), syncsmart::countText(m_model->count(k))), int(k));
    m_category->setCurrentIndex(std::max(0, m_category->findData(current)));
}

void ReconcileView::updateActions()
{
    const bool have = !m_service.isNull();
    m_run->setEnabled(have && !m_running);
    m_cancel->setEnabled(have && m_running);
    const bool idle = have && m_applyRequest == 0 && m_model->run().id != 0;
    m_applySelected->setEnabled(idle && m_table->selectionModel()->hasSelection());
    m_applyCategory->setEnabled(idle && m_proxy->rowCount() > 0);
    m_export->setEnabled(m_model->rowCount() > 0);
}

void ReconcileView::updateEmptyState()
{
    if (m_proxy->rowCount() > 0) {
        m_stack->setCurrentWidget(m_table);
        return;
    }
    if (!m_service)
        m_empty->setText(m_unavailable);
    else if (m_running)
        m_empty->setText(tr("Reading and comparing both catalogs… The differences appear here when the run ends."));
    else if (m_model->run().id == 0)
        m_empty->setText(tr("No run yet."));
    else if (m_model->rowCount() > 0)
        m_empty->setText(tr("No difference matches the filters."));
    else
        m_empty->setText(tr("Both sides agree on every compared field and every stock level."));
    m_stack->setCurrentWidget(m_empty);
}

} // namespace syncsmart
