// The request being answered (Exchange) and the helpers every route handler shares: errors as
// exceptions, JSON bodies, request parsing, and the per-thread Store/Searcher/type detector.
//
// A handler reads its request from an Exchange and answers through it. Any failure is thrown
// as an HttpError; the one catch in api.cpp turns it into {"error":{"code","message"}} with the
// status it carries. Store errors map to statuses in one place (FromStatus).
#pragma once

#include <Poco/JSON/Object.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>

#include <cstdint>
#include <filesystem>
#include <initializer_list>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "dms-server/json/model_json.h"
#include "dms-server/server/server_context.h"
#include "dms-server/store/status.h"
#include "dms-server/store/store.h"

namespace synaps::indexer {
class TypeDetector;
namespace query {
class Searcher;
}
}  // namespace synaps::indexer

namespace synaps::server {

// Ends a request with an error response.
struct HttpError {
  int status;
  std::string code;     // stable, machine-readable ("not_found", "invalid_argument", ...)
  std::string message;  // one line for a human
};

// The HttpError for a failed store call: NotFound → 404, AlreadyExists/Conflict → 409 (a
// document locked over WebDAV: 423),
// InvalidArgument → 400, PermissionDenied → 403, Busy → 503, anything else → 500.
HttpError FromStatus(const store::Status& status);

template <typename T>
T ValueOrThrow(store::Result<T> result) {
  if (!result.ok()) throw FromStatus(result.status());
  return std::move(result).value();
}

inline void OkOrThrow(const store::Status& status) {
  if (!status.ok()) throw FromStatus(status);
}

// ISO 8601 UTC with milliseconds, as every JSON date of the API.
using json::IsoTime;
// Escapes for a JSON string literal (quotes, backslashes, control characters); text that is not
// valid UTF-8 is first passed through store::EscapeForDisplay, so the result always is.
std::string JsonEscape(std::string_view text);

// Buffer size for streaming bodies in and out.
constexpr size_t kStreamChunk = 64 * 1024;

// Decoded query string parameters (the last one wins when repeated).
struct Query {
  std::map<std::string, std::vector<std::string>> values;  // every value of each name, in order
  // The last value of `name`.
  std::string Get(const std::string& name, const std::string& fallback = "") const;
  // Every value of a parameter that may be given several times (?tag=a&tag=b).
  std::vector<std::string> GetAll(const std::string& name) const;
  bool Has(const std::string& name) const { return values.count(name) > 0; }
};

// One request being answered.
struct Exchange {
  Poco::Net::HTTPServerRequest& request;
  Poco::Net::HTTPServerResponse& response;
  ServerContext& context;
  std::string route = "unmatched";            // the matched route pattern, for logs and metrics
  std::map<std::string, std::string> params;  // the route's {name} segments
  Query query;
  std::string user = "-";    // the authenticated login, for the access log
  int64_t bytes = 0;         // body bytes sent
  bool cookie_auth = false;  // authenticated by the session cookie
  bool token_auth = false;   // authenticated by a personal API token
  // Whether the request's body, if it announced one, was read to its end (BodyRead()). Until
  // then every answer says "Connection: close": unread body bytes must never be taken for the
  // next request on the connection.
  bool body_read = true;
  bool keep_alive = false;  // what the connection may do once the body is read

  const std::filesystem::path& data_dir() const { return context.options.data_dir; }
  // The calling thread's Store on the server's data directory.
  store::Store& store();

  // The {name} segment of the route pattern (it exists: the router matched it).
  const std::string& Param(const std::string& name) const { return params.at(name); }

  void Send(int status, const std::string& content_type, const std::string& body);
  void SendJson(int status, const Poco::JSON::Object::Ptr& object);
  // Sends a body that is already JSON (written by the route itself, for the large answers).
  void SendJsonText(int status, const std::string& json);
  void SendEmpty(int status);
  void SendError(const HttpError& error);
  // The client's address: the peer, or what a trusted reverse proxy says (trusted_proxies.h).
  std::string ClientAddress() const;
  // Tells the background indexer that the store queued work, so the change is searchable soon.
  void WakeIndexer();
};

// The calling thread's Searcher; null while there is no index yet.
indexer::query::Searcher* ThreadSearcher(const std::filesystem::path& data_dir);
// The calling thread's content-type detector.
const indexer::TypeDetector& ThreadDetector();

// `text` as an integer in [min, max], else 400 naming `what`.
int64_t ParseInteger(const std::string& text, const std::string& what, int64_t min, int64_t max);
// "true"/"1" or "false"/"0"; anything else throws HttpError 400 naming `what`.
bool ParseBoolean(const std::string& text, const std::string& what);

// Records that the request's body was read to its end: the connection may serve another
// request after this one (if the client wants it), and the body's pace is no longer watched.
// Called by whatever reads a body: ReadSmallBody, StreamToBlob, the multipart upload, before
// they act on it. Throws 408 when the body was cut for coming too slowly (header_deadline.h).
void BodyRead(Exchange& x);

// Reads a small request body (JSON) into memory: 413 above `max` bytes (at once, from the
// Content-Length, without reading it), 400 when it ends early, "" when the request announces
// no body. A request without credentials (a login) reads its body only while one of the
// server's few places for such bodies is free (options.unauthenticated_bodies), else 503 at
// once: slow senders without an account cannot hold many request threads.
std::string ReadSmallBody(Exchange& x, int64_t max);
// The request body as a JSON object (at most options.max_json_bytes), else 400 malformed_json.
Poco::JSON::Object::Ptr ReadJsonObject(Exchange& x);
Poco::JSON::Object::Ptr ParseJsonObject(const std::string& body);

// Members of a JSON request object. Strings must be valid UTF-8. 400 when missing or mistyped.
std::string RequiredString(const Poco::JSON::Object::Ptr& object, const std::string& key);
std::optional<std::string> OptionalString(const Poco::JSON::Object::Ptr& object,
                                          const std::string& key);
std::optional<bool> OptionalBool(const Poco::JSON::Object::Ptr& object, const std::string& key);
// 400 when `object` has a member not in `known`: a misspelt field ("disable") must not be
// silently ignored.
void RequireKnownMembers(const Poco::JSON::Object::Ptr& object,
                         std::initializer_list<std::string_view> known);

// A document id from a URL segment; 404 when it is not one (no such document).
int64_t ParseDocumentIdParam(const std::string& text);
// An id from a URL segment; 404 "no `what` TEXT" when it is not one (no such thing).
int64_t ParseIdParam(const std::string& text, const std::string& what);

}  // namespace synaps::server
