#include "odoorpc.h"

#include "odoodatabase.h"

#include "common/jsonwriter.h"

#include <algorithm>

namespace syncsmart::sim::odoo {

namespace {

// Python's binding of positional and keyword arguments for one ORM method, with its TypeErrors.
class Arguments final
{
public:
    Arguments(const QString &qualname, QStringList names, const QJsonArray &args, const QJsonObject &kwargs,
              bool extraKeywords = false)
        : m_qualname(qualname)
        , m_names(std::move(names))
        , m_args(args)
        , m_kwargs(kwargs)
    {
        for (auto it = kwargs.begin(); it != kwargs.end(); ++it) {
            if (it.key() != QLatin1String("context") && !m_names.contains(it.key()) && !extraKeywords)
                throw errors::typeError(
                    QStringLiteral("%1() got an unexpected keyword argument '%2'").arg(qualname, it.key()));
        }
    }

    QJsonValue value(const QString &name) const
    {
        const int i = int(m_names.indexOf(name));
        if (i >= 0 && i < m_args.size())
            return m_args.at(i);
        return m_kwargs.value(name);
    }

    void require(int count) const
    {
        QStringList missing;
        for (int i = 0; i < count; ++i) {
            if (value(m_names.at(i)).isUndefined())
                missing << QLatin1Char('\'') + m_names.at(i) + QLatin1Char('\'');
        }
        if (missing.isEmpty())
            return;
        const QString list = missing.size() == 1
                                 ? missing.first()
                                 : missing.mid(0, missing.size() - 1).join(QLatin1String(", ")) +
                                       QLatin1String(" and ") + missing.last();
        throw errors::typeError(QStringLiteral("%1() missing %2 required positional argument%3: %4")
                                    .arg(m_qualname)
                                    .arg(missing.size())
                                    .arg(missing.size() == 1 ? QString() : QStringLiteral("s"), list));
    }

private:
    QString m_qualname;
    QStringList m_names;
    QJsonArray m_args;
    QJsonObject m_kwargs;
};

QList<qint64> recordIds(const QJsonValue &value)
{
    QList<qint64> ids;
    if (value.isDouble())
        ids.append(saturatedInt64(value.toDouble()));
    for (const QJsonValue &v : value.toArray())
        ids.append(saturatedInt64(v.toDouble()));
    return ids;
}

QString qualname(const QString &method)
{
    return QStringLiteral("BaseModel.") + method;
}

SearchSpec searchSpec(const OdooModel &model, const Arguments &a)
{
    SearchSpec spec;
    spec.offset = std::max<qint64>(0, saturatedInt64(a.value(QStringLiteral("offset")).toDouble()));
    const double limit = a.value(QStringLiteral("limit")).toDouble();
    if (limit > 0) // None, False and 0 mean no limit
        spec.limit = saturatedInt64(limit);
    const QString order = a.value(QStringLiteral("order")).toString().trimmed();
    spec.order = order.isEmpty() ? parseOrder(model.defaultOrder(), model, true) : parseOrder(order, model);
    return spec;
}

bool anyHeavy(const OdooModel &model, const std::vector<int> &fields)
{
    return std::any_of(fields.begin(), fields.end(), [&](int f) { return model.isHeavyField(f); });
}

RpcResult rows(const OdooModel &model, const QList<qint64> &ids, const std::vector<int> &fields,
               Operation operation)
{
    RpcResult r = RpcResult::of(recordsJson(model, ids, fields), operation);
    r.records = int(ids.size());
    r.heavy = anyHeavy(model, fields);
    return r;
}

QByteArray idsJson(const QList<qint64> &ids)
{
    JsonWriter w(JsonWriter::Style::Python);
    w.beginArray();
    for (qint64 id : ids)
        w.value(id);
    w.endArray();
    return w.take();
}

// fields_get: the model's fields in registry order, each with the asked attributes sorted by name
// (fixtures 23 and 24).
QByteArray fieldsGet(const OdooModel &model, const QJsonValue &allfields, const QJsonValue &attributes)
{
    QStringList wanted;
    for (const QJsonValue &v : allfields.toArray())
        wanted << v.toString();
    QStringList attrs;
    for (const QJsonValue &v : attributes.toArray())
        attrs << v.toString();
    if (attrs.isEmpty()) {
        attrs = {QStringLiteral("name"),     QStringLiteral("readonly"),   QStringLiteral("relation"),
                 QStringLiteral("required"), QStringLiteral("searchable"), QStringLiteral("selection"),
                 QStringLiteral("sortable"), QStringLiteral("store"),      QStringLiteral("string"),
                 QStringLiteral("type")};
    }
    attrs.sort();
    JsonWriter w(JsonWriter::Style::Python);
    w.beginObject();
    for (const FieldSpec &f : model.fields()) {
        if (f.domainOnly || (!wanted.isEmpty() && !wanted.contains(f.name)))
            continue;
        w.key(f.name).beginObject();
        for (const QString &attr : attrs) {
            if (attr == QLatin1String("name")) {
                w.key(attr).value(QStringView(f.name));
            } else if (attr == QLatin1String("readonly")) {
                w.key(attr).value(f.readonly);
            } else if (attr == QLatin1String("relation") && !f.relation.isEmpty()) {
                w.key(attr).value(QStringView(f.relation));
            } else if (attr == QLatin1String("required")) {
                w.key(attr).value(f.required);
            } else if (attr == QLatin1String("searchable")) {
                w.key(attr).value(true);
            } else if (attr == QLatin1String("selection") && f.type == FieldType::Selection) {
                w.key(attr).beginArray();
                for (const SelectionOption &o : f.selection)
                    w.beginArray().value(QStringView(o.value)).value(QStringView(o.label)).endArray();
                w.endArray();
            } else if (attr == QLatin1String("sortable")) {
                w.key(attr).value(f.stored);
            } else if (attr == QLatin1String("store")) {
                w.key(attr).value(f.stored);
            } else if (attr == QLatin1String("string")) {
                w.key(attr).value(QStringView(f.label));
            } else if (attr == QLatin1String("type")) {
                w.key(attr).value(typeName(f.type));
            }
        }
        w.endObject();
    }
    w.endObject();
    return w.take();
}

const QStringList &genericMethods()
{
    static const QStringList methods{
        QStringLiteral("search_read"), QStringLiteral("search"),     QStringLiteral("search_count"),
        QStringLiteral("read"),        QStringLiteral("create"),     QStringLiteral("write"),
        QStringLiteral("unlink"),      QStringLiteral("fields_get"), QStringLiteral("check_access_rights"),
        QStringLiteral("name_search")};
    return methods;
}

} // namespace

std::vector<int> readFields(const OdooModel &model, const QJsonValue &fields)
{
    std::vector<int> out;
    const QJsonArray names = fields.toArray();
    if (names.isEmpty()) {
        for (size_t i = 1; i < model.fields().size(); ++i) {
            if (!model.fields()[i].domainOnly)
                out.push_back(int(i));
        }
        return out;
    }
    for (const QJsonValue &v : names) {
        const int f = model.fieldIndex(v.toString());
        if (f < 0)
            throw errors::invalidFieldInFields(model.name(), v.toString());
        if (f != 0 && std::find(out.begin(), out.end(), f) == out.end())
            out.push_back(f);
    }
    return out;
}

QByteArray recordsJson(const OdooModel &model, const QList<qint64> &ids, const std::vector<int> &fields)
{
    JsonWriter w(JsonWriter::Style::Python);
    w.beginArray();
    for (qint64 id : ids) {
        w.beginObject().key("id").value(id);
        for (int f : fields) {
            w.key(model.field(f).name);
            writeFieldValue(w, model.value(id, f, true));
        }
        w.endObject();
    }
    w.endArray();
    return w.take();
}

RpcResult executeKw(OdooDatabase &db, const QString &modelName, const QString &method, const QJsonArray &args,
                    const QJsonObject &kwargs, CallContext &ctx)
{
    if (method.startsWith(QLatin1Char('_')))
        throw errors::privateMethod(method);
    OdooModel *model = db.model(modelName);
    if (!model)
        throw errors::unknownModel(modelName);
    if (!genericMethods().contains(method) && !model->extraMethods().contains(method))
        throw errors::unknownMethod(modelName, method);

    if (method == QLatin1String("check_access_rights")) {
        const Arguments a(qualname(method), {QStringLiteral("operation"), QStringLiteral("raise_exception")},
                          args, kwargs);
        a.require(1);
        const QString operation = a.value(QStringLiteral("operation")).toString();
        static const QStringList modes{QStringLiteral("read"), QStringLiteral("write"),
                                       QStringLiteral("create"), QStringLiteral("unlink")};
        if (!modes.contains(operation))
            throw OdooError{QStringLiteral("builtins.AssertionError"), QStringLiteral("Invalid access mode"),
                            QStringLiteral("AssertionError: Invalid access mode\n")};
        const bool allowed = db.isAllowed(modelName, operation);
        if (!allowed && a.value(QStringLiteral("raise_exception")).toBool(true))
            throw errors::accessRights(modelName, model->label(), operation);
        return RpcResult::of(allowed ? "true" : "false");
    }
    if (method == QLatin1String("fields_get")) {
        const Arguments a(qualname(method), {QStringLiteral("allfields"), QStringLiteral("attributes")}, args,
                          kwargs);
        return RpcResult::of(
            fieldsGet(*model, a.value(QStringLiteral("allfields")), a.value(QStringLiteral("attributes"))));
    }
    const QString operation = model->accessOperation(method);
    if (!db.isAllowed(modelName, operation))
        throw errors::accessRights(modelName, model->label(), operation);

    if (method == QLatin1String("search_read")) {
        const Arguments a(qualname(method),
                          {QStringLiteral("domain"), QStringLiteral("fields"), QStringLiteral("offset"),
                           QStringLiteral("limit"), QStringLiteral("order")},
                          args, kwargs, true);
        const Domain domain = Domain::compile(a.value(QStringLiteral("domain")), *model, ctx.activeTest());
        const SearchSpec spec = searchSpec(*model, a);
        const QList<qint64> ids = model->search(domain, spec);
        return rows(*model, ids, readFields(*model, a.value(QStringLiteral("fields"))), Operation::List);
    }
    if (method == QLatin1String("search") || method == QLatin1String("name_search")) {
        const bool byName = method == QLatin1String("name_search");
        const QStringList names = byName ? QStringList{QStringLiteral("name"), QStringLiteral("domain"),
                                                       QStringLiteral("operator"), QStringLiteral("limit")}
                                         : QStringList{QStringLiteral("domain"), QStringLiteral("offset"),
                                                       QStringLiteral("limit"), QStringLiteral("order")};
        const Arguments a(qualname(method), names, args, kwargs);
        if (!byName)
            a.require(1);
        QJsonArray domain = a.value(QStringLiteral("domain")).toArray();
        const QString name = a.value(QStringLiteral("name")).toString();
        if (byName && !name.isEmpty()) {
            const QString op = a.value(QStringLiteral("operator")).toString(QStringLiteral("ilike"));
            domain.prepend(QJsonArray{QStringLiteral("display_name"), op, name});
        }
        const Domain compiled = Domain::compile(domain, *model, ctx.activeTest());
        SearchSpec spec = searchSpec(*model, a);
        if (byName && !a.value(QStringLiteral("limit")).isDouble())
            spec.limit = 100;
        const QList<qint64> ids = model->search(compiled, spec);
        if (!byName) {
            RpcResult r = RpcResult::of(idsJson(ids), Operation::List);
            r.records = int(ids.size());
            return r;
        }
        JsonWriter w(JsonWriter::Style::Python);
        w.beginArray();
        for (qint64 id : ids)
            w.beginArray().value(id).value(QStringView(model->displayName(id))).endArray();
        w.endArray();
        return RpcResult::of(w.take(), Operation::List);
    }
    if (method == QLatin1String("search_count")) {
        const Arguments a(qualname(method), {QStringLiteral("domain"), QStringLiteral("limit")}, args,
                          kwargs);
        a.require(1);
        qint64 count =
            model->searchCount(Domain::compile(a.value(QStringLiteral("domain")), *model, ctx.activeTest()));
        if (const double limit = a.value(QStringLiteral("limit")).toDouble(); limit > 0)
            count = std::min(count, saturatedInt64(limit));
        return RpcResult::of(QByteArray::number(count));
    }
    if (method == QLatin1String("read")) {
        const QList<qint64> ids = recordIds(args.at(0));
        const Arguments a(qualname(method), {QStringLiteral("fields"), QStringLiteral("load")}, tail(args, 1),
                          kwargs);
        const std::vector<int> fields = readFields(*model, a.value(QStringLiteral("fields")));
        QList<qint64> existing; // read() drops records that do not exist (BaseModel._read_format)
        for (qint64 id : ids) {
            if (model->exists(id))
                existing.append(id);
        }
        return rows(*model, existing, fields, existing.size() > 1 ? Operation::List : Operation::Read);
    }
    if (method == QLatin1String("create")) {
        const Arguments a(qualname(method), {QStringLiteral("vals_list")}, args, kwargs);
        a.require(1);
        const QJsonValue vals = a.value(QStringLiteral("vals_list"));
        QList<QJsonObject> list;
        if (vals.isObject())
            list.append(vals.toObject());
        for (const QJsonValue &v : vals.toArray())
            list.append(v.toObject());
        const QList<qint64> ids = model->create(list, ctx);
        // One dict gives an id, a list of dicts a list of ids (api._call_kw_model_create).
        RpcResult r = RpcResult::of(
            vals.isObject() && !ids.isEmpty() ? QByteArray::number(ids.first()) : idsJson(ids),
            modelName == QLatin1String("stock.quant") ? Operation::StockWrite : Operation::Create);
        r.records = int(ids.size());
        r.wrote = !ids.isEmpty();
        return r;
    }
    if (method == QLatin1String("write") || method == QLatin1String("unlink")) {
        const QList<qint64> ids = recordIds(args.at(0));
        const bool write = method == QLatin1String("write");
        const Arguments a(qualname(method), write ? QStringList{QStringLiteral("vals")} : QStringList{},
                          tail(args, 1), kwargs);
        if (write)
            a.require(1);
        if (!ids.isEmpty()) { // an empty recordset writes nothing and answers True
            if (write)
                model->write(ids, a.value(QStringLiteral("vals")).toObject(), ctx);
            else
                model->unlink(ids, ctx);
        }
        RpcResult r = RpcResult::of("true", Operation::Write);
        r.records = int(ids.size());
        r.wrote = !ids.isEmpty();
        return r;
    }
    if (auto result = model->call(method, args, kwargs, ctx))
        return *result;
    throw errors::unknownMethod(modelName, method);
}

} // namespace syncsmart::sim::odoo
