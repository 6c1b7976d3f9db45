// How a request fails: HttpError, the one exception a handler throws to end its request with an
// error, and the mapping of the store's Status codes to HTTP statuses.
//
// Every failure of a request is an HttpError thrown by whatever noticed it (a parser, a
// permission check, a store call through ValueOrThrow); the one catch in api.cpp sends it as
// {"error":{"code","message"}} (ErrorJson) with the status it carries. Nothing here keeps
// state: thread-safe.
#pragma once

#include <string>
#include <utility>

#include "dms-server/store/status.h"

namespace synaps::server {

// Ends a request with an error response.
struct HttpError {
  int status;
  std::string code;     // stable, machine-readable ("not_found", "invalid_argument", ...)
  std::string message;  // one line for a human; may echo the request (shown escaped)
};

// The HttpError for a failed store call: NotFound → 404, AlreadyExists/Conflict → 409 (a
// document locked over WebDAV: 423), InvalidArgument → 400, PermissionDenied → 403,
// Busy → 503, anything else → 500. The message is the status's own.
HttpError FromStatus(const store::Status& status);

// The value of `result`, or throws FromStatus() of its error.
template <typename T>
T ValueOrThrow(store::Result<T> result) {
  if (!result.ok()) throw FromStatus(result.status());
  return std::move(result).value();
}

// Throws FromStatus(status) unless it is OK.
inline void OkOrThrow(const store::Status& status) {
  if (!status.ok()) throw FromStatus(status);
}

// The body of an error answer: {"error":{"code","message"}}, one line of UTF-8 whatever the
// message holds. A message may echo the request ("no document %1B[2J"): its control characters
// and bytes that are not UTF-8 are shown as \xNN text (store::EscapeForDisplay), so that a
// client can print it as it is.
std::string ErrorJson(const HttpError& error);

}  // namespace synaps::server
