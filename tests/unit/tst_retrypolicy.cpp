#include "queue/retrypolicy.h"

#include <QtTest>

using namespace syncsmart;

class TestRetryPolicy : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void ceilingGrowsExponentiallyThenCaps()
    {
        RetryPolicy p;
        QCOMPARE(p.ceilingMs(1), 60'000);
        QCOMPARE(p.ceilingMs(2), 240'000);
        QCOMPARE(p.ceilingMs(3), 960'000);
        QCOMPARE(p.ceilingMs(4), 3'840'000);
        QCOMPARE(p.ceilingMs(5), 15'360'000);
        QCOMPARE(p.ceilingMs(6), p.capMs);
        QCOMPARE(p.ceilingMs(50), p.capMs); // no overflow for absurd attempt numbers
        // The default schedule spreads 8 attempts over up to about a day.
        qint64 total = 0;
        for (int n = 1; n < p.maxAttempts; ++n)
            total += p.ceilingMs(n);
        QVERIFY(total > 18LL * 3600 * 1000 && total < 26LL * 3600 * 1000);
    }

    void fullJitterSpansZeroToCeiling()
    {
        RetryPolicy p;
        p.jitter = [] { return 0.0; };
        QCOMPARE(p.delayMs(3), p.minDelayMs);
        p.jitter = [] { return 0.5; };
        QCOMPARE(p.delayMs(3), 480'000);
        p.jitter = [] { return 1.0; };
        QCOMPARE(p.delayMs(3), 960'000);
        // The real random source stays inside the bounds.
        RetryPolicy r;
        for (int i = 0; i < 1000; ++i) {
            const qint64 d = r.delayMs(2);
            QVERIFY(d >= r.minDelayMs && d <= r.ceilingMs(2));
        }
    }

    void retryAfterIsAFloorAndIsClamped()
    {
        RetryPolicy p;
        p.jitter = [] { return 0.1; };
        QCOMPARE(p.delayMs(1, 120'000), 120'000);          // peer says 2 min, jitter says 6 s
        QCOMPARE(p.delayMs(5, 1'000), qint64(0.1 * 15'360'000)); // jitter larger than Retry-After
        QCOMPARE(p.delayMs(1, 7LL * 24 * 3600 * 1000), p.maxRetryAfterMs);
    }
};

QTEST_GUILESS_MAIN(TestRetryPolicy)
#include "tst_retrypolicy.moc"
