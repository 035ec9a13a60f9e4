// Stock: read from the configured quantity field in the warehouse's context; set through a
// stock.quant in inventory mode on the warehouse's stock location, then action_apply_inventory,
// counting what makes the configured field (free_qty by default) read back the quantity set.
#include "connectors/odoo/odooconnector.h"

#include "connectors/odoo/odooparse.h"

#include <algorithm>

namespace syncsmart {

using namespace odoo;

void OdooConnector::warehouse(Done<Warehouse> done)
{
    if (m_warehouse) {
        const Warehouse wh = *m_warehouse;
        m_rpc->later([done, wh] { done(wh); });
        return;
    }
    QJsonArray domain;
    if (m_settings.warehouseId > 0)
        domain.append(QJsonArray{QStringLiteral("id"), QStringLiteral("="), m_settings.warehouseId});
    const QJsonObject options{{QStringLiteral("order"), QStringLiteral("id asc")}, {QStringLiteral("limit"), 1}};
    const QString operation = QStringLiteral("read the warehouse");
    const QString w = what(operation);
    searchRead(QStringLiteral("stock.warehouse"), domain,
               {QStringLiteral("name"), QStringLiteral("code"), QStringLiteral("lot_stock_id")}, options, operation, {},
               [this, w, done](Result<Records> found) {
                   if (!found)
                       return done(found.error());
                   if (found->isEmpty() || recordId(found->first().value(QLatin1String("lot_stock_id"))) <= 0) {
                       return done(Error::config(
                           QStringLiteral("odoo.no_warehouse"),
                           m_settings.warehouseId > 0
                               ? QStringLiteral("%1: Odoo has no warehouse with id %2: choose an existing warehouse "
                                                "in the profile.")
                                     .arg(w)
                                     .arg(m_settings.warehouseId)
                               : QStringLiteral("%1: Odoo has no warehouse: install and set up Inventory.").arg(w)));
                   }
                   const QJsonObject &r = found->first();
                   Warehouse wh;
                   wh.id = recordId(r.value(QLatin1String("id")));
                   wh.stockLocationId = recordId(r.value(QLatin1String("lot_stock_id")));
                   wh.name = text(r.value(QLatin1String("name")));
                   m_warehouse = wh;
                   done(wh);
               });
}

void OdooConnector::stockBySku(const QStringList &skus, Done<QVector<StockLevel>> done)
{
    done = redacting(std::move(done));
    warehouse([this, skus, done](Result<Warehouse> wh) {
        if (!wh)
            return done(wh.error());
        const QJsonObject extra{{QStringLiteral("warehouse"), wh->id}, {QStringLiteral("warehouse_id"), wh->id}};
        const QString w = what(QStringLiteral("read stock by SKU"));
        productsWithSkus(
            skus, {QStringLiteral("default_code"), m_settings.stockField}, QStringLiteral("read stock by SKU"),
            [this, w, done](Result<Records> found) {
                if (!found)
                    return done(found.error());
                QJsonArray raw;
                for (const QJsonObject &r : *found)
                    raw.append(r);
                done(parseStock(raw, m_settings.stockField, w));
            },
            extra);
    });
}

void OdooConnector::setStock(const StockLevel &line, double quantity, Done<void> done)
{
    done = redacting(std::move(done));
    const QString record = line.sku.isEmpty() ? QStringLiteral("product %1").arg(line.productId) : line.sku;
    const QString operation = QStringLiteral("set stock");
    const QString w = what(operation, record);

    // Step 3: the inventory adjustment itself. The quantity asked for is in the configured stock
    // field (free_qty by default), but an adjustment sets the on-hand quantity of one location: the
    // counted quantity is what is there now plus the difference, so reserved stock and stock in
    // sub-locations stay out of it. (A move between this read and the apply shifts it by that move.)
    auto adjust = [this, record, operation, quantity, done](qint64 productId) {
        warehouse([this, record, operation, quantity, productId, done](Result<Warehouse> wh) {
            if (!wh)
                return done(wh.error());
            stockOffset(productId, *wh, operation, record, [this, record, operation, quantity, productId, wh, done](Result<double> offset) {
            if (!offset)
                return done(offset.error());
            const double counted = std::max(0.0, quantity + *offset);
            Call create;
            create.model = QStringLiteral("stock.quant");
            create.method = QStringLiteral("create");
            create.args = QJsonArray{QJsonObject{{QStringLiteral("product_id"), double(productId)},
                                                 {QStringLiteral("location_id"), double(wh->stockLocationId)},
                                                 {QStringLiteral("inventory_quantity"), counted}}};
            create.kwargs = QJsonObject{{QStringLiteral("context"), QJsonObject{{QStringLiteral("inventory_mode"), true}}}};
            create.operation = operation;
            create.record = record;
            const QString w = what(operation, record);
            // Creating where a quant exists returns that quant with the new counted quantity
            // (fixture 30), so a repeated call sets the same quantity again: idempotent.
            m_rpc->execute(std::move(create), [this, w, record, operation, done](Result<QJsonValue> quant) {
                if (!quant)
                    return done(quant.error());
                const auto ids = createdIds(*quant, w);
                if (!ids || ids->isEmpty())
                    return done(ids ? Error::transient(QStringLiteral("odoo.unexpected_answer"),
                                                       QStringLiteral("%1: Odoo created no stock quant.").arg(w))
                                    : ids.error());
                Call apply;
                apply.model = QStringLiteral("stock.quant");
                apply.method = QStringLiteral("action_apply_inventory");
                apply.args = QJsonArray{QJsonArray{double(ids->first())}};
                apply.operation = operation;
                apply.record = record;
                // Returns None: no "result" member at all (fixture 28).
                m_rpc->execute(std::move(apply), [w, done](Result<QJsonValue> applied) {
                    if (!applied)
                        return done(applied.error());
                    if (applied->isObject()) {
                        // An action instead of None: Odoo opens its conflict wizard because the stock
                        // moved between counting and applying; nothing was applied.
                        return done(Error::transient(
                            QStringLiteral("odoo.stock_conflict"),
                            QStringLiteral("%1: the stock changed in Odoo while it was being set (Odoo asks to "
                                           "resolve a conflict); nothing was applied, it will be tried again.")
                                .arg(w),
                            {{QStringLiteral("odooAction"),
                              applied->toObject().value(QLatin1String("res_model")).toString()}}));
                    }
                    done(Status());
                });
            });
            });
        });
    };

    bool ok = false;
    const qint64 productId = line.productId.toLongLong(&ok);
    if (ok && productId > 0) {
        adjust(productId);
        return;
    }
    if (line.sku.isEmpty()) {
        const Error error = Error::permanent(QStringLiteral("odoo.no_product"),
                                             QStringLiteral("%1: the stock line names neither a product nor a SKU.").arg(w));
        m_rpc->later([done, error] { done(error); });
        return;
    }
    productsWithSkus({line.sku}, {QStringLiteral("default_code")}, operation,
                     [w, sku = line.sku, adjust, done](Result<Records> found) {
                         if (!found)
                             return done(found.error());
                         if (found->isEmpty()) {
                             return done(Error::permanent(
                                 QStringLiteral("odoo.unknown_sku"),
                                 QStringLiteral("%1: no Odoo product has the Internal Reference %2: create it or fix "
                                                "the SKU.")
                                     .arg(w, sku)));
                         }
                         if (found->size() > 1) {
                             return done(Error::permanent(
                                 QStringLiteral("odoo.duplicate_sku"),
                                 QStringLiteral("%1: the Internal Reference %2 is held by several Odoo products (ids "
                                                "%3): give each product its own reference; SyncSmart does not pick "
                                                "one.")
                                     .arg(w, sku, idList(*found)),
                                 {{QStringLiteral("productIds"), idList(*found)}}));
                         }
                         adjust(recordId(found->first().value(QLatin1String("id"))));
                     });
}

// What must be added to a wanted quantity (in the configured stock field) to get the on-hand quantity
// to count at the warehouse's stock location: (on hand there) - (the field's value now).
void OdooConnector::stockOffset(qint64 productId, const Warehouse &wh, const QString &operation, const QString &record,
                                Done<double> done)
{
    QJsonObject ctx = context(true);
    ctx.insert(QStringLiteral("warehouse"), wh.id);
    ctx.insert(QStringLiteral("warehouse_id"), wh.id);
    const QString w = what(operation, record);
    searchRead(QStringLiteral("product.product"), QJsonArray{QJsonArray{QStringLiteral("id"), QStringLiteral("="), double(productId)}},
               {m_settings.stockField}, QJsonObject{{QStringLiteral("context"), ctx}}, operation, record,
               [this, productId, wh, operation, record, w, done](Result<Records> product) {
        if (!product)
            return done(product.error());
        if (product->isEmpty())
            return done(Error::permanent(QStringLiteral("odoo.missing_record"),
                                         QStringLiteral("%1: Odoo has no product %2 (deleted?).").arg(w).arg(productId)));
        const double current = product->first().value(m_settings.stockField).toDouble();
        const QJsonArray domain{QJsonArray{QStringLiteral("product_id"), QStringLiteral("="), double(productId)},
                                QJsonArray{QStringLiteral("location_id"), QStringLiteral("="), double(wh.stockLocationId)}};
        searchRead(QStringLiteral("stock.quant"), domain, {QStringLiteral("quantity")}, QJsonObject{}, operation, record,
                   [current, done](Result<Records> quants) {
            if (!quants)
                return done(quants.error());
            double here = 0;
            for (const QJsonObject &q : *quants)
                here += q.value(QLatin1String("quantity")).toDouble();
            done(here - current);
        });
    });
}

} // namespace syncsmart
