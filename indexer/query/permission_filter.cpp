#include "indexer/query/permission_filter.h"

#include <utility>

#include "indexer/index/schema.h"
#include "indexer/query/permission_query.h"

namespace synaps::indexer::query {

namespace schema = index::schema;

PermissionFilter::PermissionFilter(std::vector<std::string> readable_services) {
  for (std::string& s : readable_services) {
    if (!s.empty()) services_.push_back(std::move(s));
  }
}

Xapian::Query PermissionQuery(const PermissionFilter& filter) {
  if (filter.denies_all()) return Xapian::Query::MatchNothing;
  std::vector<std::string> terms;
  terms.reserve(filter.services().size() * 2 + 1);
  for (const std::string& s : filter.services()) {
    terms.push_back(schema::FoldedTerm(schema::kService, s));
    terms.push_back(schema::FoldedTerm(schema::kSharedWith, s));
  }
  terms.emplace_back(schema::kSharedWithEveryone);
  return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

}  // namespace synaps::indexer::query
