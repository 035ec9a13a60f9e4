// Test connection: the server version, the sign-in, the access rights to every model and operation
// the sync needs (check_access_rights without raising), the product fields and the warehouse.
#include "connectors/odoo/odooconnector.h"

#include "connectors/odoo/odooparse.h"


namespace syncsmart {

using namespace odoo;

namespace {

struct Need
{
    const char *model;
    const char *operation;
    const char *why;
    bool optional = false; // missing: a warning, not a blocker
};

// What the sync does with each right, for the line a person reads when it is missing.
const Need kNeeds[] = {
    {"product.product", "read", "read products and their stock"},
    {"product.product", "write", "update prices and other product fields"},
    {"product.product", "create", "create products"},
    {"stock.quant", "read", "read stock quantities"},
    {"stock.quant", "create", "set stock (inventory adjustments)"},
    {"stock.quant", "write", "apply inventory adjustments"},
    {"stock.warehouse", "read", "find the warehouse's stock location"},
    {"sale.order", "read", "find pushed orders again and read their state"},
    {"sale.order", "create", "create sales orders from shop orders"},
    {"sale.order", "write", "confirm sales orders"},
    {"res.partner", "read", "find customers by email"},
    {"res.partner", "create", "create customers of pushed orders"},
    {"account.move", "read", "read invoice numbers of orders"},
    // Qt re-sends a create by itself after a connection reset; the copy it may leave is removed.
    {"product.product", "unlink", "remove a product a network re-send created twice", true},
    {"res.partner", "unlink", "remove a customer a network re-send created twice", true},
    {"sale.order", "unlink", "remove a sales order a network re-send created twice", true},
};

QString verb(const QString &operation)
{
    if (operation == QLatin1String("write"))
        return QStringLiteral("modify");
    if (operation == QLatin1String("unlink"))
        return QStringLiteral("delete");
    return operation;
}

} // namespace

void OdooConnector::testConnection(Done<ConnectionReport> done)
{
    done = redacting(std::move(done));
    auto report = std::make_shared<ConnectionReport>();
    report->peerName = peerName();
    const QString tlsWarning = m_settings.endpoint.tls.warning(peerName());
    if (!tlsWarning.isEmpty())
        report->warnings << tlsWarning;
    m_rpc->version([this, report, done](Result<QJsonValue> version) {
        if (!version)
            return done(version.error());
        const QJsonObject v = version->toObject();
        const QString serie = v.value(QLatin1String("server_serie")).toString();
        const QString full = v.value(QLatin1String("server_version")).toString();
        report->version = serie.isEmpty() ? full : serie;
        report->capabilities << QStringLiteral("server: Odoo %1").arg(full.isEmpty() ? serie : full);
        const int major = report->version.section(QLatin1Char('.'), 0, 0).toInt();
        if (major != 17) {
            report->warnings << QStringLiteral("%1: the server runs Odoo %2; SyncSmart is made and tested for Odoo "
                                               "17.")
                                    .arg(peerName(), report->version.isEmpty() ? QStringLiteral("(unknown)")
                                                                               : report->version);
        }
        m_rpc->authenticate([this, report, done](Result<int> uid) {
            if (!uid)
                return done(uid.error());
            report->capabilities << QStringLiteral("sign-in: login \"%1\" on database \"%2\" (uid %3)")
                                        .arg(m_settings.login, m_settings.database)
                                        .arg(*uid);
            checkAccess(report, done);
        });
    });
}

void OdooConnector::checkAccess(std::shared_ptr<ConnectionReport> report, Done<ConnectionReport> done)
{
    struct Check
    {
        int pending = 0;
        QVector<bool> allowed;   // per need
        QStringList models;      // in order
        QVector<QString> missing; // per need, empty when allowed
    };
    auto check = std::make_shared<Check>();
    const int count = int(std::size(kNeeds));
    check->pending = count;
    check->missing.resize(count);
    check->allowed.resize(count);
    for (int i = 0; i < count; ++i) {
        const Need &need = kNeeds[i];
        const QString model = QString::fromLatin1(need.model);
        const QString operation = QString::fromLatin1(need.operation);
        if (!check->models.contains(model))
            check->models << model;
        Call call;
        call.model = model;
        call.method = QStringLiteral("check_access_rights");
        call.args = QJsonArray{operation};
        call.kwargs = QJsonObject{{QStringLiteral("raise_exception"), false}};
        call.operation = QStringLiteral("check access rights");
        call.record = QStringLiteral("%1 %2").arg(model, operation);
        m_rpc->execute(std::move(call), [this, check, report, done, i, count, model, operation](Result<QJsonValue> answer) {
            const Need &need = kNeeds[i];
            if (answer && answer->toBool()) {
                check->allowed[i] = true;
            } else if (answer) {
                check->missing[i] = QStringLiteral("The Odoo user \"%1\" may not %2 %3 records, needed to %4: give "
                                                   "the user those rights (Settings > Users & Companies > Users).")
                                        .arg(m_settings.login, verb(operation), model, QString::fromLatin1(need.why));
            } else {
                check->missing[i] = QStringLiteral("%1 %2 (needed to %3): %4")
                                        .arg(model, operation, QString::fromLatin1(need.why), answer.error().message);
            }
            if (--check->pending > 0)
                return;
            // In the order of kNeeds, whatever order the answers came in.
            for (const QString &m : std::as_const(check->models)) {
                QStringList operations;
                for (int n = 0; n < count; ++n) {
                    if (check->allowed.at(n) && QLatin1String(kNeeds[n].model) == m)
                        operations << QString::fromLatin1(kNeeds[n].operation);
                }
                if (!operations.isEmpty())
                    report->capabilities << QStringLiteral("%1: %2").arg(m, operations.join(QLatin1String(", ")));
            }
            for (int n = 0; n < count; ++n) {
                const QString &line = check->missing.at(n);
                QStringList &list = kNeeds[n].optional ? report->warnings : report->missing;
                if (!line.isEmpty() && !list.contains(line))
                    list << (kNeeds[n].optional ? line + QStringLiteral(" Without it, SyncSmart names the copy "
                                                                        "for a person to delete.")
                                                : line);
            }
            checkFields(report, done);
        });
    }
}

void OdooConnector::checkFields(std::shared_ptr<ConnectionReport> report, Done<ConnectionReport> done)
{
    // The product fields the mapping and the stock setting name (a module may be missing).
    QStringList wanted{QStringLiteral("default_code"), QStringLiteral("write_date"), QStringLiteral("detailed_type"),
                       m_settings.stockField};
    for (const QString &canonical : {field::Name, field::Price, field::Cost, field::Ean13, field::Weight, field::Active,
                                     field::Description})
        wanted << productField(canonical);
    Call call;
    call.model = QStringLiteral("product.product");
    call.method = QStringLiteral("fields_get");
    call.kwargs = QJsonObject{{QStringLiteral("allfields"), QJsonArray::fromStringList(wanted)},
                              {QStringLiteral("attributes"), QJsonArray{QStringLiteral("type")}}};
    call.operation = QStringLiteral("check product fields");
    m_rpc->execute(std::move(call), [this, report, done, wanted](Result<QJsonValue> fields) {
        if (!fields) {
            report->missing << fields.error().message;
        } else {
            const QJsonObject known = fields->toObject();
            for (const QString &name : wanted) {
                if (known.contains(name))
                    continue;
                if (name == m_settings.stockField || name == QLatin1String("default_code")
                    || name == QLatin1String("write_date") || name == QLatin1String("detailed_type")) {
                    report->missing << QStringLiteral("Odoo products have no field \"%1\": install Inventory (stock) "
                                                      "or choose another stock field (free_qty, qty_available, "
                                                      "virtual_available).")
                                           .arg(name);
                } else {
                    report->warnings << QStringLiteral("%1: products have no field \"%2\"; it cannot be synced until "
                                                       "the module that adds it is installed.")
                                            .arg(peerName(), name);
                }
            }
        }
        warehouse([report, done](Result<Warehouse> wh) {
            if (!wh)
                report->missing << wh.error().message;
            else
                report->capabilities << QStringLiteral("warehouse: %1 (id %2, stock location %3)")
                                            .arg(wh->name)
                                            .arg(wh->id)
                                            .arg(wh->stockLocationId);
            done(*report);
        });
    });
}

} // namespace syncsmart
