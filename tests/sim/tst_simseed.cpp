// The seeded catalog is the answer key of reconciliation tests: it must be deterministic, and its
// list of expected differences must be exactly what the two views disagree on.
#include "common/jsonwriter.h"
#include "common/seed.h"
#include "common/simhttp.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QSet>
#include <QTest>

using namespace syncsmart::sim;

class TestSimSeed : public QObject
{
    Q_OBJECT

private slots:
    void sameSeedSameCatalogOtherSeedOtherValues();
    void expectedDivergenceIsExactlyWhatTheViewsDisagreeOn();
    void divergenceSharesAreRoughlyRespected();
    void duplicatesReuseAgreeingSkusOnce();
    void eansAreValidAndUnique();
    void textsAreDerivedPerLanguage();
    void jsonWriterCopiesPhpAndPythonBytes();
    void queriesDecodeLikePhp();
};

namespace {

SeedSpec divergent(qint64 products)
{
    SeedSpec spec;
    spec.products = products;
    spec.seed = 7;
    spec.divergence.missingInShop = 0.02;
    spec.divergence.missingInErp = 0.03;
    spec.divergence.fieldMismatch = 0.05;
    spec.divergence.stockMismatch = 0.04;
    spec.divergence.duplicateSkusShop = 3;
    spec.divergence.duplicateSkusErp = 2;
    return spec;
}

QString fieldValue(const SeedProduct &p, const QString &field)
{
    if (field == QLatin1String("price"))
        return formatDecimal(p.price, 2);
    if (field == QLatin1String("weight"))
        return formatDecimal(p.weight, 3);
    if (field == QLatin1String("ean13"))
        return p.ean13;
    return p.name;
}

} // namespace

void TestSimSeed::sameSeedSameCatalogOtherSeedOtherValues()
{
    const SeedCatalog a(divergent(500)), b(divergent(500));
    SeedSpec other = divergent(500);
    other.seed = 8;
    const SeedCatalog c(other);
    int differentPrices = 0;
    for (qint64 i = 0; i < 500; ++i) {
        QCOMPARE(a.shopView(i).price, b.shopView(i).price);
        QCOMPARE(a.erpView(i).name, b.erpView(i).name);
        QCOMPARE(a.description(i, 2), b.description(i, 2));
        QCOMPARE(a.sku(i), c.sku(i)); // SKUs are the same whatever the seed
        differentPrices += a.erpView(i).price != c.erpView(i).price ? 1 : 0;
    }
    QVERIFY(differentPrices > 400);
    QCOMPARE(a.expectedDivergence(), b.expectedDivergence());
}

void TestSimSeed::expectedDivergenceIsExactlyWhatTheViewsDisagreeOn()
{
    const SeedCatalog seed(divergent(5000));
    const QJsonObject expected = seed.expectedDivergence();
    QSet<QString> missingInShop, missingInErp, fieldSkus, stockSkus;
    for (const QJsonValue &v : expected.value(QStringLiteral("missingInShop")).toArray())
        missingInShop.insert(v.toString());
    for (const QJsonValue &v : expected.value(QStringLiteral("missingInErp")).toArray())
        missingInErp.insert(v.toString());
    QHash<QString, QJsonObject> fields;
    for (const QJsonValue &v : expected.value(QStringLiteral("fieldMismatches")).toArray())
        fields.insert(v.toObject().value(QStringLiteral("sku")).toString(), v.toObject());
    for (const QJsonValue &v : expected.value(QStringLiteral("stockMismatches")).toArray())
        stockSkus.insert(v.toObject().value(QStringLiteral("sku")).toString());

    // Recompute every difference from the two views, independently of the expectation list.
    for (qint64 i = 0; i < seed.size(); ++i) {
        const QString sku = seed.sku(i);
        const Presence presence = seed.presence(i);
        QCOMPARE(missingInShop.contains(sku), presence == Presence::ErpOnly);
        QCOMPARE(missingInErp.contains(sku), presence == Presence::ShopOnly);
        if (presence != Presence::Both)
            continue;
        const SeedProduct shop = seed.shopView(i), erp = seed.erpView(i);
        QStringList differing;
        for (const QString &field : {QStringLiteral("price"), QStringLiteral("weight"), QStringLiteral("ean13"),
                                    QStringLiteral("name")}) {
            if (fieldValue(shop, field) != fieldValue(erp, field))
                differing << field;
        }
        QVERIFY2(differing.size() <= 1, qPrintable(sku));
        QCOMPARE(fields.contains(sku), !differing.isEmpty());
        if (!differing.isEmpty()) {
            const QJsonObject m = fields.value(sku);
            QCOMPARE(m.value(QStringLiteral("field")).toString(), differing.first());
            QCOMPARE(m.value(QStringLiteral("shop")).toString(), fieldValue(shop, differing.first()));
            QCOMPARE(m.value(QStringLiteral("erp")).toString(), fieldValue(erp, differing.first()));
        }
        QCOMPARE(stockSkus.contains(sku), shop.stock != erp.stock);
        QVERIFY(!(stockSkus.contains(sku) && fields.contains(sku)));
    }
}

void TestSimSeed::divergenceSharesAreRoughlyRespected()
{
    const SeedCatalog seed(divergent(20000));
    const QJsonObject counts = seed.expectedDivergence().value(QStringLiteral("counts")).toObject();
    auto near = [](int count, double expected) { return std::abs(count - expected) < expected * 0.2 + 5; };
    QVERIFY(near(counts.value(QStringLiteral("missingInShop")).toInt(), 400));
    QVERIFY(near(counts.value(QStringLiteral("missingInErp")).toInt(), 600));
    QVERIFY(near(counts.value(QStringLiteral("fieldMismatches")).toInt(), 1000));
    QVERIFY(near(counts.value(QStringLiteral("stockMismatches")).toInt(), 800));
}

void TestSimSeed::duplicatesReuseAgreeingSkusOnce()
{
    const SeedCatalog seed(divergent(1000));
    QCOMPARE(seed.duplicatedOnShop().size(), 3);
    QCOMPARE(seed.duplicatedOnErp().size(), 2);
    QSet<qint64> all;
    for (qint64 i : seed.duplicatedOnShop() + seed.duplicatedOnErp()) {
        QVERIFY2(!all.contains(i), "a SKU is duplicated on one side only, once");
        all.insert(i);
        QVERIFY(seed.presence(i) == Presence::Both);
        QVERIFY(!seed.mismatch(i).has_value());
        QVERIFY(!seed.hasStockMismatch(i));
    }
}

void TestSimSeed::eansAreValidAndUnique()
{
    const SeedCatalog seed(divergent(3000));
    QSet<QString> seen;
    for (qint64 i = 0; i < seed.size(); ++i) {
        const QString ean = seed.erpView(i).ean13;
        QCOMPARE(ean.size(), 13);
        int sum = 0;
        for (int d = 0; d < 12; ++d)
            sum += ean.at(d).digitValue() * (d % 2 == 0 ? 1 : 3);
        QCOMPARE(ean.at(12).digitValue(), (10 - sum % 10) % 10);
        QVERIFY(!seen.contains(ean));
        seen.insert(ean);
    }
}

void TestSimSeed::textsAreDerivedPerLanguage()
{
    const SeedCatalog seed(divergent(10));
    QVERIFY(seed.name(3, 1) != seed.name(3, 2));
    QVERIFY(seed.name(3, 1).endsWith(QLatin1String("000004")));
    QVERIFY(seed.description(3, 1).startsWith(QLatin1String("<p>")));
    QVERIFY(seed.description(3, 1).size() > 200);
    QVERIFY(!seed.linkRewrite(3, 2).contains(QLatin1Char(' ')));
}

void TestSimSeed::jsonWriterCopiesPhpAndPythonBytes()
{
    JsonWriter php(JsonWriter::Style::Php);
    php.beginObject().key("price").value(QStringLiteral("23.900000")).key("id").value(20).key("html")
        .value(QStringLiteral("<p>thé</p>")).key("list").beginArray().endArray().endObject();
    QCOMPARE(php.take(), QByteArray("{\"price\":\"23.900000\",\"id\":20,\"html\":\"<p>th\xc3\xa9<\\/p>\",\"list\":[]}"));

    JsonWriter py(JsonWriter::Style::Python);
    py.beginObject().key("jsonrpc").value("2.0").key("id").value(17).key("result").beginArray()
        .value(12.5).value(0.0).value(1e-05).value(QStringLiteral("thé")).value(false).endArray().endObject();
    QCOMPARE(py.take(), QByteArray("{\"jsonrpc\": \"2.0\", \"id\": 17, \"result\": [12.5, 0.0, 1e-05, \"th\\u00e9\", false]}"));
}

void TestSimSeed::queriesDecodeLikePhp()
{
    // Clients send brackets raw or encoded and spaces as "+" or "%20"; PHP's $_GET sees the same.
    for (const QByteArray &raw : {QByteArray("filter%5Bdate_upd%5D=%3E%5B2026-12-03+10%3A00%3A00%5D&date=1"),
                                 QByteArray("filter[date_upd]=>[2026-12-03%2010:00:00]&date=1")}) {
        const QUrlQuery query = decodeQuery(raw);
        QCOMPARE(query.queryItemValue(QStringLiteral("filter[date_upd]"), QUrl::FullyDecoded),
                 QStringLiteral(">[2026-12-03 10:00:00]"));
        QCOMPARE(query.queryItemValue(QStringLiteral("date")), QStringLiteral("1"));
    }
    const QUrlQuery tricky = decodeQuery("filter%5Breference%5D=%5BA%26B%7CC%3DD%5D");
    QCOMPARE(tricky.queryItemValue(QStringLiteral("filter[reference]"), QUrl::FullyDecoded), QStringLiteral("[A&B|C=D]"));
}

QTEST_APPLESS_MAIN(TestSimSeed)
#include "tst_simseed.moc"
