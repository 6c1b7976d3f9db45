// Status and Result: how every module of Synaps (the store, the indexer, the services above
// them) reports expected failures.
//
// A Status is either OK or an error code with a one-line, human-readable message that can be shown
// to an agent or an administrator as it is. Programming errors are asserts, not Statuses.
// Result<T> holds either a value or a non-OK Status. Both are cheap to move and safe to copy;
// neither is shared between threads by the types themselves (plain values).
#pragma once

#include <cassert>
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace synaps::base {

enum class ErrorCode {
  kOk = 0,
  kNotFound,          // the document, folder, service, user or version does not exist
  kAlreadyExists,     // a name is taken
  kInvalidArgument,   // a bad name, path, role, key...
  kConflict,          // the state changed under us (e.g. a file changed while being read)
  kPermissionDenied,  // wrong password, not allowed
  kIoError,           // the disk said no (full disk, unreadable file, ...)
  kCorruption,  // stored data (a blob, the database, the index) does not match what was written
  kBusy,        // another writer holds the database (past the busy timeout) or the index
  kInternal,    // a bug or an unexpected library failure (SQLite, Xapian...)
};

// Short stable name of a code ("not_found", ...), used in JSON output and logs.
const char* ErrorCodeName(ErrorCode code);

class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(ErrorCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status Ok() { return {}; }
  static Status NotFound(std::string m) { return {ErrorCode::kNotFound, std::move(m)}; }
  static Status AlreadyExists(std::string m) { return {ErrorCode::kAlreadyExists, std::move(m)}; }
  static Status Invalid(std::string m) { return {ErrorCode::kInvalidArgument, std::move(m)}; }
  static Status Conflict(std::string m) { return {ErrorCode::kConflict, std::move(m)}; }
  static Status Denied(std::string m) { return {ErrorCode::kPermissionDenied, std::move(m)}; }
  static Status Io(std::string m) { return {ErrorCode::kIoError, std::move(m)}; }
  static Status Corruption(std::string m) { return {ErrorCode::kCorruption, std::move(m)}; }
  static Status Busy(std::string m) { return {ErrorCode::kBusy, std::move(m)}; }
  static Status Internal(std::string m) { return {ErrorCode::kInternal, std::move(m)}; }

  bool ok() const { return code_ == ErrorCode::kOk; }
  ErrorCode code() const { return code_; }
  const std::string& message() const { return message_; }

 private:
  ErrorCode code_ = ErrorCode::kOk;
  std::string message_;
};

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status) : status_(std::move(status)) { assert(!status_.ok()); }  // NOLINT

  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }
  T& value() & {
    assert(ok());
    return *value_;
  }
  const T& value() const& {
    assert(ok());
    return *value_;
  }
  T&& value() && {
    assert(ok());
    return std::move(*value_);
  }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::optional<T> value_;
  Status status_;
};

}  // namespace synaps::base

// Returns early from the enclosing function when a Status-returning expression fails.
#define SYNAPS_RETURN_IF_ERROR(expr)     \
  do {                                   \
    ::synaps::base::Status _st = (expr); \
    if (!_st.ok()) return _st;           \
  } while (0)

#define SYNAPS_CONCAT_INNER(a, b) a##b
#define SYNAPS_CONCAT(a, b) SYNAPS_CONCAT_INNER(a, b)
// Declares `lhs` from a Result-returning expression, or returns its Status on failure.
#define SYNAPS_ASSIGN_OR_RETURN(lhs, expr) \
  SYNAPS_ASSIGN_OR_RETURN_IMPL(SYNAPS_CONCAT(_result_, __LINE__), lhs, expr)
#define SYNAPS_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                                 \
  if (!tmp.ok()) return tmp.status();                \
  lhs = std::move(tmp).value()
