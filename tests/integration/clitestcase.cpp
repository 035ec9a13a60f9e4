#include "clitestcase.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QFile>
#include <QJsonObject>
#include <QProcess>
#include <QtTest>

#include <csignal>
#include <sys/types.h>

namespace syncsmart {

void CliTestCase::setUpFixture()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_db = m_dir->filePath(QStringLiteral("fixture.db"));
    m_clock = std::make_shared<TestClock>(QDateTime::currentMSecsSinceEpoch() - 2 * 3600 * 1000);
    seedFixture(m_db);
}

void CliTestCase::tearDownFixture()
{
    m_dir.reset();
}

QByteArray CliTestCase::fileHash(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256);
}

QSet<qint64> CliTestCase::idsOf(const QJsonArray &jobs)
{
    QSet<qint64> ids;
    for (const QJsonValue &v : jobs)
        ids.insert(v.toObject().value(QStringLiteral("id")).toInteger());
    return ids;
}

CliRun CliTestCase::run(const QStringList &arguments, const QMap<QString, QString> &extraEnv, int interruptAfterMs)
{
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    // Never the developer's real profiles.
    env.insert(QStringLiteral("SYNCSMART_DATA_DIR"), m_dir->filePath(QStringLiteral("data")));
    env.insert(QStringLiteral("COLUMNS"), QStringLiteral("160"));
    for (auto it = extraEnv.cbegin(); it != extraEnv.cend(); ++it)
        env.insert(it.key(), it.value());
    process.setProcessEnvironment(env);
    process.start(QStringLiteral(SYNCSMART_CLI_PATH), arguments);
    if (interruptAfterMs >= 0 && process.waitForStarted(10'000)) {
        QTest::qWait(interruptAfterMs);
        ::kill(pid_t(process.processId()), SIGINT);
    }
    CliRun result;
    if (!process.waitForFinished(60'000) || process.exitStatus() != QProcess::NormalExit) {
        process.kill();
        result.err = QStringLiteral("syncsmart-cli did not finish: %1").arg(process.errorString());
        return result;
    }
    result.exitCode = process.exitCode();
    result.out = QString::fromUtf8(process.readAllStandardOutput());
    result.err = QString::fromUtf8(process.readAllStandardError());
    return result;
}

std::unique_ptr<SqliteJobQueue> CliTestCase::openQueue(const QString &path,
                                                       std::shared_ptr<const Clock> clock)
{
    if (!clock)
        clock = std::make_shared<SystemClock>();
    auto queue = SqliteJobQueue::open(DatabaseOptions{path}, clock);
    if (!queue) {
        qWarning() << queue.error().toString();
        return nullptr;
    }
    return std::move(queue).value();
}

qint64 CliTestCase::deadLetter(SqliteJobQueue &queue, const QString &target, const QString &kind,
                               const QByteArray &payload, const Error &error)
{
    auto enqueued = queue.enqueue({target, kind, QString(), payload});
    if (!enqueued)
        return 0;
    auto claimed = queue.claim(target, 1, 60'000, QStringLiteral("test-worker"));
    if (!claimed || claimed->size() != 1 || claimed->first().id != enqueued->jobId)
        return 0;
    auto failed = queue.fail(enqueued->jobId, QStringLiteral("test-worker"), error);
    if (!failed || failed->state != JobState::Dead)
        return 0;
    m_clock->advanceSecs(60);
    return enqueued->jobId;
}

void CliTestCase::seedFixture(const QString &path)
{
    auto queue = openQueue(path, m_clock);
    QVERIFY(queue);
    const QString worker = QStringLiteral("test-worker");
    for (const auto &[target, kind] : {std::pair{"shop", "product.price"}, std::pair{"shop", "product.price"},
                                       std::pair{"erp", "customer.upsert"}}) {
        auto e = queue->enqueue({QLatin1String(target), QLatin1String(kind), QString(), "{}"});
        QVERIFY(e);
        auto c = queue->claim(QLatin1String(target), 1, 60'000, worker);
        QVERIFY(c && c->size() == 1);
        QCOMPARE(*queue->ack({c->first().id}, worker), 1);
    }

    m_shopPrice = deadLetter(
        *queue, QStringLiteral("shop"), QStringLiteral("product.price"),
        R"({"sku":"SKU-1042","price_tax_excl":"-3.00"})",
        Error::permanent(QStringLiteral("prestashop.validation"),
                         QStringLiteral("PrestaShop refused product SKU-1042: field price is "
                                        "invalid (code 85)"),
                         {{QStringLiteral("httpStatus"), 500},
                          {QStringLiteral("request"), QStringLiteral("PATCH /api/products/1042")}}));
    m_shopStock = deadLetter(
        *queue, QStringLiteral("shop"), QStringLiteral("stock.set"), R"({"sku":"SKU-2087","quantity":4})",
        Error::permanent(QStringLiteral("prestashop.not_found"),
                         QStringLiteral("PrestaShop has no product with reference SKU-2087")));
    m_erpOrder =
        deadLetter(*queue, QStringLiteral("erp"), QStringLiteral("order.push"),
                   R"({"order_id":1234,"lines":[{"sku":"SKU-999","qty":2}]})",
                   Error::permanent(QStringLiteral("erp.unknown_sku"),
                                    QStringLiteral("Order #1234 line SKU-999: the ERP has no product with "
                                                   "this SKU — create it in the ERP, then retry")));
    m_erpCustomer =
        deadLetter(*queue, QStringLiteral("erp"), QStringLiteral("customer.upsert"),
                   R"({"email":"jane.doe@example.com","vat_number":"FR123"})",
                   Error::permanent(QStringLiteral("erp.validation"),
                                    QStringLiteral("Customer jane.doe@example.com: the ERP refused VAT "
                                                   "number FR123")));
    QVERIFY(m_shopPrice && m_shopStock && m_erpOrder && m_erpCustomer);

    // A transient failure that ran out of its two attempts.
    NewJob timeout{QStringLiteral("erp"), QStringLiteral("order.push"), QString(), R"({"order_id":1300})", 2};
    auto e = queue->enqueue(timeout);
    QVERIFY(e);
    m_erpTimeout = e->jobId;
    const Error timedOut =
        Error::transient(QStringLiteral("http.timeout"), QStringLiteral("ERP timed out after 30 s"));
    for (int attempt = 1; attempt <= 2; ++attempt) {
        auto c = queue->claim(QStringLiteral("erp"), 1, 60'000, worker);
        QVERIFY(c && c->size() == 1 && c->first().id == m_erpTimeout);
        auto f = queue->fail(m_erpTimeout, worker, timedOut);
        QVERIFY(f);
        QCOMPARE(toString(f->state), toString(attempt == 2 ? JobState::Dead : JobState::Pending));
        if (attempt == 1)
            m_clock->setMs(f->nextAttemptAt + 1);
    }

    QVERIFY(queue->enqueue({QStringLiteral("shop"), QStringLiteral("stock.set"), QString(), "{}"}));
    QVERIFY(queue->enqueue({QStringLiteral("erp"), QStringLiteral("order.push"), QString(), "{}"}));
}

JobState CliTestCase::stateOf(qint64 id)
{
    auto queue = openQueue(m_db);
    if (!queue)
        return JobState::Discarded;
    auto job = queue->job(id);
    return job ? job->state : JobState::Discarded;
}

int CliTestCase::auditCount(qint64 id, const QString &action)
{
    auto queue = openQueue(m_db);
    auto log = queue ? queue->auditLog(1000, id) : Result<QVector<AuditEntry>>(Error{});
    if (!log)
        return -1;
    return int(
        std::count_if(log->cbegin(), log->cend(), [&](const AuditEntry &a) { return a.action == action; }));
}

} // namespace syncsmart
