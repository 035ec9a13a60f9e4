// `syncsmart-cli sync-once` as cron or an agency's script runs it: a real process, a profile written
// from `profile-template`, API keys in the environment, against syncsmart-sim over loopback.
#include "clitestcase.h"
#include "simprocess.h"
#include "tst_cliprofile.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QTcpServer>
#include <QtTest>

using namespace syncsmart;
using namespace syncsmart::testing;

class TestCliSyncOnce : public CliTestCase
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QLoggingCategory::setFilterRules(QStringLiteral("core.*.info=false"));
        const QString problem = m_sim.start(150, {QStringLiteral("--field-mismatch"), QStringLiteral("0.2"),
                                                  QStringLiteral("--missing-in-erp"), QStringLiteral("0.05")});
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }
    void init() { setUpFixture(); }
    void cleanup() { tearDownFixture(); }

    void aProfileFromTheTemplateSyncsThenFindsNothingToDo();
    void anInvalidProfileNamesTheKeyAndSyncsNothing();
    void aMissingKeyVariableIsNamed();
    void anUnreachablePeerSaysWhatToCheck();

private:
    // The template with the simulator's addresses filled in, as a person would edit it.
    QString writeProfile(const QString &name, const QString &shopUrl, const QString &priceRule = QStringLiteral("erp"));
    QMap<QString, QString> keys() const { return simKeys(m_sim); }

    SimProcess m_sim;
};

QString TestCliSyncOnce::writeProfile(const QString &name, const QString &shopUrl, const QString &priceRule)
{
    const CliRun tmpl = run({QStringLiteral("profile-template")});
    if (tmpl.exitCode != 0)
        return {};
    const QString text = profileTextFor(tmpl.out, m_sim, shopUrl, priceRule);
    const QString path = filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return {};
    file.write(text.toUtf8());
    return path;
}

void TestCliSyncOnce::aProfileFromTheTemplateSyncsThenFindsNothingToDo()
{
    const QString profile = writeProfile(QStringLiteral("shop.ini"), m_sim.prestashopUrl());
    QVERIFY(!profile.isEmpty());
    const QString db = filePath(QStringLiteral("sync.db"));
    const QStringList args{QStringLiteral("--db"), db, QStringLiteral("sync-once"), QStringLiteral("--profile-file"), profile};

    const CliRun first = run(args + QStringList{QStringLiteral("--json")}, keys());
    QVERIFY2(first.exitCode == 0, qPrintable(first.err));
    const QJsonObject report = QJsonDocument::fromJson(first.out.toUtf8()).object();
    const QJsonObject pass = report.value(QStringLiteral("pass")).toObject();
    const QJsonObject drain = report.value(QStringLiteral("drain")).toObject();
    QVERIFY2(pass.value(QStringLiteral("firstSync")).toBool(), qPrintable(first.out));
    QVERIFY2(pass.value(QStringLiteral("jobsEnqueued")).toInt() > 0, qPrintable(first.out));
    QCOMPARE(drain.value(QStringLiteral("applied")).toInt(), pass.value(QStringLiteral("jobsEnqueued")).toInt());
    QCOMPARE(drain.value(QStringLiteral("dead")).toInt(), 0);
    // SKUs only in the shop are reported with what to do, not created in the ERP.
    const QJsonArray issues = pass.value(QStringLiteral("issues")).toArray();
    QVERIFY2(!issues.isEmpty(), qPrintable(first.out));
    QCOMPARE(issues.first().toObject().value(QStringLiteral("kind")).toString(), QStringLiteral("shop only"));
    const int apiWrites = m_sim.control(QStringLiteral("effects"), QJsonValue::Undefined,
                                        QStringLiteral("source=api&limit=1"))
                              .value(QStringLiteral("total"))
                              .toInt();
    QCOMPARE(apiWrites, drain.value(QStringLiteral("applied")).toInt());

    // The next run sees only the echoes of its own writes: nothing to write, said in words.
    const CliRun second = run(args, keys());
    QVERIFY2(second.exitCode == 0, qPrintable(second.err));
    QVERIFY2(second.out.contains(QStringLiteral("Nothing to write: both sides agree.")), qPrintable(second.out));
    QVERIFY2(second.out.contains(QStringLiteral("echoes of our own writes suppressed")), qPrintable(second.out));
    for (const CliRun &r : {first, second}) {
        QVERIFY(!r.out.contains(m_sim.prestashopKey()) && !r.err.contains(m_sim.prestashopKey()));
        QVERIFY(!r.out.contains(m_sim.odooKey()) && !r.err.contains(m_sim.odooKey()));
    }
}

void TestCliSyncOnce::anInvalidProfileNamesTheKeyAndSyncsNothing()
{
    const QString profile = writeProfile(QStringLiteral("bad.ini"), m_sim.prestashopUrl(),
                                         QStringLiteral("whoever"));
    const QString db = filePath(QStringLiteral("bad.db"));
    m_sim.clearEffects();
    const CliRun r = run({QStringLiteral("--db"), db, QStringLiteral("sync-once"), QStringLiteral("--profile-file"), profile}, keys());
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(QStringLiteral("[fields] price")) && r.err.contains(QStringLiteral("whoever")), qPrintable(r.err));
    QVERIFY2(r.err.contains(QStringLiteral("nothing was synced")), qPrintable(r.err));
    QVERIFY(!QFile::exists(db));
    QCOMPARE(m_sim.control(QStringLiteral("effects"), QJsonValue::Undefined, QStringLiteral("source=api&limit=1"))
                 .value(QStringLiteral("total"))
                 .toInt(),
             0);
}

void TestCliSyncOnce::aMissingKeyVariableIsNamed()
{
    const QString profile = writeProfile(QStringLiteral("nokey.ini"), m_sim.prestashopUrl());
    QMap<QString, QString> env = keys();
    env.insert(QStringLiteral("SYNCSMART_ERP_KEY"), QString());
    const CliRun r = run({QStringLiteral("--db"), filePath(QStringLiteral("nokey.db")), QStringLiteral("sync-once"),
                          QStringLiteral("--profile-file"), profile},
                         env);
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(QStringLiteral("SYNCSMART_ERP_KEY")), qPrintable(r.err));
    QVERIFY(!r.err.contains(m_sim.prestashopKey()));
}

void TestCliSyncOnce::anUnreachablePeerSaysWhatToCheck()
{
    // A loopback port nobody listens on.
    quint16 port = 0;
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost));
        port = probe.serverPort();
    }
    const QString profile = writeProfile(QStringLiteral("down.ini"),
                                         QStringLiteral("http://127.0.0.1:%1/api/").arg(port));
    const CliRun r = run({QStringLiteral("--db"), filePath(QStringLiteral("down.db")), QStringLiteral("sync-once"),
                          QStringLiteral("--profile-file"), profile},
                         keys());
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(QStringLiteral("reachable")), qPrintable(r.err));
    QVERIFY2(r.err.contains(QStringLiteral("Nothing is lost")), qPrintable(r.err));
}

QTEST_GUILESS_MAIN(TestCliSyncOnce)
#include "tst_clisynconce.moc"
