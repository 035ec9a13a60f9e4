#include "prestashopsim_p.h"
#include "psvalidate.h"
#include "psxmlinput.h"

namespace syncsmart::sim {

using namespace ps;

namespace {

// WebserviceRequest::setError() keeps every error; the HTTP status is the last one set.
struct WriteErrors
{
    QList<ErrorEntry> list;
    int status = 200;
    bool fatal = false; // saveEntityFromXml() returned

    void add(int httpStatus, int code, const QString &message)
    {
        list.append({code, message});
        status = httpStatus;
    }
    void stop(int httpStatus, int code, const QString &message)
    {
        add(httpStatus, code, message);
        fatal = true;
    }
    void warn(const ErrorEntry &warning)
    {
        list.append(warning);
        status = 500;
    }
};

QString notEmulated(const QString &resource, const QByteArray &method)
{
    return QStringLiteral("syncsmart-sim does not emulate %1 on \"%2\"")
        .arg(QString::fromLatin1(method), resource);
}

bool writeEmulated(const QString &resource, const QByteArray &method)
{
    static const QHash<QString, QList<QByteArray>> allowed{
        {QStringLiteral("products"), {"POST", "PUT", "PATCH"}},
        {QStringLiteral("stock_availables"), {"PUT", "PATCH"}},
        {QStringLiteral("combinations"), {"PUT", "PATCH"}},
        {QStringLiteral("customers"), {"POST", "PUT", "PATCH"}},
        {QStringLiteral("orders"), {"PUT", "PATCH"}},
        {QStringLiteral("order_histories"), {"POST"}},
        {QStringLiteral("order_states"), {"PUT", "PATCH"}},
        {QStringLiteral("order_details"), {"PUT", "PATCH"}},
    };
    return allowed.value(resource).contains(method);
}

int fieldOf(const ResourceDef &def, const char *name)
{
    return def.indexOf(QString::fromLatin1(name));
}

void setIfPresent(PsObject &o, const ResourceDef &def, const char *name, PsValue v)
{
    if (const int f = fieldOf(def, name); f >= 0)
        o.values[size_t(f)] = std::move(v);
}

bool isNull(const PsObject &o, const ResourceDef &def, const char *name)
{
    const int f = fieldOf(def, name);
    return f < 0 || o.values[size_t(f)].isNull();
}

QJsonObject effectValues(const ResourceDef &def, const PsObject &stored, const QStringList &fields)
{
    QJsonObject out;
    for (const QString &name : fields) {
        const int f = def.indexOf(name);
        if (f >= 0)
            out.insert(name, effectValue(stored.values[size_t(f)]));
    }
    return out;
}

} // namespace

Reply PrestaShopSim::Private::write(const RequestContext &ctx)
{
    const QString &resource = ctx.resource;
    if (!writeEmulated(resource, ctx.method))
        return errorReply(ctx, 501, {{124, notEmulated(resource, ctx.method)}});
    const PsTable &tbl = *table(resource);
    const ResourceDef &def = tbl.def();
    const bool post = ctx.method == "POST", patch = ctx.method == "PATCH";

    QByteArray body = ctx.request.body;
    // The old PSWebServiceLibrary posts a form field "xml" instead of a raw body.
    if (ctx.request.header("content-type").contains("x-www-form-urlencoded") && body.startsWith("xml=")) {
        body = body.mid(4);
        body.replace('+', ' ');
        body = QByteArray::fromPercentEncoding(body);
    }
    const XmlBody xml = parseRequestXml(body);
    if (!xml.errors.isEmpty())
        return errorReply(ctx, 500, xml.errors);
    QList<const XmlNode *> entities;
    for (const XmlNode &child : xml.root->children)
        entities.append(&child);
    QList<qint64> ids;
    for (const XmlNode *e : entities) {
        if (const XmlNode *idNode = e->child(QStringLiteral("id")); idNode && !idNode->text.isEmpty())
            ids.append(phpInt(idNode->text));
    }
    if (!post) {
        QList<qint64> unique = ids;
        std::sort(unique.begin(), unique.end());
        if (std::unique(unique.begin(), unique.end()) != unique.end())
            return errorReply(ctx, 400, {{89, QStringLiteral("id is duplicate in request")}});
        if (ids.size() != entities.size())
            return errorReply(ctx, 400, {{90, QStringLiteral("id is required when modifying a resource")}});
    } else if (!ids.isEmpty()) {
        return errorReply(ctx, 400, {{91, QStringLiteral("id is forbidden when adding a new resource")}});
    }

    const qint64 nowUtc = now();
    const QString nowText = time.format(nowUtc);
    WriteErrors errors;
    std::vector<PsObject> echoes;
    echoes.reserve(size_t(entities.size()));
    int saved = 0;
    for (const XmlNode *entity : entities) {
        PsObject obj;
        qint64 id = 0;
        if (post) {
            obj.values.assign(size_t(def.fields.size()), PsValue::null());
            obj.assocs.resize(size_t(def.associations.size()));
            obj.assocSet.assign(size_t(def.associations.size()), false);
        } else {
            id = phpInt(entity->child(QStringLiteral("id"))->text);
            if (!tbl.exists(id)) {
                errors.stop(404, 92, QStringLiteral("Invalid ID"));
                break;
            }
            obj = loadObject(tbl, id);
        }
        std::vector<bool> written(size_t(def.fields.size()), false);
        QStringList sent;
        bool i18n = false;
        for (int f = 0; f < def.fields.size() && !errors.fatal; ++f) {
            const FieldDef &fd = def.field(f);
            const XmlNode *node = entity->child(fd.name);
            if (patch && !node)
                continue;
            if (node)
                sent.append(fd.name);
            if (node && !fd.isI18n()) {
                if (fd.has(ReadOnly)) {
                    errors.stop(400, 93,
                                QStringLiteral(
                                    "parameter \"%1\" not writable. Please remove this attribute of this XML")
                                    .arg(fd.name));
                    break;
                }
                if (fd.has(WarnsOnWrite)) { // Product::setWsPositionInCategory() on PHP 8 (fixture 48)
                    errors.warn(
                        phpWarning(QStringLiteral("Trying to access array offset on value of type null"),
                                   QStringLiteral("classes/Product.php"), 7245));
                    continue;
                }
                obj.values[size_t(f)] = PsValue::string(node->text);
                written[size_t(f)] = true;
            } else if (!fd.isI18n() && fd.has(Required)) {
                errors.stop(400, 41, QStringLiteral("parameter \"%1\" required").arg(fd.name));
                break;
            } else if (!fd.isI18n()) {
                obj.values[size_t(f)] = PsValue::null();
                written[size_t(f)] = true;
            }
            if (fd.isI18n()) {
                i18n = true;
                written[size_t(f)] = true;
                const QList<const XmlNode *> languages =
                    node ? node->childrenNamed(QStringLiteral("language")) : QList<const XmlNode *>();
                if (languages.isEmpty()) {
                    obj.values[size_t(f)] = PsValue::string(node ? node->text : QString()); // a plain string
                    continue;
                }
                PsValue &v = obj.values[size_t(f)];
                if (v.kind != PsValue::Kind::Langs)
                    v = PsValue();
                for (const XmlNode *l : languages) {
                    const qint64 lang = phpInt(l->attributes.value(QStringLiteral("id")));
                    if (lang >= 1 && lang <= kLanguageCount)
                        v.setLang(int(lang), l->text);
                }
                if (v.kind != PsValue::Kind::Langs)
                    v = PsValue::string(QString());
            }
        }
        if (errors.fatal)
            break;

        // What the classes' add()/update() set on their own.
        if (resource == QLatin1String("products") && !patch) {
            if (isNull(obj, def, "condition"))
                setIfPresent(obj, def, "condition", PsValue::string(QStringLiteral("new")));
            if (isNull(obj, def, "visibility"))
                setIfPresent(obj, def, "visibility", PsValue::string(QStringLiteral("both")));
            setIfPresent(obj, def, "id_shop_default", PsValue::string(QStringLiteral("1")));
            setIfPresent(obj, def, "type", PsValue::string(QStringLiteral("simple")));
            if (post) {
                // Product::add() fills an empty link_rewrite from the name, default language only (fixture
                // 87).
                PsValue &link = obj.values[size_t(fieldOf(def, "link_rewrite"))];
                if (link.kind != PsValue::Kind::Langs) {
                    const PsValue &name = obj.values[size_t(fieldOf(def, "name"))];
                    link = PsValue();
                    link.setLang(1,
                                 str2url(name.kind == PsValue::Kind::Langs ? name.lang(1) : name.toText()));
                }
            }
        }
        if (def.indexOf(QStringLiteral("date_add")) >= 0 && (post || !patch) && isNull(obj, def, "date_add"))
            setIfPresent(obj, def, "date_add", PsValue::string(nowText));
        if (def.indexOf(QStringLiteral("date_upd")) >= 0 && !(resource == QLatin1String("stock_availables")))
            setIfPresent(obj, def, "date_upd", PsValue::string(nowText));
        if (resource == QLatin1String("customers") && written[size_t(fieldOf(def, "passwd"))] &&
            !obj.values[size_t(fieldOf(def, "passwd"))].isNull())
            setIfPresent(
                obj, def, "passwd",
                PsValue::string(book.passwordHashFor(obj.values[size_t(fieldOf(def, "passwd"))].text)));

        if (!errors.list.isEmpty())
            continue; // a PHP warning before the save: nothing is saved
        if (auto invalid = validateObject(def, obj, i18n)) {
            errors.stop(400, invalid->code, invalid->message);
            break;
        }

        // Associations given in the body (their setters run after the save).
        const XmlNode *assocNode = entity->child(QStringLiteral("associations"));
        QString badAssoc;
        if (assocNode) {
            for (const XmlNode &a : assocNode->children) {
                const int ai = def.assocOf(a.name);
                if (ai < 0) {
                    if (a.name != QLatin1String("i18n") && badAssoc.isEmpty())
                        badAssoc = a.name;
                    continue;
                }
                AssocList list;
                for (const XmlNode &item : a.children) {
                    AssocEntry e;
                    for (const AssocFieldDef &af : def.associations.at(ai).fields) {
                        const XmlNode *v = item.child(af.name);
                        e.values.append(v ? PsValue::string(v->text) : PsValue::null());
                    }
                    list.append(e);
                }
                obj.assocs[size_t(ai)] = list;
                obj.assocSet[size_t(ai)] = true;
            }
        }

        // Save.
        PsObject stored = obj;
        for (int f = 0; f < def.fields.size(); ++f)
            stored.values[size_t(f)] = normalizeStored(def.field(f), obj.values[size_t(f)]);
        QString key;
        QStringList changed;
        EffectKind kind = post ? EffectKind::Create : EffectKind::Update;
        if (resource == QLatin1String("products")) {
            const int categories = def.assocOf(QStringLiteral("categories"));
            if (post) {
                const qint64 newId = catalog.products().maxId() + 1;
                if (obj.assocSet[size_t(categories)]) {
                    setIfPresent(obj, def, "position_in_category", PsValue::integer(newId));
                    stored.values[size_t(fieldOf(def, "position_in_category"))] = PsValue::integer(newId);
                }
                stored.values[size_t(fieldOf(def, "indexed"))] =
                    PsValue::string(QStringLiteral("1")); // search indexation
                stored.values[size_t(fieldOf(def, "date_upd"))] = PsValue::string(nowText);
                id = catalog.createProduct(stored);
                catalog.setProductDateUpd(id, nowUtc);
                changed = sent;
            } else {
                changed = catalog.updateProduct(id, stored, written);
                catalog.setProductDateUpd(id, nowUtc);
                changed = patch ? sent : (changed + sent);
                changed.removeDuplicates();
            }
            key = catalog.reference(id);
        } else if (resource == QLatin1String("stock_availables")) {
            changed = catalog.updateStock(id, stored, written);
            changed = sent;
            changed.removeAll(QStringLiteral("id"));
            kind = EffectKind::Stock;
            key = stockKey(id);
        } else if (resource == QLatin1String("combinations")) {
            catalog.updateCombination(id, stored, written);
            changed = sent;
            key = catalog.combinationReference(id);
        } else if (resource == QLatin1String("order_histories")) {
            const qint64 orderId = phpInt(obj.values[size_t(fieldOf(def, "id_order"))].toText());
            const qint64 stateId = phpInt(obj.values[size_t(fieldOf(def, "id_order_state"))].toText());
            if (!book.orders.exists(orderId) || !book.states.exists(stateId)) {
                errors.stop(500, 46, QStringLiteral("Unable to save resource"));
                break;
            }
            const qint64 employee = phpInt(obj.values[size_t(fieldOf(def, "id_employee"))].toText());
            id = book.changeState(orderId, stateId, employee, nowUtc);
            // OrderHistory::changeIdOrderState() leaves id_order_state an int (fixture 58).
            setIfPresent(obj, def, "id_order_state", PsValue::integer(stateId));
            setIfPresent(obj, def, "date_add", PsValue::string(nowText));
            kind = EffectKind::State;
            key = book.orders.at(orderId, book.orders.field("reference")).text;
            changed = {QStringLiteral("id_order_state")};
        } else {
            GenericTable &g = *genericTable(resource);
            const QString oldEmail =
                resource == QLatin1String("customers") && !post ? g.at(id, g.field("email")).text : QString();
            const qint64 oldState =
                resource == QLatin1String("orders") ? g.at(id, g.field("current_state")).number : 0;
            if (resource == QLatin1String("customers") && post) {
                if (stored.values[size_t(fieldOf(def, "secure_key"))].text.isEmpty())
                    stored.values[size_t(fieldOf(def, "secure_key"))] =
                        PsValue::string(book.secureKeyFor(obj.values[size_t(fieldOf(def, "email"))].text));
                if (stored.values[size_t(fieldOf(def, "id_default_group"))].number == 0)
                    stored.values[size_t(fieldOf(def, "id_default_group"))] = PsValue::integer(3);
                for (const char *f : {"id_shop", "id_shop_group"}) {
                    if (stored.values[size_t(fieldOf(def, f))].number == 0)
                        stored.values[size_t(fieldOf(def, f))] = PsValue::integer(1);
                }
                stored.values[size_t(fieldOf(def, "last_passwd_gen"))] = PsValue::string(nowText);
                if (!stored.assocSet[0])
                    stored.assocs[0] =
                        AssocList{AssocEntry{{stored.values[size_t(fieldOf(def, "id_default_group"))]}}};
                id = book.insertCustomer(stored);
                changed = sent;
            } else {
                for (int f = 1; f < def.fields.size(); ++f) {
                    if (!written[size_t(f)] || (resource == QLatin1String("orders") &&
                                                def.field(f).name == QLatin1String("current_state")))
                        continue;
                    if (g.at(id, f) != stored.values[size_t(f)])
                        changed.append(def.field(f).name);
                    g.set(id, f, stored.values[size_t(f)]);
                }
                for (int a = 0; a < def.associations.size(); ++a) {
                    if (stored.assocSet[size_t(a)] && !(resource == QLatin1String("orders")))
                        g.setAssoc(id, a, stored.assocs[size_t(a)]);
                }
                if (const int upd = g.field("date_upd"); upd >= 0)
                    g.set(id, upd, PsValue::string(nowText));
                if (resource == QLatin1String("orders") && written[size_t(g.field("current_state"))]) {
                    const qint64 newState = phpInt(obj.values[size_t(g.field("current_state"))].toText());
                    if (newState != oldState && book.states.exists(newState)) {
                        book.changeState(id, newState, 0, nowUtc);
                        changed.append(QStringLiteral("current_state"));
                        kind = EffectKind::State;
                    }
                }
                if (patch)
                    changed = sent + (kind == EffectKind::State ? QStringList{QStringLiteral("current_state")}
                                                                : QStringList());
                changed.removeDuplicates();
                changed.removeAll(QStringLiteral("id"));
            }
            if (resource == QLatin1String("customers")) {
                book.reindexCustomer(id, oldEmail);
                key = g.at(id, g.field("email")).text;
            } else if (resource == QLatin1String("orders")) {
                key = g.at(id, g.field("reference")).text;
            }
        }
        ++saved;
        changed.removeAll(QStringLiteral("id"));
        recordEffect(kind, resource, id, key, changed, effectValues(def, loadObject(tbl, id), changed),
                     EffectSource::Api);

        obj.id = id;
        obj.values[0] = PsValue::string(QString::number(id));
        if (resource == QLatin1String("products")) // a getter: the default combination, 0 without any
            setIfPresent(obj, def, "id_default_combination",
                         tbl.value(id, fieldOf(def, "id_default_combination")));
        // Associations are read back through their getters: what the database now holds.
        for (int a = 0; a < def.associations.size(); ++a)
            obj.assocs[size_t(a)] = tbl.association(id, a);
        echoes.push_back(std::move(obj));
        if (!badAssoc.isEmpty()) {
            errors.stop(400, 86, QStringLiteral("The association \"%1\" does not exists").arg(badAssoc));
            break;
        }
    }

    Reply reply;
    reply.operation = post                                            ? Operation::Create
                      : resource == QLatin1String("stock_availables") ? Operation::StockWrite
                                                                      : Operation::Write;
    reply.records = saved;
    reply.wrote = saved > 0;
    if (!errors.list.isEmpty()) {
        Reply failed = errorReply(ctx, errors.status, errors.list);
        failed.operation = reply.operation;
        failed.wrote = reply.wrote;
        return failed;
    }
    QList<const RecordView *> records;
    std::vector<ObjectRecord> views;
    views.reserve(echoes.size());
    for (const PsObject &o : echoes) {
        views.emplace_back(o);
        records.append(&views.back());
    }
    DisplaySpec full;
    full.mode = DisplaySpec::Full;
    const Renderer renderer = ctx.renderer();
    QList<ErrorEntry> warnings;
    reply.status = post ? 201 : 200;
    reply.body = renderer.details(def, records, full, ctx.displayParam(), &warnings);
    reply.sha1Of = reply.body;
    if (!warnings.isEmpty()) {
        // The JSON renderer warned while writing the object: the object is saved, the answer is a 500
        // carrying both the object and the warnings (fixture 87).
        reply.status = 500;
        reply.body = renderer.details(def, records, full, ctx.displayParam(), nullptr, warnings);
    }
    return reply;
}

Reply PrestaShopSim::Private::remove(const RequestContext &ctx)
{
    if (ctx.resource != QLatin1String("products"))
        return errorReply(ctx, 501, {{124, notEmulated(ctx.resource, ctx.method)}});
    const qint64 id = phpInt(ctx.idSegment);
    if (!catalog.products().exists(id))
        return errorReply(ctx, 404, {{87, QStringLiteral("Id(s) not exists: %1").arg(ctx.idSegment)}});
    const QString reference = catalog.reference(id);
    catalog.deleteProduct(id);
    recordEffect(EffectKind::Delete, ctx.resource, id, reference, {}, {}, EffectSource::Api);
    Reply reply;
    reply.emptyContentType = true; // no content: PrestaShop blanks the Content-Type
    reply.operation = Operation::Write;
    reply.records = 1;
    reply.wrote = true;
    return reply;
}

} // namespace syncsmart::sim
