#pragma once

#include <QReadWriteLock>
#include <QString>
#include <QStringList>
#include <QVariantMap>

#include <memory>

namespace syncsmart {

// Keeps secrets out of every text a person or a file may see. It removes the exact values it has
// been told about (API keys, passwords) and anything shaped like a credential (Authorization
// headers, user-info in URLs, key/password parameters) even when nobody registered it.
// Thread-safe: the log handler and the sync thread share one instance.
class Redactor
{
public:
    static constexpr int kMinSecretLength = 4; // shorter values would mask ordinary words

    void addSecret(const QString &secret);
    QString redact(QString text) const;
    QVariantMap redact(const QVariantMap &map) const;
    QVariant redact(const QVariant &value) const;

    // The pattern part alone, for code that has no registry at hand.
    static QString redactPatterns(QString text);

    static QString mask() { return QStringLiteral("***"); }

private:
    mutable QReadWriteLock m_lock;
    QStringList m_secrets; // longest first, so a secret that contains another is masked whole
};

// Routes every qDebug/qInfo/qWarning line through the redactor before it is printed.
void installRedactingMessageHandler(std::shared_ptr<const Redactor> redactor);

} // namespace syncsmart
