#include "dms-server/server/api.h"

#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPBasicCredentials.h>
#include <Poco/Net/HTTPCookie.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/NameValueCollection.h>
#include <Poco/Net/NetException.h>
#include <Poco/URI.h>
#include <unistd.h>

#include <charconv>
#include <cstdio>
#include <map>
#include <sstream>

#include "dms-server/indexing/index_pipeline.h"
#include "dms-server/permissions/permissions.h"
#include "dms-server/store/names.h"
#include "indexer/extract/type_detector.h"
#include "indexer/query/searcher.h"

namespace synaps::server {

namespace {

namespace fs = std::filesystem;
using permissions::Action;
using permissions::Permissions;
using Poco::JSON::Array;
using Poco::JSON::Object;
using Poco::Net::HTTPResponse;
using Poco::Net::HTTPServerRequest;
using Poco::Net::HTTPServerResponse;

constexpr const char* kSessionCookie = "synaps_session";
constexpr size_t kChunk = 64 * 1024;

// Ends a request with an error response (thrown by the helpers below, caught in one place).
struct HttpError {
  int status;
  std::string code;
  std::string message;
};

HttpError FromStatus(const store::Status& status) {
  using store::ErrorCode;
  switch (status.code()) {
    case ErrorCode::kNotFound:
      return {404, "not_found", status.message()};
    case ErrorCode::kAlreadyExists:
      return {409, "already_exists", status.message()};
    case ErrorCode::kInvalidArgument:
      return {400, "invalid_argument", status.message()};
    case ErrorCode::kConflict:
      return {409, "conflict", status.message()};
    case ErrorCode::kPermissionDenied:
      return {403, "forbidden", status.message()};
    case ErrorCode::kBusy:
      return {503, "busy", status.message()};
    default:
      return {500, "internal", status.message()};
  }
}

template <typename T>
T ValueOrThrow(store::Result<T> result) {
  if (!result.ok()) throw FromStatus(result.status());
  return std::move(result).value();
}

void OkOrThrow(const store::Status& status) {
  if (!status.ok()) throw FromStatus(status);
}

std::string IsoTime(int64_t ms) {
  return Poco::DateTimeFormatter::format(Poco::Timestamp(ms * 1000),
                                         Poco::DateTimeFormat::ISO8601_FRAC_FORMAT);
}

std::string HttpDate(int64_t ms) {
  return Poco::DateTimeFormatter::format(Poco::Timestamp((ms / 1000) * 1000000),
                                         Poco::DateTimeFormat::HTTP_FORMAT);
}

std::string JsonEscape(std::string_view text) {
  std::string out;
  for (unsigned char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20) {
      char buffer[8];
      std::snprintf(buffer, sizeof buffer, "\\u%04x", c);
      out += buffer;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

// The Store, Searcher and type detector of the calling thread (none is thread-safe), opened on
// first use and kept for the thread's life, one set per data directory.
struct ThreadResources {
  std::unique_ptr<store::Store> store;
  std::unique_ptr<indexer::query::Searcher> searcher;
  std::unique_ptr<indexer::TypeDetector> detector;
};

ThreadResources& Resources(const fs::path& data_dir) {
  thread_local std::map<std::string, ThreadResources> by_directory;
  return by_directory[data_dir.string()];
}

store::Store& ThreadStore(const fs::path& data_dir) {
  ThreadResources& resources = Resources(data_dir);
  if (!resources.store) {
    resources.store =
        ValueOrThrow(store::Store::Open(data_dir, store::Store::OpenMode::kMustExist));
  }
  return *resources.store;
}

// Null when there is no index yet (nothing was ever indexed).
indexer::query::Searcher* ThreadSearcher(const fs::path& data_dir) {
  ThreadResources& resources = Resources(data_dir);
  if (!resources.searcher) {
    auto status = indexer::query::Searcher::Open(indexing::IndexDirectory(data_dir).string(),
                                                 &resources.searcher);
    if (!status.ok()) {
      if (status.code() == indexer::index::IndexErrorCode::kIoError) return nullptr;
      throw HttpError{500, "internal", status.message()};
    }
  }
  return resources.searcher.get();
}

const indexer::TypeDetector& ThreadDetector(const fs::path& data_dir) {
  ThreadResources& resources = Resources(data_dir);
  if (!resources.detector) resources.detector = std::make_unique<indexer::TypeDetector>();
  return *resources.detector;
}

// One request being answered.
struct Exchange {
  HTTPServerRequest& request;
  HTTPServerResponse& response;
  ServerContext& context;
  std::string route = "unmatched";
  std::string user = "-";
  int64_t bytes = 0;
  bool cookie_auth = false;

  const fs::path& data_dir() const { return context.options.data_dir; }
  store::Store& store() { return ThreadStore(data_dir()); }

  void Send(int status, const std::string& content_type, const std::string& body) {
    response.setStatusAndReason(static_cast<HTTPResponse::HTTPStatus>(status));
    response.setContentType(content_type);
    response.set("Cache-Control", "no-store");
    response.set("X-Content-Type-Options", "nosniff");
    response.sendBuffer(body.data(), body.size());
    bytes = static_cast<int64_t>(body.size());
  }
  void SendJson(int status, const Object::Ptr& object) {
    std::ostringstream out;
    object->stringify(out);
    Send(status, "application/json; charset=utf-8", out.str());
  }
  void SendEmpty(int status) {
    response.setStatusAndReason(static_cast<HTTPResponse::HTTPStatus>(status));
    response.setContentLength(0);
    response.send();
  }
  void SendError(const HttpError& error) {
    if (response.sent()) return;
    if (error.status == 401) response.set("WWW-Authenticate", "Basic realm=\"Synaps\"");
    std::string body = "{\"error\":{\"code\":\"" + JsonEscape(error.code) + "\",\"message\":\"" +
                       JsonEscape(error.message) + "\"}}";
    Send(error.status, "application/json; charset=utf-8", body);
  }

  std::string ClientAddress() const { return request.clientAddress().host().toString(); }
};

// ---------------------------------------------------------------------------------------------
// Request parsing helpers

struct Query {
  std::map<std::string, std::string> values;
  std::string Get(const std::string& name, const std::string& fallback = "") const {
    auto it = values.find(name);
    return it == values.end() ? fallback : it->second;
  }
  bool Has(const std::string& name) const { return values.count(name) > 0; }
};

int64_t ParseInteger(const std::string& text, const std::string& what, int64_t min, int64_t max) {
  int64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || value < min || value > max) {
    throw HttpError{
        400, "invalid_argument",
        what + " must be a number from " + std::to_string(min) + " to " + std::to_string(max)};
  }
  return value;
}

// Reads a small request body (JSON) into memory, refusing more than `max` bytes.
std::string ReadSmallBody(Exchange& x, int64_t max) {
  if (x.request.hasContentLength() && x.request.getContentLength64() > max) {
    x.response.setKeepAlive(false);
    throw HttpError{413, "too_large", "the request body exceeds " + std::to_string(max) + " bytes"};
  }
  std::string body;
  char buffer[4096];
  std::istream& in = x.request.stream();
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    body.append(buffer, static_cast<size_t>(in.gcount()));
    if (static_cast<int64_t>(body.size()) > max) {
      x.response.setKeepAlive(false);
      throw HttpError{413, "too_large",
                      "the request body exceeds " + std::to_string(max) + " bytes"};
    }
  }
  if (in.bad() || (x.request.hasContentLength() &&
                   static_cast<int64_t>(body.size()) != x.request.getContentLength64())) {
    x.response.setKeepAlive(false);
    throw HttpError{400, "incomplete_body", "the request body ended early"};
  }
  return body;
}

Object::Ptr ParseJsonObject(const std::string& body) {
  try {
    Poco::JSON::Parser parser;
    Poco::Dynamic::Var value = parser.parse(body);
    if (value.type() == typeid(Object::Ptr)) return value.extract<Object::Ptr>();
  } catch (const Poco::Exception&) {
  }
  throw HttpError{400, "malformed_json", "the request body is not a JSON object"};
}

std::string RequiredString(const Object::Ptr& object, const std::string& key) {
  if (!object->has(key) || !object->get(key).isString()) {
    throw HttpError{400, "invalid_argument", "\"" + key + "\" must be a string"};
  }
  std::string value = object->getValue<std::string>(key);
  if (!store::IsValidUtf8(value)) {
    throw HttpError{400, "invalid_argument", "\"" + key + "\" is not valid UTF-8"};
  }
  return value;
}

// ---------------------------------------------------------------------------------------------
// Authentication

std::string ThrottleKey(Exchange& x, const std::string& login) {
  return login + '\n' + x.ClientAddress();
}

void CheckThrottle(Exchange& x, const std::string& key) {
  auto wait = x.context.throttle.Wait(key);
  if (wait.count() > 0) {
    x.response.set("Retry-After", std::to_string(wait.count()));
    throw HttpError{429, "too_many_attempts",
                    "too many failed logins; retry in " + std::to_string(wait.count()) + " s"};
  }
}

// Verifies a login and password (throttled, cached); throws 401/429.
store::User CheckPassword(Exchange& x, const std::string& login, const std::string& password) {
  std::string key = ThrottleKey(x, login);
  CheckThrottle(x, key);
  if (x.context.credentials.Contains(login, password)) {
    auto user = x.store().FindUser(login);
    if (user.ok()) return *user;
  }
  auto user = [&] {
    x.context.password_checks.acquire();
    struct Release {
      std::counting_semaphore<64>& semaphore;
      ~Release() { semaphore.release(); }
    } release{x.context.password_checks};
    return x.store().Authenticate(login, password);
  }();
  if (!user.ok()) {
    if (user.status().code() != store::ErrorCode::kPermissionDenied)
      throw FromStatus(user.status());
    x.context.throttle.RecordFailure(key);
    throw HttpError{401, "unauthenticated", "wrong login or password"};
  }
  x.context.throttle.RecordSuccess(key);
  x.context.credentials.Add(login, password);
  return *user;
}

std::string SessionId(const HTTPServerRequest& request) {
  Poco::Net::NameValueCollection cookies;
  request.getCookies(cookies);
  return cookies.get(kSessionCookie, "");
}

bool IsSafeMethod(const std::string& method) {
  return method == "GET" || method == "HEAD" || method == "OPTIONS";
}

// The authenticated user of the request: HTTP Basic or an API token ("Bearer") if an
// Authorization header is present, else the session cookie (whose unsafe requests need the CSRF
// token). Throws 401/403.
store::User RequireUser(Exchange& x) {
  if (x.request.has("Authorization")) {
    const std::string& authorization = x.request.get("Authorization");
    if (authorization.compare(0, 7, "Bearer ") == 0) {
      // A personal API token, for scripts that should not hold a password.
      std::string key = ThrottleKey(x, "\ntoken");
      CheckThrottle(x, key);
      auto user = x.store().AuthenticateToken(authorization.substr(7));
      if (!user.ok()) {
        if (user.status().code() != store::ErrorCode::kPermissionDenied) {
          throw FromStatus(user.status());
        }
        x.context.throttle.RecordFailure(key);
        throw HttpError{401, "unauthenticated", "unknown or revoked API token"};
      }
      x.user = user->login;
      return *user;
    }
    std::string login, password;
    try {
      Poco::Net::HTTPBasicCredentials credentials(x.request);
      login = credentials.getUsername();
      password = credentials.getPassword();
    } catch (const Poco::Exception&) {
      throw HttpError{401, "unauthenticated", "use HTTP Basic or a Bearer API token"};
    }
    store::User user = CheckPassword(x, login, password);
    x.user = user.login;
    return user;
  }
  std::string id = SessionId(x.request);
  auto session = id.empty() ? std::nullopt : x.context.sessions.Find(id);
  if (!session) throw HttpError{401, "unauthenticated", "log in first"};
  if (!IsSafeMethod(x.request.getMethod()) &&
      x.request.get("X-CSRF-Token", "") != session->csrf_token) {
    throw HttpError{403, "csrf", "missing or wrong X-CSRF-Token header"};
  }
  auto user = x.store().FindUser(session->login);
  if (!user.ok()) {
    x.context.sessions.Remove(id);
    throw HttpError{401, "unauthenticated", "log in first"};
  }
  x.cookie_auth = true;
  x.user = user->login;
  return *user;
}

// ---------------------------------------------------------------------------------------------
// JSON views of the model

Object::Ptr UserJson(const store::User& user) {
  Object::Ptr object = new Object;
  object->set("login", user.login);
  object->set("display_name", user.display_name);
  object->set("is_admin", user.is_admin);
  Array::Ptr memberships = new Array;
  for (const auto& membership : user.memberships) {
    Object::Ptr item = new Object;
    item->set("service", membership.service_code);
    item->set("role", store::RoleName(membership.role));
    memberships->add(item);
  }
  object->set("memberships", memberships);
  return object;
}

Object::Ptr DocumentJson(const store::Document& document,
                         const std::map<std::string, std::string>& metadata) {
  Object::Ptr object = new Object;
  object->set("id", document.id);
  object->set("service", document.service_code);
  object->set("folder", document.folder_path);
  object->set("name", document.name);
  object->set("path", document.path());
  object->set("version", document.current_version);
  object->set("size", document.size);
  object->set("mime_type", document.mime_type);
  object->set("created_at", IsoTime(document.created_at));
  object->set("updated_at", IsoTime(document.updated_at));
  if (document.trashed_at) object->set("trashed_at", IsoTime(*document.trashed_at));
  Array::Ptr tags = new Array;
  for (const auto& tag : document.tags) tags->add(tag);
  object->set("tags", tags);
  Object::Ptr meta = new Object;
  for (const auto& [key, value] : metadata) meta->set(key, value);
  object->set("metadata", meta);
  return object;
}

Object::Ptr VersionJson(const store::Version& version) {
  Object::Ptr object = new Object;
  object->set("version", version.number);
  object->set("size", version.size);
  object->set("sha256", version.blob);
  object->set("mime_type", version.mime_type);
  object->set("author", version.author);
  object->set("created_at", IsoTime(version.created_at));
  object->set("comment", version.comment);
  object->set("extraction_status", version.extraction_status);
  return object;
}

// ---------------------------------------------------------------------------------------------
// Handlers

void Healthz(Exchange& x) {
  auto probe = x.store().PendingIndexWork(1);  // a cheap query: proves the database answers
  if (!probe.ok()) throw HttpError{503, "unhealthy", probe.status().message()};
  Object::Ptr object = new Object;
  object->set("status", "ok");
  x.SendJson(200, object);
}

int64_t IndexQueueLength(store::Store& store) {
  auto length = store.IndexQueueLength();
  return length.ok() ? *length : -1;
}

void MetricsPage(Exchange& x) {
  std::string text = x.context.metrics.Render(IndexQueueLength(x.store()));
  x.Send(200, "text/plain; version=0.0.4; charset=utf-8", text);
}

std::string SessionCookie(Exchange& x, const std::string& value, bool expire) {
  std::string cookie =
      std::string(kSessionCookie) + "=" + value + "; Path=/; HttpOnly; SameSite=Strict";
  if (x.context.options.secure_cookies) cookie += "; Secure";
  if (expire) cookie += "; Max-Age=0";
  return cookie;
}

void Login(Exchange& x) {
  Object::Ptr body = ParseJsonObject(ReadSmallBody(x, x.context.options.max_json_bytes));
  std::string login = RequiredString(body, "login");
  std::string password = RequiredString(body, "password");
  store::User user = CheckPassword(x, login, password);
  x.user = user.login;
  std::string csrf;
  std::string id = x.context.sessions.Create(user.login, &csrf);
  x.response.set("Set-Cookie", SessionCookie(x, id, false));
  Object::Ptr object = new Object;
  object->set("user", UserJson(user));
  object->set("csrf_token", csrf);
  x.SendJson(200, object);
}

void Logout(Exchange& x) {
  RequireUser(x);
  std::string id = SessionId(x.request);
  if (!id.empty()) x.context.sessions.Remove(id);
  x.response.set("Set-Cookie", SessionCookie(x, "", true));
  x.SendEmpty(204);
}

void Me(Exchange& x) {
  x.SendJson(200, UserJson(RequireUser(x)));
}

void Services(Exchange& x) {
  store::User user = RequireUser(x);
  auto services = ValueOrThrow(x.store().ListServices());
  Array::Ptr array = new Array;
  for (const auto& service : services) {
    Object::Ptr item = new Object;
    item->set("code", service.code);
    item->set("name", service.name);
    std::string role;
    for (const auto& membership : user.memberships) {
      if (membership.service_code == service.code) role = store::RoleName(membership.role);
    }
    if (role.empty() && user.is_admin) role = "admin";
    if (role.empty()) {
      item->set("role", Poco::Dynamic::Var());
    } else {
      item->set("role", role);
    }
    array->add(item);
  }
  Object::Ptr object = new Object;
  object->set("services", array);
  x.SendJson(200, object);
}

int64_t ParseDocumentId(const std::string& text) {
  auto id = store::ParseDocumentId(text);
  if (!id || *id <= 0) throw HttpError{404, "not_found", "no document " + text};
  return *id;
}

void GetDocument(Exchange& x, int64_t id) {
  store::User user = RequireUser(x);
  Permissions permissions(x.store());
  store::Document document = ValueOrThrow(permissions.Document(user, id, Action::kRead));
  auto metadata = ValueOrThrow(x.store().GetMetadata(id));
  x.SendJson(200, DocumentJson(document, metadata));
}

void Versions(Exchange& x, int64_t id) {
  store::User user = RequireUser(x);
  Permissions permissions(x.store());
  ValueOrThrow(permissions.Document(user, id, Action::kRead));
  auto versions = ValueOrThrow(x.store().ListVersions(id));
  Array::Ptr array = new Array;
  for (const auto& version : versions) array->add(VersionJson(version));
  Object::Ptr object = new Object;
  object->set("document_id", id);
  object->set("versions", array);
  x.SendJson(200, object);
}

// Content-Disposition with an ASCII fallback and the exact UTF-8 name (RFC 6266 / RFC 5987).
std::string ContentDisposition(const std::string& name) {
  std::string fallback, encoded;
  static const char kHex[] = "0123456789ABCDEF";
  for (unsigned char c : name) {
    bool plain = c >= 0x20 && c < 0x7f && c != '"' && c != '\\' && c != '%';
    if (plain) {
      fallback += static_cast<char>(c);
    } else if ((c & 0xC0) != 0x80) {  // one '_' per UTF-8 character, not per byte
      fallback += '_';
    }
    if (std::isalnum(c) ||
        std::string_view("!#$&+-.^_`|~").find(static_cast<char>(c)) != std::string_view::npos) {
      encoded += static_cast<char>(c);
    } else {
      encoded += '%';
      encoded += kHex[c >> 4];
      encoded += kHex[c & 15];
    }
  }
  return "attachment; filename=\"" + fallback + "\"; filename*=UTF-8''" + encoded;
}

struct ByteRange {
  int64_t first = 0, last = 0;  // inclusive
};

// One "bytes=a-b", "bytes=a-" or "bytes=-n" range. nullopt: no usable Range (serve it all);
// throws 416 when the range cannot be satisfied.
std::optional<ByteRange> ParseRange(const std::string& header, int64_t size) {
  const std::string prefix = "bytes=";
  if (header.compare(0, prefix.size(), prefix) != 0) return std::nullopt;
  std::string spec = header.substr(prefix.size());
  if (spec.find(',') != std::string::npos) return std::nullopt;  // multipart: serve it all
  size_t dash = spec.find('-');
  if (dash == std::string::npos) return std::nullopt;
  auto number = [](const std::string& text, int64_t* out) {
    if (text.empty()) return false;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), *out);
    return error == std::errc() && end == text.data() + text.size() && *out >= 0;
  };
  std::string a = spec.substr(0, dash), b = spec.substr(dash + 1);
  ByteRange range;
  if (a.empty()) {
    int64_t suffix = 0;
    if (!number(b, &suffix)) return std::nullopt;
    if (suffix == 0 || size == 0) throw HttpError{416, "range", "unsatisfiable range"};
    range.first = std::max<int64_t>(0, size - suffix);
    range.last = size - 1;
    return range;
  }
  if (!number(a, &range.first)) return std::nullopt;
  if (b.empty()) {
    range.last = size - 1;
  } else if (!number(b, &range.last) || range.last < range.first) {
    return std::nullopt;
  }
  if (range.first >= size) throw HttpError{416, "range", "unsatisfiable range"};
  range.last = std::min(range.last, size - 1);
  return range;
}

bool ETagMatches(const std::string& header, const std::string& etag) {
  if (header.empty()) return false;
  if (header == "*") return true;
  std::string bare = etag.substr(1, etag.size() - 2);
  std::istringstream in(header);
  std::string item;
  while (std::getline(in, item, ',')) {
    size_t begin = item.find_first_not_of(" \t");
    size_t end = item.find_last_not_of(" \t");
    if (begin == std::string::npos) continue;
    item = item.substr(begin, end - begin + 1);
    if (item.compare(0, 2, "W/") == 0) item = item.substr(2);
    if (item == etag || item == bare) return true;
  }
  return false;
}

void Content(Exchange& x, int64_t id, const Query& query) {
  store::User user = RequireUser(x);
  Permissions permissions(x.store());
  store::Document document = ValueOrThrow(permissions.Document(user, id, Action::kRead));
  int number = 0;
  if (query.Has("version")) {
    number = static_cast<int>(ParseInteger(query.Get("version"), "version", 1, 1 << 30));
  }
  store::Version version = ValueOrThrow(x.store().GetVersion(id, number));
  std::string etag = "\"" + version.blob + "\"";
  std::string last_modified = HttpDate(version.created_at);
  x.response.set("ETag", etag);
  x.response.set("Last-Modified", last_modified);
  x.response.set("Accept-Ranges", "bytes");
  x.response.set("Cache-Control", "private, no-cache");
  x.response.set("X-Content-Type-Options", "nosniff");
  bool not_modified = x.request.has("If-None-Match")
                          ? ETagMatches(x.request.get("If-None-Match"), etag)
                          : x.request.get("If-Modified-Since", "") == last_modified;
  if (not_modified) {
    x.SendEmpty(304);
    return;
  }
  std::optional<ByteRange> range;
  if (x.request.has("Range") && (!x.request.has("If-Range") || x.request.get("If-Range") == etag)) {
    try {
      range = ParseRange(x.request.get("Range"), version.size);
    } catch (const HttpError&) {
      x.response.set("Content-Range", "bytes */" + std::to_string(version.size));
      throw;
    }
  }
  store::UniqueFd fd = ValueOrThrow(x.store().OpenContent(version));
  int64_t first = range ? range->first : 0;
  int64_t length = range ? range->last - range->first + 1 : version.size;
  x.response.setStatusAndReason(range ? HTTPResponse::HTTP_PARTIAL_CONTENT : HTTPResponse::HTTP_OK);
  if (range) {
    x.response.set("Content-Range", "bytes " + std::to_string(range->first) + "-" +
                                        std::to_string(range->last) + "/" +
                                        std::to_string(version.size));
  }
  x.response.setContentType(version.mime_type.empty() ? "application/octet-stream"
                                                      : version.mime_type);
  x.response.set("Content-Disposition", ContentDisposition(document.name));
  x.response.setContentLength64(length);
  std::ostream& out = x.response.send();
  if (x.request.getMethod() == "HEAD") return;  // headers only
  std::vector<char> buffer(kChunk);
  int64_t offset = first, remaining = length;
  while (remaining > 0) {
    ssize_t n = ::pread(fd.get(), buffer.data(),
                        static_cast<size_t>(std::min<int64_t>(remaining, kChunk)), offset);
    if (n <= 0) break;  // the blob shrank under us: the client sees a short body
    out.write(buffer.data(), n);
    if (!out) break;  // the client went away
    offset += n;
    remaining -= n;
    x.bytes += n;
  }
}

const char* OutcomeName(store::PutOutcome outcome) {
  switch (outcome) {
    case store::PutOutcome::kCreated:
      return "created";
    case store::PutOutcome::kNewVersion:
      return "new_version";
    case store::PutOutcome::kUnchanged:
      return "unchanged";
  }
  return "?";
}

void Upload(Exchange& x, const Query& query) {
  store::User user = RequireUser(x);
  if (!query.Has("path")) throw HttpError{400, "invalid_argument", "the path parameter is missing"};
  std::string path = query.Get("path");
  if (!store::IsValidUtf8(path)) {
    throw HttpError{400, "invalid_argument", "the path is not valid UTF-8"};
  }
  store::StorePath parsed = ValueOrThrow(store::ParseStorePath(path));
  if (parsed.names.empty()) throw HttpError{400, "invalid_argument", "the path names no document"};
  Permissions permissions(x.store());
  OkOrThrow(permissions.MayPut(user, parsed));

  const int64_t max = x.context.options.max_upload_bytes;
  if (x.request.hasContentLength() && x.request.getContentLength64() > max) {
    x.response.setKeepAlive(false);
    throw HttpError{413, "too_large", "the document exceeds " + std::to_string(max) + " bytes"};
  }
  if (!x.request.hasContentLength() && !x.request.getChunkedTransferEncoding()) {
    throw HttpError{411, "length_required", "send Content-Length or a chunked body"};
  }
  // Held from the first byte written until the document references the blob, so garbage
  // collection (`synaps gc`) never removes it in between.
  store::BlobLock blob_lock =
      ValueOrThrow(store::BlobLock::Acquire(x.store().blobs(), store::BlobLock::Mode::kShared));
  auto writer = ValueOrThrow(x.store().blobs().NewWriter());
  std::string head;
  std::vector<char> buffer(kChunk);
  std::istream& in = x.request.stream();
  int64_t total = 0;
  while (in.read(buffer.data(), static_cast<std::streamsize>(buffer.size())) || in.gcount() > 0) {
    auto n = static_cast<size_t>(in.gcount());
    total += static_cast<int64_t>(n);
    if (total > max) {
      x.response.setKeepAlive(false);
      throw HttpError{413, "too_large", "the document exceeds " + std::to_string(max) + " bytes"};
    }
    if (head.size() < indexer::kTypeDetectorHeadBytes) {
      head.append(buffer.data(), std::min(n, indexer::kTypeDetectorHeadBytes - head.size()));
    }
    OkOrThrow(writer.Append(buffer.data(), n));
  }
  if (in.bad() || (x.request.hasContentLength() && total != x.request.getContentLength64())) {
    x.response.setKeepAlive(false);
    throw HttpError{400, "incomplete_body",
                    "the request body ended after " + std::to_string(total) + " bytes"};
  }
  store::BlobInfo blob = ValueOrThrow(writer.Commit());

  store::PutRequest put;
  put.service_code = parsed.service_code;
  put.name = parsed.names.back();
  parsed.names.pop_back();
  put.folder = parsed.names;
  put.blob = blob;
  put.mime_type = ThreadDetector(x.data_dir()).Detect(head, put.name);
  put.comment = query.Get("comment");
  store::PutResult result = ValueOrThrow(x.store().PutDocument(store::Actor{user.login}, put));
  if (x.context.indexer) x.context.indexer->Wake();
  Object::Ptr object = new Object;
  object->set("id", result.document_id);
  object->set("version", result.version);
  object->set("outcome", OutcomeName(result.outcome));
  object->set("path", path);
  object->set("size", blob.size);
  object->set("sha256", blob.sha256);
  x.SendJson(result.outcome == store::PutOutcome::kCreated ? 201 : 200, object);
}

void Search(Exchange& x, const Query& query) {
  store::User user = RequireUser(x);
  Permissions permissions(x.store());
  indexer::query::PermissionFilter filter = ValueOrThrow(permissions.SearchFilter(user));
  indexer::query::SearchRequest request;
  request.query = query.Get("q");
  if (!store::IsValidUtf8(request.query)) {
    throw HttpError{400, "invalid_argument", "the query is not valid UTF-8"};
  }
  int64_t page = query.Has("page") ? ParseInteger(query.Get("page"), "page", 1, 10000) : 1;
  int64_t page_size =
      query.Has("page_size") ? ParseInteger(query.Get("page_size"), "page_size", 1, 100) : 20;
  request.page_size = static_cast<size_t>(page_size);
  request.offset = static_cast<size_t>((page - 1) * page_size);
  std::string sort = query.Get("sort", "relevance");
  if (sort == "relevance") {
    request.sort = indexer::query::SortOrder::kRelevance;
  } else if (sort == "newest") {
    request.sort = indexer::query::SortOrder::kDateNewestFirst;
  } else if (sort == "oldest") {
    request.sort = indexer::query::SortOrder::kDateOldestFirst;
  } else {
    throw HttpError{400, "invalid_argument", "sort is relevance, newest or oldest"};
  }
  indexer::query::SearchResult result;
  if (auto* searcher = ThreadSearcher(x.data_dir())) {
    auto status = searcher->Search(request, filter, &result);
    if (status.code() == indexer::index::IndexErrorCode::kInvalidArgument) {
      throw HttpError{400, "invalid_query", status.message()};
    }
    if (!status.ok()) throw HttpError{500, "internal", status.message()};
  }
  Object::Ptr object = new Object;
  object->set("total", result.total_estimate);
  object->set("page", page);
  object->set("page_size", page_size);
  object->set("suggestion", result.suggestion);
  object->set("elapsed_ms", result.elapsed_ms);
  Array::Ptr hits = new Array;
  for (const auto& hit : result.hits) {
    Object::Ptr item = new Object;
    item->set("id", hit.id);
    if (!hit.parent_id.empty()) item->set("parent_id", hit.parent_id);
    item->set("title", hit.title);
    item->set("path", hit.path);
    item->set("file_name", hit.file_name);
    item->set("service", hit.service);
    item->set("mime_type", hit.mime_type);
    item->set("author", hit.author);
    if (hit.date > 0) item->set("date", IsoTime(hit.date * 1000));
    item->set("size", hit.size);
    item->set("percent", hit.percent);
    Array::Ptr tags = new Array;
    for (const auto& tag : hit.tags) tags->add(tag);
    item->set("tags", tags);
    item->set("snippet_html", hit.snippet_html);
    hits->add(item);
  }
  object->set("hits", hits);
  Object::Ptr facets = new Object;
  for (const auto& [name, values] : result.facets) {
    Array::Ptr array = new Array;
    for (const auto& value : values) {
      Object::Ptr item = new Object;
      item->set("value", value.value);
      item->set("count", value.count);
      array->add(item);
    }
    facets->set(name, array);
  }
  object->set("facets", facets);
  x.SendJson(200, object);
}

// ---------------------------------------------------------------------------------------------
// Routing

void RequireMethod(Exchange& x, std::initializer_list<const char*> allowed) {
  for (const char* method : allowed) {
    if (x.request.getMethod() == method) return;
  }
  std::string list;
  for (const char* method : allowed) list += (list.empty() ? "" : ", ") + std::string(method);
  x.response.set("Allow", list);
  throw HttpError{405, "method_not_allowed", "allowed: " + list};
}

void Route(Exchange& x) {
  Poco::URI uri;
  Query query;
  try {
    uri = Poco::URI(x.request.getURI());
    for (auto& [name, value] : uri.getQueryParameters()) query.values[name] = value;
  } catch (const Poco::Exception&) {
    throw HttpError{400, "bad_request", "malformed request URI"};
  }
  const std::string& path = uri.getPath();
  std::vector<std::string> parts;
  std::istringstream in(path);
  for (std::string part; std::getline(in, part, '/');) {
    if (!part.empty()) parts.push_back(part);
  }
  const std::string& method = x.request.getMethod();
  if (parts.size() == 1 && parts[0] == "healthz") {
    x.route = "/healthz";
    RequireMethod(x, {"GET", "HEAD"});
    return Healthz(x);
  }
  if (parts.size() == 1 && parts[0] == "metrics") {
    x.route = "/metrics";
    RequireMethod(x, {"GET", "HEAD"});
    return MetricsPage(x);
  }
  if (parts.size() < 3 || parts[0] != "api" || parts[1] != "v1") {
    throw HttpError{404, "not_found", "no such route"};
  }
  const std::string& resource = parts[2];
  size_t n = parts.size();
  if (resource == "session" && n == 3) {
    x.route = "/api/v1/session";
    RequireMethod(x, {"POST", "DELETE"});
    return method == "POST" ? Login(x) : Logout(x);
  }
  if (resource == "me" && n == 3) {
    x.route = "/api/v1/me";
    RequireMethod(x, {"GET", "HEAD"});
    return Me(x);
  }
  if (resource == "services" && n == 3) {
    x.route = "/api/v1/services";
    RequireMethod(x, {"GET", "HEAD"});
    return Services(x);
  }
  if (resource == "search" && n == 3) {
    x.route = "/api/v1/search";
    RequireMethod(x, {"GET", "HEAD"});
    return Search(x, query);
  }
  if (resource == "documents" && n == 4 && parts[3] == "content") {
    x.route = "/api/v1/documents/content";
    RequireMethod(x, {"PUT"});
    return Upload(x, query);
  }
  if (resource == "documents" && n == 4) {
    x.route = "/api/v1/documents/{id}";
    RequireMethod(x, {"GET", "HEAD"});
    return GetDocument(x, ParseDocumentId(parts[3]));
  }
  if (resource == "documents" && n == 5 && parts[4] == "content") {
    x.route = "/api/v1/documents/{id}/content";
    RequireMethod(x, {"GET", "HEAD"});
    return Content(x, ParseDocumentId(parts[3]), query);
  }
  if (resource == "documents" && n == 5 && parts[4] == "versions") {
    x.route = "/api/v1/documents/{id}/versions";
    RequireMethod(x, {"GET", "HEAD"});
    return Versions(x, ParseDocumentId(parts[3]));
  }
  throw HttpError{404, "not_found", "no such route"};
}

void WriteAccessLog(const Exchange& x, int status, double seconds) {
  std::string line = "{\"time\":\"" + IsoTime(store::NowMs()) + "\",\"method\":\"" +
                     JsonEscape(x.request.getMethod()) + "\",\"route\":\"" + JsonEscape(x.route) +
                     "\",\"status\":" + std::to_string(status) +
                     ",\"bytes\":" + std::to_string(x.bytes) + ",\"duration_ms\":";
  char duration[32];
  std::snprintf(duration, sizeof duration, "%.2f", seconds * 1000);
  line += duration;
  line += ",\"user\":\"" + JsonEscape(x.user) + "\",\"remote\":\"" +
          JsonEscape(x.request.clientAddress().host().toString()) + "\"}\n";
  std::fwrite(line.data(), 1, line.size(), stderr);  // one write per line: lines never interleave
}

// After refusing a body, reads (a bounded amount of) what the client is still sending before
// the connection closes: closing a socket with unread data resets it, and the client would then
// lose the answer explaining the refusal.
void DrainBody(HTTPServerRequest& request) {
  try {
    std::istream& in = request.stream();
    char buffer[16384];
    int64_t drained = 0;
    while (drained < (4 << 20) && (in.read(buffer, sizeof buffer) || in.gcount() > 0)) {
      drained += in.gcount();
    }
  } catch (const std::exception&) {
    // the client gave up: nothing to do
  }
}

class ApiHandler : public Poco::Net::HTTPRequestHandler {
 public:
  explicit ApiHandler(ServerContext& context) : context_(context) {}

  void handleRequest(HTTPServerRequest& request, HTTPServerResponse& response) override {
    auto started = std::chrono::steady_clock::now();
    Exchange x{request, response, context_};
    try {
      Route(x);
    } catch (const HttpError& error) {
      x.SendError(error);
      if (error.status == 413) DrainBody(request);
    } catch (const Poco::TimeoutException&) {
      response.setKeepAlive(false);
      x.SendError({408, "timeout", "the request took too long to arrive"});
    } catch (const Poco::Exception& error) {
      response.setKeepAlive(false);
      x.SendError({500, "internal", error.displayText()});
    } catch (const std::exception& error) {
      response.setKeepAlive(false);
      x.SendError({500, "internal", error.what()});
    }
    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    int status = static_cast<int>(response.getStatus());
    context_.metrics.RecordRequest(x.route, status, seconds);
    if (context_.options.access_log) WriteAccessLog(x, status, seconds);
  }

 private:
  ServerContext& context_;
};

}  // namespace

Poco::Net::HTTPRequestHandler* ApiHandlerFactory::createRequestHandler(
    const Poco::Net::HTTPServerRequest&) {
  return new ApiHandler(context_);
}

}  // namespace synaps::server
