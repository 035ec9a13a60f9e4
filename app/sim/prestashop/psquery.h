#pragma once

// The list parameters of the webservice (filter[...], display, sort, limit, schema) parsed and
// checked like WebserviceRequest::manageFilters does, and run against a PsTable with the semantics
// of the SQL PrestaShop generates (SQLUtils::getSQLRetrieveFilter, MySQL comparisons).

#include "pstable.h"

#include <QHash>
#include <QList>
#include <QSet>
#include <QString>
#include <QUrlQuery>

#include <optional>
#include <vector>

namespace syncsmart::sim::ps {

struct WsError
{
    int status = 400;
    int code = 0;
    QString message;
};

// The query string as PHP's $_GET sees it: '+' is a space, "filter[x]=..." is a nested key, the last
// of repeated keys wins (keeping the first one's position).
struct WsParams
{
    QHash<QString, QString> values;
    QList<std::pair<QString, QString>> filters;
    QSet<QString> nestedFilters; // filter[x][y]=... (linked tables)

    static WsParams parse(const QUrlQuery &query);
    bool has(const QString &key) const { return values.contains(key); }
    QString value(const QString &key) const { return values.value(key); }
};

struct Condition
{
    enum Op { Eq, In, Like, Between, Gt, Lt, NotIn, Ignored };
    int field = -1;
    Op op = Eq;
    QStringList values; // Eq/In/NotIn: the values; Between: [low, high]; Gt/Lt: [bound]; Like: [pattern]
};
Condition parseCondition(int field, const QString &filterValue);

struct DisplaySpec
{
    enum Mode { Minimum, Full, Fields };
    Mode mode = Minimum;
    std::vector<bool> fields;       // Fields: which fields print
    QHash<int, QStringList> assocs; // Fields: associations asked with [sub,fields] ("id" included)

    bool showsField(int f) const { return mode == Full || (mode == Fields && fields[size_t(f)]); }
    bool showsAssociations() const { return mode == Full || !assocs.isEmpty(); }
    bool showsAssociation(int a) const { return mode == Full || assocs.contains(a); }
    bool showsAssocField(int a, const QString &name) const
    {
        return mode == Full || assocs.value(a).contains(name) || name == QLatin1String("id");
    }
};

struct SortKey
{
    int field = -1;
    bool descending = false;
};

struct ListQuery
{
    QList<Condition> conditions;
    DisplaySpec display;
    QList<SortKey> sort;
    bool hasLimit = false;
    qint64 offset = 0;
    qint64 count = 0;
    QString schema; // "blank" / "synopsis" when asked (nothing else is then parsed)
    // The SQL PrestaShop builds fails (a date filter on a table without that column, a negative
    // LIMIT): getFilteredObjectList() then lists nothing.
    bool sqlFails = false;
};

// display= for a list or one object (codes 35, 36).
std::optional<WsError> parseDisplay(const ResourceDef &def, const WsParams &params, DisplaySpec &out);
// Everything manageFilters() checks, in its order: schema (28), filters (31-34), display, sort (37-38),
// limit (39).
std::optional<WsError> parseListQuery(const ResourceDef &def, const WsParams &params, ListQuery &out);

// Matching ids in answer order, after limit.
std::vector<qint64> runListQuery(const PsTable &table, const ListQuery &query, const QList<int> &languages);

// "<label>. Did you mean: "x"? The full list is: "a", "b"" with PHP's levenshtein() choice.
QString didYouMean(const QString &label, const QString &value, const QStringList &available);

} // namespace syncsmart::sim::ps
