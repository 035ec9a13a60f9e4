#pragma once

#include "odoomodel.h"

#include <QHash>

#include <set>
#include <utility>
#include <vector>

namespace syncsmart::sim {
class SeedCatalog;
}

namespace syncsmart::sim::odoo {

// Multimap from a text column to record ids without storing the text twice: open addressing over
// row indexes whose key is read from the rows. default_code is not unique in Odoo, barcode is
// (enforced by a constraint, not by the index).
class TextIndex final
{
public:
    using KeyOf = std::function<QString(quint32 row)>;
    explicit TextIndex(KeyOf keyOf)
        : m_keyOf(std::move(keyOf))
    {
    }

    void insert(quint32 row, const QString &key);
    void remove(quint32 row, const QString &key);
    std::vector<quint32> find(const QString &key) const;
    void reserve(qsizetype rows);

private:
    static constexpr quint32 kEmpty = 0;
    static constexpr quint32 kTombstone = 0xFFFFFFFFu;
    void rehash(size_t capacity);

    KeyOf m_keyOf;
    std::vector<quint32> m_slots; // row + 1
    size_t m_used = 0;            // live + tombstones
};

// product.product: the catalog the sync engine reads in pages and writes prices to. Stored
// compactly (strings in an arena, no per-record heap) so a million products fit the budget.
class ProductModel final : public OdooModel
{
public:
    explicit ProductModel(OdooDatabase &db);

    void seed(const SeedCatalog &catalog);

    bool exists(qint64 id) const override;
    void forEachId(const std::function<bool(qint64)> &visit) const override;
    FieldValue value(qint64 id, int field, bool withNames) const override;
    QString displayName(qint64 id) const override;
    bool isHeavyField(int field) const override;

    QList<qint64> create(const QList<QJsonObject> &valsList, CallContext &ctx) override;
    void write(const QList<qint64> &ids, const QJsonObject &vals, CallContext &ctx) override;
    void unlink(const QList<qint64> &ids, CallContext &ctx) override;

    // For the other models, the activity generator and the control API.
    QList<qint64> idsWithCode(const QString &defaultCode) const; // ascending, archived included
    QString defaultCode(qint64 id) const;
    bool isStorable(qint64 id) const;
    double listPrice(qint64 id) const;
    qint64 quantId(qint64 id) const;
    void setQuantId(qint64 id, qint64 quantId);
    qint64 aliveCount() const { return m_alive; }
    qint64 archivedCount() const;
    QHash<QString, int> duplicateCodes() const; // default_code -> count, only those > 1

protected:
    std::optional<std::vector<qint64>> candidates(const Domain &domain) const override;
    std::optional<QList<qint64>> orderedSearch(const Domain &domain, const SearchSpec &spec) const override;

private:
    enum Field {
        FId,
        FDefaultCode,
        FActive,
        FTemplate,
        FBarcode,
        FStandardPrice,
        FWeight,
        FCreateDate,
        FWriteDate,
        FQtyAvailable,
        FVirtualAvailable,
        FFreeQty,
        FIncomingQty,
        FOutgoingQty,
        FDisplayName,
        FLstPrice,
        FName,
        FDetailedType,
        FType,
        FListPrice,
        FTaxes,
        FUom,
        FCategory,
        FSaleOk,
        FPurchaseOk,
        FDescriptionSale,
    };
    struct Row
    {
        StringArena::Ref defaultCode;
        StringArena::Ref name;
        StringArena::Ref barcode;
        double listPrice = 1.0;
        double standardPrice = 0.0;
        double weight = 0.0;
        qint64 createMs = 0;
        qint64 writeMs = 0;
        qint32 templateId = 0;
        qint32 quantId = 0;
        quint8 type = 0; // index into the detailed_type selection: consu, service, product
        bool active = true;
        bool alive = true;
        bool saleOk = true;
        bool purchaseOk = true;
        bool taxed = true;
        // description_sale: the seeded text (the shop's description in language 1) until written.
        bool descriptionWritten = false;
        qint32 seedIndex = -1;
        StringArena::Ref descriptionSale;
    };

    const Row *row(qint64 id) const;
    Row *row(qint64 id);
    QString text(StringArena::Ref ref) const { return m_arena.view(ref); }
    qint64 appendRow(const Row &row);
    void setWriteMs(qint64 id, qint64 ms);
    void applyValue(qint64 id, int field, const QJsonValue &value);
    void checkBarcodes(const QList<qint64> &ids, CallPath path) const;
    QList<qint64> sortedByDefaultOrder(QList<qint64> ids) const;
    QString templateRow(qint64 templateId, const QJsonObject &vals, qint64 ms) const;

    std::vector<Row> m_rows; // id = index + 1
    const SeedCatalog *m_seed = nullptr; // owned by the simulator, outlives the model
    StringArena m_arena;
    TextIndex m_byCode;
    TextIndex m_byBarcode;
    std::set<std::pair<qint64, qint64>> m_byWriteDate; // (write_date ms, id): delta pages
    qint64 m_alive = 0;
    qint64 m_nextTemplateId = 3; // the capture's database had two templates before the first product
};

} // namespace syncsmart::sim::odoo
