// The control API under /_sim/: not part of any emulated API. Tests and benchmarks use it to read
// the effect log, switch faults at run time, skew clocks and drive the simulated people.
#include "simulator.h"

#include "odoo/odoosim.h"
#include "prestashop/prestashopsim.h"

#include <QJsonDocument>

namespace syncsmart::sim {

namespace {

SimResponse json(int status, const QJsonObject &object)
{
    SimResponse response;
    response.status = status;
    response.headers = {{"content-type", "application/json"}};
    response.body = QJsonDocument(object).toJson(QJsonDocument::Compact);
    return response;
}

SimResponse problem(int status, const QString &message)
{
    return json(status, QJsonObject{{QStringLiteral("error"), message}});
}

const QStringList &commonCommands()
{
    static const QStringList commands{
        QStringLiteral("GET info"),           QStringLiteral("GET effects?peer=&resource=&key=&source=&kind=&since=&limit="),
        QStringLiteral("GET effects/summary?peer=&resource=&source="), QStringLiteral("POST effects/clear"),
        QStringLiteral("GET stats"),          QStringLiteral("POST stats/reset"),
        QStringLiteral("GET faults"),         QStringLiteral("POST faults (JSON array of rules: replaces)"),
        QStringLiteral("POST faults/add (one rule)"), QStringLiteral("POST faults/clear"),
        QStringLiteral("GET limits"),         QStringLiteral("POST limits?peer=&cost=none|real[:scale]&capacity=N&beyond=wait|reject"),
        QStringLiteral("GET clock"),          QStringLiteral("POST clock?peer=&skewMs="),
        QStringLiteral("GET activity"),       QStringLiteral("POST activity?rates=erp-price=30,..."),
        QStringLiteral("POST activity/run?kind=erp-price|erp-stock|shop-description|shop-order|shop-price|rename-both&times=N"),
        QStringLiteral("GET expected-divergence"),
        QStringLiteral("GET|POST prestashop/<command>"), QStringLiteral("GET|POST odoo/<command>"),
    };
    return commands;
}

EffectLog::Filter effectFilter(const QUrlQuery &query, QString *error)
{
    EffectLog::Filter filter;
    filter.peer = query.queryItemValue(QStringLiteral("peer"), QUrl::FullyDecoded);
    filter.resource = query.queryItemValue(QStringLiteral("resource"), QUrl::FullyDecoded);
    filter.key = query.queryItemValue(QStringLiteral("key"), QUrl::FullyDecoded);
    filter.sinceSeq = query.queryItemValue(QStringLiteral("since")).toLongLong();
    if (query.hasQueryItem(QStringLiteral("source"))) {
        filter.source = EffectLog::sourceFromString(query.queryItemValue(QStringLiteral("source")));
        if (!filter.source)
            *error = QStringLiteral("source must be api, activity or control");
    }
    if (query.hasQueryItem(QStringLiteral("kind"))) {
        filter.kind = EffectLog::kindFromString(query.queryItemValue(QStringLiteral("kind")));
        if (!filter.kind)
            *error = QStringLiteral("kind must be create, update, stock, state or delete");
    }
    return filter;
}

} // namespace

SimResponse Simulator::handleControl(const SimRequest &request)
{
    QString command = request.path.mid(QStringLiteral("/_sim").size());
    while (command.startsWith(QLatin1Char('/')))
        command.remove(0, 1);
    while (command.endsWith(QLatin1Char('/')))
        command.chop(1);

    for (PeerHandler *peer : {static_cast<PeerHandler *>(m_shop.get()), static_cast<PeerHandler *>(m_erp.get())}) {
        const QString prefix = peer->peerName() + QLatin1Char('/');
        if (command == peer->peerName() || command.startsWith(prefix)) {
            const QString sub = command.mid(prefix.size());
            if (const auto answer = peer->control(request.method, sub, request.query, request.body))
                return json(answer->contains(QStringLiteral("error")) ? 400 : 200, *answer);
            return json(404, QJsonObject{{QStringLiteral("error"),
                                          QStringLiteral("unknown %1 command \"%2\"").arg(peer->peerName(), sub)},
                                         {QStringLiteral("commands"), QJsonArray::fromStringList(peer->controlCommands())}});
        }
    }
    return controlCommon(request, command);
}

SimResponse Simulator::controlCommon(const SimRequest &request, const QString &command)
{
    const bool post = request.method == "POST";
    const QUrlQuery &q = request.query;
    auto value = [&q](const char *name) { return q.queryItemValue(QString::fromLatin1(name), QUrl::FullyDecoded); };

    if (command.isEmpty() || command == QLatin1String("info")) {
        QJsonObject out = info();
        out.insert(QStringLiteral("commands"), QJsonArray::fromStringList(commonCommands()));
        return json(200, out);
    }
    if (command == QLatin1String("effects") && !post) {
        QString error;
        const EffectLog::Filter filter = effectFilter(q, &error);
        if (!error.isEmpty())
            return problem(400, error);
        const qsizetype limit = q.hasQueryItem(QStringLiteral("limit")) ? value("limit").toLongLong() : 10000;
        QJsonArray list;
        for (const Effect &effect : m_effects.query(filter, limit))
            list.append(EffectLog::toJson(effect));
        return json(200, QJsonObject{{QStringLiteral("lastSeq"), m_effects.lastSeq()},
                                     {QStringLiteral("total"), qint64(m_effects.count(filter))},
                                     {QStringLiteral("dropped"), m_effects.dropped()},
                                     {QStringLiteral("effects"), list}});
    }
    if (command == QLatin1String("effects/summary") && !post) {
        QString error;
        const EffectLog::Filter filter = effectFilter(q, &error);
        if (!error.isEmpty())
            return problem(400, error);
        // Writes per record: the figure behind "exactly one sales order per shop order".
        QHash<QString, QJsonObject> perRecord;
        QStringList order;
        qint64 total = 0;
        for (const Effect &effect : m_effects.query(filter)) {
            const QString id = effect.peer + QLatin1Char('|') + effect.resource + QLatin1Char('|') + effect.key
                               + QLatin1Char('|') + QString::number(effect.recordId);
            auto it = perRecord.find(id);
            if (it == perRecord.end()) {
                order.append(id);
                it = perRecord.insert(id, QJsonObject{{QStringLiteral("peer"), effect.peer},
                                                      {QStringLiteral("resource"), effect.resource},
                                                      {QStringLiteral("key"), effect.key},
                                                      {QStringLiteral("id"), effect.recordId},
                                                      {QStringLiteral("writes"), 0}});
            }
            it->insert(QStringLiteral("writes"), it->value(QStringLiteral("writes")).toInteger() + 1);
            ++total;
        }
        QJsonArray records;
        for (const QString &id : std::as_const(order))
            records.append(perRecord.value(id));
        return json(200, QJsonObject{{QStringLiteral("writes"), total},
                                     {QStringLiteral("records"), records},
                                     {QStringLiteral("lastSeq"), m_effects.lastSeq()}});
    }
    if (command == QLatin1String("effects/clear") && post) {
        m_effects.clear();
        return json(200, QJsonObject{{QStringLiteral("cleared"), true}, {QStringLiteral("lastSeq"), m_effects.lastSeq()}});
    }
    if (command == QLatin1String("stats") && !post) {
        return json(200, QJsonObject{{QStringLiteral("prestashop"), m_shopServer->statsJson()},
                                     {QStringLiteral("odoo"), m_erpServer->statsJson()}});
    }
    if (command == QLatin1String("stats/reset") && post) {
        m_shopServer->resetStats();
        m_erpServer->resetStats();
        return json(200, QJsonObject{{QStringLiteral("reset"), true}});
    }
    if (command == QLatin1String("faults") && !post)
        return json(200, QJsonObject{{QStringLiteral("rules"), m_faults.toJson()}});
    if ((command == QLatin1String("faults") || command == QLatin1String("faults/add")) && post) {
        QJsonParseError parseError;
        const QJsonDocument doc = QJsonDocument::fromJson(request.body, &parseError);
        if (parseError.error != QJsonParseError::NoError)
            return problem(400, QStringLiteral("fault rules must be JSON: %1").arg(parseError.errorString()));
        QJsonArray rules;
        if (command == QLatin1String("faults/add")) {
            rules = m_faults.toJson();
            rules.append(doc.object());
        } else {
            rules = doc.isArray() ? doc.array() : doc.object().value(QStringLiteral("rules")).toArray();
        }
        QString error;
        if (!m_faults.setRules(rules, QDateTime::currentMSecsSinceEpoch(), &error))
            return problem(400, error);
        m_shopServer->updateDownState();
        m_erpServer->updateDownState();
        return json(200, QJsonObject{{QStringLiteral("rules"), m_faults.toJson()}});
    }
    if (command == QLatin1String("faults/clear") && post) {
        m_faults.clear();
        m_shopServer->updateDownState();
        m_erpServer->updateDownState();
        return json(200, QJsonObject{{QStringLiteral("rules"), QJsonArray{}}});
    }
    if (command == QLatin1String("limits")) {
        if (post) {
            PeerServer *server = serverFor(value("peer"));
            if (!server)
                return problem(400, QStringLiteral("peer must be prestashop or odoo"));
            PeerLimits limits = server->limits();
            if (q.hasQueryItem(QStringLiteral("cost"))) {
                if (const auto error = applyCostSpec(value("cost"), &limits))
                    return problem(400, *error);
            }
            if (q.hasQueryItem(QStringLiteral("capacity"))) {
                bool ok = false;
                limits.capacity = value("capacity").toInt(&ok);
                if (!ok || limits.capacity < 0)
                    return problem(400, QStringLiteral("capacity must be a number >= 0 (0: the preset's)"));
            }
            if (q.hasQueryItem(QStringLiteral("beyond"))) {
                const QString beyond = value("beyond");
                if (beyond != QLatin1String("wait") && beyond != QLatin1String("reject"))
                    return problem(400, QStringLiteral("beyond must be wait or reject"));
                limits.rejectBeyondCapacity = beyond == QLatin1String("reject");
            }
            server->limits() = limits;
        }
        return json(200, QJsonObject{{QStringLiteral("prestashop"), m_shopServer->limits().toJson(QStringLiteral("prestashop"))},
                                     {QStringLiteral("odoo"), m_erpServer->limits().toJson(QStringLiteral("odoo"))}});
    }
    if (command == QLatin1String("clock")) {
        if (post) {
            SimClock *clock = clockFor(value("peer"));
            bool ok = false;
            const qint64 skew = value("skewMs").toLongLong(&ok);
            if (!clock || !ok)
                return problem(400, QStringLiteral("expected peer=prestashop|odoo and skewMs=<milliseconds>"));
            // Dates beyond year 9999 or before year 1 cannot be written by either peer.
            constexpr qint64 kCentury = 36525LL * 24 * 3600 * 1000; // 100 years in ms
            if (skew > kCentury || skew < -kCentury)
                return problem(400, QStringLiteral("skewMs must be within 100 years either way"));
            clock->setSkewMs(skew);
        }
        return json(200, QJsonObject{{QStringLiteral("prestashop"), m_shopClock.skewMs()},
                                     {QStringLiteral("odoo"), m_erpClock.skewMs()}});
    }
    if (command == QLatin1String("activity")) {
        if (post) {
            QString error;
            const auto rates = ActivityRates::parse(value("rates"), &error);
            if (!rates)
                return problem(400, error);
            m_activity->setRates(*rates);
        }
        return json(200, m_activity->toJson());
    }
    if (command == QLatin1String("activity/run") && post) {
        static const QHash<QString, ActivityKind> kinds{{QStringLiteral("erp-price"), ActivityKind::ErpPrice},
                                                        {QStringLiteral("erp-stock"), ActivityKind::ErpStock},
                                                        {QStringLiteral("shop-description"), ActivityKind::ShopDescription},
                                                        {QStringLiteral("shop-order"), ActivityKind::ShopOrder},
                                                        {QStringLiteral("shop-price"), ActivityKind::ShopPrice},
                                                        {QStringLiteral("rename-both"), ActivityKind::RenameBoth}};
        const auto kind = kinds.find(value("kind"));
        if (kind == kinds.end())
            return problem(400, QStringLiteral("kind must be erp-price, erp-stock, shop-description, shop-order, shop-price or rename-both"));
        const int times = q.hasQueryItem(QStringLiteral("times")) ? value("times").toInt() : 1;
        if (times < 1 || times > 100000)
            return problem(400, QStringLiteral("times must be between 1 and 100000"));
        QJsonArray events;
        for (int i = 0; i < times; ++i) {
            if (const auto what = m_activity->runOnce(*kind))
                events.append(*what);
        }
        return json(200, QJsonObject{{QStringLiteral("events"), events}});
    }
    if (command == QLatin1String("expected-divergence") && !post)
        return json(200, m_seed.expectedDivergence());

    return json(404, QJsonObject{{QStringLiteral("error"), QStringLiteral("unknown control command \"%1 %2\"")
                                                               .arg(QString::fromLatin1(request.method), command)},
                                 {QStringLiteral("commands"), QJsonArray::fromStringList(commonCommands())}});
}

} // namespace syncsmart::sim
