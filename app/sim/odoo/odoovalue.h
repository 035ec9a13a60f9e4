#pragma once

#include <QJsonArray>
#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>

#include <memory>
#include <vector>

namespace syncsmart::sim {

class JsonWriter;

namespace odoo {

// Field types as Odoo's fields_get names them.
enum class FieldType : quint8 {
    Integer,
    Float,
    Monetary,
    Char,
    Text,
    Boolean,
    Selection,
    Date,
    Datetime,
    Many2one,
    One2many,
    Many2many,
};

QString typeName(FieldType type);

struct SelectionOption
{
    QString value;
    QString label;
};

// One field of a model, as fields_get describes it. Fields marked domainOnly are dotted paths a
// domain may use ("location_id.usage") but that cannot be read.
struct FieldSpec
{
    QString name;
    FieldType type = FieldType::Char;
    QString label;
    bool required = false;
    bool readonly = false;
    bool stored = true;
    QString relation;                 // comodel of relational fields
    QList<SelectionOption> selection; // selection fields
    int digits = -1;                  // decimal precision applied on write (float fields)
    bool domainOnly = false;
};

// A value read from a record: what domains compare and what the JSON-RPC answer serialises.
struct FieldValue
{
    enum class Kind : quint8 { False, Bool, Int, Float, Text, Datetime, Many2one, Ids };
    Kind kind = Kind::False;
    bool boolean = false;
    qint64 integer = 0; // Int; Many2one id; Datetime: ms since epoch (UTC)
    double number = 0.0;
    QString text;      // Text (dates too, "YYYY-MM-DD"); Many2one display name when asked for
    QList<qint64> ids; // one2many / many2many

    static FieldValue none() { return {}; }
    static FieldValue fromBool(bool b)
    {
        FieldValue v;
        v.kind = Kind::Bool;
        v.boolean = b;
        return v;
    }
    static FieldValue fromInt(qint64 i)
    {
        FieldValue v;
        v.kind = Kind::Int;
        v.integer = i;
        return v;
    }
    static FieldValue fromFloat(double d)
    {
        FieldValue v;
        v.kind = Kind::Float;
        v.number = d;
        return v;
    }
    static FieldValue fromText(const QString &s)
    {
        FieldValue v;
        v.kind = Kind::Text;
        v.text = s;
        return v;
    }
    // Empty strings stay strings; a null QString is Odoo's false.
    static FieldValue fromOptionalText(const QString &s) { return s.isNull() ? none() : fromText(s); }
    static FieldValue fromDatetime(qint64 ms)
    {
        FieldValue v;
        v.kind = Kind::Datetime;
        v.integer = ms;
        return v;
    }
    static FieldValue fromMany2one(qint64 id, const QString &displayName = {})
    {
        if (id <= 0)
            return none();
        FieldValue v;
        v.kind = Kind::Many2one;
        v.integer = id;
        v.text = displayName;
        return v;
    }
    static FieldValue fromIds(QList<qint64> list)
    {
        FieldValue v;
        v.kind = Kind::Ids;
        v.ids = std::move(list);
        return v;
    }
};

// Writes the value the way Odoo's read() serialises it (false, numbers, [id, "name"], [ids]).
void writeFieldValue(JsonWriter &writer, const FieldValue &value);
QJsonValue toJson(const FieldValue &value);

// QJsonArray has no mid() in Qt 6.4.
QJsonArray tail(const QJsonArray &array, qsizetype from);

// Odoo's datetimes: naive "YYYY-MM-DD HH:MM:SS" in UTC. Parsing also accepts "YYYY-MM-DD".
QString formatDatetime(qint64 msSinceEpoch);
QString formatDate(qint64 msSinceEpoch);
bool parseDatetime(QStringView text, qint64 *msSinceEpoch);

// odoo.tools.float_round: HALF-UP with the epsilon correction, so 3.915 rounds to 3.92.
double floatRound(double value, int digits);

// Python's bool() of a JSON value: false, 0, "", [] and {} (and null) are false.
bool truthy(const QJsonValue &value);

// Python's repr() of a JSON value as Odoo puts it in messages: 'text', 1, 1.5, True, None, [..].
QString pythonRepr(const QJsonValue &value);
QString pythonRepr(const QString &text);

// Append-only store of the text of a million records without one heap block per string.
// Blocks never move, so views handed out stay valid for the store's lifetime.
class StringArena final
{
public:
    struct Ref
    {
        quint32 pos = 0;
        quint32 len = kNull;
    };
    static constexpr quint32 kNull = 0xFFFFFFFFu;

    Ref add(const QString &text); // a null QString gives a null Ref (Odoo false)
    QString view(Ref ref) const;  // QString::fromRawData: no copy

private:
    static constexpr quint32 kBlockBits = 20;
    static constexpr quint32 kBlockChars = 1u << kBlockBits;
    static constexpr quint32 kOverflow = 0x80000000u; // len flag: pos indexes m_overflow

    std::vector<std::unique_ptr<char16_t[]>> m_blocks;
    quint32 m_used = kBlockChars; // chars used in the last block (full: allocate on first add)
    std::vector<QString> m_overflow;
};

} // namespace odoo
} // namespace syncsmart::sim
