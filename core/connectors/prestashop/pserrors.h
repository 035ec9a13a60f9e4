#pragma once

#include "common/clock.h"
#include "common/result.h"
#include "connectors/http/httpclient.h"

#include <QByteArray>
#include <QString>
#include <QVector>

#include <optional>

namespace syncsmart::ps {

// One entry of a webservice errors body: {"errors":[{"code":N,"message":".."}]} or
// <prestashop><errors><error><code/><message/></error></errors></prestashop>.
struct WsError
{
    int code = 0;
    QString message;
};

// Code 3 is a PHP warning/notice that PrestaShop turns into an error entry (and an HTTP 500) in
// production mode: noise about the shop's PHP, not about the request.
inline constexpr int kPhpWarningCode = 3;

// The error entries of a body (JSON or XML); empty when the body holds none or does not parse.
QVector<WsError> parseWsErrors(const QByteArray &body);

// What the peer meant, body first (fixtures 70-89):
//  401 auth (with code 26: the key may not use the resource); 403 auth; 405 with code 25: auth (the
//  key may not use the method); 404 permanent (unknown record);
//  405 config; 400 permanent with the peer's message; 500 whose body names a real webservice error
//  (any code but 3: bad filter/display/sort, unparsable XML, validation, "Unable to save") permanent;
//  500 with only PHP warnings, an empty or HTML body transient; 503 with code 22 (webservice
//  disabled) config; 429/502/503/504 transient with Retry-After (context "retryAfterMs").
//  500 with PHP warnings only also carries context peerAlive=true (the breaker does not count it).
//  3xx: config (SyncSmart follows no redirect; the text names the Location and the URL to set,
//  from baseUrl); 304 and 1xx: permanent (never asked for).
// Returns nullopt for 2xx only. Never puts the key anywhere (it never sees it).
std::optional<Error> classifyResponse(const QString &peerName, const HttpRequest &request,
                                      const HttpResponse &response, qint64 nowMs, const QUrl &baseUrl = {});

// The classifier handed to the HttpClient.
ResponseClassifier makeClassifier(QString peerName, const Clock &clock, QUrl baseUrl = {});

// A 2xx body that cannot be read (truncated, malformed, characters JSON/XML may not carry).
// Transient: the body says nothing about the record, a re-read is the only way to find out, and the
// queue's retry budget bounds it (the message says what to check when it persists).
Error badBodyError(const QString &what, const QString &problem);

} // namespace syncsmart::ps
