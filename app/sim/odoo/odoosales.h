#pragma once

#include "odoorecords.h"

#include <QHash>

namespace syncsmart::sim::odoo {

// res.partner: customers pushed by the sync, looked up by email (=ilike) before creating them.
class PartnerModel final : public RecordModel
{
public:
    explicit PartnerModel(OdooDatabase &db);

    QString displayName(qint64 id) const override;
    QList<qint64> idsWithEmail(const QString &email) const; // case-insensitive
    QHash<QString, int> countsByEmail() const;
    void increaseCustomerRank(qint64 id);

protected:
    FieldValue computed(qint64 id, int field, bool withNames) const override;
    void prepareCreate(Record &record, const QJsonObject &vals, CallContext &ctx) override;
    void beforeUnlink(const QList<qint64> &ids, CallContext &ctx) override;
    void onChanged(qint64 id, int field, const FieldValue &before, const FieldValue &after) override;
    std::optional<std::vector<qint64>> candidates(const Domain &domain) const override;
    QString effectKey(qint64 id) const override;

private:
    QMultiHash<QString, qint64> m_byEmail; // lower-case email
};

// sale.order: orders pushed from the shop; client_order_ref carries the shop's order reference.
class SaleOrderModel final : public RecordModel
{
public:
    explicit SaleOrderModel(OdooDatabase &db);

    QList<qint64> idsWithRef(const QString &clientOrderRef) const;
    QHash<QString, int> countsByRef() const;
    qint64 confirmedCount() const;
    QString state(qint64 id) const;
    bool referencesPartner(qint64 partnerId) const;
    void recomputeAfterInvoice(qint64 id, qint64 ms);

    std::optional<RpcResult> call(const QString &method, const QJsonArray &args, const QJsonObject &kwargs,
                                  CallContext &ctx) override;
    QStringList extraMethods() const override;

protected:
    FieldValue computed(qint64 id, int field, bool withNames) const override;
    void prepareCreate(Record &record, const QJsonObject &vals, CallContext &ctx) override;
    void beforeUnlink(const QList<qint64> &ids, CallContext &ctx) override;
    void onChanged(qint64 id, int field, const FieldValue &before, const FieldValue &after) override;
    bool applyRelational(qint64 id, int field, const QJsonValue &value, CallContext &ctx) override;
    std::optional<std::vector<qint64>> candidates(const Domain &domain) const override;
    QString effectKey(qint64 id) const override;

private:
    void confirm(const QList<qint64> &ids, CallContext &ctx);
    void setState(const QList<qint64> &ids, const QString &state, CallContext &ctx);

    QMultiHash<QString, qint64> m_byRef;
    qint64 m_nextNumber = 1;
};

// sale.order.line: amounts with the default 15 % sales tax of the generic chart of accounts.
class SaleLineModel final : public RecordModel
{
public:
    explicit SaleLineModel(OdooDatabase &db);

    QList<qint64> linesOf(qint64 orderId) const;
    bool hasLinesFor(qint64 productId) const;
    qint64 productOf(qint64 lineId) const;
    double quantity(qint64 lineId) const;
    double invoiced(qint64 lineId) const;
    double subtotal(qint64 lineId, double quantity) const; // tax excluded, for that quantity
    double tax(qint64 lineId, double quantity) const;
    void addInvoiced(qint64 lineId, double quantity);

    QString displayName(qint64 id) const override;

protected:
    FieldValue computed(qint64 id, int field, bool withNames) const override;
    void prepareCreate(Record &record, const QJsonObject &vals, CallContext &ctx) override;
    void onChanged(qint64 id, int field, const FieldValue &before, const FieldValue &after) override;
    std::optional<std::vector<qint64>> candidates(const Domain &domain) const override;
    QString effectKey(qint64 id) const override;

private:
    QMultiHash<qint64, qint64> m_byOrder;
};

} // namespace syncsmart::sim::odoo
