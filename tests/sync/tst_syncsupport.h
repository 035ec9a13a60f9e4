#pragma once

// Shared by the end-to-end sync tests and the sync benchmark: a profile and an engine on
// syncsmart-sim, edits made as a person would make them on either side, and the simulator's effect
// log (source "api" = the engine's writes), through which every outcome is asserted.
#include "awaitresult.h"
#include "simprocess.h"

#include "common/clock.h"
#include "sync/syncengine.h"
#include "sync/syncstore.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QTemporaryDir>
#include <QTimeZone>
#include <QUrl>

#include <algorithm>
#include <cmath>
#include <functional>
#include <memory>

namespace syncsmart::testing {

inline const QString kShopPeer = QStringLiteral("prestashop");
inline const QString kErpPeer = QStringLiteral("odoo");

// Both sides as the seed makes them, with the kinds of divergence a real pair of systems has.
inline QStringList divergentCatalogArgs()
{
    return {QStringLiteral("--missing-in-shop"), QStringLiteral("0.03"), QStringLiteral("--missing-in-erp"),
            QStringLiteral("0.03"),              QStringLiteral("--field-mismatch"), QStringLiteral("0.05"),
            QStringLiteral("--duplicates-shop"), QStringLiteral("2"),    QStringLiteral("--duplicates-erp"),
            QStringLiteral("2"),                 QStringLiteral("--shop-timezone"), QStringLiteral("Europe/Paris")};
}

// The profile a person would write for this simulator: default rules, unlimited pace (the tests are
// about behaviour), the shop's own time zone, language 1 as the one that maps to the ERP.
inline SyncProfile makeProfile(SimProcess &sim, int inFlight = 4)
{
    SyncProfile p;
    p.name = QStringLiteral("endtoend");
    p.shop.endpoint.peerName = QStringLiteral("PrestaShop");
    p.shop.endpoint.baseUrl = QUrl(sim.prestashopUrl());
    p.shop.endpoint.limits.maxInFlight = inFlight;
    p.shop.endpoint.limits.requestsPerSecond = 0;
    p.shop.endpoint.limits.totalTimeoutMs = 60'000;
    p.shop.apiKey = sim.prestashopKey();
    p.shop.shopTimeZone = QTimeZone(sim.shopTimezone().toUtf8());
    p.shop.languageIds = QStringList{QStringLiteral("1")};
    p.erp.endpoint.peerName = QStringLiteral("Odoo");
    p.erp.endpoint.baseUrl = QUrl(sim.odooBaseUrl());
    p.erp.endpoint.limits.maxInFlight = inFlight;
    p.erp.endpoint.limits.requestsPerSecond = 0;
    p.erp.endpoint.limits.totalTimeoutMs = 60'000;
    p.erp.database = sim.odooDatabase();
    p.erp.login = sim.odooLogin();
    p.erp.apiKey = sim.odooKey();
    p.sync.windowOverlapS = 5;
    p.sync.shopLanguage = QStringLiteral("1");
    return p;
}

// The engine on a database in dir; null (with a warning saying why) when it does not open.
inline std::unique_ptr<SyncEngine> openEngine(const SyncProfile &profile, QTemporaryDir &dir,
                                              std::shared_ptr<const Clock> clock = std::make_shared<SystemClock>())
{
    auto engine = SyncEngine::open(profile, dir.filePath(QStringLiteral("profile.db")), std::move(clock));
    if (!engine) {
        qWarning("engine did not open: %s", qPrintable(engine.error().toString()));
        return nullptr;
    }
    return std::move(*engine);
}

inline Result<SyncOnceReport> syncOnce(SyncEngine &engine, int timeoutMs = 600'000)
{
    return awaitResult<SyncOnceReport>([&](auto done) { engine.syncOnce(std::move(done)); }, timeoutMs);
}
inline Result<PassReport> runPass(SyncEngine &engine, int timeoutMs = 600'000)
{
    return awaitResult<PassReport>([&](auto done) { engine.runPass(std::move(done)); }, timeoutMs);
}
inline Result<DrainReport> drain(SyncEngine &engine, int timeoutMs = 600'000)
{
    return awaitResult<DrainReport>([&](auto done) { engine.drain(std::move(done)); }, timeoutMs);
}

template<typename T>
QString errorOf(const Result<T> &result)
{
    return result ? QString() : result.error().toString();
}

inline QString oneLine(const SyncOnceReport &r)
{
    return QStringLiteral("pass %1: shop read %2, erp read %3, deltas %4, echoes %5, converged %6, conflicts %7 "
                          "(open %8), jobs %9, creates %10, issues %11; drain: applied %12, retrying %13, "
                          "dead %14, pending %15")
        .arg(r.pass.passId)
        .arg(r.pass.shopRecordsRead)
        .arg(r.pass.erpRecordsRead)
        .arg(r.pass.deltas)
        .arg(r.pass.echoesSuppressed)
        .arg(r.pass.converged)
        .arg(r.pass.conflicts)
        .arg(r.pass.openConflicts)
        .arg(r.pass.jobsEnqueued)
        .arg(r.pass.creates)
        .arg(r.pass.issues.size())
        .arg(r.drain.applied)
        .arg(r.drain.retrying)
        .arg(r.drain.dead)
        .arg(r.drain.pending);
}

// ---- the effect log ----

inline qint64 lastSeq(SimProcess &sim)
{
    return sim.control(QStringLiteral("effects"), QJsonValue::Undefined, QStringLiteral("limit=1"))
        .value(QStringLiteral("lastSeq"))
        .toInteger();
}

// Effects of one peer ("prestashop", "odoo"; empty: both) and source since seq (exclusive), all of them.
inline QJsonArray effects(SimProcess &sim, const QString &peer, const QString &source = QStringLiteral("api"),
                          qint64 sinceSeq = 0)
{
    QString query = QStringLiteral("limit=-1&since=%1").arg(sinceSeq);
    if (!peer.isEmpty())
        query += QStringLiteral("&peer=") + peer;
    if (!source.isEmpty())
        query += QStringLiteral("&source=") + source;
    return sim.control(QStringLiteral("effects"), QJsonValue::Undefined, query)
        .value(QStringLiteral("effects"))
        .toArray();
}

// The engine's writes on either side since seq.
inline QJsonArray writesSince(SimProcess &sim, qint64 sinceSeq)
{
    return effects(sim, QString(), QStringLiteral("api"), sinceSeq);
}

// The effects of one SKU, optionally only those that wrote a given field (names of the peer's API).
inline QJsonArray effectsOf(const QJsonArray &all, const QString &sku, const QString &peerField = {})
{
    QJsonArray out;
    for (const QJsonValue &v : all) {
        const QJsonObject e = v.toObject();
        if (e.value(QStringLiteral("key")).toString() != sku)
            continue;
        if (!peerField.isEmpty() && !e.value(QStringLiteral("fields")).toArray().contains(QJsonValue(peerField)))
            continue;
        out.append(e);
    }
    return out;
}

// For a failure message: what the effects were.
inline QByteArray dump(const QJsonArray &effects, int max = 20)
{
    QJsonArray head;
    for (int i = 0; i < effects.size() && i < max; ++i)
        head.append(effects.at(i));
    QByteArray text = QJsonDocument(head).toJson(QJsonDocument::Compact);
    if (effects.size() > max)
        text += " ... (" + QByteArray::number(effects.size()) + " in all)";
    return text;
}

// A decimal as a peer shows it: "12.500000" on the shop, 12.5 on the ERP.
inline double number(const QJsonValue &v)
{
    return v.isString() ? v.toString().toDouble() : v.toDouble();
}
inline bool sameAmount(double a, double b, double epsilon = 0.005)
{
    return std::abs(a - b) < epsilon;
}

// ---- both sides as the simulator holds them ----

inline QString encodedSku(const QString &sku)
{
    return QStringLiteral("sku=") + QString::fromLatin1(QUrl::toPercentEncoding(sku));
}

// The shop product's stored fields (PrestaShop names; multilingual ones as {"1": ..., "2": ...}).
inline QJsonObject shopProduct(SimProcess &sim, const QString &sku)
{
    return sim.control(QStringLiteral("prestashop/product"), QJsonValue::Undefined, encodedSku(sku))
        .value(QStringLiteral("products"))
        .toArray()
        .first()
        .toObject()
        .value(QStringLiteral("fields"))
        .toObject();
}

// The ERP product (Odoo names).
inline QJsonObject erpProduct(SimProcess &sim, const QString &sku)
{
    return sim.control(QStringLiteral("odoo/product"), QJsonValue::Undefined, encodedSku(sku))
        .value(QStringLiteral("products"))
        .toArray()
        .first()
        .toObject();
}

// An edit as a person makes it in the back office of peer ("prestashop": date_upd moves, in the
// shop's local time; "odoo": write_date moves, UTC). Multilingual shop fields as {"1": ...}.
inline bool edit(SimProcess &sim, const QString &peer, const QString &sku, const QJsonObject &fields)
{
    const QJsonObject answer = sim.control(peer + QStringLiteral("/edit"),
                                           QJsonObject{{QStringLiteral("sku"), sku}, {QStringLiteral("fields"), fields}});
    const bool ok = answer.value(QStringLiteral("ok")).toBool();
    if (!ok)
        qWarning("%s/edit %s: %s", qPrintable(peer), qPrintable(sku),
                 QJsonDocument(answer).toJson(QJsonDocument::Compact).constData());
    return ok;
}
inline bool editShop(SimProcess &sim, const QString &sku, const QJsonObject &fields)
{
    return edit(sim, kShopPeer, sku, fields);
}
inline bool editErp(SimProcess &sim, const QString &sku, const QJsonObject &fields)
{
    return edit(sim, kErpPeer, sku, fields);
}

// Every SKU the seeded divergence touches (missing on a side, mismatched, duplicated).
inline QSet<QString> divergentSkus(SimProcess &sim)
{
    QSet<QString> out;
    std::function<void(const QJsonValue &)> collect = [&](const QJsonValue &v) {
        if (v.isString() && v.toString().startsWith(QLatin1String("SKU-")))
            out.insert(v.toString());
        else if (v.isArray())
            for (const QJsonValue &item : v.toArray())
                collect(item);
        else if (v.isObject())
            for (const QJsonValue &item : v.toObject())
                collect(item);
    };
    collect(sim.control(QStringLiteral("expected-divergence")));
    return out;
}

inline QString skuAt(int index)
{
    return QStringLiteral("SKU-%1").arg(index, 6, 10, QLatin1Char('0'));
}

// count SKUs both sides hold once and the seed left equal, the first at index from or after.
inline QStringList plainSkus(SimProcess &sim, int count, int from = 1)
{
    const QSet<QString> special = divergentSkus(sim);
    QStringList out;
    for (int i = from; out.size() < count && i < 1'000'000; ++i) {
        if (!special.contains(skuAt(i)))
            out.append(skuAt(i));
    }
    return out;
}

// The conflicts recorded for one SKU and field, newest last.
inline QVector<ConflictRecord> conflictsOf(SyncEngine &engine, const QString &sku, const QString &field,
                                           bool openOnly = false)
{
    QVector<ConflictRecord> out;
    const auto all = engine.store().conflicts(openOnly, 0, 100'000);
    if (!all) {
        qWarning("conflicts: %s", qPrintable(all.error().toString()));
        return out;
    }
    for (const ConflictRecord &c : *all) {
        if (c.sku == sku && c.field == field)
            out.append(c);
    }
    std::sort(out.begin(), out.end(), [](const ConflictRecord &a, const ConflictRecord &b) { return a.id < b.id; });
    return out;
}

inline QString describe(const ConflictRecord &c)
{
    return QStringLiteral("conflict %1 %2/%3 rule %4 resolution %5 winner %6 shop=%7 @%8 erp=%9 @%10 reason \"%11\" by %12")
        .arg(QString::number(c.id), c.sku, c.field, toString(c.rule), toString(c.resolution),
             c.winner ? toString(*c.winner) : QStringLiteral("-"), c.shopValue.toString(),
             c.shopUpdatedAt.toString(Qt::ISODateWithMs), c.erpValue.toString())
        .arg(c.erpUpdatedAt.toString(Qt::ISODateWithMs), c.reason, c.decidedBy);
}

} // namespace syncsmart::testing
