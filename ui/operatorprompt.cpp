#include "operatorprompt.h"

#include <QCoreApplication>
#include <QDialog>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
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

std::optional<QString> DialogPrompt::askReason(const QString &title, const QString &text,
                                               const QString &acceptLabel)
{
    QDialog dialog(m_parent);
    dialog.setWindowTitle(title);
    auto *layout = new QVBoxLayout(&dialog);
    auto *label = new QLabel(text, &dialog);
    label->setWordWrap(true);
    label->setMinimumWidth(420);
    auto *reason = new QLineEdit(&dialog);
    reason->setObjectName(QStringLiteral("reasonEdit"));
    reason->setPlaceholderText(tr("Why? Kept in the audit log (required)"));
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, &dialog);
    QPushButton *accept = buttons->addButton(acceptLabel, QDialogButtonBox::AcceptRole);
    accept->setEnabled(false);
    QObject::connect(reason, &QLineEdit::textChanged, accept,
                     [accept](const QString &t) { accept->setEnabled(!t.trimmed().isEmpty()); });
    QObject::connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    QObject::connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    layout->addWidget(label);
    layout->addWidget(reason);
    layout->addWidget(buttons);
    if (dialog.exec() != QDialog::Accepted || reason->text().trimmed().isEmpty())
        return std::nullopt;
    return reason->text().trimmed();
}

} // namespace syncsmart
