// The auditor's schedule: what the profile accepts, and when a run is due from the stored runs.
#include "reconcile/reconcileschedule.h"
#include "reconcile/reconcilestore.h"

#include <QTest>

using namespace syncsmart;

namespace {

const QTimeZone kParis("Europe/Paris");

qint64 paris(const char *text)
{
    return QDateTime::fromString(QString::fromLatin1(text), QStringLiteral("yyyy-MM-dd HH:mm"))
        .date()
        .startOfDay(kParis)
        .addMSecs(QTime(0, 0).msecsTo(QTime::fromString(QString::fromLatin1(text).mid(11), QStringLiteral("HH:mm"))))
        .toMSecsSinceEpoch();
}

ReconcileRun run(qint64 startedMs, ReconcileRun::State state, const char *trigger = "schedule")
{
    ReconcileRun r;
    r.startedMs = startedMs;
    r.finishedMs = startedMs + 60'000;
    r.state = state;
    r.trigger = QString::fromLatin1(trigger);
    return r;
}

ReconcileSchedule schedule(const char *text)
{
    const auto s = ReconcileSchedule::parse(QString::fromLatin1(text));
    Q_ASSERT(s);
    return *s;
}

} // namespace

class TestReconcileSchedule final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parsesTheWrittenForms()
    {
        QCOMPARE(schedule("daily 02:30").text(), QStringLiteral("daily 02:30"));
        QCOMPARE(schedule("Nightly at 3:05").text(), QStringLiteral("daily 03:05"));
        QCOMPARE(schedule("every 6h").text(), QStringLiteral("every 6 h"));
        QCOMPARE(schedule("every  24 hours").text(), QStringLiteral("every 24 h"));
        QVERIFY(!schedule("off").isOn());
        for (const char *bad : {"daily", "daily 24:00", "daily 2:3", "every 0 h", "every 169 h", "every 6 min", "weekly"})
            QVERIFY2(!ReconcileSchedule::parse(QString::fromLatin1(bad)), bad);
    }

    void dailySlotsFollowTheWallClock()
    {
        const ReconcileSchedule s = schedule("daily 02:30");
        QCOMPARE(s.nextAfterMs(paris("2026-12-03 10:00"), kParis), paris("2026-12-04 02:30"));
        QCOMPARE(s.nextAfterMs(paris("2026-12-03 02:00"), kParis), paris("2026-12-03 02:30"));
        QCOMPARE(s.nextAfterMs(paris("2026-12-03 02:30"), kParis), paris("2026-12-04 02:30")); // strictly after
        // Summer time: 02:30 is 00:30 UTC in July, 01:30 UTC in December.
        QCOMPARE(s.nextAfterMs(paris("2026-07-01 12:00"), kParis),
                 QDateTime(QDate(2026, 7, 2), QTime(0, 30), Qt::UTC).toMSecsSinceEpoch());
        // 2026-03-29 02:30 does not exist in Paris: the slot is still that day, once.
        const qint64 gap = s.nextAfterMs(paris("2026-03-28 12:00"), kParis);
        QCOMPARE(QDateTime::fromMSecsSinceEpoch(gap, kParis).date(), QDate(2026, 3, 29));
        QCOMPARE(s.nextAfterMs(gap, kParis), paris("2026-03-30 02:30"));
        QCOMPARE(schedule("every 6 h").nextAfterMs(1000, kParis), 1000 + 6 * 3600 * 1000);
        QCOMPARE(schedule("off").nextAfterMs(1000, kParis), -1);
    }

    void aMissedSlotRunsOnceWhenSyncSmartOpens()
    {
        const ReconcileSchedule s = schedule("daily 02:30");
        // The last nightly run was two days ago; the console opens at 09:00: one run is due now (the
        // slot of 02:30 today), not one per missed night.
        const QVector<ReconcileRun> runs{run(paris("2026-12-01 02:30"), ReconcileRun::State::Done)};
        const qint64 due = nextScheduledRunMs(s, runs, paris("2026-12-03 09:00"), kParis);
        QVERIFY(due <= paris("2026-12-03 09:00"));
        // Once it has run (at 09:00), the next is tomorrow night.
        const QVector<ReconcileRun> after{run(paris("2026-12-03 09:00"), ReconcileRun::State::Done), runs.first()};
        QCOMPARE(nextScheduledRunMs(s, after, paris("2026-12-03 09:00"), kParis), paris("2026-12-04 02:30"));
    }

    void aRunByHandCountsAsTheRunOfItsSlot()
    {
        const ReconcileSchedule s = schedule("daily 02:30");
        // Run by hand at 01:00: the 02:30 slot still runs; by hand at 03:00 (after the nightly): the
        // next is tomorrow. A cancelled run counts as run: a person stopped it on purpose.
        QCOMPARE(nextScheduledRunMs(s, {run(paris("2026-12-03 01:00"), ReconcileRun::State::Done, "console:ana")},
                                    0, kParis),
                 paris("2026-12-03 02:30"));
        QCOMPARE(nextScheduledRunMs(s, {run(paris("2026-12-03 03:00"), ReconcileRun::State::Cancelled, "cli")}, 0,
                                    kParis),
                 paris("2026-12-04 02:30"));
    }

    void noRunYetWaitsForTheFirstSlot()
    {
        QCOMPARE(nextScheduledRunMs(schedule("daily 02:30"), {}, paris("2026-12-03 09:00"), kParis),
                 paris("2026-12-04 02:30"));
        QCOMPARE(nextScheduledRunMs(schedule("every 6 h"), {}, paris("2026-12-03 09:00"), kParis),
                 paris("2026-12-03 15:00"));
        QCOMPARE(nextScheduledRunMs(schedule("off"), {run(0, ReconcileRun::State::Done)}, 0, kParis), -1);
    }

    void aFailedRunIsRetriedAfterAPause()
    {
        const ReconcileSchedule s = schedule("daily 02:30");
        const QVector<ReconcileRun> failed{run(paris("2026-12-03 02:30"), ReconcileRun::State::Failed),
                                           run(paris("2026-12-02 02:30"), ReconcileRun::State::Done)};
        QCOMPARE(nextScheduledRunMs(s, failed, 0, kParis), paris("2026-12-03 03:00"));
        // SyncSmart closed during the run (it stays "running" in the store): the same.
        const QVector<ReconcileRun> unfinished{run(paris("2026-12-03 02:30"), ReconcileRun::State::Running),
                                               failed.last()};
        QCOMPARE(nextScheduledRunMs(s, unfinished, 0, kParis), paris("2026-12-03 03:00"));
    }
};

QTEST_GUILESS_MAIN(TestReconcileSchedule)
#include "tst_reconcileschedule.moc"
