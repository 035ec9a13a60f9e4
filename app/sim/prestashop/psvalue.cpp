#include "psvalue.h"

#include <QDateTime>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

namespace syncsmart::sim::ps {

void PsValue::setLang(int language, QString value)
{
    if (kind != Kind::Langs) {
        kind = Kind::Langs;
        langMask = 0;
        text.clear();
        text2.clear();
    }
    langMask |= quint8(1 << (language - 1));
    (language == 2 ? text2 : text) = std::move(value);
}

bool PsValue::phpEmpty() const
{
    switch (kind) {
    case Kind::Null:
        return true;
    case Kind::Int:
        return number == 0;
    case Kind::Text:
        return text.isEmpty() || text == QLatin1String("0");
    case Kind::Langs:
        return false;
    }
    return true;
}

QString PsValue::toText() const
{
    switch (kind) {
    case Kind::Null:
        return {};
    case Kind::Int:
        return QString::number(number);
    case Kind::Text:
    case Kind::Langs:
        return text;
    }
    return {};
}

bool PsValue::operator==(const PsValue &other) const
{
    if (kind != other.kind)
        return false;
    switch (kind) {
    case Kind::Null:
        return true;
    case Kind::Int:
        return number == other.number;
    case Kind::Text:
        return text == other.text;
    case Kind::Langs:
        return langMask == other.langMask && text == other.text && text2 == other.text2;
    }
    return false;
}

QString formatMicro(qint64 value, int decimals)
{
    // Millionths rounded to the column's scale (DECIMAL(20,6) for prices, (10,3) for tax rates).
    qint64 scale = 1;
    for (int i = decimals; i < 6; ++i)
        scale *= 10;
    const bool negative = value < 0;
    quint64 magnitude = negative ? 0 - quint64(value) : quint64(value); // INT64_MIN has no positive twin
    magnitude = (magnitude + quint64(scale / 2)) / quint64(scale);
    quint64 divisor = 1;
    for (int i = 0; i < decimals; ++i)
        divisor *= 10;
    char buf[48];
    int n = 0;
    if (negative && magnitude != 0)
        buf[n++] = '-';
    n += std::snprintf(buf + n, sizeof buf - size_t(n), "%llu",
                       static_cast<unsigned long long>(magnitude / divisor));
    if (decimals > 0)
        n += std::snprintf(buf + n, sizeof buf - size_t(n), ".%0*llu", decimals,
                           static_cast<unsigned long long>(magnitude % divisor));
    return QString::fromLatin1(buf, n);
}

qint64 micro(double value)
{
    // llround() of a value outside qint64 (a weight of "1e300") has no defined result: clamp first.
    const double scaled = value * 1e6;
    if (std::isnan(scaled))
        return 0;
    if (std::fabs(scaled) >= 9.2e18)
        return scaled < 0 ? -std::numeric_limits<qint64>::max() : std::numeric_limits<qint64>::max();
    return qint64(std::llround(scaled));
}

std::optional<qint64> parseMicro(QStringView text)
{
    double value = 0;
    if (!phpNumeric(text, &value))
        return std::nullopt;
    return micro(value);
}

qint64 phpInt(QStringView text)
{
    qsizetype i = 0;
    while (i < text.size() && text.at(i).isSpace())
        ++i;
    bool negative = false;
    if (i < text.size() && (text.at(i) == QLatin1Char('-') || text.at(i) == QLatin1Char('+'))) {
        negative = text.at(i) == QLatin1Char('-');
        ++i;
    }
    // Out of range saturates like PHP's zend_dval_to_lval_cap() ("99999999999999999999" -> PHP_INT_MAX).
    quint64 n = 0;
    const quint64 limit = negative ? quint64(std::numeric_limits<qint64>::max()) + 1
                                   : quint64(std::numeric_limits<qint64>::max());
    for (; i < text.size() && text.at(i).isDigit(); ++i) {
        const quint64 digit = quint64(text.at(i).digitValue());
        n = n > (limit - digit) / 10 ? limit : n * 10 + digit;
    }
    return negative ? qint64(0 - n) : qint64(n);
}

bool phpNumeric(QStringView text, double *value)
{
    const QStringView trimmed = text.trimmed();
    if (trimmed.isEmpty())
        return false;
    bool ok = false;
    const double d = trimmed.toDouble(&ok);
    if (!ok)
        return false;
    // toDouble accepts "inf"/"nan"; PHP's is_numeric does not.
    for (QChar c : trimmed) {
        if (!(c.isDigit() || c == QLatin1Char('.') || c == QLatin1Char('-') || c == QLatin1Char('+') ||
              c == QLatin1Char('e') || c == QLatin1Char('E')))
            return false;
    }
    if (value)
        *value = d;
    return true;
}

namespace {

constexpr qint64 kMinTransition = 0;          // 1970-01-01
constexpr qint64 kMaxTransition = 4102444800; // 2100-01-01

void civilFromDays(qint64 z, int &y, int &m, int &d)
{
    z += 719468;
    const qint64 era = (z >= 0 ? z : z - 146096) / 146097;
    const qint64 doe = z - era * 146097;
    const qint64 yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const qint64 doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const qint64 mp = (5 * doy + 2) / 153;
    d = int(doy - (153 * mp + 2) / 5 + 1);
    m = int(mp < 10 ? mp + 3 : mp - 9);
    y = int(yoe + era * 400 + (m <= 2 ? 1 : 0));
}

qint64 daysFromCivil(int y, int m, int d)
{
    y -= m <= 2 ? 1 : 0;
    const qint64 era = (y >= 0 ? y : y - 399) / 400;
    const qint64 yoe = y - era * 400;
    const qint64 doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const qint64 doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void put2(char16_t *out, int v)
{
    out[0] = char16_t(u'0' + v / 10);
    out[1] = char16_t(u'0' + v % 10);
}

int digits(QStringView s, qsizetype from, int count)
{
    int v = 0;
    for (int i = 0; i < count; ++i) {
        const QChar c = s.at(from + i);
        if (!c.isDigit())
            return -1;
        v = v * 10 + c.digitValue();
    }
    return v;
}

} // namespace

ShopTime::ShopTime(const QString &zoneName)
    : m_zone(zoneName.toUtf8())
{
    if (!m_zone.isValid())
        m_zone = QTimeZone::utc();
    const QDateTime from = QDateTime::fromSecsSinceEpoch(kMinTransition, QTimeZone::utc());
    const QDateTime to = QDateTime::fromSecsSinceEpoch(kMaxTransition, QTimeZone::utc());
    m_baseOffset = m_zone.offsetFromUtc(from);
    for (const QTimeZone::OffsetData &t : m_zone.transitions(from, to))
        m_transitions.emplace_back(t.atUtc.toSecsSinceEpoch(), t.offsetFromUtc);
}

int ShopTime::offsetAt(qint64 utcSecs) const
{
    if (m_transitions.empty() || utcSecs < m_transitions.front().first) {
        if (m_transitions.empty() || utcSecs >= kMinTransition)
            return m_baseOffset;
        return m_zone.offsetFromUtc(QDateTime::fromSecsSinceEpoch(utcSecs, QTimeZone::utc()));
    }
    if (utcSecs >= kMaxTransition)
        return m_zone.offsetFromUtc(QDateTime::fromSecsSinceEpoch(utcSecs, QTimeZone::utc()));
    auto it = std::upper_bound(m_transitions.begin(), m_transitions.end(), utcSecs,
                               [](qint64 v, const std::pair<qint64, int> &t) { return v < t.first; });
    return std::prev(it)->second;
}

qint64 ShopTime::wallToUtc(qint64 wallSecs) const
{
    // Try the offsets in force around that wall time; in a DST gap the later offset wins.
    const int before = offsetAt(wallSecs - 86400);
    const int after = offsetAt(wallSecs + 86400);
    for (int offset : {before, after}) {
        if (offsetAt(wallSecs - offset) == offset)
            return wallSecs - offset;
    }
    return wallSecs - after;
}

QString ShopTime::formatWall(qint64 wallSecs)
{
    qint64 days = wallSecs / 86400;
    qint64 rest = wallSecs % 86400;
    if (rest < 0) {
        rest += 86400;
        --days;
    }
    int y = 0, m = 0, d = 0;
    civilFromDays(days, y, m, d);
    char16_t buf[19];
    put2(buf, (y / 100) % 100);
    put2(buf + 2, y % 100);
    buf[4] = u'-';
    put2(buf + 5, m);
    buf[7] = u'-';
    put2(buf + 8, d);
    buf[10] = u' ';
    put2(buf + 11, int(rest / 3600));
    buf[13] = u':';
    put2(buf + 14, int(rest / 60 % 60));
    buf[16] = u':';
    put2(buf + 17, int(rest % 60));
    return QString(reinterpret_cast<const QChar *>(buf), 19);
}

QString ShopTime::formatWallDate(qint64 wallSecs)
{
    return formatWall(wallSecs).left(10);
}

std::optional<qint64> ShopTime::parseWall(QStringView text)
{
    const QStringView s = text.trimmed();
    if (s.size() != 10 && s.size() != 16 && s.size() != 19)
        return std::nullopt;
    if (s.at(4) != QLatin1Char('-') || s.at(7) != QLatin1Char('-'))
        return std::nullopt;
    const int y = digits(s, 0, 4), m = digits(s, 5, 2), d = digits(s, 8, 2);
    if (y < 0 || m < 1 || m > 12 || d < 1 || d > 31)
        return std::nullopt;
    int hh = 0, mm = 0, ss = 0;
    if (s.size() >= 16) {
        if (s.at(10) != QLatin1Char(' ') || s.at(13) != QLatin1Char(':'))
            return std::nullopt;
        hh = digits(s, 11, 2);
        mm = digits(s, 14, 2);
        if (s.size() == 19) {
            if (s.at(16) != QLatin1Char(':'))
                return std::nullopt;
            ss = digits(s, 17, 2);
        }
        if (hh < 0 || hh > 23 || mm < 0 || mm > 59 || ss < 0 || ss > 59)
            return std::nullopt;
    }
    return daysFromCivil(y, m, d) * 86400 + hh * 3600 + mm * 60 + ss;
}

} // namespace syncsmart::sim::ps
