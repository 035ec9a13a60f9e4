#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace syncsmart::sim {

// How the two peers deliberately disagree after seeding, so reconciliation tests know the answer.
// Shares are of the N seeded SKUs and are mutually exclusive per SKU (a SKU gets at most one).
struct DivergenceSpec
{
    double missingInShop = 0.0; // SKU exists only in the ERP
    double missingInErp = 0.0;  // SKU exists only in the shop
    double fieldMismatch = 0.0; // one of price / weight / ean13 / name differs
    double stockMismatch = 0.0; // stock differs
    int duplicateSkusShop = 0;  // extra shop products reusing an existing SKU
    int duplicateSkusErp = 0;   // extra ERP products reusing an existing SKU
};

struct SeedSpec
{
    qint64 products = 0;
    quint64 seed = 1;
    DivergenceSpec divergence;
    double combinationsShare = 0.0; // share of shop products with 2-3 combinations (size variants)
};

// The truth of one seeded product as one side holds it. Heavy texts (descriptions) are not here:
// SeedCatalog derives them from the index on demand so a million products stay small.
struct SeedProduct
{
    qint64 index = 0;
    QString sku;
    QString name; // language 1 (English)
    double price = 0.0;  // tax excluded, 2 decimals
    double cost = 0.0;   // wholesale / standard price, 2 decimals
    QString ean13;       // 13 digits, valid check digit, unique
    double weight = 0.0; // kg, 3 decimals
    int stock = 0;
    bool active = true;
    qint64 createdAtUtc = 0; // seconds since epoch
    qint64 updatedAtUtc = 0;
    int combinations = 0; // shop only: 0, 2 or 3
};

enum class Presence { Both, ShopOnly, ErpOnly };

struct FieldMismatch
{
    QString field; // "price", "weight", "ean13", "name"
    QString shopValue;
    QString erpValue;
};

// Deterministic, random-access catalog: product(i) depends only on (seed, i).
class SeedCatalog final
{
public:
    explicit SeedCatalog(SeedSpec spec);

    const SeedSpec &spec() const { return m_spec; }
    qint64 size() const { return m_spec.products; }

    QString sku(qint64 index) const;
    Presence presence(qint64 index) const;
    std::optional<FieldMismatch> mismatch(qint64 index) const; // field mismatch only
    bool hasStockMismatch(qint64 index) const;

    SeedProduct shopView(qint64 index) const; // as the shop holds it (mismatches applied)
    SeedProduct erpView(qint64 index) const;  // as the ERP holds it

    // Texts by language (1 = en, 2 = fr), derived from the index: never stored.
    QString name(qint64 index, int language) const;
    QString linkRewrite(qint64 index, int language) const;
    QString description(qint64 index, int language) const;      // HTML, ~0.5-1.5 KB
    QString shortDescription(qint64 index, int language) const; // HTML, ~150 B
    QString metaTitle(qint64 index, int language) const;
    QString combinationSuffix(int combination) const; // "S", "M", "L"

    // Indexes whose SKU is reused by one extra record on that side (each appears once).
    const QList<qint64> &duplicatedOnShop() const { return m_duplicatedOnShop; }
    const QList<qint64> &duplicatedOnErp() const { return m_duplicatedOnErp; }

    // Exactly what reconciliation must find (see DivergenceSpec):
    // {missingInShop:[sku], missingInErp:[sku], fieldMismatches:[{sku,field,shop,erp}],
    //  stockMismatches:[{sku,shop,erp}], duplicateSkus:{shop:[sku], erp:[sku]}, counts:{...}}
    QJsonObject expectedDivergence() const;

    // A stable pseudo-random 64-bit value for (index, salt); also used by the activity generator.
    quint64 hash(qint64 index, quint64 salt) const;

private:
    SeedProduct baseProduct(qint64 index) const;
    int divergenceKind(qint64 index) const;

    SeedSpec m_spec;
    QList<qint64> m_duplicatedOnShop;
    QList<qint64> m_duplicatedOnErp;
};

QString formatDecimal(double value, int decimals);

} // namespace syncsmart::sim
