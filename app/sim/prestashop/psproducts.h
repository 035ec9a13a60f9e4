#pragma once

// The catalog side of the emulated shop: products, their combinations (size variants) and the
// stock_availables rows. A million products must fit in a few hundred MB, so rows hold only numbers;
// texts are derived from the SeedCatalog on demand and only values that changed are stored.

#include "pstable.h"

#include "common/seed.h"

#include <QHash>
#include <QStringList>

#include <memory>
#include <optional>
#include <vector>

namespace syncsmart::sim::ps {

class ProductStore final
{
public:
    ProductStore(const SeedCatalog &seed, const ShopTime &time);
    ~ProductStore();

    const PsTable &products() const;
    const PsTable &stock() const;
    const PsTable &combinations() const;

    // Case-insensitive reference lookups (the shop's collation), ascending ids, duplicates included.
    QList<qint64> productsWithReference(const QString &reference) const;
    QList<qint64> combinationsWithReference(const QString &reference) const;

    QString reference(qint64 productId) const;
    QString combinationReference(qint64 combinationId) const;
    QString name(qint64 productId, int language) const;
    qint64 priceMicro(qint64 productId) const;
    qint64 wholesaleMicro(qint64 productId) const;
    qint64 weightMicro(qint64 productId) const;
    QString ean13(qint64 productId) const;
    qint64 dateUpd(qint64 productId) const;
    QList<qint64> combinationIds(qint64 productId) const;
    qint64 combinationProduct(qint64 combinationId) const;
    int combinationSize(qint64 combinationId) const; // 0 = S, 1 = M, 2 = L
    qint64 productStockId(qint64 productId) const;
    qint64 combinationStockId(qint64 combinationId) const;
    qint64 stockQuantity(qint64 stockId) const;
    qint64 stockProduct(qint64 stockId) const;
    qint64 stockCombination(qint64 stockId) const;

    // Writes. Values are in stored form (what a later GET shows). Return the fields that changed.
    qint64 createProduct(const PsObject &stored); // id and stock row assigned here
    QStringList updateProduct(qint64 id, const PsObject &stored, const std::vector<bool> &written);
    void setProductDateUpd(qint64 id, qint64 utcSecs);
    bool deleteProduct(qint64 id);
    QStringList updateCombination(qint64 id, const PsObject &stored, const std::vector<bool> &written);
    QStringList updateStock(qint64 stockId, const PsObject &stored, const std::vector<bool> &written);
    // Sets one stock row; a combination row also resets its product's row to the sum (as PrestaShop does).
    void setStockQuantity(qint64 stockId, qint64 quantity);

    qint64 productCount() const;

private:
    struct Impl;
    class ProductsTable;
    class StockTable;
    class CombinationsTable;
    void initTables();

    std::unique_ptr<Impl> d;
    std::unique_ptr<ProductsTable> m_products;
    std::unique_ptr<StockTable> m_stock;
    std::unique_ptr<CombinationsTable> m_combinations;
};

} // namespace syncsmart::sim::ps
