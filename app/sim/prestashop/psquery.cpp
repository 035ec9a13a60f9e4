#include "psquery.h"

#include <QRegularExpression>
#include <QUrl>

#include <algorithm>
#include <climits>
#include <cmath>
#include <limits>

namespace syncsmart::sim::ps {

namespace {

QString phpDecode(QByteArrayView part)
{
    QByteArray bytes = part.toByteArray();
    bytes.replace('+', ' ');
    return QString::fromUtf8(QByteArray::fromPercentEncoding(bytes));
}

int levenshtein(const QByteArray &a, const QByteArray &b)
{
    std::vector<int> prev(size_t(b.size() + 1)), cur(size_t(b.size() + 1));
    for (int j = 0; j <= b.size(); ++j)
        prev[size_t(j)] = j;
    for (int i = 1; i <= a.size(); ++i) {
        cur[0] = i;
        for (int j = 1; j <= b.size(); ++j) {
            const int cost = a[i - 1] == b[j - 1] ? 0 : 1;
            cur[size_t(j)] =
                std::min({prev[size_t(j)] + 1, cur[size_t(j - 1)] + 1, prev[size_t(j - 1)] + cost});
        }
        std::swap(prev, cur);
    }
    return prev[size_t(b.size())];
}

QString quotedList(const QStringList &items)
{
    return QLatin1Char('"') + items.join(QLatin1String("\", \"")) + QLatin1Char('"');
}

QString varExport(const QStringList &items)
{
    QString out = QStringLiteral("array (\n");
    for (int i = 0; i < items.size(); ++i)
        out += QStringLiteral("  %1 => '%2',\n").arg(i).arg(items.at(i));
    return out + QLatin1Char(')');
}

} // namespace

WsParams WsParams::parse(const QUrlQuery &query)
{
    WsParams out;
    const QByteArray raw = query.query(QUrl::FullyEncoded).toUtf8();
    for (const QByteArray &part : raw.split('&')) {
        if (part.isEmpty())
            continue;
        const qsizetype eq = part.indexOf('=');
        QString key = phpDecode(eq < 0 ? part : part.left(eq));
        const QString value = eq < 0 ? QString() : phpDecode(part.mid(eq + 1));
        QStringList subkeys;
        qsizetype bracket = key.indexOf(QLatin1Char('['));
        QString base = bracket > 0 ? key.left(bracket) : key;
        while (bracket > 0 && bracket < key.size() && key.at(bracket) == QLatin1Char('[')) {
            const qsizetype close = key.indexOf(QLatin1Char(']'), bracket);
            if (close < 0)
                break;
            subkeys.append(key.mid(bracket + 1, close - bracket - 1));
            bracket = close + 1;
        }
        base.replace(QLatin1Char('.'), QLatin1Char('_')).replace(QLatin1Char(' '), QLatin1Char('_'));
        if (base == QLatin1String("filter") && !subkeys.isEmpty()) {
            const QString field = subkeys.first();
            if (subkeys.size() > 1) {
                out.nestedFilters.insert(field);
                continue;
            }
            auto it = std::find_if(out.filters.begin(), out.filters.end(),
                                   [&](const auto &f) { return f.first == field; });
            if (it != out.filters.end())
                it->second = value;
            else
                out.filters.append({field, value});
        } else if (subkeys.isEmpty()) {
            out.values.insert(base, value);
        }
    }
    return out;
}

QString didYouMean(const QString &label, const QString &value, const QStringList &available)
{
    QString closest;
    int shortest = -1;
    const QByteArray input = value.toUtf8();
    for (const QString &word : available) {
        const int lev = levenshtein(input, word.toUtf8());
        if (lev == 0) {
            closest = word;
            break;
        }
        if (lev <= shortest || shortest < 0) {
            closest = word;
            shortest = lev;
        }
    }
    QString out = label + QStringLiteral(". Did you mean: \"") + closest + QStringLiteral("\"?");
    if (available.size() > 1)
        out += QStringLiteral(" The full list is: ") + quotedList(available);
    return out;
}

Condition parseCondition(int field, const QString &v)
{
    Condition c;
    c.field = field;
    // preg_match('/^(.*)\[(.*)\](.*)$/'): the last '[' that has a ']' after it, and the last ']'.
    const qsizetype close = v.lastIndexOf(QLatin1Char(']'));
    const qsizetype open = close > 0 ? v.lastIndexOf(QLatin1Char('['), close - 1) : -1;
    if (open < 0) {
        c.values = {v};
        return c;
    }
    const QString m1 = v.left(open), m2 = v.mid(open + 1, close - open - 1), m3 = v.mid(close + 1);
    static const QRegularExpression interval(QStringLiteral("^([\\d\\.:\\-\\s]+),([\\d\\.:\\-\\s]+)$"));
    if (m1 == QLatin1String("%") || m3 == QLatin1String("%")) {
        c.op = Condition::Like;
        c.values = {m1 + m2 + m3};
    } else if (m1.isEmpty() && m3.isEmpty()) {
        if (m2.indexOf(QLatin1Char('|')) > 0) {
            c.op = Condition::In;
            c.values = m2.split(QLatin1Char('|'));
        } else if (const QRegularExpressionMatch m = interval.match(m2); m.hasMatch()) {
            c.op = Condition::Between;
            QString a = m.captured(1), b = m.captured(2);
            double x = 0, y = 0;
            // PHP sort(): numerically when both are numeric strings, else as strings.
            const bool swap = phpNumeric(a, &x) && phpNumeric(b, &y) ? x > y : a > b;
            if (swap)
                std::swap(a, b);
            c.values = {a, b};
        } else {
            c.values = {m2};
        }
    } else if (m1 == QLatin1String(">")) {
        c.op = Condition::Gt;
        c.values = {m2};
    } else if (m1 == QLatin1String("<")) {
        c.op = Condition::Lt;
        c.values = {m2};
    } else if (m1 == QLatin1String("!")) {
        c.op = Condition::NotIn;
        c.values = m2.split(QLatin1Char('|'));
    } else {
        c.op = Condition::Ignored; // e.g. ">=[x]": SQLUtils adds no condition at all
    }
    return c;
}

std::optional<WsError> parseDisplay(const ResourceDef &def, const WsParams &params, DisplaySpec &out)
{
    if (!params.has(QStringLiteral("display")))
        return std::nullopt;
    QStringList allFields;
    for (const FieldDef &f : def.fields)
        allFields.append(f.name);
    const QString display = params.value(QStringLiteral("display"));
    if (display == QLatin1String("full")) {
        out.mode = DisplaySpec::Full;
        return std::nullopt;
    }
    if (display == QLatin1String("minimum")) {
        out.mode = DisplaySpec::Minimum;
        return std::nullopt;
    }
    if (!display.startsWith(QLatin1Char('[')) || !display.endsWith(QLatin1Char(']')) || display.size() < 2) {
        return WsError{
            400, 36,
            QStringLiteral(
                "The 'display' syntax is wrong. You can set 'full' or '[field_1,field_2,field_3,...]'. "
                "These are available: ") +
                allFields.join(QLatin1String(", "))};
    }
    // parseDisplayFields(): commas split at bracket level 0; "assoc[a,b]" names association fields.
    const QString inner = display.mid(1, display.size() - 2);
    QStringList parts;
    QString tmp;
    int level = 0;
    for (QChar ch : inner) {
        if (ch == QLatin1Char(',') && level == 0) {
            parts.append(tmp);
            tmp.clear();
        } else {
            tmp.append(ch);
        }
        if (ch == QLatin1Char('['))
            ++level;
        if (ch == QLatin1Char(']'))
            --level;
    }
    if (!tmp.isEmpty())
        parts.append(tmp);
    out.mode = DisplaySpec::Fields;
    out.fields.assign(size_t(def.fields.size()), false);
    for (const QString &part : parts) {
        const qsizetype b = part.indexOf(QLatin1Char('['));
        const QString name = (b < 0 ? part : part.left(b)).trimmed();
        if (b < 0) {
            const int f = def.indexOf(name);
            if (f < 0)
                return WsError{
                    400, 35,
                    QStringLiteral("Unable to display this field \"%1\". However, these are available: %2")
                        .arg(name, allFields.join(QLatin1String(", ")))};
            out.fields[size_t(f)] = true;
            continue;
        }
        const QStringList sub = part.mid(b + 1, part.size() - b - 2).split(QLatin1Char(','));
        const int a = def.assocOf(name);
        bool error = a < 0;
        for (const QString &s : sub) {
            if (error)
                break;
            error = s != QLatin1String("id") &&
                    std::none_of(def.associations.at(a).fields.begin(), def.associations.at(a).fields.end(),
                                 [&](const AssocFieldDef &af) { return af.name == s; });
        }
        if (error)
            return WsError{
                400, 35,
                QStringLiteral(
                    "Unable to display this field \"%1 (details : %2)\". However, these are available: %3")
                    .arg(name, varExport(sub), allFields.join(QLatin1String(", ")))};
        out.assocs[a] += sub;
    }
    return std::nullopt;
}

std::optional<WsError> parseListQuery(const ResourceDef &def, const WsParams &params, ListQuery &out)
{
    const bool dates = !params.value(QStringLiteral("date")).isEmpty() &&
                       params.value(QStringLiteral("date")) != QLatin1String("0");
    QStringList available, i18n;
    for (const FieldDef &f : def.fields) {
        if (f.isI18n())
            i18n.append(f.name);
        else if (dates || (f.name != QLatin1String("date_add") && f.name != QLatin1String("date_upd")))
            available.append(f.name);
    }
    if (dates) {
        for (const char *d : {"date_add", "date_upd"}) {
            if (!available.contains(QLatin1String(d)))
                available.append(QLatin1String(d));
        }
    }
    if (params.has(QStringLiteral("schema"))) {
        const QString schema = params.value(QStringLiteral("schema"));
        if (schema == QLatin1String("blank") || schema == QLatin1String("synopsis")) {
            out.schema = schema;
            return std::nullopt;
        }
        return WsError{
            400, 28,
            QStringLiteral(
                "Please select a schema of type 'synopsis' to get the whole schema informations (which "
                "fields are required, which kind of content...) or 'blank' to get an empty schema to "
                "fill before using POST request")};
    }
    for (const auto &[field, value] : params.filters) {
        if (field == QLatin1String("sort") || field == QLatin1String("limit"))
            continue;
        const int f = def.indexOf(field);
        if (!available.contains(field)) {
            if (!value.isEmpty() && i18n.contains(field)) {
                out.conditions.append(parseCondition(f, value));
                continue;
            }
            if (params.nestedFilters.contains(field))
                return WsError{400, 31,
                               QStringLiteral("There is no existing linked table for this resource")};
            return WsError{400, 32,
                           didYouMean(QStringLiteral("This filter does not exist"), field, available)};
        }
        if (value.isEmpty())
            return WsError{400, 33, QStringLiteral("The filter \"%1\" is malformed.").arg(field)};
        if (f >= 0 && def.field(f).has(NotFilterable))
            return WsError{
                400, 34,
                QStringLiteral("The field \"%1\" is dynamic. It is not possible to filter GET query with "
                               "this field.")
                    .arg(field)};
        if (f < 0) {
            // date=1 adds date_add/date_upd with sqlId = their name even where the table has no such
            // column (stock_availables): "Unknown column" in SQL, so no rows rather than all of them.
            out.sqlFails = true;
            continue;
        }
        out.conditions.append(parseCondition(f, value));
    }
    for (const QString &field : params.nestedFilters) {
        if (!params.filters.isEmpty() && std::any_of(params.filters.begin(), params.filters.end(),
                                                     [&](const auto &p) { return p.first == field; }))
            continue;
        return WsError{400, 31, QStringLiteral("There is no existing linked table for this resource")};
    }
    if (auto error = parseDisplay(def, params, out.display))
        return error;
    if (params.has(QStringLiteral("sort"))) {
        const QString sort = params.value(QStringLiteral("sort"));
        QStringList sorts{sort};
        if (sort.startsWith(QLatin1Char('[')) && sort.endsWith(QLatin1Char(']')) && sort.size() >= 2)
            sorts = sort.mid(1, sort.size() - 2).split(QLatin1Char(','));
        for (const QString &s : sorts) {
            const qsizetype us = s.lastIndexOf(QLatin1Char('_'));
            const QString direction = us < 0 ? QString() : s.mid(us + 1).toUpper();
            if (us < 0 || (direction != QLatin1String("ASC") && direction != QLatin1String("DESC")))
                return WsError{
                    400, 37,
                    QStringLiteral(
                        "The \"sort\" value has to be formed as this example: \"field_ASC\" or "
                        "'[field_1_DESC,field_2_ASC,field_3_ASC,...]' (\"field\" has to be an available "
                        "field)")};
            const QString name = s.left(us);
            if (!available.contains(name) && !i18n.contains(name))
                return WsError{
                    400, 38,
                    QStringLiteral("Unable to filter by this field. However, these are available: %1, for "
                                   "i18n fields:%2")
                        .arg(available.join(QLatin1String(", ")), i18n.join(QLatin1String(", ")))};
            const int f = def.indexOf(name);
            if (f >= 0)
                out.sort.append(SortKey{f, direction == QLatin1String("DESC")});
            else
                out.sqlFails = true; // ORDER BY a date column the table lacks (date=1)
        }
    }
    if (params.has(QStringLiteral("limit"))) {
        const QStringList parts = params.value(QStringLiteral("limit")).split(QLatin1Char(','));
        if (parts.size() > 2)
            return WsError{
                400, 39,
                QStringLiteral("The \"limit\" value has to be formed as this example: \"5,25\" or \"10\"")};
        out.hasLimit = true;
        // " LIMIT " . (int) $a . ", " . (int) $b: a negative number is an SQL syntax error.
        const qint64 a = phpInt(parts.at(0));
        const qint64 b = parts.size() == 2 ? phpInt(parts.at(1)) : 0;
        out.sqlFails = out.sqlFails || a < 0 || b < 0;
        if (parts.size() == 2) {
            out.offset = std::max<qint64>(0, a);
            out.count = std::max<qint64>(0, b);
        } else {
            out.count = std::max<qint64>(0, a);
        }
    }
    return std::nullopt;
}

} // namespace syncsmart::sim::ps
