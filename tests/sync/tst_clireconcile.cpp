// `syncsmart-cli reconcile` as support staff run it: a real process, a profile from the template,
// keys in the environment, against syncsmart-sim seeded with known divergence. The report matches
// the simulator's answer key; a dry run writes nothing; apply goes through the queue; the export is
// a CSV a spreadsheet opens; a new run after apply leaves only what a person must do.
#include "clitestcase.h"
#include "simprocess.h"
#include "tst_cliprofile.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QtTest>

using namespace syncsmart;
using namespace syncsmart::testing;

class TestCliReconcile : public CliTestCase
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QLoggingCategory::setFilterRules(QStringLiteral("core.*.info=false"));
        const QString problem = m_sim.start(
            600, {QStringLiteral("--field-mismatch"), QStringLiteral("0.05"), QStringLiteral("--missing-in-erp"),
                  QStringLiteral("0.03"), QStringLiteral("--missing-in-shop"), QStringLiteral("0.03"),
                  QStringLiteral("--stock-mismatch"), QStringLiteral("0.04"), QStringLiteral("--duplicates-shop"),
                  QStringLiteral("1")});
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }
    void init() { setUpFixture(); }
    void cleanup() { tearDownFixture(); }

    void reportPreviewApplyExportThenOnlyPeopleWorkIsLeft()
    {
        const CliRun tmpl = run({QStringLiteral("profile-template")});
        QCOMPARE(tmpl.exitCode, 0);
        const QString profile = filePath(QStringLiteral("shop.ini"));
        QFile file(profile);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(profileTextFor(tmpl.out, m_sim, m_sim.prestashopUrl()).toUtf8());
        file.close();
        const QString db = filePath(QStringLiteral("sync.db"));
        const QStringList base{QStringLiteral("--db"), db, QStringLiteral("reconcile"), QStringLiteral("--profile-file"), profile};
        const QJsonObject expected = m_sim.control(QStringLiteral("expected-divergence"));
        const QJsonObject counts = expected.value(QStringLiteral("counts")).toObject();

        // The report: exactly the seeded divergence, nothing written.
        const CliRun first = run(base + QStringList{QStringLiteral("--json")}, simKeys(m_sim));
        QVERIFY2(first.exitCode == 0, qPrintable(first.err));
        const QJsonObject report = QJsonDocument::fromJson(first.out.toUtf8()).object();
        const QJsonObject found = report.value(QStringLiteral("counts")).toObject();
        QCOMPARE(found.value(QStringLiteral("missing-in-shop")).toInt(), counts.value(QStringLiteral("missingInShop")).toInt());
        QCOMPARE(found.value(QStringLiteral("missing-in-erp")).toInt(), counts.value(QStringLiteral("missingInErp")).toInt());
        QCOMPARE(found.value(QStringLiteral("field-mismatch")).toInt(), counts.value(QStringLiteral("fieldMismatches")).toInt());
        QCOMPARE(found.value(QStringLiteral("stock-mismatch")).toInt(), counts.value(QStringLiteral("stockMismatches")).toInt());
        QCOMPARE(found.value(QStringLiteral("duplicate-in-shop")).toInt(), counts.value(QStringLiteral("duplicateSkusShop")).toInt());
        const int runId = report.value(QStringLiteral("run")).toInt();
        QVERIFY(runId > 0);
        const int total = report.value(QStringLiteral("differences")).toArray().size();
        QVERIFY(total > 50);
        QCOMPARE(apiWrites(), 0);

        // A dry run of the stored run: says what it would write, writes nothing.
        const QStringList onRun = base + QStringList{QStringLiteral("--run"), QString::number(runId)};
        const CliRun preview = run(onRun + QStringList{QStringLiteral("--dry-run")}, simKeys(m_sim));
        QVERIFY2(preview.exitCode == 0, qPrintable(preview.err));
        QVERIFY2(preview.out.contains(QStringLiteral("Dry run: nothing was written")), qPrintable(preview.out));
        QVERIFY2(preview.out.contains(QStringLiteral("shop products to update")), qPrintable(preview.out.right(1500)));
        QVERIFY2(preview.out.contains(QStringLiteral("from the ERP")), qPrintable(preview.out.right(1500)));
        QVERIFY2(preview.out.contains(QStringLiteral("create it from the ERP's record")), qPrintable(preview.out.right(1500)));
        QVERIFY2(preview.out.contains(QStringLiteral("shop stock to set")), qPrintable(preview.out.right(1500)));
        QVERIFY2(preview.out.contains(QStringLiteral("Left to a person")), qPrintable(preview.out));
        QCOMPARE(apiWrites(), 0);

        // Apply and export in one go.
        const QString csv = filePath(QStringLiteral("diffs.csv"));
        const CliRun applied = run(onRun + QStringList{QStringLiteral("--apply"), QStringLiteral("--export"), csv,
                                                       QStringLiteral("--json")},
                                   simKeys(m_sim));
        QVERIFY2(applied.exitCode == 0, qPrintable(applied.err));
        const QJsonObject outcome = QJsonDocument::fromJson(applied.out.toUtf8()).object().value(QStringLiteral("applied")).toObject();
        QVERIFY2(outcome.value(QStringLiteral("applied")).toInt() > 0, qPrintable(applied.out.left(400)));
        QCOMPARE(outcome.value(QStringLiteral("dead")).toInt(), 0);
        // One request per job, and a create in the shop also sets its stock (two).
        QCOMPARE(outcome.value(QStringLiteral("applied")).toInt() + found.value(QStringLiteral("missing-in-shop")).toInt(),
                 apiWrites());
        QFile exported(csv);
        QVERIFY(exported.open(QIODevice::ReadOnly));
        const QByteArray bytes = exported.readAll();
        QVERIFY(bytes.startsWith("\xEF\xBB\xBF" "run,kind,sku,field,shop_value,erp_value,rule,fix_writes_to,fix,"));
        QCOMPARE(bytes.count("\r\n"), total + 1); // the header and one line per difference (values hold no newlines)

        // A new run: what is left needs a person, and says so.
        const CliRun after = run(base + QStringList{QStringLiteral("--json")}, simKeys(m_sim));
        QVERIFY2(after.exitCode == 0, qPrintable(after.err));
        const QJsonObject again = QJsonDocument::fromJson(after.out.toUtf8()).object();
        for (const QJsonValue &v : again.value(QStringLiteral("differences")).toArray()) {
            const QJsonObject d = v.toObject();
            const bool duplicated = d.value(QStringLiteral("shopIds")).toArray().size() > 1 ||
                                    d.value(QStringLiteral("erpIds")).toArray().size() > 1;
            QVERIFY2(d.value(QStringLiteral("writeTo")).toString().isEmpty() || duplicated,
                     QJsonDocument(d).toJson(QJsonDocument::Compact).constData());
        }
        QCOMPARE(again.value(QStringLiteral("counts")).toObject().value(QStringLiteral("missing-in-erp")).toInt(),
                 counts.value(QStringLiteral("missingInErp")).toInt());
        for (const CliRun &r : {first, preview, applied, after}) {
            QVERIFY(!r.out.contains(m_sim.prestashopKey()) && !r.err.contains(m_sim.prestashopKey()));
            QVERIFY(!r.out.contains(m_sim.odooKey()) && !r.err.contains(m_sim.odooKey()));
        }
    }

    void ifDueFollowsTheScheduleAndCtrlCKeepsAPartialRun()
    {
        const CliRun tmpl = run({QStringLiteral("profile-template")});
        QCOMPARE(tmpl.exitCode, 0);
        QString text = profileTextFor(tmpl.out, m_sim, m_sim.prestashopUrl());
        QVERIFY(text.contains(QStringLiteral("schedule = off")));
        const QString profile = filePath(QStringLiteral("shop.ini"));
        QFile file(profile);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(text.toUtf8());
        file.close();
        const QString db = filePath(QStringLiteral("sync.db"));
        const QStringList base{QStringLiteral("--db"), db, QStringLiteral("reconcile"), QStringLiteral("--profile-file"), profile};

        // Without a schedule, --if-due says what to set.
        const CliRun noSchedule = run(base + QStringList{QStringLiteral("--if-due")}, simKeys(m_sim));
        QCOMPARE(noSchedule.exitCode, 1);
        QVERIFY2(noSchedule.err.contains(QStringLiteral("schedule = daily 03:00")), qPrintable(noSchedule.err));

        text.replace(QStringLiteral("schedule = off"), QStringLiteral("schedule = every 24 h"));
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write(text.toUtf8());
        file.close();
        // No run yet: due. Right after it: not due, nothing read, and it says when.
        const CliRun due = run(base + QStringList{QStringLiteral("--if-due"), QStringLiteral("--json")}, simKeys(m_sim));
        QVERIFY2(due.exitCode == 0, qPrintable(due.err));
        const QJsonObject first = QJsonDocument::fromJson(due.out.toUtf8()).object();
        QCOMPARE(first.value(QStringLiteral("state")).toString(), QStringLiteral("done"));
        QVERIFY2(first.value(QStringLiteral("trigger")).toString().startsWith(QStringLiteral("schedule:cli")),
                 qPrintable(first.value(QStringLiteral("trigger")).toString()));
        const CliRun notDue = run(base + QStringList{QStringLiteral("--if-due")}, simKeys(m_sim));
        QVERIFY2(notDue.exitCode == 0, qPrintable(notDue.err));
        QVERIFY2(notDue.out.startsWith(QStringLiteral("Not due")) && notDue.out.contains(QStringLiteral("every 24 h")),
                 qPrintable(notDue.out));
        const CliRun stored = run(base + QStringList{QStringLiteral("--run"), QStringLiteral("2")}, simKeys(m_sim));
        QVERIFY2(stored.exitCode == 1 && stored.err.contains(QStringLiteral("no reconciliation run #2")),
                 qPrintable(stored.err)); // the check stored no run

        // Ctrl-C while the shop is slow: a partial run, stored and reported, exit 130.
        m_sim.addFault(QJsonObject{{QStringLiteral("peer"), QStringLiteral("prestashop")},
                                   {QStringLiteral("kind"), QStringLiteral("latency")},
                                   {QStringLiteral("latencyMs"), 3000}});
        const CliRun cancelled = run(base + QStringList{QStringLiteral("--json")}, simKeys(m_sim), 1500);
        m_sim.control(QStringLiteral("faults/clear"), QJsonObject());
        QVERIFY2(cancelled.exitCode == 130, qPrintable(QStringLiteral("%1: %2").arg(cancelled.exitCode).arg(cancelled.err)));
        QVERIFY2(cancelled.err.contains(QStringLiteral("Cancelling")), qPrintable(cancelled.err));
        const QJsonObject partial = QJsonDocument::fromJson(cancelled.out.toUtf8()).object();
        QCOMPARE(partial.value(QStringLiteral("state")).toString(), QStringLiteral("cancelled"));
        QCOMPARE(partial.value(QStringLiteral("run")).toInt(), 2);
        // SKUs missing on a side are not judged in a partial run.
        QCOMPARE(partial.value(QStringLiteral("counts")).toObject().value(QStringLiteral("missing-in-shop")).toInt(), 0);
    }

private:
    int apiWrites()
    {
        return m_sim.control(QStringLiteral("effects"), QJsonValue::Undefined, QStringLiteral("source=api&limit=1"))
            .value(QStringLiteral("total"))
            .toInt();
    }

    SimProcess m_sim;
};

QTEST_MAIN(TestCliReconcile)
#include "tst_clireconcile.moc"
