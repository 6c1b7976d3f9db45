// The If request header of WebDAV (RFC 4918 section 10.4): lists of state tokens and entity
// tags that a request makes its conditions, and how clients submit the lock tokens they hold.
//
//   If: (<opaquelocktoken:...> ["etag"])  (Not <DAV:no-lock>)
//   If: <http://host/dav/CAB/a.odt> (<opaquelocktoken:...>)
//
// Pure: thread-safe.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dms-server/store/status.h"

namespace synaps::webdav {

struct IfCondition {
  bool negated = false;
  std::string state_token;  // a Coded-URL's content, e.g. "opaquelocktoken:..." (or empty)
  std::string entity_tag;   // "\"abc\"" with its quotes (or empty)
};

struct IfList {
  std::optional<std::string> resource;  // a tagged list's resource (an absolute URI or path)
  std::vector<IfCondition> conditions;  // all must hold
};

struct IfHeader {
  std::vector<IfList> lists;  // one must hold
  // Every state token named anywhere: the lock tokens the client submits.
  std::vector<std::string> Tokens() const;
};

// InvalidArgument (400) for a header that does not follow the grammar.
store::Result<IfHeader> ParseIfHeader(std::string_view header);

// What a condition is checked against, for the resource a list applies to: whether `token` is
// a lock token of a lock that covers the resource, and the resource's current entity tag
// (empty when it does not exist).
struct ResourceState {
  std::function<bool(const std::string& token)> has_token;
  std::string entity_tag;
};

// Whether the header holds: one of its lists is true, each list evaluated against the state of
// its resource (`state_of` receives the list's resource, or nullopt for the request's own).
bool Evaluate(const IfHeader& header,
              const std::function<ResourceState(const std::optional<std::string>&)>& state_of);

}  // namespace synaps::webdav
