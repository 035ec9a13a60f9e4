#include "effectlog.h"

#include <QDateTime>
#include <QJsonArray>

namespace syncsmart::sim {

qint64 EffectLog::record(Effect effect)
{
    effect.seq = m_nextSeq++;
    if (effect.atMs == 0)
        effect.atMs = QDateTime::currentMSecsSinceEpoch();
    m_entries.push_back(std::move(effect));
    while (qsizetype(m_entries.size()) > m_capacity) {
        m_entries.pop_front();
        ++m_dropped;
    }
    return m_nextSeq - 1;
}

void EffectLog::clear()
{
    m_dropped += qint64(m_entries.size());
    m_entries.clear();
}

bool EffectLog::matches(const Effect &e, const Filter &f)
{
    return e.seq > f.sinceSeq && (f.peer.isEmpty() || e.peer == f.peer)
           && (f.resource.isEmpty() || e.resource == f.resource) && (f.key.isEmpty() || e.key == f.key)
           && (!f.source || e.source == *f.source) && (!f.kind || e.kind == *f.kind);
}

QList<Effect> EffectLog::query(const Filter &filter, qsizetype limit) const
{
    QList<Effect> out;
    for (const Effect &e : m_entries) {
        if (matches(e, filter)) {
            out.append(e);
            if (limit >= 0 && out.size() >= limit)
                break;
        }
    }
    return out;
}

qsizetype EffectLog::count(const Filter &filter) const
{
    qsizetype n = 0;
    for (const Effect &e : m_entries)
        n += matches(e, filter) ? 1 : 0;
    return n;
}

QString EffectLog::toString(EffectSource source)
{
    switch (source) {
    case EffectSource::Api:
        return QStringLiteral("api");
    case EffectSource::Activity:
        return QStringLiteral("activity");
    case EffectSource::Control:
        return QStringLiteral("control");
    }
    return {};
}

QString EffectLog::toString(EffectKind kind)
{
    switch (kind) {
    case EffectKind::Create:
        return QStringLiteral("create");
    case EffectKind::Update:
        return QStringLiteral("update");
    case EffectKind::Stock:
        return QStringLiteral("stock");
    case EffectKind::State:
        return QStringLiteral("state");
    case EffectKind::Delete:
        return QStringLiteral("delete");
    }
    return {};
}

std::optional<EffectSource> EffectLog::sourceFromString(const QString &text)
{
    for (auto s : {EffectSource::Api, EffectSource::Activity, EffectSource::Control}) {
        if (toString(s) == text)
            return s;
    }
    return std::nullopt;
}

std::optional<EffectKind> EffectLog::kindFromString(const QString &text)
{
    for (auto k : {EffectKind::Create, EffectKind::Update, EffectKind::Stock, EffectKind::State, EffectKind::Delete}) {
        if (toString(k) == text)
            return k;
    }
    return std::nullopt;
}

QJsonObject EffectLog::toJson(const Effect &e)
{
    return QJsonObject{{QStringLiteral("seq"), e.seq},
                       {QStringLiteral("atMs"), e.atMs},
                       {QStringLiteral("peer"), e.peer},
                       {QStringLiteral("source"), toString(e.source)},
                       {QStringLiteral("kind"), toString(e.kind)},
                       {QStringLiteral("resource"), e.resource},
                       {QStringLiteral("id"), e.recordId},
                       {QStringLiteral("key"), e.key},
                       {QStringLiteral("fields"), QJsonArray::fromStringList(e.fields)},
                       {QStringLiteral("values"), e.values}};
}

EffectSource EffectLog::editSource(const QJsonObject &body)
{
    return body.value(QLatin1String("source")).toString() == QLatin1String("activity") ? EffectSource::Activity
                                                                                        : EffectSource::Control;
}

} // namespace syncsmart::sim
