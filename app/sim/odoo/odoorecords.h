#pragma once

#include "odoomodel.h"

#include <map>
#include <vector>

namespace syncsmart::sim::odoo {

// A model whose records are few enough to hold one value per field (partners, orders, invoices):
// generic create / write / unlink with Odoo's conversions, and hooks for each model's rules.
class RecordModel : public OdooModel
{
public:
    RecordModel(OdooDatabase &db, QString name, QString label, QString defaultOrder,
                std::vector<FieldSpec> fields, qint64 firstId = 1);

    bool exists(qint64 id) const override { return m_records.count(id) != 0; }
    void forEachId(const std::function<bool(qint64)> &visit) const override;
    FieldValue value(qint64 id, int field, bool withNames) const override;
    QString displayName(qint64 id) const override;

    QList<qint64> create(const QList<QJsonObject> &valsList, CallContext &ctx) override;
    void write(const QList<qint64> &ids, const QJsonObject &vals, CallContext &ctx) override;
    void unlink(const QList<qint64> &ids, CallContext &ctx) override;

    qint64 recordCount() const { return qint64(m_records.size()); }
    FieldValue stored(qint64 id, int field) const;

protected:
    using Record = std::vector<FieldValue>;

    // Odoo's convert_to_cache for one value of a stored field (throws ValueError / MissingError).
    FieldValue convert(int field, const QJsonValue &value, const CallContext &ctx) const;
    void setStored(qint64 id, int field, FieldValue value);
    void touch(qint64 id, qint64 ms);
    bool isWritable(int field) const;
    QString failingRow(qint64 id, const Record &record, qint64 ms) const;

    virtual FieldValue computed(qint64 id, int field, bool withNames) const;
    virtual void prepareCreate(Record &record, const QJsonObject &vals, CallContext &ctx);
    virtual void afterCreate(qint64 id, const QJsonObject &vals, CallContext &ctx);
    virtual void beforeWrite(const QList<qint64> &ids, const QJsonObject &vals, CallContext &ctx);
    virtual void beforeUnlink(const QList<qint64> &ids, CallContext &ctx);
    virtual void onChanged(qint64 id, int field, const FieldValue &before, const FieldValue &after);
    // one2many fields (commands); false = not handled here.
    virtual bool applyRelational(qint64 id, int field, const QJsonValue &value, CallContext &ctx);
    virtual QString effectKey(qint64 id) const;
    virtual int displayField() const;

    std::map<qint64, Record> m_records;

private:
    qint64 m_nextId;
    int m_createDate = -1;
    int m_writeDate = -1;
};

// Display names of records of models this emulation only references (currency, company, ...).
QString referenceName(const QString &model, qint64 id);

} // namespace syncsmart::sim::odoo
