#include "redactor.h"

#include <QRegularExpression>
#include <QUrl>

#include <cstdio>

#include <algorithm>

namespace syncsmart {

void Redactor::addSecret(const QString &secret)
{
    if (secret.size() < kMinSecretLength)
        return;
    QWriteLocker lock(&m_lock);
    if (m_secrets.contains(secret))
        return;
    m_secrets.append(secret);
    // Also mask the forms a secret takes inside HTTP: base64 in Basic auth, percent-encoded in URLs.
    const QString b64 = QString::fromLatin1(secret.toUtf8().toBase64());
    const QString b64User = QString::fromLatin1((secret + QLatin1Char(':')).toUtf8().toBase64());
    const QString pct = QString::fromLatin1(QUrl::toPercentEncoding(secret));
    for (const QString &form : {b64, b64User, pct}) {
        if (form != secret && !m_secrets.contains(form))
            m_secrets.append(form);
    }
    std::sort(m_secrets.begin(), m_secrets.end(),
              [](const QString &a, const QString &b) { return a.size() > b.size(); });
}

QString Redactor::redact(QString text) const
{
    {
        QReadLocker lock(&m_lock);
        for (const QString &secret : m_secrets)
            text.replace(secret, mask());
    }
    return redactPatterns(std::move(text));
}

QVariantMap Redactor::redact(const QVariantMap &map) const
{
    QVariantMap out;
    for (auto it = map.cbegin(); it != map.cend(); ++it)
        out.insert(it.key(), redact(it.value()));
    return out;
}

QVariant Redactor::redact(const QVariant &value) const
{
    // Only text can carry a secret: numbers and booleans keep their type (httpStatus stays 503).
    switch (value.typeId()) {
    case QMetaType::QVariantMap:
        return redact(value.toMap());
    case QMetaType::QVariantList: {
        QVariantList list = value.toList();
        for (QVariant &v : list)
            v = redact(v);
        return list;
    }
    case QMetaType::QString:
    case QMetaType::QByteArray:
    case QMetaType::QUrl:
        return redact(value.toString());
    default:
        return value;
    }
}

QString Redactor::redactPatterns(QString text)
{
    static const QRegularExpression authHeader(
        QStringLiteral(R"((authorization|proxy-authorization|dolapikey|x-api-key|api-key)(\s*[:=]\s*)(basic |bearer )?[^\s,;"'&]+)"),
        QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression urlUserInfo(QStringLiteral(R"(([a-z][a-z0-9+.-]*://)[^/\s@:]+(:[^/\s@]*)?@)"),
                                                QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression keyParam(
        QStringLiteral(R"(([?&;\s](ws_key|api_key|apikey|key|password|passwd|token|secret)=)[^&\s"']+)"),
        QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression jsonSecret(
        QStringLiteral(R"re(("(password|passwd|api_key|apikey|api-key|token|secret|ws_key|key)"\s*:\s*")[^"]*("))re"),
        QRegularExpression::CaseInsensitiveOption);

    text.replace(authHeader, QStringLiteral("\\1\\2\\3***"));
    text.replace(urlUserInfo, QStringLiteral("\\1***@"));
    text.replace(keyParam, QStringLiteral("\\1***"));
    text.replace(jsonSecret, QStringLiteral("\\1***\\3"));
    return text;
}

namespace {
std::shared_ptr<const Redactor> g_logRedactor;
QtMessageHandler g_previousHandler = nullptr;

void redactingHandler(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    const auto redactor = std::atomic_load(&g_logRedactor);
    const QString clean = redactor ? redactor->redact(message) : Redactor::redactPatterns(message);
    if (g_previousHandler) {
        g_previousHandler(type, context, clean);
        return;
    }
    const QByteArray line = qFormatLogMessage(type, context, clean).toLocal8Bit();
    std::fprintf(stderr, "%s\n", line.constData());
    std::fflush(stderr);
}
} // namespace

void installRedactingMessageHandler(std::shared_ptr<const Redactor> redactor)
{
    std::atomic_store(&g_logRedactor, std::move(redactor));
    QtMessageHandler previous = qInstallMessageHandler(redactingHandler);
    if (previous != redactingHandler)
        g_previousHandler = previous;
}

} // namespace syncsmart
