#include "jsonwriter.h"

#include <QJsonArray>
#include <QJsonObject>

#include <cmath>

namespace syncsmart::sim {

QByteArray pythonFloat(double number)
{
    if (std::isnan(number))
        return QByteArrayLiteral("NaN");
    if (std::isinf(number))
        return number > 0 ? QByteArrayLiteral("Infinity") : QByteArrayLiteral("-Infinity");
    QByteArray text = QByteArray::number(number, 'g', QLocale::FloatingPointShortest);
    // Python switches to exponent notation at 1e16 and below 1e-4, like 'g' with shortest digits.
    if (!text.contains('.') && !text.contains('e') && !text.contains("inf") && !text.contains("nan"))
        text += ".0";
    // Qt writes "1e-05" like Python; it writes "1e+16" where Python writes "1e+16" too.
    return text;
}

void JsonWriter::beforeValue()
{
    if (m_afterKey) {
        m_afterKey = false;
        return;
    }
    if (!m_first.empty()) {
        if (!m_first.back())
            m_out += m_style == Style::Python ? QByteArrayView(", ") : QByteArrayView(",");
        m_first.back() = false;
    }
}

JsonWriter &JsonWriter::beginObject()
{
    beforeValue();
    m_out += '{';
    m_first.push_back(true);
    return *this;
}

JsonWriter &JsonWriter::endObject()
{
    m_out += '}';
    m_first.pop_back();
    return *this;
}

JsonWriter &JsonWriter::beginArray()
{
    beforeValue();
    m_out += '[';
    m_first.push_back(true);
    return *this;
}

JsonWriter &JsonWriter::endArray()
{
    m_out += ']';
    m_first.pop_back();
    return *this;
}

JsonWriter &JsonWriter::key(QStringView name)
{
    beforeValue();
    m_out += escaped(name, m_style);
    m_out += m_style == Style::Python ? QByteArrayView(": ") : QByteArrayView(":");
    m_afterKey = true;
    return *this;
}

JsonWriter &JsonWriter::value(QStringView text)
{
    beforeValue();
    m_out += escaped(text, m_style);
    return *this;
}

JsonWriter &JsonWriter::value(qint64 number)
{
    beforeValue();
    m_out += QByteArray::number(number);
    return *this;
}

JsonWriter &JsonWriter::value(double number)
{
    beforeValue();
    m_out += pythonFloat(number);
    return *this;
}

JsonWriter &JsonWriter::value(bool flag)
{
    beforeValue();
    m_out += flag ? QByteArrayView("true") : QByteArrayView("false");
    return *this;
}

JsonWriter &JsonWriter::null()
{
    beforeValue();
    m_out += "null";
    return *this;
}

JsonWriter &JsonWriter::raw(const QByteArray &json)
{
    beforeValue();
    m_out += json;
    return *this;
}

JsonWriter &JsonWriter::value(const QJsonValue &any)
{
    switch (any.type()) {
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        return null();
    case QJsonValue::Bool:
        return value(any.toBool());
    case QJsonValue::Double: {
        const double d = any.toDouble();
        if (d == std::floor(d) && std::abs(d) < 9e15 && any.toVariant().typeId() != QMetaType::Double)
            return value(qint64(d));
        return value(d);
    }
    case QJsonValue::String:
        return value(QStringView(any.toString()));
    case QJsonValue::Array:
        beginArray();
        for (const QJsonValue &v : any.toArray())
            value(v);
        return endArray();
    case QJsonValue::Object: {
        beginObject();
        const QJsonObject o = any.toObject();
        for (auto it = o.begin(); it != o.end(); ++it) {
            key(it.key());
            value(it.value());
        }
        return endObject();
    }
    }
    return *this;
}

QByteArray JsonWriter::escaped(QStringView text, Style style)
{
    QByteArray out;
    out.reserve(text.size() + 2);
    out += '"';
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char16_t c = text.at(i).unicode();
        switch (c) {
        case u'"':
            out += "\\\"";
            continue;
        case u'\\':
            out += "\\\\";
            continue;
        case u'\n':
            out += "\\n";
            continue;
        case u'\r':
            out += "\\r";
            continue;
        case u'\t':
            out += "\\t";
            continue;
        case u'\b':
            out += "\\b";
            continue;
        case u'\f':
            out += "\\f";
            continue;
        case u'/':
            out += style == Style::Php ? QByteArrayView("\\/") : QByteArrayView("/");
            continue;
        default:
            break;
        }
        if (c < 0x20 || (c >= 0x80 && style == Style::Python)) {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\u%04x", unsigned(c));
            out += buf;
        } else if (c < 0x80) {
            out += char(c);
        } else {
            // Php style keeps UTF-8 (PrestaShop uses JSON_UNESCAPED_UNICODE); surrogate pairs stay together.
            qsizetype len = 1;
            if (QChar::isHighSurrogate(c) && i + 1 < text.size() && text.at(i + 1).isLowSurrogate())
                len = 2;
            out += text.mid(i, len).toUtf8();
            i += len - 1;
        }
    }
    out += '"';
    return out;
}

} // namespace syncsmart::sim
