// PrestaShopConnector: orders (changed orders with rows and customer, state changes).
#include "connectors/prestashop/prestashopconnector.h"

#include "connectors/http/httpclient.h"
#include "connectors/prestashop/pserrors.h"
#include "connectors/prestashop/psjson.h"
#include "connectors/prestashop/psxml.h"

namespace syncsmart {

using namespace ps;

void PrestaShopConnector::changedOrders(const ChangeWindow &window, OrderSink sink, Done<PageSummary> done)
{
    // display=full carries associations/order_rows (product_reference, quantity, unit prices): one
    // request per page for the orders and their rows, one per 100 customers.
    auto handler = [this, sink = std::move(sink)](const Records &records,
                                                  std::function<void(Result<bool>)> next) {
        auto orders = std::make_shared<QVector<ShopOrder>>();
        orders->reserve(records.size());
        for (const QJsonObject &o : records)
            orders->append(orderFromJson(o, m_settings.shopTimeZone));
        fillCustomers(orders, [orders, sink, next](Status status) {
            if (!status)
                return next(status.error());
            next(sink(*orders));
        });
    };
    startDatePass(QStringLiteral("orders"), QStringLiteral("read changed orders"), QStringLiteral("full"),
                  window, std::move(handler), std::move(done));
}

void PrestaShopConnector::fillCustomers(std::shared_ptr<QVector<ShopOrder>> orders,
                                        std::function<void(Status)> done)
{
    QStringList ids;
    for (const ShopOrder &o : *orders) {
        if (!o.customer.id.isEmpty() && o.customer.id != QLatin1String("0") && !ids.contains(o.customer.id))
            ids.append(o.customer.id);
    }
    getByIds(QStringLiteral("customers"),
             displayParam({QStringLiteral("email"), QStringLiteral("firstname"), QStringLiteral("lastname"),
                           QStringLiteral("company")}),
             ids, QStringLiteral("read the customers of orders"), [orders, done](Result<Records> customers) {
                 if (!customers)
                     return done(customers.error());
                 QHash<QString, OrderCustomer> byId;
                 for (const QJsonObject &c : customers.value()) {
                     OrderCustomer customer = customerFromJson(c);
                     byId.insert(customer.id, customer);
                 }
                 for (ShopOrder &o : *orders) {
                     const auto it = byId.constFind(o.customer.id);
                     if (it != byId.constEnd())
                         o.customer = *it; // a deleted customer leaves only the id
                 }
                 done(Status());
             });
}

void PrestaShopConnector::setOrderState(const QString &orderId, const QString &stateId, Done<void> done)
{
    const QString operation = QStringLiteral("set order state");
    const QString record = QStringLiteral("order %1").arg(orderId);
    auto readState = [this, orderId, record](const QString &op, std::function<void(Result<QString>)> then) {
        getList(
            QStringLiteral("orders"),
            {{QStringLiteral("display"), displayParam({QStringLiteral("current_state")})},
             {QStringLiteral("filter[id]"), idListFilter({orderId})}},
            op, record, [this, op, record, then](Result<Records> rows) {
                if (!rows)
                    return then(rows.error());
                if (rows->isEmpty())
                    return then(Error::permanent(
                        QStringLiteral("prestashop.not_found"),
                        QStringLiteral("%1: %2 %3: no such order on the shop.").arg(peerName(), op, record)));
                then(text(rows->first().value(QStringLiteral("current_state"))));
            });
    };
    // Only when the order is not in that state yet: a replay adds no second history line.
    readState(
        operation, [this, orderId, stateId, operation, record, readState, done](Result<QString> current) {
            if (!current)
                return done(current.error());
            if (current.value() == stateId)
                return done(Status());
            HttpRequest r = request("POST", QStringLiteral("order_histories"), {}, operation, record);
            r.headers.append({QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/xml")});
            r.body = orderHistoryXml(orderId, stateId);
            send(r, [stateId, operation, readState, done](Result<HttpResponse> response) {
                if (response)
                    return done(Status());
                const Error failure = response.error();
                if (failure.category == ErrorCategory::Auth || failure.category == ErrorCategory::Config)
                    return done(failure);
                // The answer may be lost while the state did change: read it back before saying so.
                readState(operation, [failure, stateId, done](Result<QString> after) {
                    if (after && after.value() == stateId)
                        return done(Status());
                    done(failure);
                });
            });
        });
}

} // namespace syncsmart
