#pragma once

#include "odoovalue.h"

#include <QJsonValue>
#include <QSet>
#include <QString>

#include <optional>
#include <vector>

namespace syncsmart::sim::odoo {

class OdooModel;

// A SQL LIKE pattern ('%' any run, '_' one character, '\' escapes), as Odoo's like/ilike send it.
class LikePattern final
{
public:
    LikePattern() = default;
    LikePattern(const QString &pattern, bool caseInsensitive);
    bool matches(QStringView text) const;
    bool isPlain() const { return m_plain; } // no wildcard: an equality test
    const QString &literal() const { return m_literal; }

private:
    struct Token
    {
        enum Kind : quint8 { Char, One, Any } kind;
        QChar c;
    };
    std::vector<Token> m_tokens;
    bool m_caseInsensitive = false;
    bool m_plain = true;
    QString m_literal;
};

enum class DomainOp : quint8 {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    In,
    NotIn,
    Like,
    NotLike,
    ILike,
    NotILike,
    EqLike,
    EqILike
};

struct DomainLeaf
{
    int field = -1;
    FieldType type = FieldType::Char;
    DomainOp op = DomainOp::Eq;
    bool isFalse = false; // the operand is False / None
    bool boolean = false; // boolean operand
    bool numeric = false; // operand held in `number` / `integer`
    double number = 0.0;
    qint64 integer = 0; // integers, ids, datetimes in ms
    QString text;       // text operand (lower-case for ilike)
    LikePattern pattern;
    QSet<QString> texts; // in / not in
    QSet<qint64> ints;
    QList<double> numbers;
    bool setHasFalse = false;
    bool byName = false; // relational field compared with a display name
};

// A compiled Odoo domain: prefix notation with '&', '|', '!' and the implicit AND between
// top-level terms, compiled once against a model and evaluated per record.
class Domain final
{
public:
    // Throws OdooError (ValueError) like Odoo for unknown fields, operators and malformed domains.
    // With activeTest and a model that has "active", ('active', '=', True) is added unless a
    // top-level leaf names "active" (BaseModel._where_calc).
    static Domain compile(const QJsonValue &domain, const OdooModel &model, bool activeTest);

    bool matches(const OdooModel &model, qint64 id) const;

    // Leaves every matching record must satisfy (top-level conjuncts), for index planning.
    const std::vector<int> &conjuncts() const { return m_conjuncts; }
    const DomainLeaf &leaf(int index) const { return m_leaves[size_t(index)]; }

private:
    struct Node
    {
        enum Kind : quint8 { Leaf, And, Or, Not, True, False } kind = True;
        int leaf = -1;
        int a = -1;
        int b = -1;
    };
    int parse(const QJsonArray &terms, qsizetype &pos, const OdooModel &model, const QJsonValue &whole);
    int parseLeaf(const QJsonValue &term, const OdooModel &model);
    int addLeaf(DomainLeaf leaf);
    bool eval(const OdooModel &model, qint64 id, int node) const;
    bool evalLeaf(const OdooModel &model, qint64 id, const DomainLeaf &leaf) const;
    void collectConjuncts(int node);

    std::vector<DomainLeaf> m_leaves;
    std::vector<Node> m_nodes;
    std::vector<int> m_conjuncts;
    int m_root = -1;
};

// An ORDER BY of stored fields; ids break ties like PostgreSQL would by the trailing "id".
struct OrderTerm
{
    int field = -1;
    bool descending = false;
    bool nullsFirst = false;
};

struct Order
{
    std::vector<OrderTerm> terms;
    bool isIdAscending() const;
};

// Parses "write_date asc, id asc". Throws UserError for a malformed clause (models._check_qorder)
// and ValueError for an unknown field. Fields that are not stored are skipped, as Odoo does.
// A model's own _order may name fields this emulation does not keep (priority): skipUnknown.
Order parseOrder(const QString &spec, const OdooModel &model, bool skipUnknown = false);

// -1 / 0 / 1 comparing two values of the same field, NULL (false) after values (PostgreSQL ASC).
int compareValues(const FieldValue &a, const FieldValue &b);

} // namespace syncsmart::sim::odoo
