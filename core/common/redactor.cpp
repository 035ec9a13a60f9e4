#include "redactor.h"

#include <QRegularExpression>
#include <QUrl>

#include <cstdio>

#include <algorithm>
#include <optional>

namespace syncsmart {

namespace {

// Names a credential travels under: JSON and map keys, query and form parameters, headers, XML
// elements, environment variables. "key" counts only whole: not keyword, monkey, idempotencyKey.
const QString &credentialNames()
{
    static const QString names = QStringLiteral(
        R"((?:[\w-]*(?:password|passwd|secret|token)|pwd|passphrase|(?:x-)?api[_-]?key|ws[_-]?key|dolapikey)"
        R"(|(?:secret|private|access|secure)[_-]?key|syncsmart_[\w-]*key|key|(?:proxy-)?authorization)"
        R"(|credentials?))");
    return names;
}

constexpr auto kCaseInsensitive = QRegularExpression::CaseInsensitiveOption;

// Words too common in prose to trust before a colon: "API key: set SYNCSMART_..." is not a credential.
bool isWeakName(const QString &name)
{
    return name.compare(QLatin1String("key"), Qt::CaseInsensitive) == 0 ||
           name.startsWith(QLatin1String("credential"), Qt::CaseInsensitive) ||
           name.compare(QLatin1String("pwd"), Qt::CaseInsensitive) == 0;
}

// Header values that start with a scheme word ("Basic", "Bearer", "Token"): the word stays readable.
bool isAuthorizationName(const QString &name)
{
    return name.endsWith(QLatin1String("authorization"), Qt::CaseInsensitive);
}

struct Span
{
    qsizetype begin = 0;
    qsizetype end = 0; // one past the last character
};

struct QuotedText
{
    Span content;
    qsizetype end = 0; // after the closing quote
};

// A quoted string at `at`: "x", 'x', or \"x\" / \\\"x\\\" for JSON carried inside JSON strings.
// Escapes inside are honoured at every depth; an unterminated string runs to the end of the line.
std::optional<QuotedText> quotedAt(const QString &text, qsizetype at)
{
    qsizetype i = at;
    while (i < text.size() && text.at(i) == QLatin1Char('\\'))
        ++i;
    if (i >= text.size() || (text.at(i) != QLatin1Char('"') && text.at(i) != QLatin1Char('\'')))
        return std::nullopt;
    const QChar quote = text.at(i);
    const qsizetype depth = i - at; // backslashes before each delimiting quote: 0, 1, 3, 7...
    const qsizetype period = 2 * (depth + 1);
    const qsizetype begin = i + 1;
    qsizetype backslashes = 0;
    for (qsizetype j = begin; j < text.size(); ++j) {
        const QChar c = text.at(j);
        if (c == QLatin1Char('\\')) {
            ++backslashes;
            continue;
        }
        if (c == quote && backslashes % period == depth)
            return QuotedText{{begin, j - depth}, j + 1};
        if (c == QLatin1Char('\n') || c == QLatin1Char('\r'))
            return QuotedText{{begin, j - backslashes}, j};
        backslashes = 0;
    }
    return QuotedText{{begin, text.size()}, text.size()};
}

// An unquoted value: up to white space or a quote; in a query or form (`=`) also up to & < >.
// Punctuation that closes the surrounding text stays: {"token": null, ...}, (password=x).
qsizetype unquotedEnd(const QString &text, qsizetype begin, bool parameter)
{
    qsizetype i = begin;
    for (; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (c.isSpace() || c == QLatin1Char('"') || c == QLatin1Char('\''))
            break;
        if (parameter && (c == QLatin1Char('&') || c == QLatin1Char('<') || c == QLatin1Char('>')))
            break;
        if (c == QLatin1Char('\\') && i + 1 < text.size() && QStringView(u"\"'nrt").contains(text.at(i + 1)))
            break; // an escape of the string this value sits in
    }
    while (i > begin && QStringView(u",;)}]").contains(text.at(i - 1)))
        --i;
    return i;
}

// "Basic  abc": where the credential starts after the scheme word, or `begin` when there is none.
qsizetype afterScheme(const QString &text, qsizetype begin, qsizetype end)
{
    qsizetype i = begin;
    const auto isLetter = [](QChar c) {
        return (c >= QLatin1Char('a') && c <= QLatin1Char('z')) ||
               (c >= QLatin1Char('A') && c <= QLatin1Char('Z'));
    };
    while (i < end && (isLetter(text.at(i)) || (i > begin && text.at(i) == QLatin1Char('-'))))
        ++i;
    qsizetype j = i;
    while (j < end && (text.at(j) == QLatin1Char(' ') || text.at(j) == QLatin1Char('\t')))
        ++j;
    if (i == begin || j == i || j >= end || text.at(j).isSpace() || text.at(j) == QLatin1Char('"') ||
        text.at(j) == QLatin1Char('\''))
        return begin;
    return j;
}

class MaskedText
{
public:
    explicit MaskedText(const QString &text)
        : m_text(text)
    {
    }
    void mask(Span span)
    {
        if (span.begin < m_copied || span.begin >= span.end)
            return;
        m_out += QStringView(m_text).mid(m_copied, span.begin - m_copied);
        m_out += Redactor::mask();
        m_copied = span.end;
        m_changed = true;
    }
    QString result() const { return m_changed ? m_out + m_text.mid(m_copied) : m_text; }

private:
    const QString &m_text;
    QString m_out;
    qsizetype m_copied = 0;
    bool m_changed = false;
};

// password=…, "password": "…", 'password': '…', password: …, Authorization: Basic …, DOLAPIKEY: …
// A name may follow an escaped line break: header blocks are logged inside JSON strings ("…\r\nDOLAPIKEY:
// …").
QString maskNamedValues(const QString &text)
{
    static const QRegularExpression named(
        QStringLiteral(R"((?:(?<![\w-])|(?<=\\[nrt]))(%1)(?![\w-])((?:\\*["'])?)\s*(=>|[:=])[ \t]*)")
            .arg(credentialNames()),
        kCaseInsensitive);
    MaskedText out(text);
    qsizetype done = 0; // end of the last value looked at: names inside it are part of it
    // One global iteration: restarting match() at an offset costs a pass over the whole text each time.
    for (auto it = named.globalMatch(text); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        if (m.capturedStart(0) < done)
            continue;
        const qsizetype from = m.capturedEnd(0);
        const QString name = m.captured(1);
        const bool quotedName = m.capturedLength(2) > 0;
        const bool parameter = m.capturedView(3) == QLatin1String("=");
        if (!quotedName && !parameter && isWeakName(name))
            continue;
        const bool scheme = isAuthorizationName(name);
        Span value;
        qsizetype next = from;
        if (const auto quoted = quotedAt(text, from)) {
            value = quoted->content;
            if (scheme)
                value.begin = afterScheme(text, value.begin, value.end);
            next = quoted->end;
        } else if (from < text.size() &&
                   (text.at(from) == QLatin1Char('{') || text.at(from) == QLatin1Char('['))) {
            continue; // a nested object: its own keys are looked at
        } else {
            const qsizetype start = scheme ? afterScheme(text, from, text.size()) : from;
            value = {start, unquotedEnd(text, start, parameter)};
            next = value.end;
            static const QStringList jsonLiterals{QStringLiteral("null"), QStringLiteral("true"),
                                                  QStringLiteral("false")};
            if (quotedName &&
                jsonLiterals.contains(QStringView(text).mid(value.begin, value.end - value.begin)))
                continue; // {"token": null} holds no secret
        }
        out.mask(value);
        done = next;
    }
    return out.result();
}

// <ws_key>…</ws_key>, <passwd><![CDATA[…]]></passwd>: the element's text, up to the next tag.
QString maskXmlElements(const QString &text)
{
    static const QRegularExpression openTag(QStringLiteral(R"(<(%1)(?:\s[^<>]*)?>)").arg(credentialNames()),
                                            kCaseInsensitive);
    const QLatin1String cdataOpen("<![CDATA["), cdataClose("]]>");
    MaskedText out(text);
    qsizetype done = 0;
    for (auto it = openTag.globalMatch(text); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        if (m.capturedStart(0) < done)
            continue;
        qsizetype begin = m.capturedEnd(0);
        qsizetype end = -1;
        if (QStringView(text).mid(begin).startsWith(cdataOpen)) {
            begin += cdataOpen.size();
            end = text.indexOf(cdataClose, begin);
        } else {
            end = text.indexOf(QLatin1Char('<'), begin);
        }
        if (end < 0)
            end = text.size();
        out.mask({begin, end});
        done = end;
    }
    return out.result();
}

qsizetype skipSpace(const QString &text, qsizetype i)
{
    while (i < text.size() && text.at(i).isSpace())
        ++i;
    return i;
}

// One element of a JSON array: a string, or a number/true/false/null. Returns where it ends.
std::optional<qsizetype> scalarElementEnd(const QString &text, qsizetype at)
{
    if (const auto quoted = quotedAt(text, at))
        return quoted->end;
    qsizetype i = at;
    while (i < text.size() && !text.at(i).isSpace() && !QStringView(u",[]{}\"'\\").contains(text.at(i)))
        ++i;
    if (i == at)
        return std::nullopt;
    return i;
}

// Odoo JSON-RPC puts the password or API key third in "args": execute_kw [db, uid, password, ...],
// authenticate and login [db, login, password, ...].
QString maskOdooArgs(const QString &text)
{
    static const QRegularExpression args(QStringLiteral(R"((?<![\w-])args(?:\\*["'])?\s*[:=]\s*\[)"),
                                         kCaseInsensitive);
    MaskedText out(text);
    qsizetype done = 0; // how far the elements have been read
    for (auto it = args.globalMatch(text); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        if (m.capturedStart(0) < done)
            continue;
        qsizetype i = skipSpace(text, m.capturedEnd(0));
        if (!quotedAt(text, i)) // the database name
            continue;
        bool shaped = true;
        for (int element = 0; element < 2 && shaped; ++element) {
            const auto end = scalarElementEnd(text, i);
            shaped = end && (i = skipSpace(text, *end)) < text.size() && text.at(i) == QLatin1Char(',');
            done = i;
            i = skipSpace(text, i + 1);
        }
        if (!shaped)
            continue;
        if (const auto password = quotedAt(text, i)) {
            out.mask(password->content);
            done = password->end;
        }
    }
    return out.result();
}

} // namespace

void Redactor::addSecret(const QString &secret)
{
    if (secret.size() < kMinSecretLength)
        return;
    QWriteLocker lock(&m_lock);
    if (m_secrets.contains(secret))
        return;
    m_secrets.append(secret);
    // Also mask the forms a secret takes on the wire: base64 in Basic auth, percent-encoded in URLs,
    // escaped inside a JSON string.
    const QString b64 = QString::fromLatin1(secret.toUtf8().toBase64());
    const QString b64User = QString::fromLatin1((secret + QLatin1Char(':')).toUtf8().toBase64());
    const QString pct = QString::fromLatin1(QUrl::toPercentEncoding(secret));
    QString json = secret;
    json.replace(QLatin1Char('\\'), QLatin1String("\\\\")).replace(QLatin1Char('"'), QLatin1String("\\\""));
    for (const QString &form : {b64, b64User, pct, json}) {
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
        out.insert(it.key(), redactValue(it.key(), it.value()));
    return out;
}

QVariant Redactor::redactValue(const QString &key, const QVariant &value) const
{
    if (isCredentialName(key)) {
        // The whole value is the secret, whatever its type; null, false and "" say nothing about it.
        if (value.isNull() || value.typeId() == QMetaType::Bool ||
            (value.canConvert<QString>() && value.toString().isEmpty() &&
             value.typeId() != QMetaType::QVariantMap && value.typeId() != QMetaType::QVariantList))
            return value;
        return mask();
    }
    if (key.compare(QLatin1String("args"), Qt::CaseInsensitive) == 0 &&
        value.typeId() == QMetaType::QVariantList) {
        // Odoo's [db, uid or login, password, ...]
        QVariantList list = value.toList();
        const bool odooShaped = list.size() >= 3 && list.at(0).typeId() == QMetaType::QString &&
                                list.at(2).typeId() == QMetaType::QString && !list.at(2).toString().isEmpty();
        for (int i = 0; i < list.size(); ++i)
            list[i] = odooShaped && i == 2 ? QVariant(mask()) : redact(list.at(i));
        return list;
    }
    return redact(value);
}

QVariant Redactor::redact(const QVariant &value) const
{
    // Only text can carry a secret: numbers and booleans keep their type (httpStatus stays 503).
    switch (value.typeId()) {
    case QMetaType::QVariantMap:
        return redact(value.toMap());
    case QMetaType::QVariantHash: {
        QVariantHash hash = value.toHash();
        for (auto it = hash.begin(); it != hash.end(); ++it)
            it.value() = redactValue(it.key(), it.value());
        return hash;
    }
    case QMetaType::QVariantList: {
        QVariantList list = value.toList();
        for (QVariant &v : list)
            v = redact(v);
        return list;
    }
    case QMetaType::QStringList: {
        QStringList list = value.toStringList();
        for (QString &s : list)
            s = redact(s);
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
    static const QRegularExpression urlUserInfo(
        QStringLiteral(R"(([a-z][a-z0-9+.-]*://)[^/\s@:]+(:[^/\s@]*)?@)"), kCaseInsensitive);

    text.replace(urlUserInfo, QStringLiteral("\\1***@"));
    text = maskXmlElements(text);
    text = maskOdooArgs(text);
    return maskNamedValues(text);
}

bool Redactor::isCredentialName(const QString &name)
{
    static const QRegularExpression whole(QStringLiteral("^%1$").arg(credentialNames()), kCaseInsensitive);
    return whole.match(name).hasMatch();
}

bool Redactor::isSecretVariable(const QString &name)
{
    static const QRegularExpression secretName(
        QStringLiteral(R"(^SYNCSMART_\w*(KEY|PASSWORD|TOKEN|SECRET)$)"), kCaseInsensitive);
    return secretName.match(name).hasMatch();
}

void Redactor::addSecretsFrom(const QProcessEnvironment &environment)
{
    const QStringList names = environment.keys();
    for (const QString &name : names) {
        if (isSecretVariable(name))
            addSecret(environment.value(name));
    }
}

std::shared_ptr<Redactor> Redactor::withEnvironmentSecrets(const QProcessEnvironment &environment)
{
    auto redactor = std::make_shared<Redactor>();
    redactor->addSecretsFrom(environment);
    return redactor;
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
