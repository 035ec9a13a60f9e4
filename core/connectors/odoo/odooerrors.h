#pragma once

#include "connectors/http/httpclient.h"

#include "common/result.h"

#include <QJsonObject>
#include <QString>

#include <optional>

namespace syncsmart::odoo {

// Who is calling, for error texts: the prefix is HttpClient::describe() of the request
// ("Odoo: update product SKU-1"); login and database name the account a person must fix.
struct ErrorScope
{
    QString prefix;
    QString login;
    QString database;
};

// What a JSON-RPC request asked for, read back from its body (for texts that name the model).
struct RpcCallInfo
{
    QString service;     // "common", "object"
    QString method;      // "authenticate", "execute_kw"
    QString model;       // execute_kw only
    QString modelMethod; // execute_kw only: "search_read", "write"
};
RpcCallInfo callInfo(const QByteArray &requestBody);

// The ResponseClassifier of the Odoo connector, without the HttpClient around it. Odoo answers
// errors with HTTP 200 and an "error" object: the exception class (error.data.name) decides.
// A 200 whose body cannot be read is a transient error naming the call (never a crash).
// Non-200 statuses: 5xx / 429 transient (Retry-After in context "retryAfterMs"), 404 config (wrong
// URL), 400 config (Odoo's answer to a request that is not JSON-RPC), 401/403 auth, other 4xx config.
// The traceback (data.debug) never goes into the message; its last line may go into the context.
std::optional<Error> classifyAnswer(const ErrorScope &scope, const HttpRequest &request,
                                    const HttpResponse &response);

// The error for one JSON-RPC "error" object (exposed for tests).
Error errorFromRpc(const ErrorScope &scope, const RpcCallInfo &call, const QJsonObject &error);

// The last line of a Python traceback ("odoo.exceptions.AccessDenied: Access Denied"), shortened.
QString tracebackTail(const QString &debug);

} // namespace syncsmart::odoo
