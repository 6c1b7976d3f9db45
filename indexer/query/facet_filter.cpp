#include "indexer/query/facet_filter.h"

#include "indexer/index/schema.h"

namespace synaps::indexer::query {
namespace {

namespace schema = index::schema;

// One facet: any of its terms.
void AddAlternatives(const std::vector<std::string>& terms, std::vector<Xapian::Query>* facets) {
  if (terms.empty()) return;
  facets->emplace_back(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

}  // namespace

Xapian::Query FacetFilterQuery(const FacetFilter& filter) {
  if (filter.empty()) return Xapian::Query::MatchAll;
  // The terms index::DocumentBuilder writes for the same values (index/schema.h).
  std::vector<std::string> services, types, tags, years;
  for (const std::string& s : filter.services) {
    services.push_back(schema::FoldedTerm(schema::kService, s));
  }
  for (const std::string& t : filter.types) {
    types.push_back(schema::MimeTerm(t));
  }
  for (const std::string& t : filter.tags) tags.push_back(schema::FoldedTerm(schema::kTag, t));
  for (const std::string& y : filter.years) years.push_back(schema::YearTerm(y));
  std::vector<Xapian::Query> facets;
  AddAlternatives(services, &facets);
  AddAlternatives(types, &facets);
  AddAlternatives(tags, &facets);
  AddAlternatives(years, &facets);
  return Xapian::Query(Xapian::Query::OP_AND, facets.begin(), facets.end());
}

}  // namespace synaps::indexer::query
