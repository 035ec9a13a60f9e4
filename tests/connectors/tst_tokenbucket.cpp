#include "connectors/http/tokenbucket.h"

#include <QtTest>

using namespace syncsmart;

// The pacing of requests to a peer: a burst at once, then one token per 1/rate seconds.
class TestTokenBucket : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void aBurstGoesAtOnceThenTheRatePaces()
    {
        TestClock clock;
        TokenBucket bucket(10.0, 3, clock); // 10/s: one token per 100 ms
        for (int i = 0; i < 3; ++i)
            QVERIFY(bucket.tryTake());
        QVERIFY(!bucket.tryTake());
        QCOMPARE(bucket.msUntilNextToken(), 100);
        clock.advanceMs(40);
        QCOMPARE(bucket.msUntilNextToken(), 60);
        QVERIFY(!bucket.tryTake());
        clock.advanceMs(60);
        QCOMPARE(bucket.msUntilNextToken(), 0);
        QVERIFY(bucket.tryTake());
        QVERIFY(!bucket.tryTake());
    }

    void anIdleBucketRefillsOnlyUpToTheBurst()
    {
        TestClock clock;
        TokenBucket bucket(5.0, 2, clock);
        QVERIFY(bucket.tryTake());
        QVERIFY(bucket.tryTake());
        clock.advanceSecs(3600); // an hour idle does not buy an hour of requests
        QVERIFY(bucket.tryTake());
        QVERIFY(bucket.tryTake());
        QVERIFY(!bucket.tryTake());
    }

    void overALongRunTheRateHolds()
    {
        TestClock clock;
        TokenBucket bucket(20.0, 4, clock);
        int taken = 0;
        for (int ms = 0; ms <= 10'000; ms += 5) { // 10 s, polled every 5 ms
            while (bucket.tryTake())
                ++taken;
            clock.advanceMs(5);
        }
        // burst + rate × time, within one token: 0.1 token per step is not exact in binary floating point.
        QVERIFY2(taken >= 4 + 200 - 1 && taken <= 4 + 200, qPrintable(QString::number(taken)));
    }

    void zeroRateIsUnlimitedAndBurstBelowOneIsOne()
    {
        TestClock clock;
        TokenBucket unlimited(0, 0, clock);
        QVERIFY(unlimited.unlimited());
        for (int i = 0; i < 1000; ++i)
            QVERIFY(unlimited.tryTake());
        QCOMPARE(unlimited.msUntilNextToken(), 0);

        TokenBucket single(1.0, 0, clock);
        QVERIFY(single.tryTake());
        QVERIFY(!single.tryTake());
        QCOMPARE(single.msUntilNextToken(), 1000);
    }

    void aClockGoingBackwardsGrantsNothing()
    {
        TestClock clock;
        TokenBucket bucket(10.0, 1, clock);
        QVERIFY(bucket.tryTake());
        clock.advanceMs(-5000);
        QVERIFY(!bucket.tryTake());
        clock.advanceMs(5000 + 100); // from where it was, not from the jump back
        QVERIFY(bucket.tryTake());
    }
};

QTEST_GUILESS_MAIN(TestTokenBucket)
#include "tst_tokenbucket.moc"
