#include "psorders.h"

#include <QCryptographicHash>

#include <algorithm>
#include <iterator>

namespace syncsmart::sim::ps {

namespace {

quint64 mix(quint64 x)
{
    x += 0x9E3779B97F4A7C15ull;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    return x ^ (x >> 31);
}

PsValue str(const QString &s)
{
    return PsValue::string(s);
}
PsValue str(const char *s)
{
    return PsValue::string(QString::fromUtf8(s));
}
PsValue num(qint64 n)
{
    return PsValue::integer(n);
}
PsValue money(qint64 microValue)
{
    return PsValue::string(formatMicro(microValue));
}

// Set a field by name on a stored object of `def`.
void put(PsObject &o, const ResourceDef &def, const char *name, PsValue v)
{
    const int f = def.indexOf(QString::fromLatin1(name));
    Q_ASSERT(f >= 0);
    o.values[size_t(f)] = std::move(v);
}

// 20 % VAT, rounded to the cent.
qint64 taxIncluded(qint64 microValue)
{
    return (microValue * 12 / 10 + 5000) / 10000 * 10000;
}

} // namespace

bool GenericTable::lookup(int field, const QStringList &values, std::vector<qint64> &ids) const
{
    if (field != 0)
        return false;
    for (const QString &v : values) {
        bool ok = false;
        const qint64 id = v.trimmed().toLongLong(&ok);
        if (ok && exists(id))
            ids.push_back(id);
    }
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    return true;
}

void GenericTable::unsortedOrder(std::vector<qint64> &ids) const
{
    PsTable::unsortedOrder(ids);
    if (m_unsorted.empty())
        return;
    // Known order first (the ids it names that still exist), then any newer rows by id.
    std::vector<qint64> out;
    for (qint64 id : m_unsorted) {
        if (exists(id))
            out.push_back(id);
    }
    for (qint64 id : ids) {
        if (std::find(m_unsorted.begin(), m_unsorted.end(), id) == m_unsorted.end())
            out.push_back(id);
    }
    ids = std::move(out);
}

qint64 GenericTable::insert(const PsObject &stored)
{
    const qint64 id = qint64(m_rows.size()) + 1;
    Row row;
    row.values = stored.values;
    row.values.resize(size_t(m_def.fields.size()));
    row.values[0] = PsValue::integer(id);
    row.assocs = stored.assocs;
    row.assocs.resize(size_t(m_def.associations.size()));
    m_rows.push_back(std::move(row));
    ++m_live;
    return id;
}

OrderBook::OrderBook(const ShopTime &time, quint64 seed)
    : m_time(time)
    , m_seed(seed)
{
    seedStates();
}

void OrderBook::seedStates()
{
    // PrestaShop 8.1's default order states; flags and names as fixture 60 shows them (the demo shop
    // left the French names untranslated); templates/colours/modules are the installer's defaults.
    struct State
    {
        const char *name;
        bool delivery, invoice, logable, shipped, paid, sendEmail;
        const char *module, *color, *templ;
    };
    const State list[] = {
        {"Awaiting check payment", 0, 0, 0, 0, 0, 1, "ps_checkpayment", "#34209E", "cheque"},
        {"Payment accepted", 0, 1, 1, 0, 1, 1, "", "#3498D8", "payment"},
        {"Processing in progress", 1, 1, 1, 0, 1, 1, "", "#3498D8", "preparation"},
        {"Shipped", 1, 1, 1, 1, 1, 1, "", "#01b887", "shipped"},
        {"Delivered", 1, 1, 1, 1, 1, 0, "", "#01b887", ""},
        {"Canceled", 0, 0, 0, 0, 0, 1, "", "#2C3E50", "order_canceled"},
        {"Refunded", 0, 1, 0, 0, 0, 1, "", "#ED2B09", "refund"},
        {"Payment error", 0, 0, 0, 0, 0, 1, "", "#ED2B09", "payment_error"},
        {"On backorder (paid)", 0, 1, 0, 0, 1, 1, "", "#3498D8", "outofstock"},
        {"Awaiting bank wire payment", 0, 0, 0, 0, 0, 1, "ps_wirepayment", "#34209E", "bankwire"},
        {"Remote payment accepted", 0, 1, 1, 0, 1, 1, "", "#3498D8", "payment"},
        {"On backorder (not paid)", 0, 0, 0, 0, 0, 1, "", "#34209E", "outofstock"},
        {"Awaiting Cash On Delivery validation", 0, 0, 0, 0, 0, 1, "ps_cashondelivery", "#34209E",
         "cod_validation"},
    };
    const ResourceDef &def = orderStatesDef();
    auto flag = [](bool b) { return str(b ? "1" : "0"); };
    for (const State &s : list) {
        PsObject o = blankStored(def);
        put(o, def, "unremovable", flag(true));
        put(o, def, "delivery", flag(s.delivery));
        put(o, def, "hidden", flag(false));
        put(o, def, "send_email", flag(s.sendEmail));
        put(o, def, "module_name", str(s.module));
        put(o, def, "invoice", flag(s.invoice));
        put(o, def, "color", str(s.color));
        put(o, def, "logable", flag(s.logable));
        put(o, def, "shipped", flag(s.shipped));
        put(o, def, "paid", flag(s.paid));
        put(o, def, "pdf_delivery", flag(s.shipped));
        put(o, def, "pdf_invoice", flag(s.invoice && s.paid));
        put(o, def, "deleted", flag(false));
        put(o, def, "name", PsValue::langs(QString::fromUtf8(s.name), QString::fromUtf8(s.name)));
        put(o, def, "template", PsValue::langs(QString::fromUtf8(s.templ), QString::fromUtf8(s.templ)));
        states.insert(o);
    }
    // Without sort=, the real list came back as 2..9, 11..13, 1, 10 (fixture 61).
    states.setUnsortedOrder({2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13, 1, 10});

    // The two languages every multilingual value of the simulator has (kLanguageCount).
    const ResourceDef &lang = languagesDef();
    const struct { const char *name, *iso, *locale; } langs[] = {{"English (English)", "en", "en-US"},
                                                                  {"Français (French)", "fr", "fr-FR"}};
    static_assert(std::size(langs) == kLanguageCount);
    for (const auto &l : langs) {
        PsObject o = blankStored(lang);
        put(o, lang, "name", str(QString::fromUtf8(l.name)));
        put(o, lang, "iso_code", str(l.iso));
        put(o, lang, "locale", str(l.locale));
        put(o, lang, "language_code", str(QByteArray(l.locale).toLower().constData()));
        put(o, lang, "active", str("1"));
        put(o, lang, "is_rtl", str("0"));
        put(o, lang, "date_format_lite", str(l.iso == QByteArray("en") ? "m/d/Y" : "d/m/Y"));
        put(o, lang, "date_format_full", str(l.iso == QByteArray("en") ? "m/d/Y H:i:s" : "d/m/Y H:i:s"));
        languages.insert(o);
    }
}

std::optional<qint64> OrderBook::customerByEmail(const QString &email) const
{
    const auto it = m_customerByEmail.constFind(email.trimmed().toLower());
    if (it == m_customerByEmail.cend())
        return std::nullopt;
    return *it;
}

std::optional<qint64> OrderBook::orderByReference(const QString &reference) const
{
    const auto it = m_orderByReference.constFind(reference.toUpper());
    if (it == m_orderByReference.cend())
        return std::nullopt;
    return *it;
}

QStringList OrderBook::customerEmails() const
{
    QStringList out;
    const int f = customers.field("email");
    for (qint64 id = 1; id <= customers.maxId(); ++id) {
        if (customers.exists(id))
            out.append(customers.at(id, f).text);
    }
    return out;
}

QString OrderBook::secureKeyFor(const QString &email) const
{
    return QString::fromLatin1(
        QCryptographicHash::hash(QByteArray::number(m_seed) + email.toUtf8(), QCryptographicHash::Md5)
            .toHex());
}

QString OrderBook::passwordHashFor(const QString &email) const
{
    // Shaped like PHP's password_hash() output; nobody logs in to the simulated shop.
    const QByteArray digest = QCryptographicHash::hash("pw" + email.toUtf8(), QCryptographicHash::Sha256)
                                  .toBase64(QByteArray::Base64UrlEncoding);
    return QStringLiteral("$2y$10$") +
           QString::fromLatin1(digest.left(53)).replace(QLatin1Char('-'), QLatin1Char('.'));
}

qint64 OrderBook::createCustomer(const QString &email, const QString &firstName, const QString &lastName,
                                 qint64 nowUtc)
{
    const ResourceDef &def = customersDef();
    const QString now = m_time.format(nowUtc);
    PsObject o = blankStored(def);
    put(o, def, "id_default_group", num(3));
    put(o, def, "id_lang", num(1));
    put(o, def, "last_passwd_gen", str(now));
    put(o, def, "secure_key", str(secureKeyFor(email)));
    put(o, def, "passwd", str(passwordHashFor(email)));
    put(o, def, "lastname", str(lastName));
    put(o, def, "firstname", str(firstName));
    put(o, def, "email", str(email));
    put(o, def, "active", str("1"));
    put(o, def, "id_shop", num(1));
    put(o, def, "id_shop_group", num(1));
    put(o, def, "date_add", str(now));
    put(o, def, "date_upd", str(now));
    o.assocs[0] = AssocList{AssocEntry{{num(3)}}};
    return insertCustomer(o);
}

qint64 OrderBook::insertCustomer(const PsObject &stored)
{
    const qint64 id = customers.insert(stored);
    const QString key = customers.at(id, customers.field("email")).text.trimmed().toLower();
    if (!m_customerByEmail.contains(key))
        m_customerByEmail.insert(key, id);
    return id;
}

void OrderBook::reindexCustomer(qint64 id, const QString &oldEmail)
{
    const QString oldKey = oldEmail.trimmed().toLower();
    if (m_customerByEmail.value(oldKey) == id)
        m_customerByEmail.remove(oldKey);
    const QString key = customers.at(id, customers.field("email")).text.trimmed().toLower();
    if (!m_customerByEmail.contains(key))
        m_customerByEmail.insert(key, id);
}

QString OrderBook::newReference()
{
    // Order::generateReference(): 9 upper-case letters.
    for (;;) {
        quint64 h = mix(m_seed ^ mix(++m_referenceCounter));
        QString ref;
        for (int i = 0; i < 9; ++i) {
            ref.append(QChar(u'A' + char16_t(h % 26)));
            h = mix(h);
        }
        if (!m_orderByReference.contains(ref))
            return ref;
    }
}

qint64 OrderBook::createOrder(qint64 customerId, const QList<OrderLineInput> &lines, qint64 nowUtc)
{
    const ResourceDef &def = ordersDef();
    const QString now = m_time.format(nowUtc);
    const QString reference = newReference();
    qint64 products = 0, productsWt = 0;
    for (const OrderLineInput &l : lines) {
        products += l.unitPriceMicro * l.quantity;
        productsWt += taxIncluded(l.unitPriceMicro) * l.quantity;
    }
    const qint64 shipping = 7000000, shippingWt = 8400000; // the demo carrier's flat rate, 20 % VAT
    PsObject o = blankStored(def);
    const qint64 nextId = orders.maxId() + 1;
    put(o, def, "id_address_delivery", num(customerId)); // one (not emulated) address per customer
    put(o, def, "id_address_invoice", num(customerId));
    put(o, def, "id_cart", num(nextId));
    put(o, def, "id_currency", num(1));
    put(o, def, "id_lang", num(1));
    put(o, def, "id_customer", num(customerId));
    put(o, def, "id_carrier", num(2));
    put(o, def, "current_state", num(1));
    put(o, def, "module", str("ps_checkpayment"));
    put(o, def, "date_add", str(now));
    put(o, def, "date_upd", str(now));
    put(o, def, "id_shop_group", num(1));
    put(o, def, "id_shop", num(1));
    put(o, def, "secure_key", customers.at(customerId, customers.field("secure_key")));
    put(o, def, "payment", str("Payment by check"));
    put(o, def, "total_paid", money(productsWt + shippingWt));
    put(o, def, "total_paid_tax_incl", money(productsWt + shippingWt));
    put(o, def, "total_paid_tax_excl", money(products + shipping));
    put(o, def, "total_products", money(products));
    put(o, def, "total_products_wt", money(productsWt));
    put(o, def, "total_shipping", money(shippingWt));
    put(o, def, "total_shipping_tax_incl", money(shippingWt));
    put(o, def, "total_shipping_tax_excl", money(shipping));
    put(o, def, "carrier_tax_rate", PsValue::string(formatMicro(20000000, 3)));
    put(o, def, "conversion_rate", money(1000000));
    put(o, def, "reference", str(reference));
    const qint64 orderId = orders.insert(o);
    m_orderByReference.insert(reference, orderId);

    const ResourceDef &ddef = orderDetailsDef();
    AssocList rows;
    for (const OrderLineInput &l : lines) {
        PsObject d = blankStored(ddef);
        const qint64 unitWt = taxIncluded(l.unitPriceMicro);
        put(d, ddef, "id_order", num(orderId));
        put(d, ddef, "product_id", num(l.productId));
        put(d, ddef, "product_attribute_id", num(l.combinationId));
        put(d, ddef, "id_shop", num(1));
        put(d, ddef, "product_name", str(l.name));
        put(d, ddef, "product_quantity", num(l.quantity));
        put(d, ddef, "product_quantity_in_stock", num(std::clamp<qint64>(l.stockBefore, 0, l.quantity)));
        put(d, ddef, "product_price", money(l.unitPriceMicro));
        put(d, ddef, "product_ean13", str(l.ean13));
        put(d, ddef, "product_reference", str(l.reference));
        put(d, ddef, "product_weight", money(l.weightMicro));
        put(d, ddef, "unit_price_tax_incl", money(unitWt));
        put(d, ddef, "unit_price_tax_excl", money(l.unitPriceMicro));
        put(d, ddef, "total_price_tax_incl", money(unitWt * l.quantity));
        put(d, ddef, "total_price_tax_excl", money(l.unitPriceMicro * l.quantity));
        put(d, ddef, "original_product_price", money(l.unitPriceMicro));
        put(d, ddef, "original_wholesale_price", money(l.wholesaleMicro));
        const qint64 detailId = details.insert(d);
        rows.append(AssocEntry{{num(detailId), num(l.productId), num(l.combinationId), num(l.quantity),
                                str(l.name), str(l.reference), str(l.ean13), str(""), str(""),
                                money(l.unitPriceMicro), num(0), money(unitWt), money(l.unitPriceMicro)}});
    }
    orders.setAssoc(orderId, 0, rows);

    const ResourceDef &hdef = orderHistoriesDef();
    PsObject h = blankStored(hdef);
    put(h, hdef, "id_order_state", num(1));
    put(h, hdef, "id_order", num(orderId));
    put(h, hdef, "date_add", str(now));
    histories.insert(h);
    return orderId;
}

qint64 OrderBook::changeState(qint64 orderId, qint64 stateId, qint64 employeeId, qint64 nowUtc)
{
    const ResourceDef &hdef = orderHistoriesDef();
    const QString now = m_time.format(nowUtc);
    PsObject h = blankStored(hdef);
    put(h, hdef, "id_employee", num(employeeId));
    put(h, hdef, "id_order_state", num(stateId));
    put(h, hdef, "id_order", num(orderId));
    put(h, hdef, "date_add", str(now));
    const qint64 historyId = histories.insert(h);

    orders.set(orderId, orders.field("current_state"), num(stateId));
    orders.set(orderId, orders.field("date_upd"), str(now));
    if (states.exists(stateId)) {
        auto flag = [&](const char *name) {
            return states.at(stateId, states.field(name)).text == QLatin1String("1");
        };
        if (flag("logable"))
            orders.set(orderId, orders.field("valid"), str("1"));
        // A state with invoice=1 numbers the invoice, one with delivery=1 the delivery slip.
        if (flag("invoice") && orders.at(orderId, orders.field("invoice_number")).number == 0) {
            orders.set(orderId, orders.field("invoice_number"), num(++m_invoiceNumber));
            orders.set(orderId, orders.field("invoice_date"), str(now));
        }
        if (flag("delivery") && orders.at(orderId, orders.field("delivery_number")).number == 0) {
            orders.set(orderId, orders.field("delivery_number"), num(++m_deliveryNumber));
            orders.set(orderId, orders.field("delivery_date"), str(now));
        }
    }
    return historyId;
}

} // namespace syncsmart::sim::ps
