// Running a parsed list query against a table with the semantics of the SQL PrestaShop builds:
// MySQL's comparisons (numbers, shop-local dates, case-insensitive text), LIKE, BETWEEN, then ORDER BY
// and LIMIT, using the table's indexes where they apply.

#include "psquery.h"

#include <QRegularExpression>

#include <algorithm>
#include <climits>
#include <limits>

namespace syncsmart::sim::ps {

namespace {

constexpr qint64 kZeroDate = LLONG_MIN / 4; // MySQL's 0000-00-00 sorts before every real date

// MySQL's cast of a string to a number: its leading numeric part, 0 when there is none.
double mysqlNumber(QStringView text)
{
    static const QRegularExpression re(QStringLiteral("^\\s*[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?"));
    const QRegularExpressionMatch m = re.match(text.toString());
    return m.hasMatch() ? m.captured(0).trimmed().toDouble() : 0.0;
}

// utf8mb4_general_ci: case-insensitive, trailing spaces ignored.
int compareText(QStringView a, QStringView b)
{
    while (a.endsWith(QLatin1Char(' ')))
        a.chop(1);
    while (b.endsWith(QLatin1Char(' ')))
        b.chop(1);
    return a.compare(b, Qt::CaseInsensitive);
}

bool likeMatch(QStringView text, QStringView pattern)
{
    // Iterative wildcard match: % any run, _ one character, \ escapes.
    qsizetype t = 0, p = 0, starP = -1, starT = -1;
    while (t < text.size()) {
        if (p < pattern.size() && pattern.at(p) == QLatin1Char('\\') && p + 1 < pattern.size() &&
            pattern.at(p + 1).toCaseFolded() == text.at(t).toCaseFolded()) {
            p += 2;
            ++t;
        } else if (p < pattern.size() && pattern.at(p) == QLatin1Char('%')) {
            starP = p++;
            starT = t;
        } else if (p < pattern.size() && (pattern.at(p) == QLatin1Char('_') ||
                                          pattern.at(p).toCaseFolded() == text.at(t).toCaseFolded())) {
            ++p;
            ++t;
        } else if (starP >= 0) {
            p = starP + 1;
            t = ++starT;
        } else {
            return false;
        }
    }
    while (p < pattern.size() && pattern.at(p) == QLatin1Char('%'))
        ++p;
    return p == pattern.size();
}

// offset + count of a limit: both are >= 0 but may each be PHP_INT_MAX.
qint64 saturatingAdd(qint64 a, qint64 b)
{
    return a > std::numeric_limits<qint64>::max() - b ? std::numeric_limits<qint64>::max() : a + b;
}

enum class CmpType { Number, Text, Date };

CmpType cmpType(const FieldDef &f)
{
    switch (f.kind) {
    case FieldKind::Int:
    case FieldKind::Bool:
    case FieldKind::Float:
        return CmpType::Number;
    case FieldKind::Date:
    case FieldKind::DateTime:
        return CmpType::Date;
    default:
        return CmpType::Text;
    }
}

std::optional<qint64> literalDate(const QString &text)
{
    if (text.startsWith(QLatin1String("0000-00-00")))
        return kZeroDate;
    return ShopTime::parseWall(text);
}

// One row value prepared for comparisons with literals.
struct Probe
{
    bool isNull = false;
    double number = 0;
    std::optional<qint64> wall;
    QStringList texts; // one per language for I18n, else one
};

Probe probe(const PsTable &table, qint64 id, int field, const QList<int> &languages)
{
    const FieldDef &fd = table.def().field(field);
    Probe p;
    const CmpType type = cmpType(fd);
    if (type == CmpType::Date) {
        p.wall = table.wallDate(id, field);
        if (p.wall) {
            p.texts.append(QString()); // formatted only if a literal is not a date
            return p;
        }
        const PsValue v = table.value(id, field);
        p.isNull = v.isNull();
        if (v.text.startsWith(QLatin1String("0000-00-00")))
            p.wall = kZeroDate;
        p.texts.append(v.text);
        return p;
    }
    const PsValue v = table.value(id, field);
    p.isNull = v.isNull();
    if (v.kind == PsValue::Kind::Langs) {
        for (int lang : languages)
            p.texts.append(v.lang(lang));
        return p;
    }
    p.texts.append(v.toText());
    if (type == CmpType::Number)
        p.number = v.kind == PsValue::Kind::Int ? double(v.number) : mysqlNumber(v.text);
    return p;
}

// <0, 0, >0 like SQL's comparison of the column with a literal.
int compareProbe(const Probe &p, const QString &text, const QString &literal, CmpType type)
{
    switch (type) {
    case CmpType::Number: {
        const double l = mysqlNumber(literal);
        return p.number < l ? -1 : p.number > l ? 1 : 0;
    }
    case CmpType::Date:
        if (const auto l = literalDate(literal); l && p.wall)
            return *p.wall < *l ? -1 : *p.wall > *l ? 1 : 0;
        return (text.isEmpty() && p.wall ? ShopTime::formatWall(*p.wall) : text).compare(literal);
    case CmpType::Text:
        return compareText(text, literal);
    }
    return 0;
}

bool conditionHolds(const PsTable &table, qint64 id, const Condition &c, const QList<int> &languages)
{
    if (c.op == Condition::Ignored)
        return true;
    const FieldDef &fd = table.def().field(c.field);
    const Probe p = probe(table, id, c.field, languages);
    if (p.isNull)
        return false; // NULL compared with anything is not true
    const CmpType type = cmpType(fd);
    for (const QString &text : p.texts) {
        bool ok = false;
        switch (c.op) {
        case Condition::Eq:
        case Condition::In:
            ok = std::any_of(c.values.begin(), c.values.end(),
                             [&](const QString &v) { return compareProbe(p, text, v, type) == 0; });
            break;
        case Condition::NotIn:
            ok = std::none_of(c.values.begin(), c.values.end(),
                              [&](const QString &v) { return compareProbe(p, text, v, type) == 0; });
            break;
        case Condition::Like:
            ok = likeMatch(text, c.values.value(0));
            break;
        case Condition::Between:
            ok = compareProbe(p, text, c.values.value(0), type) >= 0 &&
                 compareProbe(p, text, c.values.value(1), type) <= 0;
            break;
        case Condition::Gt:
            ok = compareProbe(p, text, c.values.value(0), type) > 0;
            break;
        case Condition::Lt:
            ok = compareProbe(p, text, c.values.value(0), type) < 0;
            break;
        case Condition::Ignored:
            ok = true;
            break;
        }
        if (ok)
            return true;
    }
    return false;
}

// Candidate ids from the date index when a date condition bounds the range, in (date, id) order;
// at most `limit` of them.
bool dateRange(const PsTable &table, const Condition &c, std::vector<qint64> &ids, size_t limit)
{
    const DateIndex *index = table.dateIndex(c.field);
    if (!index)
        return false;
    qint64 low = LLONG_MIN, high = LLONG_MAX;
    auto bound = [](const QString &s) { return literalDate(s); };
    switch (c.op) {
    case Condition::Between: {
        const auto lo = bound(c.values.value(0)), hi = bound(c.values.value(1));
        if (!lo || !hi)
            return false;
        low = *lo;
        high = *hi;
        break;
    }
    case Condition::Gt: {
        const auto lo = bound(c.values.value(0));
        if (!lo)
            return false;
        low = *lo + 1;
        break;
    }
    case Condition::Lt: {
        const auto hi = bound(c.values.value(0));
        if (!hi)
            return false;
        high = *hi - 1;
        break;
    }
    case Condition::Eq: {
        const auto at = bound(c.values.value(0));
        if (!at)
            return false;
        low = high = *at;
        break;
    }
    default:
        return false;
    }
    ids.clear();
    for (auto it = index->lower_bound({low, LLONG_MIN});
         it != index->end() && it->first <= high && ids.size() < limit; ++it)
        ids.push_back(it->second);
    return true;
}

struct SortValue
{
    bool isNull = false;
    double number = 0;
    qint64 wall = 0;
    QString text;
};

} // namespace

std::vector<qint64> runListQuery(const PsTable &table, const ListQuery &query, const QList<int> &languages)
{
    if (query.sqlFails)
        return {};
    const bool idAsc =
        query.sort.size() == 1 && query.sort.first().field == 0 && !query.sort.first().descending;
    const bool idDesc =
        query.sort.size() == 1 && query.sort.first().field == 0 && query.sort.first().descending;
    const qint64 maxId = table.maxId();

    // A page of a whole dense table in id order needs no id list at all.
    if (query.conditions.isEmpty() && (idAsc || idDesc) && table.dense()) {
        std::vector<qint64> ids;
        const qint64 first = query.hasLimit ? query.offset : 0;
        const qint64 n = query.hasLimit ? std::min(query.count, std::max<qint64>(0, maxId - first)) : maxId;
        ids.reserve(size_t(std::max<qint64>(0, n)));
        for (qint64 i = 0; i < n; ++i)
            ids.push_back(idAsc ? first + i + 1 : maxId - first - i);
        return ids;
    }

    // Keyset paging (filter[id]=>[X], in id order, with a limit): walk the ids after X, so a page
    // costs its own size, not the table's — a million-row catalog is read in linear time.
    if (query.conditions.size() == 1 && query.conditions.first().field == 0 &&
        query.conditions.first().op == Condition::Gt && query.hasLimit && (query.sort.isEmpty() || idAsc)) {
        bool numeric = false;
        const qint64 after = query.conditions.first().values.value(0).trimmed().toLongLong(&numeric);
        if (numeric) {
            std::vector<qint64> ids;
            qint64 skip = query.offset;
            for (qint64 id = std::max<qint64>(0, after) + 1; id <= maxId && qint64(ids.size()) < query.count; ++id) {
                if (!table.exists(id))
                    continue;
                if (skip > 0) {
                    --skip;
                    continue;
                }
                ids.push_back(id);
            }
            return ids;
        }
    }

    std::vector<qint64> ids;
    bool inDateOrder = false;
    int dateField = -1;
    bool fromIndex = false;
    for (const Condition &c : query.conditions) {
        if ((c.op == Condition::Eq || c.op == Condition::In) && table.lookup(c.field, c.values, ids)) {
            fromIndex = true;
            break;
        }
    }
    // An id interval (filter[id]=[X,Y]) is read from the primary key, as MySQL does.
    for (const Condition &c : query.conditions) {
        if (fromIndex || c.field != 0 || c.op != Condition::Between || c.values.size() != 2)
            continue;
        bool lowOk = false, highOk = false;
        const qint64 low = c.values.at(0).trimmed().toLongLong(&lowOk);
        const qint64 high = c.values.at(1).trimmed().toLongLong(&highOk);
        if (!lowOk || !highOk)
            continue;
        for (qint64 id = std::max<qint64>(1, low); id <= std::min(high, maxId); ++id) {
            if (table.exists(id))
                ids.push_back(id);
        }
        fromIndex = true;
    }
    bool rangeIsWholeFilter = false;
    if (!fromIndex) {
        for (const Condition &c : query.conditions) {
            // With the range as the only filter and an order the index gives, only offset+count rows are
            // read.
            const bool onlyFilter = query.conditions.size() == 1;
            const bool indexOrder =
                query.sort.isEmpty() ||
                (query.sort.first().field == c.field && !query.sort.first().descending &&
                 (query.sort.size() == 1 ||
                  (query.sort.size() == 2 && query.sort.at(1).field == 0 && !query.sort.at(1).descending)));
            const size_t limit = onlyFilter && indexOrder && query.hasLimit
                                     ? size_t(saturatingAdd(query.offset, query.count))
                                     : std::numeric_limits<size_t>::max();
            if (dateRange(table, c, ids, limit)) {
                fromIndex = inDateOrder = true;
                dateField = c.field;
                rangeIsWholeFilter = onlyFilter;
                break;
            }
        }
    }
    if (!fromIndex) {
        if (query.sort.isEmpty()) {
            table.unsortedOrder(ids);
        } else {
            ids.reserve(size_t(table.liveCount()));
            for (qint64 id = 1; id <= maxId; ++id) {
                if (table.exists(id))
                    ids.push_back(id);
            }
        }
    }
    if (!query.conditions.isEmpty() && !rangeIsWholeFilter) {
        std::vector<qint64> kept;
        kept.reserve(ids.size());
        for (qint64 id : ids) {
            bool ok = true;
            for (const Condition &c : query.conditions) {
                if (!conditionHolds(table, id, c, languages)) {
                    ok = false;
                    break;
                }
            }
            if (ok)
                kept.push_back(id);
        }
        ids.swap(kept);
    }

    const bool dateOrderSuffices =
        inDateOrder && !query.sort.isEmpty() && query.sort.first().field == dateField &&
        !query.sort.first().descending &&
        (query.sort.size() == 1 ||
         (query.sort.size() == 2 && query.sort.at(1).field == 0 && !query.sort.at(1).descending));
    if (idAsc || idDesc) {
        std::sort(ids.begin(), ids.end());
        if (idDesc)
            std::reverse(ids.begin(), ids.end());
    } else if (!query.sort.isEmpty() && !dateOrderSuffices) {
        const ResourceDef &def = table.def();
        std::vector<std::vector<SortValue>> keys(ids.size());
        for (size_t i = 0; i < ids.size(); ++i) {
            for (const SortKey &k : query.sort) {
                SortValue v;
                const PsValue pv = table.value(ids[i], k.field);
                v.isNull = pv.isNull();
                switch (cmpType(def.field(k.field))) {
                case CmpType::Number:
                    v.number = pv.kind == PsValue::Kind::Int ? double(pv.number) : mysqlNumber(pv.text);
                    break;
                case CmpType::Date:
                    v.wall = table.wallDate(ids[i], k.field).value_or(kZeroDate);
                    break;
                case CmpType::Text:
                    v.text = pv.kind == PsValue::Kind::Langs ? pv.lang(languages.value(0, 1)) : pv.toText();
                    break;
                }
                keys[i].push_back(std::move(v));
            }
        }
        std::vector<size_t> order(ids.size());
        for (size_t i = 0; i < order.size(); ++i)
            order[i] = i;
        std::stable_sort(order.begin(), order.end(), [&](size_t x, size_t y) {
            for (int k = 0; k < query.sort.size(); ++k) {
                const SortValue &a = keys[x][size_t(k)], &b = keys[y][size_t(k)];
                int c = 0;
                if (a.isNull != b.isNull) {
                    c = a.isNull ? -1 : 1;
                } else {
                    switch (cmpType(def.field(query.sort.at(k).field))) {
                    case CmpType::Number:
                        c = a.number < b.number ? -1 : a.number > b.number ? 1 : 0;
                        break;
                    case CmpType::Date:
                        c = a.wall < b.wall ? -1 : a.wall > b.wall ? 1 : 0;
                        break;
                    case CmpType::Text:
                        c = compareText(a.text, b.text);
                        break;
                    }
                }
                if (c != 0)
                    return query.sort.at(k).descending ? c > 0 : c < 0;
            }
            return ids[x] < ids[y];
        });
        std::vector<qint64> sorted;
        sorted.reserve(ids.size());
        for (size_t i : order)
            sorted.push_back(ids[i]);
        ids.swap(sorted);
    }

    if (query.hasLimit) {
        const size_t from = size_t(std::min<qint64>(query.offset, qint64(ids.size())));
        const size_t to =
            size_t(std::min<qint64>(saturatingAdd(qint64(from), query.count), qint64(ids.size())));
        return std::vector<qint64>(ids.begin() + qint64(from), ids.begin() + qint64(to));
    }
    return ids;
}

} // namespace syncsmart::sim::ps
