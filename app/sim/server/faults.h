#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QRegularExpression>
#include <QString>

#include <optional>
#include <random>

namespace syncsmart::sim {

enum class FaultKind {
    Latency,         // added delay (latencyMs + up to jitterMs)
    Error,           // 500/502/503 (or `status`) without touching the data
    TooManyRequests, // 429 with Retry-After: retryAfterSeconds
    ResetBefore,     // connection reset before the request took effect
    ResetAfter,      // the write took effect, then the connection is reset (no answer)
    Hang,            // never answered; the connection stays open until the client gives up
    Truncate,        // Content-Length of the whole body, half of it sent, then the connection closes
    Malformed,       // a well-framed answer whose body is cut in half (invalid JSON/XML)
    InvalidXmlChars, // control characters that XML forbids, inside the first text value
    Down,            // the peer stops accepting connections for forMs (after afterMs, every everyMs)
};

// One switch of the fault injector. `route` is a wildcard over the peer's route key
// ("PATCH /api/products/*", "execute_kw product.product write", "*").
struct FaultRule
{
    QString peer = QStringLiteral("*"); // "prestashop", "odoo" or "*"
    QString route = QStringLiteral("*");
    FaultKind kind = FaultKind::Error;
    double rate = 1.0; // chance per matching request
    int count = -1;    // strike at most this many times (-1: no limit). count=2 also strikes Qt's re-send.
    int latencyMs = 0;
    int jitterMs = 0;
    int status = 0; // Error: 0 = 500, 502, 503 in turn
    int retryAfterSeconds = 1;
    qint64 afterMs = 0; // Down: first window starts afterMs after the rule is set
    qint64 forMs = 0;   // Down: window length
    qint64 everyMs = 0; // Down: repeat period (0 = once)

    // Observed
    qint64 seen = 0;
    qint64 struck = 0;

    QJsonObject toJson() const;
    static std::optional<FaultRule> fromJson(const QJsonObject &object, QString *error);
};

QString toString(FaultKind kind);
std::optional<FaultKind> faultKindFromString(const QString &text);

// What the injector decided for one request.
struct FaultDecision
{
    int extraLatencyMs = 0;
    std::optional<FaultKind> action; // the one non-latency fault that struck, if any
    int status = 0;
    int retryAfterSeconds = 0;
};

// The fault rules of the whole simulator, evaluated per request in rule order. Random draws come
// from a seeded generator so a failing test replays the same faults.
class FaultPlan final
{
public:
    explicit FaultPlan(quint64 seed = 1) : m_random(seed) {}

    // Replaces all rules; an invalid rule rejects the whole list with a message naming it.
    bool setRules(const QJsonArray &rules, qint64 nowMs, QString *error);
    void addRule(FaultRule rule, qint64 nowMs);
    void clear();
    QJsonArray toJson() const;
    const QList<FaultRule> &rules() const { return m_rules; }

    FaultDecision decide(const QString &peer, const QString &routeKey);

    // Whether `peer` is inside a down window at nowMs.
    bool isDown(const QString &peer, qint64 nowMs);

private:
    struct Compiled
    {
        QRegularExpression route;
        qint64 setAtMs = 0;
        int errorTurn = 0;
    };

    bool matchesPeer(const FaultRule &rule, const QString &peer) const;

    QList<FaultRule> m_rules;
    QList<Compiled> m_compiled;
    std::mt19937_64 m_random;
};

// The down/latency/error mix used by `--faults demo`: occasional, never overwhelming.
QJsonArray demoFaults();

} // namespace syncsmart::sim
