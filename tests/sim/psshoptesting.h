#pragma once

// Shared helpers of the PrestaShop emulation tests: a seeded shop and requests as the server builds them.

#include "common/effectlog.h"
#include "common/seed.h"
#include "common/simclock.h"
#include "prestashop/prestashopsim.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimeZone>
#include <QUrl>
#include <QUrlQuery>

#include <memory>

namespace syncsmart::sim::pstest {

inline const QByteArray kKey = "TESTKEY0123456789ABCDEF012345678";

struct Shop
{
    explicit Shop(SeedSpec spec)
        : seed(spec)
    {
        PrestaShopOptions options;
        options.apiKey = QString::fromLatin1(kKey);
        sim = std::make_unique<PrestaShopSim>(seed, effects, clock, options);
    }

    SeedCatalog seed;
    EffectLog effects;
    SimClock clock;
    std::unique_ptr<PrestaShopSim> sim;

    void setNowUtc(const QDateTime &utc)
    {
        clock.setSkewMs(utc.toMSecsSinceEpoch() - QDateTime::currentMSecsSinceEpoch());
    }
};

using Params = QList<std::pair<QString, QString>>;

inline SimRequest request(const QByteArray &method, const QString &path, const Params &params = {},
                          const QByteArray &body = {}, const QByteArray &key = kKey)
{
    SimRequest r;
    r.method = method;
    r.path = path;
    for (const auto &[k, v] : params)
        r.query.addQueryItem(QString::fromLatin1(QUrl::toPercentEncoding(k, "[]")),
                             QString::fromLatin1(QUrl::toPercentEncoding(v)));
    if (!key.isEmpty())
        r.headers.emplace_back("authorization", "Basic " + (key + ':').toBase64());
    r.body = body;
    return r;
}

inline QByteArray header(const SimResponse &r, const QByteArray &name)
{
    for (const auto &[k, v] : r.headers) {
        if (k == name)
            return v;
    }
    return "<absent>";
}

inline QJsonObject object(const SimResponse &r)
{
    return QJsonDocument::fromJson(r.body).object();
}

inline QJsonObject product(Shop &shop, qint64 id, const Params &extra = {})
{
    Params p{{QStringLiteral("output_format"), QStringLiteral("JSON")}};
    p += extra;
    return object(shop.sim->handle(request("GET", QStringLiteral("/api/products/%1").arg(id), p)))
        .value(QStringLiteral("product"))
        .toObject();
}

inline QList<qint64> listIds(const SimResponse &r, const QString &plural)
{
    QList<qint64> ids;
    for (const QJsonValue &v : object(r).value(plural).toArray())
        ids.append(v.toObject().value(QStringLiteral("id")).toInteger());
    return ids;
}

inline QString localText(const QDateTime &utc)
{
    return utc.toTimeZone(QTimeZone("Europe/Paris")).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

inline SeedSpec smallSpec(qint64 products = 40)
{
    SeedSpec spec;
    spec.products = products;
    spec.seed = 11;
    spec.combinationsShare = 0.3;
    return spec;
}

} // namespace syncsmart::sim::pstest
