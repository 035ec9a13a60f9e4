#include "operatorprompt.h"

#include <QCoreApplication>
#include <QDialog>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace syncsmart {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("syncsmart::DialogPrompt", text);
}
} // namespace

DialogPrompt::DialogPrompt(QWidget *parent)
    : m_parent(parent)
{
}

bool DialogPrompt::confirm(const QString &title, const QString &text, const QString &acceptLabel)
{
    QMessageBox box(QMessageBox::Question, title, text, QMessageBox::NoButton, m_parent);
    QPushButton *accept = box.addButton(acceptLabel, QMessageBox::AcceptRole);
    QPushButton *cancel = box.addButton(QMessageBox::Cancel);
    box.setDefaultButton(cancel); // a stray Enter must not change a thousand jobs
    box.exec();
    return box.clickedButton() == accept;
}

namespace {
// A question with one input: the text above it, Cancel and the accept button below.
QPushButton *buildInputDialog(QDialog &dialog, const QString &title, const QString &text, QWidget *input,
                              const QString &acceptLabel)
{
    dialog.setWindowTitle(title);
    auto *layout = new QVBoxLayout(&dialog);
    auto *label = new QLabel(text, &dialog);
    label->setWordWrap(true);
    label->setMinimumWidth(460);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, &dialog);
    QPushButton *accept = buttons->addButton(acceptLabel, QDialogButtonBox::AcceptRole);
    QObject::connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    QObject::connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    layout->addWidget(label);
    layout->addWidget(input);
    layout->addWidget(buttons);
    input->setFocus();
    return accept;
}
} // namespace

std::optional<QString> DialogPrompt::askReason(const QString &title, const QString &text,
                                               const QString &acceptLabel)
{
    QDialog dialog(m_parent);
    auto *reason = new QLineEdit(&dialog);
    reason->setObjectName(QStringLiteral("reasonEdit"));
    reason->setPlaceholderText(tr("Why? Kept in the audit log (required)"));
    QPushButton *accept = buildInputDialog(dialog, title, text, reason, acceptLabel);
    accept->setEnabled(false);
    QObject::connect(reason, &QLineEdit::textChanged, accept,
                     [accept](const QString &t) { accept->setEnabled(!t.trimmed().isEmpty()); });
    if (dialog.exec() != QDialog::Accepted || reason->text().trimmed().isEmpty())
        return std::nullopt;
    return reason->text().trimmed();
}

std::optional<QString> DialogPrompt::askValue(const QString &title, const QString &text, const QString &current,
                                              const QString &acceptLabel)
{
    QDialog dialog(m_parent);
    // Values can be long (descriptions): a plain-text editor, not a single line.
    auto *value = new QPlainTextEdit(current, &dialog);
    value->setObjectName(QStringLiteral("valueEdit"));
    value->setMinimumHeight(current.size() > 80 ? 180 : 70);
    buildInputDialog(dialog, title, text, value, acceptLabel);
    value->selectAll();
    if (dialog.exec() != QDialog::Accepted)
        return std::nullopt;
    return value->toPlainText();
}

} // namespace syncsmart
