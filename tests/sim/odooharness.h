#pragma once

// Shared by the Odoo emulation tests: one OdooSim with its seed, effect log and clock, and JSON-RPC
// calls made the way a client makes them (handler level, no HTTP).

#include "common/effectlog.h"
#include "common/seed.h"
#include "common/simclock.h"
#include "odoo/odoosim.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimeZone>
#include <QtDebug>

#include <memory>

namespace odootest {

using namespace syncsmart::sim;

inline const QString kKey = QStringLiteral("test-api-key-0123456789");

struct Rpc
{
    SimResponse response;
    QJsonObject body;

    QJsonValue result() const { return body.value(QLatin1String("result")); }
    QJsonObject error() const { return body.value(QLatin1String("error")).toObject(); }
    QString errorName() const
    {
        return error().value(QLatin1String("data")).toObject().value(QLatin1String("name")).toString();
    }
    QString errorMessage() const
    {
        return error().value(QLatin1String("data")).toObject().value(QLatin1String("message")).toString();
    }
};

inline QJsonArray array(std::initializer_list<QJsonValue> values)
{
    return QJsonArray(values);
}

inline QJsonArray leaf(const char *field, const char *op, const QJsonValue &value)
{
    return QJsonArray{QString::fromLatin1(field), QString::fromLatin1(op), value};
}

class OdooHarness
{
protected:
    void start(SeedSpec spec);
    Rpc call(const QString &service, const QString &method, const QJsonArray &args, int id = 1);
    Rpc execute(const QString &model, const QString &method, const QJsonArray &args,
                const QJsonObject &kwargs = {});
    QJsonArray searchRead(const QJsonArray &domain, const QStringList &fields, const QJsonObject &extra = {});
    QString writeDate(qint64 id);
    void setNow(const QString &utc);

    std::unique_ptr<SeedCatalog> m_seed;
    EffectLog m_effects;
    SimClock m_clock;
    std::unique_ptr<OdooSim> m_odoo;
};

inline void OdooHarness::start(SeedSpec spec)
{
    m_effects.clear();
    m_seed = std::make_unique<SeedCatalog>(spec);
    OdooOptions options;
    options.apiKey = kKey;
    m_odoo = std::make_unique<OdooSim>(*m_seed, m_effects, m_clock, options);
}

inline void OdooHarness::setNow(const QString &utc)
{
    const QDateTime at = QDateTime::fromString(utc, QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    QDateTime asUtc = at;
    asUtc.setTimeZone(QTimeZone::utc());
    m_clock.setSkewMs(asUtc.toMSecsSinceEpoch() - QDateTime::currentMSecsSinceEpoch());
}

inline Rpc OdooHarness::call(const QString &service, const QString &method, const QJsonArray &args, int id)
{
    const QJsonObject envelope{{QStringLiteral("jsonrpc"), QStringLiteral("2.0")},
                               {QStringLiteral("method"), QStringLiteral("call")},
                               {QStringLiteral("params"), QJsonObject{{QStringLiteral("service"), service},
                                                                      {QStringLiteral("method"), method},
                                                                      {QStringLiteral("args"), args}}},
                               {QStringLiteral("id"), id}};
    SimRequest request;
    request.method = "POST";
    request.path = QStringLiteral("/jsonrpc");
    request.headers = {{"content-type", "application/json"}};
    request.body = QJsonDocument(envelope).toJson(QJsonDocument::Compact);
    Rpc rpc;
    rpc.response = m_odoo->handle(request);
    rpc.body = QJsonDocument::fromJson(rpc.response.body).object();
    return rpc;
}

inline Rpc OdooHarness::execute(const QString &model, const QString &method, const QJsonArray &args,
                                const QJsonObject &kwargs)
{
    return call(QStringLiteral("object"), QStringLiteral("execute_kw"),
                QJsonArray{QStringLiteral("syncsmart"), 2, kKey, model, method, args, kwargs});
}

inline QJsonArray OdooHarness::searchRead(const QJsonArray &domain, const QStringList &fields,
                                          const QJsonObject &extra)
{
    QJsonObject kwargs = extra;
    kwargs.insert(QStringLiteral("fields"), QJsonArray::fromStringList(fields));
    const Rpc rpc =
        execute(QStringLiteral("product.product"), QStringLiteral("search_read"), QJsonArray{domain}, kwargs);
    if (!rpc.error().isEmpty())
        qWarning() << rpc.errorMessage();
    return rpc.result().toArray();
}

inline QString OdooHarness::writeDate(qint64 id)
{
    const QJsonArray rows =
        searchRead(array({leaf("id", "=", id)}), {QStringLiteral("write_date")},
                   {{QStringLiteral("context"), QJsonObject{{QStringLiteral("active_test"), false}}}});
    return rows.at(0).toObject().value(QLatin1String("write_date")).toString();
}

} // namespace odootest
