// Replays the real Odoo 17 exchanges (tests/fixtures/real/odoo-17/, captured against an empty
// database) in file order against ONE OdooSim started from an empty catalog, so ids, names and
// states line up with the capture, and compares every answer with the real one: status, media
// type, headers and JSON shape, then the whole body once datetimes are masked.

#include "fixtures.h"

#include "common/effectlog.h"
#include "common/seed.h"
#include "common/simclock.h"
#include "odoo/odoosim.h"

#include <QDateTime>
#include <QRegularExpression>
#include <QtTest>

#include <memory>

using namespace syncsmart;
using namespace syncsmart::simtest;

namespace {

const QByteArray kApiKey = "odoo-conformance-key-0123456789abcdef";

// Coverage of the capture: every exchange is replayed and must give the same status, media type,
// Server / X-Content-Type-Options headers and JSON shape, then the same bytes once datetimes are
// masked (Python tracebacks included). None is left out or compared by shape only.
const char *const kCovered[] = {
    "01-common-version.http",
    "02-common-authenticate-ok.http",
    "03-common-authenticate-bad-password.http",
    "04-error-execute_kw-bad-key-AccessDenied.http",
    "05-error-authenticate-unknown-db.http",
    "06-product-create.http",
    "07-product-create-multi.http",
    "08-product-create-duplicate-default_code.http",
    "09-product-search_read-by-sku.http",
    "10-product-unlink-duplicate.http",
    "11-product-search_read-by-sku-in.http",
    "12-product-search_read-write_date.http",
    "13-product-search_read-write_date-page2.http",
    "14-product-search_read-empty.http",
    "15-product-search_count.http",
    "16-product-search.http",
    "17-product-read.http",
    "18-product-write.http",
    "19-product-after-write.http",
    "20-product-write-archive.http",
    "21-product-search_read-archived-hidden.http",
    "22-product-search_read-active_test-false.http",
    "23-product-fields_get.http",
    "24-product-fields_get-selection.http",
    "25-stock.warehouse-search_read.http",
    "26-stock.quant-create-inventory_mode.http",
    "27-stock.quant-before-apply.http",
    "28-stock.quant-action_apply_inventory.http",
    "29-product-qty_available-after-apply.http",
    "30-stock.quant-create-existing-inventory_mode.http",
    "31-stock.quant-action_apply_inventory-2.http",
    "32-stock.quant-search_read-product.http",
    "33-product-search_read-stock-fields.http",
    "34-stock.move.line-history.http",
    "35-res.partner-search_read-by-email.http",
    "36-res.partner-create.http",
    "37-res.partner-search_read-by-email-found.http",
    "38-sale.order-create.http",
    "39-sale.order-read.http",
    "40-sale.order.line-search_read.http",
    "41-sale.order-action_confirm.http",
    "42-sale.order-after-confirm.http",
    "43-product-stock-after-confirm.http",
    "44-error-private-method.http",
    "45-sale.advance.payment.inv-create.http",
    "46-sale.advance.payment.inv-create_invoices.http",
    "47-account.move-search_read-draft.http",
    "48-account.move-action_post.http",
    "49-account.move-after-post.http",
    "50-sale.order-invoice_status.http",
    "51-error-create-missing-required-ValidationError.http",
    "52-error-create-duplicate-barcode-ValidationError.http",
    "53-error-unlink-confirmed-order-UserError.http",
    "54-error-unknown-model.http",
    "55-error-write-unknown-field.http",
    "56-error-search_read-unknown-field-in-domain.http",
    "57-error-write-missing-record.http",
    "58-error-unknown-method.http",
    "59-error-bad-selection-value.http",
    "60-error-search_read-unknown-field-in-fields.http",
    "61-error-malformed-json.http",
};

bool isCovered(const QString &file)
{
    for (const char *covered : kCovered) {
        if (file == QLatin1String(covered))
            return true;
    }
    return false;
}

// Datetimes differ by design (the capture ran at 13:02 UTC); everything else must be the same,
// the Python traceback in "debug" included.
QByteArray masked(const QByteArray &body)
{
    static const QRegularExpression datetime(
        QStringLiteral("\\d{4}-\\d{2}-\\d{2}( \\d{2}:\\d{2}:\\d{2}(\\.\\d+)?)?"));
    QString text = QString::fromUtf8(body);
    text.replace(datetime, QStringLiteral("<date>"));
    return text.toUtf8();
}

} // namespace

class TestSimOdooConformance : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void everyFixtureIsInTheTable();
    void replay_data();
    void replay();

private:
    FixtureSet m_fixtures;
    std::unique_ptr<sim::SeedCatalog> m_seed;
    sim::EffectLog m_effects;
    sim::SimClock m_clock;
    std::unique_ptr<sim::OdooSim> m_odoo;
};

void TestSimOdooConformance::initTestCase()
{
    m_fixtures = loadFixtureDir(QStringLiteral(SIM_FIXTURES_DIR "/odoo-17"));
    QVERIFY2(m_fixtures.errors.isEmpty(), qPrintable(m_fixtures.errors.join(QLatin1Char('\n'))));
    QCOMPARE(m_fixtures.exchanges.size(), 61);
    // The capture's database was empty: no seeded product, so the first create gets id 1.
    m_seed = std::make_unique<sim::SeedCatalog>(sim::SeedSpec{});
    // Run on the capture's day so the delta cursor of fixtures 12-15 ("2026-12-03 13:02:25") holds.
    const QDateTime captured(QDate(2026, 12, 3), QTime(13, 2, 27), QTimeZone::utc());
    m_clock.setSkewMs(captured.toMSecsSinceEpoch() - QDateTime::currentMSecsSinceEpoch());
    sim::OdooOptions options;
    options.database = QStringLiteral("odoo_peer");
    options.apiKey = QString::fromLatin1(kApiKey);
    m_odoo = std::make_unique<sim::OdooSim>(*m_seed, m_effects, m_clock, options);
}

void TestSimOdooConformance::everyFixtureIsInTheTable()
{
    for (const FixtureExchange &e : m_fixtures.exchanges)
        QVERIFY2(isCovered(e.fileName), qPrintable(e.fileName + QLatin1String(" is not in kCovered")));
    QCOMPARE(int(std::size(kCovered)), int(m_fixtures.exchanges.size()));
}

void TestSimOdooConformance::replay_data()
{
    QTest::addColumn<int>("index");
    // Rows run in this order, one after the other, against the same simulator: file order.
    for (int i = 0; i < m_fixtures.exchanges.size(); ++i)
        QTest::newRow(qPrintable(m_fixtures.exchanges[i].fileName)) << i;
}

void TestSimOdooConformance::replay()
{
    QFETCH(int, index);
    const FixtureExchange &expected = m_fixtures.exchanges.at(index);
    QVERIFY(isCovered(expected.fileName));

    const sim::SimRequest request = toSimRequest(expected, apiKeySecrets(kApiKey));
    const sim::SimResponse actual = m_odoo->handle(request);

    ShapeOptions options;
    options.allowFalseVersusValue = true;
    options.allowEmptyVersusFilledArrays = true;
    const QStringList differences = compareExchange(expected, actual, options);
    QVERIFY2(differences.isEmpty(), qPrintable(differences.join(QLatin1Char('\n'))));
    // Werkzeug's Server header; nosniff on results and the 400, not on error objects.
    for (const char *name : {"server", "x-content-type-options"}) {
        bool present = false;
        for (const auto &[key, value] : actual.headers) {
            if (key.compare(name, Qt::CaseInsensitive) == 0) {
                present = true;
                QCOMPARE(value, expected.responseHeader(name));
            }
        }
        QCOMPARE(present, expected.hasResponseHeader(name));
    }

    const QByteArray want = masked(expected.responseBody), got = masked(actual.body);
    qsizetype at = 0;
    while (at < want.size() && at < got.size() && want.at(at) == got.at(at))
        ++at;
    QVERIFY2(want == got,
             qPrintable(QStringLiteral("bodies differ at byte %1:\n expected ...%2\n got      ...%3")
                            .arg(at)
                            .arg(QString::fromUtf8(want.mid(std::max<qsizetype>(0, at - 40), 120)),
                                 QString::fromUtf8(got.mid(std::max<qsizetype>(0, at - 40), 120)))));
}

QTEST_GUILESS_MAIN(TestSimOdooConformance)
#include "tst_simodoo_conformance.moc"
