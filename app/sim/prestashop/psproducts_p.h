#pragma once

// Private layout of ProductStore, shared by psproducts.cpp (seeding, writes) and pscatalogtables.cpp
// (the PsTable views). Rows are plain numbers; everything else is derived or a sparse override.

#include "psproducts.h"

#include <QHash>

namespace syncsmart::sim::ps {

enum RowFlag : quint8 { RowActive = 1, RowDeleted = 2, RowOverridden = 4, RowDefaultOn = 8 };

struct ProductRow
{
    qint64 priceMicro = 0;
    qint64 wholesaleMicro = 0;
    qint64 weightMicro = 0;
    qint64 dateAdd = 0; // UTC seconds
    qint64 dateUpd = 0;
    qint64 ean13 = 0;      // seeded EAN-13 as a number (they never start with 0)
    qint32 seedIndex = -1; // -1: created through the API, every other value is an override
    qint32 stockId = 0;
    qint32 firstCombination = 0;
    qint32 category = 2;
    quint8 combinationCount = 0;
    quint8 flags = RowActive;
};

struct CombinationRow
{
    qint32 productId = 0;
    qint32 stockId = 0;
    quint8 size = 0;
    quint8 flags = 0;
};

struct StockRow
{
    qint32 productId = 0;
    qint32 combinationId = 0;
    qint32 quantity = 0;
    quint8 flags = 0;
};

// Where a product field's value comes from when it was never overridden.
enum class Src : quint8 {
    Constant,
    Id,
    Reference,
    Price,
    Wholesale,
    Weight,
    Ean13,
    Active,
    DateAdd,
    DateUpd,
    Category,
    DefaultCombination,
    ProductType,
    Position,
    Name,
    LinkRewrite,
    Description,
    DescriptionShort,
    MetaTitle,
    MetaDescription,
};

using FieldOverrides = QHash<int, PsValue>;

struct ProductStore::Impl
{
    Impl(const SeedCatalog &seedCatalog, const ShopTime &shopTime);

    const SeedCatalog &seed;
    const ShopTime &time;
    const ResourceDef &pdef;
    const ResourceDef &sdef;
    const ResourceDef &cdef;

    std::vector<ProductRow> rows; // id - 1
    std::vector<CombinationRow> combos;
    std::vector<StockRow> stocks;
    QHash<qint64, FieldOverrides> productOverrides;
    QHash<qint64, FieldOverrides> comboOverrides;
    QHash<qint64, FieldOverrides> stockOverrides;
    QHash<qint64, QList<qint64>> categoryOverrides; // association "categories" once written

    std::vector<qint32> seedToId;                // seed index -> product id (0 = not in the shop)
    QHash<qint32, QList<qint64>> seedDuplicates; // seed index -> extra products reusing its SKU
    QHash<QString, QList<qint64>> refIndex;      // lower-case reference -> products whose reference is stored
    QHash<QString, QList<qint64>> comboRefIndex;
    DateIndex dateUpdIndex;
    mutable std::vector<qint64> categoryOrder;
    mutable bool categoryOrderDirty = true;
    qint64 deletedProducts = 0;
    qint64 deletedStocks = 0;
    qint64 deletedCombos = 0;

    std::vector<Src> productSrc;       // per product field
    std::vector<PsValue> seedDefaults; // Src::Constant values of seeded products
    int fReference = -1, fCategory = -1, fDateUpd = -1, fDateAdd = -1, fPrice = -1, fActive = -1;
    int cReference = -1, sQuantity = -1;

    // Reads
    const ProductRow *row(qint64 id) const
    {
        return id >= 1 && id <= qint64(rows.size()) ? &rows[size_t(id - 1)] : nullptr;
    }
    bool productExists(qint64 id) const
    {
        const ProductRow *r = row(id);
        return r && !(r->flags & RowDeleted);
    }
    PsValue productValue(qint64 id, int field) const;
    PsValue derivedProductValue(const ProductRow &r, qint64 id, int field) const;
    QString seedText(const ProductRow &r, Src src, int language) const;
    AssocList productAssociation(qint64 id, int assoc) const;
    QList<qint64> productCombinations(qint64 id) const;
    PsValue comboValue(qint64 id, int field) const;
    PsValue derivedComboValue(qint64 id, int field) const;
    PsValue stockValue(qint64 id, int field) const;
    QString derivedReference(const ProductRow &r) const;
    QString derivedComboReference(qint64 comboId) const;

    // Index upkeep
    void indexReference(qint64 id, const QString &oldRef, const QString &newRef, bool wasStored,
                        bool isStored);
    void moveDateIndex(qint64 id, qint64 oldUtc, qint64 newUtc);
    void rebuildCategoryOrder() const;
    void resyncProductStock(qint64 productId);

    // Seeding
    void seedFromCatalog();
};

} // namespace syncsmart::sim::ps
