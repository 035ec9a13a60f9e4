#include "sqlitejobqueue_p.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace syncsmart {

const QString kJobColumns = QStringLiteral(
    "id, target, kind, idempotency_key, payload, state, attempts, max_attempts, created_at, updated_at, "
    "next_attempt_at, lease_until, finished_at, lease_owner, last_error_category, last_error_code, "
    "last_error_message, last_error_context");

QString contextToJson(const QVariantMap &context)
{
    if (context.isEmpty())
        return {};
    return QString::fromUtf8(QJsonDocument(QJsonObject::fromVariantMap(context)).toJson(QJsonDocument::Compact));
}

namespace {
QVariantMap contextFromJson(const QString &json)
{
    if (json.isEmpty())
        return {};
    return QJsonDocument::fromJson(json.toUtf8()).object().toVariantMap();
}

} // namespace

std::optional<Error> errorFromColumns(const QVariant &category, const QVariant &code, const QVariant &message,
                                      const QVariant &context)
{
    if (category.isNull())
        return std::nullopt;
    Error e;
    e.category = errorCategoryFromString(category.toString()).value_or(ErrorCategory::Permanent);
    e.code = code.toString();
    e.message = message.toString();
    e.context = contextFromJson(context.toString());
    return e;
}

Job jobFromQuery(const QSqlQuery &q)
{
    Job j;
    j.id = q.value(0).toLongLong();
    j.target = q.value(1).toString();
    j.kind = q.value(2).toString();
    j.idempotencyKey = q.value(3).toString();
    j.payload = q.value(4).toByteArray();
    j.state = jobStateFromString(q.value(5).toString()).value_or(JobState::Pending);
    j.attempts = q.value(6).toInt();
    j.maxAttempts = q.value(7).toInt();
    j.createdAt = q.value(8).toLongLong();
    j.updatedAt = q.value(9).toLongLong();
    j.nextAttemptAt = q.value(10).toLongLong();
    j.leaseUntil = q.value(11).toLongLong();
    j.finishedAt = q.value(12).toLongLong();
    j.leaseOwner = q.value(13).toString();
    j.lastError = errorFromColumns(q.value(14), q.value(15), q.value(16), q.value(17));
    return j;
}

QString errorSearchText(const Error &error)
{
    return (error.code + QLatin1Char('\n') + error.message).toCaseFolded();
}

QVariant nullable(const QString &s)
{
    return s.isEmpty() ? QVariant(QMetaType::fromType<QString>()) : QVariant(s);
}

} // namespace syncsmart
