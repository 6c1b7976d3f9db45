// FacetFilter: the facet values a search is narrowed to, as a client picks them from the facet
// counts of a previous answer ("service CABINET", "year 2024"...).
//
// Values of one facet are alternatives (service CABINET or DDT); facets combine (and year 2024).
// Each value is written as the facet counts show it: a service code, a MIME type, a tag as
// given, a year; case and accents do not matter where the index folds them (services, tags).
// Internal to indexer/query; thread-safe.
#pragma once

#include <xapian.h>

#include <string>
#include <vector>

namespace synaps::indexer::query {

struct FacetFilter {
  std::vector<std::string> services;
  std::vector<std::string> types;
  std::vector<std::string> tags;
  std::vector<std::string> years;

  bool empty() const { return services.empty() && types.empty() && tags.empty() && years.empty(); }
};

// The boolean query of `filter` (to be applied with OP_FILTER), or Xapian::Query::MatchAll when
// it is empty.
Xapian::Query FacetFilterQuery(const FacetFilter& filter);

}  // namespace synaps::indexer::query
