#include "deadletterdetail.h"

#include "displaytext.h"

#include <QFontDatabase>
#include <QFormLayout>
#include <QHash>
#include <QJsonDocument>
#include <QLabel>
#include <QPlainTextEdit>
#include <QRegularExpression>
#include <QScrollArea>
#include <QStackedLayout>
#include <QVBoxLayout>

namespace syncsmart {

namespace {

QLabel *valueLabel(const QString &text, QWidget *parent, const QString &toolTip = {})
{
    auto *label = new QLabel(text, parent);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    label->setToolTip(toolTip);
    return label;
}

QLabel *sectionTitle(const QString &text, QWidget *parent)
{
    auto *label = new QLabel(text, parent);
    label->setObjectName(QStringLiteral("detailSection"));
    QFont f = label->font();
    f.setBold(true);
    label->setFont(f);
    return label;
}

// Long or multi-line text (payloads, HTTP excerpts) in a read-only monospace box.
QPlainTextEdit *codeBox(const QString &text, QWidget *parent, int maxLines)
{
    auto *box = new QPlainTextEdit(text, parent);
    box->setReadOnly(true);
    box->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    box->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    // Wrapped lines, estimated: the pane is about 45 monospace characters wide.
    int lines = 0;
    for (const QString &line : text.split(QLatin1Char('\n')))
        lines += 1 + int(line.size()) / 42;
    lines = std::clamp(lines + 1, 2, maxLines);
    box->setFixedHeight(box->fontMetrics().lineSpacing() * lines + 12);
    return box;
}

// Two spaces per level instead of Qt's four: the pane is narrow.
QString compactJson(const QJsonDocument &doc)
{
    QStringList lines =
        QString::fromUtf8(doc.toJson(QJsonDocument::Indented)).trimmed().split(QLatin1Char('\n'));
    for (QString &line : lines) {
        int spaces = 0;
        while (spaces < line.size() && line.at(spaces) == QLatin1Char(' '))
            ++spaces;
        line = QString(spaces / 2, QLatin1Char(' ')) + line.mid(spaces);
    }
    return lines.join(QLatin1Char('\n'));
}

QString prettyPayload(const QByteArray &payload)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(payload, &error);
    if (error.error == QJsonParseError::NoError && !doc.isNull())
        return compactJson(doc);
    return QString::fromUtf8(payload);
}

// JSON in an HTTP excerpt, indented; "POST /jsonrpc {...}" keeps its request line.
QString prettyExcerpt(const QString &text)
{
    const int brace = int(text.indexOf(QRegularExpression(QStringLiteral("[{\\[]"))));
    if (brace < 0)
        return text;
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(text.mid(brace).toUtf8(), &error);
    if (error.error != QJsonParseError::NoError || doc.isNull())
        return text;
    const QString head = text.left(brace).trimmed();
    const QString body = compactJson(doc);
    return head.isEmpty() ? body : head + QLatin1Char('\n') + body;
}

QString contextText(const QVariant &value)
{
    if (value.metaType().id() == QMetaType::QVariantMap || value.metaType().id() == QMetaType::QVariantList)
        return compactJson(QJsonDocument::fromVariant(value));
    return prettyExcerpt(value.toString());
}

QString contextTitle(const QString &key)
{
    if (key == QLatin1String("request"))
        return DeadLetterDetail::tr("Request (excerpt)");
    if (key == QLatin1String("response"))
        return DeadLetterDetail::tr("Response (excerpt)");
    return key;
}

// What a history line means, in words; unknown events show as recorded.
QString eventText(const QString &event)
{
    static const QHash<QString, const char *> names = {
        {QStringLiteral("failed"), QT_TRANSLATE_NOOP("syncsmart::DeadLetterDetail", "Failed")},
        {QStringLiteral("retry_scheduled"),
         QT_TRANSLATE_NOOP("syncsmart::DeadLetterDetail", "Retry scheduled")},
        {QStringLiteral("lease_expired"), QT_TRANSLATE_NOOP("syncsmart::DeadLetterDetail", "Lease expired")},
        {QStringLiteral("dead"), QT_TRANSLATE_NOOP("syncsmart::DeadLetterDetail", "Moved to dead letters")},
        {QStringLiteral("retried"),
         QT_TRANSLATE_NOOP("syncsmart::DeadLetterDetail", "Retried by an operator")},
        {QStringLiteral("discarded"),
         QT_TRANSLATE_NOOP("syncsmart::DeadLetterDetail", "Discarded by an operator")},
    };
    const char *name = names.value(event, nullptr);
    return name ? DeadLetterDetail::tr(name) : event;
}

QString contextLabel(const QString &key)
{
    if (key == QLatin1String("httpStatus"))
        return DeadLetterDetail::tr("HTTP status:");
    if (key == QLatin1String("request"))
        return DeadLetterDetail::tr("Request:");
    if (key == QLatin1String("response"))
        return DeadLetterDetail::tr("Response:");
    return key + QLatin1Char(':');
}

} // namespace

DeadLetterDetail::DeadLetterDetail(QWidget *parent)
    : QWidget(parent)
    , m_scroll(new QScrollArea(this))
    , m_placeholder(new QLabel(this))
{
    setObjectName(QStringLiteral("deadLetterDetail"));
    m_scroll->setWidgetResizable(true);
    m_scroll->setFrameShape(QFrame::NoFrame);
    m_placeholder->setAlignment(Qt::AlignCenter);
    m_placeholder->setWordWrap(true);
    m_placeholder->setObjectName(QStringLiteral("detailPlaceholder"));
    auto *layout = new QStackedLayout(this);
    layout->addWidget(m_placeholder);
    layout->addWidget(m_scroll);
    showPlaceholder(tr("Select a dead letter to see its payload, what went wrong and its history."));
}

void DeadLetterDetail::showPlaceholder(const QString &text)
{
    m_jobId = 0;
    m_updatedAt = 0;
    m_placeholder->setText(text);
    static_cast<QStackedLayout *>(layout())->setCurrentWidget(m_placeholder);
}

void DeadLetterDetail::showJob(const Job &job, const QVector<JobEvent> &history)
{
    m_jobId = job.id;
    m_updatedAt = job.updatedAt;
    m_scroll->setWidget(buildContent(job, history)); // deletes the previous content
    static_cast<QStackedLayout *>(layout())->setCurrentWidget(m_scroll);
}

QWidget *DeadLetterDetail::buildContent(const Job &job, const QVector<JobEvent> &history)
{
    auto *content = new QWidget;
    auto *layout = new QVBoxLayout(content);
    layout->setContentsMargins(8, 4, 8, 8);

    auto *title = new QLabel(tr("Job %1 · %2 · %3").arg(job.id).arg(job.target, job.kind), content);
    title->setObjectName(QStringLiteral("detailTitle"));
    QFont f = title->font();
    f.setBold(true);
    f.setPointSizeF(f.pointSizeF() * 1.2);
    title->setFont(f);
    title->setWordWrap(true);
    title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(title);

    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->setRowWrapPolicy(QFormLayout::DontWrapRows);
    form->addRow(tr("State:"), valueLabel(stateName(job.state), content));
    form->addRow(tr("Attempts:"), valueLabel(tr("%1 of %2").arg(job.attempts).arg(job.maxAttempts), content));
    form->addRow(tr("Dead since:"),
                 valueLabel(localTimeText(job.finishedAt), content, utcTimeTooltip(job.finishedAt)));
    form->addRow(tr("Created:"),
                 valueLabel(localTimeText(job.createdAt), content, utcTimeTooltip(job.createdAt)));
    form->addRow(tr("Updated:"),
                 valueLabel(localTimeText(job.updatedAt), content, utcTimeTooltip(job.updatedAt)));
    form->addRow(tr("Idempotency key:"),
                 valueLabel(job.idempotencyKey.isEmpty() ? tr("(none)") : job.idempotencyKey, content));
    layout->addLayout(form);

    layout->addWidget(sectionTitle(tr("What went wrong"), content));
    auto *errorForm = new QFormLayout;
    errorForm->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    layout->addLayout(errorForm); // first, so the rows below find their parent widget
    QList<QPair<QString, QString>> excerpts;
    if (job.lastError)
        excerpts = addErrorSection(errorForm, *job.lastError);
    else
        errorForm->addRow(valueLabel(tr("No error was recorded."), content));

    layout->addWidget(sectionTitle(tr("Payload"), content));
    auto *payload = codeBox(prettyPayload(job.payload), content, 16);
    payload->setObjectName(QStringLiteral("detailPayload"));
    layout->addWidget(payload);

    // Long context values (request and response excerpts) after the payload, full width.
    for (const auto &[label, text] : std::as_const(excerpts)) {
        layout->addWidget(sectionTitle(label, content));
        layout->addWidget(codeBox(text, content, 12));
    }

    layout->addWidget(sectionTitle(tr("History"), content));
    layout->addWidget(buildHistory(history));
    layout->addStretch(1);
    return content;
}

QList<QPair<QString, QString>> DeadLetterDetail::addErrorSection(QFormLayout *form, const Error &error)
{
    QWidget *parent = form->parentWidget();
    form->addRow(tr("Category:"), valueLabel(categoryName(error.category), parent));
    form->addRow(tr("Code:"), valueLabel(error.code, parent));
    auto *message = valueLabel(error.message, parent);
    message->setObjectName(QStringLiteral("detailErrorMessage"));
    form->addRow(tr("Message:"), message);

    // The HTTP exchange first, in this order; anything else the connector recorded after it.
    QStringList keys = {QStringLiteral("httpStatus"), QStringLiteral("request"), QStringLiteral("response")};
    for (auto it = error.context.cbegin(); it != error.context.cend(); ++it) {
        if (!keys.contains(it.key()))
            keys.append(it.key());
    }
    QList<QPair<QString, QString>> excerpts;
    for (const QString &key : std::as_const(keys)) {
        if (!error.context.contains(key))
            continue;
        const QString text = contextText(error.context.value(key));
        if (text.size() <= 80 && !text.contains(QLatin1Char('\n')))
            form->addRow(contextLabel(key), valueLabel(text, parent));
        else
            excerpts.append({contextTitle(key), text});
    }
    return excerpts;
}

QWidget *DeadLetterDetail::buildHistory(const QVector<JobEvent> &history)
{
    // One wrapped line per event, oldest first: a table would cut the details off in a narrow pane.
    auto *box = new QWidget;
    box->setObjectName(QStringLiteral("detailHistory"));
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(6);
    for (const JobEvent &event : history) {
        QString details = event.note;
        if (event.error) {
            const QString errorText = QStringLiteral("%1: %2").arg(event.error->code, event.error->message);
            details = details.isEmpty() ? errorText : details + QStringLiteral(" — ") + errorText;
        }
        QString line =
            QStringLiteral("<b>%1</b> · %2")
                .arg(localTimeText(event.at).toHtmlEscaped(), eventText(event.event).toHtmlEscaped());
        if (event.attempt > 0)
            line += QStringLiteral(" · ") + tr("attempt %1").arg(event.attempt).toHtmlEscaped();
        if (!details.isEmpty())
            line += QStringLiteral("<br>") + details.toHtmlEscaped();
        auto *entry = valueLabel(line, box, utcTimeTooltip(event.at));
        entry->setObjectName(QStringLiteral("historyEntry"));
        entry->setTextFormat(Qt::RichText);
        layout->addWidget(entry);
    }
    if (history.isEmpty())
        layout->addWidget(valueLabel(tr("No history recorded."), box));
    return box;
}

} // namespace syncsmart
