#pragma once

#include <QFrame>

class QLabel;
class QToolButton;

namespace syncsmart {

// A strip across the top of a view for things the operator must see: failed requests, a database
// that would not open. Stays until dismissed or replaced; never a silent log line.
class MessageBar final : public QFrame
{
    Q_OBJECT
public:
    enum class Severity { Info, Error };

    explicit MessageBar(QWidget *parent = nullptr);

    void showMessage(Severity severity, const QString &text, const QString &details = {});
    void showError(const QString &text, const QString &details = {})
    {
        showMessage(Severity::Error, text, details);
    }
    void dismiss();
    QString text() const;
    Severity severity() const { return m_severity; }

private:
    QLabel *m_icon;
    QLabel *m_text;
    QToolButton *m_close;
    Severity m_severity = Severity::Info;
};

} // namespace syncsmart
