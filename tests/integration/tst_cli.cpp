// syncsmart-cli as an operator or a script reads with it: status, dlq list/show, profiles, help and
// argument errors, run as a real process on databases seeded through the core queue API.
#include "clitestcase.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QRegularExpression>
#include <QtTest>

using namespace syncsmart;

class TestCli : public CliTestCase
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        // The fixture's own progress lines would drown the test output.
        QLoggingCategory::setFilterRules(QStringLiteral("core.*.info=false"));
    }
    void init() { setUpFixture(); }
    void cleanup() { tearDownFixture(); }

    void statusCountsEveryStatePerTarget();
    void listFiltersExactly();
    void listTextIsATableWithAFooter();
    void showPrintsErrorContextPayloadAndHistory();
    void profileIsFoundUnderTheDataDir();
    void missingDatabaseIsReportedNotCreated();
    void plantedSecretsAreNotPrinted();
    void badArgumentsExitWithTwoAndChangeNothing_data();
    void badArgumentsExitWithTwoAndChangeNothing();
    void everyCommandHasHelp_data();
    void everyCommandHasHelp();
};

void TestCli::statusCountsEveryStatePerTarget()
{
    const CliRun text = run({QStringLiteral("--db"), m_db, QStringLiteral("status")});
    QCOMPARE(text.exitCode, 0);
    QVERIFY(text.err.isEmpty());
    QMap<QString, QStringList> rows;
    for (const QString &line : text.out.split(QLatin1Char('\n'))) {
        const QStringList cells = line.split(QLatin1Char(' '), Qt::SkipEmptyParts);
        if (!cells.isEmpty())
            rows.insert(cells.first(), cells);
    }
    QVERIFY2(rows.value(QStringLiteral("TARGET"))
                 .join(' ')
                 .contains(QStringLiteral("PENDING LEASED DONE DEAD DISCARDED")),
             qPrintable(text.out));
    QCOMPARE(rows.value(QStringLiteral("shop")), QStringList({"shop", "active", "1", "0", "2", "2", "0"}));
    QCOMPARE(rows.value(QStringLiteral("erp")), QStringList({"erp", "active", "1", "0", "1", "3", "0"}));
    QCOMPARE(rows.value(QStringLiteral("all")), QStringList({"all", "2", "0", "3", "5", "0"}));
    QVERIFY(text.out.contains(QStringLiteral("5 dead letters wait")));

    const CliRun json =
        run({QStringLiteral("status"), QStringLiteral("--db"), m_db, QStringLiteral("--json")});
    QCOMPARE(json.exitCode, 0);
    const QJsonObject o = QJsonDocument::fromJson(json.out.toUtf8()).object();
    const QJsonObject counts = o.value(QStringLiteral("counts")).toObject();
    QCOMPARE(counts.value(QStringLiteral("pending")).toInt(), 2);
    QCOMPARE(counts.value(QStringLiteral("done")).toInt(), 3);
    QCOMPARE(counts.value(QStringLiteral("dead")).toInt(), 5);
    QCOMPARE(counts.value(QStringLiteral("leased")).toInt(), 0);
    QCOMPARE(counts.value(QStringLiteral("discarded")).toInt(), 0);
    QCOMPARE(o.value(QStringLiteral("targets")).toArray().size(), 2);
}

void TestCli::listFiltersExactly()
{
    auto list = [&](QStringList filters) {
        const CliRun r = run(QStringList{QStringLiteral("--db"), m_db, QStringLiteral("dlq"),
                                         QStringLiteral("list"), QStringLiteral("--json")} +
                             filters);
        if (r.exitCode != 0)
            qWarning() << r.err;
        const QJsonObject o = QJsonDocument::fromJson(r.out.toUtf8()).object();
        return idsOf(o.value(QStringLiteral("deadLetters")).toArray());
    };
    QCOMPARE(list({}), QSet<qint64>({m_shopPrice, m_shopStock, m_erpOrder, m_erpTimeout, m_erpCustomer}));
    QCOMPARE(list({QStringLiteral("--target"), QStringLiteral("shop")}),
             QSet<qint64>({m_shopPrice, m_shopStock}));
    QCOMPARE(list({QStringLiteral("--target=erp"), QStringLiteral("--error"), QStringLiteral("TIMED OUT")}),
             QSet<qint64>({m_erpTimeout}));
    QCOMPARE(list({QStringLiteral("--category"), QStringLiteral("transient")}), QSet<qint64>({m_erpTimeout}));
    QCOMPARE(list({QStringLiteral("--kind"), QStringLiteral("order.push")}),
             QSet<qint64>({m_erpOrder, m_erpTimeout}));
    QCOMPARE(list({QStringLiteral("--since"), QStringLiteral("1h")}), QSet<qint64>()); // all died ~2 h ago
    QCOMPARE(list({QStringLiteral("--until"), QStringLiteral("1h")}).size(), 5);
    QCOMPARE(list({QStringLiteral("--limit"), QStringLiteral("2"), QStringLiteral("--offset"),
                   QStringLiteral("4")})
                 .size(),
             1);
}

void TestCli::listTextIsATableWithAFooter()
{
    const CliRun r = run({QStringLiteral("--db"), m_db, QStringLiteral("dlq"), QStringLiteral("list"),
                          QStringLiteral("--target"), QStringLiteral("shop")});
    QCOMPARE(r.exitCode, 0);
    const QStringList lines = r.out.split(QLatin1Char('\n'));
    QVERIFY2(lines.first().contains(QRegularExpression(
                 QStringLiteral("ID +TARGET +KIND +ATTEMPTS +DEAD SINCE +CATEGORY +ERROR"))),
             qPrintable(r.out));
    QSet<qint64> listed;
    for (int i = 1; i < lines.size() && !lines.at(i).isEmpty(); ++i)
        listed.insert(lines.at(i).split(QLatin1Char(' '), Qt::SkipEmptyParts).first().toLongLong());
    QCOMPARE(listed, QSet<qint64>({m_shopPrice, m_shopStock}));
    QVERIFY(r.out.contains(QStringLiteral("field price is invalid (code 85)")));
    QVERIFY2(r.out.contains(QStringLiteral("Showing 1–2 of 2 dead letters matching target = shop.")),
             qPrintable(r.out));

    const CliRun page = run({QStringLiteral("--db"), m_db, QStringLiteral("dlq"), QStringLiteral("list"),
                             QStringLiteral("--limit"), QStringLiteral("2")});
    QVERIFY2(page.out.contains(QStringLiteral("Showing 1–2 of 5 dead letters. Next page: --offset 2.")),
             qPrintable(page.out));
}

void TestCli::showPrintsErrorContextPayloadAndHistory()
{
    const CliRun r = run({QStringLiteral("--db"), m_db, QStringLiteral("dlq"), QStringLiteral("show"),
                          QString::number(m_shopPrice)});
    QCOMPARE(r.exitCode, 0);
    for (const char *expected : {"PrestaShop refused product SKU-1042: field price is invalid (code 85)",
                                 "prestashop.validation", "permanent", "PATCH /api/products/1042",
                                 "httpStatus", "\"price_tax_excl\": \"-3.00\"", "History", "dead"})
        QVERIFY2(r.out.contains(QString::fromUtf8(expected)), expected);

    const CliRun timeout = run({QStringLiteral("--db"), m_db, QStringLiteral("dlq"), QStringLiteral("show"),
                                QString::number(m_erpTimeout), QStringLiteral("--json")});
    QCOMPARE(timeout.exitCode, 0);
    const QJsonObject o = QJsonDocument::fromJson(timeout.out.toUtf8()).object();
    const QJsonObject job = o.value(QStringLiteral("job")).toObject();
    QCOMPARE(job.value(QStringLiteral("state")).toString(), QStringLiteral("dead"));
    QCOMPARE(job.value(QStringLiteral("attempts")).toInt(), 2);
    QCOMPARE(job.value(QStringLiteral("payload")).toObject().value(QStringLiteral("order_id")).toInt(), 1300);
    QCOMPARE(job.value(QStringLiteral("error")).toObject().value(QStringLiteral("category")).toString(),
             QStringLiteral("transient"));
    QVERIFY(o.value(QStringLiteral("history")).toArray().size() >= 2); // a scheduled retry, then dead

    const CliRun unknown = run({QStringLiteral("--db"), m_db, QStringLiteral("dlq"), QStringLiteral("show"),
                                QStringLiteral("999999")});
    QCOMPARE(unknown.exitCode, 1);
    QVERIFY(unknown.err.contains(QStringLiteral("999999")));
}

void TestCli::profileIsFoundUnderTheDataDir()
{
    const QString profileDb = filePath(QStringLiteral("data/profiles/shop1/syncsmart.db"));
    {
        auto queue = openQueue(profileDb, m_clock);
        QVERIFY(queue);
        QVERIFY(deadLetter(*queue, QStringLiteral("shop"), QStringLiteral("stock.set"), "{}",
                           Error::permanent(QStringLiteral("x"), QStringLiteral("only one"))));
    }
    const CliRun r = run({QStringLiteral("--profile"), QStringLiteral("shop1"), QStringLiteral("status"),
                          QStringLiteral("--json")});
    QCOMPARE(r.exitCode, 0);
    const QJsonObject o = QJsonDocument::fromJson(r.out.toUtf8()).object();
    QCOMPARE(o.value(QStringLiteral("database")).toString(), profileDb);
    QCOMPARE(o.value(QStringLiteral("counts")).toObject().value(QStringLiteral("dead")).toInt(), 1);

    // The option may also follow the command.
    const CliRun after = run({QStringLiteral("dlq"), QStringLiteral("list"), QStringLiteral("--profile"),
                              QStringLiteral("shop1")});
    QCOMPARE(after.exitCode, 0);
    QVERIFY(after.out.contains(QStringLiteral("only one")));
}

void TestCli::missingDatabaseIsReportedNotCreated()
{
    const QString defaultDb = filePath(QStringLiteral("data/profiles/default/syncsmart.db"));
    for (const QStringList &command :
         {QStringList{QStringLiteral("status")}, QStringList{QStringLiteral("dlq"), QStringLiteral("list")},
          QStringList{QStringLiteral("dlq"), QStringLiteral("retry"), QStringLiteral("1")}}) {
        const CliRun r = run(command);
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(QStringLiteral("No database at ") + defaultDb), qPrintable(r.err));
        QVERIFY2(r.err.contains(QStringLiteral("--profile")), qPrintable(r.err));
        QVERIFY(r.out.isEmpty());
    }
    const QString missing = filePath(QStringLiteral("nope.db"));
    const CliRun r = run({QStringLiteral("--db"), missing, QStringLiteral("dlq"), QStringLiteral("show"),
                          QStringLiteral("1")});
    QCOMPARE(r.exitCode, 1);
    QVERIFY(r.err.contains(QStringLiteral("No database at ") + missing));
    QVERIFY(!QFile::exists(defaultDb));
    QVERIFY(!QFile::exists(missing));
}

void TestCli::plantedSecretsAreNotPrinted()
{
    // One secret in shapes every redactor knows (URL key, Basic auth), one that only the
    // environment the CLI runs with can reveal as a secret.
    const QString secret = QStringLiteral("PLANTEDSECRET123");
    const QString envSecret = QStringLiteral("envonly-5f3a9c");
    const QString db = filePath(QStringLiteral("secret.db"));
    qint64 id = 0;
    {
        auto queue = openQueue(db, m_clock);
        QVERIFY(queue);
        id = deadLetter(
            *queue, QStringLiteral("shop"), QStringLiteral("product.price"), R"({"sku":"SKU-7"})",
            Error::permanent(
                QStringLiteral("prestashop.auth"),
                QStringLiteral("PrestaShop refused GET /api/products?ws_key=%1").arg(secret),
                {{QStringLiteral("request"),
                  QStringLiteral("GET /api/products?ws_key=%1&display=full").arg(secret)},
                 {QStringLiteral("headers"),
                  QStringLiteral("Authorization: Basic %1")
                      .arg(QString::fromLatin1((secret + ':').toUtf8().toBase64()))},
                 {QStringLiteral("response"), QStringLiteral("key %1 is not active").arg(envSecret)}}));
        QVERIFY(id);
    }
    const QMap<QString, QString> env{{QStringLiteral("SYNCSMART_SHOP_API_KEY"), envSecret}};
    const QString idText = QString::number(id);
    for (const QStringList &command :
         {QStringList{QStringLiteral("dlq"), QStringLiteral("show"), idText},
          QStringList{QStringLiteral("dlq"), QStringLiteral("show"), idText, QStringLiteral("--json")},
          QStringList{QStringLiteral("dlq"), QStringLiteral("list")},
          QStringList{QStringLiteral("dlq"), QStringLiteral("list"), QStringLiteral("--json")}}) {
        const CliRun r = run(QStringList{QStringLiteral("--db"), db} + command, env);
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains(QStringLiteral("PrestaShop refused GET")));
        const QString all = r.out + r.err;
        QVERIFY2(!all.contains(secret), qPrintable(all));
        QVERIFY2(!all.contains(envSecret), qPrintable(all));
        QVERIFY2(!all.contains(QString::fromLatin1(secret.toUtf8().toBase64().left(12))), qPrintable(all));
    }
}

void TestCli::badArgumentsExitWithTwoAndChangeNothing_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("mentions");
    const QString id = QStringLiteral("1");
    QTest::newRow("no command") << QStringList{} << "no command";
    QTest::newRow("unknown command") << QStringList{"frobnicate"} << "unknown command \"frobnicate\"";
    QTest::newRow("dlq alone") << QStringList{"dlq"} << "which dlq command";
    QTest::newRow("unknown dlq command") << QStringList{"dlq", "purge"} << "unknown command \"purge\"";
    QTest::newRow("unknown option") << QStringList{"status", "--bogus"} << "bogus";
    QTest::newRow("unexpected argument") << QStringList{"status", "now"} << "unexpected argument";
    QTest::newRow("non-numeric id") << QStringList{"dlq", "show", "abc"} << "\"abc\" is not a job id";
    QTest::newRow("show without id") << QStringList{"dlq", "show"} << "which job";
    QTest::newRow("bad date") << QStringList{"dlq", "list", "--since", "last tuesday"} << "not a date";
    QTest::newRow("since after until")
        << QStringList{"dlq", "list", "--since", "1h", "--until", "2h"} << "earlier";
    QTest::newRow("bad category") << QStringList{"dlq", "list", "--category", "fatal"}
                                  << "transient, permanent";
    QTest::newRow("zero limit") << QStringList{"dlq", "list", "--limit", "0"} << "--limit";
    QTest::newRow("word limit") << QStringList{"dlq", "list", "--limit", "many"} << "--limit";
    QTest::newRow("missing value") << QStringList{"dlq", "list", "--target"} << "--target";
    QTest::newRow("retry nothing") << QStringList{"dlq", "retry"} << "nothing to retry";
    QTest::newRow("ids and all-matching")
        << QStringList{"dlq", "retry", id, "--all-matching", "--target", "shop"} << "not both";
    QTest::newRow("filter without all-matching")
        << QStringList{"dlq", "retry", "--target", "shop"} << "--all-matching";
    QTest::newRow("everything with filter")
        << QStringList{"dlq", "retry", "--all-matching", "--everything", "--target", "shop"}
        << "--everything";
    QTest::newRow("dry-run with ids") << QStringList{"dlq", "retry", id, "--dry-run"} << "--dry-run";
    QTest::newRow("discard without reason") << QStringList{"dlq", "discard", id} << "--reason";
    QTest::newRow("discard all without reason")
        << QStringList{"dlq", "discard", "--all-matching", "--target", "erp"} << "--reason";
    QTest::newRow("profile and db") << QStringList{"--profile", "x", "status"} << "not both";
    QTest::newRow("bad profile name")
        << QStringList{"status", "--profile", "../etc"} << "not a valid profile name";
    QTest::newRow("bad count") << QStringList{"seed-sample", "--count", "3"} << "--count";
}

void TestCli::badArgumentsExitWithTwoAndChangeNothing()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, mentions);
    // Every case also names a database (the fixture), so "nothing changed" can be checked; the
    // profile-name cases give --profile and must not touch it either.
    QStringList full = arguments;
    if (!arguments.contains(QStringLiteral("--profile")))
        full = QStringList{QStringLiteral("--db"), m_db} + arguments;
    else if (arguments.first() == QLatin1String("--profile"))
        full = arguments + QStringList{QStringLiteral("--db"), m_db};
    const QByteArray before = fileHash(m_db);
    const CliRun r = run(full);
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(mentions), qPrintable(r.err));
    QVERIFY2(r.err.contains(QStringLiteral("--help")), qPrintable(r.err));
    QVERIFY2(r.out.isEmpty(), qPrintable(r.out));
    QCOMPARE(fileHash(m_db), before);
}

void TestCli::everyCommandHasHelp_data()
{
    QTest::addColumn<QStringList>("command");
    QTest::addColumn<QStringList>("mentions");
    QTest::newRow("top") << QStringList{}
                         << QStringList{"status",      "dlq list",  "dlq show", "dlq retry", "dlq discard",
                                        "seed-sample", "--profile", "--db",     "--version", "Exit status"};
    QTest::newRow("dlq") << QStringList{"dlq"}
                         << QStringList{"dlq list", "dlq show", "dlq retry", "dlq discard"};
    QTest::newRow("status") << QStringList{"status"} << QStringList{"--json", "--profile", "--db"};
    QTest::newRow("dlq list") << QStringList{"dlq", "list"}
                              << QStringList{"--target", "--kind",    "--error", "--category",
                                             "--since",  "--until",   "--limit", "--offset",
                                             "--json",   "--profile", "--db"};
    QTest::newRow("dlq show") << QStringList{"dlq", "show"} << QStringList{"ID", "--json", "--profile"};
    QTest::newRow("dlq retry") << QStringList{"dlq", "retry"}
                               << QStringList{"ID",       "--all-matching", "--everything", "--dry-run",
                                              "--target", "--error",        "--json",       "--db"};
    QTest::newRow("dlq discard") << QStringList{"dlq", "discard"}
                                 << QStringList{"ID",           "--reason",  "--all-matching",
                                                "--everything", "--dry-run", "--category",
                                                "--db"};
    QTest::newRow("pause") << QStringList{"pause"} << QStringList{"TARGET", "--reason", "--profile"};
    QTest::newRow("resume") << QStringList{"resume"} << QStringList{"TARGET", "--db"};
    QTest::newRow("seed-sample") << QStringList{"seed-sample"}
                                 << QStringList{"--count", "--seed", "--profile"};
}

void TestCli::everyCommandHasHelp()
{
    QFETCH(QStringList, command);
    QFETCH(QStringList, mentions);
    const QStringList forms[] = {command + QStringList{QStringLiteral("--help")},
                                 QStringList{QStringLiteral("help")} + command};
    for (const QStringList &form : forms) {
        const CliRun r = run(form);
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.err.isEmpty());
        QVERIFY2(r.out.startsWith(QStringLiteral("Usage: syncsmart-cli")), qPrintable(r.out));
        for (const QString &m : mentions)
            QVERIFY2(r.out.contains(m), qPrintable(QStringLiteral("%1 missing in:\n%2").arg(m, r.out)));
    }
    const CliRun version = run({QStringLiteral("--version")});
    QCOMPARE(version.exitCode, 0);
    QVERIFY(version.out.startsWith(QStringLiteral("syncsmart-cli ")));
}

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
