#include "deadletters/deadlettermodel.h"
#include "deadletters/deadletterproxy.h"

#include <QAbstractItemModelTester>
#include <QtTest>

using namespace syncsmart;

namespace {
const qint64 kDay = 24LL * 3600 * 1000;
const qint64 kStart = 1'767'225'600'000; // 2026-01-01T00:00Z

Job deadJob(qint64 id, const QString &target, const QString &kind, int attempts, qint64 deadAt, Error error)
{
    Job job;
    job.id = id;
    job.target = target;
    job.kind = kind;
    job.idempotencyKey = QStringLiteral("%1:SKU-%2").arg(kind).arg(id);
    job.payload = QByteArrayLiteral(R"({"sku":"X"})");
    job.state = JobState::Dead;
    job.attempts = attempts;
    job.maxAttempts = 8;
    job.createdAt = deadAt - 3600 * 1000;
    job.updatedAt = deadAt;
    job.finishedAt = deadAt;
    job.lastError = std::move(error);
    return job;
}

QVector<Job> samplePage()
{
    return {
        deadJob(7, QStringLiteral("shop"), QStringLiteral("product.price"), 2, kStart + 3 * kDay,
                Error::permanent(QStringLiteral("shop.validation"),
                                 QStringLiteral("Price is invalid\nfield: price"))),
        deadJob(12, QStringLiteral("erp"), QStringLiteral("order.push"), 10, kStart + 1 * kDay,
                Error::permanent(QStringLiteral("erp.unknown_sku"),
                                 QStringLiteral("SKU-9 unknown in order 1001"))),
        deadJob(3, QStringLiteral("shop"), QStringLiteral("stock.set"), 9, kStart + 2 * kDay,
                Error::transient(QStringLiteral("http.timeout"), QStringLiteral("No answer within 30 s"),
                                 {{QStringLiteral("httpStatus"), 504}})),
    };
}

// The job ids down the proxy, in view order.
QVector<qint64> idsInOrder(const QAbstractItemModel &model)
{
    QVector<qint64> ids;
    for (int row = 0; row < model.rowCount(); ++row)
        ids << model.index(row, DeadLetterModel::Id).data(DeadLetterModel::JobIdRole).toLongLong();
    return ids;
}
} // namespace

class TestDeadLetterModel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void pagesResetUnderTheTester()
    {
        DeadLetterModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(model.columnCount(), int(DeadLetterModel::ColumnCount));

        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        model.setPage(samplePage(), 1234, 200);
        QCOMPARE(resets.size(), 1);
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.total(), qint64(1234));
        QCOMPARE(model.offset(), 200);
        QCOMPARE(model.rowForId(12), 1);
        QCOMPARE(model.rowForId(99), -1);

        model.setPage({samplePage().first()}, 1, 0);
        QCOMPARE(model.rowCount(), 1);
        model.clear();
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(model.total(), qint64(0));
        model.setPage(samplePage(), 3, 0);
        QCOMPARE(model.rowCount(), 3);
        QVERIFY(!model.index(0, 0, model.index(0, 0)).isValid()); // a table: no children
    }

    void dataAndRolesSayWhatTheJobIs()
    {
        DeadLetterModel model;
        model.setPage(samplePage(), 3, 0);
        auto cell = [&](int row, int column, int role = Qt::DisplayRole) {
            return model.index(row, column).data(role);
        };

        QCOMPARE(cell(0, DeadLetterModel::Id).toLongLong(), qint64(7));
        QCOMPARE(cell(0, DeadLetterModel::Target).toString(), QStringLiteral("shop"));
        QCOMPARE(cell(0, DeadLetterModel::Kind).toString(), QStringLiteral("product.price"));
        QCOMPARE(cell(0, DeadLetterModel::Key).toString(), QStringLiteral("product.price:SKU-7"));
        QCOMPARE(cell(0, DeadLetterModel::Category).toString(), QStringLiteral("Permanent"));
        QCOMPARE(cell(2, DeadLetterModel::Category).toString(), QStringLiteral("Transient"));
        QCOMPARE(cell(0, DeadLetterModel::Attempts).toString(), QStringLiteral("2 of 8"));
        // The cell shows the first line; the tooltip has code and the whole message.
        QCOMPARE(cell(0, DeadLetterModel::Error).toString(), QStringLiteral("Price is invalid …"));
        QVERIFY(cell(0, DeadLetterModel::Error, Qt::ToolTipRole)
                    .toString()
                    .contains(QStringLiteral("shop.validation")));
        QVERIFY(cell(0, DeadLetterModel::Error, Qt::ToolTipRole)
                    .toString()
                    .contains(QStringLiteral("field: price")));

        // Times: local time on screen, UTC in the tooltip, the instant as the raw value.
        const qint64 deadAt = kStart + 3 * kDay;
        QCOMPARE(cell(0, DeadLetterModel::DeadSince).toString(),
                 QDateTime::fromMSecsSinceEpoch(deadAt).toLocalTime().toString(
                     QStringLiteral("yyyy-MM-dd HH:mm:ss")));
        QCOMPARE(cell(0, DeadLetterModel::DeadSince, Qt::ToolTipRole).toString(),
                 QStringLiteral("2026-01-04 00:00:00.000 UTC"));
        QCOMPARE(cell(0, DeadLetterModel::DeadSince, DeadLetterModel::RawValueRole).toLongLong(), deadAt);
        QCOMPARE(cell(0, DeadLetterModel::Created, DeadLetterModel::RawValueRole).toLongLong(),
                 deadAt - 3600 * 1000);
        QCOMPARE(cell(1, DeadLetterModel::Attempts, DeadLetterModel::RawValueRole).toInt(), 10);
        QCOMPARE(cell(1, DeadLetterModel::Category, DeadLetterModel::RawValueRole).toString(),
                 QStringLiteral("permanent"));

        for (int column = 0; column < DeadLetterModel::ColumnCount; ++column) {
            QCOMPARE(cell(1, column, DeadLetterModel::JobIdRole).toLongLong(), qint64(12));
            QVERIFY2(!model.headerData(column, Qt::Horizontal).toString().isEmpty(),
                     qPrintable(QString::number(column)));
        }
        QCOMPARE(model.job(1).id, qint64(12));
    }

    void proxySortsByRawValues()
    {
        DeadLetterModel model;
        DeadLetterProxy proxy;
        proxy.setSourceModel(&model);
        QAbstractItemModelTester modelTester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
        QAbstractItemModelTester proxyTester(&proxy, QAbstractItemModelTester::FailureReportingMode::Fatal);
        model.setPage(samplePage(), 3, 0);

        // "10 of 8" sorts after "9 of 8": attempts compare as numbers, not text.
        proxy.sort(DeadLetterModel::Attempts, Qt::AscendingOrder);
        QCOMPARE(idsInOrder(proxy), (QVector<qint64>{7, 3, 12}));
        proxy.sort(DeadLetterModel::Id, Qt::AscendingOrder);
        QCOMPARE(idsInOrder(proxy), (QVector<qint64>{3, 7, 12}));
        proxy.sort(DeadLetterModel::DeadSince, Qt::DescendingOrder);
        QCOMPARE(idsInOrder(proxy), (QVector<qint64>{7, 3, 12}));
        proxy.sort(DeadLetterModel::Target, Qt::AscendingOrder);
        QCOMPARE(idsInOrder(proxy).first(), qint64(12));

        // A new page keeps the sort order the operator chose.
        QVector<Job> next = samplePage();
        next.append(deadJob(40, QStringLiteral("shop"), QStringLiteral("product.price"), 1,
                            kStart + 10 * kDay, Error::permanent(QStringLiteral("x"), QStringLiteral("y"))));
        proxy.sort(DeadLetterModel::DeadSince, Qt::DescendingOrder);
        model.setPage(next, 4, 0);
        QCOMPARE(idsInOrder(proxy), (QVector<qint64>{40, 7, 3, 12}));
    }

    void quickFilterNarrowsThePage()
    {
        DeadLetterModel model;
        DeadLetterProxy proxy;
        proxy.setSourceModel(&model);
        QAbstractItemModelTester proxyTester(&proxy, QAbstractItemModelTester::FailureReportingMode::Fatal);
        model.setPage(samplePage(), 3, 0);
        proxy.sort(DeadLetterModel::Id, Qt::AscendingOrder);

        proxy.setQuickFilter(QStringLiteral("SKU-9"));
        QCOMPARE(idsInOrder(proxy), (QVector<qint64>{12}));
        proxy.setQuickFilter(QStringLiteral("HTTP.TIMEOUT")); // the error code, in any case
        QCOMPARE(idsInOrder(proxy), (QVector<qint64>{3}));
        proxy.setQuickFilter(QStringLiteral("field: price")); // the second line of a message
        QCOMPARE(idsInOrder(proxy), (QVector<qint64>{7}));
        proxy.setQuickFilter(QStringLiteral("shop"));
        QCOMPARE(idsInOrder(proxy), (QVector<qint64>{3, 7}));

        // A page reload while filtered and sorted.
        model.setPage(samplePage().mid(0, 2), 2, 0);
        QCOMPARE(idsInOrder(proxy), (QVector<qint64>{7}));
        proxy.setQuickFilter(QStringLiteral("nothing like this"));
        QCOMPARE(proxy.rowCount(), 0);
        proxy.setQuickFilter(QString());
        QCOMPARE(proxy.rowCount(), 2);
    }
};

QTEST_MAIN(TestDeadLetterModel)
#include "tst_deadlettermodel.moc"
