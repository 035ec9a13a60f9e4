// The profile INI as a person writes it: a valid file gives the settings the engine runs with; each
// mistake is reported with its line, section and key and what to write instead; secrets never echo.
#include "common/redactor.h"
#include "sync/syncprofile.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace syncsmart;

namespace {

const QString kShopKey = QStringLiteral("QWERTY0123456789SHOPKEYABCDEF99");
const QString kErpKey = QStringLiteral("0f3c9a7be1d24c58a9e6b7d1c2f3a4b5c6d7e8f9");

QStringList validLines()
{
    return {
        QStringLiteral("# a profile for tests"),
        QStringLiteral("[shop]"),
        QStringLiteral("type = prestashop"),
        QStringLiteral("url = https://shop.test/api/"),
        QStringLiteral("api_key_env = SYNCSMART_TEST_SHOP_KEY"),
        QStringLiteral("timezone = America/Mexico_City"),
        QStringLiteral("shop_id = 3"),
        QStringLiteral("language_id = 2"),
        QStringLiteral("create_inactive = no"),
        QStringLiteral("default_category_id = 12"),
        QStringLiteral("tax_rules_group_id = 0"),
        QStringLiteral("max_in_flight = 8"),
        QStringLiteral("requests_per_second = 2.5    # a slow shared host"),
        QStringLiteral("timeout_s = 30"),
        QStringLiteral("tls = insecure"),
        QString(),
        QStringLiteral("[erp]"),
        QStringLiteral("type = odoo"),
        QStringLiteral("url = https://erp.test:8069/odoo17"),
        QStringLiteral("database = acme"),
        QStringLiteral("login = \"sync@acme.test\"  ; quoted"),
        QStringLiteral("api_key_env = SYNCSMART_TEST_ERP_KEY"),
        QStringLiteral("stock_field = qty_available"),
        QStringLiteral("warehouse_id = 2"),
        QStringLiteral("language = es_ES"),
        QStringLiteral("create_batch_size = 50"),
        QStringLiteral("max_in_flight = 2"),
        QStringLiteral("requests_per_second = 0"),
        QStringLiteral("connect_timeout_s = 5"),
        QStringLiteral("idle_timeout_s = 15"),
        QString(),
        QStringLiteral("[sync]"),
        QStringLiteral("poll_interval_s = 300"),
        QStringLiteral("batch_size = 250"),
        QStringLiteral("clock_skew_tolerance_s = 5"),
        QStringLiteral("window_overlap_s = 120"),
        QStringLiteral("create_in_shop = off"),
        QStringLiteral("create_in_erp = 1"),
        QString(),
        QStringLiteral("[fields]"),
        QStringLiteral("price = newest"),
        QStringLiteral("description = manual"),
        QStringLiteral("weight = Shop"),
        QString(),
        QStringLiteral("[reconcile]"),
        QStringLiteral("schedule = Daily 2:30"),
        QStringLiteral("stock = no"),
    };
}

int sectionIndex(const QStringList &lines, const QString &section)
{
    return int(lines.indexOf(QStringLiteral("[%1]").arg(section)));
}

// Replaces the line of key in section (removes it when replacement is null); with no such key, inserts
// the replacement right after the section header. Returns the 1-based line of the new text.
int edit(QStringList &lines, const QString &section, const QString &key, const QString &replacement)
{
    const int header = sectionIndex(lines, section);
    for (int i = header + 1; !key.isEmpty() && i < lines.size() && !lines.at(i).startsWith(QLatin1Char('['));
         ++i) {
        if (lines.at(i).startsWith(key + QLatin1String(" ="))) {
            if (replacement.isNull())
                lines.removeAt(i);
            else
                lines[i] = replacement;
            return i + 1;
        }
    }
    lines.insert(header + 1, replacement);
    return header + 2;
}

std::optional<Error> problemsOf(const QStringList &lines)
{
    const auto profile = SyncProfile::parse(lines.join(QLatin1Char('\n')), QStringLiteral("test"));
    if (profile)
        return std::nullopt;
    return profile.error();
}

} // namespace

class TestSyncProfile final : public QObject
{
    Q_OBJECT

private slots:
    void init()
    {
        qputenv("SYNCSMART_TEST_SHOP_KEY", kShopKey.toUtf8());
        qputenv("SYNCSMART_TEST_ERP_KEY", kErpKey.toUtf8());
    }

    void validFileGivesTheSettings()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QVERIFY(QDir(dir.path()).mkpath(QStringLiteral("certs")));
        QFile cert(dir.filePath(QStringLiteral("certs/erp.pem")));
        QVERIFY(cert.open(QIODevice::WriteOnly));
        cert.write("-----BEGIN CERTIFICATE-----\n");
        cert.close();
        QStringList lines = validLines();
        edit(lines, QStringLiteral("erp"), QString(), QStringLiteral("tls = trust:certs/erp.pem"));
        const QString path = SyncProfile::defaultPath(dir.path());
        QCOMPARE(path, dir.filePath(QStringLiteral("profile.ini")));

        const auto p = SyncProfile::parse(lines.join(QLatin1Char('\n')), QStringLiteral("acme"), path);
        QVERIFY2(p.ok(), qPrintable(p.ok() ? QString() : p.error().message));
        QCOMPARE(p->name, QStringLiteral("acme"));
        QCOMPARE(p->sourcePath, path);

        const PrestaShopSettings &shop = p->shop;
        QCOMPARE(shop.endpoint.peerName, QStringLiteral("PrestaShop"));
        QCOMPARE(shop.endpoint.baseUrl, QUrl(QStringLiteral("https://shop.test/api/")));
        QCOMPARE(shop.apiKey, kShopKey);
        QCOMPARE(shop.shopTimeZone.id(), QByteArray("America/Mexico_City"));
        QCOMPARE(shop.shopId, 3);
        QCOMPARE(shop.languageIds, QStringList{QStringLiteral("2")});
        QCOMPARE(p->sync.shopLanguage, QStringLiteral("2"));
        QCOMPARE(shop.createInactive, false);
        QCOMPARE(shop.defaultCategoryId, QStringLiteral("12"));
        QCOMPARE(shop.taxRulesGroupId, QStringLiteral("0"));
        QCOMPARE(shop.endpoint.limits.maxInFlight, 8);
        QCOMPARE(shop.endpoint.limits.requestsPerSecond, 2.5); // the inline comment is not part of it
        QCOMPARE(shop.endpoint.limits.totalTimeoutMs, 30'000);
        QCOMPARE(shop.endpoint.limits.connectTimeoutMs, PeerLimits{}.connectTimeoutMs);
        QVERIFY(shop.endpoint.tls.mode == TlsSettings::Mode::Insecure);

        const OdooSettings &erp = p->erp;
        QCOMPARE(erp.endpoint.peerName, QStringLiteral("Odoo"));
        QCOMPARE(erp.endpoint.baseUrl,
                 QUrl(QStringLiteral("https://erp.test:8069/odoo17/"))); // a proxy prefix
        QCOMPARE(erp.database, QStringLiteral("acme"));
        QCOMPARE(erp.login, QStringLiteral("sync@acme.test"));
        QCOMPARE(erp.apiKey, kErpKey);
        QCOMPARE(erp.stockField, QStringLiteral("qty_available"));
        QCOMPARE(erp.warehouseId, 2);
        QCOMPARE(erp.language, QStringLiteral("es_ES"));
        QCOMPARE(erp.createBatchSize, 50);
        QCOMPARE(erp.endpoint.limits.maxInFlight, 2);
        QCOMPARE(erp.endpoint.limits.requestsPerSecond, 0.0);
        QCOMPARE(erp.endpoint.limits.connectTimeoutMs, 5'000);
        QCOMPARE(erp.endpoint.limits.idleTimeoutMs, 15'000);
        QCOMPARE(erp.endpoint.limits.totalTimeoutMs, PeerLimits{}.totalTimeoutMs);
        QVERIFY(erp.endpoint.tls.mode == TlsSettings::Mode::TrustCertificate);
        QCOMPARE(erp.endpoint.tls.certificatePath, QFileInfo(cert.fileName()).absoluteFilePath());

        QCOMPARE(p->sync.pollIntervalS, 300);
        QCOMPARE(p->sync.batchSize, 250);
        QCOMPARE(p->sync.clockSkewToleranceS, 5);
        QCOMPARE(p->sync.windowOverlapS, 120);
        QCOMPARE(p->sync.createInShop, false);
        QCOMPARE(p->sync.createInErp, true);

        QVERIFY(p->fields.rule(QStringLiteral("price")) == FieldRule::Newest);
        QVERIFY(p->fields.rule(QStringLiteral("description")) == FieldRule::Manual);
        QVERIFY(p->fields.rule(QStringLiteral("weight")) == FieldRule::Shop);
        QVERIFY(p->fields.rule(QStringLiteral("cost")) == FieldRule::Erp); // not written: the default
        QVERIFY(p->fields.rule(QStringLiteral("name")) == FieldRule::Shop);

        QVERIFY(p->reconcile.schedule.kind == ReconcileSchedule::Kind::Daily);
        QCOMPARE(p->reconcile.schedule.at, QTime(2, 30));
        QCOMPARE(p->reconcile.schedule.text(), QStringLiteral("daily 02:30"));
        QCOMPARE(p->reconcile.stock, false);
    }

    void defaultsWhenKeysAreAbsent()
    {
        const QStringList lines{
            QStringLiteral("[shop]"),
            QStringLiteral("url = http://127.0.0.1:8080/api/"),
            QStringLiteral("api_key_env = SYNCSMART_TEST_SHOP_KEY"),
            QStringLiteral("[erp]"),
            QStringLiteral("url = http://127.0.0.1:8069"),
            QStringLiteral("database = d"),
            QStringLiteral("login = l"),
            QStringLiteral("api_key_env = SYNCSMART_TEST_ERP_KEY"),
        };
        const auto p = SyncProfile::parse(lines.join(QLatin1Char('\n')), QStringLiteral("minimal"));
        QVERIFY2(p.ok(), qPrintable(p.ok() ? QString() : p.error().message));
        QCOMPARE(p->erp.endpoint.baseUrl, QUrl(QStringLiteral("http://127.0.0.1:8069/")));
        QCOMPARE(p->shop.shopTimeZone.id(), QByteArray("Europe/Paris"));
        QCOMPARE(p->shop.languageIds, QStringList{QStringLiteral("1")});
        QCOMPARE(p->sync.shopLanguage, QStringLiteral("1"));
        QCOMPARE(p->shop.createInactive, true);
        QCOMPARE(p->erp.stockField, QStringLiteral("free_qty"));
        const SyncSettings sync;
        QCOMPARE(p->sync.pollIntervalS, sync.pollIntervalS);
        QCOMPARE(p->sync.batchSize, sync.batchSize);
        QCOMPARE(p->sync.clockSkewToleranceS, sync.clockSkewToleranceS);
        QCOMPARE(p->sync.createInErp, false);
        for (const PeerEndpoint *e : {&p->shop.endpoint, &p->erp.endpoint}) {
            QCOMPARE(e->limits.maxInFlight, 4);
            QCOMPARE(e->limits.requestsPerSecond, 20.0);
            QCOMPARE(e->limits.totalTimeoutMs, 120'000);
            QVERIFY(e->tls.mode == TlsSettings::Mode::Verify);
        }
        for (const QString &f : FieldPolicy::syncedProductFields())
            QVERIFY2(p->fields.rule(f) == FieldPolicy::defaults().rule(f), qPrintable(f));
        QVERIFY(p->fields.rule(QStringLiteral("price")) == FieldRule::Erp);
        QVERIFY(p->fields.rule(QStringLiteral("description")) == FieldRule::Shop);
    }

    void eachMistakeNamesItsLineAndTheFix_data()
    {
        QTest::addColumn<QString>("section");
        QTest::addColumn<QString>("key");          // the line replaced; absent: the text is inserted
        QTest::addColumn<QString>("text");         // null: the line is deleted
        QTest::addColumn<QStringList>("expected"); // %L: the line number of the text
        const QString shop = QStringLiteral("shop");
        const QString erp = QStringLiteral("erp");
        const QString sync = QStringLiteral("sync");
        const QString fields = QStringLiteral("fields");
        const auto row = [](const char *name, QString section, QString key, QString text,
                            QStringList expected) {
            QTest::newRow(name) << section << key << text << expected;
        };
        row("time zone typo", shop, "timezone", "timezone = Europe/Pariss",
            {"profile.ini line %L, [shop] timezone: \"Europe/Pariss\" is not a time zone",
             "write an IANA name such as Europe/Paris"});
        row("shop url without /api/", shop, "url", "url = https://shop.test/",
            {"line %L, [shop] url:", "ends with /api/", "write url = https://shop.test/api/"});
        row("shop url at index.php", shop, "url", "url = https://shop.test/boutique/index.php",
            {"line %L, [shop] url:", "write url = https://shop.test/boutique/api/"});
        row("shop url not http", shop, "url", "url = ftp://shop.test/api/",
            {"line %L, [shop] url:", "not an http:// or https:// address",
             "url = https://shop.example/api/"});
        row("erp url of the web client", erp, "url", "url = https://erp.test/web#action=12",
            {"line %L, [erp] url:", "not the server root", "write url = https://erp.test/"});
        row("batch size too large", sync, "batch_size", "batch_size = 5000",
            {"line %L, [sync] batch_size: 5000 is out of range", "from 1 to 1000"});
        row("interval with a unit", sync, "poll_interval_s", "poll_interval_s = 1m",
            {"line %L, [sync] poll_interval_s: \"1m\" is not a whole number", "the default is 60"});
        row("not a boolean", sync, "create_in_erp", "create_in_erp = maybe",
            {"line %L, [sync] create_in_erp: \"maybe\"", "write true or false"});
        row("negative rate", shop, "requests_per_second", "requests_per_second = -1",
            {"line %L, [shop] requests_per_second: -1 is out of range"});
        row("key typo", shop, "", "timezon = Europe/Paris",
            {"line %L, [shop] timezon: unknown key; did you mean timezone?"});
        row("key in the wrong section", erp, "", "timezone = Europe/Madrid",
            {"line %L, [erp] timezone:", "belongs in [shop]"});
        row("unknown field", fields, "", "prise = erp",
            {"line %L, [fields] prise: unknown key; did you mean price?",
             "name, description, price, cost, ean13, weight, active"});
        row("unknown field rule", fields, "price", "price = owner",
            {"line %L, [fields] price: \"owner\" is not a field rule", "erp", "shop", "newest", "manual"});
        row("stock field", erp, "stock_field", "stock_field = free",
            {"line %L, [erp] stock_field:", "write free_qty, qty_available or virtual_available"});
        row("certificate file absent", shop, "tls", "tls = trust:/nonexistent/server.pem",
            {"line %L, [shop] tls: no readable file at", "PEM"});
        row("tls mode", shop, "tls", "tls = off",
            {"line %L, [shop] tls: \"off\" is not a TLS mode", "verify", "insecure", "trust:"});
        row("required key missing", erp, "database", QString(),
            {"profile.ini, [erp] database: missing", "database = mycompany"});
        row("required key empty", erp, "login", "login =", {"line %L, [erp] login: empty", "login = "});
        row("key set twice", shop, "", "shop_id = 4",
            {"line 8, [shop] shop_id: set twice (line %L and line 8)"});
        row("no equals sign", sync, "", "batch_size 100", {"line %L, [sync]: expected name = value"});
        row("language with a dash", erp, "language", "language = es-ES",
            {"line %L, [erp] language:", "write es_ES"});
        const QString reconcile = QStringLiteral("reconcile");
        row("schedule without a time", reconcile, "schedule", "schedule = nightly",
            {"line %L, [reconcile] schedule: \"nightly\" is not a schedule", "daily HH:MM", "every N h"});
        row("schedule every 200 h", reconcile, "schedule", "schedule = every 200 h",
            {"line %L, [reconcile] schedule: \"every 200 h\" is not a schedule", "1 to 168"});
        row("schedule at 25:00", reconcile, "schedule", "schedule = daily 25:00",
            {"line %L, [reconcile] schedule: \"daily 25:00\" is not a schedule"});
        row("shop type", shop, "type", "type = woocommerce",
            {"line %L, [shop] type: \"woocommerce\" is not a supported shop", "write prestashop"});
    }

    void eachMistakeNamesItsLineAndTheFix()
    {
        QFETCH(QString, section);
        QFETCH(QString, key);
        QFETCH(QString, text);
        QFETCH(QStringList, expected);
        QStringList lines = validLines();
        const int line = edit(lines, section, key, text);
        const auto error = problemsOf(lines);
        QVERIFY(error.has_value());
        QVERIFY(error->category == ErrorCategory::Config);
        QCOMPARE(error->code, QStringLiteral("profile.invalid"));
        QVERIFY2(!error->message.contains(QLatin1Char('\n')),
                 qPrintable(error->message)); // one mistake, one line
        QCOMPARE(Redactor::redactPatterns(error->message),
                 error->message); // the CLI's redactor keeps it whole
        for (QString fragment : expected) {
            fragment.replace(QLatin1String("%L"), QString::number(line));
            QVERIFY2(error->message.contains(fragment),
                     qPrintable(QStringLiteral("expected \"%1\" in: %2").arg(fragment, error->message)));
        }
    }

    void unknownSectionIsReportedOnceWithTheNearestName()
    {
        QStringList lines = validLines();
        const int header = sectionIndex(lines, QStringLiteral("sync"));
        lines[header] = QStringLiteral("[synk]");
        const auto error = problemsOf(lines);
        QVERIFY(error.has_value());
        QCOMPARE(error->message,
                 QStringLiteral("profile.ini line %1, [synk]: unknown section; did you mean [sync]?")
                     .arg(header + 1));
    }

    void severalMistakesAreReportedTogetherInLineOrder()
    {
        QStringList lines = validLines();
        const int zone = edit(lines, QStringLiteral("shop"), QStringLiteral("timezone"),
                              QStringLiteral("timezone = Europe/Pariss"));
        edit(lines, QStringLiteral("erp"), QStringLiteral("login"), QString());
        const int batch = edit(lines, QStringLiteral("sync"), QStringLiteral("batch_size"),
                               QStringLiteral("batch_size = 0"));
        const int field = edit(lines, QStringLiteral("fields"), QString(), QStringLiteral("colour = shop"));
        const auto error = problemsOf(lines);
        QVERIFY(error.has_value());
        const QStringList problems = error->message.split(QLatin1Char('\n'));
        QCOMPARE(problems.size(), 4);
        QVERIFY2(problems.at(0).startsWith(QStringLiteral("profile.ini line %1, [shop] timezone").arg(zone)),
                 qPrintable(problems.at(0)));
        QVERIFY2(
            problems.at(1).startsWith(QStringLiteral("profile.ini line %1, [sync] batch_size").arg(batch)),
            qPrintable(problems.at(1)));
        QVERIFY2(problems.at(2).startsWith(QStringLiteral("profile.ini line %1, [fields] colour").arg(field)),
                 qPrintable(problems.at(2)));
        QVERIFY2(problems.at(3).startsWith(QStringLiteral("profile.ini, [erp] login: missing")),
                 qPrintable(problems.at(3)));
        QCOMPARE(error->context.value(QStringLiteral("problems")).toStringList(), problems);
    }

    void secretWrittenInTheFileIsRefusedAndNeverEchoed_data()
    {
        QTest::addColumn<QString>("section");
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("expected");
        const QString secret = QStringLiteral("ZX81SECRET0123456789ABCDEFGHIJK");
        QTest::newRow("api_key") << "shop"
                                 << "" << QStringLiteral("api_key = %1").arg(secret)
                                 << "[shop] api_key is refused: secrets never go in the profile file";
        QTest::newRow("password") << "erp"
                                  << "" << QStringLiteral("password = %1").arg(secret)
                                  << "api_key_env = SYNCSMART_ERP_KEY";
        QTest::newRow("key in the url")
            << "shop"
            << "url" << QStringLiteral("url = https://%1@shop.test/api/").arg(secret)
            << "must not carry a user name, key or ?query (the key comes from "
               "api_key_env); write the shop's webservice root, such as url = "
               "https://shop.test/api/";
        QTest::newRow("ws_key query")
            << "shop"
            << "url" << QStringLiteral("url = https://shop.test/api/?ws_key=%1").arg(secret)
            << "must not carry a user name, key or ?query";
        QTest::newRow("the key as variable name")
            << "erp"
            << "api_key_env" << QStringLiteral("api_key_env = %1").arg(secret) << "not the key itself";
        QTest::newRow("a line without =")
            << "shop"
            << "" << QStringLiteral("api_key: %1").arg(secret) << "expected name = value";
    }

    void secretWrittenInTheFileIsRefusedAndNeverEchoed()
    {
        QFETCH(QString, section);
        QFETCH(QString, key);
        QFETCH(QString, text);
        QFETCH(QString, expected);
        QStringList lines = validLines();
        edit(lines, section, key, text);
        const auto error = problemsOf(lines);
        QVERIFY(error.has_value());
        QVERIFY2(error->message.contains(expected), qPrintable(error->message));
        QVERIFY2(!error->message.contains(QLatin1String("ZX81SECRET")), qPrintable(error->message));
        // The CLI runs its redactor over every message: the advice must survive it.
        QVERIFY2(Redactor::redactPatterns(error->message).contains(expected),
                 qPrintable(Redactor::redactPatterns(error->message)));
        QVERIFY(!error->context.value(QStringLiteral("problems"))
                     .toStringList()
                     .join(QString())
                     .contains(QLatin1String("ZX81SECRET")));
    }

    void unsetOrEmptyVariableIsNamed()
    {
        for (const bool empty : {false, true}) {
            if (empty)
                qputenv("SYNCSMART_TEST_SHOP_KEY", QByteArray());
            else
                qunsetenv("SYNCSMART_TEST_SHOP_KEY");
            const auto error = problemsOf(validLines());
            QVERIFY(error.has_value());
            QCOMPARE(
                error->message,
                QStringLiteral("profile.ini line 5, [shop] api_key_env: the environment variable "
                               "SYNCSMART_TEST_SHOP_KEY is not set (or is empty); export "
                               "SYNCSMART_TEST_SHOP_KEY=... with the shop's webservice key before running"));
        }
    }

    void templateIsAcceptedAndDocumentsTheDefaults()
    {
        qputenv("SYNCSMART_SHOP_KEY", kShopKey.toUtf8());
        qputenv("SYNCSMART_ERP_KEY", kErpKey.toUtf8());
        const auto p = SyncProfile::parse(SyncProfile::templateText(), QStringLiteral("template"));
        qunsetenv("SYNCSMART_SHOP_KEY");
        qunsetenv("SYNCSMART_ERP_KEY");
        QVERIFY2(p.ok(), qPrintable(p.ok() ? QString() : p.error().message));
        QCOMPARE(p->shop.apiKey, kShopKey);
        QCOMPARE(p->erp.apiKey, kErpKey);
        // The values the template shows are the ones a deleted line falls back to.
        const SyncSettings sync;
        QCOMPARE(p->sync.pollIntervalS, sync.pollIntervalS);
        QCOMPARE(p->sync.batchSize, sync.batchSize);
        QCOMPARE(p->sync.clockSkewToleranceS, sync.clockSkewToleranceS);
        QCOMPARE(p->sync.windowOverlapS, sync.windowOverlapS);
        QCOMPARE(p->sync.createInShop, sync.createInShop);
        QCOMPARE(p->sync.createInErp, sync.createInErp);
        QCOMPARE(p->sync.shopLanguage, sync.shopLanguage);
        const PrestaShopSettings shop;
        QCOMPARE(p->shop.shopTimeZone, shop.shopTimeZone);
        QCOMPARE(p->shop.shopId, shop.shopId);
        QCOMPARE(p->shop.createInactive, shop.createInactive);
        QCOMPARE(p->shop.defaultCategoryId, shop.defaultCategoryId);
        QCOMPARE(p->shop.taxRulesGroupId, shop.taxRulesGroupId);
        const OdooSettings erp;
        QCOMPARE(p->erp.stockField, erp.stockField);
        QCOMPARE(p->erp.warehouseId, erp.warehouseId);
        QCOMPARE(p->erp.language, erp.language);
        QCOMPARE(p->erp.createBatchSize, erp.createBatchSize);
        const ReconcileSettings reconcile;
        QCOMPARE(p->reconcile.schedule.text(), reconcile.schedule.text());
        QCOMPARE(p->reconcile.stock, reconcile.stock);
        const PeerLimits limits;
        for (const PeerEndpoint *e : {&p->shop.endpoint, &p->erp.endpoint}) {
            QCOMPARE(e->limits.maxInFlight, limits.maxInFlight);
            QCOMPARE(e->limits.requestsPerSecond, limits.requestsPerSecond);
            QCOMPARE(e->limits.totalTimeoutMs, limits.totalTimeoutMs);
            QCOMPARE(e->limits.connectTimeoutMs, limits.connectTimeoutMs);
            QCOMPARE(e->limits.idleTimeoutMs, limits.idleTimeoutMs);
            QVERIFY(e->tls.mode == TlsSettings::Mode::Verify);
        }
        for (const QString &f : FieldPolicy::syncedProductFields()) {
            QVERIFY2(p->fields.rule(f) == FieldPolicy::defaults().rule(f), qPrintable(f));
            QVERIFY2(SyncProfile::templateText().contains(QStringLiteral("\n%1 = ").arg(f)), qPrintable(f));
        }
    }

    void loadReadsTheFileAndSaysHowToCreateAMissingOne()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = SyncProfile::defaultPath(dir.filePath(QStringLiteral("profiles/acme")));
        const auto missing = SyncProfile::load(path, QStringLiteral("acme"));
        QVERIFY(!missing.ok());
        QVERIFY(missing.error().category == ErrorCategory::Config);
        QCOMPARE(missing.error().code, QStringLiteral("profile.missing"));
        QVERIFY2(missing.error().message.contains(QDir::toNativeSeparators(path)),
                 qPrintable(missing.error().message));
        QVERIFY2(
            missing.error().message.contains(
                QStringLiteral("syncsmart-cli profile-template > %1").arg(QDir::toNativeSeparators(path))),
            qPrintable(missing.error().message));

        QVERIFY(QDir().mkpath(QFileInfo(path).absolutePath()));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        QStringList lines = validLines();
        file.write(lines.join(QStringLiteral("\r\n")).toUtf8()); // written on Windows
        file.close();
        const auto p = SyncProfile::load(path, QStringLiteral("acme"));
        QVERIFY2(p.ok(), qPrintable(p.ok() ? QString() : p.error().message));
        QCOMPARE(p->name, QStringLiteral("acme"));
        QCOMPARE(p->sourcePath, QFileInfo(path).absoluteFilePath());
        QCOMPARE(p->erp.login, QStringLiteral("sync@acme.test"));
    }
};

QTEST_GUILESS_MAIN(TestSyncProfile)
#include "tst_syncprofile.moc"
