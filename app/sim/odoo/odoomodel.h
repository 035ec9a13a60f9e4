#pragma once

#include "odoodomain.h"
#include "odooerrors.h"
#include "odoovalue.h"

#include "common/effectlog.h"
#include "common/simhttp.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QString>

#include <functional>
#include <optional>
#include <vector>

namespace syncsmart::sim::odoo {

class OdooDatabase;

// What one execute_kw call produced: the serialised "result" (absent when the method returned
// None) and what the cost model needs to know about it.
struct RpcResult
{
    QByteArray json;
    bool none = false;
    Operation operation = Operation::Other;
    int records = 0;
    bool heavy = false;
    bool wrote = false;

    static RpcResult of(const QByteArray &json, Operation operation = Operation::Other)
    {
        RpcResult r;
        r.json = json;
        r.operation = operation;
        return r;
    }
};

// The environment of one call: context of the request, who is calling, "now".
struct CallContext
{
    QJsonObject context;
    int uid = 2;
    qint64 nowMs = 0;
    EffectSource source = EffectSource::Api;

    bool activeTest() const { return context.value(QLatin1String("active_test")).toBool(true); }
    bool flag(const char *key) const { return context.value(QLatin1String(key)).toBool(false); }
};

struct SearchSpec
{
    qint64 offset = 0;
    std::optional<qint64> limit;
    Order order;
};

// One Odoo model as the ORM shows it over RPC: a field table, records addressed by id, and the
// generic search / read machinery; subclasses store their records and implement create / write.
class OdooModel
{
public:
    OdooModel(OdooDatabase &db, QString name, QString label, QString defaultOrder,
              std::vector<FieldSpec> fields);
    virtual ~OdooModel() = default;
    OdooModel(const OdooModel &) = delete;
    OdooModel &operator=(const OdooModel &) = delete;

    const QString &name() const { return m_name; }
    const QString &label() const { return m_label; } // _description
    const QString &defaultOrder() const { return m_defaultOrder; }
    const std::vector<FieldSpec> &fields() const { return m_fields; }
    const FieldSpec &field(int index) const { return m_fields[size_t(index)]; }
    int fieldIndex(QStringView name, bool forDomain = false) const;
    bool hasActive() const { return m_activeField >= 0; }

    // Records
    virtual bool exists(qint64 id) const = 0;
    virtual void forEachId(const std::function<bool(qint64)> &visit) const = 0; // ascending; false stops
    virtual FieldValue value(qint64 id, int field, bool withNames) const = 0;
    virtual QString displayName(qint64 id) const = 0;
    virtual bool isHeavyField(int) const { return false; }

    // Search: the generic path filters candidates (an index's or every id) and sorts them.
    QList<qint64> search(const Domain &domain, const SearchSpec &spec) const;
    qint64 searchCount(const Domain &domain) const;

    // Methods every model has; the defaults refuse (read-only reference models).
    virtual QList<qint64> create(const QList<QJsonObject> &valsList, CallContext &ctx);
    virtual void write(const QList<qint64> &ids, const QJsonObject &vals, CallContext &ctx);
    virtual void unlink(const QList<qint64> &ids, CallContext &ctx);
    // Model-specific public methods (action_confirm, ...); nullopt = no such method here.
    virtual std::optional<RpcResult> call(const QString &method, const QJsonArray &args,
                                          const QJsonObject &kwargs, CallContext &ctx);
    virtual QStringList extraMethods() const { return {}; }
    virtual QString accessOperation(const QString &method) const; // "read"/"write"/"create"/"unlink"

protected:
    // Index-backed candidates for the domain's conjuncts; nullopt = scan every id.
    virtual std::optional<std::vector<qint64>> candidates(const Domain &) const { return std::nullopt; }
    // A whole search answered from an ordered index; nullopt = generic path.
    virtual std::optional<QList<qint64>> orderedSearch(const Domain &, const SearchSpec &) const
    {
        return std::nullopt;
    }

    // Helpers for create / write
    QList<qint64> missingIds(const QList<qint64> &ids) const;
    void requireExisting(const QList<qint64> &ids, int uid) const;    // MissingError
    int valuesField(const QString &name) const;                       // ValueError for unknown fields
    QString selectionValue(int field, const QJsonValue &value) const; // ValueError for a wrong value
    static double floatValue(const QJsonValue &value);
    static QString charValue(const QJsonValue &value); // null QString for False
    static qint64 idValue(const QJsonValue &value);    // many2one: id or 0
    QJsonObject effectValues(const QJsonObject &vals) const;
    void recordEffect(EffectKind kind, qint64 id, const QString &key, const QJsonObject &vals,
                      const CallContext &ctx) const;

    OdooDatabase &m_db;

private:
    QString m_name;
    QString m_label;
    QString m_defaultOrder;
    std::vector<FieldSpec> m_fields;
    QHash<QString, int> m_index;
    int m_activeField = -1;
};

// Field table shorthand for the model files.
FieldSpec fieldSpec(const char *name, FieldType type, const char *label, bool required = false,
                    bool readonly = false);
FieldSpec relational(const char *name, FieldType type, const char *label, const char *relation,
                     bool required = false, bool readonly = false);
FieldSpec computed(FieldSpec spec); // readonly, not stored
FieldSpec withDigits(FieldSpec spec, int digits);
FieldSpec withSelection(FieldSpec spec, QList<SelectionOption> options);
FieldSpec domainPath(const char *path, FieldType type); // a dotted path usable in domains only

// Odoo's many2one commands for x2many fields in write values: [[6, 0, ids]], [[4, id]], ...
struct X2ManyCommand
{
    int code = 0;
    qint64 id = 0;
    QJsonObject values;
    QList<qint64> ids;
};
QList<X2ManyCommand> parseCommands(const QJsonValue &value);

} // namespace syncsmart::sim::odoo
