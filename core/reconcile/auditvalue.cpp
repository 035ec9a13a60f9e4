#include "auditvalue.h"

#include "connectors/catalogtypes.h"
#include "sync/canonical.h"

#include <QHash>
#include <QRegularExpression>

namespace syncsmart {

namespace {

bool isText(const QString &field)
{
    return field != field::Price && field != field::Cost && field != field::Weight && field != field::Active;
}

const QHash<QString, QChar> &namedEntities()
{
    // The entities shop editors (TinyMCE) and ERPs write; the rest of HTML's list is rare in catalogs.
    static const QHash<QString, QChar> entities{
        {QStringLiteral("amp"), QLatin1Char('&')},     {QStringLiteral("lt"), QLatin1Char('<')},
        {QStringLiteral("gt"), QLatin1Char('>')},      {QStringLiteral("quot"), QLatin1Char('"')},
        {QStringLiteral("apos"), QLatin1Char('\'')},   {QStringLiteral("nbsp"), QChar(0x00A0)},
        {QStringLiteral("euro"), QChar(0x20AC)},       {QStringLiteral("copy"), QChar(0x00A9)},
        {QStringLiteral("reg"), QChar(0x00AE)},        {QStringLiteral("trade"), QChar(0x2122)},
        {QStringLiteral("deg"), QChar(0x00B0)},        {QStringLiteral("middot"), QChar(0x00B7)},
        {QStringLiteral("laquo"), QChar(0x00AB)},      {QStringLiteral("raquo"), QChar(0x00BB)},
        {QStringLiteral("ndash"), QChar(0x2013)},      {QStringLiteral("mdash"), QChar(0x2014)},
        {QStringLiteral("lsquo"), QChar(0x2018)},      {QStringLiteral("rsquo"), QChar(0x2019)},
        {QStringLiteral("ldquo"), QChar(0x201C)},      {QStringLiteral("rdquo"), QChar(0x201D)},
        {QStringLiteral("hellip"), QChar(0x2026)},     {QStringLiteral("iexcl"), QChar(0x00A1)},
        {QStringLiteral("iquest"), QChar(0x00BF)},     {QStringLiteral("ordf"), QChar(0x00AA)},
        {QStringLiteral("ordm"), QChar(0x00BA)},       {QStringLiteral("aacute"), QChar(0x00E1)},
        {QStringLiteral("eacute"), QChar(0x00E9)},     {QStringLiteral("iacute"), QChar(0x00ED)},
        {QStringLiteral("oacute"), QChar(0x00F3)},     {QStringLiteral("uacute"), QChar(0x00FA)},
        {QStringLiteral("Aacute"), QChar(0x00C1)},     {QStringLiteral("Eacute"), QChar(0x00C9)},
        {QStringLiteral("Iacute"), QChar(0x00CD)},     {QStringLiteral("Oacute"), QChar(0x00D3)},
        {QStringLiteral("Uacute"), QChar(0x00DA)},     {QStringLiteral("ntilde"), QChar(0x00F1)},
        {QStringLiteral("Ntilde"), QChar(0x00D1)},     {QStringLiteral("uuml"), QChar(0x00FC)},
        {QStringLiteral("Uuml"), QChar(0x00DC)},       {QStringLiteral("agrave"), QChar(0x00E0)},
        {QStringLiteral("egrave"), QChar(0x00E8)},     {QStringLiteral("ccedil"), QChar(0x00E7)},
        {QStringLiteral("Ccedil"), QChar(0x00C7)},     {QStringLiteral("ecirc"), QChar(0x00EA)},
        {QStringLiteral("ocirc"), QChar(0x00F4)},      {QStringLiteral("acirc"), QChar(0x00E2)},
        {QStringLiteral("ouml"), QChar(0x00F6)},       {QStringLiteral("auml"), QChar(0x00E4)},
        {QStringLiteral("szlig"), QChar(0x00DF)},
    };
    return entities;
}

} // namespace

QString decodeHtmlEntities(const QString &text)
{
    if (!text.contains(QLatin1Char('&')))
        return text;
    QString out;
    out.reserve(text.size());
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        const qsizetype semi = c == QLatin1Char('&') ? text.indexOf(QLatin1Char(';'), i + 1) : -1;
        if (semi < 0 || semi - i > 10) {
            out += c;
            continue;
        }
        const QString name = text.mid(i + 1, semi - i - 1);
        bool ok = false;
        uint code = 0;
        if (name.startsWith(QLatin1String("#x")) || name.startsWith(QLatin1String("#X")))
            code = name.mid(2).toUInt(&ok, 16);
        else if (name.startsWith(QLatin1Char('#')))
            code = name.mid(1).toUInt(&ok, 10);
        if (ok && code > 0 && code <= 0x10FFFF) {
            out += QString::fromUcs4(reinterpret_cast<const char32_t *>(&code), 1);
            i = semi;
            continue;
        }
        const auto named = namedEntities().constFind(name);
        if (named != namedEntities().cend()) {
            out += *named;
            i = semi;
            continue;
        }
        out += c;
    }
    return out;
}

QString auditText(const QString &field, const QVariant &value, const QString &language)
{
    QString text = canonicalText(field, value, language);
    if (!isText(field) || text.isEmpty())
        return text;
    text = decodeHtmlEntities(text);
    text.replace(QChar(0x00A0), QLatin1Char(' '));
    text = text.simplified();
    static const QRegularExpression betweenTags(QStringLiteral(">\\s+<"));
    if (text.contains(QLatin1Char('<')))
        text.replace(betweenTags, QStringLiteral("><"));
    return text;
}

} // namespace syncsmart
