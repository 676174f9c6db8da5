#pragma once
// The project's one result type. It lives in the lowest layer (pki, QtCore only) so every layer
// above can return it: a machine code that the CLI maps to its exit code, and a translated,
// user-readable message. No exceptions cross layer boundaries.

#include <QString>

#include <optional>
#include <utility>

namespace tirkeu {

// The numeric values are tirkeu-cli's documented exit codes; never renumber.
enum class ErrorCode : int {
    Ok = 0,
    Failure = 1,   // anything not covered below
    Usage = 2,     // bad command-line arguments
    Invalid = 3,   // input failed validation (form data, CSR, PDF, file content)
    Forbidden = 4, // not signed in, wrong role, four-eyes rule, disabled account
    NotFound = 5,  // no such application / certificate / CA / operator
    Conflict = 6,  // the record is in the wrong state (revoke twice, approve twice, second key)
    Database = 7,  // the register cannot be opened or written, or is newer than this program
    Integrity = 8, // audit chain or archive verification failed
    Crypto = 9,    // key, signature or certificate operation failed
    Io = 10,       // file could not be read or written
    Busy = 11,     // another run holds the lock (cron overlap)
};

struct Error {
    ErrorCode code = ErrorCode::Failure;
    QString message;
};

inline Error makeError(ErrorCode code, const QString& message) {
    return Error{code, message};
}

// Result<T>: either a value or an Error. Result<void> carries only success or an Error.
template <typename T> class [[nodiscard]] Result {
public:
    Result(T value)
        : m_value(std::move(value)) {}
    Result(Error error)
        : m_error(std::move(error)) {}

    bool ok() const { return m_value.has_value(); }
    explicit operator bool() const { return ok(); }
    const T& value() const& { return *m_value; }
    T& value() & { return *m_value; }
    T&& value() && { return std::move(*m_value); }
    const T* operator->() const { return &*m_value; }
    T* operator->() { return &*m_value; }
    const T& operator*() const { return *m_value; }
    const Error& error() const { return m_error; }
    ErrorCode code() const { return ok() ? ErrorCode::Ok : m_error.code; }
    QString message() const { return m_error.message; }

private:
    std::optional<T> m_value;
    Error m_error;
};

template <> class [[nodiscard]] Result<void> {
public:
    Result() = default;
    Result(Error error)
        : m_failed(true)
        , m_error(std::move(error)) {}

    bool ok() const { return !m_failed; }
    explicit operator bool() const { return ok(); }
    const Error& error() const { return m_error; }
    ErrorCode code() const { return ok() ? ErrorCode::Ok : m_error.code; }
    QString message() const { return m_error.message; }

private:
    bool m_failed = false;
    Error m_error;
};

using Status = Result<void>;

} // namespace tirkeu
