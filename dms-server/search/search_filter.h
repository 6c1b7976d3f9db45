// The permission filter a search runs with, built at the edge between the permission decision
// and the index: the services whose documents `user` may read (Permissions::ReadableServices),
// as the filter the Searcher applies inside Xapian. Kept out of permissions/ so that the
// permission module does not link Xapian.
//
// Thread safety: as Permissions (one per thread, over that thread's Store).
#pragma once

#include "dms-server/permissions/permissions.h"
#include "dms-server/store/status.h"
#include "indexer/query/permission_filter.h"

namespace synaps::search {

// The filter for `user`: every service for an administrator, the user's services and those that
// shared something with them otherwise; a filter that denies everything for a user of no
// service. A store failure is returned as it is.
store::Result<indexer::query::PermissionFilter> SearchFilterFor(
    permissions::Permissions& permissions, const store::User& user);

}  // namespace synaps::search
