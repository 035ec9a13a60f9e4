#pragma once

// Shared by the Odoo integration tests: settings for a connector against syncsmart-sim, and a raw
// JSON-RPC call for what a person would do in Odoo behind the connector's back.
#include "awaitresult.h"
#include "simprocess.h"

#include "connectors/odoo/odooconnector.h"

#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>

#include <functional>
#include <memory>

namespace syncsmart::testing {

// The simulator's arguments; SYNCSMART_ODOO_TEST_SIM_ARGS adds more by hand (e.g. "--cost real" to
// run the same tests at the real servers' speed).
inline QStringList odooSimArgs()
{
    QStringList args{QStringLiteral("--duplicates-erp"), QStringLiteral("2"), QStringLiteral("--quiet")};
    const QString extra = qEnvironmentVariable("SYNCSMART_ODOO_TEST_SIM_ARGS");
    if (!extra.isEmpty())
        args += extra.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    return args;
}

inline OdooSettings odooSettings(SimProcess &sim)
{
    OdooSettings s;
    s.endpoint.peerName = QStringLiteral("Odoo");
    s.endpoint.baseUrl = QUrl(sim.odooBaseUrl());
    s.endpoint.limits.maxInFlight = 4;
    s.endpoint.limits.requestsPerSecond = 0; // unlimited: the tests are about behaviour, not pace
    s.endpoint.limits.connectTimeoutMs = 10'000;
    s.endpoint.limits.idleTimeoutMs = 20'000;
    s.endpoint.limits.totalTimeoutMs = 60'000;
    s.database = sim.odooDatabase();
    s.login = sim.odooLogin();
    s.apiKey = sim.odooKey();
    return s;
}

// A connector on the simulator, with the settings adjusted by the test.
inline std::unique_ptr<OdooConnector> makeOdooConnector(SimProcess &sim, std::shared_ptr<Redactor> redactor,
                                                        const Clock &clock,
                                                        const std::function<void(OdooSettings &)> &tweak = {})
{
    OdooSettings s = odooSettings(sim);
    if (tweak)
        tweak(s);
    return std::make_unique<OdooConnector>(s, std::move(redactor), clock);
}

// object.execute_kw as uid 2 (the simulator's admin), synchronously. Returns the result, or the
// error object under "error".
inline QJsonValue odooCall(SimProcess &sim, const QString &model, const QString &method, const QJsonArray &args,
                           const QJsonObject &kwargs = {})
{
    QNetworkAccessManager network;
    QNetworkRequest request(QUrl(sim.odooBaseUrl() + QStringLiteral("jsonrpc")));
    request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
    const QJsonObject params{{QStringLiteral("service"), QStringLiteral("object")},
                             {QStringLiteral("method"), QStringLiteral("execute_kw")},
                             {QStringLiteral("args"), QJsonArray{sim.odooDatabase(), 2, sim.odooKey(), model, method,
                                                                 args, kwargs}}};
    const QJsonObject body{{QStringLiteral("jsonrpc"), QStringLiteral("2.0")},
                           {QStringLiteral("method"), QStringLiteral("call")},
                           {QStringLiteral("params"), params},
                           {QStringLiteral("id"), 1}};
    QNetworkReply *reply = network.post(request, QJsonDocument(body).toJson(QJsonDocument::Compact));
    QEventLoop loop;
    QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    const QJsonObject answer = QJsonDocument::fromJson(reply->readAll()).object();
    reply->deleteLater();
    if (answer.contains(QLatin1String("error")))
        return QJsonObject{{QStringLiteral("error"), answer.value(QLatin1String("error"))}};
    return answer.value(QLatin1String("result"));
}

inline QJsonObject odooProduct(SimProcess &sim, const QString &sku)
{
    return sim.control(QStringLiteral("odoo/product"), QJsonValue::Undefined,
                       QStringLiteral("sku=") + QString::fromLatin1(QUrl::toPercentEncoding(sku)));
}

inline int routeCount(SimProcess &sim, const QString &route)
{
    return sim.stats().value(QLatin1String("odoo")).toObject().value(QLatin1String("byRoute")).toObject().value(route).toInt();
}

// Everything a person or a log could see of an error.
inline QString errorText(const Error &error)
{
    return error.message + QLatin1Char(' ') + error.code + QLatin1Char(' ') +
           QString::fromUtf8(QJsonDocument::fromVariant(error.context).toJson(QJsonDocument::Compact));
}

} // namespace syncsmart::testing
