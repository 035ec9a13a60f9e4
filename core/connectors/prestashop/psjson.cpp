#include "connectors/prestashop/psjson.h"

#include "common/datetext.h"
#include "connectors/prestashop/pserrors.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>

#include <cmath>

namespace syncsmart::ps {

namespace {

const QString kDateFormat = QStringLiteral("yyyy-MM-dd HH:mm:ss");

// Raw control characters never come out of PHP's json_encode: a body holding some was damaged
// on the way (or a module printed into it); QJsonDocument would accept some of them silently.
qsizetype firstControlCharacter(const QByteArray &body)
{
    for (qsizetype i = 0; i < body.size(); ++i) {
        const auto c = static_cast<unsigned char>(body.at(i));
        if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
            return i;
    }
    return -1;
}

Result<QJsonDocument> parseDocument(const QByteArray &body, const QString &what)
{
    if (const qsizetype at = firstControlCharacter(body); at >= 0)
        return badBodyError(what,
                            QStringLiteral("a control character (0x%1) at byte %2, which JSON may not carry")
                                .arg(int(static_cast<unsigned char>(body.at(at))), 2, 16, QLatin1Char('0'))
                                .arg(at));
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &error);
    if (error.error != QJsonParseError::NoError) {
        const bool cut = error.offset >= body.trimmed().size() - 1 ||
                         error.error == QJsonParseError::UnterminatedObject ||
                         error.error == QJsonParseError::UnterminatedArray ||
                         error.error == QJsonParseError::UnterminatedString;
        return badBodyError(what, QStringLiteral("%1 JSON: %2 at byte %3 of %4")
                                      .arg(cut ? QStringLiteral("truncated") : QStringLiteral("malformed"),
                                           error.errorString())
                                      .arg(error.offset)
                                      .arg(body.size()));
    }
    return doc;
}

// A combination id as the shop gives it; "0" (the product itself) when it gives none.
QString combinationId(const QJsonValue &value)
{
    const QString id = text(value);
    return id.isEmpty() ? QStringLiteral("0") : id;
}

} // namespace

std::optional<FieldMapping> mappingFor(const QString &canonicalField)
{
    using K = FieldMapping::Kind;
    static const QVector<FieldMapping> table{
        {field::Price, QStringLiteral("price"), K::Decimal},
        {field::Cost, QStringLiteral("wholesale_price"), K::Decimal},
        {field::Ean13, QStringLiteral("ean13"), K::Text},
        {field::Weight, QStringLiteral("weight"), K::Decimal},
        {field::Active, QStringLiteral("active"), K::Bool},
        {field::Name, QStringLiteral("name"), K::Multilingual},
        {field::Description, QStringLiteral("description"), K::Multilingual},
        {field::DescriptionShort, QStringLiteral("description_short"), K::Multilingual},
        {field::MetaTitle, QStringLiteral("meta_title"), K::Multilingual},
        {field::MetaDescription, QStringLiteral("meta_description"), K::Multilingual},
        {field::LinkRewrite, QStringLiteral("link_rewrite"), K::Multilingual},
    };
    for (const FieldMapping &m : table) {
        if (m.canonical == canonicalField)
            return m;
    }
    return std::nullopt;
}

Error unknownFieldError(const QString &where, const QString &canonicalField)
{
    return Error::config(QStringLiteral("prestashop.unknown_field"),
                         QStringLiteral("%1: the field \"%2\" has no PrestaShop counterpart; remove it from "
                                        "the profile's field mapping.")
                             .arg(where, canonicalField));
}

Result<QStringList> psFieldNames(const QStringList &canonicalFields)
{
    QStringList out;
    for (const QString &f : canonicalFields) {
        const auto m = mappingFor(f);
        if (!m)
            return unknownFieldError(QStringLiteral("PrestaShop"), f);
        if (!out.contains(m->psName))
            out.append(m->psName);
    }
    return out;
}

QDateTime shopLocalToUtc(const QString &text, const QTimeZone &shopZone)
{
    if (text.isEmpty() || text.startsWith(QLatin1String("0000-00-00")))
        return {};
    const QDateTime naive = naiveUtc(text);
    if (!naive.isValid())
        return {};
    const QTimeZone zone = shopZone.isValid() ? shopZone : QTimeZone::utc();
    // The common case: one offset for a whole day around the text, so exactly one reading.
    const int dayBefore = zone.offsetFromUtc(naive.addSecs(-86400));
    if (dayBefore == zone.offsetFromUtc(naive.addSecs(86400)) && dayBefore == zone.offsetFromUtc(naive))
        return naive.addSecs(-dayBefore);
    // The naive text read as UTC, then each offset the zone uses around it: an instant whose offset
    // is the one assumed is a reading of the text. In a backward DST change two are (02:30 in Paris
    // on 2026-10-25 is 00:30Z and 01:30Z): take the EARLIER, so an updatedAt is never later than the
    // truth (a cursor built on it can only re-read, never skip).
    QDateTime best;
    for (const qint64 probe : {-86400, -3 * 3600, 0, 3 * 3600, 86400}) {
        const int offset = zone.offsetFromUtc(naive.addSecs(probe));
        const QDateTime candidate = naive.addSecs(-offset);
        if (zone.offsetFromUtc(candidate) == offset && (!best.isValid() || candidate < best))
            best = candidate;
    }
    if (best.isValid())
        return best;
    QDateTime local(naive.date(), naive.time(), zone); // in a forward gap (never written by the shop): Qt's reading
    return local.toUTC();
}

QDateTime cappedUpdatedAt(const QDateTime &at, const QDateTime &untilUtc, const QDateTime &passStartedUtc)
{
    QDateTime out = at;
    if (out.isValid() && untilUtc.isValid() && out > untilUtc)
        out = untilUtc;
    if (out.isValid() && passStartedUtc.isValid() && out > passStartedUtc)
        out = passStartedUtc;
    return out;
}

QString utcToShopLocal(const QDateTime &utc, const QTimeZone &shopZone)
{
    return utc.toTimeZone(shopZone.isValid() ? shopZone : QTimeZone::utc()).toString(kDateFormat);
}

QString shopLocalBound(const QDateTime &utc, const QTimeZone &shopZone, bool lower)
{
    const QTimeZone zone = shopZone.isValid() ? shopZone : QTimeZone::utc();
    const int before = zone.offsetFromUtc(utc.addSecs(-2 * 3600));
    const int after = zone.offsetFromUtc(utc.addSecs(2 * 3600));
    const qint64 repeated = before > after ? before - after : 0;
    return utcToShopLocal(utc.addSecs(lower ? -repeated : repeated), zone);
}

QString nextSecond(const QString &localText)
{
    const QDateTime naive = naiveUtc(localText); // naive arithmetic: no DST jump between the two texts
    return naive.addSecs(1).toString(kDateFormat);
}

QString text(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::String:
        return value.toString();
    case QJsonValue::Double: {
        const double d = value.toDouble();
        if (d == std::floor(d) && std::fabs(d) < 9e15)
            return QString::number(qint64(d));
        return QString::number(d, 'g', 15);
    }
    case QJsonValue::Bool:
        return value.toBool() ? QStringLiteral("1") : QStringLiteral("0");
    default:
        return {};
    }
}

double decimal(const QJsonValue &value)
{
    if (value.isDouble())
        return value.toDouble();
    bool ok = false;
    const double d = QLocale::c().toDouble(text(value).trimmed(), &ok);
    return ok ? d : 0.0;
}

bool flag(const QJsonValue &value)
{
    if (value.isBool())
        return value.toBool();
    if (value.isDouble())
        return value.toDouble() != 0;
    const QString t = text(value).trimmed();
    return !t.isEmpty() && t != QLatin1String("0") &&
           t.compare(QLatin1String("false"), Qt::CaseInsensitive) != 0;
}

qint64 integer(const QJsonValue &value)
{
    if (value.isDouble())
        return qint64(value.toDouble());
    return text(value).trimmed().toLongLong();
}

Result<QVector<QJsonObject>> parseList(const QByteArray &body, const QString &resource, const QString &what)
{
    Result<QJsonDocument> doc = parseDocument(body, what);
    if (!doc)
        return doc.error();
    QVector<QJsonObject> out;
    if (doc->isArray()) {
        // An empty list is a bare [] (fixture 19); anything else in an array is unexpected.
        const QJsonArray items = doc->array();
        for (const QJsonValue &v : items) {
            if (!v.isObject())
                return badBodyError(what, QStringLiteral("a bare list holding something other than records"));
            out.append(v.toObject());
        }
        return out;
    }
    const QJsonObject root = doc->object();
    QJsonValue list = root.value(resource);
    if (list.isUndefined()) {
        // A single record under the singular name, or nothing we know.
        QString singular = resource;
        if (singular.endsWith(QLatin1String("ies")))
            singular = singular.chopped(3) + QLatin1Char('y');
        else if (singular.endsWith(QLatin1Char('s')))
            singular.chop(1);
        list = root.value(singular);
        if (list.isUndefined()) {
            if (root.isEmpty())
                return out;
            return badBodyError(what, QStringLiteral("no \"%1\" in the answer (keys: %2)")
                                          .arg(resource, root.keys().join(QLatin1Char(','))));
        }
    }
    if (list.isObject()) {
        out.append(list.toObject());
    } else if (list.isArray()) {
        const QJsonArray items = list.toArray();
        for (const QJsonValue &v : items) {
            if (!v.isObject())
                return badBodyError(what, QStringLiteral("a \"%1\" entry is not a record").arg(resource));
            out.append(v.toObject());
        }
    } else if (!list.isNull()) {
        return badBodyError(what, QStringLiteral("\"%1\" is neither a list nor a record").arg(resource));
    }
    return out;
}

Result<QJsonObject> parseSingle(const QByteArray &body, const QString &element, const QString &what)
{
    Result<QJsonDocument> doc = parseDocument(body, what);
    if (!doc)
        return doc.error();
    const QJsonValue v = doc->object().value(element);
    if (!v.isObject())
        return badBodyError(what, QStringLiteral("no \"%1\" record in the answer").arg(element));
    return v.toObject();
}

QVariantMap multilingual(const QJsonValue &value, const QStringList &languageIds)
{
    QVariantMap out;
    if (value.isArray()) {
        const QJsonArray items = value.toArray();
        for (const QJsonValue &item : items) {
            const QJsonObject o = item.toObject();
            const QString lang = text(o.value(QStringLiteral("id")));
            if (lang.isEmpty() || (!languageIds.isEmpty() && !languageIds.contains(lang)))
                continue;
            out.insert(lang, text(o.value(QStringLiteral("value"))));
        }
    } else if (value.isObject()) {
        // {"language": [...]} or {"language": {...}}: the XML shape translated by some proxies.
        const QJsonValue inner = value.toObject().value(QStringLiteral("language"));
        return multilingual(inner.isArray() ? inner : QJsonValue(QJsonArray{inner}), languageIds);
    } else if (!value.isUndefined() && !value.isNull()) {
        // Collapsed by language=N (fixture 26): the one language asked for.
        out.insert(languageIds.isEmpty() ? QStringLiteral("1") : languageIds.first(), text(value));
    }
    return out;
}

ProductData productFromJson(const QJsonObject &o, const QStringList &canonicalFields,
                            const QStringList &languageIds, const QTimeZone &shopZone)
{
    ProductData p;
    p.peerId = text(o.value(QStringLiteral("id")));
    p.sku = text(o.value(QStringLiteral("reference")));
    p.updatedAt = shopLocalToUtc(text(o.value(QStringLiteral("date_upd"))), shopZone);
    for (const QString &f : canonicalFields) {
        const auto m = mappingFor(f);
        if (!m)
            continue;
        const QJsonValue v = o.value(m->psName);
        switch (m->kind) {
        case FieldMapping::Kind::Decimal:
            p.fields.insert(f, decimal(v));
            break;
        case FieldMapping::Kind::Bool:
            p.fields.insert(f, flag(v));
            break;
        case FieldMapping::Kind::Text:
            p.fields.insert(f, text(v));
            break;
        case FieldMapping::Kind::Multilingual:
            p.fields.insert(f, multilingual(v, languageIds));
            break;
        }
    }
    return p;
}

StockLevel stockFromJson(const QJsonObject &o)
{
    StockLevel s;
    s.stockId = text(o.value(QStringLiteral("id")));
    s.productId = text(o.value(QStringLiteral("id_product")));
    s.combinationId = combinationId(o.value(QStringLiteral("id_product_attribute")));
    s.quantity = decimal(o.value(QStringLiteral("quantity")));
    return s;
}

OrderLine orderLineFromJson(const QJsonObject &row)
{
    OrderLine line;
    line.sku = text(row.value(QStringLiteral("product_reference")));
    line.productId = text(row.value(QStringLiteral("product_id")));
    line.combinationId = combinationId(row.value(QStringLiteral("product_attribute_id")));
    line.name = text(row.value(QStringLiteral("product_name")));
    line.quantity = decimal(row.value(QStringLiteral("product_quantity")));
    line.unitPriceTaxExcl = decimal(row.value(QStringLiteral("unit_price_tax_excl")));
    return line;
}

ShopOrder orderFromJson(const QJsonObject &o, const QTimeZone &shopZone)
{
    ShopOrder order;
    order.id = text(o.value(QStringLiteral("id")));
    order.reference = text(o.value(QStringLiteral("reference")));
    order.currentState = text(o.value(QStringLiteral("current_state")));
    order.createdAt = shopLocalToUtc(text(o.value(QStringLiteral("date_add"))), shopZone);
    order.updatedAt = shopLocalToUtc(text(o.value(QStringLiteral("date_upd"))), shopZone);
    order.customer.id = text(o.value(QStringLiteral("id_customer")));
    order.totalShippingTaxExcl = decimal(o.value(QStringLiteral("total_shipping_tax_excl")));
    order.totalDiscountsTaxExcl = decimal(o.value(QStringLiteral("total_discounts_tax_excl")));
    order.totalPaidTaxIncl = decimal(o.value(QStringLiteral("total_paid_tax_incl")));
    const QJsonValue rows =
        o.value(QStringLiteral("associations")).toObject().value(QStringLiteral("order_rows"));
    const QJsonArray list = rows.isArray()    ? rows.toArray()
                            : rows.isObject() ? QJsonArray{rows}
                                              : QJsonArray{};
    for (const QJsonValue &row : list)
        order.lines.append(orderLineFromJson(row.toObject()));
    return order;
}

OrderCustomer customerFromJson(const QJsonObject &o)
{
    OrderCustomer c;
    c.id = text(o.value(QStringLiteral("id")));
    c.email = text(o.value(QStringLiteral("email")));
    c.firstName = text(o.value(QStringLiteral("firstname")));
    c.lastName = text(o.value(QStringLiteral("lastname")));
    c.company = text(o.value(QStringLiteral("company")));
    return c;
}

} // namespace syncsmart::ps
