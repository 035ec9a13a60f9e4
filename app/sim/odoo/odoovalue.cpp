#include "odoovalue.h"

#include "common/jsonwriter.h"

#include <QJsonArray>
#include <QJsonObject>

#include <cmath>
#include <cstring>

namespace syncsmart::sim::odoo {

QString typeName(FieldType type)
{
    switch (type) {
    case FieldType::Integer:
        return QStringLiteral("integer");
    case FieldType::Float:
        return QStringLiteral("float");
    case FieldType::Monetary:
        return QStringLiteral("monetary");
    case FieldType::Char:
        return QStringLiteral("char");
    case FieldType::Text:
        return QStringLiteral("text");
    case FieldType::Boolean:
        return QStringLiteral("boolean");
    case FieldType::Selection:
        return QStringLiteral("selection");
    case FieldType::Date:
        return QStringLiteral("date");
    case FieldType::Datetime:
        return QStringLiteral("datetime");
    case FieldType::Many2one:
        return QStringLiteral("many2one");
    case FieldType::One2many:
        return QStringLiteral("one2many");
    case FieldType::Many2many:
        return QStringLiteral("many2many");
    }
    return {};
}

void writeFieldValue(JsonWriter &w, const FieldValue &v)
{
    switch (v.kind) {
    case FieldValue::Kind::False:
        w.value(false);
        return;
    case FieldValue::Kind::Bool:
        w.value(v.boolean);
        return;
    case FieldValue::Kind::Int:
        w.value(v.integer);
        return;
    case FieldValue::Kind::Float:
        w.value(v.number);
        return;
    case FieldValue::Kind::Text:
        w.value(QStringView(v.text));
        return;
    case FieldValue::Kind::Datetime:
        w.value(QStringView(formatDatetime(v.integer)));
        return;
    case FieldValue::Kind::Many2one:
        w.beginArray().value(v.integer).value(QStringView(v.text)).endArray();
        return;
    case FieldValue::Kind::Ids:
        w.beginArray();
        for (qint64 id : v.ids)
            w.value(id);
        w.endArray();
        return;
    }
}

QJsonValue toJson(const FieldValue &v)
{
    switch (v.kind) {
    case FieldValue::Kind::False:
        return false;
    case FieldValue::Kind::Bool:
        return v.boolean;
    case FieldValue::Kind::Int:
        return v.integer;
    case FieldValue::Kind::Float:
        return v.number;
    case FieldValue::Kind::Text:
        return v.text;
    case FieldValue::Kind::Datetime:
        return formatDatetime(v.integer);
    case FieldValue::Kind::Many2one:
        return QJsonArray{v.integer, v.text};
    case FieldValue::Kind::Ids: {
        QJsonArray a;
        for (qint64 id : v.ids)
            a.append(id);
        return a;
    }
    }
    return {};
}

namespace {

// Howard Hinnant's civil-from-days / days-from-civil: formatting a page of 1,000 rows must not go
// through QDateTime for every cell.
void civilFromDays(qint64 z, int *y, unsigned *m, unsigned *d)
{
    z += 719468;
    const qint64 era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = unsigned(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const qint64 year = qint64(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = int(year + (*m <= 2 ? 1 : 0));
}

qint64 daysFromCivil(int y, unsigned m, unsigned d)
{
    y -= m <= 2 ? 1 : 0;
    const qint64 era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = unsigned(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + qint64(doe) - 719468;
}

void put2(char16_t *out, unsigned v)
{
    out[0] = char16_t(u'0' + v / 10);
    out[1] = char16_t(u'0' + v % 10);
}

int digitsAt(QStringView text, qsizetype at, int count)
{
    int v = 0;
    for (int i = 0; i < count; ++i) {
        const QChar c = text.at(at + i);
        if (c < QLatin1Char('0') || c > QLatin1Char('9'))
            return -1;
        v = v * 10 + (c.unicode() - u'0');
    }
    return v;
}

} // namespace

QString formatDatetime(qint64 ms)
{
    const qint64 secs = ms >= 0 ? ms / 1000 : (ms - 999) / 1000;
    const qint64 days = secs >= 0 ? secs / 86400 : (secs - 86399) / 86400;
    const unsigned sod = unsigned(secs - days * 86400);
    int y = 0;
    unsigned m = 0, d = 0;
    civilFromDays(days, &y, &m, &d);
    QString out(19, Qt::Uninitialized);
    auto *p = reinterpret_cast<char16_t *>(out.data());
    put2(p, unsigned(y / 100) % 100);
    put2(p + 2, unsigned(y % 100));
    p[4] = u'-';
    put2(p + 5, m);
    p[7] = u'-';
    put2(p + 8, d);
    p[10] = u' ';
    put2(p + 11, sod / 3600);
    p[13] = u':';
    put2(p + 14, sod / 60 % 60);
    p[16] = u':';
    put2(p + 17, sod % 60);
    return out;
}

QJsonArray tail(const QJsonArray &array, qsizetype from)
{
    QJsonArray out;
    for (qsizetype i = from; i < array.size(); ++i)
        out.append(array.at(i));
    return out;
}

QString formatDate(qint64 ms)
{
    return formatDatetime(ms).left(10);
}

bool parseDatetime(QStringView text, qint64 *ms)
{
    if (text.size() != 10 && text.size() != 19)
        return false;
    const int y = digitsAt(text, 0, 4), mo = digitsAt(text, 5, 2), d = digitsAt(text, 8, 2);
    if (y < 0 || mo < 1 || mo > 12 || d < 1 || d > 31 || text.at(4) != QLatin1Char('-') ||
        text.at(7) != QLatin1Char('-'))
        return false;
    int h = 0, mi = 0, s = 0;
    if (text.size() == 19) {
        h = digitsAt(text, 11, 2);
        mi = digitsAt(text, 14, 2);
        s = digitsAt(text, 17, 2);
        if (text.at(10) != QLatin1Char(' ') || text.at(13) != QLatin1Char(':') ||
            text.at(16) != QLatin1Char(':') || h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 59)
            return false;
    }
    *ms = (daysFromCivil(y, unsigned(mo), unsigned(d)) * 86400 + h * 3600 + mi * 60 + s) * 1000;
    return true;
}

double floatRound(double value, int digits)
{
    if (digits < 0 || std::isnan(value) || std::isinf(value) || value == 0.0)
        return value;
    const double factor = std::pow(10.0, -digits);
    double normalized = value / factor;
    const double magnitude = std::log2(std::fabs(normalized));
    const double epsilon = std::pow(2.0, magnitude - 52);
    normalized += normalized > 0 ? epsilon : -epsilon;
    const double rounded = normalized > 0 ? std::floor(normalized + 0.5) : -std::floor(-normalized + 0.5);
    // Dividing by the inverse factor gives the shortest repr Python shows (13.9, not 13.900000000000002).
    return rounded / std::pow(10.0, digits);
}

QString pythonRepr(const QString &text)
{
    const bool useDouble = text.contains(QLatin1Char('\'')) && !text.contains(QLatin1Char('"'));
    const QChar quote = useDouble ? QLatin1Char('"') : QLatin1Char('\'');
    QString out;
    out.reserve(text.size() + 2);
    out += quote;
    for (QChar c : text) {
        if (c == quote || c == QLatin1Char('\\'))
            out += QLatin1Char('\\') + QString(c);
        else if (c == QLatin1Char('\n'))
            out += QLatin1String("\\n");
        else if (c == QLatin1Char('\r'))
            out += QLatin1String("\\r");
        else if (c == QLatin1Char('\t'))
            out += QLatin1String("\\t");
        else if (c.unicode() < 0x20 || c.unicode() == 0x7f)
            out += QStringLiteral("\\x%1").arg(c.unicode(), 2, 16, QLatin1Char('0'));
        else
            out += c;
    }
    out += quote;
    return out;
}

bool truthy(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Bool:
        return value.toBool();
    case QJsonValue::Double:
        return value.toDouble() != 0.0;
    case QJsonValue::String:
        return !value.toString().isEmpty();
    case QJsonValue::Array:
        return !value.toArray().isEmpty();
    case QJsonValue::Object:
        return !value.toObject().isEmpty();
    default:
        return false;
    }
}

QString pythonRepr(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        return QStringLiteral("None");
    case QJsonValue::Bool:
        return value.toBool() ? QStringLiteral("True") : QStringLiteral("False");
    case QJsonValue::Double: {
        // QJsonValue does not keep 1 and 1.0 apart: integral values print as Python ints.
        const double d = value.toDouble();
        if (d == std::floor(d) && std::fabs(d) < 9e15)
            return QString::number(qint64(d));
        return QString::fromLatin1(pythonFloat(d));
    }
    case QJsonValue::String:
        return pythonRepr(value.toString());
    case QJsonValue::Array: {
        QStringList parts;
        for (const QJsonValue &v : value.toArray())
            parts << pythonRepr(v);
        return QLatin1Char('[') + parts.join(QLatin1String(", ")) + QLatin1Char(']');
    }
    case QJsonValue::Object: {
        QStringList parts;
        const QJsonObject o = value.toObject();
        for (auto it = o.begin(); it != o.end(); ++it)
            parts << pythonRepr(it.key()) + QLatin1String(": ") + pythonRepr(it.value());
        return QLatin1Char('{') + parts.join(QLatin1String(", ")) + QLatin1Char('}');
    }
    }
    return {};
}

StringArena::Ref StringArena::add(const QString &text)
{
    if (text.isNull())
        return {};
    const auto len = quint32(text.size());
    if (len > 4096) {
        m_overflow.push_back(text);
        return {quint32(m_overflow.size() - 1), len | kOverflow};
    }
    if (m_used + len > kBlockChars) {
        m_blocks.push_back(std::make_unique<char16_t[]>(kBlockChars));
        m_used = 0;
    }
    const quint32 pos = quint32(m_blocks.size() - 1) * kBlockChars + m_used;
    std::memcpy(m_blocks.back().get() + m_used, text.utf16(), len * sizeof(char16_t));
    m_used += len;
    return {pos, len};
}

QString StringArena::view(Ref ref) const
{
    if (ref.len == kNull)
        return {};
    if (ref.len & kOverflow)
        return m_overflow[ref.pos];
    if (ref.len == 0)
        return QStringLiteral("");
    const char16_t *p = m_blocks[ref.pos >> kBlockBits].get() + (ref.pos & (kBlockChars - 1));
    return QString::fromRawData(reinterpret_cast<const QChar *>(p), qsizetype(ref.len));
}

} // namespace syncsmart::sim::odoo
