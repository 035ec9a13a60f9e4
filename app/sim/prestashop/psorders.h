#pragma once

// The order side of the emulated shop: customers, orders with their lines (order_details and the
// order_rows association), order histories (state changes) and the 13 default order states. These
// tables stay small (orders come from the activity generator and tests), so rows keep every value.

#include "pstable.h"

#include <QHash>

#include <optional>

namespace syncsmart::sim::ps {

// A table whose rows hold all their values, in stored form (dates as the shop's wall-clock text).
class GenericTable final : public PsTable
{
public:
    explicit GenericTable(const ResourceDef &def)
        : m_def(def)
    {
    }

    const ResourceDef &def() const override { return m_def; }
    qint64 maxId() const override { return qint64(m_rows.size()); }
    bool exists(qint64 id) const override { return id >= 1 && id <= maxId() && m_rows[size_t(id - 1)].live; }
    qint64 liveCount() const override { return m_live; }
    PsValue value(qint64 id, int field) const override
    {
        return m_rows[size_t(id - 1)].values[size_t(field)];
    }
    AssocList association(qint64 id, int assoc) const override
    {
        return m_rows[size_t(id - 1)].assocs[size_t(assoc)];
    }
    bool lookup(int field, const QStringList &values, std::vector<qint64> &ids) const override;
    void unsortedOrder(std::vector<qint64> &ids) const override;

    qint64 insert(const PsObject &stored); // assigns the next id (also written into field 0)
    void set(qint64 id, int field, PsValue value)
    {
        m_rows[size_t(id - 1)].values[size_t(field)] = std::move(value);
    }
    void setAssoc(qint64 id, int assoc, AssocList list)
    {
        m_rows[size_t(id - 1)].assocs[size_t(assoc)] = std::move(list);
    }
    const PsValue &at(qint64 id, int field) const { return m_rows[size_t(id - 1)].values[size_t(field)]; }
    int field(const char *name) const { return m_def.indexOf(QString::fromLatin1(name)); }
    // The row order of a list without sort= (what MariaDB happened to return), when not by id.
    void setUnsortedOrder(std::vector<qint64> order) { m_unsorted = std::move(order); }

private:
    struct Row
    {
        std::vector<PsValue> values;
        std::vector<AssocList> assocs;
        bool live = true;
    };
    const ResourceDef &m_def;
    std::vector<Row> m_rows;
    std::vector<qint64> m_unsorted;
    qint64 m_live = 0;
};

struct OrderLineInput
{
    qint64 productId = 0;
    qint64 combinationId = 0; // 0 = the product itself
    QString reference;
    QString name;
    QString ean13;
    qint64 unitPriceMicro = 0; // tax excluded
    qint64 wholesaleMicro = 0;
    qint64 weightMicro = 0;
    int quantity = 0;
    qint64 stockBefore = 0;
};

class OrderBook final
{
public:
    explicit OrderBook(const ShopTime &time, quint64 seed);

    GenericTable orders{ordersDef()};
    GenericTable details{orderDetailsDef()};
    GenericTable histories{orderHistoriesDef()};
    GenericTable states{orderStatesDef()};
    GenericTable languages{languagesDef()}; // read-only: the shop's languages (1 en, 2 fr)
    GenericTable customers{customersDef()};

    std::optional<qint64> customerByEmail(const QString &email) const;
    std::optional<qint64> orderByReference(const QString &reference) const;
    QStringList customerEmails() const;

    // A customer as the shop's sign-up creates it; returns its id.
    qint64 createCustomer(const QString &email, const QString &firstName, const QString &lastName,
                          qint64 nowUtc);
    qint64 insertCustomer(const PsObject &stored); // a customer written through the API
    void reindexCustomer(qint64 id, const QString &oldEmail);

    // A checkout: order, lines (order_details + order_rows), first history row (state 1).
    qint64 createOrder(qint64 customerId, const QList<OrderLineInput> &lines, qint64 nowUtc);
    // A state change as OrderHistory::changeIdOrderState applies it; returns the history id.
    qint64 changeState(qint64 orderId, qint64 stateId, qint64 employeeId, qint64 nowUtc);

    QString secureKeyFor(const QString &email) const;
    QString passwordHashFor(const QString &email) const;
    const ShopTime &time() const { return m_time; }

private:
    void seedStates();
    QString newReference();

    const ShopTime &m_time;
    quint64 m_seed;
    quint64 m_referenceCounter = 0;
    qint64 m_invoiceNumber = 0;
    qint64 m_deliveryNumber = 0;
    QHash<QString, qint64> m_customerByEmail; // lower-case email -> first customer with it
    QHash<QString, qint64> m_orderByReference;
};

} // namespace syncsmart::sim::ps
