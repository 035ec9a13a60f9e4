#pragma once

#include "odoomodel.h"

#include <QJsonArray>
#include <QJsonObject>

namespace syncsmart::sim::odoo {

class OdooDatabase;

// object.execute_kw(db, uid, key, model, method, args, kwargs) once authenticated: the ORM's
// public methods (search_read, read, create, write, ...) and each model's own. Throws OdooError.
RpcResult executeKw(OdooDatabase &db, const QString &model, const QString &method, const QJsonArray &args,
                    const QJsonObject &kwargs, CallContext &ctx);

// The records as read() returns them: [{"id": .., field: value, ...}, ...].
QByteArray recordsJson(const OdooModel &model, const QList<qint64> &ids, const std::vector<int> &fields);

// Field names of a "fields" argument (all readable fields when empty); ValueError for unknown ones.
std::vector<int> readFields(const OdooModel &model, const QJsonValue &fields);

} // namespace syncsmart::sim::odoo
