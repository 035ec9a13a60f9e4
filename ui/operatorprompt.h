#pragma once

#include <QPointer>
#include <QString>

#include <optional>

class QWidget;

namespace syncsmart {

// The questions the console asks an operator before it changes the queue. Views get one injected,
// so tests answer automatically instead of clicking dialogs.
class OperatorPrompt
{
public:
    virtual ~OperatorPrompt() = default;
    // true: go ahead. acceptLabel names the action on the accept button ("Retry 12").
    virtual bool confirm(const QString &title, const QString &text, const QString &acceptLabel) = 0;
    // A reason the audit log keeps; never empty. nullopt: the operator cancelled.
    virtual std::optional<QString> askReason(const QString &title, const QString &text,
                                             const QString &acceptLabel) = 0;
    // A value to write (an operator's answer to a conflict), starting from current; may be empty
    // text on purpose. nullopt: the operator cancelled.
    virtual std::optional<QString> askValue(const QString &title, const QString &text, const QString &current,
                                            const QString &acceptLabel) = 0;
};

// The real thing: modal dialogs over the given window.
class DialogPrompt final : public OperatorPrompt
{
public:
    explicit DialogPrompt(QWidget *parent);

    bool confirm(const QString &title, const QString &text, const QString &acceptLabel) override;
    std::optional<QString> askReason(const QString &title, const QString &text,
                                     const QString &acceptLabel) override;
    std::optional<QString> askValue(const QString &title, const QString &text, const QString &current,
                                    const QString &acceptLabel) override;

private:
    QPointer<QWidget> m_parent;
};

} // namespace syncsmart
