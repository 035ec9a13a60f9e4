#include "prestashopsim_p.h"

#include <QCryptographicHash>
#include <QRegularExpression>

#include <cmath>

namespace syncsmart::sim {

using namespace ps;

namespace {

const QByteArray kRealm = "Basic realm=\"Welcome to PrestaShop Webservice, please enter the authentication "
                          "key as the login. No password required.\"";

KeyPermissions allPermissions()
{
    KeyPermissions all;
    const QSet<QByteArray> methods(wsMethods().begin(), wsMethods().end());
    for (const WsResourceInfo &info : allWsResources())
        all.insert(info.name, methods);
    return all;
}

QByteArray executionTime(const QElapsedTimer &timer)
{
    // PHP: (string) round(microtime(true) - $start, 3)
    const double seconds = std::round(double(timer.nsecsElapsed()) / 1e6) / 1000.0;
    if (seconds == 0.0)
        return "0";
    QByteArray text = QByteArray::number(seconds, 'f', 3);
    while (text.endsWith('0'))
        text.chop(1);
    if (text.endsWith('.'))
        text.chop(1);
    return text;
}

// What php -S answers when the dispatcher itself gives up (no credentials, fatal error).
SimResponse phpPlain(int status, const QByteArray &body, bool authenticate)
{
    SimResponse r;
    r.status = status;
    r.headers.emplace_back("x-powered-by", "PHP/8.2.36");
    if (authenticate)
        r.headers.emplace_back("www-authenticate", kRealm);
    r.headers.emplace_back("content-type", "text/html; charset=utf-8");
    r.body = body;
    return r;
}

std::optional<QList<int>> parseLanguages(const QString &value, ErrorEntry &error, int &status)
{
    status = 400;
    QStringList items;
    bool numeric = false;
    value.toLongLong(&numeric);
    if (numeric) {
        items.append(QString::number(value.toLongLong()));
    } else if (value.startsWith(QLatin1Char('[')) && value.endsWith(QLatin1Char(']')) && value.size() >= 2) {
        const bool pipe = value.contains(QLatin1Char('|')), comma = value.contains(QLatin1Char(','));
        QString inner = value;
        inner.remove(QLatin1Char('[')).remove(QLatin1Char(']'));
        if (pipe != comma) {
            if (pipe) {
                items = inner.split(QLatin1Char('|'));
            } else {
                const QStringList range = inner.split(QLatin1Char(','));
                if (range.size() != 2) {
                    error = {78, QStringLiteral("A range value for a language must contains only 2 values")};
                    return std::nullopt;
                }
                // At most 100 ids, counted without overflowing at the ends of the int range.
                const qint64 low = phpInt(range.at(0)), high = phpInt(range.at(1));
                for (quint64 k = 0; low <= high && k < 100 && k <= quint64(high) - quint64(low); ++k)
                    items.append(QString::number(qint64(quint64(low) + k)));
            }
        } else {
            // preg_match('#\[(\d)+\]#'): the group keeps only the last digit.
            static const QRegularExpression re(QStringLiteral("\\[(\\d)+\\]"));
            if (const QRegularExpressionMatch m = re.match(value); m.hasMatch())
                items.append(m.captured(1));
        }
    } else {
        error = {79, QStringLiteral("language value is wrong")};
        return std::nullopt;
    }
    // array_search(false, ...) is falsy when the first item is the bad one: only later ones are caught.
    for (int i = 1; i < items.size(); ++i) {
        if (!phpNumeric(items.at(i))) {
            error = {80, QStringLiteral("Language ID must be numeric")};
            return std::nullopt;
        }
    }
    QList<int> languages;
    for (const QString &item : items) {
        const int id = int(phpInt(item));
        if (phpNumeric(item) && id >= 1 && id <= kLanguageCount)
            languages.append(id);
    }
    if (languages.isEmpty()) {
        error = {81, QStringLiteral("language is not available")};
        return std::nullopt;
    }
    return languages;
}

} // namespace

QByteArray sha1Hex(const QByteArray &data)
{
    return QCryptographicHash::hash(data, QCryptographicHash::Sha1).toHex();
}

PrestaShopSim::Private::Private(const SeedCatalog &seedCatalog, EffectLog &effectLog, SimClock &simClock,
                                PrestaShopOptions opts)
    : seed(seedCatalog)
    , effects(effectLog)
    , clock(simClock)
    , options(std::move(opts))
    , time(options.timezone)
    , catalog(seedCatalog, time)
    , book(time, seedCatalog.spec().seed)
{
    if (!options.apiKey.isEmpty())
        keys.insert(options.apiKey, allPermissions());
}

const PsTable *PrestaShopSim::Private::table(const QString &resource) const
{
    if (resource == QLatin1String("products"))
        return &catalog.products();
    if (resource == QLatin1String("stock_availables"))
        return &catalog.stock();
    if (resource == QLatin1String("combinations"))
        return &catalog.combinations();
    return const_cast<Private *>(this)->genericTable(resource);
}

GenericTable *PrestaShopSim::Private::genericTable(const QString &resource)
{
    if (resource == QLatin1String("orders"))
        return &book.orders;
    if (resource == QLatin1String("order_details"))
        return &book.details;
    if (resource == QLatin1String("order_histories"))
        return &book.histories;
    if (resource == QLatin1String("order_states"))
        return &book.states;
    if (resource == QLatin1String("customers"))
        return &book.customers;
    if (resource == QLatin1String("languages"))
        return &book.languages;
    return nullptr;
}

SimResponse PrestaShopSim::Private::finish(const RequestContext &ctx, Reply reply) const
{
    SimResponse out;
    out.status = reply.status;
    out.headers.emplace_back("access-time", QByteArray::number(clock.nowSecs()));
    out.headers.emplace_back("x-powered-by", "PrestaShop Webservice");
    out.headers.emplace_back("psws-version", ctx.authenticated ? options.version.toUtf8() : QByteArray("0"));
    out.headers.emplace_back("content-type", reply.emptyContentType ? QByteArray()
                                             : ctx.json             ? QByteArray("application/json")
                                                                    : QByteArray("text/xml;charset=utf-8"));
    out.headers.emplace_back("execution-time", executionTime(ctx.timer));
    out.body = std::move(reply.body);
    if (reply.sha1Of) {
        const QByteArray sha1 = sha1Hex(*reply.sha1Of);
        out.headers.emplace_back("content-sha1", sha1);
        // The dispatcher answers 304 when the client already holds this content.
        if (ctx.request.header("local-content-sha1") == sha1) {
            out.status = 304;
            out.body.clear();
        }
    }
    out.operation = reply.operation;
    out.records = reply.records;
    out.heavy = reply.heavy;
    out.wrote = reply.wrote;
    return out;
}

Reply PrestaShopSim::Private::errorReply(const RequestContext &ctx, int status,
                                         const QList<ErrorEntry> &errors) const
{
    Reply reply;
    reply.status = status;
    reply.body = ctx.renderer().errors(errors);
    return reply;
}

SimResponse PrestaShopSim::Private::handle(const SimRequest &request)
{
    RequestContext ctx(request);
    ctx.timer.start();
    ctx.method = request.method.toUpper();
    if (request.path != QLatin1String("/api") && !request.path.startsWith(QLatin1String("/api/"))) {
        SimResponse r;
        r.status = 404;
        r.headers.emplace_back("content-type", "text/html; charset=utf-8");
        r.body = "<h1>Not Found</h1><p>The requested resource <code>" +
                 request.path.toHtmlEscaped().toUtf8() + "</code> was not found on this server.</p>";
        return r;
    }
    const QStringList segments = request.path.mid(5).split(QLatin1Char('/'));
    ctx.resource = segments.value(0);
    ctx.idSegment = segments.value(1);
    ctx.params = WsParams::parse(request.query);
    QByteArray host = request.header("host");
    if (host.isEmpty())
        host = "127.0.0.1";
    ctx.wsUrl = QStringLiteral("http://") + QString::fromUtf8(host) + QStringLiteral("/api/");

    // Io-Format / Output-Format headers, then output_format / io_format; only "JSON" means JSON.
    QByteArray format = request.header("io-format");
    if (format.isEmpty())
        format = request.header("output-format");
    if (format.isEmpty())
        format = ctx.params.value(QStringLiteral("output_format")).toUtf8();
    if (format.isEmpty())
        format = ctx.params.value(QStringLiteral("io_format")).toUtf8();
    ctx.json = format == "JSON";

    QString key;
    bool haveKey = false;
    const QByteArray authorization = request.header("authorization");
    if (authorization.left(6).toLower() == "basic ") {
        const QByteArray decoded = QByteArray::fromBase64(authorization.mid(6).trimmed());
        key =
            QString::fromUtf8(decoded.left(decoded.indexOf(':') < 0 ? decoded.size() : decoded.indexOf(':')));
        haveKey = true;
    } else if (ctx.params.has(QStringLiteral("ws_key"))) {
        key = ctx.params.value(QStringLiteral("ws_key"));
        haveKey = true;
    }
    if (!haveKey)
        return phpPlain(401, "401 Unauthorized", true);
    key = key.trimmed();
    QList<ErrorEntry> authErrors;
    if (key.isEmpty()) {
        authErrors.append({17, QStringLiteral("Authentication key is empty")});
    } else if (key.size() != 32) {
        authErrors.append({18, QStringLiteral("Invalid authentication key format")});
    } else if (!keys.contains(key)) {
        authErrors.append({20, QStringLiteral("Authentification key is not active")});
        authErrors.append({21, QStringLiteral("No permission for this authentication key")});
    }
    if (!authErrors.isEmpty()) {
        SimResponse r = finish(ctx, errorReply(ctx, 401, authErrors));
        r.headers.prepend(std::make_pair(QByteArray("www-authenticate"), kRealm));
        return r;
    }
    ctx.authenticated = true;
    ctx.permissions = &keys[key];

    for (const char *name : {"id_shop_group", "id_group_shop"}) {
        const QString group = ctx.params.value(QString::fromLatin1(name));
        if (phpNumeric(group) && phpInt(group) != 1)
            return finish(
                ctx, errorReply(ctx, 500, {{999, QStringLiteral("This shop group doesn't have shops")}}));
    }
    if (ctx.params.has(QStringLiteral("id_shop"))) {
        const QString shop = ctx.params.value(QStringLiteral("id_shop"));
        if (shop != QLatin1String("all") && !phpNumeric(shop))
            return finish(ctx, errorReply(ctx, 404, {{999, QStringLiteral("This shop id does not exist")}}));
        if (shop != QLatin1String("all") && phpInt(shop) != 1)
            return finish(
                ctx,
                errorReply(ctx, 403, {{132, QStringLiteral("No permission for this key on this shop")}}));
    }
    if (ctx.params.has(QStringLiteral("language"))) {
        ErrorEntry error;
        int status = 400;
        const auto languages = parseLanguages(ctx.params.value(QStringLiteral("language")), error, status);
        if (!languages)
            return finish(ctx, errorReply(ctx, status, {error}));
        ctx.languages = *languages;
    }

    if (ctx.resource.isEmpty()) {
        if (ctx.json) // PrestaShop 8.1.2 dies with a PHP fatal error on the JSON root (fixture 89)
            return phpPlain(500, QByteArray(), false);
        return finish(ctx, apiRoot(ctx));
    }
    const WsResourceInfo *info = wsResource(ctx.resource);
    if (!info) {
        QStringList names;
        for (const WsResourceInfo &r : allWsResources())
            names.append(r.name);
        return finish(
            ctx,
            errorReply(
                ctx, 400,
                {{27, didYouMean(QStringLiteral("Resource of type \"%1\" does not exists").arg(ctx.resource),
                                 ctx.resource, names)}}));
    }
    if (!ctx.permissions->contains(ctx.resource))
        return finish(ctx, errorReply(ctx, 401,
                                      {{26, QStringLiteral("Resource of type \"%1\" is not allowed with this "
                                                           "authentication key")
                                                .arg(ctx.resource)}}));
    const QString methodName = QString::fromLatin1(ctx.method);
    if (!wsMethods().contains(ctx.method))
        return finish(ctx,
                      errorReply(ctx, 405, {{23, QStringLiteral("Method %1 is not valid").arg(methodName)}}));
    if (info->forbiddenMethods.contains(ctx.method))
        return finish(ctx, errorReply(ctx, 405,
                                      {{101, QStringLiteral("Method %1 is not allowed for the resource %2")
                                                 .arg(methodName, ctx.resource)}}));
    if (!ctx.permissions->value(ctx.resource).contains(ctx.method))
        return finish(
            ctx, errorReply(ctx, 405,
                            {{25, QStringLiteral("Method %1 is not allowed for the resource %2 with this "
                                                 "authentication key")
                                      .arg(methodName, ctx.resource)}}));
    const PsTable *t = table(ctx.resource);
    if (!t)
        return finish(
            ctx, errorReply(ctx, 501,
                            {{124, QStringLiteral("syncsmart-sim does not emulate the \"%1\" resource "
                                                  "(emulated: products, stock_availables, combinations, "
                                                  "orders, order_details, order_histories, order_states, languages, "
                                                  "customers)")
                                       .arg(ctx.resource)}}));
    if (ctx.method == "GET" || ctx.method == "HEAD")
        return finish(ctx, ctx.idSegment.isEmpty() ? getList(ctx, *t) : getDetails(ctx, *t));
    if (ctx.method == "DELETE")
        return finish(ctx, remove(ctx));
    return finish(ctx, write(ctx));
}

PrestaShopSim::PrestaShopSim(const SeedCatalog &seed, EffectLog &effects, SimClock &clock,
                             PrestaShopOptions options)
    : d(std::make_unique<Private>(seed, effects, clock, std::move(options)))
{
}

PrestaShopSim::~PrestaShopSim() = default;

QString PrestaShopSim::peerName() const
{
    return QStringLiteral("prestashop");
}

SimResponse PrestaShopSim::handle(const SimRequest &request)
{
    return d->handle(request);
}

void PrestaShopSim::addKey(const QString &key, const QHash<QString, QSet<QByteArray>> &permissions)
{
    d->keys.insert(key, permissions);
}

qint64 PrestaShopSim::productCount() const
{
    return d->catalog.productCount();
}

QStringList PrestaShopSim::customerEmails() const
{
    return d->book.customerEmails();
}

} // namespace syncsmart::sim
