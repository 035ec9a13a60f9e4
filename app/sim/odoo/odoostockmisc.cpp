// stock.move.line, stock.location, stock.warehouse and stock.picking: the small stock models around
// the quants.

#include "odoostock.h"

#include "odoodatabase.h"

#include <array>

namespace syncsmart::sim::odoo {

// ---------------------------------------------------------------------------------------------
// stock.move.line

namespace {

enum MoveField {
    MId,
    MProduct,
    MReference,
    MQuantity,
    MFrom,
    MTo,
    MDate,
    MState,
    MUom,
    MPicking,
    MLot,
    MCompany,
    MCreateDate,
    MWriteDate,
    MDisplayName,
};

std::vector<FieldSpec> moveFields()
{
    return {
        fieldSpec("id", FieldType::Integer, "ID", false, true),
        relational("product_id", FieldType::Many2one, "Product", "product.product"),
        fieldSpec("reference", FieldType::Char, "Reference", false, true),
        withDigits(fieldSpec("quantity", FieldType::Float, "Quantity"), 2),
        relational("location_id", FieldType::Many2one, "From", "stock.location", true),
        relational("location_dest_id", FieldType::Many2one, "To", "stock.location", true),
        fieldSpec("date", FieldType::Datetime, "Date", true),
        withSelection(fieldSpec("state", FieldType::Selection, "Status", false, true),
                      {{QStringLiteral("draft"), QStringLiteral("New")},
                       {QStringLiteral("waiting"), QStringLiteral("Waiting Another Move")},
                       {QStringLiteral("confirmed"), QStringLiteral("Waiting Availability")},
                       {QStringLiteral("partially_available"), QStringLiteral("Partially Available")},
                       {QStringLiteral("assigned"), QStringLiteral("Available")},
                       {QStringLiteral("done"), QStringLiteral("Done")},
                       {QStringLiteral("cancel"), QStringLiteral("Cancelled")}}),
        relational("product_uom_id", FieldType::Many2one, "Unit of Measure", "uom.uom", true),
        relational("picking_id", FieldType::Many2one, "Transfer", "stock.picking"),
        relational("lot_id", FieldType::Many2one, "Lot/Serial Number", "stock.lot"),
        relational("company_id", FieldType::Many2one, "Company", "res.company", true),
        fieldSpec("create_date", FieldType::Datetime, "Created on", false, true),
        fieldSpec("write_date", FieldType::Datetime, "Last Updated on", false, true),
        computed(fieldSpec("display_name", FieldType::Char, "Display Name")),
    };
}

} // namespace

MoveLineModel::MoveLineModel(OdooDatabase &db)
    : OdooModel(
          db, QStringLiteral("stock.move.line"), QStringLiteral("Product Moves (Stock Move Line)"),
          QStringLiteral("result_package_id desc, location_id asc, location_dest_id asc, picking_id asc, id"),
          moveFields())
{
}

void MoveLineModel::add(qint64 productId, double quantity, qint64 fromLocation, qint64 toLocation, qint64 ms)
{
    m_rows.push_back({productId, quantity, fromLocation, toLocation, ms});
    m_byProduct.insert(productId, qint64(m_rows.size()));
}

void MoveLineModel::forEachId(const std::function<bool(qint64)> &visit) const
{
    for (qint64 id = 1; id <= qint64(m_rows.size()); ++id) {
        if (!visit(id))
            return;
    }
}

QString MoveLineModel::displayName(qint64 id) const
{
    return exists(id) ? m_db.products().displayName(m_rows[size_t(id - 1)].productId) : QString();
}

FieldValue MoveLineModel::value(qint64 id, int field, bool withNames) const
{
    if (!exists(id))
        return {};
    const Row &r = m_rows[size_t(id - 1)];
    const LocationModel &locations = m_db.locations();
    switch (MoveField(field)) {
    case MId:
        return FieldValue::fromInt(id);
    case MProduct:
        return FieldValue::fromMany2one(r.productId,
                                        withNames ? m_db.products().displayName(r.productId) : QString());
    case MReference:
        // The adjustment's move is named after the user who applied it.
        return FieldValue::fromText(QStringLiteral("Product Quantity Updated (Administrator)"));
    case MQuantity:
        return FieldValue::fromFloat(r.quantity);
    case MFrom:
        return FieldValue::fromMany2one(r.from, withNames ? locations.displayName(r.from) : QString());
    case MTo:
        return FieldValue::fromMany2one(r.to, withNames ? locations.displayName(r.to) : QString());
    case MDate:
    case MCreateDate:
    case MWriteDate:
        return FieldValue::fromDatetime(r.ms);
    case MState:
        return FieldValue::fromText(QStringLiteral("done"));
    case MUom:
        return FieldValue::fromMany2one(1, withNames ? QStringLiteral("Units") : QString());
    case MCompany:
        return FieldValue::fromMany2one(1, withNames ? QStringLiteral("My Company") : QString());
    case MPicking:
    case MLot:
        return {};
    case MDisplayName:
        return FieldValue::fromText(displayName(id));
    }
    return {};
}

std::optional<std::vector<qint64>> MoveLineModel::candidates(const Domain &domain) const
{
    for (int li : domain.conjuncts()) {
        const DomainLeaf &leaf = domain.leaf(li);
        if (leaf.field == MProduct && leaf.op == DomainOp::Eq && leaf.numeric) {
            const QList<qint64> ids = m_byProduct.values(leaf.integer);
            return std::vector<qint64>(ids.begin(), ids.end());
        }
    }
    return std::nullopt;
}

// ---------------------------------------------------------------------------------------------
// stock.location

namespace {

struct Location
{
    qint64 id;
    const char *name;
    const char *completeName;
    const char *usage;
    qint64 parent;
};

// A fresh database with one warehouse "WH": ids 8 and 14 as captured (fixtures 25, 34).
constexpr std::array<Location, 8> kLocations{{
    {1, "Physical Locations", "Physical Locations", "view", 0},
    {2, "Partners", "Partners", "view", 0},
    {3, "Virtual Locations", "Virtual Locations", "view", 0},
    {4, "Vendors", "Partners/Vendors", "supplier", 2},
    {5, "Customers", "Partners/Customers", "customer", 2},
    {7, "WH", "WH", "view", 1},
    {8, "Stock", "WH/Stock", "internal", 7},
    {14, "Inventory adjustment", "Virtual Locations/Inventory adjustment", "inventory", 3},
}};

const Location *findLocation(qint64 id)
{
    for (const Location &l : kLocations) {
        if (l.id == id)
            return &l;
    }
    return nullptr;
}

enum LocationField {
    LocId,
    LocName,
    LocCompleteName,
    LocUsage,
    LocParent,
    LocActive,
    LocWarehouse,
    LocDisplayName
};

std::vector<FieldSpec> locationFields()
{
    return {
        fieldSpec("id", FieldType::Integer, "ID", false, true),
        fieldSpec("name", FieldType::Char, "Location Name", true),
        fieldSpec("complete_name", FieldType::Char, "Full Location Name"),
        withSelection(fieldSpec("usage", FieldType::Selection, "Location Type", true),
                      {{QStringLiteral("supplier"), QStringLiteral("Vendor Location")},
                       {QStringLiteral("view"), QStringLiteral("View")},
                       {QStringLiteral("internal"), QStringLiteral("Internal Location")},
                       {QStringLiteral("customer"), QStringLiteral("Customer Location")},
                       {QStringLiteral("inventory"), QStringLiteral("Inventory Loss")},
                       {QStringLiteral("production"), QStringLiteral("Production")},
                       {QStringLiteral("transit"), QStringLiteral("Transit Location")}}),
        relational("location_id", FieldType::Many2one, "Parent Location", "stock.location"),
        fieldSpec("active", FieldType::Boolean, "Active"),
        computed(relational("warehouse_id", FieldType::Many2one, "Warehouse", "stock.warehouse")),
        computed(fieldSpec("display_name", FieldType::Char, "Display Name")),
    };
}

} // namespace

LocationModel::LocationModel(OdooDatabase &db)
    : OdooModel(db, QStringLiteral("stock.location"), QStringLiteral("Inventory Locations"),
                QStringLiteral("complete_name, id"), locationFields())
{
}

bool LocationModel::exists(qint64 id) const
{
    return findLocation(id) != nullptr;
}

void LocationModel::forEachId(const std::function<bool(qint64)> &visit) const
{
    for (const Location &l : kLocations) {
        if (!visit(l.id))
            return;
    }
}

QString LocationModel::displayName(qint64 id) const
{
    const Location *l = findLocation(id);
    return l ? QString::fromLatin1(l->completeName) : QString();
}

QString LocationModel::usage(qint64 id) const
{
    const Location *l = findLocation(id);
    return l ? QString::fromLatin1(l->usage) : QString();
}

FieldValue LocationModel::value(qint64 id, int field, bool withNames) const
{
    const Location *l = findLocation(id);
    if (!l)
        return {};
    switch (LocationField(field)) {
    case LocId:
        return FieldValue::fromInt(id);
    case LocName:
        return FieldValue::fromText(QString::fromLatin1(l->name));
    case LocCompleteName:
    case LocDisplayName:
        return FieldValue::fromText(QString::fromLatin1(l->completeName));
    case LocUsage:
        return FieldValue::fromText(QString::fromLatin1(l->usage));
    case LocParent:
        return FieldValue::fromMany2one(l->parent, withNames ? displayName(l->parent) : QString());
    case LocActive:
        return FieldValue::fromBool(true);
    case LocWarehouse:
        return id == 7 || id == 8
                   ? FieldValue::fromMany2one(1, withNames ? QStringLiteral("My Company") : QString())
                   : FieldValue();
    }
    return {};
}

// ---------------------------------------------------------------------------------------------
// stock.warehouse

namespace {

enum WarehouseField { WhId, WhName, WhCode, WhLotStock, WhViewLocation, WhCompany, WhActive, WhDisplayName };

std::vector<FieldSpec> warehouseFields()
{
    return {
        fieldSpec("id", FieldType::Integer, "ID", false, true),
        fieldSpec("name", FieldType::Char, "Warehouse", true),
        fieldSpec("code", FieldType::Char, "Short Name", true),
        relational("lot_stock_id", FieldType::Many2one, "Location Stock", "stock.location", true),
        relational("view_location_id", FieldType::Many2one, "View Location", "stock.location", true),
        relational("company_id", FieldType::Many2one, "Company", "res.company", true),
        fieldSpec("active", FieldType::Boolean, "Active"),
        computed(fieldSpec("display_name", FieldType::Char, "Display Name")),
    };
}

} // namespace

WarehouseModel::WarehouseModel(OdooDatabase &db)
    : OdooModel(db, QStringLiteral("stock.warehouse"), QStringLiteral("Warehouse"),
                QStringLiteral("sequence,id"), warehouseFields())
{
}

FieldValue WarehouseModel::value(qint64 id, int field, bool withNames) const
{
    if (id != 1)
        return {};
    switch (WarehouseField(field)) {
    case WhId:
        return FieldValue::fromInt(1);
    case WhName:
    case WhDisplayName:
        return FieldValue::fromText(QStringLiteral("My Company"));
    case WhCode:
        return FieldValue::fromText(QStringLiteral("WH"));
    case WhLotStock:
        return FieldValue::fromMany2one(kStockLocationId, withNames ? QStringLiteral("WH/Stock") : QString());
    case WhViewLocation:
        return FieldValue::fromMany2one(7, withNames ? QStringLiteral("WH") : QString());
    case WhCompany:
        return FieldValue::fromMany2one(1, withNames ? QStringLiteral("My Company") : QString());
    case WhActive:
        return FieldValue::fromBool(true);
    }
    return {};
}

// ---------------------------------------------------------------------------------------------
// stock.picking

namespace {

enum PickingField {
    PkId,
    PkName,
    PkState,
    PkOrigin,
    PkPartner,
    PkSale,
    PkTypeCode,
    PkFrom,
    PkTo,
    PkScheduled,
    PkDone,
    PkCreateDate,
    PkWriteDate,
    PkDisplayName,
};

std::vector<FieldSpec> pickingFields()
{
    return {
        fieldSpec("id", FieldType::Integer, "ID", false, true),
        fieldSpec("name", FieldType::Char, "Reference"),
        withSelection(fieldSpec("state", FieldType::Selection, "Status", false, true),
                      {{QStringLiteral("draft"), QStringLiteral("Draft")},
                       {QStringLiteral("waiting"), QStringLiteral("Waiting Another Operation")},
                       {QStringLiteral("confirmed"), QStringLiteral("Waiting")},
                       {QStringLiteral("assigned"), QStringLiteral("Ready")},
                       {QStringLiteral("done"), QStringLiteral("Done")},
                       {QStringLiteral("cancel"), QStringLiteral("Cancelled")}}),
        fieldSpec("origin", FieldType::Char, "Source Document"),
        relational("partner_id", FieldType::Many2one, "Contact", "res.partner"),
        relational("sale_id", FieldType::Many2one, "Sales Order", "sale.order"),
        withSelection(fieldSpec("picking_type_code", FieldType::Selection, "Type of Operation", false, true),
                      {{QStringLiteral("incoming"), QStringLiteral("Receipt")},
                       {QStringLiteral("outgoing"), QStringLiteral("Delivery")},
                       {QStringLiteral("internal"), QStringLiteral("Internal Transfer")}}),
        relational("location_id", FieldType::Many2one, "Source Location", "stock.location", true),
        relational("location_dest_id", FieldType::Many2one, "Destination Location", "stock.location", true),
        fieldSpec("scheduled_date", FieldType::Datetime, "Scheduled Date", true),
        fieldSpec("date_done", FieldType::Datetime, "Date of Transfer"),
        fieldSpec("create_date", FieldType::Datetime, "Created on", false, true),
        fieldSpec("write_date", FieldType::Datetime, "Last Updated on", false, true),
        computed(fieldSpec("display_name", FieldType::Char, "Display Name")),
    };
}

} // namespace

PickingModel::PickingModel(OdooDatabase &db)
    : OdooModel(db, QStringLiteral("stock.picking"), QStringLiteral("Transfer"),
                QStringLiteral("priority desc, scheduled_date asc, id desc"), pickingFields())
{
}

qint64 PickingModel::createDelivery(qint64 orderId, qint64 partnerId, const QString &origin, bool allReserved,
                                    qint64 ms)
{
    m_rows.push_back({orderId, partnerId, origin, allReserved, ms});
    return qint64(m_rows.size());
}

void PickingModel::forEachId(const std::function<bool(qint64)> &visit) const
{
    for (qint64 id = 1; id <= qint64(m_rows.size()); ++id) {
        if (!visit(id))
            return;
    }
}

QString PickingModel::displayName(qint64 id) const
{
    return exists(id) ? QStringLiteral("WH/OUT/%1").arg(id, 5, 10, QLatin1Char('0')) : QString();
}

FieldValue PickingModel::value(qint64 id, int field, bool withNames) const
{
    if (!exists(id))
        return {};
    const Row &r = m_rows[size_t(id - 1)];
    switch (PickingField(field)) {
    case PkId:
        return FieldValue::fromInt(id);
    case PkName:
    case PkDisplayName:
        return FieldValue::fromText(displayName(id));
    case PkState:
        return FieldValue::fromText(r.assigned ? QStringLiteral("assigned") : QStringLiteral("confirmed"));
    case PkOrigin:
        return FieldValue::fromText(r.origin);
    case PkPartner:
        return FieldValue::fromMany2one(r.partnerId,
                                        withNames ? m_db.partners().displayName(r.partnerId) : QString());
    case PkSale:
        return FieldValue::fromMany2one(r.orderId,
                                        withNames ? m_db.orders().displayName(r.orderId) : QString());
    case PkTypeCode:
        return FieldValue::fromText(QStringLiteral("outgoing"));
    case PkFrom:
        return FieldValue::fromMany2one(kStockLocationId, withNames ? QStringLiteral("WH/Stock") : QString());
    case PkTo:
        return FieldValue::fromMany2one(kCustomerLocationId,
                                        withNames ? QStringLiteral("Partners/Customers") : QString());
    case PkScheduled:
    case PkCreateDate:
    case PkWriteDate:
        return FieldValue::fromDatetime(r.ms);
    case PkDone:
        return {};
    }
    return {};
}

} // namespace syncsmart::sim::odoo
