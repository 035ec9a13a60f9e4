#pragma once

#include <QProcessEnvironment>
#include <QReadWriteLock>
#include <QString>
#include <QStringList>
#include <QVariantMap>

#include <memory>

namespace syncsmart {

// Keeps secrets out of every text a person or a file may see. It removes the exact values it has
// been told about (API keys, passwords) and anything shaped like a credential even when nobody
// registered it: Authorization/DOLAPIKEY headers, user-info in URLs, key and password parameters in
// queries, forms, JSON, XML and logs, and the password slot of Odoo JSON-RPC calls.
// Thread-safe: the log handler and the sync thread share one instance.
class Redactor
{
public:
    static constexpr int kMinSecretLength = 4; // shorter values would mask ordinary words

    void addSecret(const QString &secret);
    QString redact(QString text) const;
    // Values under a credential key ("password", "Authorization", "ws_key", ...) are masked whole;
    // other text is redacted; numbers and booleans keep their type.
    QVariantMap redact(const QVariantMap &map) const;
    QVariant redact(const QVariant &value) const;

    // The pattern part alone, for code that has no registry at hand.
    static QString redactPatterns(QString text);
    // Whether a map key, parameter or header name names a credential (case-insensitive).
    static bool isCredentialName(const QString &name);

    // Headless runs take their credentials from environment variables whose name starts with
    // SYNCSMART_ and ends with KEY, PASSWORD, TOKEN or SECRET (SYNCSMART_SHOP1_SHOP_KEY, ...).
    static bool isSecretVariable(const QString &name);
    void addSecretsFrom(const QProcessEnvironment &environment);
    // The redactor a program builds once in main(), for its log handler and everything it runs.
    static std::shared_ptr<Redactor>
    withEnvironmentSecrets(const QProcessEnvironment &environment = QProcessEnvironment::systemEnvironment());

    static QString mask() { return QStringLiteral("***"); }

private:
    QVariant redactValue(const QString &key, const QVariant &value) const;

    mutable QReadWriteLock m_lock;
    QStringList m_secrets; // longest first, so a secret that contains another is masked whole
};

// Routes every qDebug/qInfo/qWarning line through the redactor before it is printed.
void installRedactingMessageHandler(std::shared_ptr<const Redactor> redactor);

} // namespace syncsmart
