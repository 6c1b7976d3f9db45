// PermissionFilter: which documents one user may see in search results.
//
// A document is visible when its service is one of the filter's services, or it is shared with
// one of them, or it is shared with everyone (for any user that has a non-empty filter). The
// permission component of the server computes the services; this class only applies them.
// A default-constructed filter, or one without services, denies everything: a search without a
// filter returns nothing. Service codes compare case- and accent-insensitively.
//
// Thread-safe for concurrent reads (a plain value).
#pragma once

#include <string>
#include <vector>

namespace synaps::indexer::query {

class PermissionFilter {
 public:
  PermissionFilter() = default;
  explicit PermissionFilter(std::vector<std::string> readable_services);

  // True when no document can pass (no services).
  bool denies_all() const { return services_.empty(); }
  const std::vector<std::string>& services() const { return services_; }

 private:
  std::vector<std::string> services_;  // non-empty codes only
};

}  // namespace synaps::indexer::query
