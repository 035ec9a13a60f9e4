#pragma once

#include "common/clock.h"
#include "common/result.h"
#include "connectors/catalogtypes.h"
#include "sync/fieldpolicy.h"
#include "sync/syncprofile.h"

#include <QObject>
#include <QStringList>
#include <QVector>

#include <functional>
#include <memory>
#include <optional>

namespace syncsmart {

class ErpConnector;
class ShopConnector;

// What kind of difference the auditor found for a SKU.
enum class DiffKind {
    MissingInShop,   // only the ERP has the SKU
    MissingInErp,    // only the shop has it
    DuplicateInShop, // several shop products share the SKU
    DuplicateInErp,  // several ERP products share it
    FieldMismatch,   // both have it, one field differs
    StockMismatch,   // both have it, the quantities differ
};
QString toString(DiffKind kind); // "missing-in-shop", …
std::optional<DiffKind> diffKindFromString(const QString &text);

// One difference, with what applying it would do — or what a person has to do when the rules
// cannot decide (a duplicate SKU, a manual field, a tie).
struct ReconcileDiff
{
    DiffKind kind = DiffKind::FieldMismatch;
    QString sku;
    QString field;     // FieldMismatch: the field; StockMismatch: "quantity"
    QString shopValue; // as compared (normalised); heavy fields: an excerpt
    QString erpValue;
    QString rule;      // the field's rule ("erp", "shop", "newest", "manual"); empty for the others
    std::optional<Side> writeTo; // the side a fix writes to; empty: a person decides
    QString fix;       // one sentence: what applying does, or what a person should do
    QStringList shopIds;
    QStringList erpIds;
    bool needsPerson() const { return !writeTo; }
};

struct ReconcileProgress
{
    QString phase; // "reading the ERP catalog", …
    qint64 erpProducts = 0;
    qint64 shopProducts = 0;
    qint64 stockLines = 0;
    qint64 compared = 0;  // shop products compared with their ERP record
    double perSecond = 0; // records read per second, all phases
    qint64 etaMs = -1;    // -1: not known yet
};

struct ReconcileReport
{
    qint64 startedMs = 0;
    qint64 finishedMs = 0;
    bool cancelled = false; // partial: what was compared before the cancel (missing SKUs not judged)
    qint64 erpProducts = 0;
    qint64 shopProducts = 0;
    qint64 compared = 0;
    qint64 withoutSku = 0; // products on either side without a SKU: not comparable
    QStringList fields;    // the fields compared
    QVector<ReconcileDiff> diffs;
    qint64 count(DiffKind kind) const;
};

struct ReconcileOptions
{
    QStringList fields = defaultFields();
    bool stock = true;
    int pageSize = 1000;
    // The synced product fields except `active`: the engine creates ERP-new products inactive in
    // the shop on purpose, so `active` differs by design until someone publishes them.
    static QStringList defaultFields();
};

// The auditor (DESIGN §1, rule 5): reads both whole catalogs (only the compared fields) and both
// stock lists, compares them by SKU, and lists every difference with the fix the profile's rules
// imply. Memory is bounded by the ERP catalog held as one compact entry per SKU (values of small
// fields, fingerprints of heavy ones); the shop is streamed past it. Lives on the thread of the
// connectors (their callbacks come there); never writes anything.
class Reconciler final : public QObject
{
    Q_OBJECT
public:
    Reconciler(SyncProfile profile, ShopConnector &shop, ErpConnector &erp, const Clock &clock,
               ReconcileOptions options = {}, QObject *parent = nullptr);
    ~Reconciler() override;

    // Runs once; done is called exactly once, on this thread.
    void run(std::function<void(Result<ReconcileReport>)> done);
    // Stops reading as soon as the pages on the wire are in; done then reports a partial run.
    void cancel();

Q_SIGNALS:
    void progress(const syncsmart::ReconcileProgress &progress);

private:
    struct State;
    void readErpCatalog();
    void readErpStock();
    void readShopCatalog();
    void readArchivedStock();
    void readShopStock();
    void fetchHeavyTexts();
    void finish();
    void fail(const Error &error);
    // The end of a paged read: an error fails the run, a cancel finishes it, else next.
    Done<PageSummary> then(std::function<void()> next);
    void report(const QString &phase, bool force = false);

    std::unique_ptr<State> d;
};

} // namespace syncsmart

Q_DECLARE_METATYPE(syncsmart::ReconcileProgress)
