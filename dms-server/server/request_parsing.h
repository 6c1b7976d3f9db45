// Request parsing: the text of a request (query string, URL segments, JSON members) turned into
// typed values, or an HttpError naming what is wrong.
//
// Each function takes text already in memory and either returns the value or throws HttpError:
// 400 for a malformed parameter or member, 404 for a URL segment that names nothing (an id
// that is not a number names no document). Strings handed back are valid UTF-8. No state:
// thread-safe. Reading the body itself is request_body.h's job.
#pragma once

#include <Poco/JSON/Object.h>

#include <cstdint>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace synaps::server {

// Decoded query string parameters (the router fills them in).
struct Query {
  std::map<std::string, std::vector<std::string>> values;  // every value of each name, in order
  // The last value of `name` (the last one wins when repeated), or `fallback`.
  std::string Get(const std::string& name, const std::string& fallback = "") const;
  // Every value of a parameter that may be given several times (?tag=a&tag=b).
  std::vector<std::string> GetAll(const std::string& name) const;
  bool Has(const std::string& name) const { return values.count(name) > 0; }
};

// The parameters of a query string ("q=crue&service=DDT", without the '?'), percent-decoded: a
// request's (the router) or one kept for later (a saved search). HttpError 400 when it cannot be
// decoded.
Query ParseQueryString(const std::string& text);

// `text` as an integer in [min, max], else 400 naming `what`.
int64_t ParseInteger(const std::string& text, const std::string& what, int64_t min, int64_t max);
// "true"/"1" or "false"/"0"; anything else throws HttpError 400 naming `what`.
bool ParseBoolean(const std::string& text, const std::string& what);

// A document id from a URL segment; 404 when it is not one (no such document).
int64_t ParseDocumentIdParam(const std::string& text);
// An id from a URL segment; 404 "no `what` TEXT" when it is not one (no such thing).
int64_t ParseIdParam(const std::string& text, const std::string& what);

// `body` as a JSON object, else 400 malformed_json.
Poco::JSON::Object::Ptr ParseJsonObject(const std::string& body);

// Members of a JSON request object. Strings must be valid UTF-8. 400 when missing or mistyped;
// absent and null are alike for the optional ones.
std::string RequiredString(const Poco::JSON::Object::Ptr& object, const std::string& key);
std::optional<std::string> OptionalString(const Poco::JSON::Object::Ptr& object,
                                          const std::string& key);
std::optional<bool> OptionalBool(const Poco::JSON::Object::Ptr& object, const std::string& key);
// 400 when `object` has a member not in `known`: a misspelt field ("disable") must not be
// silently ignored.
void RequireKnownMembers(const Poco::JSON::Object::Ptr& object,
                         std::initializer_list<std::string_view> known);

}  // namespace synaps::server
