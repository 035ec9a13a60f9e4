#include "common/clock.h"
#include "common/redactor.h"
#include "common/result.h"

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
        for (auto c : {ErrorCategory::Transient, ErrorCategory::Permanent, ErrorCategory::Auth, ErrorCategory::Config})
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
                                           .arg(QString::fromLatin1((key + QLatin1Char(':')).toUtf8().toBase64()));
        QTest::newRow("url user") << QStringLiteral("GET https://%1@shop.example/api/products").arg(key);
        QTest::newRow("query") << QStringLiteral("GET /api/products?ws_key=%1&display=full").arg(key);
        QTest::newRow("odoo args") << QStringLiteral(R"({"args":["db",2,"%1","product.product","write"]})").arg(key);
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
        QVERIFY(!clean.value(QStringLiteral("inner")).toMap().value(QStringLiteral("request")).toString().contains(
            QStringLiteral("s3cr3t")));
        const QVariantList list = clean.value(QStringLiteral("list")).toList();
        QVERIFY(!list.first().toString().contains(QStringLiteral("s3cr3t")));
        QCOMPARE(list.last(), QVariant(true));
    }

    void logLinesAreRedacted()
    {
        static QStringList captured;
        captured.clear();
        qInstallMessageHandler([](QtMsgType, const QMessageLogContext &, const QString &msg) { captured << msg; });
        auto r = std::make_shared<Redactor>();
        r->addSecret(QStringLiteral("planted-secret-123"));
        installRedactingMessageHandler(r);
        qWarning() << "connecting with planted-secret-123 to the shop";
        qInstallMessageHandler(nullptr);
        QCOMPARE(captured.size(), 1);
        QVERIFY2(!captured.first().contains(QStringLiteral("planted-secret-123")), qPrintable(captured.first()));
        QVERIFY(captured.first().contains(QStringLiteral("to the shop")));
    }
};

QTEST_GUILESS_MAIN(TestCommon)
#include "tst_common.moc"
