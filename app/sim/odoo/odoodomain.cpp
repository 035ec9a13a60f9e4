#include "odoodomain.h"

#include "odooerrors.h"
#include "odoomodel.h"

#include "common/jsonwriter.h"

#include <QJsonArray>
#include <QVarLengthArray>

#include <cmath>

namespace syncsmart::sim::odoo {

// ---------------------------------------------------------------------------------------------
// LIKE

LikePattern::LikePattern(const QString &pattern, bool caseInsensitive)
    : m_caseInsensitive(caseInsensitive)
{
    for (qsizetype i = 0; i < pattern.size(); ++i) {
        QChar c = pattern.at(i);
        if (c == QLatin1Char('\\') && i + 1 < pattern.size()) {
            c = pattern.at(++i);
            m_tokens.push_back({Token::Char, caseInsensitive ? c.toLower() : c});
        } else if (c == QLatin1Char('%')) {
            if (m_tokens.empty() || m_tokens.back().kind != Token::Any)
                m_tokens.push_back({Token::Any, QChar()});
            m_plain = false;
        } else if (c == QLatin1Char('_')) {
            m_tokens.push_back({Token::One, QChar()});
            m_plain = false;
        } else {
            m_tokens.push_back({Token::Char, caseInsensitive ? c.toLower() : c});
        }
    }
    for (const Token &t : m_tokens) {
        if (t.kind == Token::Char)
            m_literal += t.c;
    }
}

bool LikePattern::matches(QStringView text) const
{
    auto same = [this](QChar pattern, QChar c) { return pattern == (m_caseInsensitive ? c.toLower() : c); };
    const size_t m = m_tokens.size();
    const qsizetype n = text.size();
    size_t p = 0;
    qsizetype t = 0;
    size_t starP = size_t(-1);
    qsizetype starT = 0;
    while (t < n) {
        if (p < m && (m_tokens[p].kind == Token::One ||
                      (m_tokens[p].kind == Token::Char && same(m_tokens[p].c, text[t])))) {
            ++p;
            ++t;
        } else if (p < m && m_tokens[p].kind == Token::Any) {
            starP = p++;
            starT = t;
        } else if (starP != size_t(-1)) {
            p = starP + 1;
            t = ++starT;
        } else {
            return false;
        }
    }
    while (p < m && m_tokens[p].kind == Token::Any)
        ++p;
    return p == m;
}

// ---------------------------------------------------------------------------------------------
// Compilation

namespace {

bool isFalsy(const QJsonValue &v)
{
    return v.isNull() || v.isUndefined() || (v.isBool() && !v.toBool());
}

bool isNumericType(FieldType t)
{
    return t == FieldType::Integer || t == FieldType::Float || t == FieldType::Monetary;
}

bool isRelational(FieldType t)
{
    return t == FieldType::Many2one || t == FieldType::One2many || t == FieldType::Many2many;
}

QString textOf(const QJsonValue &v)
{
    if (v.isString())
        return v.toString();
    if (v.isDouble()) {
        const double d = v.toDouble();
        return d == std::floor(d) && std::fabs(d) < 9e15 ? QString::number(qint64(d))
                                                         : QString::fromLatin1(pythonFloat(d));
    }
    if (v.isBool())
        return v.toBool() ? QStringLiteral("True") : QStringLiteral("False");
    return {};
}

double numberOf(const QJsonValue &v)
{
    if (v.isDouble())
        return v.toDouble();
    if (v.isBool())
        return v.toBool() ? 1.0 : 0.0;
    bool ok = false;
    const double d = v.toString().trimmed().toDouble(&ok);
    if (!ok)
        throw errors::valueError(QStringLiteral("could not convert string to float: %1").arg(pythonRepr(v)));
    return d;
}

qint64 datetimeOf(const QJsonValue &v)
{
    qint64 ms = 0;
    if (!v.isString() || !parseDatetime(v.toString(), &ms))
        throw errors::valueError(
            QStringLiteral("time data %1 does not match format '%Y-%m-%d %H:%M:%S'").arg(pythonRepr(v)));
    return ms;
}

const char *const kOperators[] = {
    "=",    "!=",       "<=",    "<",         ">",  ">=",     "=?",       "=like",    "=ilike",
    "like", "not like", "ilike", "not ilike", "in", "not in", "child_of", "parent_of"};

// One operand into the leaf, typed by the field (Odoo converts it like the column type would).
void setOperand(DomainLeaf &leaf, const QJsonValue &v)
{
    if (isFalsy(v) && leaf.type != FieldType::Boolean) {
        leaf.isFalse = true;
        return;
    }
    switch (leaf.type) {
    case FieldType::Boolean:
        leaf.boolean = truthy(v);
        leaf.isFalse = !leaf.boolean;
        return;
    case FieldType::Integer:
    case FieldType::Float:
    case FieldType::Monetary:
        leaf.numeric = true;
        leaf.number = numberOf(v);
        return;
    case FieldType::Datetime:
        leaf.numeric = true;
        leaf.integer = datetimeOf(v);
        return;
    case FieldType::Many2one:
    case FieldType::One2many:
    case FieldType::Many2many:
        if (v.isString()) {
            leaf.byName = true;
            leaf.text = v.toString();
        } else {
            leaf.numeric = true;
            leaf.integer = saturatedInt64(numberOf(v));
        }
        return;
    default:
        leaf.text = textOf(v);
        return;
    }
}

void addSetMember(DomainLeaf &leaf, const QJsonValue &v)
{
    if (isFalsy(v)) {
        leaf.setHasFalse = true;
        if (leaf.type == FieldType::Boolean)
            leaf.ints.insert(0);
        return;
    }
    switch (leaf.type) {
    case FieldType::Boolean:
        leaf.ints.insert(truthy(v) ? 1 : 0);
        return;
    case FieldType::Integer:
    case FieldType::Float:
    case FieldType::Monetary: {
        const double d = numberOf(v);
        leaf.numbers.append(d);
        if (d == std::floor(d))
            leaf.ints.insert(saturatedInt64(d));
        return;
    }
    case FieldType::Datetime:
        leaf.ints.insert(datetimeOf(v));
        return;
    case FieldType::Many2one:
    case FieldType::One2many:
    case FieldType::Many2many:
        if (v.isString()) {
            leaf.byName = true;
            leaf.texts.insert(v.toString());
        } else {
            leaf.ints.insert(saturatedInt64(numberOf(v)));
        }
        return;
    default:
        leaf.texts.insert(textOf(v));
        return;
    }
}

QString leafRepr(const QJsonArray &leaf)
{
    QStringList parts;
    for (const QJsonValue &v : leaf)
        parts << pythonRepr(v);
    return QLatin1Char('(') + parts.join(QLatin1String(", ")) +
           (parts.size() == 1 ? QLatin1String(",)") : QLatin1String(")"));
}

[[noreturn]] void syntaxError(const QJsonValue &whole)
{
    throw errors::valueError(
        QStringLiteral("Domain %1 is syntactically not correct.").arg(pythonRepr(whole)));
}

} // namespace

int Domain::addLeaf(DomainLeaf leaf)
{
    m_leaves.push_back(std::move(leaf));
    m_nodes.push_back({Node::Leaf, int(m_leaves.size() - 1), -1, -1});
    return int(m_nodes.size() - 1);
}

int Domain::parse(const QJsonArray &terms, qsizetype &pos, const OdooModel &model, const QJsonValue &whole)
{
    // Iterative: clients build ORs of thousands of SKUs as ["|", "|", ..., leaf, leaf, ...], which a
    // recursive descent would turn into a stack overflow.
    struct Open
    {
        Node::Kind kind;
        int first = -1; // the left operand once parsed
    };
    std::vector<Open> open;
    for (;;) {
        if (pos >= terms.size())
            syntaxError(whole);
        const QJsonValue term = terms.at(pos++);
        if (term.isString()) {
            const QString op = term.toString();
            if (op == QLatin1String("&") || op == QLatin1String("|")) {
                open.push_back({op == QLatin1String("&") ? Node::And : Node::Or});
                continue;
            }
            if (op == QLatin1String("!")) {
                open.push_back({Node::Not});
                continue;
            }
            throw errors::valueError(QStringLiteral("Invalid leaf %1").arg(pythonRepr(term)));
        }
        int node = parseLeaf(term, model);
        while (!open.empty()) {
            Open &top = open.back();
            if (top.kind != Node::Not && top.first < 0) {
                top.first = node;
                node = -1;
                break;
            }
            m_nodes.push_back(top.kind == Node::Not ? Node{Node::Not, -1, node, -1}
                                                    : Node{top.kind, -1, top.first, node});
            node = int(m_nodes.size() - 1);
            open.pop_back();
        }
        if (node >= 0)
            return node;
    }
}

int Domain::parseLeaf(const QJsonValue &term, const OdooModel &model)
{
    const QJsonArray item = term.toArray();
    if (!term.isArray() || item.size() != 3)
        throw errors::valueError(QStringLiteral("Invalid leaf %1").arg(pythonRepr(term)));
    const QString repr = leafRepr(item);
    // TRUE_LEAF (1, '=', 1) and FALSE_LEAF (0, '=', 1).
    if (item.at(0).isDouble()) {
        m_nodes.push_back(
            {item.at(0).toDouble() == item.at(2).toDouble() ? Node::True : Node::False, -1, -1, -1});
        return int(m_nodes.size() - 1);
    }
    QString op = item.at(1).toString().toLower();
    bool known = false;
    for (const char *candidate : kOperators)
        known = known || op == QLatin1String(candidate);
    if (!item.at(0).isString() || !item.at(1).isString() || !known)
        throw errors::valueError(QStringLiteral("Invalid leaf %1").arg(repr));
    const QString path = item.at(0).toString();
    const int field = model.fieldIndex(path, true);
    if (field < 0)
        throw errors::invalidLeaf(model.name(), path, repr);

    QJsonValue right = item.at(2);
    if (op == QLatin1String("=?")) {
        if (isFalsy(right)) {
            m_nodes.push_back({Node::True, -1, -1, -1});
            return int(m_nodes.size() - 1);
        }
        op = QStringLiteral("=");
    }
    if (op == QLatin1String("child_of") || op == QLatin1String("parent_of"))
        op = QStringLiteral("in"); // no model here has a parent hierarchy
    if (right.isArray() && (op == QLatin1String("=") || op == QLatin1String("!=")))
        op = op == QLatin1String("=") ? QStringLiteral("in") : QStringLiteral("not in");

    DomainLeaf leaf;
    leaf.field = field;
    leaf.type = model.field(field).type;
    if (op == QLatin1String("in") || op == QLatin1String("not in")) {
        leaf.op = op == QLatin1String("in") ? DomainOp::In : DomainOp::NotIn;
        const QJsonArray values = right.isArray() ? right.toArray() : QJsonArray{right};
        for (const QJsonValue &v : values)
            addSetMember(leaf, v);
        return addLeaf(std::move(leaf));
    }
    static const QHash<QString, DomainOp> ops{
        {QStringLiteral("="), DomainOp::Eq},         {QStringLiteral("!="), DomainOp::Ne},
        {QStringLiteral("<"), DomainOp::Lt},         {QStringLiteral("<="), DomainOp::Le},
        {QStringLiteral(">"), DomainOp::Gt},         {QStringLiteral(">="), DomainOp::Ge},
        {QStringLiteral("like"), DomainOp::Like},    {QStringLiteral("not like"), DomainOp::NotLike},
        {QStringLiteral("ilike"), DomainOp::ILike},  {QStringLiteral("not ilike"), DomainOp::NotILike},
        {QStringLiteral("=like"), DomainOp::EqLike}, {QStringLiteral("=ilike"), DomainOp::EqILike},
    };
    leaf.op = ops.value(op);
    const bool likeOp = leaf.op >= DomainOp::Like;
    if (likeOp) {
        leaf.isFalse = isFalsy(right);
        leaf.byName = isRelational(leaf.type);
        const bool ci =
            leaf.op == DomainOp::ILike || leaf.op == DomainOp::NotILike || leaf.op == DomainOp::EqILike;
        const bool wrap = leaf.op != DomainOp::EqLike && leaf.op != DomainOp::EqILike;
        const QString text = textOf(right);
        leaf.pattern = LikePattern(wrap ? QLatin1Char('%') + text + QLatin1Char('%') : text, ci);
    } else {
        setOperand(leaf, right);
        // expression.py: a date alone compared with a datetime means the end of that day for '>' and
        // '<=' (right += ' 23:59:59'), its start otherwise.
        if (leaf.type == FieldType::Datetime && right.isString() && right.toString().size() == 10 &&
            (leaf.op == DomainOp::Gt || leaf.op == DomainOp::Le))
            leaf.integer += (23 * 3600 + 59 * 60 + 59) * 1000;
    }
    return addLeaf(std::move(leaf));
}

Domain Domain::compile(const QJsonValue &domain, const OdooModel &model, bool activeTest)
{
    Domain d;
    if (!domain.isArray() && !isFalsy(domain))
        throw errors::valueError(QStringLiteral("Invalid domain: %1").arg(pythonRepr(domain)));
    QJsonArray terms = domain.toArray();
    bool mentionsActive = false;
    for (const QJsonValue &t : terms)
        mentionsActive =
            mentionsActive || (t.isArray() && t.toArray().at(0).toString() == QLatin1String("active"));
    if (activeTest && model.hasActive() && !mentionsActive)
        terms.prepend(QJsonArray{QStringLiteral("active"), QStringLiteral("="), true});
    qsizetype pos = 0;
    int root = -1;
    while (pos < terms.size()) {
        const int node = d.parse(terms, pos, model, domain);
        if (root < 0) {
            root = node;
        } else {
            d.m_nodes.push_back({Node::And, -1, root, node});
            root = int(d.m_nodes.size() - 1);
        }
    }
    d.m_root = root;
    if (root >= 0)
        d.collectConjuncts(root);
    else
        d.m_nodes.clear();
    return d;
}

void Domain::collectConjuncts(int root)
{
    // Depth-first, left to right, without recursion (a long top-level AND is a deep chain).
    std::vector<int> pending{root};
    while (!pending.empty()) {
        const Node &n = m_nodes[size_t(pending.back())];
        pending.pop_back();
        if (n.kind == Node::And) {
            pending.push_back(n.b);
            pending.push_back(n.a);
        } else if (n.kind == Node::Leaf) {
            m_conjuncts.push_back(n.leaf);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Evaluation

bool Domain::matches(const OdooModel &model, qint64 id) const
{
    return m_root < 0 || eval(model, id, m_root);
}

bool Domain::eval(const OdooModel &model, qint64 id, int root) const
{
    // Short-circuit evaluation with an explicit stack: (node, operands already evaluated).
    QVarLengthArray<std::pair<int, int>, 32> stack;
    stack.append({root, 0});
    bool result = false;
    while (!stack.isEmpty()) {
        const int index = stack.last().first;
        const int stage = stack.last().second;
        const Node &n = m_nodes[size_t(index)];
        switch (n.kind) {
        case Node::Leaf:
            result = evalLeaf(model, id, m_leaves[size_t(n.leaf)]);
            stack.removeLast();
            break;
        case Node::True:
        case Node::False:
            result = n.kind == Node::True;
            stack.removeLast();
            break;
        case Node::Not:
            if (stage == 0) {
                stack.last().second = 1;
                stack.append({n.a, 0});
            } else {
                result = !result;
                stack.removeLast();
            }
            break;
        case Node::And:
        case Node::Or:
            if (stage == 0) {
                stack.last().second = 1;
                stack.append({n.a, 0});
            } else if (stage == 1 && result == (n.kind == Node::And)) {
                stack.last().second = 2; // the left operand does not decide: the right one does
                stack.append({n.b, 0});
            } else {
                stack.removeLast();
            }
            break;
        }
    }
    return result;
}

namespace {

QString valueText(const FieldValue &v)
{
    switch (v.kind) {
    case FieldValue::Kind::Text:
    case FieldValue::Kind::Many2one:
        return v.text;
    case FieldValue::Kind::Int:
        return QString::number(v.integer);
    case FieldValue::Kind::Float:
        return QString::fromLatin1(pythonFloat(v.number));
    case FieldValue::Kind::Datetime:
        return formatDatetime(v.integer);
    case FieldValue::Kind::Bool:
        return v.boolean ? QStringLiteral("true") : QStringLiteral("false");
    default:
        return {};
    }
}

int sign(double d)
{
    return d < 0 ? -1 : (d > 0 ? 1 : 0);
}

int compareToLeaf(const FieldValue &v, const DomainLeaf &leaf)
{
    if (leaf.byName)
        return sign(v.text.compare(leaf.text));
    switch (v.kind) {
    case FieldValue::Kind::Int:
        return sign(double(v.integer) - (isNumericType(leaf.type) ? leaf.number : double(leaf.integer)));
    case FieldValue::Kind::Many2one:
    case FieldValue::Kind::Datetime:
        return v.integer < leaf.integer ? -1 : (v.integer > leaf.integer ? 1 : 0);
    case FieldValue::Kind::Float:
        return sign(v.number - leaf.number);
    default:
        return sign(valueText(v).compare(leaf.text));
    }
}

bool inSet(const FieldValue &v, const DomainLeaf &leaf)
{
    if (leaf.byName)
        return leaf.texts.contains(v.kind == FieldValue::Kind::Many2one ? v.text : valueText(v));
    switch (v.kind) {
    case FieldValue::Kind::Int:
    case FieldValue::Kind::Many2one:
    case FieldValue::Kind::Datetime:
        return leaf.ints.contains(v.integer);
    case FieldValue::Kind::Float:
        return leaf.numbers.contains(v.number);
    case FieldValue::Kind::Ids:
        for (qint64 id : v.ids) {
            if (leaf.ints.contains(id))
                return true;
        }
        return false;
    default:
        return leaf.texts.contains(valueText(v));
    }
}

} // namespace

bool Domain::evalLeaf(const OdooModel &model, qint64 id, const DomainLeaf &leaf) const
{
    const FieldValue v = model.value(id, leaf.field, leaf.byName);
    if (leaf.type == FieldType::Boolean) {
        const bool b = v.kind == FieldValue::Kind::Bool && v.boolean;
        switch (leaf.op) {
        case DomainOp::Eq:
            return b == leaf.boolean;
        case DomainOp::Ne:
            return b != leaf.boolean;
        case DomainOp::In:
            return leaf.ints.contains(b ? 1 : 0);
        case DomainOp::NotIn:
            return !leaf.ints.contains(b ? 1 : 0);
        default:
            break;
        }
    }
    const bool isNull =
        v.kind == FieldValue::Kind::False || (v.kind == FieldValue::Kind::Ids && v.ids.isEmpty());
    switch (leaf.op) {
    case DomainOp::Eq:
        if (leaf.isFalse)
            return isNull;
        if (isNull)
            return false;
        return v.kind == FieldValue::Kind::Ids ? v.ids.contains(leaf.integer) : compareToLeaf(v, leaf) == 0;
    case DomainOp::Ne:
        if (leaf.isFalse)
            return !isNull;
        if (isNull)
            return true;
        return v.kind == FieldValue::Kind::Ids ? !v.ids.contains(leaf.integer) : compareToLeaf(v, leaf) != 0;
    case DomainOp::Lt:
    case DomainOp::Le:
    case DomainOp::Gt:
    case DomainOp::Ge: {
        if (isNull || leaf.isFalse || v.kind == FieldValue::Kind::Ids)
            return false;
        const int c = compareToLeaf(v, leaf);
        return leaf.op == DomainOp::Lt   ? c < 0
               : leaf.op == DomainOp::Le ? c <= 0
               : leaf.op == DomainOp::Gt ? c > 0
                                         : c >= 0;
    }
    case DomainOp::In:
        return isNull ? leaf.setHasFalse : inSet(v, leaf);
    case DomainOp::NotIn:
        return isNull ? !leaf.setHasFalse : !inSet(v, leaf);
    case DomainOp::Like:
    case DomainOp::ILike:
    case DomainOp::EqLike:
    case DomainOp::EqILike:
        if (leaf.isFalse)
            return isNull;
        return !isNull && leaf.pattern.matches(valueText(v));
    case DomainOp::NotLike:
    case DomainOp::NotILike:
        if (leaf.isFalse)
            return !isNull;
        return isNull || !leaf.pattern.matches(valueText(v));
    }
    return false;
}

} // namespace syncsmart::sim::odoo
