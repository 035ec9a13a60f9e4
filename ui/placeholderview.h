#pragma once

#include <QWidget>

namespace syncsmart {

// A page whose place in the console is fixed but whose content is not built yet. Says so plainly,
// and what it will show, so nobody mistakes an empty page for "nothing happened".
class PlaceholderView final : public QWidget
{
    Q_OBJECT
public:
    PlaceholderView(const QString &title, const QString &willShow, QWidget *parent = nullptr);
};

} // namespace syncsmart
