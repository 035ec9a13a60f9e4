// Creating products in batches, idempotently by SKU: look the SKUs up, create the missing ones in
// one create call per batch (a list of dicts costs about the same as one dict), then look them up
// again. The second lookup maps ids back even after an ambiguous failure (the request may have
// been applied), and finds the second copy Qt makes when it re-sends a create after a reset.
#include "connectors/odoo/odooconnector.h"

#include "connectors/odoo/odooparse.h"

#include "common/logging.h"

#include <QHash>

#include <algorithm>

namespace syncsmart {

using namespace odoo;

struct OdooConnector::CreateRun
{
    QVector<ProductData> products;
    QVector<CreateOutcome> outcomes; // same order as products
    QHash<QString, int> firstBySku;  // the item that stands for a SKU given more than once
    int pending = 0;
    Done<QVector<CreateOutcome>> done;
};

namespace {

const QString kCreate = QStringLiteral("create products");

QString groupRecord(const QVector<ProductData> &products, const QList<int> &items)
{
    if (items.size() == 1)
        return products.at(items.first()).sku;
    return QStringLiteral("%1 products (%2 ... %3)")
        .arg(items.size())
        .arg(products.at(items.first()).sku, products.at(items.last()).sku);
}

QHash<QString, QVector<QJsonObject>> bySku(const QVector<QJsonObject> &records)
{
    QHash<QString, QVector<QJsonObject>> out;
    for (const QJsonObject &r : records)
        out[text(r.value(QLatin1String("default_code")))].append(r);
    return out;
}

} // namespace

void OdooConnector::createProducts(const QVector<ProductData> &products, Done<QVector<CreateOutcome>> done)
{
    auto run = std::make_shared<CreateRun>();
    run->products = products;
    run->outcomes.resize(products.size());
    run->done = std::move(done);
    QStringList skus;
    for (int i = 0; i < products.size(); ++i) {
        const QString &sku = products.at(i).sku;
        run->outcomes[i].sku = sku;
        if (sku.isEmpty()) {
            run->outcomes[i].error = Error::permanent(
                QStringLiteral("odoo.no_sku"),
                QStringLiteral("%1: a product without a SKU cannot be created (nothing would find it again).")
                    .arg(what(kCreate, products.at(i).fields.value(field::Name).toString())));
            continue;
        }
        if (!run->firstBySku.contains(sku)) {
            run->firstBySku.insert(sku, i);
            skus << sku;
        }
    }
    run->pending = 1; // held until every group is started
    productsWithSkus(skus, {QStringLiteral("default_code")}, kCreate, [this, run](Result<Records> found) {
        if (!found) {
            for (auto it = run->firstBySku.cbegin(); it != run->firstBySku.cend(); ++it)
                run->outcomes[it.value()].error = found.error();
            return groupDone(run);
        }
        const auto existing = bySku(*found);
        QList<int> missing;
        for (auto it = run->firstBySku.cbegin(); it != run->firstBySku.cend(); ++it) {
            const QVector<QJsonObject> matches = existing.value(it.key());
            CreateOutcome &outcome = run->outcomes[it.value()];
            if (matches.size() == 1) {
                outcome.peerId = QString::number(recordId(matches.first().value(QLatin1String("id"))));
            } else if (matches.size() > 1) {
                outcome.error = Error::permanent(
                    QStringLiteral("odoo.duplicate_sku"),
                    QStringLiteral("%1: the Internal Reference %2 already exists on several Odoo products (ids %3): "
                                   "give each its own reference; SyncSmart does not pick one.")
                        .arg(what(kCreate, it.key()), it.key(), idList(matches)),
                    {{QStringLiteral("productIds"), idList(matches)}});
            } else {
                missing << it.value();
            }
        }
        std::sort(missing.begin(), missing.end());
        const int batch = std::max(1, m_settings.createBatchSize);
        for (qsizetype from = 0; from < missing.size(); from += batch)
            createGroup(run, missing.mid(from, batch));
        groupDone(run);
    });
}

void OdooConnector::groupDone(std::shared_ptr<CreateRun> run)
{
    if (--run->pending > 0)
        return;
    for (int i = 0; i < run->products.size(); ++i) {
        CreateOutcome &outcome = run->outcomes[i];
        const int first = run->firstBySku.value(outcome.sku, i);
        if (first != i) { // the same SKU twice in the input: one product, created once
            outcome.peerId = run->outcomes.at(first).peerId;
            outcome.error = run->outcomes.at(first).error;
            outcome.created = false;
        }
        if (outcome.error) {
            outcome.error->message = m_redactor->redact(outcome.error->message);
            outcome.error->context = m_redactor->redact(outcome.error->context);
        }
    }
    run->done(run->outcomes);
}

void OdooConnector::createGroup(std::shared_ptr<CreateRun> run, const QList<int> &items)
{
    QJsonArray vals;
    QList<int> sent;
    for (int i : items) {
        const ProductData &p = run->products.at(i);
        const auto values = productValues(p.fields, what(kCreate, p.sku));
        if (!values) {
            run->outcomes[i].error = values.error();
            continue;
        }
        QJsonObject v = *values;
        v.insert(QStringLiteral("default_code"), p.sku);
        if (v.value(QLatin1String("name")).toString().isEmpty())
            v.insert(QStringLiteral("name"), p.sku); // name is required
        v.insert(QStringLiteral("detailed_type"), QStringLiteral("product")); // storable: it has stock
        vals.append(v);
        sent << i;
    }
    if (sent.isEmpty())
        return;
    ++run->pending;
    Call call;
    call.model = QStringLiteral("product.product");
    call.method = QStringLiteral("create");
    call.args = QJsonArray{vals}; // a list of dicts -> a list of ids (fixture 07)
    if (!m_settings.language.isEmpty())
        call.kwargs.insert(QStringLiteral("context"), context(false));
    call.operation = kCreate;
    call.record = groupRecord(run->products, sent);
    m_rpc->execute(std::move(call), [this, run, sent](Result<QJsonValue> answer) {
        if (answer) {
            verifyCreated(run, sent, std::nullopt);
        } else if (answer.error().category == ErrorCategory::Transient) {
            // Ambiguous: the create may have been applied before the failure. Look before reporting.
            verifyCreated(run, sent, answer.error());
        } else if (sent.size() > 1) {
            // Odoo refused the batch as a whole (one bad barcode fails all): one call per product, so
            // only the bad one fails.
            for (int i : sent)
                createGroup(run, {i});
            groupDone(run);
        } else {
            run->outcomes[sent.first()].error = answer.error();
            groupDone(run);
        }
    });
}

void OdooConnector::verifyCreated(std::shared_ptr<CreateRun> run, const QList<int> &items, std::optional<Error> failure)
{
    QStringList skus;
    for (int i : items)
        skus << run->products.at(i).sku;
    productsWithSkus(skus, {QStringLiteral("default_code")}, kCreate,
                     [this, run, items, failure](Result<Records> found) {
        if (!found) {
            for (int i : items)
                run->outcomes[i].error = failure ? *failure : found.error();
            return groupDone(run);
        }
        const auto matches = bySku(*found);
        QList<qint64> extras;
        QHash<int, QList<qint64>> extrasOf;
        for (int i : items) {
            CreateOutcome &outcome = run->outcomes[i];
            QVector<QJsonObject> list = matches.value(outcome.sku);
            if (list.isEmpty()) {
                outcome.error = failure ? *failure
                                        : Error::transient(QStringLiteral("odoo.create_not_found"),
                                                           QStringLiteral("%1: Odoo answered the create, but the "
                                                                          "product is not there; it will be tried "
                                                                          "again.")
                                                               .arg(what(kCreate, outcome.sku)));
                continue;
            }
            // Every match is new (none existed before). Keep the oldest: a deterministic choice, so two
            // workers that raced on the same SKU keep the same product.
            const qint64 keep = recordId(list.first().value(QLatin1String("id")));
            outcome.created = true;
            outcome.peerId = QString::number(keep);
            for (const QJsonObject &r : list) {
                const qint64 id = recordId(r.value(QLatin1String("id")));
                if (id != keep) {
                    extras << id;
                    extrasOf[i] << id;
                }
            }
        }
        if (extras.isEmpty())
            return groupDone(run);
        qCWarning(lcOdoo) << "a create was applied twice (network re-send); removing the copies" << extras;
        removeExtras(QStringLiteral("product.product"), extras, QStringLiteral("remove a product created twice"),
                     groupRecord(run->products, items), [this, run, extrasOf](Status removed) {
            if (!removed) {
                for (auto it = extrasOf.cbegin(); it != extrasOf.cend(); ++it) {
                    CreateOutcome &outcome = run->outcomes[it.key()];
                    QStringList ids{outcome.peerId};
                    for (qint64 id : it.value())
                        ids << QString::number(id);
                    outcome.error = Error::permanent(
                        QStringLiteral("odoo.created_twice"),
                        QStringLiteral("%1: a network retry created the product twice (ids %2) and the copy could "
                                       "not be removed (%3): delete all but id %4 in Odoo.")
                            .arg(what(kCreate, outcome.sku), ids.join(QLatin1String(", ")), removed.error().message,
                                 outcome.peerId));
                }
            }
            groupDone(run);
        });
    });
}

void OdooConnector::removeExtras(const QString &model, const QList<qint64> &extras, const QString &operation,
                                 const QString &record, Done<void> done)
{
    QJsonArray ids;
    for (qint64 id : extras)
        ids.append(double(id));
    Call call;
    call.model = model;
    call.method = QStringLiteral("unlink");
    call.args = QJsonArray{ids};
    call.operation = operation;
    call.record = record;
    m_rpc->execute(std::move(call), [done](Result<QJsonValue> answer) {
        // Already gone is what we wanted: Qt may have re-sent the unlink after a reset.
        if (!answer && answer.error().code != QLatin1String("odoo.missing_record"))
            return done(answer.error());
        done(Status());
    });
}

} // namespace syncsmart
