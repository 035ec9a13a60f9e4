#pragma once

#include <QByteArray>
#include <QJsonValue>
#include <QList>
#include <QString>

namespace syncsmart::sim::odoo {

// A Python exception raised by the emulated server. Odoo turns every exception into the same
// JSON-RPC error object, so inside the emulation it is thrown like Python raises it and caught once,
// at the JSON-RPC boundary (OdooSim::handle); it never leaves the odoo module.
struct OdooError
{
    QString name;    // "odoo.exceptions.AccessDenied", "builtins.ValueError", "psycopg2.OperationalError"
    QString message; // data.message == data.arguments[0]
    QString debug;   // the Python traceback, ending with "<Exception>: <message>\n"
};

// Where in Odoo's call_kw an error happens; picks the traceback frames.
enum class CallPath { Multi, Model, Create };

namespace errors {

OdooError accessDenied();                                                   // 04
OdooError unknownDatabase(const QString &database);                         // 05
OdooError privateMethod(const QString &method);                             // 44
OdooError unknownModel(const QString &model);                               // 54
OdooError unknownMethod(const QString &model, const QString &method);       // 58
OdooError invalidFieldInValues(const QString &model, const QString &field); // 55 (write / create)
OdooError invalidFieldInFields(const QString &model, const QString &field); // 60 (read / search_read)
OdooError invalidLeaf(const QString &model, const QString &path, const QString &leafRepr);     // 56
OdooError missingRecords(const QString &model, const QList<qint64> &ids, int uid);             // 57
OdooError wrongSelection(const QString &model, const QString &field, const QJsonValue &value); // 59
// 51: a NOT NULL column left empty, turned into a ValidationError by service/model.py.
// failingRow: PostgreSQL's DETAIL "Failing row contains (...)" values.
OdooError mandatoryField(const QString &modelLabel, const QString &model, const QString &fieldLabel,
                         const QString &field, const QString &failingRow);
OdooError duplicateBarcode(const QString &barcode, const QStringList &productNames); // 52
OdooError unlinkConfirmedOrder();                                                    // 53
OdooError accessRights(const QString &model, const QString &modelLabel, const QString &operation);

// Errors without a captured traceback of their own: the common frames of their call path.
OdooError userError(const QString &message, CallPath path = CallPath::Multi);
OdooError validationError(const QString &message, CallPath path = CallPath::Create);
OdooError valueError(const QString &message, CallPath path = CallPath::Model);
OdooError typeError(const QString &message, CallPath path = CallPath::Model);
OdooError keyError(const QString &key); // dispatch_rpc of an unknown service or common method
OdooError nameError(const QString &message);

} // namespace errors

// {"jsonrpc": "2.0", "id": <id>, "error": {"code": 200, "message": "Odoo Server Error", "data": {...}}}
QByteArray errorEnvelope(const QJsonValue &id, const OdooError &error);

} // namespace syncsmart::sim::odoo
