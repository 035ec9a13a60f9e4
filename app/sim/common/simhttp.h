#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>
#include <QUrl>
#include <QUrlQuery>

#include <limits>
#include <optional>
#include <utility>

namespace syncsmart::sim {

using HeaderList = QList<std::pair<QByteArray, QByteArray>>;

// A JSON number as an integer id, count or quantity. Casting a double outside qint64 (1e300, a
// client's bug) is undefined behaviour in C++: saturate instead, NaN gives 0.
inline qint64 saturatedInt64(double value)
{
    if (!(value == value))
        return 0;
    if (value >= 9223372036854775807.0)
        return std::numeric_limits<qint64>::max();
    if (value <= -9223372036854775808.0)
        return std::numeric_limits<qint64>::min();
    return qint64(value);
}

// Parses a raw (percent-encoded) query string the way PHP fills $_GET: "+" is a space, keys and
// values are percent-decoded. Keys keep literal brackets so queryItemValue("filter[reference]")
// finds the item whether the client sent "[" or "%5B"; read values with QUrl::FullyDecoded.
inline QUrlQuery decodeQuery(QByteArrayView rawQuery)
{
    QUrlQuery query;
    for (QByteArray item : rawQuery.toByteArray().split('&')) {
        if (item.isEmpty())
            continue;
        item.replace('+', ' ');
        const qsizetype equals = item.indexOf('=');
        const QString key = QUrl::fromPercentEncoding(item.left(equals < 0 ? item.size() : equals));
        const QString value = equals < 0 ? QString() : QUrl::fromPercentEncoding(item.mid(equals + 1));
        query.addQueryItem(QString::fromLatin1(QUrl::toPercentEncoding(key, "[]")),
                           QString::fromLatin1(QUrl::toPercentEncoding(value)));
    }
    return query;
}

// One request as the emulated API sees it: already read whole, independent of QHttpServer
// so handlers are plain functions that unit tests can call without a socket.
struct SimRequest
{
    QByteArray method;  // "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"
    QString path;       // percent-decoded path, e.g. "/api/products/20"
    QUrlQuery query;    // use queryItemValue(key, QUrl::FullyDecoded)
    HeaderList headers; // names lower-case
    QByteArray body;

    QByteArray header(QByteArrayView lowerCaseName) const
    {
        for (const auto &[name, value] : headers) {
            if (name == lowerCaseName)
                return value;
        }
        return {};
    }
};

// What kind of work a request was, so the cost model can charge it like the real peer would.
enum class Operation {
    Other,      // small reads of metadata, schema, version, errors
    Read,       // one record
    List,       // a page of records (records = how many were serialised)
    Write,      // update of one record (or one write call)
    StockWrite, // a stock change (PrestaShop stock_available, Odoo quant create/apply)
    Create,     // a create call (Odoo charges per call, PrestaShop per record)
    Auth,       // Odoo authenticate (slow hash)
};

struct SimResponse
{
    int status = 200;
    HeaderList headers; // includes Content-Type; the server adds framing headers
    QByteArray body;

    Operation operation = Operation::Other;
    int records = 0;      // records read or written, for the cost model
    bool heavy = false;   // full objects / computed fields: the real peer is several times slower
    bool wrote = false;   // state changed (the "reset after the write" fault strikes only these)

    void setHeader(const QByteArray &lowerCaseName, const QByteArray &value)
    {
        for (auto &[name, existing] : headers) {
            if (name.toLower() == lowerCaseName) {
                existing = value;
                return;
            }
        }
        headers.append({lowerCaseName, value});
    }
};

// One emulated API (PrestaShop Webservice, Odoo JSON-RPC). Lives on the simulator's thread.
class PeerHandler
{
public:
    virtual ~PeerHandler() = default;

    virtual QString peerName() const = 0; // "prestashop", "odoo"

    // Answers one request of the emulated API (never a path under /_sim/).
    virtual SimResponse handle(const SimRequest &request) = 0;

    // What the fault rules of the control API match against ("PATCH /api/products/20",
    // "execute_kw product.product write"): a route as a tester names it.
    virtual QString routeKey(const SimRequest &request) const
    {
        return QString::fromLatin1(request.method) + QLatin1Char(' ') + request.path;
    }

    // Peer-specific part of the control API: GET/POST /_sim/<peerName>/<command>.
    // Returns nullopt for an unknown command (the server answers 404 listing the commands).
    virtual std::optional<QJsonObject> control(const QByteArray &method, const QString &command,
                                               const QUrlQuery &query, const QByteArray &body) = 0;

    // The names of the commands control() knows, for the 404 help and /_sim/.
    virtual QStringList controlCommands() const = 0;
};

} // namespace syncsmart::sim
