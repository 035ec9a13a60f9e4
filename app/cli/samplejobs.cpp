#include "samplejobs.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

#include <algorithm>

namespace syncsmart {

namespace {

struct Product
{
    QString sku;
    int shopId = 0;
    QString name;
    double price = 0;
};

QString money(double value)
{
    return QString::number(value, 'f', 2);
}

class SampleGenerator
{
public:
    explicit SampleGenerator(QRandomGenerator &rng)
        : m_rng(rng)
    {
        const QStringList materials{QStringLiteral("Organic cotton"),
                                    QStringLiteral("Recycled wool"),
                                    QStringLiteral("Ceramic"),
                                    QStringLiteral("Bamboo"),
                                    QStringLiteral("Stainless steel"),
                                    QStringLiteral("Linen"),
                                    QStringLiteral("Walnut"),
                                    QStringLiteral("Enamel"),
                                    QStringLiteral("Borosilicate glass"),
                                    QStringLiteral("Vegetable-tanned leather")};
        const QStringList items{QStringLiteral("T-shirt"),
                                QStringLiteral("scarf"),
                                QStringLiteral("mug 350 ml"),
                                QStringLiteral("cutting board"),
                                QStringLiteral("water bottle 750 ml"),
                                QStringLiteral("tea towel"),
                                QStringLiteral("serving tray"),
                                QStringLiteral("lunch box"),
                                QStringLiteral("notebook A5"),
                                QStringLiteral("card wallet")};
        QVector<int> numbers;
        for (int n = 1000; n < 3000; ++n)
            numbers.append(n);
        std::shuffle(numbers.begin(), numbers.end(), m_rng);
        numbers.removeAll(1042);
        numbers.prepend(1042); // the one the documentation talks about
        for (int i = 0; i < 120; ++i) {
            Product p;
            p.sku = QStringLiteral("SKU-%1").arg(numbers.at(i));
            p.shopId = 200 + i * 3 + int(m_rng.bounded(3));
            p.name = QStringLiteral("%1 %2").arg(materials.at(int(m_rng.bounded(materials.size()))),
                                                 items.at(int(m_rng.bounded(items.size()))));
            p.price = 4.9 + m_rng.bounded(1450) / 10.0;
            m_products.append(p);
        }
    }

    QVector<SampleJob> build(int total)
    {
        const int dead = std::max(3, total * 2 / 15);
        const int pending = std::max(2, total / 5);
        const int done = std::max(1, total - dead - pending);
        const int exhausted = std::max(1, dead / 4);
        QVector<SampleJob> jobs;
        for (int i = 0; i < exhausted; ++i)
            jobs.append(i % 5 < 3 ? erpTimeout() : shopUnavailable());
        for (int i = 0; i < dead - exhausted; ++i) {
            // About a third bad prices, a quarter unknown SKUs in orders, the rest spread out.
            static const char kCycle[] = "POSPVOPESPOVPEOPSVPO";
            switch (kCycle[i % 20]) {
            case 'P':
                jobs.append(invalidPrice(i == 0));
                break;
            case 'O':
                jobs.append(unknownOrderSku(i == 1));
                break;
            case 'S':
                jobs.append(unknownShopProduct());
                break;
            case 'V':
                jobs.append(invalidVat());
                break;
            default:
                jobs.append(emptyName());
                break;
            }
        }
        for (int i = 0; i < done; ++i)
            jobs.append(ordinary(i % 10 == 7 ? SampleJob::Fate::DoneAfterRetry : SampleJob::Fate::Done));
        for (int i = 0; i < pending; ++i)
            jobs.append(ordinary(i % 4 == 1 ? SampleJob::Fate::PendingRetrying : SampleJob::Fate::Pending));
        return jobs;
    }

private:
    const Product &product() { return m_products.at(int(m_rng.bounded(m_products.size()))); }

    SampleJob make(const QString &target, const QString &kind, const QString &key, const QJsonObject &payload,
                   SampleJob::Fate fate, Error error = {})
    {
        SampleJob s;
        s.job.target = target;
        s.job.kind = kind;
        s.job.payload = QJsonDocument(payload).toJson(QJsonDocument::Compact);
        const QByteArray fp =
            QCryptographicHash::hash(s.job.payload, QCryptographicHash::Sha1).toHex().left(12);
        s.job.idempotencyKey = QStringLiteral("%1:%2:%3:%4").arg(kind, key, target, QString::fromLatin1(fp));
        s.fate = fate;
        s.error = std::move(error);
        return s;
    }

    QJsonObject pricePayload(const Product &p, const QString &price)
    {
        return {{QStringLiteral("sku"), p.sku},
                {QStringLiteral("price_tax_excl"), price},
                {QStringLiteral("currency"), QStringLiteral("EUR")},
                {QStringLiteral("source"), QStringLiteral("erp")}};
    }
    QJsonObject stockPayload(const Product &p)
    {
        return {{QStringLiteral("sku"), p.sku},
                {QStringLiteral("quantity"), int(m_rng.bounded(250))},
                {QStringLiteral("warehouse"), QStringLiteral("WH/Stock")},
                {QStringLiteral("field"), QStringLiteral("free_qty")}};
    }
    QJsonObject descriptionPayload(const Product &p, const QString &name)
    {
        return {{QStringLiteral("sku"), p.sku},
                {QStringLiteral("lang"), QStringLiteral("en")},
                {QStringLiteral("name"), name},
                {QStringLiteral("description_short"),
                 QStringLiteral("<p>%1, made to last. Ships in 48 h.</p>").arg(p.name)}};
    }
    QJsonObject orderPayload(int orderId, const QString &reference, const QJsonArray &lines)
    {
        double total = 4.9;
        for (const QJsonValue &l : lines)
            total += l[QStringLiteral("qty")].toInt() * l[QStringLiteral("unit_price")].toString().toDouble();
        return {{QStringLiteral("order_id"), orderId},
                {QStringLiteral("reference"), reference},
                {QStringLiteral("customer_email"), email()},
                {QStringLiteral("lines"), lines},
                {QStringLiteral("shipping"), QStringLiteral("4.90")},
                {QStringLiteral("total_paid"), money(total)}};
    }
    QJsonObject line(const QString &sku, double price)
    {
        return {{QStringLiteral("sku"), sku},
                {QStringLiteral("qty"), 1 + int(m_rng.bounded(3))},
                {QStringLiteral("unit_price"), money(price)}};
    }
    QString reference()
    {
        QString r;
        for (int i = 0; i < 9; ++i)
            r += QChar(u'A' + m_rng.bounded(26));
        return r;
    }
    QString email()
    {
        static const QStringList first{QStringLiteral("jane"),   QStringLiteral("lucas"),
                                       QStringLiteral("amelie"), QStringLiteral("marco"),
                                       QStringLiteral("sofia"),  QStringLiteral("tom")};
        static const QStringList last{QStringLiteral("doe"),     QStringLiteral("martin"),
                                      QStringLiteral("rossi"),   QStringLiteral("garcia"),
                                      QStringLiteral("schmidt"), QStringLiteral("dubois")};
        return QStringLiteral("%1.%2%3@example.com")
            .arg(first.at(int(m_rng.bounded(first.size()))), last.at(int(m_rng.bounded(last.size()))))
            .arg(m_rng.bounded(100));
    }
    QJsonObject customerPayload(const QString &mail, const QString &vat)
    {
        const QString who =
            mail.section(QLatin1Char('@'), 0, 0).remove(QRegularExpression(QStringLiteral("\\d")));
        auto capitalised = [](QString name) { return name.left(1).toUpper() + name.mid(1); };
        QJsonObject o{{QStringLiteral("shop_customer_id"), 100 + int(m_rng.bounded(900))},
                      {QStringLiteral("email"), mail},
                      {QStringLiteral("firstname"), capitalised(who.section(QLatin1Char('.'), 0, 0))},
                      {QStringLiteral("lastname"), capitalised(who.section(QLatin1Char('.'), 1))}};
        if (!vat.isEmpty())
            o.insert(QStringLiteral("vat_number"), vat);
        return o;
    }
    static QString odooError(const QString &name, const QString &message, int id)
    {
        return QStringLiteral(
                   R"({"jsonrpc": "2.0", "id": %1, "error": {"code": 200, "message": "Odoo Server Error", )"
                   R"("data": {"name": "%2", "message": "%3"}}})")
            .arg(id)
            .arg(name, message);
    }

    SampleJob invalidPrice(bool documented)
    {
        const Product &p = documented ? m_products.first() : product();
        const QString price =
            m_rng.bounded(2) ? QStringLiteral("-%1").arg(money(p.price)) : QStringLiteral("1e+21");
        const Error e = Error::permanent(
            QStringLiteral("prestashop.validation"),
            QStringLiteral("PrestaShop refused product %1: field price is invalid (code 85)").arg(p.sku),
            {{QStringLiteral("httpStatus"), 500},
             {QStringLiteral("request"), QStringLiteral("PATCH /api/products/%1").arg(p.shopId)},
             {QStringLiteral("response"),
              QStringLiteral("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<prestashop><errors><error>"
                             "<code><![CDATA[85]]></code><message><![CDATA[Validation error: \"Property "
                             "Product->price is not valid\"]]></message></error></errors></prestashop>")}});
        return make(QStringLiteral("shop"), QStringLiteral("product.price"), p.sku, pricePayload(p, price),
                    SampleJob::Fate::DeadPermanent, e);
    }

    SampleJob unknownOrderSku(bool documented)
    {
        const int orderId = documented ? 1234 : 1100 + int(m_rng.bounded(800));
        const QString sku =
            documented ? QStringLiteral("SKU-999") : QStringLiteral("SKU-%1").arg(3000 + m_rng.bounded(999));
        const QString ref = reference();
        const Error e = Error::permanent(
            QStringLiteral("erp.unknown_sku"),
            QStringLiteral(
                "Order #%1 line %2: the ERP has no product with this SKU — create it in the ERP, then retry")
                .arg(orderId)
                .arg(sku),
            {{QStringLiteral("httpStatus"), 200},
             {QStringLiteral("order"), ref},
             {QStringLiteral("request"),
              QStringLiteral(
                  "POST /jsonrpc execute_kw product.product search_read [[\"default_code\", \"=\", \"%1\"]]")
                  .arg(sku)},
             {QStringLiteral("response"),
              QStringLiteral(R"({"jsonrpc": "2.0", "id": %1, "result": []})").arg(orderId)}});
        const Product &known = product();
        return make(QStringLiteral("erp"), QStringLiteral("order.push"), ref,
                    orderPayload(orderId, ref, {line(known.sku, known.price), line(sku, 19.9)}),
                    SampleJob::Fate::DeadPermanent, e);
    }

    SampleJob unknownShopProduct()
    {
        const Product &p = product();
        const Error e = Error::permanent(
            QStringLiteral("prestashop.not_found"),
            QStringLiteral(
                "PrestaShop has no product with reference %1: create it in the shop or correct the SKU in "
                "the ERP, then retry")
                .arg(p.sku),
            {{QStringLiteral("httpStatus"), 200},
             {QStringLiteral("request"),
              QStringLiteral("GET /api/products?filter[reference]=[%1]&display=[id]&output_format=JSON")
                  .arg(p.sku)},
             {QStringLiteral("response"), QStringLiteral("[]")}});
        return make(QStringLiteral("shop"), QStringLiteral("stock.set"), p.sku, stockPayload(p),
                    SampleJob::Fate::DeadPermanent, e);
    }

    SampleJob invalidVat()
    {
        const QString mail = email();
        const QString vat = QStringLiteral("FR%1").arg(m_rng.bounded(100000, 999999));
        const Error e = Error::permanent(
            QStringLiteral("erp.validation"),
            QStringLiteral(
                "Customer %1: the ERP refused VAT number %2 (not a valid EU VAT number) — correct it in "
                "the customer's address in the shop, then retry")
                .arg(mail, vat),
            {{QStringLiteral("httpStatus"), 200},
             {QStringLiteral("request"), QStringLiteral("POST /jsonrpc execute_kw res.partner create")},
             {QStringLiteral("response"),
              odooError(QStringLiteral("odoo.exceptions.ValidationError"),
                        QStringLiteral("The VAT number [%1] does not seem to be valid.").arg(vat), 57)}});
        return make(QStringLiteral("erp"), QStringLiteral("customer.upsert"), mail,
                    customerPayload(mail, vat), SampleJob::Fate::DeadPermanent, e);
    }

    SampleJob emptyName()
    {
        const Product &p = product();
        const Error e = Error::permanent(
            QStringLiteral("erp.validation"),
            QStringLiteral(
                "The ERP refused the name of %1: a product name cannot be empty — fill it in the shop "
                "(language en), then retry")
                .arg(p.sku),
            {{QStringLiteral("httpStatus"), 200},
             {QStringLiteral("request"), QStringLiteral("POST /jsonrpc execute_kw product.template write")},
             {QStringLiteral("response"),
              odooError(QStringLiteral("odoo.exceptions.ValidationError"),
                        QStringLiteral("Missing required value for the field 'Name' (name)"), 88)}});
        return make(QStringLiteral("erp"), QStringLiteral("product.description"), p.sku,
                    descriptionPayload(p, QString()), SampleJob::Fate::DeadPermanent, e);
    }

    SampleJob erpTimeout()
    {
        const int orderId = 1100 + int(m_rng.bounded(800));
        const QString ref = reference();
        const Product &p = product();
        const Error e = Error::transient(
            QStringLiteral("http.timeout"), QStringLiteral("ERP timed out after 30 s"),
            {{QStringLiteral("request"), QStringLiteral("POST /jsonrpc execute_kw sale.order create")},
             {QStringLiteral("timeoutMs"), 30000}});
        return make(QStringLiteral("erp"), QStringLiteral("order.push"), ref,
                    orderPayload(orderId, ref, {line(p.sku, p.price)}), SampleJob::Fate::DeadExhausted, e);
    }

    SampleJob shopUnavailable()
    {
        const Product &p = product();
        const Error e = Error::transient(
            QStringLiteral("http.503"),
            QStringLiteral("PrestaShop answered 503 Service Unavailable: the shop is in maintenance mode"),
            {{QStringLiteral("httpStatus"), 503},
             {QStringLiteral("request"),
              QStringLiteral("PATCH /api/stock_availables/%1").arg(p.shopId + 5000)},
             {QStringLiteral("response"),
              QStringLiteral(
                  "<!DOCTYPE html><html><head><title>Maintenance</title></head><body><h1>We are "
                  "currently updating our shop and will be back really soon.</h1></body></html>")}});
        return make(QStringLiteral("shop"), QStringLiteral("stock.set"), p.sku, stockPayload(p),
                    SampleJob::Fate::DeadExhausted, e);
    }

    SampleJob ordinary(SampleJob::Fate fate)
    {
        const Error shopError = Error::transient(
            QStringLiteral("http.502"), QStringLiteral("PrestaShop answered 502 Bad Gateway"),
            {{QStringLiteral("httpStatus"), 502},
             {QStringLiteral("response"), QStringLiteral("<html><head><title>502 Bad Gateway</title></head>"
                                                         "<body><center><h1>502 Bad Gateway</h1></center>"
                                                         "<hr><center>nginx</center></body></html>")}});
        const Error erpError = Error::transient(
            QStringLiteral("http.429"), QStringLiteral("The ERP is overloaded (429 Too Many Requests)"),
            {{QStringLiteral("httpStatus"), 429}, {QStringLiteral("retryAfter"), QStringLiteral("120")}});
        const Product &p = product();
        const quint32 pick = m_rng.bounded(100);
        if (pick < 30)
            return make(QStringLiteral("shop"), QStringLiteral("product.price"), p.sku,
                        pricePayload(p, money(p.price * (0.9 + m_rng.bounded(20) / 100.0))), fate, shopError);
        if (pick < 65)
            return make(QStringLiteral("shop"), QStringLiteral("stock.set"), p.sku, stockPayload(p), fate,
                        shopError);
        if (pick < 75)
            return make(QStringLiteral("erp"), QStringLiteral("product.description"), p.sku,
                        descriptionPayload(p, p.name), fate, erpError);
        if (pick < 90) {
            const QString ref = reference();
            const Product &second = product();
            return make(QStringLiteral("erp"), QStringLiteral("order.push"), ref,
                        orderPayload(1100 + int(m_rng.bounded(800)), ref,
                                     {line(p.sku, p.price), line(second.sku, second.price)}),
                        fate, erpError);
        }
        const QString mail = email();
        return make(QStringLiteral("erp"), QStringLiteral("customer.upsert"), mail,
                    customerPayload(mail, QString()), fate, erpError);
    }

    QRandomGenerator &m_rng;
    QVector<Product> m_products;
};

} // namespace

QVector<SampleJob> buildSampleJobs(QRandomGenerator &rng, int total)
{
    return SampleGenerator(rng).build(total);
}

} // namespace syncsmart
