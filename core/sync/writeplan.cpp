#include "writeplan.h"

#include "common/fingerprint.h"
#include "sync/canonical.h"
#include "sync/jobapplier.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>

namespace syncsmart {

NewJob jobForWrite(const PlannedWrite &w, const QString &origin)
{
    QJsonObject values;
    for (auto it = w.values.begin(); it != w.values.end(); ++it)
        values.insert(it.key(), it.value());
    QJsonObject copy;
    for (const QString &f : w.fetchFirst)
        copy.insert(f, toString(otherSide(w.target)));
    QJsonObject content{{QStringLiteral("values"), values}, {QStringLiteral("copy"), copy}};
    const QByteArray contentBytes = QJsonDocument(content).toJson(QJsonDocument::Compact);
    QJsonObject payload = content;
    payload.insert(QStringLiteral("sku"), w.sku);
    payload.insert(QStringLiteral("peerId"), w.peerId);
    payload.insert(QStringLiteral("origin"), origin);
    if (w.stockFromErp)
        payload.insert(QStringLiteral("stock"), QStringLiteral("erp"));

    NewJob job;
    job.target = toString(w.target);
    job.kind = w.create ? jobkind::ProductCreate : jobkind::ProductUpdate;
    job.payload = QJsonDocument(payload).toJson(QJsonDocument::Compact);
    job.idempotencyKey = w.create ? QStringLiteral("product:%1:%2:create").arg(w.sku, job.target)
                                  : QStringLiteral("product:%1:%2:%3")
                                        .arg(w.sku, job.target, fingerprintHex(fingerprint(contentBytes)));
    return job;
}

NewJob stockCopyJob(const QString &sku, const QString &shopProductId, const QString &origin)
{
    NewJob job;
    job.target = toString(Side::Shop);
    job.kind = jobkind::StockCopy;
    job.payload = QJsonDocument(QJsonObject{{QStringLiteral("sku"), sku},
                                            {QStringLiteral("peerId"), shopProductId},
                                            {QStringLiteral("origin"), origin}})
                      .toJson(QJsonDocument::Compact);
    // The value is read when it runs: one live copy per SKU is enough.
    job.idempotencyKey = QStringLiteral("stock:%1:shop:copy").arg(sku);
    return job;
}

Result<DecisionPlan> planDecision(const ConflictRecord &c, const ConflictDecision &decision, const SyncProfile &profile)
{
    DecisionPlan plan;
    plan.decided = c;
    plan.decided.resolution = ConflictResolution::Operator;
    auto write = [&](Side target, const QVariant &value, std::optional<Side> copyFrom) {
        PlannedWrite w;
        w.target = target;
        w.sku = c.sku;
        if (copyFrom)
            w.fetchFirst.append(c.field);
        else
            w.values.insert(c.field, value.toString());
        plan.writes.append(w);
    };
    switch (decision.kind) {
    case ConflictDecision::Kind::TakeShop:
        plan.decided.winner = Side::Shop;
        plan.decided.winningValue = c.shopValue;
        plan.decided.reason = c.reason + QStringLiteral(" — decided: take the shop's value");
        write(Side::Erp, c.shopValue, c.shopValue.isValid() ? std::nullopt : std::optional<Side>(Side::Shop));
        break;
    case ConflictDecision::Kind::TakeErp:
        plan.decided.winner = Side::Erp;
        plan.decided.winningValue = c.erpValue;
        plan.decided.reason = c.reason + QStringLiteral(" — decided: take the ERP's value");
        write(Side::Shop, c.erpValue, c.erpValue.isValid() ? std::nullopt : std::optional<Side>(Side::Erp));
        break;
    case ConflictDecision::Kind::Value: {
        const QString canonical = canonicalText(c.field, decision.value, profile.sync.shopLanguage);
        const QString typed = decision.value.toString().trimmed();
        bool numeric = true;
        if (c.field == field::Price || c.field == field::Cost || c.field == field::Weight)
            QLocale::c().toDouble(typed, &numeric);
        if (!numeric || (typed.isEmpty() && c.field == field::Name))
            return Error::config(QStringLiteral("sync.bad_decision_value"),
                                 QStringLiteral("\"%1\" is not a valid %2 for SKU %3: %4")
                                     .arg(typed, c.field, c.sku,
                                          numeric ? QStringLiteral("a product needs a name")
                                                  : QStringLiteral("type a number such as 12.50 (a dot for decimals)")));
        plan.decided.winner.reset();
        plan.decided.winningValue = canonical;
        plan.decided.reason = c.reason + QStringLiteral(" — decided: a value typed by the operator");
        write(Side::Shop, canonical, std::nullopt);
        write(Side::Erp, canonical, std::nullopt);
        break;
    }
    }
    return plan;
}

} // namespace syncsmart
