#pragma once

// Private state of PrestaShopSim, shared by its source files: the request pipeline
// (prestashopsim.cpp), reads (psreads.cpp), writes (pswrites.cpp), back-office operations
// (psbackoffice.cpp) and the control commands (pscontrol.cpp).

#include "prestashopsim.h"
#include "psorders.h"
#include "psproducts.h"
#include "psquery.h"
#include "psrender.h"

#include <QElapsedTimer>

namespace syncsmart::sim {

struct RequestContext
{
    explicit RequestContext(const SimRequest &r)
        : request(r)
    {
    }

    const SimRequest &request;
    ps::WsParams params;
    QByteArray method;
    bool json = false;
    bool authenticated = false;
    QList<int> languages{1, 2};
    QString wsUrl;     // "http://host/api/"
    QString resource;  // first path segment after /api/
    QString idSegment; // second one ("" when absent)
    const ps::KeyPermissions *permissions = nullptr;
    QElapsedTimer timer;

    ps::Renderer renderer() const { return ps::Renderer(json, wsUrl, languages); }
    bool displayParam() const { return params.has(QStringLiteral("display")); }
};

// What a handler decided, before the common headers are added.
struct Reply
{
    int status = 200;
    QByteArray body;
    bool emptyContentType = false;    // "Content-Type: " with no value (404 on GET, DELETE)
    std::optional<QByteArray> sha1Of; // Content-Sha1 is sha1 of this (not always the body sent)
    Operation operation = Operation::Other;
    int records = 0;
    bool heavy = false;
    bool wrote = false;
};

struct PrestaShopSim::Private
{
    Private(const SeedCatalog &seedCatalog, EffectLog &effectLog, SimClock &simClock, PrestaShopOptions opts);

    const SeedCatalog &seed;
    EffectLog &effects;
    SimClock &clock;
    PrestaShopOptions options;
    ps::ShopTime time;
    ps::ProductStore catalog;
    ps::OrderBook book;
    QHash<QString, ps::KeyPermissions> keys;

    const ps::PsTable *table(const QString &resource) const;
    ps::GenericTable *genericTable(const QString &resource);
    qint64 now() const { return clock.nowSecs(); }

    // Pipeline (prestashopsim.cpp)
    SimResponse handle(const SimRequest &request);
    SimResponse finish(const RequestContext &ctx, Reply reply) const;
    Reply errorReply(const RequestContext &ctx, int status, const QList<ps::ErrorEntry> &errors) const;

    // Reads (psreads.cpp)
    Reply getList(const RequestContext &ctx, const ps::PsTable &table) const;
    Reply getDetails(const RequestContext &ctx, const ps::PsTable &table) const;
    Reply apiRoot(const RequestContext &ctx) const;

    // Writes (pswrites.cpp)
    Reply write(const RequestContext &ctx);
    Reply remove(const RequestContext &ctx);

    // Back office (psbackoffice.cpp): also what control commands and the activity generator use.
    void recordEffect(EffectKind kind, const QString &resource, qint64 id, const QString &key,
                      const QStringList &fields, const QJsonObject &values, EffectSource source);
    QString stockKey(qint64 stockId) const; // the SKU a stock row counts for
    QJsonObject productJson(qint64 id) const;
    QJsonObject orderJson(qint64 id) const;
    QList<qint64> productsForSku(const QString &sku) const;
};

// Small values for effect logs: text is kept up to 200 characters, longer text becomes its length.
QJsonValue effectValue(const ps::PsValue &value);
// "a=1&b=2" style helpers for building responses.
QByteArray sha1Hex(const QByteArray &data);

} // namespace syncsmart::sim
