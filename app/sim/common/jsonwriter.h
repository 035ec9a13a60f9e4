#pragma once

#include <QByteArray>
#include <QJsonValue>
#include <QString>

#include <vector>

namespace syncsmart::sim {

// Streaming JSON writer that keeps key order (QJsonObject sorts keys) and copies the byte style
// of the emulated servers:
//  * Php:    PrestaShop's json_encode: compact, "/" escaped as "\/", non-ASCII written as UTF-8.
//  * Python: Odoo's json.dumps: ", " and ": " separators, non-ASCII escaped as \uXXXX.
class JsonWriter final
{
public:
    enum class Style { Php, Python };

    explicit JsonWriter(Style style) : m_style(style) {}

    JsonWriter &beginObject();
    JsonWriter &endObject();
    JsonWriter &beginArray();
    JsonWriter &endArray();
    JsonWriter &key(QStringView name);
    JsonWriter &key(const char *name) { return key(QString::fromLatin1(name)); }

    JsonWriter &value(QStringView text);
    JsonWriter &value(const QString &text) { return value(QStringView(text)); }
    JsonWriter &value(const char *text) { return value(QStringView(QString::fromUtf8(text))); }
    JsonWriter &value(qint64 number);
    JsonWriter &value(int number) { return value(qint64(number)); }
    JsonWriter &value(double number);  // Python repr style: 12.5, 0.0, 1e-05
    JsonWriter &value(bool flag);
    JsonWriter &null();
    JsonWriter &value(const QJsonValue &any); // objects keep QJsonObject's (sorted) order
    JsonWriter &raw(const QByteArray &json);  // an already serialised value

    QByteArray take() { return std::move(m_out); }
    const QByteArray &data() const { return m_out; }

    static QByteArray escaped(QStringView text, Style style);

private:
    void beforeValue();

    Style m_style;
    QByteArray m_out;
    std::vector<bool> m_first; // per open container: nothing written in it yet
    bool m_afterKey = false;
};

// Python's repr() of a float (what json.dumps writes): shortest round-trip, always with ".0" or
// an exponent.
QByteArray pythonFloat(double number);

} // namespace syncsmart::sim
