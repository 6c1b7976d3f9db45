// The XML of WebDAV (RFC 4918 section 14): request bodies read (PROPFIND, PROPPATCH, LOCK) and
// multistatus answers written.
//
// Parsing never fetches anything: external entities and DTDs are not loaded. Every failure is
// InvalidArgument with one line saying what is wrong (the client gets 400).
//
// Pure functions: thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dms-server/store/status.h"

namespace synaps::webdav {

inline constexpr std::string_view kDav = "DAV:";

// A property's name: its namespace URI and local name.
struct PropertyName {
  std::string ns;
  std::string local;
  // "{DAV:}getetag": how dead properties are keyed.
  std::string Key() const { return "{" + ns + "}" + local; }
  bool IsDav(std::string_view name) const { return ns == kDav && local == name; }
  bool operator==(const PropertyName&) const = default;
};

// The key back into a name.
PropertyName NameOfKey(std::string_view key);

struct PropfindRequest {
  enum class Kind { kAllProp, kPropName, kProp };
  Kind kind = Kind::kAllProp;
  std::vector<PropertyName> props;  // with kProp; with kAllProp, those of <include>
};

// An empty body is allprop (RFC 4918 9.1).
store::Result<PropfindRequest> ParsePropfind(std::string_view body);

struct PropertyUpdate {
  PropertyName name;
  bool remove = false;
  // The value as XML to send back verbatim inside the property's element: text escaped,
  // elements with their namespaces declared on themselves.
  std::string value_xml;
};

// <propertyupdate> with its <set> and <remove> in document order (they apply in that order).
store::Result<std::vector<PropertyUpdate>> ParseProppatch(std::string_view body);

struct LockRequest {
  bool exclusive = true;
  std::string owner_xml;  // the <owner> element's content, as XML, sent back in lockdiscovery
};

// <lockinfo>; an empty body is a refresh (std::nullopt).
store::Result<std::optional<LockRequest>> ParseLockInfo(std::string_view body);

// Escapes text for XML character data and attribute values.
std::string XmlEscape(std::string_view text);

// A property element: <P:local xmlns:P="ns">inner_xml</P:local>, or the empty one.
std::string PropertyElement(const PropertyName& name, std::string_view inner_xml = {});

// Writes a 207 multistatus body, one <response> at a time.
class Multistatus {
 public:
  Multistatus();
  // A <response> for `href` with one <propstat> per status that has properties: each entry of
  // `found` is a whole property element (PropertyElement()); `missing`, `forbidden` and
  // `failed` are names answered 404, 403 and 424.
  struct Response {
    std::string href;
    std::vector<std::string> found;
    std::vector<PropertyName> missing, forbidden, failed;
    int status = 0;  // instead of propstats: one <status> for the whole resource (COPY, DELETE)
  };
  void Add(const Response& response);
  // The body, ending the document.
  std::string Finish();

 private:
  std::string xml_;
};

// "HTTP/1.1 404 Not Found".
std::string StatusLine(int status);

}  // namespace synaps::webdav
