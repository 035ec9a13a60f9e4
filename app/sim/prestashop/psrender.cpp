#include "psrender.h"

#include "psdefs.h"

namespace syncsmart::sim::ps {

namespace {

const QByteArray kXmlHead = QByteArrayLiteral("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                                              "<prestashop xmlns:xlink=\"http://www.w3.org/1999/xlink\">\n");

void cdata(QByteArray &out, const QString &text)
{
    out += "<![CDATA[";
    QByteArray bytes = text.toUtf8();
    // A "]]>" inside would end the section early: split it like well-behaved XML writers do.
    if (bytes.contains("]]>"))
        bytes.replace("]]>", "]]]]><![CDATA[>");
    out += bytes;
    out += "]]>";
}

QByteArray latin(const QString &s)
{
    return s.toUtf8();
}

void jsonValue(JsonWriter &w, const PsValue &v)
{
    switch (v.kind) {
    case PsValue::Kind::Null:
        w.null();
        break;
    case PsValue::Kind::Int:
        w.value(v.number);
        break;
    case PsValue::Kind::Text:
        w.value(QStringView(v.text));
        break;
    case PsValue::Kind::Langs:
        w.value(QStringView(v.text));
        break;
    }
}

} // namespace

ErrorEntry phpWarning(const QString &message, const QString &file, int line)
{
    return ErrorEntry{3, QStringLiteral("[PHP Warning #2] %1 (/var/www/prestashop81/%2, line %3)")
                             .arg(message, file)
                             .arg(line)};
}

ErrorEntry missingLanguageWarning(int language)
{
    return phpWarning(QStringLiteral("Undefined array key %1").arg(language),
                      QStringLiteral("classes/webservice/WebserviceOutputJSON.php"), 98);
}

Renderer::Renderer(bool json, QString wsUrl, QList<int> languages)
    : m_json(json)
    , m_wsUrl(std::move(wsUrl))
    , m_wsUrlBytes(m_wsUrl.toUtf8())
    , m_languages(std::move(languages))
{
}

QByteArray Renderer::xmlDocument(const QByteArray &content) const
{
    QByteArray out;
    out.reserve(kXmlHead.size() + content.size() + 16);
    out += kXmlHead;
    out += content;
    out += "</prestashop>\n";
    return out;
}

QByteArray Renderer::idList(const ResourceDef &def, const std::vector<qint64> &ids) const
{
    if (m_json) {
        if (ids.empty())
            return QByteArrayLiteral("[]");
        QByteArray out;
        out.reserve(qsizetype(ids.size() * 12 + 32));
        out += "{\"" + latin(def.plural) + "\":[";
        bool first = true;
        for (qint64 id : ids) {
            if (!first)
                out += ',';
            first = false;
            out += "{\"id\":";
            out += QByteArray::number(id);
            out += '}';
        }
        out += "]}";
        return out;
    }
    const QByteArray plural = latin(def.plural), singular = latin(def.singular);
    QByteArray content;
    content.reserve(qsizetype(ids.size() * (60 + m_wsUrlBytes.size())));
    content += '<' + plural + ">\n";
    for (qint64 id : ids) {
        const QByteArray n = QByteArray::number(id);
        content +=
            '<' + singular + " id=\"" + n + "\" xlink:href=\"" + m_wsUrlBytes + plural + '/' + n + "\"/>\n";
    }
    content += "</" + plural + ">\n";
    return xmlDocument(content);
}

void Renderer::xmlRecord(QByteArray &out, const ResourceDef &def, const RecordView &record,
                         const DisplaySpec &display) const
{
    const QByteArray singular = latin(def.singular);
    out += '<' + singular + ">\n";
    for (int f = 0; f < def.fields.size(); ++f) {
        if (!display.showsField(f))
            continue;
        const FieldDef &fd = def.field(f);
        const QByteArray name = latin(fd.name);
        const PsValue v = record.value(f);
        out += "\t<" + name;
        if (fd.isI18n()) {
            out += '>';
            for (int lang : m_languages) {
                out += "<language id=\"" + QByteArray::number(lang) + '"';
                if (v.kind == PsValue::Kind::Langs)
                    out += " xlink:href=\"" + m_wsUrlBytes + "languages/" + QByteArray::number(lang) + '"';
                out += '>';
                cdata(out, v.kind == PsValue::Kind::Langs ? v.lang(lang) : QString());
                out += "</language>";
            }
        } else {
            if (!fd.xlink.isEmpty() && !v.phpEmpty()) {
                out += " xlink:href=\"" + m_wsUrlBytes + latin(fd.xlink) + '/';
                if (fd.xlink == QLatin1String("images/products"))
                    out += QByteArray::number(record.id()) + '/';
                out += latin(v.toText()) + '"';
            }
            if (fd.has(NotFilterable))
                out += " notFilterable=\"true\"";
            out += '>';
            cdata(out, v.toText());
        }
        out += "</" + name + ">\n";
    }
    if (display.showsAssociations() && !def.associations.isEmpty()) {
        out += "<associations>\n";
        for (int a = 0; a < def.associations.size(); ++a) {
            if (!display.showsAssociation(a))
                continue;
            const AssocDef &ad = def.associations.at(a);
            const QByteArray name = latin(ad.name), node = latin(ad.nodeType);
            QByteArray head = '<' + name + " nodeType=\"" + node + '"';
            head +=
                ad.virtualEntity ? QByteArray(" virtualEntity=\"true\"") : " api=\"" + latin(ad.api) + '"';
            const AssocList entries = record.association(a);
            if (entries.isEmpty()) {
                out += head + "/>\n";
                continue;
            }
            out += head + ">\n";
            for (const AssocEntry &e : entries) {
                out += "\t<" + node;
                if (!ad.entryXlink.isEmpty() && !e.values.isEmpty()) {
                    out += " xlink:href=\"" + m_wsUrlBytes + latin(ad.entryXlink) + '/';
                    if (ad.entryXlink == QLatin1String("images/products"))
                        out += QByteArray::number(record.id()) + '/';
                    out += latin(e.values.first().toText()) + '"';
                }
                out += ">\n";
                for (int i = 0; i < ad.fields.size() && i < e.values.size(); ++i) {
                    const AssocFieldDef &af = ad.fields.at(i);
                    if (!display.showsAssocField(a, af.name))
                        continue;
                    const QByteArray fname = latin(af.name);
                    out += "\t<" + fname;
                    if (!af.xlink.isEmpty())
                        out += " xlink:href=\"" + m_wsUrlBytes + latin(af.xlink) + '/' +
                               latin(e.values.at(i).toText()) + '"';
                    out += '>';
                    cdata(out, e.values.at(i).toText());
                    out += "</" + fname + ">\n";
                }
                out += "\t</" + node + ">\n";
            }
            out += "</" + name + ">\n";
        }
        out += "</associations>\n";
    }
    out += "</" + singular + ">\n";
}

void Renderer::jsonRecord(JsonWriter &w, const ResourceDef &def, const RecordView &record,
                          const DisplaySpec &display, bool dropEmpty, QList<ErrorEntry> *warnings) const
{
    w.beginObject();
    for (int f = 0; f < def.fields.size(); ++f) {
        if (!display.showsField(f))
            continue;
        const FieldDef &fd = def.field(f);
        const PsValue v = record.value(f);
        if (fd.isI18n() && v.kind == PsValue::Kind::Langs) {
            if (m_languages.size() == 1) {
                const int lang = m_languages.first();
                if (!v.hasLang(lang) && warnings)
                    warnings->append(missingLanguageWarning(lang));
                const QString &text = v.lang(lang);
                if (dropEmpty && (!v.hasLang(lang) || text.isEmpty() || text == QLatin1String("0")))
                    continue;
                w.key(fd.name);
                if (v.hasLang(lang))
                    w.value(QStringView(text));
                else
                    w.null();
                continue;
            }
            w.key(fd.name);
            w.beginArray();
            for (int lang : m_languages) {
                w.beginObject().key("id").value(lang).key("value");
                if (v.hasLang(lang)) {
                    w.value(QStringView(v.lang(lang)));
                } else {
                    w.null();
                    if (warnings)
                        warnings->append(missingLanguageWarning(lang));
                }
                w.endObject();
            }
            w.endArray();
            continue;
        }
        if (dropEmpty && v.phpEmpty())
            continue;
        w.key(fd.name);
        jsonValue(w, v);
    }
    if (display.showsAssociations() && !def.associations.isEmpty()) {
        bool opened = false;
        for (int a = 0; a < def.associations.size(); ++a) {
            if (!display.showsAssociation(a))
                continue;
            const AssocList entries = record.association(a);
            if (entries.isEmpty())
                continue;
            if (!opened) {
                w.key("associations").beginObject();
                opened = true;
            }
            const AssocDef &ad = def.associations.at(a);
            w.key(ad.name).beginArray();
            for (const AssocEntry &e : entries) {
                w.beginObject();
                for (int i = 0; i < ad.fields.size() && i < e.values.size(); ++i) {
                    if (!display.showsAssocField(a, ad.fields.at(i).name))
                        continue;
                    w.key(ad.fields.at(i).name);
                    jsonValue(w, e.values.at(i));
                }
                w.endObject();
            }
            w.endArray();
        }
        if (opened)
            w.endObject();
    }
    w.endObject();
}

QByteArray Renderer::recordList(const ResourceDef &def, const QList<const RecordView *> &records,
                                const DisplaySpec &display, QList<ErrorEntry> *warnings) const
{
    if (m_json) {
        if (records.isEmpty())
            return QByteArrayLiteral("[]");
        JsonWriter w(JsonWriter::Style::Php);
        w.beginObject().key(def.plural).beginArray();
        for (const RecordView *r : records)
            jsonRecord(w, def, *r, display, false, warnings);
        w.endArray().endObject();
        return w.take();
    }
    const QByteArray plural = latin(def.plural);
    QByteArray content;
    content.reserve(qsizetype(records.size()) * 160 + 64);
    content += '<' + plural + ">\n";
    for (const RecordView *r : records)
        xmlRecord(content, def, *r, display);
    content += "</" + plural + ">\n";
    return xmlDocument(content);
}

QByteArray Renderer::details(const ResourceDef &def, const QList<const RecordView *> &records,
                             const DisplaySpec &display, bool displayParam, QList<ErrorEntry> *warnings,
                             const QList<ErrorEntry> &errors) const
{
    if (m_json) {
        JsonWriter w(JsonWriter::Style::Php);
        w.beginObject();
        if (displayParam) {
            w.key(def.plural).beginArray();
            for (const RecordView *r : records)
                jsonRecord(w, def, *r, display, false, warnings);
            w.endArray();
        } else if (!records.isEmpty()) {
            // Several objects in one write overwrite the same key; the last one stays.
            w.key(def.singular);
            jsonRecord(w, def, *records.last(), display, true, warnings);
        }
        if (!errors.isEmpty()) {
            w.key("errors").beginArray();
            for (const ErrorEntry &e : errors)
                w.beginObject()
                    .key("code")
                    .value(e.code)
                    .key("message")
                    .value(QStringView(e.message))
                    .endObject();
            w.endArray();
        }
        w.endObject();
        return w.take();
    }
    QByteArray content;
    for (const RecordView *r : records)
        xmlRecord(content, def, *r, display);
    return xmlDocument(content);
}

QByteArray Renderer::minimalDetails(const ResourceDef &def, qint64 id) const
{
    if (m_json)
        return "{\"" + latin(def.plural) + "\":[{\"id\":" + QByteArray::number(id) + "}]}";
    const QByteArray n = QByteArray::number(id);
    return xmlDocument('<' + latin(def.singular) + " id=\"" + n + "\" xlink:href=\"" + m_wsUrlBytes +
                       latin(def.plural) + '/' + n + "\"/>\n");
}

QByteArray Renderer::errors(const QList<ErrorEntry> &errors) const
{
    if (m_json) {
        JsonWriter w(JsonWriter::Style::Php);
        w.beginObject().key("errors").beginArray();
        for (const ErrorEntry &e : errors)
            w.beginObject()
                .key("code")
                .value(e.code)
                .key("message")
                .value(QStringView(e.message))
                .endObject();
        w.endArray().endObject();
        return w.take();
    }
    QByteArray content = "<errors>\n";
    for (const ErrorEntry &e : errors) {
        content += "<error>\n<code>";
        cdata(content, QString::number(e.code));
        content += "</code>\n<message>";
        cdata(content, e.message);
        content += "</message>\n</error>\n";
    }
    content += "</errors>\n";
    return xmlDocument(content);
}

QByteArray Renderer::schema(const ResourceDef &def, bool synopsis) const
{
    if (m_json) {
        // Every field is empty, so array_filter leaves only the associations (fixture 29).
        JsonWriter w(JsonWriter::Style::Php);
        w.beginObject().key(def.singular);
        if (def.associations.isEmpty()) {
            w.beginArray().endArray();
        } else {
            w.beginObject().key("associations").beginObject();
            for (const AssocDef &ad : def.associations) {
                w.key(ad.name).beginArray().beginObject();
                for (const AssocFieldDef &af : ad.fields)
                    w.key(af.name).null();
                w.endObject().endArray();
            }
            w.endObject().endObject();
        }
        w.endObject();
        return w.take();
    }
    const QByteArray singular = latin(def.singular);
    QByteArray out = '<' + singular + ">\n";
    for (const FieldDef &fd : def.fields) {
        if ((synopsis && fd.name == QLatin1String("id")) || (!synopsis && fd.has(ReadOnly)))
            continue;
        const QByteArray name = latin(fd.name);
        out += "\t<" + name;
        if (synopsis) {
            if (fd.has(NotFilterable))
                out += " notFilterable=\"true\"";
            if (fd.has(Required))
                out += " required=\"true\"";
            if (fd.maxSize > 0)
                out += " maxSize=\"" + QByteArray::number(fd.maxSize) + '"';
            if (!fd.format.isEmpty())
                out += " format=\"" + latin(fd.format) + '"';
            if (fd.has(ReadOnly))
                out += " read_only=\"true\" readOnly=\"true\"";
        }
        out += '>';
        if (fd.isI18n()) {
            for (int lang : m_languages) {
                out += "<language id=\"" + QByteArray::number(lang) + '"';
                if (synopsis)
                    out += " xlink:href=\"" + m_wsUrlBytes + "languages/" + QByteArray::number(lang) +
                           "\" format=\"isUnsignedId\" ";
                out += "><![CDATA[]]></language>";
            }
        } else {
            out += "<![CDATA[]]>";
        }
        out += "</" + name + ">\n";
    }
    if (!def.associations.isEmpty()) {
        out += "<associations>\n";
        for (const AssocDef &ad : def.associations) {
            const QByteArray name = latin(ad.name), node = latin(ad.nodeType);
            out += '<' + name;
            if (synopsis) {
                out += " nodeType=\"" + node + '"';
                out += ad.virtualEntity ? QByteArray(" virtualEntity=\"true\"")
                                        : " api=\"" + latin(ad.api) + '"';
            }
            out += ">\n\t<" + node + ">\n";
            for (const AssocFieldDef &af : ad.fields) {
                out += "\t<" + latin(af.name);
                if (synopsis && af.xlinkInSynopsis)
                    out += " xlink:href=\"" + m_wsUrlBytes + latin(af.xlink.isEmpty() ? ad.api : af.xlink) +
                           "/\"";
                if (synopsis && af.requiredInSynopsis)
                    out += " required=\"true\"";
                out += "><![CDATA[]]></" + latin(af.name) + ">\n";
            }
            out += "\t</" + node + ">\n</" + name + ">\n";
        }
        out += "</associations>\n";
    }
    out += "</" + singular + ">\n";
    return xmlDocument(out);
}

QByteArray Renderer::apiRoot(const KeyPermissions &permissions, const QString &shopName) const
{
    QByteArray out = "<api shopName=\"" + latin(shopName.toHtmlEscaped()) + "\">\n";
    for (const WsResourceInfo &info : allWsResources()) {
        const auto it = permissions.constFind(info.name);
        if (it == permissions.cend())
            continue;
        const QByteArray name = latin(info.name);
        const QByteArray href = m_wsUrlBytes + name;
        QByteArray attrs = " xlink:href=\"" + href + '"';
        for (const QByteArray &method : wsMethods())
            attrs += ' ' + method.toLower() + "=\"" + (it->contains(method) ? "true" : "false") + '"';
        out += '<' + name + attrs + ">\n";
        out += "<description" + attrs + ">\n" + latin(info.description) + "</description>\n";
        if (!info.specificManagement) {
            out += "<schema xlink:href=\"" + href + "?schema=blank\" type=\"blank\"/>\n";
            out += "<schema xlink:href=\"" + href + "?schema=synopsis\" type=\"synopsis\"/>\n";
        }
        out += "</" + name + ">\n";
    }
    out += "</api>\n";
    return xmlDocument(out);
}

} // namespace syncsmart::sim::ps
