#pragma once

#include "connectors/http/peerendpoint.h"

#include <QString>

namespace syncsmart {

struct OdooSettings
{
    PeerEndpoint endpoint;   // baseUrl: the server root, "https://erp.example/" (JSON-RPC goes to /jsonrpc)
    QString database;
    QString login;
    QString apiKey;          // used as the password of execute_kw; registered with the redactor
    QString stockField = QStringLiteral("free_qty"); // or qty_available, virtual_available
    int warehouseId = 0;     // 0: the first warehouse; its stock location is read and adjusted
    QString language;        // context lang for translatable fields ("es_ES"); empty: the user's
    int createBatchSize = 100;
    // Orders: shipping and discounts become lines on these service products (by SKU); empty: an order
    // with shipping or a discount is refused with an error saying which setting to fill.
    QString shippingProductSku;
    QString discountProductSku;
    bool confirmOrders = true; // confirm pushed orders, so the ERP reserves their stock
};

} // namespace syncsmart
