#include "common/clock.h"
#include "common/redactor.h"
#include "common/result.h"

#include <QJsonDocument>
#include <QProcessEnvironment>
#include <QtTest>

using namespace syncsmart;

class TestCommon : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void resultCarriesValueOrTypedError()
    {
        Result<int> ok = 42;
        QVERIFY(ok.ok());
        QCOMPARE(*ok, 42);
        Result<int> bad = Error::transient(QStringLiteral("http.timeout"), QStringLiteral("ERP timed out"),
                                           {{QStringLiteral("httpStatus"), 504}});
        QVERIFY(!bad.ok());
        QVERIFY(bad.error().category == ErrorCategory::Transient);
        QCOMPARE(bad.error().context.value(QStringLiteral("httpStatus")).toInt(), 504);
        QCOMPARE(bad.error().toString(), QStringLiteral("[transient] http.timeout: ERP timed out"));
        Status fine;
        QVERIFY(fine.ok());
        Status failed = Error::auth(QStringLiteral("auth.denied"), QStringLiteral("key refused"));
        QVERIFY(failed.error().category == ErrorCategory::Auth);
    }

    void categoriesRoundTrip()
    {
        for (auto c :
             {ErrorCategory::Transient, ErrorCategory::Permanent, ErrorCategory::Auth, ErrorCategory::Config})
            QVERIFY(errorCategoryFromString(toString(c)) == c);
        QVERIFY(!errorCategoryFromString(QStringLiteral("sometimes")));
    }

    void testClockMovesOnlyWhenTold()
    {
        TestClock clock;
        const qint64 t0 = clock.nowMs();
        QCOMPARE(clock.nowMs(), t0);
        clock.advanceSecs(90);
        QCOMPARE(clock.nowMs(), t0 + 90'000);
        QCOMPARE(clock.now().timeSpec(), Qt::UTC);
    }

    void registeredSecretNeverSurvives_data()
    {
        QTest::addColumn<QString>("text");
        const QString key = QStringLiteral("K3Y9ZQX7W5PS8ABCDEFGHJKLMNPQRSTU");
        QTest::newRow("plain") << QStringLiteral("request failed with key %1 at shop").arg(key);
        QTest::newRow("basic auth") << QStringLiteral("Authorization: Basic %1")
                                           .arg(QString::fromLatin1(
                                               (key + QLatin1Char(':')).toUtf8().toBase64()));
        QTest::newRow("url user") << QStringLiteral("GET https://%1@shop.example/api/products").arg(key);
        QTest::newRow("query") << QStringLiteral("GET /api/products?ws_key=%1&display=full").arg(key);
        QTest::newRow("odoo args")
            << QStringLiteral(R"({"args":["db",2,"%1","product.product","write"]})").arg(key);
    }

    void registeredSecretNeverSurvives()
    {
        QFETCH(QString, text);
        const QString key = QStringLiteral("K3Y9ZQX7W5PS8ABCDEFGHJKLMNPQRSTU");
        Redactor r;
        r.addSecret(key);
        const QString clean = r.redact(text);
        QVERIFY2(!clean.contains(key), qPrintable(clean));
        QVERIFY2(!clean.contains(QString::fromLatin1(key.toUtf8().toBase64().left(20))), qPrintable(clean));
        QVERIFY(clean.contains(Redactor::mask()));
    }

    void patternsCatchUnregisteredCredentials()
    {
        const QString text = QStringLiteral(
            "Authorization: Bearer abc.def.ghi | https://user:pa55word@erp.local/x | ?api_key=zzz9 | "
            "{\"password\": \"hunter22\"} | DOLAPIKEY: d0l1k3y");
        const QString clean = Redactor::redactPatterns(text);
        for (const char *secret : {"abc.def.ghi", "pa55word", "zzz9", "hunter22", "d0l1k3y"})
            QVERIFY2(!clean.contains(QLatin1String(secret)), qPrintable(clean));
        // Ordinary text is left alone, so errors stay readable.
        QCOMPARE(Redactor::redactPatterns(QStringLiteral("Product SKU-1042: price is invalid")),
                 QStringLiteral("Product SKU-1042: price is invalid"));
    }

    void shortSecretsAreNotMaskedEverywhere()
    {
        Redactor r;
        r.addSecret(QStringLiteral("ab"));
        QCOMPARE(r.redact(QStringLiteral("a table")), QStringLiteral("a table"));
    }

    void contextMapsAreRedactedDeep()
    {
        Redactor r;
        r.addSecret(QStringLiteral("s3cr3t-value"));
        QVariantMap inner{{QStringLiteral("request"), QStringLiteral("GET /?ws_key=s3cr3t-value")}};
        QVariantMap ctx{{QStringLiteral("httpStatus"), 401},
                        {QStringLiteral("inner"), inner},
                        {QStringLiteral("list"), QVariantList{QStringLiteral("key s3cr3t-value"), true}}};
        const QVariantMap clean = r.redact(ctx);
        QCOMPARE(clean.value(QStringLiteral("httpStatus")), QVariant(401)); // numbers keep their type
        QVERIFY(!clean.value(QStringLiteral("inner"))
                     .toMap()
                     .value(QStringLiteral("request"))
                     .toString()
                     .contains(QStringLiteral("s3cr3t")));
        const QVariantList list = clean.value(QStringLiteral("list")).toList();
        QVERIFY(!list.first().toString().contains(QStringLiteral("s3cr3t")));
        QCOMPARE(list.last(), QVariant(true));
    }

    // Nobody registered these secrets: the shape of the text alone must give them away.
    void unregisteredCredentialsAreMasked_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("secret");
        QTest::addColumn<QString>("kept"); // what must stay readable around it

        // Odoo JSON-RPC: the password or API key is the third element of "args", with no name of its own.
        QTest::newRow("odoo execute_kw, real body")
            << QStringLiteral(
                   "{\"jsonrpc\": \"2.0\", \"method\": \"call\", \"params\": {\"service\": \"object\", "
                   "\"method\": \"execute_kw\", \"args\": [\"odoo_peer\", 2, \"0d00apikey5e1f\", "
                   "\"product.product\", \"write\", [[1], {\"list_price\": 13.9}]]}, \"id\": 18}")
            << QStringLiteral("0d00apikey5e1f")
            << QStringLiteral("\"odoo_peer\", 2, \"***\", \"product.product\"");
        QTest::newRow("odoo execute_kw, compact")
            << QStringLiteral("{\"args\":[\"db\",2,\"0d00apikey5e1f\",\"product.product\",\"write\"]}")
            << QStringLiteral("0d00apikey5e1f") << QStringLiteral("[\"db\",2,\"***\",\"product.product\"");
        QTest::newRow("odoo authenticate")
            << QStringLiteral("{\"params\": {\"service\": \"common\", \"method\": \"authenticate\", "
                              "\"args\": [\"odoo_peer\", \"admin\", \"adm1n-pw-77\", {}]}, \"id\": 2}")
            << QStringLiteral("adm1n-pw-77") << QStringLiteral("\"admin\", \"***\", {}");
        QTest::newRow("odoo args over several lines")
            << QStringLiteral(
                   "\"args\": [\n    \"odoo_peer\",\n    2,\n    \"0d00apikey5e1f\",\n    \"res.partner\"")
            << QStringLiteral("0d00apikey5e1f") << QStringLiteral("\"res.partner\"");
        QTest::newRow("odoo body inside a JSON string")
            << QStringLiteral("{\"request\": \"{\\\"args\\\": [\\\"odoo_peer\\\", 2, \\\"0d00apikey5e1f\\\", "
                              "\\\"product.product\\\"]}\"}")
            << QStringLiteral("0d00apikey5e1f") << QStringLiteral("\\\"***\\\", \\\"product.product\\\"");
        QTest::newRow("odoo password with an escaped quote")
            << QStringLiteral("{\"args\":[\"db\",\"admin\",\"open\\\"sesame-42\",{}]}")
            << QStringLiteral("sesame-42") << QStringLiteral("\"admin\",\"***\",{}");

        // Authorization: the scheme word stays, the whole credential after it goes, for any scheme.
        QTest::newRow("authorization as a JSON key")
            << QStringLiteral("{\"Authorization\": \"Basic S0VZMTIzNDU2Nzg6\"}")
            << QStringLiteral("S0VZMTIzNDU2Nzg6") << QStringLiteral("{\"Authorization\": \"Basic ***\"}");
        QTest::newRow("authorization token scheme")
            << QStringLiteral("Authorization: Token abc") << QStringLiteral("abc")
            << QStringLiteral("Authorization: Token ***");
        QTest::newRow("authorization two spaces")
            << QStringLiteral("Authorization: Basic  S0VZMTIzNDU2Nzg6") << QStringLiteral("S0VZMTIzNDU2Nzg6")
            << QStringLiteral("Authorization: Basic  ***");
        QTest::newRow("authorization without a scheme")
            << QStringLiteral("Authorization: opaque-cred-771") << QStringLiteral("opaque-cred-771")
            << QStringLiteral("Authorization: ***");
        QTest::newRow("authorization inside a JSON string")
            << QStringLiteral(
                   "{\"headers\": \"{\\\"Authorization\\\": \\\"Bearer eyJhbGc.eyJzdWIi.sig\\\"}\"}")
            << QStringLiteral("eyJhbGc") << QStringLiteral("\\\"Bearer ***\\\"");

        QTest::newRow("header block inside a JSON string")
            << QStringLiteral("{\"request\": \"GET /api/index.php/products\\r\\nDOLAPIKEY: d0l1k3y99\\r\\n"
                              "Authorization: Bearer tok-0002\"}")
            << QStringLiteral("tok-0002") << QStringLiteral("\\r\\nAuthorization: Bearer ***\"}");
        QTest::newRow("dolibarr header inside a JSON string")
            << QStringLiteral("{\"request\": \"GET /api/index.php/products\\r\\nDOLAPIKEY: d0l1k3y99\"}")
            << QStringLiteral("d0l1k3y99") << QStringLiteral("\\r\\nDOLAPIKEY: ***\"}");

        // PrestaShop: the key travels as ws_key in a query or form, or as an XML element.
        QTest::newRow("ws_key opening a form body")
            << QStringLiteral("ws_key=PSK3Y9ZQX7W5PS8A&output_format=JSON")
            << QStringLiteral("PSK3Y9ZQX7W5PS8A") << QStringLiteral("ws_key=***&output_format=JSON");
        QTest::newRow("ws_key as a bare query")
            << QStringLiteral("ws_key=PSK3Y9ZQX7W5PS8A") << QStringLiteral("PSK3Y9ZQX7W5PS8A")
            << QStringLiteral("ws_key=***");
        QTest::newRow("ws_key as XML")
            << QStringLiteral("<config><ws_key>PSK3Y9ZQX7W5PS8A</ws_key></config>")
            << QStringLiteral("PSK3Y9ZQX7W5PS8A") << QStringLiteral("<ws_key>***</ws_key>");
        QTest::newRow("customer password hash as XML CDATA")
            << QStringLiteral("<customer><passwd><![CDATA[$2y$10$hashhashhash]]></passwd></customer>")
            << QStringLiteral("hashhashhash") << QStringLiteral("<passwd><![CDATA[***]]></passwd>");

        // Passwords in the shapes logs and configuration dumps take.
        QTest::newRow("password: value") << QStringLiteral("password: hunter2x") << QStringLiteral("hunter2x")
                                         << QStringLiteral("password: ***");
        QTest::newRow("python dict") << QStringLiteral("{'password': 'hunter2x'}")
                                     << QStringLiteral("hunter2x") << QStringLiteral("{'password': '***'}");
        QTest::newRow("escaped quote in the password")
            << QStringLiteral("{\"password\":\"ab\\\"cd-tail\",\"user\":\"bob\"}")
            << QStringLiteral("cd-tail") << QStringLiteral("{\"password\":\"***\",\"user\":\"bob\"}");
        QTest::newRow("password inside a JSON string")
            << QStringLiteral(
                   "{\"body\": \"{\\\"login\\\": \\\"bob\\\", \\\"password\\\": \\\"hunter2x\\\"}\"}")
            << QStringLiteral("hunter2x") << QStringLiteral("\\\"password\\\": \\\"***\\\"");
        QTest::newRow("dolibarr key in the query")
            << QStringLiteral("GET /api/index.php/products?DOLAPIKEY=d0l1k3y99&limit=2")
            << QStringLiteral("d0l1k3y99") << QStringLiteral("?DOLAPIKEY=***&limit=2");
        QTest::newRow("environment variable dump")
            << QStringLiteral("SYNCSMART_SHOP1_SHOP_KEY=PSK3Y9ZQX7W5PS8A")
            << QStringLiteral("PSK3Y9ZQX7W5PS8A") << QStringLiteral("SYNCSMART_SHOP1_SHOP_KEY=***");
    }

    void unregisteredCredentialsAreMasked()
    {
        QFETCH(QString, text);
        QFETCH(QString, secret);
        QFETCH(QString, kept);
        const QString clean = Redactor().redact(text);
        QVERIFY2(!clean.contains(secret), qPrintable(clean));
        QVERIFY2(clean.contains(kept), qPrintable(clean));
    }

    void credentialKeysAreMaskedInMaps()
    {
        const QVariantMap context{
            {QStringLiteral("httpStatus"), 401},
            {QStringLiteral("authorization"), QStringLiteral("Basic S0VZMTIzNDU2Nzg6")},
            {QStringLiteral("password"), QStringLiteral("hunter2x")},
            {QStringLiteral("Api-Key"), QStringLiteral("apikey-0001")},
            {QStringLiteral("key"), 918273645}, // a numeric secret is still a secret
            {QStringLiteral("headers"),
             QVariantMap{{QStringLiteral("Authorization"), QStringLiteral("Bearer tok-0002")},
                         {QStringLiteral("DOLAPIKEY"), QStringLiteral("d0l1k3y99")},
                         {QStringLiteral("Accept"), QStringLiteral("application/json")}}},
            {QStringLiteral("attempts"),
             QVariantList{QVariantMap{{QStringLiteral("ws_key"), QStringLiteral("PSK3Y9ZQX7W5PS8A")},
                                      {QStringLiteral("status"), 503}}}},
            {QStringLiteral("params"),
             QVariantMap{{QStringLiteral("args"),
                          QVariantList{QStringLiteral("odoo_peer"), 2, QStringLiteral("0d00apikey5e1f"),
                                       QStringLiteral("product.product")}}}},
            {QStringLiteral("client_secret"), QStringLiteral("cs-0003")},
            {QStringLiteral("refreshToken"), QStringLiteral("rt-0004")},
            // Ordinary keys that merely contain "key", and values with nothing to hide.
            {QStringLiteral("keyword"), QStringLiteral("blue mug")},
            {QStringLiteral("idempotencyKey"), QStringLiteral("order-1234:line-2")},
            {QStringLiteral("monkey"), QStringLiteral("banana")},
            {QStringLiteral("import_key"), QVariant()},
            {QStringLiteral("token"), QString()}, // empty: says only that none was set
            {QStringLiteral("sku"), QStringLiteral("SKU-1042")},
            {QStringLiteral("retryable"), true},
        };
        const QVariantMap clean = Redactor().redact(context);
        const QString json =
            QString::fromUtf8(QJsonDocument::fromVariant(clean).toJson(QJsonDocument::Compact));
        for (const char *secret : {"S0VZMTIzNDU2Nzg6", "hunter2x", "apikey-0001", "918273645", "tok-0002",
                                   "d0l1k3y99", "PSK3Y9ZQX7W5PS8A", "0d00apikey5e1f", "cs-0003", "rt-0004"})
            QVERIFY2(!json.contains(QLatin1String(secret)), qPrintable(json));

        QCOMPARE(clean.value(QStringLiteral("httpStatus")), QVariant(401));
        QCOMPARE(clean.value(QStringLiteral("password")), QVariant(Redactor::mask()));
        const QVariantMap headers = clean.value(QStringLiteral("headers")).toMap();
        QCOMPARE(headers.value(QStringLiteral("Accept")), QVariant(QStringLiteral("application/json")));
        const QVariantMap attempt = clean.value(QStringLiteral("attempts")).toList().value(0).toMap();
        QCOMPARE(attempt.value(QStringLiteral("status")), QVariant(503));
        const QVariantList args =
            clean.value(QStringLiteral("params")).toMap().value(QStringLiteral("args")).toList();
        QCOMPARE(args, (QVariantList{QStringLiteral("odoo_peer"), 2, Redactor::mask(),
                                     QStringLiteral("product.product")}));
        QCOMPARE(args.at(1).typeId(), QMetaType::Int);
        for (const char *key :
             {"keyword", "idempotencyKey", "monkey", "import_key", "token", "sku", "retryable"})
            QCOMPARE(clean.value(QLatin1String(key)), context.value(QLatin1String(key)));
    }

    void ordinaryTextComesOutUnchanged_data()
    {
        QTest::addColumn<QString>("text");
        QTest::newRow("price") << QStringLiteral("Product SKU-1042: price is invalid");
        QTest::newRow("unknown sku") << QStringLiteral(
            "Order #1234 line SKU-999: the ERP has no product with this SKU");
        QTest::newRow("missing key") << QStringLiteral(
            "Missing API key: set SYNCSMART_SHOP1_SHOP_KEY and resume");
        QTest::newRow("dolibarr JSON error") << QStringLiteral(
            "{\n    \"error\": {\n        \"code\": 401,\n        \"message\": \"Unauthorized: Error user "
            "not valid (not found with api key or bad status or bad validity dates) (conf->entity=1)\"\n   "
            " },\n    \"debug\": {\n        \"source\": \"api_access.class.php:242 at authenticate "
            "stage\"\n    }\n}");
        QTest::newRow("odoo JSON error") << QStringLiteral(
            "{\"jsonrpc\": \"2.0\", \"id\": 4, \"error\": {\"code\": 200, \"message\": \"Odoo Server "
            "Error\", \"data\": {\"name\": \"odoo.exceptions.AccessDenied\", \"debug\": \"Traceback (most "
            "recent call last):\\n  File \\\"/opt/odoo17/src/odoo/service/model.py\\\", line 28, in "
            "dispatch\\n    security.check(db, uid, passwd)\\n    value = d[key] = self.method(*args, "
            "**kwargs)\\n    self._check_credentials(passwd, {'interactive': "
            "False})\\nodoo.exceptions.AccessDenied: Access Denied\\n\", \"message\": \"Access Denied\", "
            "\"arguments\": [\"Access Denied\"], \"context\": {}}}}");
        QTest::newRow("prestashop XML error") << QStringLiteral(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<prestashop "
            "xmlns:xlink=\"http://www.w3.org/1999/xlink\">\n<errors>\n<error>\n"
            "<code><![CDATA[20]]></code>\n<message><![CDATA[Authentification key is not "
            "active]]></message>\n</error>\n<error>\n<code><![CDATA[21]]></code>\n<message><![CDATA[No "
            "permission for this authentication key]]></message>\n</error>\n</errors>\n</prestashop>");
        QTest::newRow("prestashop challenge") << QStringLiteral(
            "WWW-Authenticate: Basic realm=\"Welcome to PrestaShop Webservice, please enter the "
            "authentication key as the login. No password required.\"");
        QTest::newRow("dolibarr CORS header") << QStringLiteral(
            "Access-Control-Allow-Headers: Content-Type, Authorization, api_key, DOLAPIKEY");
        QTest::newRow("JSON without secrets") << QStringLiteral(
            "{\"keyword\": \"mug\", \"idempotencyKey\": \"order-1234:2\", \"token\": null, \"qty\": 3}");
    }

    void ordinaryTextComesOutUnchanged()
    {
        QFETCH(QString, text);
        QCOMPARE(Redactor().redact(text), text);
    }

    void secretVariablesAreNamedByTheirEnding_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<bool>("secret");
        QTest::newRow("shop key") << QStringLiteral("SYNCSMART_SHOP1_SHOP_KEY") << true;
        QTest::newRow("erp password") << QStringLiteral("SYNCSMART_SHOP1_ERP_PASSWORD") << true;
        QTest::newRow("erp token") << QStringLiteral("SYNCSMART_AGENCY_ERP_TOKEN") << true;
        QTest::newRow("secret") << QStringLiteral("SYNCSMART_WEBHOOK_SECRET") << true;
        QTest::newRow("data dir") << QStringLiteral("SYNCSMART_DATA_DIR") << false;
        QTest::newRow("someone else's") << QStringLiteral("AWS_SECRET") << false;
    }

    void secretVariablesAreNamedByTheirEnding()
    {
        QFETCH(QString, name);
        QFETCH(bool, secret);
        QCOMPARE(Redactor::isSecretVariable(name), secret);
    }

    void environmentSecretsAreMaskedInLogLines()
    {
        // What syncsmart-cli and the console do in main(): one redactor from the environment, installed
        // as the message handler (and handed to the commands).
        const QByteArray shopKey = "envkey-7c1e9a55d0";
        const QByteArray erpPassword = "Erp pass 0b7d!";
        qputenv("SYNCSMART_TSTCOMMON_SHOP_KEY", shopKey);
        qputenv("SYNCSMART_TSTCOMMON_ERP_PASSWORD", erpPassword);
        const auto redactor = Redactor::withEnvironmentSecrets();
        qunsetenv("SYNCSMART_TSTCOMMON_SHOP_KEY");
        qunsetenv("SYNCSMART_TSTCOMMON_ERP_PASSWORD");

        static QStringList captured;
        captured.clear();
        qInstallMessageHandler(
            [](QtMsgType, const QMessageLogContext &, const QString &msg) { captured << msg; });
        installRedactingMessageHandler(redactor);
        qWarning() << "shop refused key" << shopKey << "- check the profile";
        qWarning("ERP login with %s failed", erpPassword.constData());
        qWarning("sent Authorization: Basic %s", (shopKey + ':').toBase64().constData());
        qInstallMessageHandler(nullptr);

        QCOMPARE(captured.size(), 3);
        const QString all = captured.join(QLatin1Char('\n'));
        QVERIFY2(!all.contains(QString::fromLatin1(shopKey)), qPrintable(all));
        QVERIFY2(!all.contains(QString::fromLatin1(erpPassword)), qPrintable(all));
        QVERIFY2(!all.contains(QString::fromLatin1(shopKey.toBase64().left(16))), qPrintable(all));
        QVERIFY(captured.first().contains(QStringLiteral("check the profile")));
    }

    void logLinesAreRedacted()
    {
        static QStringList captured;
        captured.clear();
        qInstallMessageHandler(
            [](QtMsgType, const QMessageLogContext &, const QString &msg) { captured << msg; });
        auto r = std::make_shared<Redactor>();
        r->addSecret(QStringLiteral("planted-secret-123"));
        installRedactingMessageHandler(r);
        qWarning() << "connecting with planted-secret-123 to the shop";
        qInstallMessageHandler(nullptr);
        QCOMPARE(captured.size(), 1);
        QVERIFY2(!captured.first().contains(QStringLiteral("planted-secret-123")),
                 qPrintable(captured.first()));
        QVERIFY(captured.first().contains(QStringLiteral("to the shop")));
    }
};

QTEST_GUILESS_MAIN(TestCommon)
#include "tst_common.moc"
