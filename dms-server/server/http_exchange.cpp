#include "dms-server/server/http_exchange.h"

#include <Poco/Exception.h>
#include <Poco/JSON/Parser.h>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <memory>
#include <sstream>

#include "dms-server/documents/document_service.h"
#include "dms-server/indexing/index_pipeline.h"
#include "dms-server/server/header_deadline.h"
#include "dms-server/server/request_framing.h"
#include "dms-server/store/names.h"
#include "indexer/extract/type_detector.h"
#include "indexer/query/searcher.h"

namespace synaps::server {

namespace fs = std::filesystem;
using Poco::JSON::Object;
using Poco::Net::HTTPResponse;

HttpError FromStatus(const store::Status& status) {
  using store::ErrorCode;
  if (documents::IsLocked(status)) return {423, "locked", status.message()};
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

std::string JsonEscape(std::string_view text) {
  // JSON is UTF-8: bytes that are not (a path segment "%FF" echoed in a message) are shown as
  // \xNN text, as everywhere outside text is shown.
  if (!store::IsValidUtf8(text)) return JsonEscape(store::EscapeForDisplay(text));
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

std::string Query::Get(const std::string& name, const std::string& fallback) const {
  auto it = values.find(name);
  return it == values.end() ? fallback : it->second.back();
}

std::vector<std::string> Query::GetAll(const std::string& name) const {
  auto it = values.find(name);
  return it == values.end() ? std::vector<std::string>{} : it->second;
}

namespace {

// The Store and Searcher of the calling thread (neither is thread-safe), opened on first use and
// kept for the thread's life, one set per data directory (tests run several servers).
struct ThreadResources {
  std::unique_ptr<store::Store> store;
  std::unique_ptr<indexer::query::Searcher> searcher;
};

ThreadResources& Resources(const fs::path& data_dir) {
  thread_local std::map<std::string, ThreadResources> by_directory;
  return by_directory[data_dir.string()];
}

}  // namespace

store::Store& Exchange::store() {
  ThreadResources& resources = Resources(data_dir());
  if (!resources.store) {
    resources.store =
        ValueOrThrow(store::Store::Open(data_dir(), store::Store::OpenMode::kMustExist));
  }
  return *resources.store;
}

void Exchange::Send(int status, const std::string& content_type, const std::string& body) {
  response.setStatusAndReason(static_cast<HTTPResponse::HTTPStatus>(status));
  response.setContentType(content_type);
  response.set("Cache-Control", "no-store");
  response.set("X-Content-Type-Options", "nosniff");
  response.sendBuffer(body.data(), body.size());
  bytes = static_cast<int64_t>(body.size());
}

void Exchange::SendJson(int status, const Object::Ptr& object) {
  std::ostringstream out;
  object->stringify(out);
  SendJsonText(status, out.str());
}

void Exchange::SendJsonText(int status, const std::string& json) {
  Send(status, "application/json; charset=utf-8", json);
}

void Exchange::SendEmpty(int status) {
  response.setStatusAndReason(static_cast<HTTPResponse::HTTPStatus>(status));
  response.setContentLength(0);
  response.send();
}

void Exchange::SendError(const HttpError& error) {
  if (response.sent()) return;
  if (error.status == 401) response.set("WWW-Authenticate", "Basic realm=\"Synaps\"");
  // A message may echo the request ("no document %1B[2J"): shown escaped, one line of UTF-8
  // that a client can print as it is.
  std::string body = "{\"error\":{\"code\":\"" + JsonEscape(error.code) + "\",\"message\":\"" +
                     JsonEscape(store::EscapeForDisplay(error.message)) + "\"}}";
  Send(error.status, "application/json; charset=utf-8", body);
}

void Exchange::WakeIndexer() {
  if (context.indexer) context.indexer->Wake();
}

std::string Exchange::ClientAddress() const {
  return context.proxies.ClientOf(request.clientAddress().host(), request);
}

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

const indexer::TypeDetector& ThreadDetector() {
  thread_local indexer::TypeDetector detector;
  return detector;
}

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

bool ParseBoolean(const std::string& text, const std::string& what) {
  if (text == "true" || text == "1") return true;
  if (text == "false" || text == "0") return false;
  throw HttpError{400, "invalid_argument", what + " must be true or false"};
}

void BodyRead(Exchange& x) {
  if (x.body_read) return;
  // A cut body ends like a whole one to its reader when it is chunked (Poco takes the end of
  // the stream for the last chunk): it must not be stored as if it had come whole.
  if (HeaderDeadline::BodyCut())
    throw HttpError{408, "timeout", "the request body came too slowly"};
  x.body_read = true;
  HeaderDeadline::BodyFinished();
  x.response.setKeepAlive(x.keep_alive);
}

namespace {

// One of the places for the bodies of requests without credentials, held while such a body is
// read; none when the request is authenticated.
class UnauthenticatedBodyPlace {
 public:
  explicit UnauthenticatedBodyPlace(Exchange& x) {
    if (x.user != "-") return;
    if (!x.context.unauthenticated_bodies.try_acquire()) {
      throw HttpError{503, "busy", "too many requests without credentials are sending a body"};
    }
    semaphore_ = &x.context.unauthenticated_bodies;
  }
  ~UnauthenticatedBodyPlace() {
    if (semaphore_ != nullptr) semaphore_->release();
  }
  UnauthenticatedBodyPlace(const UnauthenticatedBodyPlace&) = delete;
  UnauthenticatedBodyPlace& operator=(const UnauthenticatedBodyPlace&) = delete;

 private:
  decltype(ServerContext::unauthenticated_bodies)* semaphore_ = nullptr;
};

HttpError BodyTooLarge(int64_t max) {
  return HttpError{413, "too_large", "the request body exceeds " + std::to_string(max) + " bytes"};
}

}  // namespace

std::string ReadSmallBody(Exchange& x, int64_t max) {
  if (!BodyAnnounced(x.request)) return {};
  // Refused before a byte is read; the connection closes (body_read stays false).
  if (x.request.hasContentLength() && x.request.getContentLength64() > max) throw BodyTooLarge(max);
  UnauthenticatedBodyPlace place(x);
  std::string body;
  char buffer[4096];
  std::istream& in = x.request.stream();
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    body.append(buffer, static_cast<size_t>(in.gcount()));
    if (static_cast<int64_t>(body.size()) > max) throw BodyTooLarge(max);
  }
  if (in.bad() || (x.request.hasContentLength() &&
                   static_cast<int64_t>(body.size()) != x.request.getContentLength64())) {
    throw HttpError{400, "incomplete_body", "the request body ended early"};
  }
  BodyRead(x);
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

Object::Ptr ReadJsonObject(Exchange& x) {
  return ParseJsonObject(ReadSmallBody(x, x.context.options.max_json_bytes));
}

std::optional<std::string> OptionalString(const Object::Ptr& object, const std::string& key) {
  if (!object->has(key) || object->isNull(key)) return std::nullopt;
  if (!object->get(key).isString()) {
    throw HttpError{400, "invalid_argument", "\"" + key + "\" must be a string"};
  }
  std::string value = object->getValue<std::string>(key);
  if (!store::IsValidUtf8(value)) {
    throw HttpError{400, "invalid_argument", "\"" + key + "\" is not valid UTF-8"};
  }
  return value;
}

std::string RequiredString(const Object::Ptr& object, const std::string& key) {
  auto value = OptionalString(object, key);
  if (!value) throw HttpError{400, "invalid_argument", "\"" + key + "\" must be a string"};
  return *value;
}

std::optional<bool> OptionalBool(const Object::Ptr& object, const std::string& key) {
  if (!object->has(key) || object->isNull(key)) return std::nullopt;
  const Poco::Dynamic::Var& value = object->get(key);
  if (value.type() != typeid(bool)) {
    throw HttpError{400, "invalid_argument", "\"" + key + "\" must be true or false"};
  }
  return value.extract<bool>();
}

void RequireKnownMembers(const Object::Ptr& object, std::initializer_list<std::string_view> known) {
  for (const auto& [key, value] : *object) {
    if (std::find(known.begin(), known.end(), key) == known.end()) {
      std::string shown = store::IsValidUtf8(key) ? key : store::EscapeForDisplay(key);
      throw HttpError{400, "invalid_argument", "unknown member \"" + shown + "\""};
    }
  }
}

int64_t ParseDocumentIdParam(const std::string& text) {
  return ParseIdParam(text, "document");
}

int64_t ParseIdParam(const std::string& text, const std::string& what) {
  auto id = store::ParseDocumentId(text);  // the same digits-only syntax for every id
  if (!id || *id <= 0) throw HttpError{404, "not_found", "no " + what + " " + text};
  return *id;
}

}  // namespace synaps::server
