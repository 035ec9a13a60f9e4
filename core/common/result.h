#pragma once

#include <QString>
#include <QVariantMap>

#include <optional>
#include <utility>
#include <variant>

namespace syncsmart {

// What a caller should do about an error: retry later, give up on this item, fix credentials,
// or fix configuration. The queue and the console act on this, never on HTTP statuses.
enum class ErrorCategory { Transient, Permanent, Auth, Config };

QString toString(ErrorCategory category);
std::optional<ErrorCategory> errorCategoryFromString(const QString &text);

struct Error
{
    ErrorCategory category = ErrorCategory::Permanent;
    QString code;        // stable, machine-readable: "queue.not_dead", "http.timeout", ...
    QString message;     // for a person: what happened, to which record, and what to do
    QVariantMap context; // e.g. httpStatus, request, response, record (already redacted)

    static Error transient(QString code, QString message, QVariantMap context = {});
    static Error permanent(QString code, QString message, QVariantMap context = {});
    static Error auth(QString code, QString message, QVariantMap context = {});
    static Error config(QString code, QString message, QVariantMap context = {});

    // "[permanent] code: message"
    QString toString() const;
};

template<typename T>
class [[nodiscard]] Result
{
public:
    Result(T value) : m_data(std::in_place_index<0>, std::move(value)) {}
    Result(Error error) : m_data(std::in_place_index<1>, std::move(error)) {}

    bool ok() const { return m_data.index() == 0; }
    explicit operator bool() const { return ok(); }

    const T &value() const & { return std::get<0>(m_data); }
    T &value() & { return std::get<0>(m_data); }
    T &&value() && { return std::get<0>(std::move(m_data)); }
    const T &operator*() const & { return value(); }
    T &operator*() & { return value(); }
    const T *operator->() const { return &value(); }
    T *operator->() { return &value(); }

    const Error &error() const { return std::get<1>(m_data); }

private:
    std::variant<T, Error> m_data;
};

template<>
class [[nodiscard]] Result<void>
{
public:
    Result() = default;
    Result(Error error) : m_error(std::move(error)) {}

    bool ok() const { return !m_error.has_value(); }
    explicit operator bool() const { return ok(); }
    const Error &error() const { return *m_error; }

private:
    std::optional<Error> m_error;
};

using Status = Result<void>;

} // namespace syncsmart
