#include "dms-server/server/request_parsing.h"

#include <Poco/Exception.h>
#include <Poco/JSON/Parser.h>
#include <Poco/URI.h>

#include <algorithm>
#include <charconv>

#include "dms-server/server/status_response.h"
#include "dms-server/store/names.h"
#include "dms-server/store/store.h"

namespace synaps::server {

using Poco::JSON::Object;

std::string Query::Get(const std::string& name, const std::string& fallback) const {
  auto it = values.find(name);
  return it == values.end() ? fallback : it->second.back();
}

std::vector<std::string> Query::GetAll(const std::string& name) const {
  auto it = values.find(name);
  return it == values.end() ? std::vector<std::string>{} : it->second;
}

Query ParseQueryString(const std::string& text) {
  Query query;
  try {
    for (auto& [name, value] : Poco::URI("?" + text).getQueryParameters()) {
      query.values[name].push_back(value);
    }
  } catch (const Poco::Exception&) {
    throw HttpError{400, "invalid_argument", "the query string cannot be decoded"};
  }
  return query;
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

int64_t ParseDocumentIdParam(const std::string& text) {
  return ParseIdParam(text, "document");
}

int64_t ParseIdParam(const std::string& text, const std::string& what) {
  auto id = store::ParseDocumentId(text);  // the same digits-only syntax for every id
  if (!id || *id <= 0) throw HttpError{404, "not_found", "no " + what + " " + text};
  return *id;
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

}  // namespace synaps::server
