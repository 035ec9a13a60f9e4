#include "psvalidate.h"

#include <QDate>
#include <QRegularExpression>

namespace syncsmart::sim::ps {

namespace {

bool matches(const char *pattern, const QString &value)
{
    // Patterns are few and fixed: cache them by address.
    static QHash<const char *, QRegularExpression> cache;
    auto it = cache.find(pattern);
    if (it == cache.end())
        it = cache.insert(pattern, QRegularExpression(QString::fromLatin1(pattern)));
    return it->match(value).hasMatch();
}

// (string)(int)$v === (string)$v
bool canonicalInt(const QString &v)
{
    bool ok = false;
    const qint64 n = v.toLongLong(&ok);
    return ok && QString::number(n) == v;
}

bool validDate(const QString &v, bool checkCalendar)
{
    static const char *re =
        "^([0-9]{4})-((0?[0-9])|(1[0-2]))-((0?[0-9])|([1-2][0-9])|(3[01]))( [0-9]{2}:[0-9]{2}:[0-9]{2})?$";
    if (!matches(re, v))
        return false;
    if (!checkCalendar || v.startsWith(QLatin1String("0000-00-00")))
        return true;
    const QStringList parts = v.left(10).split(QLatin1Char('-'));
    return QDate(parts.value(0).toInt(), parts.value(1).toInt(), parts.value(2).toInt()).isValid();
}

QString htmlEntities(QString text)
{
    text.replace(QLatin1Char('&'), QLatin1String("&amp;"));
    text.replace(QLatin1Char('<'), QLatin1String("&lt;"));
    text.replace(QLatin1Char('>'), QLatin1String("&gt;"));
    text.replace(QLatin1Char('"'), QLatin1String("&quot;"));
    return text;
}

bool phpEmptyText(const PsValue &v)
{
    return v.kind == PsValue::Kind::Null || (v.kind == PsValue::Kind::Int && v.number == 0) ||
           (v.kind == PsValue::Kind::Text && (v.text.isEmpty() || v.text == QLatin1String("0")));
}

// validateField(): format when the value is not empty (or is "0"), then the size.
std::optional<QString> checkValue(const ResourceDef &def, const FieldDef &fd, const QString &text, bool empty)
{
    const QString prefix = QStringLiteral("Property %1->%2").arg(def.className, fd.name);
    if ((!empty || text == QLatin1String("0")) && !fd.format.isEmpty() && !validFormat(fd.format, text))
        return prefix + QStringLiteral(" is not valid");
    if (fd.maxSize > 0 && text.size() > fd.maxSize)
        return prefix +
               QStringLiteral(" length (%1) must be between 0 and %2").arg(text.size()).arg(fd.maxSize);
    return std::nullopt;
}

} // namespace

bool validFormat(const QString &format, const QString &v)
{
    const QString f = format.toLower();
    if (f == QLatin1String("isunsignedid") || f == QLatin1String("isunsignedint")) {
        return canonicalInt(v) && v.toLongLong() >= 0 && v.toLongLong() < 4294967296LL;
    }
    if (f == QLatin1String("isint"))
        return canonicalInt(v);
    if (f == QLatin1String("isbool"))
        return v == QLatin1String("0") || v == QLatin1String("1");
    if (f == QLatin1String("isprice"))
        return matches("^[0-9]{1,10}(\\.[0-9]{1,9})?$", v);
    if (f == QLatin1String("isnegativeprice"))
        return matches("^[-]?[0-9]{1,10}(\\.[0-9]{1,9})?$", v);
    if (f == QLatin1String("isfloat"))
        return phpNumeric(v);
    if (f == QLatin1String("isunsignedfloat")) {
        double d = 0;
        return phpNumeric(v, &d) && d >= 0;
    }
    if (f == QLatin1String("isreference"))
        return matches("^[^<>;={}]*$", v);
    if (f == QLatin1String("isean13"))
        return v.isEmpty() || matches("^[0-9]{0,13}$", v);
    if (f == QLatin1String("isisbn"))
        return v.isEmpty() || matches("^[0-9-]{0,32}$", v);
    if (f == QLatin1String("isupc"))
        return v.isEmpty() || matches("^[0-9]{0,12}$", v);
    if (f == QLatin1String("ismpn"))
        return v.size() <= 40;
    if (f == QLatin1String("isgenericname"))
        return v.isEmpty() || matches("^[^<>={}]*$", v);
    if (f == QLatin1String("iscatalogname"))
        return matches("^[^<>;=#{}]*$", v);
    if (f == QLatin1String("islinkrewrite")) // the shop allows accented characters in URLs
        return matches("^[_a-zA-Z0-9\\x{0600}-\\x{06FF}\\pL\\pS-]+$", v);
    if (f == QLatin1String("iscleanhtml"))
        return !matches("(?i)<\\s*script|javascript:|\\son[a-z]+\\s*=|<\\s*(iframe|form|embed|object)", v);
    if (f == QLatin1String("isdate"))
        return validDate(v, true);
    if (f == QLatin1String("isdateformat"))
        return validDate(v, false);
    if (f == QLatin1String("isbirthdate"))
        return v.isEmpty() || v == QLatin1String("0000-00-00") || validDate(v, true);
    if (f == QLatin1String("isproductvisibility"))
        return matches("^(both|catalog|search|none)$", v);
    if (f == QLatin1String("ismodulename") || f == QLatin1String("istplname"))
        return matches("^[a-zA-Z0-9_-]+$", v);
    if (f == QLatin1String("isemail"))
        return matches("^[^@\\s<>]+@[^@\\s<>]+\\.[^@\\s<>]+$", v);
    if (f == QLatin1String("iscustomername"))
        return matches("^[^0-9!<>,;?=+()@#\"°{}_$%:¤|]*$", v);
    if (f == QLatin1String("ispasswd"))
        return v.size() >= 5 && v.size() <= 255;
    if (f == QLatin1String("ismd5"))
        return matches("^[a-fA-F0-9]{32}$", v);
    if (f == QLatin1String("iscolor"))
        return matches("^(#[0-9a-fA-F]{6}|[a-zA-Z0-9-]*)$", v);
    if (f == QLatin1String("istrackingnumber"))
        return matches("^[~:#,%&_=\\(\\)\\[\\]\\.\\? \\+\\-@/a-zA-Z0-9]+$", v);
    if (f == QLatin1String("ismessage"))
        return !matches("[<>{}]", v);
    return true; // isString, isUrl, isApe, isSha1, isDateOrNull...: any string
}

std::optional<ValidationError> validateObject(const ResourceDef &def, const PsObject &object, bool i18n)
{
    auto wrap = [](int code, const QString &message) {
        return ValidationError{code, QStringLiteral("Validation error: \"%1\"").arg(htmlEntities(message))};
    };
    if (i18n) {
        for (int f = 0; f < def.fields.size(); ++f) {
            const FieldDef &fd = def.field(f);
            if (!fd.isI18n())
                continue;
            const PsValue &v = object.values[size_t(f)];
            for (int lang = 1; lang <= kLanguageCount; ++lang) {
                const QString text = v.kind == PsValue::Kind::Langs ? v.lang(lang) : v.toText();
                if (auto m = checkValue(def, fd, text, text.isEmpty() || text == QLatin1String("0")))
                    return wrap(84, *m);
            }
        }
    }
    for (int f = 1; f < def.fields.size(); ++f) {
        const FieldDef &fd = def.field(f);
        if (fd.isI18n() || fd.has(Virtual) || fd.has(ReadOnly))
            continue;
        const PsValue &v = object.values[size_t(f)];
        const bool empty = phpEmptyText(v);
        if (fd.has(Required) && v.kind != PsValue::Kind::Int && empty && v.text != QLatin1String("0"))
            return wrap(85, QStringLiteral("Property %1->%2 is empty").arg(def.className, fd.name));
        if (auto m = checkValue(def, fd, v.toText(), empty))
            return wrap(85, *m);
    }
    return std::nullopt;
}

QString str2url(const QString &text)
{
    QString normalized = text.normalized(QString::NormalizationForm_D).toLower();
    QString out;
    for (QChar c : normalized) {
        if (c.category() == QChar::Mark_NonSpacing)
            continue;
        if ((c >= QLatin1Char('a') && c <= QLatin1Char('z')) || c.isDigit())
            out.append(c);
        else if (!out.endsWith(QLatin1Char('-')))
            out.append(QLatin1Char('-'));
    }
    while (out.startsWith(QLatin1Char('-')))
        out.remove(0, 1);
    while (out.endsWith(QLatin1Char('-')))
        out.chop(1);
    return out;
}

} // namespace syncsmart::sim::ps
