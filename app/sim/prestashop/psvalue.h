#pragma once

// Values of the emulated PrestaShop objects and the shop clock. A PsValue keeps what PHP would hold:
// an int (JSON number), a string (JSON string), null, or a per-language array of strings.

#include <QByteArray>
#include <QString>
#include <QStringView>
#include <QTimeZone>

#include <optional>
#include <vector>

namespace syncsmart::sim::ps {

constexpr int kLanguageCount = 2; // 1 = en, 2 = fr

struct PsValue
{
    enum class Kind : quint8 { Null, Int, Text, Langs };

    Kind kind = Kind::Null;
    quint8 langMask = 0; // Langs: bit 0 = language 1 set, bit 1 = language 2 set
    qint64 number = 0;
    QString text;  // Text, or language 1 of Langs
    QString text2; // language 2 of Langs

    static PsValue null() { return {}; }
    static PsValue integer(qint64 n)
    {
        PsValue v;
        v.kind = Kind::Int;
        v.number = n;
        return v;
    }
    static PsValue string(QString s)
    {
        PsValue v;
        v.kind = Kind::Text;
        v.text = std::move(s);
        return v;
    }
    static PsValue langs(QString en, QString fr)
    {
        PsValue v;
        v.kind = Kind::Langs;
        v.langMask = 3;
        v.text = std::move(en);
        v.text2 = std::move(fr);
        return v;
    }

    bool isNull() const { return kind == Kind::Null; }
    bool hasLang(int language) const { return kind == Kind::Langs && (langMask & (1 << (language - 1))); }
    const QString &lang(int language) const { return language == 2 ? text2 : text; }
    void setLang(int language, QString value);

    // PHP's empty() as array_filter applies it: null, 0, "" and "0" (a language array never is).
    bool phpEmpty() const;
    // The value as PHP would cast it to a string ("" for null; a language array gives language 1).
    QString toText() const;
    bool operator==(const PsValue &other) const;
    bool operator!=(const PsValue &other) const { return !(*this == other); }
};

// Decimal columns are kept as integers in millionths, formatted like MySQL DECIMAL(20,6).
QString formatMicro(qint64 micro, int decimals = 6);
std::optional<qint64> parseMicro(QStringView text); // "12.5" -> 12500000; nullopt if not a number
qint64 micro(double value);

// PHP's (int) cast of a string: leading optional sign and digits, 0 otherwise.
qint64 phpInt(QStringView text);
// PHP is_numeric() for the values filters and sorts compare.
bool phpNumeric(QStringView text, double *value = nullptr);

// The shop's wall clock: dates are stored as UTC seconds but shown, filtered and sorted as the shop's
// local time (MySQL DATETIME without a zone). "Wall seconds" = local time counted like UTC.
class ShopTime final
{
public:
    explicit ShopTime(const QString &zoneName);

    qint64 toWall(qint64 utcSecs) const { return utcSecs + offsetAt(utcSecs); }
    qint64 wallToUtc(qint64 wallSecs) const;
    QString format(qint64 utcSecs) const { return formatWall(toWall(utcSecs)); }

    static QString formatWall(qint64 wallSecs);     // "YYYY-MM-DD HH:MM:SS"
    static QString formatWallDate(qint64 wallSecs); // "YYYY-MM-DD"
    // "YYYY-MM-DD", "YYYY-MM-DD HH:MM" or "YYYY-MM-DD HH:MM:SS" (MySQL's usual forms) -> wall seconds.
    static std::optional<qint64> parseWall(QStringView text);

private:
    int offsetAt(qint64 utcSecs) const;

    QTimeZone m_zone;
    std::vector<std::pair<qint64, int>> m_transitions; // (UTC second it starts, offset), ascending
    int m_baseOffset = 0;
};

} // namespace syncsmart::sim::ps
