#pragma once

#include "operatorprompt.h"

#include <QStringList>

#include <functional>
#include <optional>

namespace syncsmart {

// Answers a view's questions the way the test says, and remembers what it was asked.
class AutoPrompt final : public OperatorPrompt
{
public:
    explicit AutoPrompt(QString reason = QStringLiteral("customer cancelled the order"))
        : reasonAnswer(std::move(reason))
    {
    }

    bool confirmAnswer = true;
    std::optional<QString> reasonAnswer;
    std::function<void()> whileOpen; // what happens elsewhere while the operator reads the dialog
    QStringList confirmTexts;
    QStringList reasonTexts;
    std::optional<QString> valueAnswer;
    QStringList valueTexts;

    bool confirm(const QString &, const QString &text, const QString &) override
    {
        confirmTexts << text;
        if (whileOpen)
            whileOpen();
        return confirmAnswer;
    }
    std::optional<QString> askReason(const QString &, const QString &text, const QString &) override
    {
        reasonTexts << text;
        if (whileOpen)
            whileOpen();
        return reasonAnswer;
    }
    std::optional<QString> askValue(const QString &, const QString &text, const QString &, const QString &) override
    {
        valueTexts << text;
        if (whileOpen)
            whileOpen();
        return valueAnswer;
    }
};

} // namespace syncsmart
