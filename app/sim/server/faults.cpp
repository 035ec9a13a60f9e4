#include "faults.h"

#include <algorithm>

namespace syncsmart::sim {

namespace {

constexpr int kMaxLatencyMs = 3'600'000; // one hour

struct KindName
{
    FaultKind kind;
    const char *name;
};

constexpr KindName kKindNames[] = {
    {FaultKind::Latency, "latency"},
    {FaultKind::Error, "error"},
    {FaultKind::TooManyRequests, "429"},
    {FaultKind::ResetBefore, "reset-before"},
    {FaultKind::ResetAfter, "reset-after"},
    {FaultKind::Hang, "hang"},
    {FaultKind::Truncate, "truncate"},
    {FaultKind::Malformed, "malformed"},
    {FaultKind::InvalidXmlChars, "invalid-xml-chars"},
    {FaultKind::Down, "down"},
};

QRegularExpression routePattern(const QString &wildcard)
{
    // "*" spans "/" as well (Qt 6.4 has no NonPathWildcardConversion): "PATCH /api/*" matches ids.
    QString pattern = QRegularExpression::escape(wildcard);
    pattern.replace(QStringLiteral("\\*"), QStringLiteral(".*")).replace(QStringLiteral("\\?"), QStringLiteral("."));
    return QRegularExpression(QRegularExpression::anchoredPattern(pattern));
}

} // namespace

QString toString(FaultKind kind)
{
    for (const auto &entry : kKindNames) {
        if (entry.kind == kind)
            return QString::fromLatin1(entry.name);
    }
    return {};
}

std::optional<FaultKind> faultKindFromString(const QString &text)
{
    for (const auto &entry : kKindNames) {
        if (text == QLatin1String(entry.name))
            return entry.kind;
    }
    return std::nullopt;
}

QJsonObject FaultRule::toJson() const
{
    QJsonObject o{{QStringLiteral("peer"), peer},   {QStringLiteral("route"), route},
                  {QStringLiteral("kind"), toString(kind)}, {QStringLiteral("rate"), rate},
                  {QStringLiteral("count"), count}, {QStringLiteral("seen"), seen},
                  {QStringLiteral("struck"), struck}};
    if (kind == FaultKind::Latency) {
        o.insert(QStringLiteral("latencyMs"), latencyMs);
        o.insert(QStringLiteral("jitterMs"), jitterMs);
    }
    if (kind == FaultKind::Error)
        o.insert(QStringLiteral("status"), status);
    if (kind == FaultKind::TooManyRequests)
        o.insert(QStringLiteral("retryAfterSeconds"), retryAfterSeconds);
    if (kind == FaultKind::Down) {
        o.insert(QStringLiteral("afterMs"), afterMs);
        o.insert(QStringLiteral("forMs"), forMs);
        o.insert(QStringLiteral("everyMs"), everyMs);
    }
    return o;
}

std::optional<FaultRule> FaultRule::fromJson(const QJsonObject &o, QString *error)
{
    static const QStringList known{QStringLiteral("peer"),     QStringLiteral("route"),   QStringLiteral("kind"),
                                   QStringLiteral("rate"),     QStringLiteral("count"),   QStringLiteral("latencyMs"),
                                   QStringLiteral("jitterMs"), QStringLiteral("status"),  QStringLiteral("retryAfterSeconds"),
                                   QStringLiteral("afterMs"),  QStringLiteral("forMs"),   QStringLiteral("everyMs"),
                                   QStringLiteral("seen"),     QStringLiteral("struck")};
    for (const QString &key : o.keys()) {
        if (!known.contains(key)) {
            *error = QStringLiteral("unknown fault field \"%1\" (known: %2)").arg(key, known.join(QStringLiteral(", ")));
            return std::nullopt;
        }
    }
    FaultRule rule;
    const auto kind = faultKindFromString(o.value(QStringLiteral("kind")).toString());
    if (!kind) {
        QStringList names;
        for (const auto &entry : kKindNames)
            names << QString::fromLatin1(entry.name);
        *error = QStringLiteral("fault \"kind\" must be one of: %1").arg(names.join(QStringLiteral(", ")));
        return std::nullopt;
    }
    rule.kind = *kind;
    rule.peer = o.value(QStringLiteral("peer")).toString(QStringLiteral("*"));
    if (rule.peer != QLatin1String("*") && rule.peer != QLatin1String("prestashop") && rule.peer != QLatin1String("odoo")) {
        *error = QStringLiteral("fault \"peer\" must be prestashop, odoo or *, not \"%1\"").arg(rule.peer);
        return std::nullopt;
    }
    rule.route = o.value(QStringLiteral("route")).toString(QStringLiteral("*"));
    rule.rate = o.value(QStringLiteral("rate")).toDouble(1.0);
    rule.count = o.value(QStringLiteral("count")).toInt(-1);
    rule.latencyMs = o.value(QStringLiteral("latencyMs")).toInt(0);
    rule.jitterMs = o.value(QStringLiteral("jitterMs")).toInt(0);
    rule.status = o.value(QStringLiteral("status")).toInt(0);
    rule.retryAfterSeconds = o.value(QStringLiteral("retryAfterSeconds")).toInt(1);
    rule.afterMs = o.value(QStringLiteral("afterMs")).toInteger(0);
    rule.forMs = o.value(QStringLiteral("forMs")).toInteger(0);
    rule.everyMs = o.value(QStringLiteral("everyMs")).toInteger(0);
    if (rule.rate < 0.0 || rule.rate > 1.0) {
        *error = QStringLiteral("fault \"rate\" must be between 0 and 1, not %1").arg(rule.rate);
        return std::nullopt;
    }
    if (rule.latencyMs < 0 || rule.jitterMs < 0 || rule.afterMs < 0 || rule.forMs < 0 || rule.everyMs < 0) {
        *error = QStringLiteral("fault durations must not be negative");
        return std::nullopt;
    }
    if (rule.latencyMs > kMaxLatencyMs || rule.jitterMs > kMaxLatencyMs) {
        // Beyond that the sums of delays overflow an int (QTimer's unit); a "hang" holds forever.
        *error = QStringLiteral("\"latencyMs\" and \"jitterMs\" must be at most %1 (use a \"hang\" fault)")
                     .arg(kMaxLatencyMs);
        return std::nullopt;
    }
    if (rule.kind == FaultKind::Down && rule.forMs <= 0) {
        *error = QStringLiteral("a \"down\" fault needs \"forMs\" > 0");
        return std::nullopt;
    }
    if (rule.kind == FaultKind::Down && rule.everyMs > 0 && rule.everyMs <= rule.forMs) {
        *error = QStringLiteral("a repeating \"down\" fault needs \"everyMs\" > \"forMs\"");
        return std::nullopt;
    }
    if (rule.kind == FaultKind::Error && rule.status != 0 && (rule.status < 400 || rule.status > 599)) {
        *error = QStringLiteral("an \"error\" fault's \"status\" must be 4xx or 5xx");
        return std::nullopt;
    }
    return rule;
}

bool FaultPlan::setRules(const QJsonArray &rules, qint64 nowMs, QString *error)
{
    QList<FaultRule> parsed;
    for (qsizetype i = 0; i < rules.size(); ++i) {
        QString why;
        const auto rule = FaultRule::fromJson(rules.at(i).toObject(), &why);
        if (!rule) {
            *error = QStringLiteral("fault rule %1: %2").arg(i + 1).arg(why);
            return false;
        }
        parsed.append(*rule);
    }
    clear();
    for (FaultRule &rule : parsed)
        addRule(std::move(rule), nowMs);
    return true;
}

void FaultPlan::addRule(FaultRule rule, qint64 nowMs)
{
    m_compiled.append(Compiled{routePattern(rule.route), nowMs, 0});
    m_rules.append(std::move(rule));
}

void FaultPlan::clear()
{
    m_rules.clear();
    m_compiled.clear();
}

QJsonArray FaultPlan::toJson() const
{
    QJsonArray out;
    for (const FaultRule &rule : m_rules)
        out.append(rule.toJson());
    return out;
}

bool FaultPlan::matchesPeer(const FaultRule &rule, const QString &peer) const
{
    return rule.peer == QLatin1String("*") || rule.peer == peer;
}

FaultDecision FaultPlan::decide(const QString &peer, const QString &routeKey)
{
    FaultDecision decision;
    std::uniform_real_distribution<double> draw(0.0, 1.0);
    for (qsizetype i = 0; i < m_rules.size(); ++i) {
        FaultRule &rule = m_rules[i];
        if (rule.kind == FaultKind::Down || !matchesPeer(rule, peer)
            || !m_compiled[i].route.match(routeKey).hasMatch())
            continue;
        ++rule.seen;
        if (rule.count >= 0 && rule.struck >= rule.count)
            continue;
        if (decision.action && rule.kind != FaultKind::Latency)
            continue; // one terminal fault per request
        if (rule.rate < 1.0 && draw(m_random) >= rule.rate)
            continue;
        ++rule.struck;
        switch (rule.kind) {
        case FaultKind::Latency: {
            int jitter = 0;
            if (rule.jitterMs > 0)
                jitter = int(m_random() % quint64(rule.jitterMs + 1));
            // Many latency rules on one route add up; keep the sum a valid QTimer interval.
            decision.extraLatencyMs = int(
                std::min<qint64>(qint64(decision.extraLatencyMs) + rule.latencyMs + jitter, 1'000'000'000));
            break;
        }
        case FaultKind::Error: {
            static const int statuses[] = {500, 502, 503};
            decision.status = rule.status != 0 ? rule.status : statuses[m_compiled[i].errorTurn++ % 3];
            decision.action = rule.kind;
            break;
        }
        case FaultKind::TooManyRequests:
            decision.status = 429;
            decision.retryAfterSeconds = rule.retryAfterSeconds;
            decision.action = rule.kind;
            break;
        default:
            decision.action = rule.kind;
            break;
        }
    }
    return decision;
}

bool FaultPlan::isDown(const QString &peer, qint64 nowMs)
{
    for (qsizetype i = 0; i < m_rules.size(); ++i) {
        FaultRule &rule = m_rules[i];
        if (rule.kind != FaultKind::Down || !matchesPeer(rule, peer))
            continue;
        const qint64 since = nowMs - m_compiled[i].setAtMs - rule.afterMs;
        if (since < 0)
            continue;
        const qint64 phase = rule.everyMs > 0 ? since % rule.everyMs : since;
        const qint64 window = rule.everyMs > 0 ? since / rule.everyMs : 0;
        if (phase < rule.forMs) {
            if (rule.struck <= window) {
                rule.struck = window + 1; // counts windows entered
                ++rule.seen;
            }
            return true;
        }
    }
    return false;
}

QJsonArray demoFaults()
{
    auto rule = [](const char *peer, const char *route, FaultKind kind, double rate) {
        FaultRule r;
        r.peer = QString::fromLatin1(peer);
        r.route = QString::fromLatin1(route);
        r.kind = kind;
        r.rate = rate;
        return r;
    };
    FaultRule latency = rule("*", "*", FaultKind::Latency, 1.0);
    latency.latencyMs = 5;
    latency.jitterMs = 40;
    FaultRule errors = rule("prestashop", "PATCH *", FaultKind::Error, 0.02);
    // Now and then the shop refuses a write for good: a dead letter for the operator to look at.
    FaultRule refused = rule("prestashop", "PATCH *", FaultKind::Error, 0.01);
    refused.status = 400;
    FaultRule throttle = rule("odoo", "*", FaultKind::TooManyRequests, 0.01);
    throttle.retryAfterSeconds = 2;
    FaultRule resets = rule("prestashop", "*", FaultKind::ResetAfter, 0.005);
    FaultRule down = rule("odoo", "*", FaultKind::Down, 1.0);
    down.afterMs = 90'000;
    down.forMs = 15'000;
    down.everyMs = 300'000;
    return QJsonArray{latency.toJson(), errors.toJson(), refused.toJson(), throttle.toJson(), resets.toJson(),
                      down.toJson()};
}

} // namespace syncsmart::sim
