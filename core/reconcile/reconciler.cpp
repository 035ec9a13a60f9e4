#include "reconciler.h"

#include "auditvalue.h"
#include "common/fingerprint.h"
#include "connectors/erpconnector.h"
#include "connectors/shopconnector.h"
#include "sync/canonical.h"

#include <QElapsedTimer>
#include <QHash>
#include <QSet>
#include <QTimer>

#include <cmath>

namespace syncsmart {

namespace {

constexpr QChar kSeparator(0x1F); // between the values of one entry (never in a catalog value)
constexpr qint64 kProgressEveryMs = 250;
constexpr int kLookupBatch = 100;
constexpr int kShownLength = 600; // characters of a differing long text kept for the report

bool sameQuantity(double a, double b)
{
    return std::abs(a - b) < 0.0005;
}

using BatchStep = std::function<void(const QStringList &batch, std::function<void()> next)>;

// Runs step over the items a batch at a time (each step calls next when its answer is in), then
// finished. Each continuation owns what it needs: nothing is destroyed while it runs.
void inBatches(std::shared_ptr<QStringList> remaining, BatchStep step, std::function<void()> finished)
{
    if (remaining->isEmpty())
        return finished();
    const QStringList batch = remaining->mid(0, kLookupBatch);
    remaining->remove(0, batch.size());
    step(batch, [remaining, step, finished] { inBatches(remaining, step, finished); });
}

} // namespace

QString toString(DiffKind kind)
{
    switch (kind) {
    case DiffKind::MissingInShop: return QStringLiteral("missing-in-shop");
    case DiffKind::MissingInErp: return QStringLiteral("missing-in-erp");
    case DiffKind::DuplicateInShop: return QStringLiteral("duplicate-in-shop");
    case DiffKind::DuplicateInErp: return QStringLiteral("duplicate-in-erp");
    case DiffKind::FieldMismatch: return QStringLiteral("field-mismatch");
    case DiffKind::StockMismatch: return QStringLiteral("stock-mismatch");
    }
    return {};
}

std::optional<DiffKind> diffKindFromString(const QString &text)
{
    for (auto k : {DiffKind::MissingInShop, DiffKind::MissingInErp, DiffKind::DuplicateInShop,
                   DiffKind::DuplicateInErp, DiffKind::FieldMismatch, DiffKind::StockMismatch}) {
        if (toString(k) == text)
            return k;
    }
    return std::nullopt;
}

qint64 ReconcileReport::count(DiffKind kind) const
{
    return std::count_if(diffs.cbegin(), diffs.cend(), [kind](const ReconcileDiff &d) { return d.kind == kind; });
}

QStringList ReconcileOptions::defaultFields()
{
    QStringList fields = FieldPolicy::syncedProductFields();
    fields.removeAll(field::Active);
    return fields;
}

// The ERP catalog in memory: one entry per SKU, values of the compared fields joined in one string
// (heavy fields as their fingerprint), so a million SKUs fit in a few hundred megabytes.
struct ErpEntry
{
    QStringList ids;
    QString values;
    qint64 updatedMs = 0;
    double stock = 0;
    bool hasStock = false;
    bool archived = false; // the ERP's stock list leaves archived products out: read by SKU
    bool seenInShop = false;
    QString shopId;
};

// A field that differs, kept until the end (the ERP's heavy texts are fetched then).
struct PendingField
{
    QString sku;
    QString field;
    QString shopValue;
    QString erpValue;
    qint64 shopUpdatedMs = 0;
};

struct Reconciler::State
{
    SyncProfile profile;
    ShopConnector &shop;
    ErpConnector &erp;
    const Clock &clock;
    ReconcileOptions options;
    std::function<void(Result<ReconcileReport>)> done;
    bool running = false;
    bool cancelled = false;
    QElapsedTimer elapsed;
    qint64 lastProgressMs = -kProgressEveryMs;

    QHash<QString, ErpEntry> erpBySku;
    QHash<QString, QStringList> shopOnly;   // SKU → shop ids
    QHash<QString, QStringList> shopDuplicates; // SKU (also in the ERP) → every shop id
    QVector<PendingField> fields;
    QHash<QString, ReconcileDiff> productLevelStock; // shop product id → a mismatch of its product-level line
    QSet<QString> productsWithCombinations;
    QVector<ReconcileDiff> stockDiffs;
    ReconcileReport report;
    qint64 stockLines = 0;

    State(SyncProfile p, ShopConnector &s, ErpConnector &e, const Clock &c, ReconcileOptions o)
        : profile(std::move(p)), shop(s), erp(e), clock(c), options(std::move(o))
    {
    }

    QString language() const { return profile.sync.shopLanguage; }

    // An ERP stock line onto its SKU's entry; a duplicate's stock is left out (the SKU is reported
    // as duplicated instead, compared through its first product).
    void takeErpStock(const StockLevel &line)
    {
        auto it = erpBySku.find(line.sku);
        if (it == erpBySku.end() || (!line.productId.isEmpty() && line.productId != it->ids.first()))
            return;
        it->stock = line.quantity;
        it->hasStock = true;
    }

    // Each compared field of a product in the auditor's normal form (auditText).
    QStringList textsOf(const ProductData &p) const
    {
        QStringList texts;
        texts.reserve(options.fields.size());
        for (const QString &f : options.fields)
            texts << auditText(f, p.fields.value(f), language());
        return texts;
    }
    // What is compared: the texts, heavy fields as their fingerprint.
    QStringList comparedForm(QStringList texts) const
    {
        for (int i = 0; i < options.fields.size(); ++i) {
            if (FieldPolicy::isHeavy(options.fields.at(i)))
                texts[i] = fingerprintHex(fingerprint(texts.at(i)));
        }
        return texts;
    }
};

Reconciler::Reconciler(SyncProfile profile, ShopConnector &shop, ErpConnector &erp, const Clock &clock,
                       ReconcileOptions options, QObject *parent)
    : QObject(parent)
    , d(std::make_unique<State>(std::move(profile), shop, erp, clock, std::move(options)))
{
    qRegisterMetaType<ReconcileProgress>();
}

Reconciler::~Reconciler() = default;

void Reconciler::run(std::function<void(Result<ReconcileReport>)> done)
{
    Q_ASSERT(!d->running);
    d->done = std::move(done);
    d->running = true;
    d->elapsed.start();
    d->report.startedMs = d->clock.nowMs();
    d->report.fields = d->options.fields;
    readErpCatalog();
}

void Reconciler::cancel()
{
    d->cancelled = true;
}

Done<PageSummary> Reconciler::then(std::function<void()> next)
{
    return [this, next = std::move(next)](Result<PageSummary> summary) {
        if (!summary)
            return fail(summary.error());
        if (d->cancelled)
            return finish();
        next();
    };
}

void Reconciler::report(const QString &phase, bool force)
{
    const qint64 now = d->elapsed.elapsed();
    if (!force && now - d->lastProgressMs < kProgressEveryMs)
        return;
    d->lastProgressMs = now;
    ReconcileProgress p;
    p.phase = phase;
    p.erpProducts = d->report.erpProducts;
    p.shopProducts = d->report.shopProducts;
    p.stockLines = d->stockLines;
    p.compared = d->report.compared;
    const qint64 read = p.erpProducts + p.shopProducts + p.stockLines;
    p.perSecond = now > 0 ? double(read) * 1000.0 / double(now) : 0;
    // The shop has about as many products as the ERP: once the ERP is read, the rest can be estimated
    // (both catalogs, and both stock lists when compared, at the rate so far).
    if (p.erpProducts > 0 && p.perSecond > 0) {
        const qint64 total = p.erpProducts * (d->options.stock ? 4 : 2);
        p.etaMs = qint64(double(std::max<qint64>(0, total - read)) * 1000.0 / p.perSecond);
    }
    Q_EMIT progress(p);
}

void Reconciler::readErpCatalog()
{
    QStringList fields = d->options.fields;
    if (!fields.contains(field::Active))
        fields << field::Active; // not compared: tells which products are archived
    d->erp.catalog(
        fields, d->options.pageSize,
        [this](const QVector<ProductData> &page) {
            for (const ProductData &p : page) {
                if (p.sku.trimmed().isEmpty()) {
                    ++d->report.withoutSku;
                    continue;
                }
                ++d->report.erpProducts;
                ErpEntry &e = d->erpBySku[p.sku];
                e.ids << p.peerId;
                if (e.ids.size() == 1) { // the first record of a duplicated SKU is the one compared
                    e.values = d->comparedForm(d->textsOf(p)).join(kSeparator);
                    e.updatedMs = p.updatedAt.isValid() ? p.updatedAt.toMSecsSinceEpoch() : 0;
                    e.archived = canonicalText(field::Active, p.fields.value(field::Active), {}) == QLatin1String("0");
                }
            }
            report(tr("reading the ERP catalog"));
            return !d->cancelled;
        },
        then([this] {
            d->options.stock ? readErpStock() : readShopCatalog();
        }));
}

void Reconciler::readErpStock()
{
    d->erp.stockLevels(
        d->options.pageSize,
        [this](const QVector<StockLevel> &page) {
            for (const StockLevel &line : page) {
                ++d->stockLines;
                d->takeErpStock(line);
            }
            report(tr("reading the ERP stock"));
            return !d->cancelled;
        },
        then([this] {
            readShopCatalog();
        }));
}

void Reconciler::readShopCatalog()
{
    d->shop.catalog(
        d->options.fields, d->options.pageSize,
        [this](const QVector<ProductData> &page) {
            for (const ProductData &p : page) {
                if (p.sku.trimmed().isEmpty()) {
                    ++d->report.withoutSku;
                    continue;
                }
                ++d->report.shopProducts;
                auto it = d->erpBySku.find(p.sku);
                if (it == d->erpBySku.end()) {
                    d->shopOnly[p.sku] << p.peerId;
                    continue;
                }
                if (it->seenInShop) {
                    QStringList &ids = d->shopDuplicates[p.sku];
                    if (ids.isEmpty())
                        ids << it->shopId;
                    ids << p.peerId;
                    continue;
                }
                it->seenInShop = true;
                it->shopId = p.peerId;
                ++d->report.compared;
                const QStringList shopTexts = d->textsOf(p);
                const QStringList shopValues = d->comparedForm(shopTexts);
                const QStringList erpValues = it->values.split(kSeparator);
                for (int i = 0; i < d->options.fields.size() && i < erpValues.size(); ++i) {
                    if (shopValues.at(i) == erpValues.at(i))
                        continue;
                    const QString &f = d->options.fields.at(i);
                    const bool heavy = FieldPolicy::isHeavy(f);
                    d->fields.append({p.sku, f, heavy ? excerpt(shopTexts.at(i), kShownLength) : shopTexts.at(i),
                                      heavy ? QString() : erpValues.at(i),
                                      p.updatedAt.isValid() ? p.updatedAt.toMSecsSinceEpoch() : 0});
                }
            }
            report(tr("comparing the shop catalog"));
            return !d->cancelled;
        },
        then([this] {
            d->options.stock ? readArchivedStock() : fetchHeavyTexts();
        }));
}

void Reconciler::readArchivedStock()
{
    auto remaining = std::make_shared<QStringList>();
    for (auto it = d->erpBySku.cbegin(); it != d->erpBySku.cend(); ++it) {
        if (it->archived && it->seenInShop && !it->hasStock)
            remaining->append(it.key());
    }
    inBatches(
        remaining,
        [this](const QStringList &batch, std::function<void()> next) {
            if (d->cancelled)
                return finish();
            d->erp.stockBySku(batch, [this, next](Result<QVector<StockLevel>> lines) {
                if (!lines)
                    return fail(lines.error());
                for (const StockLevel &line : *lines)
                    d->takeErpStock(line);
                report(tr("reading the stock of archived ERP products"));
                next();
            });
        },
        [this] { d->cancelled ? finish() : readShopStock(); });
}

void Reconciler::readShopStock()
{
    d->shop.stockLevels(
        d->options.pageSize,
        [this](const QVector<StockLevel> &page) {
            for (const StockLevel &line : page) {
                ++d->stockLines;
                const bool productLevel = line.combinationId.isEmpty() || line.combinationId == QLatin1String("0");
                if (!productLevel)
                    d->productsWithCombinations.insert(line.productId);
                auto it = d->erpBySku.constFind(line.sku);
                // A duplicated SKU is compared like its fields: the first product on each side.
                if (it == d->erpBySku.cend() || !it->hasStock || !it->seenInShop ||
                    (productLevel && line.productId != it->shopId))
                    continue;
                if (sameQuantity(line.quantity, it->stock))
                    continue;
                ReconcileDiff diff;
                diff.kind = DiffKind::StockMismatch;
                diff.sku = line.sku;
                diff.field = QStringLiteral("quantity");
                diff.shopValue = canonicalText(field::Price, line.quantity, {});
                diff.erpValue = canonicalText(field::Price, it->stock, {});
                diff.rule = QStringLiteral("erp");
                diff.writeTo = Side::Shop;
                diff.fix = tr("Write the ERP's stock (%1) to the shop.").arg(diff.erpValue);
                diff.shopIds = {line.productId};
                diff.erpIds = it->ids;
                // A product-level line of a product with combinations holds their sum: judged at the end.
                if (productLevel)
                    d->productLevelStock.insert(line.productId, diff);
                else
                    d->stockDiffs.append(diff);
            }
            report(tr("comparing the stock"));
            return !d->cancelled;
        },
        then([this] {
            for (auto it = d->productLevelStock.cbegin(); it != d->productLevelStock.cend(); ++it) {
                if (!d->productsWithCombinations.contains(it.key()))
                    d->stockDiffs.append(it.value());
            }
            fetchHeavyTexts();
        }));
}

void Reconciler::fetchHeavyTexts()
{
    // The ERP side of a differing description is known only by its fingerprint: read those texts
    // back (only for the SKUs that differ), so the report shows both.
    QStringList skus;
    QStringList heavy;
    for (const PendingField &f : d->fields) {
        if (FieldPolicy::isHeavy(f.field)) {
            if (!skus.contains(f.sku))
                skus << f.sku;
            if (!heavy.contains(f.field))
                heavy << f.field;
        }
    }
    if (skus.isEmpty() || d->cancelled)
        return finish();
    auto texts = std::make_shared<QHash<QString, QVariantMap>>();
    inBatches(
        std::make_shared<QStringList>(skus),
        [this, texts, heavy](const QStringList &batch, std::function<void()> next) {
            if (d->cancelled)
                return finish();
            d->erp.productsBySku(batch, heavy, [this, texts, next](Result<QVector<ProductData>> found) {
                if (!found)
                    return fail(found.error());
                for (const ProductData &p : *found) {
                    if (!texts->contains(p.sku))
                        texts->insert(p.sku, p.fields);
                }
                report(tr("reading the differing descriptions"));
                next();
            });
        },
        [this, texts] {
            for (PendingField &f : d->fields) {
                if (FieldPolicy::isHeavy(f.field) && texts->contains(f.sku))
                    f.erpValue =
                        excerpt(auditText(f.field, texts->value(f.sku).value(f.field), d->language()), kShownLength);
            }
            finish();
        });
}

void Reconciler::finish()
{
    if (!d->running)
        return;
    d->running = false;
    ReconcileReport &r = d->report;
    r.cancelled = d->cancelled;
    const int tolerance = d->profile.sync.clockSkewToleranceS * 1000;

    for (const PendingField &f : d->fields) {
        const ErpEntry &e = d->erpBySku.value(f.sku);
        ReconcileDiff diff;
        diff.kind = DiffKind::FieldMismatch;
        diff.sku = f.sku;
        diff.field = f.field;
        diff.shopValue = f.shopValue;
        diff.erpValue = f.erpValue;
        diff.shopIds = {e.shopId};
        diff.erpIds = e.ids;
        const FieldRule rule = d->profile.fields.rule(f.field);
        diff.rule = toString(rule);
        std::optional<Side> winner;
        if (rule == FieldRule::Erp)
            winner = Side::Erp;
        else if (rule == FieldRule::Shop)
            winner = Side::Shop;
        else if (rule == FieldRule::Newest && f.shopUpdatedMs > 0 && e.updatedMs > 0 &&
                 std::abs(f.shopUpdatedMs - e.updatedMs) > tolerance)
            winner = f.shopUpdatedMs > e.updatedMs ? Side::Shop : Side::Erp;
        if (winner) {
            diff.writeTo = otherSide(*winner);
            diff.fix = *winner == Side::Erp ? tr("Write the ERP's %1 to the shop.").arg(f.field)
                                            : tr("Write the shop's %1 to the ERP.").arg(f.field);
            if (rule == FieldRule::Newest)
                diff.fix += tr(" (%1 was edited last.)").arg(*winner == Side::Erp ? tr("the ERP") : tr("the shop"));
        } else {
            diff.fix = rule == FieldRule::Manual
                           ? tr("%1 is a manual field: a person chooses the right value and types it in one "
                                "system (or decides it in Conflicts).")
                                 .arg(f.field)
                           : tr("Both were edited within %1 s (or a time is unknown): a person chooses the right "
                                "value and types it in one system.")
                                 .arg(d->profile.sync.clockSkewToleranceS);
        }
        r.diffs.append(diff);
    }
    r.diffs += d->stockDiffs;
    for (auto it = d->shopDuplicates.cbegin(); it != d->shopDuplicates.cend(); ++it) {
        ReconcileDiff diff;
        diff.kind = DiffKind::DuplicateInShop;
        diff.sku = it.key();
        diff.shopIds = it.value();
        diff.erpIds = d->erpBySku.value(it.key()).ids;
        diff.fix = tr("%1 shop products share this SKU: a person gives each its own reference (or deletes the "
                      "extra ones) in the shop; until then it is not synced.")
                       .arg(it.value().size());
        r.diffs.append(diff);
    }
    for (auto it = d->shopOnly.cbegin(); it != d->shopOnly.cend(); ++it) {
        ReconcileDiff diff;
        diff.kind = it.value().size() > 1 ? DiffKind::DuplicateInShop : DiffKind::MissingInErp;
        diff.sku = it.key();
        diff.shopIds = it.value();
        if (diff.kind == DiffKind::DuplicateInShop) {
            diff.fix = tr("%1 shop products share this SKU, which the ERP does not have: a person gives each its "
                          "own reference in the shop.")
                           .arg(it.value().size());
        } else if (!d->cancelled && d->profile.sync.createInErp) {
            diff.writeTo = Side::Erp;
            diff.fix = tr("Create the product in the ERP.");
        } else if (!d->cancelled) {
            diff.fix = tr("Only the shop has it and creating in the ERP is off: a person creates it in the ERP, "
                          "or deletes it from the shop.");
        }
        if (diff.kind == DiffKind::DuplicateInShop || !d->cancelled)
            r.diffs.append(diff);
    }
    for (auto it = d->erpBySku.cbegin(); it != d->erpBySku.cend(); ++it) {
        if (it->ids.size() > 1) {
            ReconcileDiff diff;
            diff.kind = DiffKind::DuplicateInErp;
            diff.sku = it.key();
            diff.erpIds = it->ids;
            if (it->seenInShop)
                diff.shopIds = {it->shopId};
            diff.fix = tr("%1 ERP products share this SKU (default_code): a person gives each its own internal "
                          "reference, or archives the extra ones; until then it is not synced.")
                           .arg(it->ids.size());
            r.diffs.append(diff);
        } else if (!it->seenInShop && !d->cancelled) {
            // Unknown after a cancel: the shop was not read to the end.
            ReconcileDiff diff;
            diff.kind = DiffKind::MissingInShop;
            diff.sku = it.key();
            diff.erpIds = it->ids;
            if (d->profile.sync.createInShop) {
                diff.writeTo = Side::Shop;
                diff.fix = tr("Create the product in the shop (inactive).");
            } else {
                diff.fix = tr("Only the ERP has it and creating in the shop is off: a person creates it in the shop.");
            }
            r.diffs.append(diff);
        }
    }
    std::sort(r.diffs.begin(), r.diffs.end(), [](const ReconcileDiff &a, const ReconcileDiff &b) {
        if (a.kind != b.kind)
            return int(a.kind) < int(b.kind);
        if (a.sku != b.sku)
            return a.sku < b.sku;
        return a.field < b.field;
    });
    r.finishedMs = d->clock.nowMs();
    report(d->cancelled ? tr("cancelled") : tr("done"), true);
    d->erpBySku.clear(); // the memory goes back before the caller stores the report
    auto done = std::move(d->done);
    done(std::move(r));
}

void Reconciler::fail(const Error &error)
{
    if (!d->running)
        return;
    d->running = false;
    d->erpBySku.clear();
    auto done = std::move(d->done);
    done(error);
}

} // namespace syncsmart
