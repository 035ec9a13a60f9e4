// syncsmart-sim as tests and demo mode use it: a child process on free ports that announces
// itself with a ready line, is steered through its control API and dies with its parent.
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QSignalSpy>
#include <QTest>

#include <csignal>
#include <sys/types.h>

class TestSimProcess : public QObject
{
    Q_OBJECT

private slots:
    void readyLineGivesFreePortsAndKeys();
    void bothApisAnswerWithTheAnnouncedKeys();
    void writesShowInTheEffectLogAndFaultsSwitchAtRunTime();
    void controlPortStaysUpWhileAPeerIsDown();
    void diesWithItsParent();
    void badArgumentsExplainThemselves();

private:
    struct Sim
    {
        Sim() = default;
        Sim(Sim &&) = default;
        ~Sim()
        {
            if (process) {
                process->kill();
                process->waitForFinished(5000);
            }
        }
        std::unique_ptr<QProcess> process;
        QJsonObject ready;
    };
    static Sim startSim(const QStringList &extra = {});
    QByteArray request(const QByteArray &method, const QString &url, const QByteArray &body = {},
                       const QList<std::pair<QByteArray, QByteArray>> &headers = {}, int *status = nullptr);
    static QByteArray basic(const QString &key) { return "Basic " + (key.toLatin1() + ':').toBase64(); }

    QNetworkAccessManager m_network;
};

namespace {

QJsonObject readReadyLine(QProcess &process, QString *seen)
{
    QByteArray buffer;
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < 60000) {
        if (!process.waitForReadyRead(1000) && process.state() == QProcess::NotRunning)
            break;
        buffer += process.readAllStandardOutput();
        for (const QByteArray &line : buffer.split('\n')) {
            if (line.startsWith("SYNCSMART_SIM_READY "))
                return QJsonDocument::fromJson(line.mid(20)).object();
        }
    }
    *seen = QString::fromUtf8(buffer + process.readAllStandardError());
    return {};
}

} // namespace

TestSimProcess::Sim TestSimProcess::startSim(const QStringList &extra)
{
    Sim sim;
    sim.process = std::make_unique<QProcess>();
    sim.process->start(QStringLiteral(SYNCSMART_SIM_BINARY),
                       QStringList{QStringLiteral("--products"), QStringLiteral("200"), QStringLiteral("--die-with-parent")} + extra);
    QString seen;
    sim.ready = readReadyLine(*sim.process, &seen);
    if (sim.ready.isEmpty())
        qWarning("no ready line; output: %s", qPrintable(seen));
    return sim;
}

QByteArray TestSimProcess::request(const QByteArray &method, const QString &url, const QByteArray &body,
                                   const QList<std::pair<QByteArray, QByteArray>> &headers, int *status)
{
    QNetworkRequest req{QUrl(url)};
    req.setTransferTimeout(10000);
    for (const auto &[name, value] : headers)
        req.setRawHeader(name, value);
    QNetworkReply *reply = m_network.sendCustomRequest(req, method, body);
    QSignalSpy done(reply, &QNetworkReply::finished);
    if (!reply->isFinished())
        done.wait(15000);
    if (status)
        *status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray out = reply->isOpen() ? reply->readAll() : QByteArray();
    reply->deleteLater();
    return out;
}

void TestSimProcess::readyLineGivesFreePortsAndKeys()
{
    Sim a = startSim();
    Sim b = startSim();
    QVERIFY(!a.ready.isEmpty() && !b.ready.isEmpty());
    const int portA = a.ready.value(QStringLiteral("prestashop")).toObject().value(QStringLiteral("port")).toInt();
    const int portB = b.ready.value(QStringLiteral("prestashop")).toObject().value(QStringLiteral("port")).toInt();
    QVERIFY(portA > 0 && portB > 0 && portA != portB); // two in parallel do not collide
    QCOMPARE(a.ready.value(QStringLiteral("prestashop")).toObject().value(QStringLiteral("key")).toString().size(), 32);
    QCOMPARE(a.ready.value(QStringLiteral("odoo")).toObject().value(QStringLiteral("apiKey")).toString().size(), 40);
    QVERIFY(a.ready.value(QStringLiteral("control")).toString().startsWith(QLatin1String("http://127.0.0.1:")));
}

void TestSimProcess::bothApisAnswerWithTheAnnouncedKeys()
{
    Sim sim = startSim();
    const QJsonObject shop = sim.ready.value(QStringLiteral("prestashop")).toObject();
    int status = 0;
    const QByteArray list = request("GET", shop.value(QStringLiteral("url")).toString()
                                               + QStringLiteral("products?display=[id,reference]&sort=[id_ASC]&limit=0,5&output_format=JSON"),
                                    {}, {{"Authorization", basic(shop.value(QStringLiteral("key")).toString())}}, &status);
    QCOMPARE(status, 200);
    QCOMPARE(QJsonDocument::fromJson(list).object().value(QStringLiteral("products")).toArray().size(), 5);
    request("GET", shop.value(QStringLiteral("url")).toString() + QStringLiteral("products/1"), {},
            {{"Authorization", basic(QStringLiteral("WRONGKEYWRONGKEYWRONGKEYWRONGKEY"))}}, &status);
    QCOMPARE(status, 401);

    const QJsonObject erp = sim.ready.value(QStringLiteral("odoo")).toObject();
    const QJsonObject call{{QStringLiteral("jsonrpc"), QStringLiteral("2.0")},
                           {QStringLiteral("method"), QStringLiteral("call")},
                           {QStringLiteral("id"), 1},
                           {QStringLiteral("params"),
                            QJsonObject{{QStringLiteral("service"), QStringLiteral("common")},
                                        {QStringLiteral("method"), QStringLiteral("authenticate")},
                                        {QStringLiteral("args"),
                                         QJsonArray{erp.value(QStringLiteral("database")), erp.value(QStringLiteral("login")),
                                                    erp.value(QStringLiteral("apiKey")), QJsonObject{}}}}}};
    const QByteArray answer = request("POST", erp.value(QStringLiteral("url")).toString(), QJsonDocument(call).toJson(),
                                      {{"Content-Type", "application/json"}}, &status);
    QCOMPARE(status, 200);
    QVERIFY2(QJsonDocument::fromJson(answer).object().value(QStringLiteral("result")).toInt() > 0, answer.constData());
}

void TestSimProcess::writesShowInTheEffectLogAndFaultsSwitchAtRunTime()
{
    Sim sim = startSim();
    const QJsonObject shop = sim.ready.value(QStringLiteral("prestashop")).toObject();
    const QString control = sim.ready.value(QStringLiteral("control")).toString();
    const QByteArray auth = basic(shop.value(QStringLiteral("key")).toString());
    const QByteArray patch = "<prestashop><product><id>1</id><price>99.500000</price></product></prestashop>";
    int status = 0;
    request("PATCH", shop.value(QStringLiteral("url")).toString() + QStringLiteral("products/1"), patch,
            {{"Authorization", auth}, {"Content-Type", "text/xml"}}, &status);
    QCOMPARE(status, 200);
    const QJsonObject effects = QJsonDocument::fromJson(
        request("GET", control + QStringLiteral("effects?peer=prestashop&source=api"))).object();
    QCOMPARE(effects.value(QStringLiteral("total")).toInt(), 1);
    const QJsonObject effect = effects.value(QStringLiteral("effects")).toArray().at(0).toObject();
    QCOMPARE(effect.value(QStringLiteral("key")).toString(), QStringLiteral("SKU-000001"));
    QVERIFY(effect.value(QStringLiteral("fields")).toArray().contains(QStringLiteral("price")));

    request("POST", control + QStringLiteral("faults"), "[{\"peer\":\"prestashop\",\"kind\":\"error\",\"status\":503}]", {}, &status);
    QCOMPARE(status, 200);
    request("PATCH", shop.value(QStringLiteral("url")).toString() + QStringLiteral("products/1"), patch,
            {{"Authorization", auth}}, &status);
    QCOMPARE(status, 503);
    request("POST", control + QStringLiteral("faults/clear"), {}, {}, &status);
    request("GET", shop.value(QStringLiteral("url")).toString() + QStringLiteral("products/1"), {}, {{"Authorization", auth}}, &status);
    QCOMPARE(status, 200);
    const QByteArray bad = request("POST", control + QStringLiteral("faults"), "[{\"kind\":\"nope\"}]", {}, &status);
    QCOMPARE(status, 400);
    QVERIFY(bad.contains("kind"));
}

void TestSimProcess::controlPortStaysUpWhileAPeerIsDown()
{
    Sim sim = startSim();
    const QJsonObject shop = sim.ready.value(QStringLiteral("prestashop")).toObject();
    const QString control = sim.ready.value(QStringLiteral("control")).toString();
    int status = 0;
    request("POST", control + QStringLiteral("faults"), "[{\"peer\":\"prestashop\",\"kind\":\"down\",\"forMs\":60000}]", {}, &status);
    QCOMPARE(status, 200);
    request("GET", shop.value(QStringLiteral("url")).toString() + QStringLiteral("products/1"), {}, {}, &status);
    QCOMPARE(status, 0); // no HTTP answer at all: connection refused
    const QJsonObject stats = QJsonDocument::fromJson(request("GET", control + QStringLiteral("stats"), {}, {}, &status)).object();
    QCOMPARE(status, 200);
    QCOMPARE(stats.value(QStringLiteral("prestashop")).toObject().value(QStringLiteral("up")).toBool(), false);
    QCOMPARE(stats.value(QStringLiteral("odoo")).toObject().value(QStringLiteral("up")).toBool(), true);
    request("POST", control + QStringLiteral("faults/clear"), {}, {}, &status);
    request("GET", shop.value(QStringLiteral("url")).toString() + QStringLiteral("products/1"), {},
            {{"Authorization", basic(shop.value(QStringLiteral("key")).toString())}}, &status);
    QCOMPARE(status, 200);
}

void TestSimProcess::diesWithItsParent()
{
    // An intermediate shell plays the test harness that gets killed.
    QProcess parent;
    parent.start(QStringLiteral("/bin/sh"),
                 {QStringLiteral("-c"), QStringLiteral("\"$0\" --products 10 --die-with-parent & wait"),
                  QStringLiteral(SYNCSMART_SIM_BINARY)});
    QString seen;
    const QJsonObject ready = readReadyLine(parent, &seen);
    QVERIFY2(!ready.isEmpty(), qPrintable(seen));
    const pid_t simPid = pid_t(ready.value(QStringLiteral("pid")).toInteger());
    QVERIFY(simPid > 0);
    QCOMPARE(::kill(simPid, 0), 0);
    ::kill(pid_t(parent.processId()), SIGKILL);
    parent.waitForFinished(5000);
    QTRY_VERIFY_WITH_TIMEOUT(::kill(simPid, 0) != 0, 5000);
}

void TestSimProcess::badArgumentsExplainThemselves()
{
    QProcess process;
    process.start(QStringLiteral(SYNCSMART_SIM_BINARY), {QStringLiteral("--products"), QStringLiteral("lots")});
    QVERIFY(process.waitForFinished(10000));
    QCOMPARE(process.exitCode(), 2);
    QVERIFY(process.readAllStandardError().contains("--products must be a whole number"));

    process.start(QStringLiteral(SYNCSMART_SIM_BINARY), {QStringLiteral("--faults"), QStringLiteral("[{\"kind\":\"boom\"}]")});
    QVERIFY(process.waitForFinished(10000));
    QCOMPARE(process.exitCode(), 2);
    QVERIFY(process.readAllStandardError().contains("fault rule 1"));
}

QTEST_GUILESS_MAIN(TestSimProcess)
#include "tst_simprocess.moc"
