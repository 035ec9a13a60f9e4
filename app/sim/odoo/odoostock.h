#pragma once

#include "odoomodel.h"

#include <QHash>
#include <QPair>

#include <vector>

namespace syncsmart::sim::odoo {

constexpr qint64 kStockLocationId = 8;      // WH/Stock, the one internal location
constexpr qint64 kInventoryLocationId = 14; // Virtual Locations/Inventory adjustment
constexpr qint64 kCustomerLocationId = 5;   // Partners/Customers

// stock.quant: stock per product and location. Inventory adjustments go through create with
// context inventory_mode (which reuses the existing quant) and action_apply_inventory.
class StockModel final : public OdooModel
{
public:
    explicit StockModel(OdooDatabase &db);

    qint64 seedQuant(qint64 productId, double quantity, qint64 ms);
    double onHand(qint64 quantId) const;
    double reserved(qint64 quantId) const;
    double outgoing(qint64 productId) const { return m_outgoing.value(productId, 0.0); }
    bool hasMoves(qint64 productId) const;
    qint64 quantCount() const { return m_live; }

    // An inventory adjustment of one product at WH/Stock (create in inventory mode + apply).
    void adjust(qint64 productId, double quantity, CallContext &ctx);
    // A confirmed sale reserves what is on hand and plans an outgoing move.
    void reserve(qint64 productId, double quantity);

    bool exists(qint64 id) const override;
    void forEachId(const std::function<bool(qint64)> &visit) const override;
    FieldValue value(qint64 id, int field, bool withNames) const override;
    QString displayName(qint64 id) const override;

    QList<qint64> create(const QList<QJsonObject> &valsList, CallContext &ctx) override;
    std::optional<RpcResult> call(const QString &method, const QJsonArray &args, const QJsonObject &kwargs,
                                  CallContext &ctx) override;
    QStringList extraMethods() const override { return {QStringLiteral("action_apply_inventory")}; }

protected:
    std::optional<std::vector<qint64>> candidates(const Domain &domain) const override;

private:
    struct Row
    {
        qint64 productId = 0;
        qint64 locationId = kStockLocationId;
        double quantity = 0.0;
        double reserved = 0.0;
        double inventoryQuantity = 0.0;
        qint64 createMs = 0;
        qint64 writeMs = 0;
        bool inventorySet = false;
    };
    const Row *row(qint64 id) const;
    qint64 quantFor(qint64 productId, qint64 locationId) const;
    qint64 newQuant(qint64 productId, qint64 locationId, qint64 ms);
    void apply(const QList<qint64> &ids, CallContext &ctx);

    std::vector<Row> m_rows;                          // id = index + 1
    QHash<QPair<qint64, qint64>, qint64> m_elsewhere; // (product, location) -> quant, not WH/Stock
    QHash<qint64, double> m_outgoing;                 // product -> planned outgoing quantity
    qint64 m_live = 0;
};

// stock.move.line: the history of applied adjustments ("Product Quantity Updated").
class MoveLineModel final : public OdooModel
{
public:
    explicit MoveLineModel(OdooDatabase &db);

    void add(qint64 productId, double quantity, qint64 fromLocation, qint64 toLocation, qint64 ms);
    bool hasMovesFor(qint64 productId) const { return m_byProduct.contains(productId); }
    qint64 lineCount() const { return qint64(m_rows.size()); }

    bool exists(qint64 id) const override { return id >= 1 && id <= qint64(m_rows.size()); }
    void forEachId(const std::function<bool(qint64)> &visit) const override;
    FieldValue value(qint64 id, int field, bool withNames) const override;
    QString displayName(qint64 id) const override;

protected:
    std::optional<std::vector<qint64>> candidates(const Domain &domain) const override;

private:
    struct Row
    {
        qint64 productId = 0;
        double quantity = 0.0;
        qint64 from = 0;
        qint64 to = 0;
        qint64 ms = 0;
    };
    std::vector<Row> m_rows;
    QMultiHash<qint64, qint64> m_byProduct;
};

// stock.location and stock.warehouse of a fresh database with one warehouse (fixture 25).
class LocationModel final : public OdooModel
{
public:
    explicit LocationModel(OdooDatabase &db);
    bool exists(qint64 id) const override;
    void forEachId(const std::function<bool(qint64)> &visit) const override;
    FieldValue value(qint64 id, int field, bool withNames) const override;
    QString displayName(qint64 id) const override;
    QString usage(qint64 id) const;
};

class WarehouseModel final : public OdooModel
{
public:
    explicit WarehouseModel(OdooDatabase &db);
    bool exists(qint64 id) const override { return id == 1; }
    void forEachId(const std::function<bool(qint64)> &visit) const override { visit(1); }
    FieldValue value(qint64 id, int field, bool withNames) const override;
    QString displayName(qint64) const override { return QStringLiteral("My Company"); }
};

// stock.picking: the delivery a confirmed sale order creates (read-only here).
class PickingModel final : public OdooModel
{
public:
    explicit PickingModel(OdooDatabase &db);
    qint64 createDelivery(qint64 orderId, qint64 partnerId, const QString &origin, bool allReserved,
                          qint64 ms);

    bool exists(qint64 id) const override { return id >= 1 && id <= qint64(m_rows.size()); }
    void forEachId(const std::function<bool(qint64)> &visit) const override;
    FieldValue value(qint64 id, int field, bool withNames) const override;
    QString displayName(qint64 id) const override;

private:
    struct Row
    {
        qint64 orderId = 0;
        qint64 partnerId = 0;
        QString origin;
        bool assigned = false;
        qint64 ms = 0;
    };
    std::vector<Row> m_rows;
};

} // namespace syncsmart::sim::odoo
