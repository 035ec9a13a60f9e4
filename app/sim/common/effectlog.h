#pragma once

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <deque>
#include <optional>

namespace syncsmart::sim {

// Who caused a change: a client through the emulated API, the activity generator (a person
// editing in the back office), or a test through the control API.
enum class EffectSource { Api, Activity, Control };

enum class EffectKind { Create, Update, Stock, State, Delete };

// One change that took effect in a simulated peer.
struct Effect
{
    qint64 seq = 0;
    qint64 atMs = 0; // UTC ms since epoch, real time
    QString peer;    // "prestashop", "odoo"
    EffectSource source = EffectSource::Api;
    EffectKind kind = EffectKind::Update;
    QString resource; // "products", "stock_availables", "product.product", "sale.order", ...
    qint64 recordId = 0;
    QString key;          // natural key: SKU, order reference, email
    QStringList fields;   // fields written (names of the emulated API)
    QJsonObject values;   // new values of those fields (small ones; heavy text as its length)
};

// Append-only log of applied changes, shared by both peers, queried by tests through /_sim/effects.
// Bounded: beyond the capacity the oldest entries are dropped and counted.
class EffectLog final
{
public:
    explicit EffectLog(qsizetype capacity = 2'000'000) : m_capacity(capacity) {}

    qint64 record(Effect effect); // assigns seq and atMs when 0; returns seq

    qint64 lastSeq() const { return m_nextSeq - 1; }
    qint64 dropped() const { return m_dropped; }
    const std::deque<Effect> &entries() const { return m_entries; }
    void clear();

    struct Filter
    {
        QString peer;
        QString resource;
        QString key;
        std::optional<EffectSource> source;
        std::optional<EffectKind> kind;
        qint64 sinceSeq = 0; // entries with seq > sinceSeq
    };
    QList<Effect> query(const Filter &filter, qsizetype limit = -1) const;
    qsizetype count(const Filter &filter) const;

    static QString toString(EffectSource source);
    static QString toString(EffectKind kind);
    static std::optional<EffectSource> sourceFromString(const QString &text);
    // The source of a control API edit: "control", unless the body says {"source": "activity"}
    // (the activity generator's simulated people edit through the same path).
    static EffectSource editSource(const QJsonObject &body);
    static std::optional<EffectKind> kindFromString(const QString &text);
    static QJsonObject toJson(const Effect &effect);

private:
    static bool matches(const Effect &effect, const Filter &filter);

    qsizetype m_capacity;
    std::deque<Effect> m_entries;
    qint64 m_nextSeq = 1;
    qint64 m_dropped = 0;
};

} // namespace syncsmart::sim
