// Orders: find-or-create the customer by email and the sales order by client_order_ref (the shop's
// order reference), so a replay never creates a second order or partner; read states back.
#include "connectors/odoo/odooconnector.h"

#include "connectors/odoo/odoogather.h"
#include "connectors/odoo/odooparse.h"

#include "common/logging.h"

#include <QHash>

#include <algorithm>

namespace syncsmart {

using namespace odoo;

struct OdooConnector::OrderPush
{
    ShopOrder order;
    QString record; // "order XKBKNABJK"
    Done<ErpOrderRef> done;
    QHash<QString, qint64> productBySku;
    qint64 partnerId = 0;
    bool partnerCreated = false;
};

namespace {

const QString kPush = QStringLiteral("push order");

// =ilike is a LIKE pattern: an email may hold '_' (one character) or '%'.
QString likeEscaped(QString text)
{
    text.replace(QLatin1Char('\\'), QLatin1String("\\\\"));
    text.replace(QLatin1Char('%'), QLatin1String("\\%"));
    text.replace(QLatin1Char('_'), QLatin1String("\\_"));
    return text;
}

QString partnerName(const OrderCustomer &c)
{
    const QString person = QStringLiteral("%1 %2").arg(c.firstName, c.lastName).simplified();
    if (!person.isEmpty())
        return person;
    return c.company.isEmpty() ? c.email : c.company;
}

} // namespace

void OdooConnector::findOrder(const QString &ref, const QString &operation, Done<Records> done)
{
    const QJsonObject options{{QStringLiteral("order"), QStringLiteral("id asc")}};
    searchRead(QStringLiteral("sale.order"),
               QJsonArray{QJsonArray{QStringLiteral("client_order_ref"), QStringLiteral("="), ref}},
               {QStringLiteral("name"), QStringLiteral("state")}, options, operation, QStringLiteral("order %1").arg(ref),
               std::move(done));
}

void OdooConnector::pushOrder(const ShopOrder &order, Done<ErpOrderRef> done)
{
    auto push = std::make_shared<OrderPush>();
    push->order = order;
    push->record = QStringLiteral("order %1").arg(order.reference);
    push->done = redacting(std::move(done));
    if (order.reference.isEmpty()) {
        const Error error = Error::permanent(QStringLiteral("odoo.no_reference"),
                                             QStringLiteral("%1: shop order %2 has no reference, so a replay could not "
                                                            "find it again: it is not pushed.")
                                                 .arg(what(kPush, order.id), order.id));
        m_rpc->later([push, error] { push->done(error); });
        return;
    }
    findOrder(order.reference, kPush, [this, push](Result<Records> found) {
        if (!found)
            return push->done(found.error());
        if (found->size() > 1) {
            return push->done(Error::permanent(
                QStringLiteral("odoo.duplicate_order"),
                QStringLiteral("%1: Odoo holds several sales orders with the customer reference %2 (ids %3): cancel "
                               "the extra ones; SyncSmart does not pick one.")
                    .arg(what(kPush, push->record), push->order.reference, idList(*found))));
        }
        if (found->size() == 1) {
            const QJsonObject &r = found->first();
            const qint64 id = recordId(r.value(QLatin1String("id")));
            const QString state = text(r.value(QLatin1String("state")));
            // Created by an earlier push that failed before confirming: finish it.
            if (m_settings.confirmOrders && (state == QLatin1String("draft") || state == QLatin1String("sent")))
                return confirmOrder(push, id, text(r.value(QLatin1String("name"))), false);
            ErpOrderRef ref;
            ref.clientOrderRef = push->order.reference;
            ref.erpId = QString::number(id);
            ref.erpName = text(r.value(QLatin1String("name")));
            return push->done(ref);
        }
        resolveLines(push);
    });
}

void OdooConnector::resolveLines(std::shared_ptr<OrderPush> push)
{
    const ShopOrder &order = push->order;
    const QString w = what(kPush, push->record);
    QStringList skus;
    for (const OrderLine &line : order.lines) {
        if (line.sku.isEmpty()) {
            return push->done(Error::permanent(QStringLiteral("odoo.line_without_sku"),
                                               QStringLiteral("%1: the line \"%2\" has no SKU, so it cannot be matched "
                                                              "to an Odoo product: give the shop product a reference.")
                                                   .arg(w, line.name)));
        }
        skus << line.sku;
    }
    if (order.totalShippingTaxExcl > 0.0) {
        if (m_settings.shippingProductSku.isEmpty()) {
            return push->done(Error::config(
                QStringLiteral("odoo.setting_missing"),
                QStringLiteral("%1: the order has shipping costs but no shipping product is set: enter the Internal "
                               "Reference of an Odoo service product in the profile's setting shippingProductSku.")
                    .arg(w)));
        }
        skus << m_settings.shippingProductSku;
    }
    if (order.totalDiscountsTaxExcl > 0.0) {
        if (m_settings.discountProductSku.isEmpty()) {
            return push->done(Error::config(
                QStringLiteral("odoo.setting_missing"),
                QStringLiteral("%1: the order has a discount but no discount product is set: enter the Internal "
                               "Reference of an Odoo service product in the profile's setting discountProductSku.")
                    .arg(w)));
        }
        skus << m_settings.discountProductSku;
    }
    if (order.lines.isEmpty()) {
        return push->done(Error::permanent(QStringLiteral("odoo.empty_order"),
                                           QStringLiteral("%1: the order has no lines.").arg(w)));
    }
    productsWithSkus(skus, {QStringLiteral("default_code")}, kPush, [this, push, w](Result<Records> found) {
        if (!found)
            return push->done(found.error());
        QHash<QString, Records> bySku;
        for (const QJsonObject &r : *found)
            bySku[text(r.value(QLatin1String("default_code")))].append(r);
        QStringList unknown;
        QStringList duplicates;
        QStringList wanted;
        for (const OrderLine &line : push->order.lines)
            wanted << line.sku;
        if (push->order.totalShippingTaxExcl > 0.0)
            wanted << m_settings.shippingProductSku;
        if (push->order.totalDiscountsTaxExcl > 0.0)
            wanted << m_settings.discountProductSku;
        for (const QString &sku : distinct(wanted)) {
            const Records matches = bySku.value(sku);
            if (matches.isEmpty())
                unknown << sku;
            else if (matches.size() > 1)
                duplicates << QStringLiteral("%1 (ids %2)").arg(sku, idList(matches));
            else
                push->productBySku.insert(sku, recordId(matches.first().value(QLatin1String("id"))));
        }
        if (!unknown.isEmpty()) {
            return push->done(Error::permanent(
                QStringLiteral("odoo.unknown_sku"),
                QStringLiteral("%1: no Odoo product has the Internal Reference %2: create the product in Odoo (or "
                               "fix the SKU in the shop), then push the order again.")
                    .arg(w, unknown.join(QLatin1String(", "))),
                {{QStringLiteral("skus"), unknown.join(QLatin1Char(','))}}));
        }
        if (!duplicates.isEmpty()) {
            return push->done(Error::permanent(
                QStringLiteral("odoo.duplicate_sku"),
                QStringLiteral("%1: several Odoo products share the Internal Reference %2: give each its own "
                               "reference; SyncSmart does not pick one.")
                    .arg(w, duplicates.join(QLatin1String(", ")))));
        }
        findOrCreatePartner(push);
    });
}

void OdooConnector::findOrCreatePartner(std::shared_ptr<OrderPush> push)
{
    const OrderCustomer &customer = push->order.customer;
    const QString w = what(kPush, push->record);
    if (customer.email.trimmed().isEmpty()) {
        return push->done(Error::permanent(QStringLiteral("odoo.no_email"),
                                           QStringLiteral("%1: the customer has no email, by which Odoo's contact is "
                                                          "found again: the order is not pushed.")
                                               .arg(w)));
    }
    const QString email = customer.email.trimmed();
    const QString operation = QStringLiteral("find or create the customer");
    auto find = [this, email, operation](Done<Records> done) {
        const QJsonObject options{{QStringLiteral("order"), QStringLiteral("id asc")}};
        searchRead(QStringLiteral("res.partner"),
                   QJsonArray{QJsonArray{QStringLiteral("email"), QStringLiteral("=ilike"), likeEscaped(email)}},
                   {QStringLiteral("name"), QStringLiteral("email")}, options, operation, email, std::move(done));
    };
    find([this, push, find, email, operation](Result<Records> found) {
        if (!found)
            return push->done(found.error());
        if (!found->isEmpty()) { // a returning customer (the oldest contact with that email)
            push->partnerId = recordId(found->first().value(QLatin1String("id")));
            return createOrder(push);
        }
        const OrderCustomer &c = push->order.customer;
        QJsonObject vals{{QStringLiteral("name"), partnerName(c)},
                         {QStringLiteral("email"), email},
                         {QStringLiteral("customer_rank"), 1}};
        if (!c.id.isEmpty())
            vals.insert(QStringLiteral("ref"), c.id);
        Call call;
        call.model = QStringLiteral("res.partner");
        call.method = QStringLiteral("create");
        call.args = QJsonArray{vals};
        call.operation = operation;
        call.record = email;
        m_rpc->execute(std::move(call), [this, push, find, email, operation](Result<QJsonValue> created) {
            if (!created && created.error().category != ErrorCategory::Transient)
                return push->done(created.error());
            const std::optional<Error> failure = created ? std::nullopt : std::optional<Error>(created.error());
            // Look again: after an ambiguous failure it may exist; after Qt's re-send it may exist twice.
            find([this, push, failure, email, operation](Result<Records> again) {
                if (!again)
                    return push->done(failure ? *failure : again.error());
                if (again->isEmpty())
                    return push->done(failure ? *failure
                                              : Error::transient(QStringLiteral("odoo.create_not_found"),
                                                                 QStringLiteral("%1: the new customer is not there; "
                                                                                "it will be tried again.")
                                                                     .arg(what(operation, email))));
                // Keep the oldest (searched in id order): two pushes racing for one new customer agree.
                const qint64 keep = recordId(again->first().value(QLatin1String("id")));
                QList<qint64> extras;
                for (const QJsonObject &r : *again) {
                    if (recordId(r.value(QLatin1String("id"))) != keep)
                        extras << recordId(r.value(QLatin1String("id")));
                }
                push->partnerId = keep;
                push->partnerCreated = true;
                if (extras.isEmpty())
                    return createOrder(push);
                removeExtras(QStringLiteral("res.partner"), extras, QStringLiteral("remove a customer created twice"),
                             email, [this, push](Status removed) {
                                 if (!removed)
                                     qCWarning(lcOdoo) << "a customer created twice could not be removed:"
                                                       << removed.error().message;
                                 createOrder(push);
                             });
            });
        });
    });
}

void OdooConnector::createOrder(std::shared_ptr<OrderPush> push)
{
    const ShopOrder &order = push->order;
    QJsonArray lines;
    auto addLine = [&lines](qint64 productId, double quantity, double price) {
        lines.append(QJsonArray{0, 0,
                                QJsonObject{{QStringLiteral("product_id"), double(productId)},
                                            {QStringLiteral("product_uom_qty"), quantity},
                                            {QStringLiteral("price_unit"), price}}});
    };
    for (const OrderLine &line : order.lines)
        addLine(push->productBySku.value(line.sku), line.quantity, line.unitPriceTaxExcl);
    if (order.totalShippingTaxExcl > 0.0)
        addLine(push->productBySku.value(m_settings.shippingProductSku), 1, order.totalShippingTaxExcl);
    if (order.totalDiscountsTaxExcl > 0.0)
        addLine(push->productBySku.value(m_settings.discountProductSku), 1, -order.totalDiscountsTaxExcl);
    QJsonObject vals{{QStringLiteral("partner_id"), double(push->partnerId)},
                     {QStringLiteral("client_order_ref"), order.reference},
                     {QStringLiteral("origin"), QStringLiteral("Shop order %1").arg(order.id)},
                     {QStringLiteral("order_line"), lines}};
    if (order.createdAt.isValid())
        vals.insert(QStringLiteral("date_order"), formatDatetime(order.createdAt));
    Call call;
    call.model = QStringLiteral("sale.order");
    call.method = QStringLiteral("create");
    call.args = QJsonArray{vals};
    call.operation = kPush;
    call.record = push->record;
    m_rpc->execute(std::move(call), [this, push](Result<QJsonValue> created) {
        if (created)
            return settleCreatedOrder(push, std::nullopt);
        if (created.error().category != ErrorCategory::Transient)
            return push->done(created.error());
        settleCreatedOrder(push, created.error()); // ambiguous: look before reporting
    });
}

void OdooConnector::settleCreatedOrder(std::shared_ptr<OrderPush> push, std::optional<Error> failure)
{
    findOrder(push->order.reference, kPush, [this, push, failure](Result<Records> found) {
        if (!found)
            return push->done(failure ? *failure : found.error());
        if (found->isEmpty()) {
            return push->done(failure ? *failure
                                      : Error::transient(QStringLiteral("odoo.create_not_found"),
                                                         QStringLiteral("%1: Odoo answered the create, but the order "
                                                                        "is not there; it will be tried again.")
                                                             .arg(what(kPush, push->record))));
        }
        // None existed before this push: every match is ours. Keep the oldest (a deterministic choice).
        const QJsonObject keep = found->first();
        const qint64 id = recordId(keep.value(QLatin1String("id")));
        const QString name = text(keep.value(QLatin1String("name")));
        QList<qint64> extras;
        for (const QJsonObject &r : *found) {
            if (recordId(r.value(QLatin1String("id"))) != id)
                extras << recordId(r.value(QLatin1String("id")));
        }
        auto next = [this, push, id, name] {
            if (m_settings.confirmOrders)
                return confirmOrder(push, id, name, true);
            ErpOrderRef ref;
            ref.clientOrderRef = push->order.reference;
            ref.erpId = QString::number(id);
            ref.erpName = name;
            ref.created = true;
            ref.partnerCreated = push->partnerCreated;
            push->done(ref);
        };
        if (extras.isEmpty())
            return next();
        qCWarning(lcOdoo) << "an order create was applied twice (network re-send); removing" << extras;
        removeExtras(QStringLiteral("sale.order"), extras, QStringLiteral("remove an order created twice"), push->record,
                     [this, push, next, id, extras](Status removed) {
                         if (removed)
                             return next();
                         QStringList ids{QString::number(id)};
                         for (qint64 e : extras)
                             ids << QString::number(e);
                         push->done(Error::permanent(
                             QStringLiteral("odoo.created_twice"),
                             QStringLiteral("%1: a network retry created the order twice (ids %2) and the copy could "
                                            "not be removed (%3): cancel all but id %4 in Odoo.")
                                 .arg(what(kPush, push->record), ids.join(QLatin1String(", ")),
                                      removed.error().message)
                                 .arg(id)));
                     });
    });
}

void OdooConnector::confirmOrder(std::shared_ptr<OrderPush> push, qint64 id, const QString &name, bool created)
{
    Call call;
    call.model = QStringLiteral("sale.order");
    call.method = QStringLiteral("action_confirm");
    call.args = QJsonArray{QJsonArray{double(id)}};
    call.operation = QStringLiteral("confirm order");
    call.record = push->record;
    auto finish = [push, id, name, created] {
        ErpOrderRef ref;
        ref.clientOrderRef = push->order.reference;
        ref.erpId = QString::number(id);
        ref.erpName = name;
        ref.created = created;
        ref.partnerCreated = push->partnerCreated;
        push->done(ref);
    };
    m_rpc->execute(std::move(call), [this, push, id, finish](Result<QJsonValue> confirmed) {
        if (confirmed)
            return finish();
        // A re-sent confirm fails on an order the first one confirmed: check the state.
        const Error failure = confirmed.error();
        findOrder(push->order.reference, QStringLiteral("confirm order"), [push, id, finish, failure](Result<Records> found) {
            if (found) {
                for (const QJsonObject &r : *found) {
                    if (recordId(r.value(QLatin1String("id"))) == id && text(r.value(QLatin1String("state"))) == QLatin1String("sale"))
                        return finish();
                }
            }
            push->done(failure);
        });
    });
}

void OdooConnector::orderStatuses(const QStringList &clientOrderRefs, Done<QVector<ErpOrderStatus>> done)
{
    done = redacting(std::move(done));
    const QList<QStringList> parts = chunks(distinct(clientOrderRefs), kSkusPerCall);
    if (parts.isEmpty()) {
        m_rpc->later([done] { done(QVector<ErpOrderStatus>{}); });
        return;
    }
    const QString operation = QStringLiteral("read order states");
    gatherChunks(
        parts,
        [this, operation](const QStringList &part, Done<Records> partDone) {
            const QJsonObject options{{QStringLiteral("order"), QStringLiteral("id asc")}};
            searchRead(QStringLiteral("sale.order"), QJsonArray{inLeaf(QStringLiteral("client_order_ref"), part)},
                       {QStringLiteral("client_order_ref"), QStringLiteral("name"), QStringLiteral("state"),
                        QStringLiteral("invoice_status"), QStringLiteral("invoice_ids")},
                       options, operation, QStringLiteral("%1 orders").arg(part.size()), std::move(partDone));
        },
        [this, operation, done](Result<Records> orders) {
            if (!orders)
                return done(orders.error());
            QVector<ErpOrderStatus> statuses;
            QJsonArray invoiceIds;
            QVector<QList<qint64>> invoicesOf;
            for (const QJsonObject &r : *orders) {
                ErpOrderStatus s;
                s.clientOrderRef = text(r.value(QLatin1String("client_order_ref")));
                s.erpId = QString::number(recordId(r.value(QLatin1String("id"))));
                s.state = text(r.value(QLatin1String("state")));
                s.invoiceStatus = text(r.value(QLatin1String("invoice_status")));
                QList<qint64> ids;
                for (const QJsonValue &v : r.value(QLatin1String("invoice_ids")).toArray()) {
                    ids << qint64(v.toDouble());
                    invoiceIds.append(v);
                }
                statuses.append(s);
                invoicesOf.append(ids);
            }
            if (invoiceIds.isEmpty())
                return done(statuses);
            const QJsonObject options{{QStringLiteral("order"), QStringLiteral("id asc")}};
            searchRead(QStringLiteral("account.move"), QJsonArray{QJsonArray{QStringLiteral("id"), QStringLiteral("in"), invoiceIds}},
                       {QStringLiteral("name"), QStringLiteral("state")}, options, operation,
                       QStringLiteral("%1 invoices").arg(invoiceIds.size()),
                       [statuses, invoicesOf, done](Result<Records> invoices) mutable {
                           if (!invoices)
                               return done(invoices.error());
                           QHash<qint64, QString> names;
                           for (const QJsonObject &r : *invoices) {
                               const QString name = text(r.value(QLatin1String("name")));
                               // Cancelled invoices and unnumbered drafts ("/") are not numbers to show.
                               if (text(r.value(QLatin1String("state"))) != QLatin1String("cancel") && !name.isEmpty()
                                   && name != QLatin1String("/"))
                                   names.insert(recordId(r.value(QLatin1String("id"))), name);
                           }
                           for (int i = 0; i < statuses.size(); ++i) {
                               for (qint64 id : invoicesOf.at(i)) {
                                   if (names.contains(id))
                                       statuses[i].invoiceNumbers << names.value(id);
                               }
                           }
                           done(statuses);
                       });
        });
}

} // namespace syncsmart
