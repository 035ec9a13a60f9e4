#include "canonical.h"

#include "connectors/catalogtypes.h"

#include <QLocale>

#include <cmath>

namespace syncsmart {

namespace {

enum class Kind { Number, Boolean, Text };

Kind kindOf(const QString &field)
{
    if (field == field::Price || field == field::Cost || field == field::Weight)
        return Kind::Number;
    if (field == field::Active)
        return Kind::Boolean;
    return Kind::Text;
}

// Six decimals is PrestaShop's storage precision for prices and weights; Odoo rounds to fewer.
QString canonicalNumber(const QVariant &value)
{
    bool ok = false;
    double d = 0;
    if (value.typeId() == QMetaType::QString)
        d = QLocale::c().toDouble(value.toString().trimmed(), &ok);
    else
        d = value.toDouble(&ok);
    if (!ok || !std::isfinite(d))
        return value.toString().trimmed(); // kept as text: it will differ, and the write will say why
    QString text = QString::number(std::round(d * 1e6) / 1e6, 'f', 6);
    while (text.endsWith(QLatin1Char('0')))
        text.chop(1);
    if (text.endsWith(QLatin1Char('.')))
        text.chop(1);
    if (text == QLatin1String("-0"))
        text = QStringLiteral("0");
    return text;
}

QString canonicalBool(const QVariant &value)
{
    if (value.typeId() == QMetaType::QString) {
        const QString t = value.toString().trimmed().toLower();
        return (t == QLatin1String("1") || t == QLatin1String("true")) ? QStringLiteral("1") : QStringLiteral("0");
    }
    return value.toBool() ? QStringLiteral("1") : QStringLiteral("0");
}

QString canonicalString(const QVariant &value, const QString &language)
{
    QString text;
    if (value.typeId() == QMetaType::QVariantMap)
        text = value.toMap().value(language).toString();
    else if (value.typeId() != QMetaType::Bool) // Odoo answers false for an empty text
        text = value.toString();
    text.replace(QLatin1String("\r\n"), QLatin1String("\n"));
    return text.trimmed();
}

} // namespace

QString canonicalText(const QString &field, const QVariant &value, const QString &language)
{
    if (!value.isValid() || value.isNull())
        return kindOf(field) == Kind::Boolean ? QStringLiteral("0") : QString();
    switch (kindOf(field)) {
    case Kind::Number: return canonicalNumber(value);
    case Kind::Boolean: return canonicalBool(value);
    case Kind::Text: return canonicalString(value, language);
    }
    return {};
}

QVariant valueForWrite(const QString &field, const QString &canonical)
{
    switch (kindOf(field)) {
    case Kind::Number: return QLocale::c().toDouble(canonical);
    case Kind::Boolean: return canonical == QLatin1String("1");
    case Kind::Text: return canonical;
    }
    return canonical;
}

QString excerpt(const QString &canonical, int max)
{
    if (canonical.size() <= max)
        return canonical;
    return canonical.left(max - 1) + QChar(0x2026);
}

} // namespace syncsmart
