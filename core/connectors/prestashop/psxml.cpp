#include "connectors/prestashop/psxml.h"

#include "connectors/prestashop/pserrors.h"
#include "connectors/prestashop/psjson.h"

#include <QRegularExpression>
#include <QXmlStreamReader>
#include <QXmlStreamWriter>

#include <algorithm>
#include <cmath>

namespace syncsmart::ps {

namespace {

// XML 1.0 forbids most control characters even inside CDATA.
bool xmlSafe(const QString &text)
{
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        if ((u < 0x20 && u != '\t' && u != '\n' && u != '\r') || u == 0xFFFE || u == 0xFFFF)
            return false;
    }
    return true;
}

Error unwritable(const QString &record, const QString &fieldName, const QString &why)
{
    return Error::permanent(
        QStringLiteral("prestashop.bad_value"),
        QStringLiteral("PrestaShop: write %1: the field \"%2\" %3; fix the value at the source.")
            .arg(record, fieldName, why));
}

QString decimalText(double d)
{
    return QString::number(d, 'f', 6);
}

class XmlBody
{
public:
    explicit XmlBody(const QString &element)
        : m_writer(&m_out)
    {
        m_writer.setAutoFormatting(true);
        m_writer.setAutoFormattingIndent(2);
        m_writer.writeStartDocument();
        m_writer.writeStartElement(QStringLiteral("prestashop"));
        m_writer.writeNamespace(QStringLiteral("http://www.w3.org/1999/xlink"), QStringLiteral("xlink"));
        m_writer.writeStartElement(element);
    }
    void text(const QString &name, const QString &value) { m_writer.writeTextElement(name, value); }
    void languages(const QString &name, const QVector<QPair<QString, QString>> &values)
    {
        m_writer.writeStartElement(name);
        for (const auto &[lang, value] : values) {
            m_writer.writeStartElement(QStringLiteral("language"));
            m_writer.writeAttribute(QStringLiteral("id"), lang);
            m_writer.writeCDATA(value);
            m_writer.writeEndElement();
        }
        m_writer.writeEndElement();
    }
    QXmlStreamWriter &writer() { return m_writer; }
    QByteArray finish()
    {
        m_writer.writeEndDocument();
        return m_out;
    }

private:
    QByteArray m_out;
    QXmlStreamWriter m_writer;
};

using LanguageTexts = QVector<QPair<QString, QString>>;

// The languages a single text goes to: the profile's, else the shop's active ones, else 1.
QStringList plainTextLanguages(const QStringList &languageIds, const QStringList &shopLanguages)
{
    if (!languageIds.isEmpty())
        return languageIds;
    if (!shopLanguages.isEmpty())
        return shopLanguages;
    return {QStringLiteral("1")};
}

void sortByLanguage(LanguageTexts &values)
{
    std::stable_sort(values.begin(), values.end(), [](const auto &a, const auto &b) {
        return a.first.toLongLong() < b.first.toLongLong();
    });
}

// A multilingual value as (language, text) pairs, only the profile's languages when it names some.
LanguageTexts languageValues(const QVariant &value, const QStringList &languageIds,
                             const QStringList &shopLanguages)
{
    LanguageTexts out;
    if (value.typeId() == QMetaType::QVariantMap) {
        const QVariantMap map = value.toMap();
        for (auto it = map.begin(); it != map.end(); ++it) {
            if (languageIds.isEmpty() || languageIds.contains(it.key()))
                out.append({it.key(), it.value().toString()});
        }
        sortByLanguage(out);
        return out;
    }
    for (const QString &lang : plainTextLanguages(languageIds, shopLanguages))
        out.append({lang, value.toString()});
    return out;
}

// For a create: every language of `all` that values lack gets the text of the first given language
// (the first non-empty one), so no language is left empty.
LanguageTexts completeLanguages(LanguageTexts values, const QStringList &all)
{
    QString first;
    for (const auto &v : values) {
        if (!v.second.trimmed().isEmpty()) {
            first = v.second;
            break;
        }
    }
    for (const QString &lang : all) {
        const bool present =
            std::any_of(values.begin(), values.end(), [&](const auto &p) { return p.first == lang; });
        if (!present)
            values.append({lang, first});
    }
    sortByLanguage(values);
    return values;
}

// What a write needs to know about languages: the profile's, the shop's, and for a create every
// language to fill (empty: fill nothing, a PATCH leaves the other languages as they are).
struct Languages
{
    QStringList profile;
    QStringList shop;
    QStringList fill;
};

// Writes one canonical field into the body; an error when the value cannot go.
std::optional<Error> writeField(XmlBody &body, const FieldMapping &m, const QVariant &value,
                                const Languages &languages, const QString &record)
{
    switch (m.kind) {
    case FieldMapping::Kind::Decimal: {
        bool ok = false;
        const double d = value.toDouble(&ok);
        if (!ok || !std::isfinite(d))
            return unwritable(record, m.psName, QStringLiteral("is not a number (%1)").arg(value.toString()));
        body.text(m.psName, decimalText(d));
        return std::nullopt;
    }
    case FieldMapping::Kind::Bool:
        body.text(m.psName, value.toBool() ? QStringLiteral("1") : QStringLiteral("0"));
        return std::nullopt;
    case FieldMapping::Kind::Text: {
        const QString t = value.toString();
        if (!xmlSafe(t))
            return unwritable(record, m.psName, QStringLiteral("holds a control character XML cannot carry"));
        body.text(m.psName, t);
        return std::nullopt;
    }
    case FieldMapping::Kind::Multilingual: {
        auto values = languageValues(value, languages.profile, languages.shop);
        if (!languages.fill.isEmpty())
            values = completeLanguages(std::move(values), languages.fill);
        for (const auto &[lang, t] : values) {
            if (!xmlSafe(t))
                return unwritable(
                    record, m.psName,
                    QStringLiteral("(language %1) holds a control character XML cannot carry").arg(lang));
        }
        if (values.isEmpty())
            return unwritable(record, m.psName, QStringLiteral("has no value for the profile's languages"));
        body.languages(m.psName, values);
        return std::nullopt;
    }
    }
    return std::nullopt;
}

// Writes one canonical field under its PrestaShop name; a config error when it has none. operation
// and record name the write in the texts ("write SKU-1", "create product SKU-1").
std::optional<Error> writeCanonicalField(XmlBody &body, const QString &canonical, const QVariant &value,
                                         const Languages &languages, const QString &operation,
                                         const QString &record)
{
    const auto m = mappingFor(canonical);
    if (!m)
        return unknownFieldError(QStringLiteral("PrestaShop: %1 %2").arg(operation, record), canonical);
    return writeField(body, *m, value, languages, record);
}

} // namespace

Result<QByteArray> productPatchXml(const QString &productId, const QVariantMap &changedFields,
                                   const QStringList &languageIds, const QString &record,
                                   const QStringList &shopLanguages)
{
    const Languages languages{languageIds, shopLanguages, {}};
    XmlBody body(QStringLiteral("product"));
    body.text(QStringLiteral("id"), productId);
    for (auto it = changedFields.begin(); it != changedFields.end(); ++it) {
        if (auto error =
                writeCanonicalField(body, it.key(), it.value(), languages, QStringLiteral("write"), record))
            return *error;
    }
    return body.finish();
}

Result<QByteArray> productCreateXml(const ProductData &product, const PrestaShopSettings &settings,
                                    const QStringList &shopLanguages)
{
    const QString record = product.sku;
    // Every language to fill: the profile's, else the shop's (with the languages the given values
    // name), else 1.
    Languages languages{settings.languageIds, shopLanguages,
                        plainTextLanguages(settings.languageIds, shopLanguages)};
    if (settings.languageIds.isEmpty()) {
        for (auto it = product.fields.begin(); it != product.fields.end(); ++it) {
            if (it.value().typeId() != QMetaType::QVariantMap)
                continue;
            const QVariantMap map = it.value().toMap();
            for (auto lang = map.begin(); lang != map.end(); ++lang) {
                if (!languages.fill.contains(lang.key()))
                    languages.fill.append(lang.key());
            }
        }
    }
    XmlBody body(QStringLiteral("product"));
    body.text(QStringLiteral("reference"), product.sku);
    if (!product.fields.contains(field::Price))
        body.text(QStringLiteral("price"), decimalText(0));
    body.text(QStringLiteral("id_tax_rules_group"), settings.taxRulesGroupId);
    body.text(QStringLiteral("id_category_default"), settings.defaultCategoryId);
    const bool active = !settings.createInactive && product.fields.value(field::Active, false).toBool();
    body.text(QStringLiteral("active"), active ? QStringLiteral("1") : QStringLiteral("0"));
    body.text(QStringLiteral("state"), QStringLiteral("1"));
    body.text(QStringLiteral("available_for_order"), QStringLiteral("1"));
    body.text(QStringLiteral("show_price"), QStringLiteral("1"));
    body.text(QStringLiteral("minimal_quantity"), QStringLiteral("1"));

    // name and link_rewrite must be non-empty in every language written (fixture 87).
    const QVariant nameValue = product.fields.value(field::Name);
    auto names = completeLanguages(languageValues(nameValue.isValid() ? nameValue : QVariant(product.sku),
                                                  languages.profile, languages.shop),
                                   languages.fill);
    QString fallbackName = product.sku;
    for (const auto &n : names) {
        if (!n.second.trimmed().isEmpty()) {
            fallbackName = n.second;
            break;
        }
    }
    QVector<QPair<QString, QString>> slugs;
    for (auto &n : names) {
        if (n.second.trimmed().isEmpty())
            n.second = fallbackName;
        if (!xmlSafe(n.second))
            return unwritable(record, QStringLiteral("name"),
                              QStringLiteral("holds a control character XML cannot carry"));
        QString slug = slugify(n.second);
        if (slug.isEmpty())
            slug = slugify(product.sku);
        if (slug.isEmpty())
            slug = QStringLiteral("product");
        slugs.append({n.first, slug});
    }
    body.languages(QStringLiteral("name"), names);
    if (!product.fields.contains(field::LinkRewrite))
        body.languages(QStringLiteral("link_rewrite"), slugs);

    for (auto it = product.fields.begin(); it != product.fields.end(); ++it) {
        if (it.key() == field::Name || it.key() == field::Active)
            continue;
        if (auto error = writeCanonicalField(body, it.key(), it.value(), languages,
                                             QStringLiteral("create product"), record))
            return *error;
    }
    QXmlStreamWriter &w = body.writer();
    w.writeStartElement(QStringLiteral("associations"));
    w.writeStartElement(QStringLiteral("categories"));
    w.writeStartElement(QStringLiteral("category"));
    w.writeTextElement(QStringLiteral("id"), settings.defaultCategoryId);
    w.writeEndElement();
    w.writeEndElement();
    w.writeEndElement();
    if (!xmlSafe(product.sku))
        return unwritable(record, QStringLiteral("reference"),
                          QStringLiteral("holds a control character XML cannot carry"));
    return body.finish();
}

QByteArray stockPatchXml(const QString &stockId, qint64 quantity)
{
    XmlBody body(QStringLiteral("stock_available"));
    body.text(QStringLiteral("id"), stockId);
    body.text(QStringLiteral("quantity"), QString::number(quantity));
    return body.finish();
}

QByteArray orderHistoryXml(const QString &orderId, const QString &stateId)
{
    XmlBody body(QStringLiteral("order_history"));
    body.text(QStringLiteral("id_order"), orderId);
    body.text(QStringLiteral("id_order_state"), stateId);
    return body.finish();
}

QString slugify(const QString &text)
{
    const QString plain = text.normalized(QString::NormalizationForm_KD);
    QString out;
    bool dash = false;
    for (const QChar c : plain) {
        if (c.category() == QChar::Mark_NonSpacing)
            continue;
        if (c.unicode() < 128 && c.isLetterOrNumber()) {
            out.append(c.toLower());
            dash = false;
        } else if (!dash && !out.isEmpty()) {
            out.append(QLatin1Char('-'));
            dash = true;
        }
    }
    while (out.endsWith(QLatin1Char('-')))
        out.chop(1);
    return out.left(128);
}

Result<ApiRoot> parseApiRoot(const QByteArray &body, const QString &what)
{
    ApiRoot root;
    QXmlStreamReader xml(body);
    int depth = 0;
    bool inApi = false;
    while (!xml.atEnd()) {
        xml.readNext();
        if (xml.isStartElement()) {
            ++depth;
            if (depth == 2 && xml.name() == QLatin1String("api")) {
                inApi = true;
                root.shopName = xml.attributes().value(QStringLiteral("shopName")).toString();
            } else if (inApi && depth == 3) {
                QSet<QString> methods;
                for (const char *m : {"get", "put", "post", "patch", "delete", "head"}) {
                    if (xml.attributes().value(QLatin1String(m)) == QLatin1String("true"))
                        methods.insert(QString::fromLatin1(m).toUpper());
                }
                root.methods.insert(xml.name().toString(), methods);
            }
        } else if (xml.isEndElement()) {
            if (depth == 2)
                inApi = false;
            --depth;
        }
    }
    if (xml.hasError())
        return badBodyError(
            what, QStringLiteral("invalid XML: %1 at line %2").arg(xml.errorString()).arg(xml.lineNumber()));
    if (root.methods.isEmpty())
        return badBodyError(what, QStringLiteral("no <api> resource list in the answer"));
    return root;
}

Result<QString> idFromXmlEcho(const QByteArray &body, const QString &element, const QString &what)
{
    QXmlStreamReader xml(body);
    int depth = 0;
    bool inElement = false;
    while (!xml.atEnd()) {
        xml.readNext();
        if (xml.isStartElement()) {
            ++depth;
            if (depth == 2 && xml.name() == element) {
                inElement = true;
            } else if (inElement && depth == 3 && xml.name() == QLatin1String("id")) {
                const QString id = xml.readElementText().trimmed();
                --depth;
                if (!id.isEmpty())
                    return id;
            }
        } else if (xml.isEndElement()) {
            --depth;
        }
    }
    if (xml.hasError())
        return badBodyError(
            what, QStringLiteral("invalid XML: %1 at line %2").arg(xml.errorString()).arg(xml.lineNumber()));
    return badBodyError(what, QStringLiteral("no <%1><id> in the answer").arg(element));
}

} // namespace syncsmart::ps
