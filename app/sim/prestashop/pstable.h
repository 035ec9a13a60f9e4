#pragma once

// What the query engine and the serialisers need from a stored resource: values by (id, field) as a
// GET shows them, associations, and a few optional indexes that keep big catalogs fast.

#include "psdefs.h"
#include "psvalue.h"

#include <QList>
#include <QStringList>

#include <optional>
#include <set>
#include <vector>

namespace syncsmart::sim::ps {

struct AssocEntry
{
    QList<PsValue> values; // in AssocDef::fields order
};
using AssocList = QList<AssocEntry>;

// Rows ordered by (wall-clock date, id): delta queries read a range of it instead of sorting.
using DateIndex = std::set<std::pair<qint64, qint64>>;

class PsTable
{
public:
    virtual ~PsTable() = default;

    virtual const ResourceDef &def() const = 0;
    virtual qint64 maxId() const = 0; // ids are 1..maxId(); exists() tells the live ones
    virtual bool exists(qint64 id) const = 0;
    virtual qint64 liveCount() const = 0;
    virtual PsValue value(qint64 id, int field) const = 0;
    virtual AssocList association(qint64 id, int assoc) const
    {
        Q_UNUSED(id);
        Q_UNUSED(assoc);
        return {};
    }

    // Wall-clock seconds of a date field (what MySQL compares); nullopt for a zero date.
    virtual std::optional<qint64> wallDate(qint64 id, int field) const;

    // Accelerators (false / nullptr = not available, the engine scans).
    // Ids whose `field` equals one of `values` (case-insensitively, like the shop's collation),
    // ascending; may return a superset, the engine re-checks every filter.
    virtual bool lookup(int field, const QStringList &values, std::vector<qint64> &ids) const
    {
        Q_UNUSED(field);
        Q_UNUSED(values);
        Q_UNUSED(ids);
        return false;
    }
    virtual const DateIndex *dateIndex(int field) const
    {
        Q_UNUSED(field);
        return nullptr;
    }
    // The order rows come in without ORDER BY (MariaDB's choice; ascending ids unless overridden).
    virtual void unsortedOrder(std::vector<qint64> &ids) const;
    // True when every id in 1..maxId() exists (lists can then page without collecting ids).
    virtual bool dense() const { return liveCount() == maxId(); }
};

// One record to serialise: a stored row or an object being written (the echo of a write).
class RecordView
{
public:
    virtual ~RecordView() = default;
    virtual qint64 id() const = 0;
    virtual PsValue value(int field) const = 0;
    virtual AssocList association(int assoc) const = 0;
};

class TableRecord final : public RecordView
{
public:
    TableRecord(const PsTable &table, qint64 id)
        : m_table(table)
        , m_id(id)
    {
    }
    qint64 id() const override { return m_id; }
    PsValue value(int field) const override { return m_table.value(m_id, field); }
    AssocList association(int assoc) const override { return m_table.association(m_id, assoc); }

private:
    const PsTable &m_table;
    qint64 m_id;
};

// An object as PHP holds it while it is written: the values set from the XML body (strings), the
// ones the class computed (ints), null for what was cleared.
struct PsObject
{
    qint64 id = 0;
    std::vector<PsValue> values;
    std::vector<AssocList> assocs;
    std::vector<bool> assocSet; // associations given in the body (their setter runs)
};

class ObjectRecord final : public RecordView
{
public:
    explicit ObjectRecord(const PsObject &object)
        : m_object(object)
    {
    }
    qint64 id() const override { return m_object.id; }
    PsValue value(int field) const override { return m_object.values.at(size_t(field)); }
    AssocList association(int assoc) const override { return m_object.assocs.at(size_t(assoc)); }

private:
    const PsObject &m_object;
};

// Loads every field and association of a stored row (the object a PUT or PATCH starts from).
PsObject loadObject(const PsTable &table, qint64 id);

// What MySQL keeps of a value PHP wrote (the next GET shows this): NULL becomes the column default,
// decimals get their scale, flags become "0"/"1", a string given for a multilingual field fills
// every language.
PsValue normalizeStored(const FieldDef &field, const PsValue &value);
// An object whose every field holds its column default (a row nobody filled in).
PsObject blankStored(const ResourceDef &def);

} // namespace syncsmart::sim::ps
