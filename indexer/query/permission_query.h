// The Xapian form of a PermissionFilter. Internal to indexer/query; thread-safe.
#pragma once

#include <xapian.h>

#include "indexer/query/permission_filter.h"

namespace synaps::indexer::query {

// Returns the boolean query matching the documents `filter` lets through (to be applied with
// Xapian::Query::OP_FILTER so that match spies only ever see visible documents), or
// Xapian::Query::MatchNothing when filter.denies_all().
Xapian::Query PermissionQuery(const PermissionFilter& filter);

}  // namespace synaps::indexer::query
