#include "connectors/odoo/odooparse.h"

#include "common/datetext.h"

#include <QHash>
#include <QSet>
#include <QTimeZone>

namespace syncsmart::odoo {

namespace {

enum class Kind { Text, Number, Boolean };

struct Mapping
{
    QString odoo;
    Kind kind;
};

const QHash<QString, Mapping> &mappings()
{
    static const QHash<QString, Mapping> map{
        {field::Name, {QStringLiteral("name"), Kind::Text}},
        {field::Description, {QStringLiteral("description_sale"), Kind::Text}},
        {field::Price, {QStringLiteral("list_price"), Kind::Number}},
        {field::Cost, {QStringLiteral("standard_price"), Kind::Number}},
        {field::Ean13, {QStringLiteral("barcode"), Kind::Text}},
        {field::Weight, {QStringLiteral("weight"), Kind::Number}},
        {field::Active, {QStringLiteral("active"), Kind::Boolean}},
    };
    return map;
}

Error unexpected(const QString &what, const QString &detail)
{
    return Error::transient(QStringLiteral("odoo.unexpected_answer"),
                            QStringLiteral("%1: Odoo answered something SyncSmart cannot use (%2); the call will be "
                                           "retried.")
                                .arg(what, detail));
}

} // namespace

QString productField(const QString &canonical)
{
    return mappings().value(canonical).odoo;
}

QStringList productReadFields(const QStringList &canonical, const QStringList &extra)
{
    QStringList out{QStringLiteral("default_code"), QStringLiteral("write_date")};
    for (const QString &name : canonical) {
        const QString odoo = productField(name);
        if (!odoo.isEmpty() && !out.contains(odoo))
            out << odoo;
    }
    for (const QString &name : extra) {
        if (!out.contains(name))
            out << name;
    }
    return out;
}

QString formatDatetime(const QDateTime &utc)
{
    return utc.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

QDateTime parseDatetime(const QJsonValue &value)
{
    if (!value.isString())
        return {};
    const QString text = value.toString();
    return text.size() == 19 ? naiveUtc(text) : QDateTime(); // Odoo writes UTC, to the second
}

qint64 recordId(const QJsonValue &value)
{
    if (value.isDouble())
        return qint64(value.toDouble());
    if (value.isArray())
        return qint64(value.toArray().at(0).toDouble());
    return 0;
}

QString text(const QJsonValue &value)
{
    return value.isString() ? value.toString() : QString();
}

Result<QVector<QJsonObject>> records(const QJsonValue &result, const QString &what)
{
    if (!result.isArray())
        return unexpected(what, QStringLiteral("a list of records was expected"));
    QVector<QJsonObject> out;
    const QJsonArray list = result.toArray();
    out.reserve(list.size());
    for (const QJsonValue &v : list) {
        if (!v.isObject() || recordId(v.toObject().value(QLatin1String("id"))) <= 0)
            return unexpected(what, QStringLiteral("a record without an id"));
        out.append(v.toObject());
    }
    return out;
}

Result<QList<qint64>> createdIds(const QJsonValue &result, const QString &what)
{
    QList<qint64> ids;
    if (result.isDouble()) {
        ids << qint64(result.toDouble());
    } else if (result.isArray()) {
        for (const QJsonValue &v : result.toArray()) {
            if (!v.isDouble())
                return unexpected(what, QStringLiteral("created ids were expected"));
            ids << qint64(v.toDouble());
        }
    } else {
        return unexpected(what, QStringLiteral("created ids were expected"));
    }
    return ids;
}

Result<QVector<ProductData>> parseProducts(const QJsonValue &result, const QStringList &canonical, const QString &what)
{
    const auto list = records(result, what);
    if (!list)
        return list.error();
    QVector<ProductData> out;
    out.reserve(list->size());
    for (const QJsonObject &r : *list) {
        ProductData p;
        p.peerId = QString::number(recordId(r.value(QLatin1String("id"))));
        p.sku = text(r.value(QLatin1String("default_code")));
        p.updatedAt = parseDatetime(r.value(QLatin1String("write_date")));
        for (const QString &name : canonical) {
            const auto it = mappings().constFind(name);
            if (it == mappings().cend() || !r.contains(it->odoo))
                continue;
            const QJsonValue v = r.value(it->odoo);
            switch (it->kind) {
            case Kind::Text: p.fields.insert(name, text(v)); break;
            case Kind::Number: p.fields.insert(name, v.toDouble()); break;
            case Kind::Boolean: p.fields.insert(name, v.toBool()); break;
            }
        }
        out.append(std::move(p));
    }
    return out;
}

Result<QJsonObject> productValues(const QVariantMap &canonical, const QString &what)
{
    QJsonObject out;
    for (auto it = canonical.cbegin(); it != canonical.cend(); ++it) {
        const auto m = mappings().constFind(it.key());
        if (m == mappings().cend()) {
            return Error::config(QStringLiteral("odoo.unmapped_field"),
                                 QStringLiteral("%1: Odoo products have no field for \"%2\": remove it from the fields "
                                                "the ERP receives.")
                                     .arg(what, it.key()));
        }
        const QVariant &v = it.value();
        switch (m->kind) {
        case Kind::Text: {
            const QString s = v.toString();
            out.insert(m->odoo, s.isEmpty() && m->odoo != QLatin1String("name") ? QJsonValue(false) : QJsonValue(s));
            break;
        }
        case Kind::Number: {
            bool ok = false;
            const double d = v.toDouble(&ok);
            if (!ok) {
                return Error::permanent(QStringLiteral("odoo.bad_value"),
                                        QStringLiteral("%1: \"%2\" is not a number for %3.")
                                            .arg(what, v.toString(), it.key()));
            }
            out.insert(m->odoo, d);
            break;
        }
        case Kind::Boolean: out.insert(m->odoo, v.toBool()); break;
        }
    }
    return out;
}

Result<QVector<StockLevel>> parseStock(const QJsonValue &result, const QString &quantityField, const QString &what)
{
    const auto list = records(result, what);
    if (!list)
        return list.error();
    QVector<StockLevel> out;
    out.reserve(list->size());
    for (const QJsonObject &r : *list) {
        StockLevel s;
        s.sku = text(r.value(QLatin1String("default_code")));
        s.productId = QString::number(recordId(r.value(QLatin1String("id"))));
        s.quantity = r.value(quantityField).toDouble();
        out.append(s);
    }
    return out;
}

QString idList(const QVector<QJsonObject> &records)
{
    QStringList ids;
    for (const QJsonObject &r : records)
        ids << QString::number(recordId(r.value(QLatin1String("id"))));
    return ids.join(QLatin1String(", "));
}

QJsonArray inLeaf(const QString &field, const QStringList &values)
{
    return QJsonArray{field, QStringLiteral("in"), QJsonArray::fromStringList(values)};
}

QStringList distinct(const QStringList &values)
{
    QStringList out;
    QSet<QString> seen;
    for (const QString &v : values) {
        if (!v.isEmpty() && !seen.contains(v)) {
            seen.insert(v);
            out << v;
        }
    }
    return out;
}

} // namespace syncsmart::odoo
