#include "settingsview.h"

#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QVBoxLayout>

namespace syncsmart {

namespace {
QLineEdit *readOnlyField(const QString &text, const QString &objectName, QWidget *parent)
{
    auto *field = new QLineEdit(text, parent);
    field->setReadOnly(true);
    field->setObjectName(objectName);
    field->setCursorPosition(0);
    field->setMinimumWidth(480);
    return field;
}
} // namespace

SettingsView::SettingsView(const ConsoleProfile &profile, QWidget *parent)
    : QWidget(parent)
{
    auto *heading = new QLabel(tr("Settings"), this);
    heading->setObjectName(QStringLiteral("pageTitle"));

    auto *form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    form->addRow(tr("Profile:"),
                 readOnlyField(profile.name.isEmpty() ? tr("(none: database given with --db)") : profile.name,
                               QStringLiteral("profileField"), this));
    form->addRow(tr("Database:"), readOnlyField(profile.databasePath, QStringLiteral("databaseField"), this));
    form->addRow(tr("Data folder:"),
                 readOnlyField(profile.dataFolder, QStringLiteral("dataFolderField"), this));

    auto *later = new QLabel(tr("Connections to the shop and the ERP, field ownership rules and schedules "
                                "are set here in a later version. Not built yet: for now the console "
                                "watches and triages the queue of the profile above."),
                             this);
    later->setWordWrap(true);
    later->setMaximumWidth(640);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(heading);
    layout->addSpacing(8);
    layout->addLayout(form);
    layout->addSpacing(12);
    layout->addWidget(later);
    layout->addStretch(1);
}

} // namespace syncsmart
