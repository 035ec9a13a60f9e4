#pragma once

#include "odoorecords.h"

#include <QHash>

namespace syncsmart::sim::odoo {

// account.move (customer invoices only): created from confirmed orders by the
// sale.advance.payment.inv wizard, numbered INV/YYYY/NNNNN already as drafts (fixture 47).
class InvoiceModel final : public RecordModel
{
public:
    explicit InvoiceModel(OdooDatabase &db);

    qint64 createForOrder(qint64 orderId, CallContext &ctx); // 0 when nothing is left to invoice
    QList<qint64> invoicesOf(qint64 orderId) const;

    std::optional<RpcResult> call(const QString &method, const QJsonArray &args, const QJsonObject &kwargs,
                                  CallContext &ctx) override;
    QStringList extraMethods() const override { return {QStringLiteral("action_post")}; }

protected:
    FieldValue computed(qint64 id, int field, bool withNames) const override;
    QString effectKey(qint64 id) const override;

private:
    QHash<qint64, QList<qint64>> m_orders; // invoice -> sale orders
    QHash<int, int> m_numbers;             // year -> last number
};

// sale.advance.payment.inv: the transient wizard that invoices orders (regular invoices only).
class PaymentWizardModel final : public RecordModel
{
public:
    explicit PaymentWizardModel(OdooDatabase &db);

    std::optional<RpcResult> call(const QString &method, const QJsonArray &args, const QJsonObject &kwargs,
                                  CallContext &ctx) override;
    QStringList extraMethods() const override { return {QStringLiteral("create_invoices")}; }

protected:
    void prepareCreate(Record &record, const QJsonObject &vals, CallContext &ctx) override;
    int displayField() const override { return -1; }
};

} // namespace syncsmart::sim::odoo
