#include "odooerrors.h"

#include "odootracebacks.h"
#include "odoovalue.h"

#include "common/jsonwriter.h"

namespace syncsmart::sim::odoo {

namespace {

QString latin(const char *text)
{
    return QString::fromLatin1(text);
}

// Python prints builtins without their module: "ValueError: ...", "odoo.exceptions.UserError: ...".
QString shortName(const QString &name)
{
    return name.startsWith(QLatin1String("builtins.")) ? name.mid(9) : name;
}

OdooError make(const QString &name, const QString &message, const QString &frames)
{
    return OdooError{name, message,
                     frames + shortName(name) + QLatin1String(": ") + message + QLatin1Char('\n')};
}

QString callPrefix()
{
    return latin(tb::kHttp) + latin(tb::kObjectExecuteKw) + latin(tb::kExecuteCr) + latin(tb::kRetrying);
}

QString callKw(CallPath path)
{
    switch (path) {
    case CallPath::Multi:
        return latin(tb::kCallKwMulti);
    case CallPath::Model:
        return latin(tb::kCallKwModel);
    case CallPath::Create:
        return latin(tb::kCallKwCreate);
    }
    return {};
}

// The raising frame of a captured tail, for models whose own override frames were not captured.
QString lastFrame(const char *tail)
{
    const QString text = latin(tail);
    const qsizetype at = text.lastIndexOf(QLatin1String("  File \""));
    return at < 0 ? text : text.mid(at);
}

QString idsRepr(const QList<qint64> &ids)
{
    QStringList parts;
    for (qint64 id : ids)
        parts << QString::number(id);
    return ids.size() == 1 ? QStringLiteral("(%1,)").arg(parts.first())
                           : QLatin1Char('(') + parts.join(QLatin1String(", ")) + QLatin1Char(')');
}

bool isProduct(const QString &model)
{
    return model == QLatin1String("product.product");
}

} // namespace

namespace errors {

OdooError accessDenied()
{
    return make(QStringLiteral("odoo.exceptions.AccessDenied"), QStringLiteral("Access Denied"),
                latin(tb::kHttp) + latin(tb::kAccessDeniedTail));
}

OdooError unknownDatabase(const QString &database)
{
    const QString message = QStringLiteral("connection to server at \"127.0.0.1\", port 5433 failed: FATAL:  "
                                           "database \"%1\" does not exist\n")
                                .arg(database);
    const QString frames =
        latin(tb::kUnknownDbInner) + QStringLiteral("KeyError: %1\n\n").arg(pythonRepr(database)) +
        QLatin1String("During handling of the above exception, another exception occurred:\n\n") +
        latin(tb::kHttp) + latin(tb::kUnknownDbCommonTail);
    return make(QStringLiteral("psycopg2.OperationalError"), message, frames);
}

OdooError privateMethod(const QString &method)
{
    return make(QStringLiteral("odoo.exceptions.AccessError"),
                QStringLiteral("Private methods (such as %1) cannot be called remotely.").arg(method),
                latin(tb::kHttp) + latin(tb::kObjectExecuteKw) + latin(tb::kPrivateMethodTail));
}

OdooError unknownModel(const QString &model)
{
    return make(QStringLiteral("odoo.exceptions.UserError"),
                QStringLiteral("Object %1 doesn't exist").arg(model),
                latin(tb::kHttp) + latin(tb::kObjectExecuteKw) + latin(tb::kUnknownModelTail));
}

OdooError unknownMethod(const QString &model, const QString &method)
{
    return make(QStringLiteral("builtins.AttributeError"),
                QStringLiteral("The method '%1' does not exist on the model '%2'").arg(method, model),
                callPrefix() + latin(tb::kUnknownMethodTail));
}

OdooError invalidFieldInValues(const QString &model, const QString &field)
{
    const QString tail = isProduct(model) ? latin(tb::kProductWriteInvalidFieldTail)
                                          : lastFrame(tb::kProductWriteInvalidFieldTail);
    return make(QStringLiteral("builtins.ValueError"),
                QStringLiteral("Invalid field %1 on model %2").arg(pythonRepr(field), pythonRepr(model)),
                callPrefix() + callKw(CallPath::Multi) + tail);
}

OdooError invalidFieldInFields(const QString &model, const QString &field)
{
    return make(QStringLiteral("builtins.ValueError"),
                QStringLiteral("Invalid field %1 on model %2").arg(pythonRepr(field), pythonRepr(model)),
                callPrefix() + callKw(CallPath::Model) + latin(tb::kSearchReadFieldsTail));
}

OdooError invalidLeaf(const QString &model, const QString &path, const QString &leafRepr)
{
    const QString head = path.section(QLatin1Char('.'), 0, 0);
    return make(QStringLiteral("builtins.ValueError"),
                QStringLiteral("Invalid field %1.%2 in leaf %3").arg(model, head, leafRepr),
                callPrefix() + callKw(CallPath::Model) + latin(tb::kSearchReadLeafTail));
}

OdooError missingRecords(const QString &model, const QList<qint64> &ids, int uid)
{
    const QString tail =
        isProduct(model) ? latin(tb::kProductWriteMissingTail) : lastFrame(tb::kProductWriteMissingTail);
    return make(QStringLiteral("odoo.exceptions.MissingError"),
                QStringLiteral("Record does not exist or has been deleted.\n(Record: %1%2, User: %3)")
                    .arg(model, idsRepr(ids), QString::number(uid)),
                callPrefix() + callKw(CallPath::Multi) + tail);
}

OdooError wrongSelection(const QString &model, const QString &field, const QJsonValue &value)
{
    const QString tail =
        isProduct(model) ? latin(tb::kProductWriteSelectionTail) : lastFrame(tb::kProductWriteSelectionTail);
    return make(QStringLiteral("builtins.ValueError"),
                QStringLiteral("Wrong value for %1.%2: %3").arg(model, field, pythonRepr(value)),
                callPrefix() + callKw(CallPath::Multi) + tail);
}

OdooError mandatoryField(const QString &modelLabel, const QString &model, const QString &fieldLabel,
                         const QString &field, const QString &failingRow)
{
    const QString table = QString(model).replace(QLatin1Char('.'), QLatin1Char('_'));
    const QString inner =
        QLatin1String("Traceback (most recent call last):\n") + latin(tb::kRetrying) +
        latin(tb::kCallKwCreate) +
        (model == QLatin1String("product.template") ? latin(tb::kProductCreateNotNullInner)
                                                    : lastFrame(tb::kProductCreateNotNullInner)) +
        QStringLiteral(
            "psycopg2.errors.NotNullViolation: null value in column \"%1\" of relation \"%2\" violates "
            "not-null constraint\nDETAIL:  Failing row contains (%3).\n\n\n")
            .arg(field, table, failingRow);
    const QString message =
        QStringLiteral("The operation cannot be completed:\n"
                       "- Create/update: a mandatory field is not set.\n"
                       "- Delete: another model requires the record being deleted. If possible, "
                       "archive it instead.\n\nModel: %1 (%2)\nField: %3 (%4)\n")
            .arg(modelLabel, model, fieldLabel, field);
    const QString outer =
        QLatin1String("The above exception was the direct cause of the following exception:\n\n") +
        latin(tb::kHttp) + latin(tb::kObjectExecuteKw) + latin(tb::kExecuteCr) +
        latin(tb::kRetryingValidation);
    return make(QStringLiteral("odoo.exceptions.ValidationError"), message, inner + outer);
}

OdooError duplicateBarcode(const QString &barcode, const QStringList &productNames)
{
    return make(QStringLiteral("odoo.exceptions.ValidationError"),
                QStringLiteral(
                    "Barcode(s) already assigned:\n\n- Barcode \"%1\" already assigned to product(s): %2\n\n"
                    "Note: products that you don't have access to will not be shown above.")
                    .arg(barcode, productNames.join(QLatin1String(", "))),
                callPrefix() + callKw(CallPath::Create) + latin(tb::kProductCreateBarcodeTail));
}

OdooError unlinkConfirmedOrder()
{
    return make(
        QStringLiteral("odoo.exceptions.UserError"),
        QStringLiteral(
            "You can not delete a sent quotation or a confirmed sales order. You must first cancel it."),
        callPrefix() + callKw(CallPath::Multi) + latin(tb::kSaleOrderUnlinkTail));
}

OdooError accessRights(const QString &model, const QString &modelLabel, const QString &operation)
{
    // ir.model.access check() of Odoo 17, with no group granting the operation.
    QString head;
    if (operation == QLatin1String("read"))
        head = QStringLiteral("You are not allowed to access '%1' (%2) records.");
    else if (operation == QLatin1String("write"))
        head = QStringLiteral("You are not allowed to modify '%1' (%2) records.");
    else if (operation == QLatin1String("create"))
        head = QStringLiteral("You are not allowed to create '%1' (%2) records.");
    else
        head = QStringLiteral("You are not allowed to delete '%1' (%2) records.");
    const QString message = head.arg(modelLabel, model) +
                            QLatin1String("\n\nNo group currently allows this operation.\n\n"
                                          "Contact your administrator to request access if necessary.");
    return make(QStringLiteral("odoo.exceptions.AccessError"), message,
                callPrefix() + callKw(CallPath::Model));
}

OdooError userError(const QString &message, CallPath path)
{
    return make(QStringLiteral("odoo.exceptions.UserError"), message, callPrefix() + callKw(path));
}

OdooError validationError(const QString &message, CallPath path)
{
    return make(QStringLiteral("odoo.exceptions.ValidationError"), message, callPrefix() + callKw(path));
}

OdooError valueError(const QString &message, CallPath path)
{
    return make(QStringLiteral("builtins.ValueError"), message, callPrefix() + callKw(path));
}

OdooError typeError(const QString &message, CallPath path)
{
    return make(QStringLiteral("builtins.TypeError"), message, callPrefix() + callKw(path));
}

OdooError keyError(const QString &key)
{
    return make(QStringLiteral("builtins.KeyError"), pythonRepr(key), latin(tb::kHttp));
}

OdooError nameError(const QString &message)
{
    return make(QStringLiteral("builtins.NameError"), message, latin(tb::kHttp));
}

} // namespace errors

QByteArray errorEnvelope(const QJsonValue &id, const OdooError &error)
{
    JsonWriter w(JsonWriter::Style::Python);
    w.beginObject().key("jsonrpc").value("2.0").key("id").value(id);
    w.key("error").beginObject().key("code").value(200).key("message").value("Odoo Server Error");
    w.key("data").beginObject();
    w.key("name").value(QStringView(error.name));
    w.key("debug").value(QStringView(error.debug));
    w.key("message").value(QStringView(error.message));
    w.key("arguments").beginArray().value(QStringView(error.message)).endArray();
    w.key("context").beginObject().endObject();
    w.endObject().endObject().endObject();
    return w.take();
}

} // namespace syncsmart::sim::odoo
