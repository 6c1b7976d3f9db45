#include "dms-server/search/search_filter.h"

namespace synaps::search {

store::Result<indexer::query::PermissionFilter> SearchFilterFor(
    permissions::Permissions& permissions, const store::User& user) {
  SYNAPS_ASSIGN_OR_RETURN(auto services, permissions.ReadableServices(user));
  return indexer::query::PermissionFilter(std::move(services));
}

}  // namespace synaps::search
