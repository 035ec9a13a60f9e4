#include "psproducts_p.h"

#include <algorithm>
#include <thread>

namespace syncsmart::sim::ps {

namespace {

constexpr quint64 kCategorySalt = 0x5053434154ull; // spreads seeded products over categories 2..9

QString lower(const QString &s)
{
    return s.toLower();
}

qint64 textMicro(const PsValue &v)
{
    return parseMicro(v.toText()).value_or(0);
}

} // namespace

ProductStore::Impl::Impl(const SeedCatalog &seedCatalog, const ShopTime &shopTime)
    : seed(seedCatalog)
    , time(shopTime)
    , pdef(productsDef())
    , sdef(stockAvailablesDef())
    , cdef(combinationsDef())
{
    fReference = pdef.indexOf(QStringLiteral("reference"));
    fCategory = pdef.indexOf(QStringLiteral("id_category_default"));
    fDateUpd = pdef.indexOf(QStringLiteral("date_upd"));
    fDateAdd = pdef.indexOf(QStringLiteral("date_add"));
    fPrice = pdef.indexOf(QStringLiteral("price"));
    fActive = pdef.indexOf(QStringLiteral("active"));
    cReference = cdef.indexOf(QStringLiteral("reference"));
    sQuantity = sdef.indexOf(QStringLiteral("quantity"));

    // Seeded products look like the demo catalog's (fixture 04) except where the seed decides.
    const QHash<QString, Src> sources{
        {QStringLiteral("id"), Src::Id},
        {QStringLiteral("reference"), Src::Reference},
        {QStringLiteral("price"), Src::Price},
        {QStringLiteral("wholesale_price"), Src::Wholesale},
        {QStringLiteral("weight"), Src::Weight},
        {QStringLiteral("ean13"), Src::Ean13},
        {QStringLiteral("active"), Src::Active},
        {QStringLiteral("date_add"), Src::DateAdd},
        {QStringLiteral("date_upd"), Src::DateUpd},
        {QStringLiteral("id_category_default"), Src::Category},
        {QStringLiteral("cache_default_attribute"), Src::DefaultCombination},
        {QStringLiteral("id_default_combination"), Src::DefaultCombination},
        {QStringLiteral("product_type"), Src::ProductType},
        {QStringLiteral("position_in_category"), Src::Position},
        {QStringLiteral("name"), Src::Name},
        {QStringLiteral("link_rewrite"), Src::LinkRewrite},
        {QStringLiteral("description"), Src::Description},
        {QStringLiteral("description_short"), Src::DescriptionShort},
        {QStringLiteral("meta_title"), Src::MetaTitle},
        {QStringLiteral("meta_description"), Src::MetaDescription},
    };
    const QHash<QString, PsValue> constants{
        {QStringLiteral("id_manufacturer"), PsValue::integer(1)},
        {QStringLiteral("id_supplier"), PsValue::integer(1)},
        {QStringLiteral("id_tax_rules_group"), PsValue::integer(1)},
        {QStringLiteral("manufacturer_name"), PsValue::string(QStringLiteral("Studio Design"))},
        {QStringLiteral("quantity"), PsValue::integer(0)},
        {QStringLiteral("type"), PsValue::string(QStringLiteral("simple"))},
        {QStringLiteral("id_shop_default"), PsValue::integer(1)},
        {QStringLiteral("state"), PsValue::integer(1)},
        {QStringLiteral("additional_delivery_times"), PsValue::integer(1)},
        {QStringLiteral("minimal_quantity"), PsValue::integer(1)},
        {QStringLiteral("low_stock_threshold"), PsValue::integer(0)},
        {QStringLiteral("customizable"), PsValue::integer(0)},
        {QStringLiteral("text_fields"), PsValue::integer(0)},
        {QStringLiteral("uploadable_files"), PsValue::integer(0)},
        {QStringLiteral("id_type_redirected"), PsValue::integer(0)},
        {QStringLiteral("pack_stock_type"), PsValue::integer(3)},
        {QStringLiteral("redirect_type"), PsValue::string(QStringLiteral("301-category"))},
        {QStringLiteral("available_for_order"), PsValue::string(QStringLiteral("1"))},
        {QStringLiteral("condition"), PsValue::string(QStringLiteral("new"))},
        {QStringLiteral("show_price"), PsValue::string(QStringLiteral("1"))},
        {QStringLiteral("indexed"), PsValue::string(QStringLiteral("1"))},
        {QStringLiteral("visibility"), PsValue::string(QStringLiteral("both"))},
    };
    productSrc.resize(size_t(pdef.fields.size()), Src::Constant);
    seedDefaults.resize(size_t(pdef.fields.size()));
    for (int f = 0; f < pdef.fields.size(); ++f) {
        const FieldDef &fd = pdef.field(f);
        if (const auto it = sources.find(fd.name); it != sources.end()) {
            productSrc[size_t(f)] = *it;
            continue;
        }
        PsValue v;
        if (const auto it = constants.find(fd.name); it != constants.end()) {
            v = *it;
        } else if (fd.has(Virtual) || fd.name == QLatin1String("id_default_image")) {
            v = PsValue::null();
        } else {
            switch (fd.kind) {
            case FieldKind::Int:
                v = PsValue::integer(0);
                break;
            case FieldKind::Bool:
                v = PsValue::string(QStringLiteral("0"));
                break;
            case FieldKind::Float:
                v = PsValue::string(formatMicro(0, fd.decimals));
                break;
            case FieldKind::Date:
                v = PsValue::string(QStringLiteral("0000-00-00"));
                break;
            case FieldKind::DateTime:
                v = PsValue::string(QStringLiteral("0000-00-00 00:00:00"));
                break;
            case FieldKind::I18n:
                v = PsValue::langs(QString(), QString());
                break;
            case FieldKind::String:
                v = PsValue::string(QString());
                break;
            }
        }
        seedDefaults[size_t(f)] = v;
    }
}

void ProductStore::Impl::seedFromCatalog()
{
    const qint64 n = seed.size();
    seedToId.assign(size_t(std::max<qint64>(n, 0)), 0);
    qint64 count = 0;
    for (qint64 i = 0; i < n; ++i) {
        if (seed.presence(i) != Presence::ErpOnly)
            seedToId[size_t(i)] = qint32(++count);
    }
    const QList<qint64> &dups = seed.duplicatedOnShop();
    rows.resize(size_t(count + dups.size()));
    std::vector<qint32> stockOf(rows.size(), 0);

    auto fill = [this, &stockOf](qint64 index, qint64 id) {
        const SeedProduct p = seed.shopView(index);
        ProductRow &r = rows[size_t(id - 1)];
        r.priceMicro = micro(p.price);
        r.wholesaleMicro = micro(p.cost);
        r.weightMicro = micro(p.weight);
        r.dateAdd = p.createdAtUtc;
        r.dateUpd = p.updatedAtUtc;
        r.ean13 = p.ean13.toLongLong();
        r.seedIndex = qint32(index);
        r.category = 2 + qint32(seed.hash(index, kCategorySalt) % 8);
        r.combinationCount = quint8(p.combinations);
        r.flags = p.active ? RowActive : 0;
        stockOf[size_t(id - 1)] = p.stock;
    };
    // shopView() derives names and hashes: ~2 us per product, so a million are seeded on all cores.
    const unsigned threads = std::max(1u, std::min(8u, std::thread::hardware_concurrency()));
    std::vector<std::thread> pool;
    for (unsigned t = 0; t < threads; ++t) {
        pool.emplace_back([&, t] {
            for (qint64 i = t; i < n; i += threads) {
                if (const qint32 id = seedToId[size_t(i)])
                    fill(i, id);
            }
        });
    }
    for (std::thread &th : pool)
        th.join();
    qint64 next = count;
    for (qint64 index : dups) {
        fill(index, ++next);
        seedDuplicates[qint32(index)].append(next);
    }

    // Stock rows in product order: the product's own row, then one per combination; the product's
    // row holds the sum of its combinations' rows.
    stocks.reserve(rows.size() + rows.size() / 4);
    for (size_t i = 0; i < rows.size(); ++i) {
        ProductRow &r = rows[i];
        const qint32 total = stockOf[i];
        r.stockId = qint32(stocks.size() + 1);
        stocks.push_back(StockRow{qint32(i + 1), 0, total, 0});
        if (r.combinationCount > 0) {
            r.firstCombination = qint32(combos.size() + 1);
            const int k = r.combinationCount;
            for (int c = 0; c < k; ++c) {
                const qint32 comboId = qint32(combos.size() + 1);
                const qint32 share = total / k + (c < total % k ? 1 : 0);
                const qint32 stockId = qint32(stocks.size() + 1);
                combos.push_back(
                    CombinationRow{qint32(i + 1), stockId, quint8(c), quint8(c == 0 ? RowDefaultOn : 0)});
                stocks.push_back(StockRow{qint32(i + 1), comboId, share, 0});
            }
        }
    }

    std::vector<std::pair<qint64, qint64>> keys;
    keys.reserve(rows.size());
    for (size_t i = 0; i < rows.size(); ++i)
        keys.emplace_back(time.toWall(rows[i].dateUpd), qint64(i + 1));
    std::sort(keys.begin(), keys.end());
    for (const auto &k : keys)
        dateUpdIndex.emplace_hint(dateUpdIndex.end(), k);
}

QString ProductStore::Impl::derivedReference(const ProductRow &r) const
{
    return r.seedIndex >= 0 ? seed.sku(r.seedIndex) : QString();
}

QString ProductStore::Impl::derivedComboReference(qint64 comboId) const
{
    const CombinationRow &c = combos[size_t(comboId - 1)];
    const ProductRow &p = rows[size_t(c.productId - 1)];
    if (p.seedIndex < 0)
        return QString();
    return seed.sku(p.seedIndex) + QLatin1Char('-') + seed.combinationSuffix(c.size);
}

void ProductStore::Impl::indexReference(qint64 id, const QString &oldRef, const QString &newRef,
                                        bool wasStored, bool isStored)
{
    if (wasStored) {
        auto it = refIndex.find(lower(oldRef));
        if (it != refIndex.end()) {
            it->removeAll(id);
            if (it->isEmpty())
                refIndex.erase(it);
        }
    }
    if (isStored) {
        QList<qint64> &ids = refIndex[lower(newRef)];
        ids.insert(std::lower_bound(ids.begin(), ids.end(), id), id);
    }
}

void ProductStore::Impl::moveDateIndex(qint64 id, qint64 oldUtc, qint64 newUtc)
{
    dateUpdIndex.erase({time.toWall(oldUtc), id});
    dateUpdIndex.insert({time.toWall(newUtc), id});
}

void ProductStore::Impl::rebuildCategoryOrder() const
{
    // Without ORDER BY, MariaDB returned products by (id_category_default, id) (fixture 91).
    std::vector<std::pair<qint64, qint64>> keys;
    keys.reserve(rows.size());
    for (size_t i = 0; i < rows.size(); ++i) {
        if (rows[i].flags & RowDeleted)
            continue;
        keys.emplace_back(rows[i].category, qint64(i + 1));
    }
    std::sort(keys.begin(), keys.end());
    categoryOrder.clear();
    categoryOrder.reserve(keys.size());
    for (const auto &k : keys)
        categoryOrder.push_back(k.second);
    categoryOrderDirty = false;
}

void ProductStore::Impl::resyncProductStock(qint64 productId)
{
    const QList<qint64> comboIds = productCombinations(productId);
    if (comboIds.isEmpty())
        return;
    qint64 sum = 0;
    for (qint64 c : comboIds)
        sum += stocks[size_t(combos[size_t(c - 1)].stockId - 1)].quantity;
    stocks[size_t(rows[size_t(productId - 1)].stockId - 1)].quantity = qint32(sum);
}

QList<qint64> ProductStore::Impl::productCombinations(qint64 id) const
{
    QList<qint64> out;
    const ProductRow *r = row(id);
    if (!r)
        return out;
    for (int c = 0; c < r->combinationCount; ++c) {
        const qint64 comboId = r->firstCombination + c;
        if (!(combos[size_t(comboId - 1)].flags & RowDeleted))
            out.append(comboId);
    }
    return out;
}

qint64 ProductStore::productCount() const
{
    return qint64(d->rows.size()) - d->deletedProducts;
}

QList<qint64> ProductStore::productsWithReference(const QString &reference) const
{
    QList<qint64> out = d->refIndex.value(lower(reference));
    // Seeded SKUs are "SKU-" + a zero-padded number: the seed index is read back from the text.
    if (reference.size() > 4 && reference.left(4).compare(QLatin1String("SKU-"), Qt::CaseInsensitive) == 0) {
        bool ok = false;
        const qint64 number = reference.mid(4).toLongLong(&ok);
        const qint64 index = number - 1;
        if (ok && index >= 0 && index < qint64(d->seedToId.size()) &&
            d->seed.sku(index).compare(reference, Qt::CaseInsensitive) == 0) {
            QList<qint64> candidates;
            if (const qint32 id = d->seedToId[size_t(index)])
                candidates.append(id);
            candidates += d->seedDuplicates.value(qint32(index));
            for (qint64 id : candidates) {
                if (d->productExists(id) && !d->productOverrides.value(id).contains(d->fReference))
                    out.append(id);
            }
        }
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

QList<qint64> ProductStore::combinationsWithReference(const QString &reference) const
{
    QList<qint64> out = d->comboRefIndex.value(lower(reference));
    const qsizetype dash = reference.lastIndexOf(QLatin1Char('-'));
    if (dash > 0) {
        const QString suffix = reference.mid(dash + 1);
        for (qint64 productId : productsWithReference(reference.left(dash))) {
            const ProductRow &r = d->rows[size_t(productId - 1)];
            if (r.seedIndex < 0)
                continue;
            for (qint64 comboId : d->productCombinations(productId)) {
                const CombinationRow &c = d->combos[size_t(comboId - 1)];
                if (d->seed.combinationSuffix(c.size).compare(suffix, Qt::CaseInsensitive) == 0 &&
                    !d->comboOverrides.value(comboId).contains(d->cReference))
                    out.append(comboId);
            }
        }
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

QString ProductStore::reference(qint64 productId) const
{
    return d->productValue(productId, d->fReference).text;
}
QString ProductStore::combinationReference(qint64 combinationId) const
{
    return d->comboValue(combinationId, d->cReference).text;
}
QString ProductStore::name(qint64 productId, int language) const
{
    const PsValue v = d->productValue(productId, d->pdef.indexOf(QStringLiteral("name")));
    return v.kind == PsValue::Kind::Langs ? v.lang(language) : v.text;
}
qint64 ProductStore::priceMicro(qint64 productId) const
{
    return d->rows[size_t(productId - 1)].priceMicro;
}
qint64 ProductStore::wholesaleMicro(qint64 productId) const
{
    return d->rows[size_t(productId - 1)].wholesaleMicro;
}
qint64 ProductStore::weightMicro(qint64 productId) const
{
    return d->rows[size_t(productId - 1)].weightMicro;
}
QString ProductStore::ean13(qint64 productId) const
{
    return d->productValue(productId, d->pdef.indexOf(QStringLiteral("ean13"))).text;
}
qint64 ProductStore::dateUpd(qint64 productId) const
{
    return d->rows[size_t(productId - 1)].dateUpd;
}
QList<qint64> ProductStore::combinationIds(qint64 productId) const
{
    return d->productCombinations(productId);
}
qint64 ProductStore::combinationProduct(qint64 combinationId) const
{
    return d->combos[size_t(combinationId - 1)].productId;
}
int ProductStore::combinationSize(qint64 combinationId) const
{
    return d->combos[size_t(combinationId - 1)].size;
}
qint64 ProductStore::productStockId(qint64 productId) const
{
    return d->rows[size_t(productId - 1)].stockId;
}
qint64 ProductStore::combinationStockId(qint64 combinationId) const
{
    return d->combos[size_t(combinationId - 1)].stockId;
}
qint64 ProductStore::stockQuantity(qint64 stockId) const
{
    return d->stocks[size_t(stockId - 1)].quantity;
}
qint64 ProductStore::stockProduct(qint64 stockId) const
{
    return d->stocks[size_t(stockId - 1)].productId;
}
qint64 ProductStore::stockCombination(qint64 stockId) const
{
    return d->stocks[size_t(stockId - 1)].combinationId;
}

qint64 ProductStore::createProduct(const PsObject &stored)
{
    const qint64 id = qint64(d->rows.size()) + 1;
    ProductRow r;
    r.seedIndex = -1;
    r.flags = RowOverridden;
    d->rows.push_back(r);
    d->rows.back().stockId = qint32(d->stocks.size() + 1);
    d->stocks.push_back(StockRow{qint32(id), 0, 0, 0});
    // Every value is written once so value() never needs the seed for this product.
    std::vector<bool> all(size_t(d->pdef.fields.size()), true);
    PsObject withId = stored;
    withId.id = id;
    const ProductRow &created = d->rows.back();
    d->dateUpdIndex.insert({d->time.toWall(created.dateUpd), id});
    d->categoryOrderDirty = true;
    updateProduct(id, withId, all);
    return id;
}

QStringList ProductStore::updateProduct(qint64 id, const PsObject &stored, const std::vector<bool> &written)
{
    ProductRow &r = d->rows[size_t(id - 1)];
    QStringList changed;
    const QString oldRef = reference(id);
    const bool refWasStored = d->productOverrides.value(id).contains(d->fReference);
    const qint64 oldUpd = r.dateUpd;
    const qint32 oldCategory = r.category;
    FieldOverrides &overrides = d->productOverrides[id];
    for (int f = 0; f < d->pdef.fields.size(); ++f) {
        if (!written[size_t(f)] || f == 0)
            continue;
        const PsValue &v = stored.values[size_t(f)];
        const PsValue before = d->productValue(id, f);
        switch (d->productSrc[size_t(f)]) {
        case Src::Price:
            r.priceMicro = textMicro(v);
            break;
        case Src::Wholesale:
            r.wholesaleMicro = textMicro(v);
            break;
        case Src::Weight:
            r.weightMicro = textMicro(v);
            break;
        case Src::Active:
            r.flags = quint8(v.toText() == QLatin1String("1") ? r.flags | RowActive : r.flags & ~RowActive);
            break;
        case Src::Category:
            r.category = qint32(v.kind == PsValue::Kind::Int ? v.number : phpInt(v.toText()));
            break;
        case Src::DateAdd:
        case Src::DateUpd: {
            qint64 &slot = d->productSrc[size_t(f)] == Src::DateAdd ? r.dateAdd : r.dateUpd;
            if (d->time.format(slot) != v.text) {
                if (const auto wall = ShopTime::parseWall(v.text))
                    slot = d->time.wallToUtc(*wall);
            }
            break;
        }
        default:
            if (r.seedIndex >= 0 && v == d->derivedProductValue(r, id, f))
                overrides.remove(f);
            else
                overrides.insert(f, v);
            break;
        }
        if (d->productValue(id, f) != before)
            changed.append(d->pdef.field(f).name);
    }
    if (overrides.isEmpty()) {
        d->productOverrides.remove(id);
        r.flags = quint8(r.flags & ~RowOverridden);
    } else {
        r.flags |= RowOverridden;
    }
    if (const int a = d->pdef.assocOf(QStringLiteral("categories"));
        a >= 0 && size_t(a) < stored.assocSet.size() && stored.assocSet[size_t(a)]) {
        QList<qint64> ids;
        for (const AssocEntry &e : stored.assocs[size_t(a)])
            ids.append(e.values.value(0).kind == PsValue::Kind::Int ? e.values.value(0).number
                                                                    : phpInt(e.values.value(0).toText()));
        d->categoryOverrides.insert(id, ids);
    }
    const bool refIsStored = d->productOverrides.value(id).contains(d->fReference);
    if (refWasStored || refIsStored)
        d->indexReference(id, oldRef, reference(id), refWasStored, refIsStored);
    if (r.dateUpd != oldUpd)
        d->moveDateIndex(id, oldUpd, r.dateUpd);
    if (r.category != oldCategory)
        d->categoryOrderDirty = true;
    return changed;
}

void ProductStore::setProductDateUpd(qint64 id, qint64 utcSecs)
{
    ProductRow &r = d->rows[size_t(id - 1)];
    if (r.dateUpd == utcSecs)
        return;
    d->moveDateIndex(id, r.dateUpd, utcSecs);
    r.dateUpd = utcSecs;
}

bool ProductStore::deleteProduct(qint64 id)
{
    if (!d->productExists(id))
        return false;
    ProductRow &r = d->rows[size_t(id - 1)];
    const bool refStored = d->productOverrides.value(id).contains(d->fReference);
    if (refStored)
        d->indexReference(id, reference(id), QString(), true, false);
    d->dateUpdIndex.erase({d->time.toWall(r.dateUpd), id});
    for (qint64 c : d->productCombinations(id)) {
        d->combos[size_t(c - 1)].flags |= RowDeleted;
        d->stocks[size_t(d->combos[size_t(c - 1)].stockId - 1)].flags |= RowDeleted;
        ++d->deletedCombos;
        ++d->deletedStocks;
    }
    d->stocks[size_t(r.stockId - 1)].flags |= RowDeleted;
    ++d->deletedStocks;
    r.flags |= RowDeleted;
    ++d->deletedProducts;
    d->categoryOrderDirty = true;
    return true;
}

QStringList ProductStore::updateCombination(qint64 id, const PsObject &stored,
                                            const std::vector<bool> &written)
{
    QStringList changed;
    const QString oldRef = combinationReference(id);
    const bool refWasStored = d->comboOverrides.value(id).contains(d->cReference);
    FieldOverrides &overrides = d->comboOverrides[id];
    for (int f = 1; f < d->cdef.fields.size(); ++f) {
        // The product a combination belongs to is not moved by a write.
        if (!written[size_t(f)] || d->cdef.field(f).name == QLatin1String("id_product"))
            continue;
        const PsValue before = d->comboValue(id, f);
        const PsValue &v = stored.values[size_t(f)];
        if (v == d->derivedComboValue(id, f))
            overrides.remove(f);
        else
            overrides.insert(f, v);
        if (d->comboValue(id, f) != before)
            changed.append(d->cdef.field(f).name);
    }
    if (overrides.isEmpty())
        d->comboOverrides.remove(id);
    const bool refIsStored = d->comboOverrides.value(id).contains(d->cReference);
    if (refWasStored) {
        auto it = d->comboRefIndex.find(lower(oldRef));
        if (it != d->comboRefIndex.end()) {
            it->removeAll(id);
            if (it->isEmpty())
                d->comboRefIndex.erase(it);
        }
    }
    if (refIsStored)
        d->comboRefIndex[lower(combinationReference(id))].append(id);
    return changed;
}

QStringList ProductStore::updateStock(qint64 stockId, const PsObject &stored,
                                      const std::vector<bool> &written)
{
    QStringList changed;
    for (int f = 1; f < d->sdef.fields.size(); ++f) {
        const QString &name = d->sdef.field(f).name;
        // Which product/combination/shop a row counts for is fixed: rows are made with the product.
        if (!written[size_t(f)] || name == QLatin1String("id_product") ||
            name == QLatin1String("id_product_attribute") || name == QLatin1String("id_shop") ||
            name == QLatin1String("id_shop_group"))
            continue;
        const PsValue before = d->stockValue(stockId, f);
        const PsValue &v = stored.values[size_t(f)];
        if (f == d->sQuantity) {
            setStockQuantity(stockId, v.kind == PsValue::Kind::Int ? v.number : phpInt(v.toText()));
        } else {
            FieldOverrides &o = d->stockOverrides[stockId];
            o.insert(f, v);
        }
        if (d->stockValue(stockId, f) != before)
            changed.append(name);
    }
    return changed;
}

void ProductStore::setStockQuantity(qint64 stockId, qint64 quantity)
{
    StockRow &s = d->stocks[size_t(stockId - 1)];
    s.quantity = qint32(std::clamp<qint64>(quantity, -2147483647LL, 2147483647LL));
    if (s.combinationId != 0)
        d->resyncProductStock(s.productId);
}

} // namespace syncsmart::sim::ps
