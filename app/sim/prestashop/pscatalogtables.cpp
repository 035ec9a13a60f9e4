#include "psproducts_p.h"

#include <algorithm>
#include <functional>

namespace syncsmart::sim::ps {

namespace {

QString stripTags(QString html)
{
    QString out;
    out.reserve(html.size());
    bool inTag = false;
    for (QChar c : html) {
        if (c == QLatin1Char('<'))
            inTag = true;
        else if (c == QLatin1Char('>'))
            inTag = false;
        else if (!inTag)
            out.append(c);
    }
    out.replace(QLatin1String("&lt;"), QLatin1String("<"));
    out.replace(QLatin1String("&gt;"), QLatin1String(">"));
    out.replace(QLatin1String("&quot;"), QLatin1String("\""));
    out.replace(QLatin1String("&amp;"), QLatin1String("&"));
    return out;
}

AssocEntry entry(std::initializer_list<PsValue> values)
{
    return AssocEntry{QList<PsValue>(values)};
}

// Calls `add` with each value that is a whole number (filters on ids and foreign keys).
void forEachId(const QStringList &values, const std::function<void(qint64)> &add)
{
    for (const QString &v : values) {
        bool ok = false;
        const qint64 n = v.trimmed().toLongLong(&ok);
        if (ok)
            add(n);
    }
}

} // namespace

QString ProductStore::Impl::seedText(const ProductRow &r, Src src, int language) const
{
    const qint64 i = r.seedIndex;
    switch (src) {
    case Src::Name:
        return seed.name(i, language);
    case Src::LinkRewrite:
        return seed.linkRewrite(i, language);
    case Src::Description:
        return seed.description(i, language);
    case Src::DescriptionShort:
        return seed.shortDescription(i, language);
    case Src::MetaTitle:
        return seed.metaTitle(i, language);
    case Src::MetaDescription:
        return stripTags(seed.shortDescription(i, language));
    default:
        return QString();
    }
}

PsValue ProductStore::Impl::productValue(qint64 id, int field) const
{
    const ProductRow &r = rows[size_t(id - 1)];
    if (r.flags & RowOverridden) {
        const auto it = productOverrides.constFind(id);
        if (it != productOverrides.cend()) {
            const auto f = it->constFind(field);
            if (f != it->cend())
                return *f;
        }
    }
    return derivedProductValue(r, id, field);
}

PsValue ProductStore::Impl::derivedProductValue(const ProductRow &r, qint64 id, int field) const
{
    const bool seeded = r.seedIndex >= 0;
    const Src src = productSrc[size_t(field)];
    switch (src) {
    case Src::Constant:
        return seeded ? seedDefaults[size_t(field)] : PsValue::null();
    case Src::Id:
        return PsValue::integer(id);
    case Src::Reference:
        return PsValue::string(seeded ? seed.sku(r.seedIndex) : QString());
    case Src::Price:
        return PsValue::string(formatMicro(r.priceMicro));
    case Src::Wholesale:
        return PsValue::string(formatMicro(r.wholesaleMicro));
    case Src::Weight:
        return PsValue::string(formatMicro(r.weightMicro));
    case Src::Ean13:
        return PsValue::string(seeded ? QString::number(r.ean13) : QString());
    case Src::Active:
        return PsValue::string((r.flags & RowActive) ? QStringLiteral("1") : QStringLiteral("0"));
    case Src::DateAdd:
        return PsValue::string(time.format(r.dateAdd));
    case Src::DateUpd:
        return PsValue::string(time.format(r.dateUpd));
    case Src::Category:
        return PsValue::integer(r.category);
    case Src::DefaultCombination:
        return PsValue::integer(r.combinationCount ? r.firstCombination : 0);
    case Src::ProductType:
        return PsValue::string(!seeded              ? QString()
                               : r.combinationCount ? QStringLiteral("combinations")
                                                    : QStringLiteral("standard"));
    case Src::Position:
        return PsValue::integer(seeded ? id : 0);
    case Src::Name:
    case Src::LinkRewrite:
    case Src::Description:
    case Src::DescriptionShort:
    case Src::MetaTitle:
    case Src::MetaDescription:
        if (!seeded)
            return PsValue::langs(QString(), QString());
        return PsValue::langs(seedText(r, src, 1), seedText(r, src, 2));
    }
    return PsValue::null();
}

AssocList ProductStore::Impl::productAssociation(qint64 id, int assoc) const
{
    const ProductRow &r = rows[size_t(id - 1)];
    const QString &name = pdef.associations.at(assoc).name;
    AssocList out;
    if (name == QLatin1String("categories")) {
        if (const auto it = categoryOverrides.constFind(id); it != categoryOverrides.cend()) {
            for (qint64 c : *it)
                out.append(entry({PsValue::integer(c)}));
        } else if (r.seedIndex >= 0) {
            out.append(entry({PsValue::integer(2)}));
            if (r.category != 2)
                out.append(entry({PsValue::integer(r.category)}));
        }
    } else if (name == QLatin1String("combinations")) {
        for (qint64 c : productCombinations(id))
            out.append(entry({PsValue::integer(c)}));
    } else if (name == QLatin1String("product_option_values")) {
        // Sizes S, M, L are the demo catalog's option values 1, 2, 3.
        for (qint64 c : productCombinations(id))
            out.append(entry({PsValue::integer(combos[size_t(c - 1)].size + 1)}));
    } else if (name == QLatin1String("stock_availables")) {
        out.append(entry({PsValue::integer(r.stockId), PsValue::integer(0)}));
        for (qint64 c : productCombinations(id))
            out.append(entry({PsValue::integer(combos[size_t(c - 1)].stockId), PsValue::integer(c)}));
    }
    return out;
}

PsValue ProductStore::Impl::comboValue(qint64 id, int field) const
{
    if (const auto it = comboOverrides.constFind(id); it != comboOverrides.cend()) {
        if (const auto f = it->constFind(field); f != it->cend())
            return *f;
    }
    return derivedComboValue(id, field);
}

PsValue ProductStore::Impl::derivedComboValue(qint64 id, int field) const
{
    const CombinationRow &c = combos[size_t(id - 1)];
    const FieldDef &fd = cdef.field(field);
    const QString &n = fd.name;
    if (n == QLatin1String("id"))
        return PsValue::integer(id);
    if (n == QLatin1String("id_product"))
        return PsValue::integer(c.productId);
    if (n == QLatin1String("reference"))
        return PsValue::string(derivedComboReference(id));
    if (n == QLatin1String("minimal_quantity"))
        return PsValue::integer(1);
    if (n == QLatin1String("low_stock_threshold"))
        return PsValue::integer(0);
    if (n == QLatin1String("default_on")) // "" rather than "0" for the others (fixture 68)
        return PsValue::string((c.flags & RowDefaultOn) ? QStringLiteral("1") : QString());
    switch (fd.kind) {
    case FieldKind::Float:
        return PsValue::string(formatMicro(0, fd.decimals));
    case FieldKind::Bool:
        return PsValue::string(QStringLiteral("0"));
    case FieldKind::Date:
        return PsValue::string(QStringLiteral("0000-00-00"));
    case FieldKind::I18n:
        return PsValue::langs(QString(), QString());
    case FieldKind::Int:
        return PsValue::integer(0);
    default:
        return PsValue::string(QString());
    }
}

PsValue ProductStore::Impl::stockValue(qint64 id, int field) const
{
    if (const auto it = stockOverrides.constFind(id); it != stockOverrides.cend()) {
        if (const auto f = it->constFind(field); f != it->cend())
            return *f;
    }
    const StockRow &s = stocks[size_t(id - 1)];
    switch (field) {
    case 0:
        return PsValue::integer(id);
    case 1:
        return PsValue::integer(s.productId);
    case 2:
        return PsValue::integer(s.combinationId);
    case 3:
        return PsValue::integer(1); // id_shop
    case 4:
        return PsValue::integer(0); // id_shop_group
    case 5:
        return PsValue::integer(s.quantity);
    case 6:
        return PsValue::string(QStringLiteral("0")); // depends_on_stock
    case 7:
        return PsValue::integer(2); // out_of_stock: the shop's default
    default:
        return PsValue::string(QString()); // location
    }
}

class ProductStore::ProductsTable final : public PsTable
{
public:
    explicit ProductsTable(const Impl &impl)
        : d(impl)
    {
    }
    const ResourceDef &def() const override { return d.pdef; }
    qint64 maxId() const override { return qint64(d.rows.size()); }
    bool exists(qint64 id) const override { return d.productExists(id); }
    qint64 liveCount() const override { return qint64(d.rows.size()) - d.deletedProducts; }
    PsValue value(qint64 id, int field) const override { return d.productValue(id, field); }
    AssocList association(qint64 id, int assoc) const override { return d.productAssociation(id, assoc); }
    std::optional<qint64> wallDate(qint64 id, int field) const override
    {
        if (field == d.fDateUpd)
            return d.time.toWall(d.rows[size_t(id - 1)].dateUpd);
        if (field == d.fDateAdd)
            return d.time.toWall(d.rows[size_t(id - 1)].dateAdd);
        return PsTable::wallDate(id, field);
    }
    bool lookup(int field, const QStringList &values, std::vector<qint64> &ids) const override
    {
        if (field == 0) {
            forEachId(values, [&](qint64 id) {
                if (d.productExists(id))
                    ids.push_back(id);
            });
        } else if (field == d.fReference) {
            for (const QString &v : values) {
                for (qint64 id : owner->productsWithReference(v))
                    ids.push_back(id);
            }
        } else {
            return false;
        }
        std::sort(ids.begin(), ids.end());
        ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
        return true;
    }
    const DateIndex *dateIndex(int field) const override
    {
        return field == d.fDateUpd ? &d.dateUpdIndex : nullptr;
    }
    void unsortedOrder(std::vector<qint64> &ids) const override
    {
        if (d.categoryOrderDirty)
            d.rebuildCategoryOrder();
        ids = d.categoryOrder;
    }
    bool dense() const override { return d.deletedProducts == 0; }

    const ProductStore *owner = nullptr;

private:
    const Impl &d;
};

class ProductStore::StockTable final : public PsTable
{
public:
    explicit StockTable(const Impl &impl)
        : d(impl)
    {
    }
    const ResourceDef &def() const override { return d.sdef; }
    qint64 maxId() const override { return qint64(d.stocks.size()); }
    bool exists(qint64 id) const override
    {
        return id >= 1 && id <= maxId() && !(d.stocks[size_t(id - 1)].flags & RowDeleted);
    }
    qint64 liveCount() const override { return maxId() - d.deletedStocks; }
    PsValue value(qint64 id, int field) const override { return d.stockValue(id, field); }
    bool lookup(int field, const QStringList &values, std::vector<qint64> &ids) const override
    {
        if (field == 0) {
            forEachId(values, [&](qint64 id) {
                if (exists(id))
                    ids.push_back(id);
            });
        } else if (field == 1) {
            forEachId(values, [&](qint64 productId) {
                if (!d.productExists(productId))
                    return;
                ids.push_back(d.rows[size_t(productId - 1)].stockId);
                for (qint64 c : d.productCombinations(productId))
                    ids.push_back(d.combos[size_t(c - 1)].stockId);
            });
        } else {
            return false;
        }
        std::sort(ids.begin(), ids.end());
        ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
        return true;
    }
    bool dense() const override { return d.deletedProducts == 0; }

private:
    const Impl &d;
};

class ProductStore::CombinationsTable final : public PsTable
{
public:
    explicit CombinationsTable(const Impl &impl)
        : d(impl)
    {
    }
    const ResourceDef &def() const override { return d.cdef; }
    qint64 maxId() const override { return qint64(d.combos.size()); }
    bool exists(qint64 id) const override
    {
        return id >= 1 && id <= maxId() && !(d.combos[size_t(id - 1)].flags & RowDeleted);
    }
    qint64 liveCount() const override { return maxId() - d.deletedCombos; }
    PsValue value(qint64 id, int field) const override { return d.comboValue(id, field); }
    AssocList association(qint64 id, int assoc) const override
    {
        AssocList out;
        if (d.cdef.associations.at(assoc).name == QLatin1String("product_option_values"))
            out.append(entry({PsValue::integer(d.combos[size_t(id - 1)].size + 1)}));
        return out;
    }
    bool lookup(int field, const QStringList &values, std::vector<qint64> &ids) const override
    {
        if (field == 0) {
            forEachId(values, [&](qint64 id) {
                if (exists(id))
                    ids.push_back(id);
            });
        } else if (field == 1) {
            forEachId(values, [&](qint64 productId) {
                for (qint64 c : d.productCombinations(productId))
                    ids.push_back(c);
            });
        } else if (field == d.cReference) {
            for (const QString &v : values) {
                for (qint64 id : owner->combinationsWithReference(v))
                    ids.push_back(id);
            }
        } else {
            return false;
        }
        std::sort(ids.begin(), ids.end());
        ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
        return true;
    }
    bool dense() const override { return d.deletedProducts == 0; }

    const ProductStore *owner = nullptr;

private:
    const Impl &d;
};

ProductStore::ProductStore(const SeedCatalog &seed, const ShopTime &time)
    : d(std::make_unique<Impl>(seed, time))
{
    d->seedFromCatalog();
    initTables();
}

void ProductStore::initTables()
{
    m_products = std::make_unique<ProductsTable>(*d);
    m_products->owner = this;
    m_stock = std::make_unique<StockTable>(*d);
    m_combinations = std::make_unique<CombinationsTable>(*d);
    m_combinations->owner = this;
}

ProductStore::~ProductStore() = default;

const PsTable &ProductStore::products() const
{
    return *m_products;
}
const PsTable &ProductStore::stock() const
{
    return *m_stock;
}
const PsTable &ProductStore::combinations() const
{
    return *m_combinations;
}

} // namespace syncsmart::sim::ps
