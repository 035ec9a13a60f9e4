#pragma once

// Shared by the PrestaShop integration tests: syncsmart-sim with 300 products (Paris time, a few
// combinations, one duplicate SKU), a connector factory, the control API shorthands, and a capture of
// every error text and log line to check that no key ever reaches one.

#include "connectors/http/httpclient.h"
#include "connectors/prestashop/prestashopconnector.h"
#include "connectors/prestashop/psjson.h"

#include "awaitresult.h"
#include "simprocess.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QSet>
#include <QTest>

#include <memory>

namespace pssim {

using namespace syncsmart;
using namespace syncsmart::testing;

inline const QTimeZone kParis("Europe/Paris");
inline const QString kRestrictedKey = QStringLiteral("RESTRICTEDKEY0123456789ABCDEFGHI");
inline const QString kWrongKey = QStringLiteral("WRONGKEY0123456789ABCDEFGHIJKLMN");

// A sink that keeps every page in `into` and always asks for more.
template<typename T>
auto appendTo(QVector<T> &into)
{
    return [&into](const QVector<T> &page) {
        into += page;
        return true;
    };
}

inline QString errorText(const Error &e)
{
    return e.toString() + QLatin1Char(' ') +
           QString::fromUtf8(
               QJsonDocument(QJsonObject::fromVariantMap(e.context)).toJson(QJsonDocument::Compact));
}

// Every log line the test process prints.
inline QStringList &logLines()
{
    static QStringList lines;
    return lines;
}
inline QtMessageHandler &previousHandler()
{
    static QtMessageHandler handler = nullptr;
    return handler;
}
inline void captureLog(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    logLines().append(message);
    if (previousHandler())
        previousHandler()(type, context, message);
}

class SimTest : public QObject
{
protected:
    void startSim()
    {
        previousHandler() = qInstallMessageHandler(captureLog);
        QLoggingCategory::setFilterRules(QStringLiteral("core.*=true"));
        const QString problem =
            m_sim.start(300, {QStringLiteral("--shop-timezone"), QStringLiteral("Europe/Paris"),
                              QStringLiteral("--combinations"), QStringLiteral("0.05"),
                              QStringLiteral("--duplicates-shop"), QStringLiteral("1")});
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        QCOMPARE(m_sim.shopTimezone(), QStringLiteral("Europe/Paris"));
    }

    std::unique_ptr<PrestaShopConnector> connector(const QString &key = {}, int idleTimeoutMs = 0)
    {
        PrestaShopSettings s;
        s.endpoint.peerName = QStringLiteral("PrestaShop");
        s.endpoint.baseUrl = QUrl(m_sim.prestashopUrl());
        s.endpoint.limits.maxInFlight = 4;
        s.endpoint.limits.requestsPerSecond = 0;
        s.endpoint.limits.totalTimeoutMs = 30'000;
        if (idleTimeoutMs > 0)
            s.endpoint.limits.idleTimeoutMs = idleTimeoutMs;
        s.endpoint.breaker.failureThreshold =
            1000; // fault tests must see each classified error, not an open circuit
        s.apiKey = key.isEmpty() ? m_sim.prestashopKey() : key;
        s.shopTimeZone = QTimeZone(m_sim.shopTimezone().toUtf8());
        return std::make_unique<PrestaShopConnector>(s, m_redactor, m_clock);
    }

    QJsonObject product(const QString &sku)
    {
        return m_sim.control(QStringLiteral("prestashop/product"), QJsonValue::Undefined,
                             QStringLiteral("sku=") + sku);
    }
    QJsonObject firstProduct(const QString &sku)
    {
        return product(sku).value(QStringLiteral("products")).toArray().first().toObject();
    }
    // The first product's stored fields, its id, and how many products hold the SKU.
    QJsonObject productFields(const QString &sku)
    {
        return firstProduct(sku).value(QStringLiteral("fields")).toObject();
    }
    QString productId(const QString &sku)
    {
        return QString::number(firstProduct(sku).value(QStringLiteral("id")).toInteger());
    }
    int productCount(const QString &sku) { return product(sku).value(QStringLiteral("count")).toInt(); }

    // A fault rule on the shop's requests to route; once, unless extra says how often.
    void addShopFault(const QString &route, const QString &kind, QJsonObject extra = {})
    {
        extra.insert(QStringLiteral("peer"), QStringLiteral("prestashop"));
        extra.insert(QStringLiteral("route"), route);
        extra.insert(QStringLiteral("kind"), kind);
        if (!extra.contains(QStringLiteral("count")))
            extra.insert(QStringLiteral("count"), 1);
        m_sim.addFault(extra);
    }

    QJsonArray effects(const QString &resource, const QString &key = {})
    {
        QString query = QStringLiteral("peer=prestashop&source=api&resource=") + resource;
        if (!key.isEmpty())
            query += QStringLiteral("&key=") + QString::fromLatin1(QUrl::toPercentEncoding(key));
        return m_sim.control(QStringLiteral("effects"), QJsonValue::Undefined, query)
            .value(QStringLiteral("effects"))
            .toArray();
    }

    void remember(const Error &e) { m_errors.append(errorText(e)); }

    // No key (as itself or as the Basic credentials) in any error text, context or log line.
    void checkNoKeyAnywhere(int minErrors)
    {
        QVERIFY(m_errors.size() >= minErrors);
        QVERIFY(logLines().size() > 10);
        for (const QString &key : {m_sim.prestashopKey(), kRestrictedKey, kWrongKey}) {
            const QString basic = QString::fromLatin1((key.toUtf8() + ':').toBase64());
            for (const QString &text : m_errors + logLines()) {
                QVERIFY2(!text.contains(key), qPrintable(text));
                QVERIFY2(!text.contains(basic), qPrintable(text));
            }
        }
    }

    SimProcess m_sim;
    SystemClock m_clock;
    std::shared_ptr<Redactor> m_redactor = std::make_shared<Redactor>();
    QStringList m_errors;
};

} // namespace pssim
