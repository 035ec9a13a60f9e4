#include "odoosim.h"

#include "odoodatabase.h"
#include "odoorpc.h"

#include "common/jsonwriter.h"
#include "common/seed.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace syncsmart::sim {

using namespace odoo;

namespace {

// Headers of the real server (Werkzeug in threaded mode). Successful answers carry nosniff, error
// objects do not (fixtures 01 vs 04).
constexpr char kServer[] = "Werkzeug/2.2.2 Python/3.11.2";
constexpr char kJson[] = "application/json; charset=utf-8";
constexpr char kHtml[] = "text/html; charset=utf-8";

SimResponse textResponse(int status, const QByteArray &body)
{
    SimResponse r;
    r.status = status;
    r.body = body;
    r.setHeader("server", kServer);
    r.setHeader("content-type", kHtml);
    r.setHeader("x-content-type-options", "nosniff");
    return r;
}

QByteArray resultEnvelope(const QJsonValue &id, const RpcResult &result)
{
    JsonWriter w(JsonWriter::Style::Python);
    w.beginObject().key("jsonrpc").value("2.0").key("id").value(id);
    if (!result.none) // a method returning None leaves out "result" altogether (fixture 28)
        w.key("result").raw(result.json);
    w.endObject();
    return w.take();
}

} // namespace

OdooSim::OdooSim(const SeedCatalog &seed, EffectLog &effects, SimClock &clock, OdooOptions options)
    : m_options(std::move(options))
    , m_db(std::make_unique<OdooDatabase>(effects, clock, m_options.uid))
{
    m_db->products().seed(seed);
}

OdooSim::~OdooSim() = default;

QString OdooSim::routeKey(const SimRequest &request) const
{
    if (request.path != QLatin1String("/jsonrpc"))
        return QString::fromLatin1(request.method) + QLatin1Char(' ') + request.path;
    const QJsonDocument doc = QJsonDocument::fromJson(request.body);
    if (!doc.isObject())
        return QStringLiteral("invalid");
    const QJsonObject params = doc.object().value(QLatin1String("params")).toObject();
    const QString service = params.value(QLatin1String("service")).toString();
    const QString method = params.value(QLatin1String("method")).toString();
    const QJsonArray args = params.value(QLatin1String("args")).toArray();
    if (service == QLatin1String("common"))
        return method;
    if (service == QLatin1String("object") &&
        (method == QLatin1String("execute_kw") || method == QLatin1String("execute")))
        return method + QLatin1Char(' ') + args.at(3).toString() + QLatin1Char(' ') + args.at(4).toString();
    return service + QLatin1Char(' ') + method;
}

SimResponse OdooSim::handle(const SimRequest &request)
{
    if (request.path != QLatin1String("/jsonrpc")) {
        // Werkzeug's NotFound page: no database route matches.
        return textResponse(
            404, "<!doctype html>\n<html lang=en>\n<title>404 Not Found</title>\n<h1>Not Found</h1>\n"
                 "<p>The requested URL was not found on the server. If you entered the URL manually "
                 "please check your spelling and try again.</p>\n");
    }
    // Request._set_request_dispatcher: a type='json' route takes only JSON mimetypes; anything else
    // (no Content-Type at all included) is a werkzeug BadRequest page.
    const QByteArray mimetype = request.header("content-type").split(';').first().trimmed().toLower();
    if (mimetype != "application/json" && mimetype != "application/json-rpc") {
        return textResponse(
            400, "<!doctype html>\n<html lang=en>\n<title>400 Bad Request</title>\n<h1>Bad Request</h1>\n"
                 "<p>Request inferred type is compatible with [&#39;http&#39;] but &#39;/jsonrpc&#39; is "
                 "type=&#39;json&#39;.</p>\n");
    }
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(request.body, &error);
    if (error.error != QJsonParseError::NoError) {
        // Qt refuses a bare scalar (42, "x", null) that Python's json.loads() accepts.
        const QJsonDocument wrapped = QJsonDocument::fromJson("[" + request.body + "]");
        if (wrapped.isArray() && wrapped.array().size() == 1)
            return textResponse(400, "Invalid JSON-RPC data");
        return textResponse(400, "Invalid JSON data"); // fixture 61
    }
    if (!doc.isObject()) // JsonRPCDispatcher.dispatch: jsonrequest.get() raises AttributeError
        return textResponse(400, "Invalid JSON-RPC data");
    const QJsonObject root = doc.object();
    const QJsonValue id = root.contains(QLatin1String("id")) ? root.value(QLatin1String("id")) : QJsonValue();

    SimResponse response;
    response.setHeader("server", kServer);
    response.setHeader("content-type", kJson);
    try {
        const RpcResult result = dispatch(root.value(QLatin1String("params")).toObject());
        response.setHeader("x-content-type-options", "nosniff");
        response.body = resultEnvelope(id, result);
        response.operation = result.operation;
        response.records = result.records;
        response.heavy = result.heavy;
        response.wrote = result.wrote;
    } catch (const OdooError &e) {
        response.body = errorEnvelope(id, e);
    }
    return response;
}

RpcResult OdooSim::dispatch(const QJsonObject &params)
{
    const QString service = params.value(QLatin1String("service")).toString();
    const QString method = params.value(QLatin1String("method")).toString();
    const QJsonArray args = params.value(QLatin1String("args")).toArray();
    if (service == QLatin1String("common"))
        return common(method, args);
    if (service == QLatin1String("object"))
        return object(method, args);
    // dispatch_rpc looks the service up in a dict of common / db / object.
    throw errors::keyError(service);
}

RpcResult OdooSim::common(const QString &method, const QJsonArray &args)
{
    if (method == QLatin1String("version")) {
        const QStringList parts = m_options.serverVersion.split(QLatin1Char('.'));
        const QString version = m_options.serverVersion == QLatin1String("17.0")
                                    ? QStringLiteral("17.0-20240709")
                                    : m_options.serverVersion;
        JsonWriter w(JsonWriter::Style::Python);
        w.beginObject().key("server_version").value(QStringView(version));
        w.key("server_version_info").beginArray().value(parts.value(0).toInt()).value(parts.value(1).toInt());
        w.value(0).value("final").value(0).value("").endArray();
        w.key("server_serie").value(QStringView(m_options.serverVersion)).key("protocol_version").value(1);
        w.endObject();
        return RpcResult::of(w.take());
    }
    if (method == QLatin1String("authenticate") || method == QLatin1String("login")) {
        if (args.at(0).toString() != m_options.database)
            throw errors::unknownDatabase(args.at(0).toString());
        // A wrong login or password is "result": false, not an error (fixture 03).
        const bool ok = args.at(1).toString() == m_options.login && credentialsMatch(args.at(2));
        return RpcResult::of(ok ? QByteArray::number(m_options.uid) : QByteArray("false"), Operation::Auth);
    }
    throw errors::keyError(QStringLiteral("exp_") + method);
}

bool OdooSim::credentialsMatch(const QJsonValue &secret) const
{
    // An API key is accepted where the password goes (fixture 02).
    const QString given = secret.toString();
    return secret.isString() && ((!m_options.apiKey.isEmpty() && given == m_options.apiKey) ||
                                 (!m_options.password.isEmpty() && given == m_options.password));
}

RpcResult OdooSim::object(const QString &method, const QJsonArray &args)
{
    if (method != QLatin1String("execute_kw") && method != QLatin1String("execute"))
        throw errors::nameError(QStringLiteral("Method not available %1").arg(method));
    if (args.at(0).toString() != m_options.database)
        throw errors::unknownDatabase(args.at(0).toString());
    if (!args.at(1).isDouble() || args.at(1).toDouble() != double(m_options.uid) ||
        !credentialsMatch(args.at(2)))
        throw errors::accessDenied();
    const QString model = args.at(3).toString();
    const QString name = args.at(4).toString();
    QJsonArray positional;
    QJsonObject kwargs;
    if (method == QLatin1String("execute_kw")) {
        positional = args.at(5).toArray();
        kwargs = args.at(6).toObject();
    } else {
        positional = tail(args, 5);
    }
    CallContext ctx = context(EffectSource::Api, kwargs.value(QLatin1String("context")).toObject());
    return executeKw(*m_db, model, name, positional, kwargs, ctx);
}

CallContext OdooSim::context(EffectSource source, const QJsonObject &requestContext) const
{
    CallContext ctx;
    ctx.context = requestContext;
    ctx.uid = m_options.uid;
    ctx.nowMs = m_db->nowMs();
    ctx.source = source;
    return ctx;
}

qint64 OdooSim::firstProductWithSku(const QString &sku) const
{
    const QList<qint64> ids = m_db->products().idsWithCode(sku);
    return ids.isEmpty() ? 0 : ids.first();
}

bool OdooSim::hasSku(const QString &sku) const
{
    return firstProductWithSku(sku) > 0;
}

bool OdooSim::setPrice(const QString &sku, double listPrice, EffectSource source)
{
    const qint64 id = firstProductWithSku(sku);
    if (id <= 0)
        return false;
    CallContext ctx = context(source);
    try {
        m_db->products().write({id}, QJsonObject{{QStringLiteral("list_price"), listPrice}}, ctx);
    } catch (const OdooError &) {
        return false;
    }
    return true;
}

bool OdooSim::setStock(const QString &sku, double quantity, EffectSource source)
{
    const qint64 id = firstProductWithSku(sku);
    if (id <= 0 || !m_db->products().isStorable(id))
        return false;
    CallContext ctx = context(source);
    try {
        m_db->stock().adjust(id, quantity, ctx);
    } catch (const OdooError &) {
        return false;
    }
    return true;
}

qint64 OdooSim::productCount() const
{
    return m_db->products().aliveCount();
}

} // namespace syncsmart::sim
