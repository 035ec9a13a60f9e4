#include "placeholderview.h"

#include <QLabel>
#include <QVBoxLayout>

namespace syncsmart {

PlaceholderView::PlaceholderView(const QString &title, const QString &willShow, QWidget *parent)
    : QWidget(parent)
{
    auto *heading = new QLabel(title, this);
    heading->setObjectName(QStringLiteral("pageTitle"));
    auto *status = new QLabel(tr("Not built yet."), this);
    status->setObjectName(QStringLiteral("notBuilt"));
    auto *text = new QLabel(willShow, this);
    text->setWordWrap(true);
    text->setMaximumWidth(640);
    text->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(heading);
    layout->addSpacing(8);
    layout->addWidget(status);
    layout->addWidget(text);
    layout->addStretch(1);
}

} // namespace syncsmart
