// Handler-level tests of the PrestaShop 8.1 emulation, catalog side: what a sync client relies on
// (partial writes, stock rows, delta queries in shop-local time, SKU batches, paging) and the read quirks.

#include "psshoptesting.h"

#include <QCryptographicHash>
#include <QSet>
#include <QtTest>

using namespace syncsmart::sim;
using namespace syncsmart::sim::pstest;

class TestSimPrestashop : public QObject
{
    Q_OBJECT

private slots:
    void patchChangesOnlyTheSentField();
    void putWipesOmittedFields();
    void stockWriteDoesNotBumpDateUpd();
    void combinationStockResyncsProductRow();
    void combinationWriteKeepsProductDate();
    void costModelFields();
    void dateFilterWindowIsShopLocal();
    void referenceBatchReturnsExactlyThoseSkus();
    void duplicateSkuIsVisible();
    void sortedPagingIsCompleteWithoutRepeats();
    void deltaPagingFollowsDateThenId();
    void emptyAnswersAndFormats();
    void postWithEmptyNameIsCreatedDespite500();
    void languageCollapse();
    void conditionalGet();
    void deleteProduct();
    void hugeNumbersSaturateLikePhp();
    void deepXmlIsRefusedLikeLibxml();
    void failingSqlListsNothing();
};

void TestSimPrestashop::patchChangesOnlyTheSentField()
{
    Shop shop(smallSpec());
    const QJsonObject before = product(shop, 3);
    shop.setNowUtc(QDateTime::currentDateTimeUtc().addDays(400)); // later than any seeded date
    const SimResponse patch = shop.sim->handle(
        request("PATCH", QStringLiteral("/api/products/3"),
                {{QStringLiteral("output_format"), QStringLiteral("JSON")}},
                "<prestashop><product><id>3</id><price>99.95</price></product></prestashop>"));
    QCOMPARE(patch.status, 200);
    QVERIFY(patch.wrote);
    const QJsonObject echo = object(patch).value(QStringLiteral("product")).toObject();
    QCOMPARE(echo.value(QStringLiteral("id")).toString(), QStringLiteral("3")); // write echoes: strings
    QCOMPARE(echo.value(QStringLiteral("price")).toString(), QStringLiteral("99.95"));
    const QJsonObject after = product(shop, 3);
    QCOMPARE(after.value(QStringLiteral("price")).toString(), QStringLiteral("99.950000"));
    for (const char *kept : {"reference", "ean13", "weight", "name", "description", "link_rewrite", "active",
                             "date_add", "wholesale_price", "id_category_default"})
        QCOMPARE(after.value(QLatin1String(kept)), before.value(QLatin1String(kept)));
    QVERIFY(after.value(QStringLiteral("date_upd")).toString() >
            before.value(QStringLiteral("date_upd")).toString());
    QCOMPARE(after.value(QStringLiteral("id")).toInteger(), 3); // GET: a number
}

void TestSimPrestashop::putWipesOmittedFields()
{
    Shop shop(smallSpec());
    const SimResponse put = shop.sim->handle(request(
        "PUT", QStringLiteral("/api/products/5"), {{QStringLiteral("output_format"), QStringLiteral("JSON")}},
        "<prestashop><product><id>5</id><price>6.000000</price></product></prestashop>"));
    QCOMPARE(put.status, 200);
    const QJsonObject after = product(shop, 5);
    QCOMPARE(after.value(QStringLiteral("price")).toString(), QStringLiteral("6.000000"));
    QVERIFY(!after.contains(QStringLiteral("reference"))); // "" is dropped from a single object
    QVERIFY(!after.contains(QStringLiteral("active")));
    QCOMPARE(after.value(QStringLiteral("name"))
                 .toArray()
                 .at(0)
                 .toObject()
                 .value(QStringLiteral("value"))
                 .toString(),
             QString());
    // A PUT without the required price is refused before anything is written.
    const SimResponse noPrice = shop.sim->handle(
        request("PUT", QStringLiteral("/api/products/6"), {},
                "<prestashop><product><id>6</id><reference>X</reference></product></prestashop>"));
    QCOMPARE(noPrice.status, 400);
    QVERIFY(noPrice.body.contains("<code><![CDATA[41]]></code>"));
    QCOMPARE(product(shop, 6).value(QStringLiteral("reference")).toString(), shop.seed.sku(5));
    // Read-only fields: 400 code 93.
    const SimResponse readOnly = shop.sim->handle(
        request("PATCH", QStringLiteral("/api/products/6"), {},
                "<prestashop><product><id>6</id><quantity>4</quantity></product></prestashop>"));
    QCOMPARE(readOnly.status, 400);
    QVERIFY(readOnly.body.contains("parameter \"quantity\" not writable"));
}

void TestSimPrestashop::stockWriteDoesNotBumpDateUpd()
{
    Shop shop(smallSpec());
    const QString sku = shop.seed.sku(7);
    const SimResponse list = shop.sim->handle(
        request("GET", QStringLiteral("/api/products"),
                {{QStringLiteral("output_format"), QStringLiteral("JSON")},
                 {QStringLiteral("display"), QStringLiteral("[id,date_upd]")},
                 {QStringLiteral("filter[reference]"), QLatin1Char('[') + sku + QLatin1Char(']')}}));
    const QJsonObject row = object(list).value(QStringLiteral("products")).toArray().at(0).toObject();
    const qint64 id = row.value(QStringLiteral("id")).toInteger();
    const QJsonArray stocks = product(shop, id)
                                  .value(QStringLiteral("associations"))
                                  .toObject()
                                  .value(QStringLiteral("stock_availables"))
                                  .toArray();
    const qint64 stockId = stocks.at(stocks.size() - 1).toObject().value(QStringLiteral("id")).toInteger();
    shop.setNowUtc(QDateTime::currentDateTimeUtc().addDays(400));
    const SimResponse patch =
        shop.sim->handle(request("PATCH", QStringLiteral("/api/stock_availables/%1").arg(stockId), {},
                                 "<prestashop><stock_available><id>" + QByteArray::number(stockId) +
                                     "</id><quantity>42</quantity></stock_available></prestashop>"));
    QCOMPARE(patch.status, 200);
    QVERIFY(patch.operation == Operation::StockWrite);
    const QJsonObject stock =
        object(shop.sim->handle(request("GET", QStringLiteral("/api/stock_availables/%1").arg(stockId),
                                        {{QStringLiteral("output_format"), QStringLiteral("JSON")}})))
            .value(QStringLiteral("stock_available"))
            .toObject();
    QCOMPARE(stock.value(QStringLiteral("quantity")).toInteger(), 42);
    QCOMPARE(product(shop, id).value(QStringLiteral("date_upd")), row.value(QStringLiteral("date_upd")));
}

void TestSimPrestashop::combinationStockResyncsProductRow()
{
    Shop shop(smallSpec());
    qint64 id = 0;
    for (qint64 i = 1; i <= 40 && !id; ++i) {
        if (!product(shop, i)
                 .value(QStringLiteral("associations"))
                 .toObject()
                 .value(QStringLiteral("combinations"))
                 .toArray()
                 .isEmpty())
            id = i;
    }
    QVERIFY2(id, "the seed gives some products combinations");
    const QJsonArray rows = product(shop, id)
                                .value(QStringLiteral("associations"))
                                .toObject()
                                .value(QStringLiteral("stock_availables"))
                                .toArray();
    const qint64 productRow = rows.at(0).toObject().value(QStringLiteral("id")).toInteger();
    const qint64 comboRow = rows.at(1).toObject().value(QStringLiteral("id")).toInteger();
    shop.sim->handle(request("PATCH", QStringLiteral("/api/stock_availables/%1").arg(comboRow), {},
                             "<prestashop><stock_available><id>" + QByteArray::number(comboRow) +
                                 "</id><quantity>1000</quantity></stock_available></prestashop>"));
    qint64 sum = 0;
    for (int i = 1; i < rows.size(); ++i) {
        const qint64 sid = rows.at(i).toObject().value(QStringLiteral("id")).toInteger();
        sum += object(shop.sim->handle(request("GET", QStringLiteral("/api/stock_availables/%1").arg(sid),
                                               {{QStringLiteral("output_format"), QStringLiteral("JSON")}})))
                   .value(QStringLiteral("stock_available"))
                   .toObject()
                   .value(QStringLiteral("quantity"))
                   .toInteger();
    }
    const qint64 total =
        object(shop.sim->handle(request("GET", QStringLiteral("/api/stock_availables/%1").arg(productRow),
                                        {{QStringLiteral("output_format"), QStringLiteral("JSON")}})))
            .value(QStringLiteral("stock_available"))
            .toObject()
            .value(QStringLiteral("quantity"))
            .toInteger();
    QVERIFY(sum >= 1000);
    QCOMPARE(total, sum);
}

void TestSimPrestashop::combinationWriteKeepsProductDate()
{
    Shop shop(smallSpec());
    const SimResponse combos =
        shop.sim->handle(request("GET", QStringLiteral("/api/combinations"),
                                 {{QStringLiteral("output_format"), QStringLiteral("JSON")},
                                  {QStringLiteral("display"), QStringLiteral("[id,id_product,reference]")},
                                  {QStringLiteral("sort"), QStringLiteral("[id_ASC]")},
                                  {QStringLiteral("limit"), QStringLiteral("1")}}));
    const QJsonObject first =
        object(combos).value(QStringLiteral("combinations")).toArray().first().toObject();
    const qint64 productId = first.value(QStringLiteral("id_product")).toInteger();
    QVERIFY(first.value(QStringLiteral("reference"))
                .toString()
                .startsWith(product(shop, productId).value(QStringLiteral("reference")).toString() +
                            QLatin1Char('-')));
    const QString dateBefore = product(shop, productId).value(QStringLiteral("date_upd")).toString();
    shop.setNowUtc(QDateTime::currentDateTimeUtc().addDays(400));
    const SimResponse patch = shop.sim->handle(request(
        "PATCH", QStringLiteral("/api/combinations/1"), {},
        "<prestashop><combination><id>1</id><reference>RENAMED-S</reference></combination></prestashop>"));
    QCOMPARE(patch.status, 200);
    QVERIFY(shop.sim->hasSku(QStringLiteral("renamed-s")));
    const SimResponse found =
        shop.sim->handle(request("GET", QStringLiteral("/api/combinations"),
                                 {{QStringLiteral("output_format"), QStringLiteral("JSON")},
                                  {QStringLiteral("filter[reference]"), QStringLiteral("[RENAMED-S]")}}));
    QCOMPARE(listIds(found, QStringLiteral("combinations")), QList<qint64>{1});
    QCOMPARE(product(shop, productId).value(QStringLiteral("date_upd")).toString(), dateBefore);
}

void TestSimPrestashop::costModelFields()
{
    Shop shop(smallSpec());
    const SimResponse ids = shop.sim->handle(
        request("GET", QStringLiteral("/api/products"), {{QStringLiteral("limit"), QStringLiteral("0,25")}}));
    QVERIFY(ids.operation == Operation::List);
    QCOMPARE(ids.records, 25);
    QVERIFY(!ids.heavy && !ids.wrote);
    const SimResponse full = shop.sim->handle(request("GET", QStringLiteral("/api/products"),
                                                      {{QStringLiteral("display"), QStringLiteral("full")},
                                                       {QStringLiteral("limit"), QStringLiteral("0,5")}}));
    QCOMPARE(full.records, 5);
    QVERIFY(full.heavy);
    const SimResponse one = shop.sim->handle(request("GET", QStringLiteral("/api/products/3")));
    QVERIFY(one.operation == Operation::Read && one.heavy);
    const SimResponse created =
        shop.sim->handle(request("POST", QStringLiteral("/api/products"), {},
                                 "<prestashop><product><price>1</price></product></prestashop>"));
    QVERIFY(created.operation == Operation::Create && created.wrote);
    QCOMPARE(created.records, 1);
    // Sorting by a date without date=1 is refused like the filter (code 38, then the four warnings).
    const SimResponse sort =
        shop.sim->handle(request("GET", QStringLiteral("/api/products"),
                                 {{QStringLiteral("sort"), QStringLiteral("[date_upd_ASC]")}}));
    QCOMPARE(sort.status, 500);
    QVERIFY(sort.body.contains("<code><![CDATA[38]]></code>"));
    QVERIFY(!sort.wrote);
}

void TestSimPrestashop::dateFilterWindowIsShopLocal()
{
    Shop shop(smallSpec());
    // Summer: Paris is UTC+2. Product 4 edited at 10:00:00 UTC = 12:00:00 shop time.
    const QDateTime at(QDate(2027, 7, 1), QTime(10, 0, 0), QTimeZone::utc());
    shop.setNowUtc(at);
    QVERIFY(
        shop.sim->editDescription(shop.seed.sku(3), 1, QStringLiteral("<p>new</p>"), EffectSource::Activity));
    shop.setNowUtc(at.addSecs(3600));
    QVERIFY(
        shop.sim->editDescription(shop.seed.sku(8), 2, QStringLiteral("<p>neu</p>"), EffectSource::Activity));
    auto window = [&](const QString &from, const QString &to, bool date = true) {
        Params p{{QStringLiteral("output_format"), QStringLiteral("JSON")},
                 {QStringLiteral("display"), QStringLiteral("[id,date_upd]")},
                 {QStringLiteral("filter[date_upd]"),
                  QLatin1Char('[') + from + QLatin1Char(',') + to + QLatin1Char(']')},
                 {QStringLiteral("sort"), QStringLiteral("[date_upd_ASC,id_ASC]")}};
        if (date)
            p.append({QStringLiteral("date"), QStringLiteral("1")});
        return shop.sim->handle(request("GET", QStringLiteral("/api/products"), p));
    };
    QCOMPARE(localText(at), QStringLiteral("2027-07-01 12:00:00"));
    QCOMPARE(listIds(window(QStringLiteral("2027-07-01 11:59:59"), QStringLiteral("2027-07-01 12:00:00")),
                     QStringLiteral("products")),
             QList<qint64>{4});
    QCOMPARE(listIds(window(QStringLiteral("2027-07-01 12:00:00"), QStringLiteral("2027-07-01 13:00:00")),
                     QStringLiteral("products")),
             (QList<qint64>{4, 9}));
    // The same instants written in UTC match nothing: the filter is in shop time.
    QCOMPARE(
        object(window(QStringLiteral("2027-07-01 10:00:00"), QStringLiteral("2027-07-01 11:00:00"))).size(),
        0);
    const QByteArray greater =
        shop.sim
            ->handle(
                request("GET", QStringLiteral("/api/products"),
                        {{QStringLiteral("output_format"), QStringLiteral("JSON")},
                         {QStringLiteral("date"), QStringLiteral("1")},
                         {QStringLiteral("filter[date_upd]"), QStringLiteral(">[2027-07-01 12:00:00]")}}))
            .body;
    QCOMPARE(greater, QByteArray("{\"products\":[{\"id\":9}]}"));
    const SimResponse without =
        window(QStringLiteral("2027-07-01 11:00:00"), QStringLiteral("2027-07-01 13:00:00"), false);
    QCOMPARE(without.status, 500); // fixture 17: code 32 plus PHP warnings
    QVERIFY(without.body.contains("\"code\":32") && without.body.contains("Did you mean: \\\"indexed\\\""));
}

void TestSimPrestashop::referenceBatchReturnsExactlyThoseSkus()
{
    SeedSpec spec = smallSpec(500);
    spec.divergence.missingInShop = 0.1;
    Shop shop(spec);
    QStringList asked;
    QSet<QString> expected;
    for (int i = 0; i < 500; i += 5) {
        asked.append(shop.seed.sku(i));
        if (shop.seed.presence(i) != Presence::ErpOnly)
            expected.insert(shop.seed.sku(i));
    }
    asked.append(QStringLiteral("NOPE-1"));
    QVERIFY(expected.size() < 100); // some asked SKUs exist only in the ERP
    const SimResponse r =
        shop.sim->handle(request("GET", QStringLiteral("/api/products"),
                                 {{QStringLiteral("output_format"), QStringLiteral("JSON")},
                                  {QStringLiteral("display"), QStringLiteral("[id,reference]")},
                                  {QStringLiteral("filter[reference]"),
                                   QLatin1Char('[') + asked.join(QLatin1Char('|')) + QLatin1Char(']')}}));
    QCOMPARE(r.status, 200);
    QSet<QString> got;
    for (const QJsonValue &v : object(r).value(QStringLiteral("products")).toArray())
        got.insert(v.toObject().value(QStringLiteral("reference")).toString());
    QCOMPARE(got, expected);
    QCOMPARE(r.records, int(expected.size()));
    // The shop's collation: case does not matter; a prefix with % outside the brackets is LIKE.
    const SimResponse lower =
        shop.sim->handle(request("GET", QStringLiteral("/api/products"),
                                 {{QStringLiteral("output_format"), QStringLiteral("JSON")},
                                  {QStringLiteral("filter[reference]"),
                                   QLatin1Char('[') + shop.seed.sku(10).toLower() + QLatin1Char(']')}}));
    QCOMPARE(listIds(lower, QStringLiteral("products")).size(),
             shop.seed.presence(10) == Presence::ErpOnly ? 0 : 1);
    const SimResponse prefix =
        shop.sim->handle(request("GET", QStringLiteral("/api/products"),
                                 {{QStringLiteral("output_format"), QStringLiteral("JSON")},
                                  {QStringLiteral("filter[reference]"), QStringLiteral("[SKU-00001]%")}}));
    int tens = 0;
    for (int i = 9; i < 19; ++i)
        tens += shop.seed.presence(i) == Presence::ErpOnly ? 0 : 1;
    QCOMPARE(listIds(prefix, QStringLiteral("products")).size(), tens);
}

void TestSimPrestashop::duplicateSkuIsVisible()
{
    SeedSpec spec = smallSpec(60);
    spec.divergence.duplicateSkusShop = 2;
    Shop shop(spec);
    QCOMPARE(shop.seed.duplicatedOnShop().size(), 2);
    const QString sku = shop.seed.sku(shop.seed.duplicatedOnShop().first());
    const SimResponse r = shop.sim->handle(
        request("GET", QStringLiteral("/api/products"),
                {{QStringLiteral("output_format"), QStringLiteral("JSON")},
                 {QStringLiteral("display"), QStringLiteral("[id,reference]")},
                 {QStringLiteral("filter[reference]"), QLatin1Char('[') + sku + QLatin1Char(']')}}));
    const QList<qint64> ids = listIds(r, QStringLiteral("products"));
    QCOMPARE(ids.size(), 2);
    QVERIFY(ids.at(1) > 60 - 1); // the extra product comes after the seeded ones
    QCOMPARE(shop.sim->productCount(), 62);
    QVERIFY(shop.sim->hasSku(sku));
}

void TestSimPrestashop::sortedPagingIsCompleteWithoutRepeats()
{
    Shop shop(smallSpec(250));
    QList<qint64> all;
    for (int offset = 0;; offset += 40) {
        const SimResponse page =
            shop.sim->handle(request("GET", QStringLiteral("/api/products"),
                                     {{QStringLiteral("output_format"), QStringLiteral("JSON")},
                                      {QStringLiteral("sort"), QStringLiteral("[id_ASC]")},
                                      {QStringLiteral("limit"), QStringLiteral("%1,40").arg(offset)}}));
        const QList<qint64> ids = listIds(page, QStringLiteral("products"));
        if (ids.isEmpty())
            break;
        all += ids;
    }
    QCOMPARE(all.size(), 250);
    QCOMPARE(QSet<qint64>(all.begin(), all.end()).size(), 250);
    QVERIFY(std::is_sorted(all.begin(), all.end()));
    // Without sort= the order is MariaDB's (by category here), not by id: always sort when paging.
    const QList<qint64> unsorted =
        listIds(shop.sim->handle(request("GET", QStringLiteral("/api/products"),
                                         {{QStringLiteral("output_format"), QStringLiteral("JSON")}})),
                QStringLiteral("products"));
    QCOMPARE(unsorted.size(), 250);
    QVERIFY(!std::is_sorted(unsorted.begin(), unsorted.end()));
}

void TestSimPrestashop::deltaPagingFollowsDateThenId()
{
    Shop shop(smallSpec(300));
    // Ten products edited in the same second: a delta cursor must page them by (date_upd, id).
    const QDateTime at(QDate(2027, 1, 15), QTime(9, 30, 0), QTimeZone::utc());
    shop.setNowUtc(at);
    for (int i = 100; i < 110; ++i)
        shop.sim->editDescription(shop.seed.sku(i), 1, QStringLiteral("<p>x</p>"), EffectSource::Activity);
    QList<qint64> seen;
    QString last;
    for (int offset = 0;; offset += 7) {
        const SimResponse page =
            shop.sim->handle(request("GET", QStringLiteral("/api/products"),
                                     {{QStringLiteral("output_format"), QStringLiteral("JSON")},
                                      {QStringLiteral("display"), QStringLiteral("[id,date_upd]")},
                                      {QStringLiteral("filter[date_upd]"),
                                       QStringLiteral("[2026-01-01 00:00:00,2030-01-01 00:00:00]")},
                                      {QStringLiteral("date"), QStringLiteral("1")},
                                      {QStringLiteral("sort"), QStringLiteral("[date_upd_ASC,id_ASC]")},
                                      {QStringLiteral("limit"), QStringLiteral("%1,7").arg(offset)}}));
        const QJsonArray rows = object(page).value(QStringLiteral("products")).toArray();
        if (rows.isEmpty())
            break;
        for (const QJsonValue &v : rows) {
            const QString date = v.toObject().value(QStringLiteral("date_upd")).toString();
            QVERIFY(date >= last);
            last = date;
            seen.append(v.toObject().value(QStringLiteral("id")).toInteger());
        }
    }
    QCOMPARE(seen.size(), 300);
    QCOMPARE(QSet<qint64>(seen.begin(), seen.end()).size(), 300);
    QCOMPARE(seen.mid(290), (QList<qint64>{101, 102, 103, 104, 105, 106, 107, 108, 109, 110}));
}

void TestSimPrestashop::emptyAnswersAndFormats()
{
    Shop shop(smallSpec());
    const Params none{{QStringLiteral("display"), QStringLiteral("[id]")},
                      {QStringLiteral("filter[reference]"), QStringLiteral("[NO-SUCH-SKU]")}};
    SimRequest json = request("GET", QStringLiteral("/api/products"),
                              none + Params{{QStringLiteral("output_format"), QStringLiteral("JSON")}});
    QCOMPARE(shop.sim->handle(json).body, QByteArray("[]"));
    const SimResponse xml = shop.sim->handle(request("GET", QStringLiteral("/api/products"), none));
    QVERIFY(xml.body.endsWith("<products>\n</products>\n</prestashop>\n"));
    const SimResponse lower =
        shop.sim->handle(request("GET", QStringLiteral("/api/products/1"),
                                 {{QStringLiteral("output_format"), QStringLiteral("json")}}));
    QCOMPARE(header(lower, "content-type"), QByteArray("text/xml;charset=utf-8"));
    SimRequest viaHeader = request("GET", QStringLiteral("/api/products/1"));
    viaHeader.headers.emplace_back("output-format", "JSON");
    const SimResponse headerJson = shop.sim->handle(viaHeader);
    QCOMPARE(header(headerJson, "content-type"), QByteArray("application/json"));
    const QJsonObject p = object(headerJson).value(QStringLiteral("product")).toObject();
    QVERIFY(p.value(QStringLiteral("id")).isDouble());
    QVERIFY(p.value(QStringLiteral("price")).isString());
    QCOMPARE(header(headerJson, "content-sha1"),
             QCryptographicHash::hash(headerJson.body, QCryptographicHash::Sha1).toHex());
}

void TestSimPrestashop::postWithEmptyNameIsCreatedDespite500()
{
    Shop shop(smallSpec());
    const QByteArray body = "<prestashop><product><reference>SKU-BROKEN</reference><price>12</"
                            "price><name><language id=\"1\"></language></name></product></prestashop>";
    const SimResponse r =
        shop.sim->handle(request("POST", QStringLiteral("/api/products"),
                                 {{QStringLiteral("output_format"), QStringLiteral("JSON")}}, body));
    QCOMPARE(r.status, 500);
    QVERIFY(r.wrote);
    const QJsonObject doc = object(r);
    QCOMPARE(doc.value(QStringLiteral("product")).toObject().value(QStringLiteral("id")).toString(),
             QStringLiteral("41"));
    QCOMPARE(doc.value(QStringLiteral("errors")).toArray().size(), 2);
    QVERIFY(shop.sim->hasSku(QStringLiteral("SKU-BROKEN")));
    QCOMPARE(product(shop, 41).value(QStringLiteral("reference")).toString(), QStringLiteral("SKU-BROKEN"));
}

void TestSimPrestashop::languageCollapse()
{
    Shop shop(smallSpec());
    const QJsonObject one = product(shop, 1, {{QStringLiteral("language"), QStringLiteral("1")}});
    QCOMPARE(one.value(QStringLiteral("name")).toString(), shop.seed.name(0, 1));
    const QJsonObject both = product(shop, 1, {{QStringLiteral("language"), QStringLiteral("[1|2]")}});
    QCOMPARE(both.value(QStringLiteral("name")).toArray().size(), 2);
    const SimResponse xml = shop.sim->handle(request("GET", QStringLiteral("/api/products/1"),
                                                     {{QStringLiteral("language"), QStringLiteral("2")}}));
    QVERIFY(xml.body.contains(
        "<name><language id=\"2\" xlink:href=\"http://127.0.0.1/api/languages/2\"><![CDATA[" +
        shop.seed.name(0, 2).toUtf8() + "]]></language></name>"));
    QCOMPARE(shop.sim
                 ->handle(request("GET", QStringLiteral("/api/products/1"),
                                  {{QStringLiteral("language"), QStringLiteral("7")}}))
                 .status,
             400);
}

void TestSimPrestashop::conditionalGet()
{
    Shop shop(smallSpec());
    SimRequest get = request("GET", QStringLiteral("/api/products/2"),
                             {{QStringLiteral("output_format"), QStringLiteral("JSON")}});
    const QByteArray sha1 = header(shop.sim->handle(get), "content-sha1");
    get.headers.emplace_back("local-content-sha1", sha1);
    const SimResponse again = shop.sim->handle(get);
    QCOMPARE(again.status, 304);
    QVERIFY(again.body.isEmpty());
}

void TestSimPrestashop::deleteProduct()
{
    Shop shop(smallSpec());
    const SimResponse del = shop.sim->handle(request("DELETE", QStringLiteral("/api/products/4")));
    QCOMPARE(del.status, 200);
    QCOMPARE(header(del, "content-type"), QByteArray());
    QCOMPARE(shop.sim->handle(request("GET", QStringLiteral("/api/products/4"))).status, 404);
    QCOMPARE(shop.sim->productCount(), 39);
    QVERIFY(!shop.sim->hasSku(shop.seed.sku(3)));
    const QList<qint64> ids =
        listIds(shop.sim->handle(request("GET", QStringLiteral("/api/products"),
                                         {{QStringLiteral("output_format"), QStringLiteral("JSON")},
                                          {QStringLiteral("sort"), QStringLiteral("[id_ASC]")}})),
                QStringLiteral("products"));
    QCOMPARE(ids.size(), 39);
    QVERIFY(!ids.contains(4));
}

void TestSimPrestashop::hugeNumbersSaturateLikePhp()
{
    // (int)"99999999999999999999" is PHP_INT_MAX; offset + count must not overflow on the way.
    Shop shop(smallSpec());
    auto list = [&](const Params &extra) {
        Params p{{QStringLiteral("output_format"), QStringLiteral("JSON")},
                 {QStringLiteral("display"), QStringLiteral("[id]")}};
        return shop.sim->handle(request("GET", QStringLiteral("/api/products"), p + extra));
    };
    SimResponse r =
        list({{QStringLiteral("sort"), QStringLiteral("[id_ASC]")},
              {QStringLiteral("limit"), QStringLiteral("9223372036854775807,9223372036854775807")}});
    QCOMPARE(r.status, 200);
    QCOMPARE(r.body, QByteArray("[]"));
    r = list({{QStringLiteral("filter[reference]"),
               QStringLiteral("[%1|%2]").arg(shop.seed.sku(0), shop.seed.sku(1))},
              {QStringLiteral("limit"), QStringLiteral("1,99999999999999999999")}});
    QCOMPARE(listIds(r, QStringLiteral("products")), QList<qint64>{2});
    // The date index path: every product but the first of the window.
    r = list({{QStringLiteral("date"), QStringLiteral("1")},
              {QStringLiteral("filter[date_upd]"), QStringLiteral(">[2000-01-01 00:00:00]")},
              {QStringLiteral("sort"), QStringLiteral("[date_upd_ASC,id_ASC]")},
              {QStringLiteral("limit"), QStringLiteral("1,9223372036854775807")}});
    QCOMPARE(listIds(r, QStringLiteral("products")).size(), 39);
    QCOMPARE(shop.sim->handle(request("GET", QStringLiteral("/api/products/99999999999999999999"))).status,
             404);
    r = list({{QStringLiteral("language"), QStringLiteral("[9223372036854775806,9223372036854775807]")}});
    QCOMPARE(r.status, 400);
    QVERIFY2(r.body.contains("\"code\":81"), r.body.constData()); // language is not available
}

void TestSimPrestashop::deepXmlIsRefusedLikeLibxml()
{
    // SimpleXML (libxml2 without XML_PARSE_HUGE) stops at 256 levels; a deeper body once overflowed the
    // simulator's stack.
    Shop shop(smallSpec());
    const QJsonValue price = product(shop, 3).value(QStringLiteral("price"));
    auto patch = [&](int depth) {
        const QByteArray body = "<prestashop><product><id>3</id><price>1.5</price>" +
                                QByteArray("<x>").repeated(depth) + QByteArray("</x>").repeated(depth) +
                                "</product></prestashop>";
        return shop.sim->handle(request("PATCH", QStringLiteral("/api/products"),
                                        {{QStringLiteral("output_format"), QStringLiteral("JSON")}}, body));
    };
    for (int depth : {300, 200000}) {
        const SimResponse r = patch(depth);
        QCOMPARE(r.status, 500);
        QVERIFY(r.body.contains("Excessive depth in document: 256 use XML_PARSE_HUGE option"));
        QVERIFY(r.body.contains("\"code\":127"));
        QVERIFY(!r.wrote);
    }
    QCOMPARE(product(shop, 3).value(QStringLiteral("price")), price);
    QCOMPARE(patch(250).status, 200); // the unknown element is ignored
    QCOMPARE(product(shop, 3).value(QStringLiteral("price")).toString(), QStringLiteral("1.500000"));
}

void TestSimPrestashop::failingSqlListsNothing()
{
    // date=1 makes date_upd filterable on every resource, but ps_stock_available has no such column, and
    // "LIMIT -5, 3" is not SQL: the query fails and the list is empty. The simulator used to drop the
    // date filter (every stock row, as if a stock delta worked) and to clamp the offset to 0.
    Shop shop(smallSpec());
    auto list = [&](const QString &resource, const Params &extra) {
        Params p{{QStringLiteral("output_format"), QStringLiteral("JSON")}};
        return shop.sim->handle(request("GET", QStringLiteral("/api/") + resource, p + extra));
    };
    const Params stockDelta{{QStringLiteral("date"), QStringLiteral("1")},
                            {QStringLiteral("filter[date_upd]"), QStringLiteral(">[2000-01-01 00:00:00]")}};
    QCOMPARE(list(QStringLiteral("stock_availables"), stockDelta).body, QByteArray("[]"));
    QCOMPARE(
        list(QStringLiteral("stock_availables"), {{QStringLiteral("date"), QStringLiteral("1")},
                                                  {QStringLiteral("sort"), QStringLiteral("[date_upd_ASC]")}})
            .body,
        QByteArray("[]"));
    QCOMPARE(listIds(list(QStringLiteral("products"), stockDelta), QStringLiteral("products")).size(), 40);
    QCOMPARE(list(QStringLiteral("products"), {{QStringLiteral("limit"), QStringLiteral("-5,3")}}).body,
             QByteArray("[]"));
    QCOMPARE(list(QStringLiteral("products"), {{QStringLiteral("limit"), QStringLiteral("0,-1")}}).body,
             QByteArray("[]"));
    QCOMPARE(listIds(list(QStringLiteral("products"), {{QStringLiteral("limit"), QStringLiteral("2,3")},
                                                       {QStringLiteral("sort"), QStringLiteral("[id_ASC]")}}),
                     QStringLiteral("products")),
             (QList<qint64>{3, 4, 5}));
}

QTEST_GUILESS_MAIN(TestSimPrestashop)
#include "tst_simprestashop.moc"
