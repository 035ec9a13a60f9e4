#include "result.h"

namespace syncsmart {

QString toString(ErrorCategory category)
{
    switch (category) {
    case ErrorCategory::Transient: return QStringLiteral("transient");
    case ErrorCategory::Permanent: return QStringLiteral("permanent");
    case ErrorCategory::Auth: return QStringLiteral("auth");
    case ErrorCategory::Config: return QStringLiteral("config");
    }
    return QStringLiteral("permanent");
}

std::optional<ErrorCategory> errorCategoryFromString(const QString &text)
{
    for (auto c : {ErrorCategory::Transient, ErrorCategory::Permanent, ErrorCategory::Auth,
                   ErrorCategory::Config}) {
        if (text.compare(toString(c), Qt::CaseInsensitive) == 0)
            return c;
    }
    return std::nullopt;
}

Error Error::transient(QString code, QString message, QVariantMap context)
{
    return {ErrorCategory::Transient, std::move(code), std::move(message), std::move(context)};
}

Error Error::permanent(QString code, QString message, QVariantMap context)
{
    return {ErrorCategory::Permanent, std::move(code), std::move(message), std::move(context)};
}

Error Error::auth(QString code, QString message, QVariantMap context)
{
    return {ErrorCategory::Auth, std::move(code), std::move(message), std::move(context)};
}

Error Error::config(QString code, QString message, QVariantMap context)
{
    return {ErrorCategory::Config, std::move(code), std::move(message), std::move(context)};
}

QString Error::toString() const
{
    return QStringLiteral("[%1] %2: %3").arg(syncsmart::toString(category), code, message);
}

} // namespace syncsmart
