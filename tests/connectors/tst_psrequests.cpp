// The PrestaShop connector's requests: XML bodies compared with the real accepted ones (fixtures 08,
// 37, 42, 58), shop-time conversions, keyset paging under edits, SKU batches and URL encoding.
#include "tst_psfixture.h"

#include "connectors/prestashop/psjson.h"
#include "connectors/prestashop/psrequest.h"
#include "connectors/prestashop/pswindow.h"
#include "connectors/prestashop/psxml.h"

#include <QMap>
#include <QSet>
#include <QTest>

#include <algorithm>

using namespace syncsmart;
using namespace syncsmart::ps;
using namespace psfixture;

namespace {

// A shop in memory that answers DateKeysetPager requests the way PrestaShop's SQL does.
struct FakeShop
{
    QMap<qint64, QString> dateOf; // id -> shop-local date_upd

    QVector<DateKeysetPager::Row> answer(const DateKeysetPager::Request &r) const
    {
        const QStringList range = r.dateFilter.mid(1, r.dateFilter.size() - 2).split(QLatin1Char(','));
        const qint64 minId =
            r.idFilter.isEmpty() ? -1 : r.idFilter.mid(2, r.idFilter.size() - 3).toLongLong();
        QVector<DateKeysetPager::Row> rows;
        for (auto it = dateOf.begin(); it != dateOf.end(); ++it) {
            if (it.value() >= range.at(0) && it.value() <= range.at(1) && it.key() > minId)
                rows.append({it.key(), it.value()});
        }
        const bool byId = r.sort == QLatin1String("[id_ASC]");
        std::sort(rows.begin(), rows.end(), [byId](const auto &a, const auto &b) {
            if (!byId && a.dateUpd != b.dateUpd)
                return a.dateUpd < b.dateUpd;
            return a.id < b.id;
        });
        const QStringList limit = r.limit.split(QLatin1Char(','));
        return rows.mid(limit.at(0).toInt(), limit.at(1).toInt());
    }
};

QString at(int second)
{
    return QStringLiteral("2026-12-03 10:%1:%2")
        .arg(second / 60, 2, 10, QLatin1Char('0'))
        .arg(second % 60, 2, 10, QLatin1Char('0'));
}

} // namespace

class TestPsRequests : public QObject
{
    Q_OBJECT

private slots:
    void patchBodiesMatchRealAcceptedOnes();
    void multilingualPatchAndCreateBodies();
    void unwritableValuesAreRefused();
    void dateConversions();
    void pagerTieLargerThanPage();
    void pagerEditsWhilePagingMissNothing();
    void pagerIdKeyset();
    void ambiguousLocalTimeIsTheEarlierInstant();
    void maxUpdatedAtNeverPassesTheWindow();
    void pagerMemoryStaysBoundedOnALongPass();
    void plainTextGoesToEveryShopLanguage();
    void createFillsEveryLanguage();
    void skuBatches();
    void urlEncoding();
};

void TestPsRequests::patchBodiesMatchRealAcceptedOnes()
{
    const Exchange price = load(QStringLiteral("42"));
    Result<QByteArray> body =
        productPatchXml(QStringLiteral("20"), {{field::Price, 13.9}}, {}, QStringLiteral("SKU-1001"));
    QVERIFY(body.ok());
    QCOMPARE(QString::fromUtf8(body->trimmed()), QString::fromUtf8(price.requestBody.trimmed()));
    const Exchange stock = load(QStringLiteral("37"));
    QCOMPARE(QString::fromUtf8(stockPatchXml(QStringLiteral("59"), 42).trimmed()),
             QString::fromUtf8(stock.requestBody.trimmed()));
    // order_history as in fixture 58 (same elements).
    QCOMPARE(normalizedXml(orderHistoryXml(QStringLiteral("2"), QStringLiteral("3"))),
             normalizedXml(load(QStringLiteral("58")).requestBody));
}

void TestPsRequests::multilingualPatchAndCreateBodies()
{
    const QVariantMap names{{QStringLiteral("1"), QStringLiteral("Mug <b>]]> & co")},
                            {QStringLiteral("2"), QStringLiteral("Tasse")}};
    Result<QByteArray> body = productPatchXml(
        QStringLiteral("20"), {{field::Name, names}, {field::Active, false}}, {}, QStringLiteral("SKU-1"));
    QVERIFY(body.ok());
    QCOMPARE(
        normalizedXml(*body),
        QStringLiteral("<prestashop><product><id>20</id><active>0</active><name><language id=1>Mug <b>]]> & "
                       "co</language><language id=2>Tasse</language></name></product></prestashop>"));
    QVERIFY(body->contains("<![CDATA[Tasse]]>"));
    // Only the profile's languages; a single text goes to each of them.
    Result<QByteArray> fr =
        productPatchXml(QStringLiteral("20"), {{field::Name, names}}, {QStringLiteral("2")}, {});
    QVERIFY(fr.ok() && !fr->contains("id=\"1\""));
    Result<QByteArray> one = productPatchXml(QStringLiteral("20"), {{field::MetaTitle, QStringLiteral("T")}},
                                             {QStringLiteral("1"), QStringLiteral("2")}, {});
    QVERIFY(one.ok() && one->count("<language") == 2);
    // Unmapped canonical field: config error naming it.
    Result<QByteArray> unknown =
        productPatchXml(QStringLiteral("20"), {{QStringLiteral("colour"), 1}}, {}, QStringLiteral("SKU-1"));
    QVERIFY(!unknown.ok() && unknown.error().message.contains(QStringLiteral("colour")));

    // Create: the elements fixture 08 sent, inactive by default, a name and link_rewrite in every language.
    PrestaShopSettings settings;
    settings.languageIds = {QStringLiteral("1"), QStringLiteral("2")};
    ProductData p;
    p.sku = QStringLiteral("SKU-1001");
    p.fields = {{field::Price, 12.5},
                {field::Name, QVariantMap{{QStringLiteral("1"), QStringLiteral("Sync test mug")}}},
                {field::Active, true}};
    Result<QByteArray> create = productCreateXml(p, settings);
    QVERIFY(create.ok());
    const QString norm = normalizedXml(*create);
    for (const char *needed :
         {"<reference>SKU-1001</reference>", "<price>12.500000</price>",
          "<id_tax_rules_group>1</id_tax_rules_group>", "<id_category_default>2</id_category_default>",
          "<active>0</active>", "<state>1</state>",
          "<name><language id=1>Sync test mug</language><language id=2>Sync test mug</language></name>",
          "<link_rewrite><language id=1>sync-test-mug</language><language "
          "id=2>sync-test-mug</language></link_rewrite>",
          "<associations><categories><category><id>2</id></category></categories></associations>"})
        QVERIFY2(norm.contains(QString::fromLatin1(needed)), needed);
    settings.createInactive = false;
    QVERIFY(
        normalizedXml(productCreateXml(p, settings).value()).contains(QStringLiteral("<active>1</active>")));
    // Fixture 08's request and ours hold the same kinds of elements.
    const QString real = normalizedXml(load(QStringLiteral("08")).requestBody);
    for (const char *element : {"<reference>", "<price>", "<id_tax_rules_group>", "<id_category_default>",
                                "<state>", "<name>", "<link_rewrite>", "<associations>"})
        QVERIFY2(real.contains(QString::fromLatin1(element)), element);
    QCOMPARE(slugify(QStringLiteral("Mug en céramique, 325 ml!")), QStringLiteral("mug-en-ceramique-325-ml"));
}

void TestPsRequests::unwritableValuesAreRefused()
{
    Result<QByteArray> control = productPatchXml(
        QStringLiteral("20"), {{field::Ean13, QStringLiteral("12\x01")}}, {}, QStringLiteral("SKU-7"));
    QVERIFY(!control.ok());
    QVERIFY(control.error().category == ErrorCategory::Permanent);
    QVERIFY(control.error().message.contains(QStringLiteral("SKU-7")));
    Result<QByteArray> nan = productPatchXml(QStringLiteral("20"), {{field::Price, QStringLiteral("abc")}},
                                             {}, QStringLiteral("SKU-7"));
    QVERIFY(!nan.ok());
    QVERIFY(nan.error().message.contains(QStringLiteral("price")));
}

void TestPsRequests::dateConversions()
{
    QCOMPARE(shopLocalToUtc(QStringLiteral("2026-12-03 14:01:13"), kParis),
             utc(QStringLiteral("2026-12-03 13:01:13")));
    QCOMPARE(shopLocalToUtc(QStringLiteral("2026-07-03 14:01:13"), kParis),
             utc(QStringLiteral("2026-07-03 12:01:13")));
    QVERIFY(!shopLocalToUtc(QStringLiteral("0000-00-00 00:00:00"), kParis).isValid());
    QVERIFY(!shopLocalToUtc(QString(), kParis).isValid());
    // Read without the machine's time zone: the same instants whatever TZ says, bad texts invalid.
    QCOMPARE(shopLocalToUtc(QStringLiteral("2026-02-28 23:59:59.000000"), kParis),
             utc(QStringLiteral("2026-02-28 22:59:59")));
    for (const char *bad : {"2026-02-30 10:00:00", "2026-13-01 10:00:00", "2026-01-01 24:00:00", "2026-01-01T10:00:00",
                            "2026-1-01 10:00:00", "2026-01-01 10:00", "not a date at all!!"})
        QVERIFY2(!shopLocalToUtc(QString::fromLatin1(bad), kParis).isValid(), bad);
    QCOMPARE(utcToShopLocal(utc(QStringLiteral("2026-07-03 12:01:13")), kParis),
             QStringLiteral("2026-07-03 14:01:13"));
    QCOMPARE(utcToShopLocal(utc(QStringLiteral("2026-12-31 23:30:00")), QTimeZone("America/New_York")),
             QStringLiteral("2026-12-31 18:30:00"));
    QCOMPARE(nextSecond(QStringLiteral("2026-12-31 23:59:59")), QStringLiteral("2027-01-01 00:00:00"));
    // Autumn in Paris (2026-10-25 01:00 UTC: 03:00 CEST becomes 02:00 CET). A window from 00:45 UTC
    // (02:45 CEST) must still take a record of 01:30 UTC, whose local text is 02:30 (CET).
    const QDateTime since = utc(QStringLiteral("2026-10-25 00:45:00"));
    const QString from = shopLocalBound(since, kParis, true);
    QVERIFY2(from <= utcToShopLocal(utc(QStringLiteral("2026-10-25 01:30:00")), kParis), qPrintable(from));
    QCOMPARE(shopLocalBound(utc(QStringLiteral("2026-12-03 10:00:00")), kParis, true),
             QStringLiteral("2026-12-03 11:00:00"));
    QCOMPARE(shopLocalBound(utc(QStringLiteral("2026-12-03 10:00:00")), kParis, false),
             QStringLiteral("2026-12-03 11:00:00"));
    QVERIFY(shopLocalBound(utc(QStringLiteral("2026-10-25 01:30:00")), kParis, false) >=
            QStringLiteral("2026-10-25 02:59:59"));
    QCOMPARE(nextSecond(QStringLiteral("2026-03-29 01:59:59")),
             QStringLiteral("2026-03-29 02:00:00")); // no DST jump
}

void TestPsRequests::pagerTieLargerThanPage()
{
    FakeShop shop;
    for (qint64 id = 1; id <= 250; ++id)
        shop.dateOf.insert(id, at(5));
    shop.dateOf.insert(251, at(9));
    DateKeysetPager pager(at(0), at(100), 100);
    QVector<qint64> delivered;
    int requests = 0;
    while (!pager.done() && requests < 50) {
        const auto request = pager.next();
        const auto rows = shop.answer(request);
        ++requests;
        for (int i : pager.accept(rows))
            delivered.append(rows.at(i).id);
    }
    QCOMPARE(delivered.size(), 251);
    QCOMPARE(QSet<qint64>(delivered.begin(), delivered.end()).size(), 251);
    QVERIFY(requests <= 5);
}

void TestPsRequests::pagerEditsWhilePagingMissNothing()
{
    // 500 records over 50 seconds, 10 per second; while paging, records already read and records not
    // read yet are edited (they move to "now", later than everything). Offset paging would skip.
    FakeShop shop;
    for (qint64 id = 1; id <= 500; ++id)
        shop.dateOf.insert(id, at(int((id - 1) / 10)));
    DateKeysetPager pager(at(0), at(3000), 37);
    QHash<qint64, QString> newest;
    QSet<QPair<qint64, QString>> versions;
    int page = 0, now = 100;
    while (!pager.done() && page < 200) {
        const auto rows = shop.answer(pager.next());
        for (int i : pager.accept(rows)) {
            const auto &row = rows.at(i);
            QVERIFY2(!versions.contains({row.id, row.dateUpd}), "the same version twice");
            versions.insert({row.id, row.dateUpd});
            newest.insert(row.id, row.dateUpd);
        }
        ++page;
        // Edits: one already read (at the page boundary instant), one far ahead, one just behind.
        if (!rows.isEmpty() && !pager.done()) {
            shop.dateOf[rows.last().id] = at(++now);
            shop.dateOf[qMin<qint64>(500, rows.last().id + 40)] = at(++now);
            shop.dateOf[qMax<qint64>(1, rows.first().id)] = at(++now);
        }
    }
    QVERIFY(pager.done());
    QCOMPARE(newest.size(), 500);                                      // none missed
    for (auto it = shop.dateOf.begin(); it != shop.dateOf.end(); ++it) // each ends with its newest version
        QCOMPARE(newest.value(it.key()), it.value());
}

void TestPsRequests::ambiguousLocalTimeIsTheEarlierInstant()
{
    // Paris, 2026-10-25: 03:00 CEST becomes 02:00 CET at 01:00Z, so 02:30 happens twice (00:30Z and
    // 01:30Z). updatedAt must never be later than the truth: the earlier instant.
    QCOMPARE(shopLocalToUtc(QStringLiteral("2026-10-25 02:30:00"), kParis),
             utc(QStringLiteral("2026-10-25 00:30:00")));
    QCOMPARE(shopLocalToUtc(QStringLiteral("2026-10-25 02:00:00"), kParis),
             utc(QStringLiteral("2026-10-25 00:00:00")));
    QCOMPARE(shopLocalToUtc(QStringLiteral("2026-10-25 02:59:59"), kParis),
             utc(QStringLiteral("2026-10-25 00:59:59")));
    QCOMPARE(shopLocalToUtc(QStringLiteral("2026-10-25 01:59:59"), kParis),
             utc(QStringLiteral("2026-10-24 23:59:59")));
    QCOMPARE(shopLocalToUtc(QStringLiteral("2026-10-25 03:00:00"), kParis),
             utc(QStringLiteral("2026-10-25 02:00:00")));
    QCOMPARE(shopLocalToUtc(QStringLiteral("2026-11-01 01:30:00"), QTimeZone("America/New_York")),
             utc(QStringLiteral("2026-11-01 05:30:00")));
    QCOMPARE(shopLocalToUtc(QStringLiteral("2026-10-25 02:30:00"), kParis).timeSpec(), Qt::UTC);
    // Unambiguous times as before, spring gap included (Qt's reading).
    QCOMPARE(shopLocalToUtc(QStringLiteral("2026-03-29 03:30:00"), kParis),
             utc(QStringLiteral("2026-03-29 01:30:00")));
    QVERIFY(shopLocalToUtc(QStringLiteral("2026-03-29 02:30:00"), kParis).isValid());
}

void TestPsRequests::maxUpdatedAtNeverPassesTheWindow()
{
    const QDateTime at = utc(QStringLiteral("2026-12-03 10:00:00"));
    const QDateTime until = utc(QStringLiteral("2026-12-03 09:00:00"));
    const QDateTime started = utc(QStringLiteral("2026-12-03 08:00:00"));
    QCOMPARE(cappedUpdatedAt(at, until, started), started);
    QCOMPARE(cappedUpdatedAt(at, until, QDateTime()), until);
    QCOMPARE(cappedUpdatedAt(at, QDateTime(), started), started);
    QCOMPARE(cappedUpdatedAt(at, QDateTime(), QDateTime()), at);
    QCOMPARE(cappedUpdatedAt(started.addSecs(-5), until, started), started.addSecs(-5));
    QVERIFY(!cappedUpdatedAt(QDateTime(), until, started).isValid());
}

void TestPsRequests::pagerMemoryStaysBoundedOnALongPass()
{
    // 300000 changed records (a crowded second of 2500 among them), edits while paging: every record
    // once in its newest version, and the dedupe map stays about a page, not the pass (it used to
    // keep every delivered record: ~100 MiB per million).
    constexpr qint64 kRecords = 300000;
    constexpr int kPage = 1000;
    QVector<QPair<QString, qint64>> rows; // (date_upd, id), sorted like the shop's SQL
    QHash<qint64, QString> dateOf;
    auto stamp = [](qint64 second) {
        return QDateTime(QDate(2026, 12, 3), QTime(0, 0), Qt::UTC)
            .addSecs(second)
            .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    };
    for (qint64 id = 1; id <= kRecords; ++id) {
        const qint64 second = id <= 2500 ? 0 : id / 10;
        dateOf.insert(id, stamp(second));
        rows.append({stamp(second), id});
    }
    std::sort(rows.begin(), rows.end());
    qint64 nextEdit = 100000; // seconds after everything else
    auto answer = [&](const DateKeysetPager::Request &r) {
        const QStringList range = r.dateFilter.mid(1, r.dateFilter.size() - 2).split(QLatin1Char(','));
        const qint64 minId =
            r.idFilter.isEmpty() ? -1 : r.idFilter.mid(2, r.idFilter.size() - 3).toLongLong();
        const int limit = r.limit.section(QLatin1Char(','), 1).toInt();
        QVector<DateKeysetPager::Row> out;
        if (r.sort == QLatin1String("[id_ASC]")) { // tie mode: one instant, by id
            auto it = std::lower_bound(rows.begin(), rows.end(), qMakePair(range.at(0), minId + 1));
            for (; it != rows.end() && it->first == range.at(0) && out.size() < limit; ++it)
                out.append({it->second, it->first});
            return out;
        }
        auto it = std::lower_bound(rows.begin(), rows.end(), qMakePair(range.at(0), qint64(-1)));
        for (; it != rows.end() && it->first <= range.at(1) && out.size() < limit; ++it)
            out.append({it->second, it->first});
        return out;
    };
    auto edit = [&](qint64 id) {
        const auto old = qMakePair(dateOf.value(id), id);
        rows.erase(std::lower_bound(rows.begin(), rows.end(), old));
        dateOf[id] = stamp(++nextEdit);
        rows.append({dateOf.value(id), id}); // the newest date: sorts last
    };
    DateKeysetPager pager(stamp(0), stamp(10000000), kPage);
    QHash<qint64, QString> newest;
    qsizetype mostRemembered = 0;
    int pages = 0;
    qint64 delivered = 0;
    while (!pager.done() && pages < 2000) {
        const auto page = answer(pager.next());
        for (int i : pager.accept(page)) {
            newest.insert(page.at(i).id, page.at(i).dateUpd);
            ++delivered;
        }
        mostRemembered = std::max(mostRemembered, pager.remembered());
        ++pages;
        if (pages % 10 == 0 && !page.isEmpty() && !pager.done()) {
            edit(page.first().id);                                   // read already
            edit(std::min<qint64>(kRecords, page.last().id + 5000)); // not read yet
        }
    }
    qInfo() << "pages" << pages << "delivered" << delivered << "most remembered" << mostRemembered
            << "duplicates" << pager.duplicatesDropped();
    QVERIFY(pager.done());
    QCOMPARE(newest.size(), qsizetype(kRecords)); // none missed
    for (auto it = dateOf.begin(); it != dateOf.end(); ++it)
        QCOMPARE(newest.value(it.key()), it.value()); // each in its newest version
    QVERIFY2(mostRemembered <= 4 * kPage, qPrintable(QString::number(mostRemembered)));
    QCOMPARE(pager.remembered(), 0);
}

void TestPsRequests::plainTextGoesToEveryShopLanguage()
{
    // The reviewer's plainNameWritesOnlyLanguage1: the profile names no language, the shop has 1 and 2.
    const QStringList shop{QStringLiteral("1"), QStringLiteral("2")};
    const auto body = productPatchXml(QStringLiteral("20"), {{field::Name, QStringLiteral("New name")}}, {},
                                      QStringLiteral("SKU-1"), shop);
    QVERIFY(body.ok());
    QCOMPARE(
        normalizedXml(*body),
        QStringLiteral("<prestashop><product><id>20</id><name><language id=1>New name</language><language "
                       "id=2>New name</language></name></product></prestashop>"));
    // A map still writes only its languages (a PATCH leaves the others as they are).
    const auto one = productPatchXml(
        QStringLiteral("20"), {{field::Name, QVariantMap{{QStringLiteral("2"), QStringLiteral("Nom")}}}}, {},
        QStringLiteral("SKU-1"), shop);
    QVERIFY(one.ok() && one->count("<language") == 1 && one->contains("id=\"2\""));
    // The profile's languages win over the shop's; nothing known: language 1.
    const auto profile = productPatchXml(QStringLiteral("20"), {{field::Name, QStringLiteral("N")}},
                                         {QStringLiteral("2")}, QStringLiteral("SKU-1"), shop);
    QVERIFY(profile.ok() && profile->count("<language") == 1 && profile->contains("id=\"2\""));
    const auto unknown = productPatchXml(QStringLiteral("20"), {{field::Name, QStringLiteral("N")}}, {},
                                         QStringLiteral("SKU-1"));
    QVERIFY(unknown.ok() && unknown->count("<language") == 1 && unknown->contains("id=\"1\""));
}

void TestPsRequests::createFillsEveryLanguage()
{
    // A language the given map lacks takes the first given language's text (as the back office does):
    // no language is left with an empty name or link_rewrite.
    PrestaShopSettings settings; // languageIds empty: the shop's
    ProductData p;
    p.sku = QStringLiteral("SKU-2001");
    p.fields = {{field::Name, QVariantMap{{QStringLiteral("2"), QStringLiteral("Tasse bleue")}}},
                {field::DescriptionShort, QVariantMap{{QStringLiteral("1"), QStringLiteral("Blue")}}},
                {field::MetaTitle, QStringLiteral("Mug")}};
    const auto body =
        productCreateXml(p, settings, {QStringLiteral("1"), QStringLiteral("2"), QStringLiteral("3")});
    QVERIFY(body.ok());
    const QString norm = normalizedXml(*body);
    qInfo().noquote() << norm;
    for (const char *needed :
         {"<name><language id=1>Tasse bleue</language><language id=2>Tasse bleue</language><language "
          "id=3>Tasse "
          "bleue</language></name>",
          "<link_rewrite><language id=1>tasse-bleue</language><language id=2>tasse-bleue</language><language "
          "id=3>tasse-bleue</language></link_rewrite>",
          "<description_short><language id=1>Blue</language><language id=2>Blue</language><language "
          "id=3>Blue</language></description_short>",
          "<meta_title><language id=1>Mug</language><language id=2>Mug</language><language "
          "id=3>Mug</language></meta_title>"})
        QVERIFY2(norm.contains(QString::fromLatin1(needed)), needed);
    // Languages unknown (the key may not read them): language 1 plus those the values name.
    const auto fallback = productCreateXml(p, settings);
    QVERIFY(fallback.ok());
    QVERIFY2(normalizedXml(*fallback).contains(QStringLiteral(
                 "<name><language id=1>Tasse bleue</language><language id=2>Tasse bleue</language></name>")),
             qPrintable(normalizedXml(*fallback)));
}

void TestPsRequests::pagerIdKeyset()
{
    IdKeysetPager pager(3);
    QCOMPARE(pager.idFilter(), QStringLiteral(">[0]"));
    QVERIFY(pager.accept({1, 2, 5}));
    QCOMPARE(pager.idFilter(), QStringLiteral(">[5]"));
    QVERIFY(!pager.done());
    QVERIFY(pager.accept({7}));
    QVERIFY(pager.done());
    IdKeysetPager unsorted(3);
    QVERIFY(!unsorted.accept({5, 2, 9}));
}

void TestPsRequests::skuBatches()
{
    QStringList skus;
    for (int i = 1; i <= 250; ++i)
        skus.append(QStringLiteral("SKU-%1").arg(i, 6, 10, QLatin1Char('0')));
    skus.append(QStringLiteral("SKU-000001")); // repeated
    skus.append(QStringLiteral("A|B"));
    skus.append(QStringLiteral("X[1]"));
    const SkuBatches split = batchSkus(skus);
    QCOMPARE(split.batches.size(), 3);
    QCOMPARE(split.batches.at(0).size(), 100);
    QCOMPARE(split.batches.at(2).size(), 50);
    QCOMPARE(split.inexpressible, (QStringList{QStringLiteral("A|B"), QStringLiteral("X[1]")}));
    QCOMPARE(expressiblePrefix(QStringLiteral("ABC|D")), QStringLiteral("ABC"));
    // Long SKUs: the URL stays bounded.
    QStringList longSkus;
    for (int i = 0; i < 100; ++i)
        longSkus.append(QString(60, QLatin1Char('x')) + QString::number(i));
    for (const QStringList &b : batchSkus(longSkus).batches)
        QVERIFY(QUrl::toPercentEncoding(referenceFilter(b)).size() < 4200);
    // A single SKU is doubled so "10-2,30" is not an interval.
    QCOMPARE(referenceFilter({QStringLiteral("10-2,30")}), QStringLiteral("[10-2,30|10-2,30]"));
    QCOMPARE(referenceFilter({QStringLiteral("a"), QStringLiteral("b")}), QStringLiteral("[a|b]"));
}

void TestPsRequests::urlEncoding()
{
    const QUrl url = buildUrl(QUrl(QStringLiteral("http://127.0.0.1:8082/api/")), QStringLiteral("products"),
                              {{QStringLiteral("filter[reference]"), QStringLiteral("[A+B|C&D]")},
                               {QStringLiteral("display"), QStringLiteral("[id,reference]")}});
    const QByteArray encoded = url.toEncoded();
    QCOMPARE(encoded,
             QByteArray("http://127.0.0.1:8082/api/products?filter%5Breference%5D=%5BA%2BB%7CC%26D%5D&"
                        "display=%5Bid%2Creference%5D"));
    QCOMPARE(buildUrl(QUrl(QStringLiteral("https://shop/api")), QStringLiteral("products/2"), {}).path(),
             QStringLiteral("/api/products/2"));
}

QTEST_GUILESS_MAIN(TestPsRequests)
#include "tst_psrequests.moc"
