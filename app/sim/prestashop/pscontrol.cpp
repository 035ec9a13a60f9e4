#include "prestashopsim_p.h"
#include "psvalidate.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <cmath>

namespace syncsmart::sim {

using namespace ps;

namespace {

QJsonObject error(const QString &message)
{
    return QJsonObject{{QStringLiteral("error"), message}};
}

QString jsonText(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::Bool:
        return v.toBool() ? QStringLiteral("1") : QStringLiteral("0");
    case QJsonValue::Double: {
        const double d = v.toDouble();
        return d == std::floor(d) && std::fabs(d) < 9e15 ? QString::number(qint64(d))
                                                         : QString::number(d, 'f', 6);
    }
    case QJsonValue::String:
        return v.toString();
    default:
        return QString();
    }
}

std::optional<QJsonObject> parseBody(const QByteArray &body, QString *problem)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &parseError);
    if (!doc.isObject()) {
        *problem = QStringLiteral("the body must be a JSON object (%1)").arg(parseError.errorString());
        return std::nullopt;
    }
    return doc.object();
}

} // namespace

QStringList PrestaShopSim::controlCommands() const
{
    return {QStringLiteral("product"), QStringLiteral("edit"),   QStringLiteral("stock"),
            QStringLiteral("order"),   QStringLiteral("orders"), QStringLiteral("counts"),
            QStringLiteral("keys")};
}

std::optional<QJsonObject> PrestaShopSim::control(const QByteArray &method, const QString &command,
                                                  const QUrlQuery &query, const QByteArray &body)
{
    Private &p = *d;
    const bool post = method.toUpper() == "POST";
    auto queryValue = [&](const char *key) {
        return query.queryItemValue(QString::fromLatin1(key), QUrl::FullyDecoded);
    };

    if (command == QLatin1String("product")) {
        QList<qint64> ids;
        if (const QString sku = queryValue("sku"); !sku.isEmpty()) {
            ids = p.catalog.productsWithReference(sku);
        } else if (const QString id = queryValue("id"); !id.isEmpty()) {
            if (p.catalog.products().exists(id.toLongLong()))
                ids.append(id.toLongLong());
        } else {
            return error(QStringLiteral("give ?sku=<reference> or ?id=<product id>"));
        }
        QJsonArray products;
        for (qint64 id : ids)
            products.append(p.productJson(id));
        return QJsonObject{{QStringLiteral("count"), products.size()},
                           {QStringLiteral("products"), products}};
    }

    if (command == QLatin1String("edit")) {
        if (!post)
            return error(QStringLiteral("edit takes a POST with {\"sku\": ..., \"fields\": {...}}"));
        QString problem;
        const auto in = parseBody(body, &problem);
        if (!in)
            return error(problem);
        const QString sku = in->value(QStringLiteral("sku")).toString();
        const QList<qint64> ids = p.catalog.productsWithReference(sku);
        if (ids.isEmpty())
            return error(QStringLiteral("no product has the reference \"%1\"").arg(sku));
        const QJsonObject fields = in->value(QStringLiteral("fields")).toObject();
        if (fields.isEmpty())
            return error(QStringLiteral("\"fields\" must be an object with at least one field"));
        const qint64 id = ids.first();
        const PsTable &products = p.catalog.products();
        const ResourceDef &def = products.def();
        PsObject object = loadObject(products, id);
        std::vector<bool> written(object.values.size(), false);
        bool i18n = false;
        for (auto it = fields.begin(); it != fields.end(); ++it) {
            const int f = def.indexOf(it.key());
            if (f <= 0 || def.field(f).has(ReadOnly) || def.field(f).has(Virtual) ||
                def.field(f).name == QLatin1String("date_upd"))
                return error(
                    QStringLiteral("\"%1\" is not a product field the back office edits").arg(it.key()));
            PsValue &v = object.values[size_t(f)];
            if (def.field(f).isI18n()) {
                i18n = true;
                if (it.value().isString()) {
                    v.setLang(1, it.value().toString());
                } else {
                    const QJsonObject langs = it.value().toObject();
                    for (auto l = langs.begin(); l != langs.end(); ++l) {
                        const int lang = l.key().toInt();
                        if (lang < 1 || lang > kLanguageCount)
                            return error(
                                QStringLiteral("language \"%1\" of \"%2\" does not exist (1 = en, 2 = fr)")
                                    .arg(l.key(), it.key()));
                        v.setLang(lang, l.value().toString());
                    }
                }
            } else {
                v = PsValue::string(jsonText(it.value()));
            }
            written[size_t(f)] = true;
        }
        if (auto invalid = validateObject(def, object, i18n))
            return error(invalid->message);
        PsObject stored = object;
        for (int f = 0; f < def.fields.size(); ++f)
            stored.values[size_t(f)] = normalizeStored(def.field(f), object.values[size_t(f)]);
        const QStringList changed = p.catalog.updateProduct(id, stored, written);
        p.catalog.setProductDateUpd(id, p.now());
        QJsonObject values;
        for (const QString &name : fields.keys())
            values.insert(name, effectValue(products.value(id, def.indexOf(name))));
        p.recordEffect(EffectKind::Update, QStringLiteral("products"), id, p.catalog.reference(id),
                       fields.keys(), values, EffectLog::editSource(*in));
        return QJsonObject{{QStringLiteral("ok"), true},
                           {QStringLiteral("id"), id},
                           {QStringLiteral("changed"), QJsonArray::fromStringList(changed)},
                           {QStringLiteral("date_upd"), p.time.format(p.catalog.dateUpd(id))}};
    }

    if (command == QLatin1String("stock")) {
        if (!post)
            return error(QStringLiteral(
                "stock takes a POST with {\"sku\": ..., \"quantity\": n[, \"combination\": ...]}"));
        QString problem;
        const auto in = parseBody(body, &problem);
        if (!in)
            return error(problem);
        const QString sku = in->value(QStringLiteral("sku")).toString();
        if (!in->value(QStringLiteral("quantity")).isDouble())
            return error(QStringLiteral("\"quantity\" must be a number"));
        const qint64 quantity = saturatedInt64(in->value(QStringLiteral("quantity")).toDouble());
        qint64 stockId = 0;
        if (const QList<qint64> combos = p.catalog.combinationsWithReference(sku); !combos.isEmpty()) {
            stockId = p.catalog.combinationStockId(combos.first());
        } else {
            const QList<qint64> ids = p.catalog.productsWithReference(sku);
            if (ids.isEmpty())
                return error(QStringLiteral("no product or combination has the reference \"%1\"").arg(sku));
            const QList<qint64> own = p.catalog.combinationIds(ids.first());
            const QJsonValue which = in->value(QStringLiteral("combination"));
            if (own.isEmpty()) {
                stockId = p.catalog.productStockId(ids.first());
            } else if (which.isUndefined()) {
                return error(
                    QStringLiteral("\"%1\" has combinations: give \"combination\" (reference, size or id)")
                        .arg(sku));
            } else {
                for (qint64 c : own) {
                    const QString text = jsonText(which);
                    if (text == QString::number(c) ||
                        p.catalog.combinationReference(c).compare(text, Qt::CaseInsensitive) == 0 ||
                        p.seed.combinationSuffix(p.catalog.combinationSize(c))
                                .compare(text, Qt::CaseInsensitive) == 0)
                        stockId = p.catalog.combinationStockId(c);
                }
                if (!stockId)
                    return error(
                        QStringLiteral("\"%1\" has no combination \"%2\"").arg(sku, jsonText(which)));
            }
        }
        p.catalog.setStockQuantity(stockId, quantity);
        p.recordEffect(EffectKind::Stock, QStringLiteral("stock_availables"), stockId, p.stockKey(stockId),
                       {QStringLiteral("quantity")}, QJsonObject{{QStringLiteral("quantity"), quantity}},
                       EffectSource::Control);
        const qint64 product = p.catalog.stockProduct(stockId);
        return QJsonObject{
            {QStringLiteral("ok"), true},
            {QStringLiteral("stockId"), stockId},
            {QStringLiteral("quantity"), p.catalog.stockQuantity(stockId)},
            {QStringLiteral("productQuantity"), p.catalog.stockQuantity(p.catalog.productStockId(product))}};
    }

    if (command == QLatin1String("order")) {
        qint64 id = 0;
        if (const QString ref = queryValue("reference"); !ref.isEmpty())
            id = p.book.orderByReference(ref).value_or(0);
        else
            id = queryValue("id").toLongLong();
        if (!p.book.orders.exists(id))
            return error(QStringLiteral("no such order (give ?reference= or ?id=)"));
        return p.orderJson(id);
    }

    if (command == QLatin1String("orders")) {
        QJsonArray refs;
        for (qint64 id = 1; id <= p.book.orders.maxId(); ++id) {
            if (p.book.orders.exists(id))
                refs.append(p.book.orders.at(id, p.book.orders.field("reference")).text);
        }
        return QJsonObject{{QStringLiteral("count"), refs.size()}, {QStringLiteral("references"), refs}};
    }

    if (command == QLatin1String("counts")) {
        QJsonObject counts;
        for (const char *name : {"products", "stock_availables", "combinations", "orders", "order_details",
                                 "order_histories", "order_states", "customers"})
            counts.insert(QString::fromLatin1(name), p.table(QString::fromLatin1(name))->liveCount());
        return counts;
    }

    if (command == QLatin1String("keys")) {
        if (!post) {
            QJsonArray list;
            for (auto it = p.keys.cbegin(); it != p.keys.cend(); ++it)
                list.append(QJsonObject{{QStringLiteral("key"), it.key()},
                                        {QStringLiteral("resources"), it->size()}});
            return QJsonObject{{QStringLiteral("keys"), list}};
        }
        QString problem;
        const auto in = parseBody(body, &problem);
        if (!in)
            return error(problem);
        const QString key = in->value(QStringLiteral("key")).toString();
        if (key.size() != 32)
            return error(QStringLiteral("a PrestaShop webservice key has exactly 32 characters"));
        KeyPermissions permissions;
        const QJsonObject given = in->value(QStringLiteral("permissions")).toObject();
        for (auto it = given.begin(); it != given.end(); ++it) {
            if (!wsResource(it.key()))
                return error(QStringLiteral("\"%1\" is not a PrestaShop webservice resource").arg(it.key()));
            QSet<QByteArray> methods;
            for (const QJsonValue &m : it.value().toArray()) {
                const QByteArray name = m.toString().toUpper().toLatin1();
                if (!wsMethods().contains(name))
                    return error(
                        QStringLiteral("\"%1\" is not a webservice method (GET PUT POST PATCH DELETE HEAD)")
                            .arg(m.toString()));
                methods.insert(name);
            }
            permissions.insert(it.key(), methods);
        }
        addKey(key, permissions);
        return QJsonObject{{QStringLiteral("ok"), true},
                           {QStringLiteral("key"), key},
                           {QStringLiteral("permissions"), given}};
    }
    return std::nullopt;
}

} // namespace syncsmart::sim
