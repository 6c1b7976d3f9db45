// FacetCounter: facet counts over the matches the matcher examined.
//
// Added to an Enquire as a match spy, it only records the id of each document the matcher lets
// through: with the permission filter applied by OP_FILTER, never an invisible one. Count() then
// reads a slot's values for those documents in one ordered pass over the slot's value stream.
// That replaces one Xapian::ValueCountMatchSpy per facet, whose Document::get_value() calls
// alternate between slots for each match and cost more than the match itself. The Searcher
// counts from FacetColumns (facet_columns.h) instead when they are loaded, which is cheaper still;
// Count() is the fallback while they load.
// Multi-valued slots (tags: schema::EncodeMultiValue()) count each distinct value once per
// document. Internal to indexer/query. Not thread-safe.
#pragma once

#include <xapian.h>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "indexer/query/search_types.h"

namespace synaps::indexer::query {

// The distinct values of a multi-valued slot (schema::EncodeMultiValue()), sorted: each counts
// once per document.
std::vector<std::string> DistinctValues(std::string_view encoded);

// At most `max_values` of `counted`, most frequent first, ties by value: the order of every
// facet, however it was counted.
std::vector<FacetValue> MostFrequent(std::vector<FacetValue> counted, std::size_t max_values);

class FacetCounter : public Xapian::MatchSpy {
 public:
  void operator()(const Xapian::Document& doc, double wt) override;

  // Documents recorded so far.
  std::size_t examined() const { return docids_.size(); }
  // Their ids, in the order the matcher let them through (each once).
  const std::vector<Xapian::docid>& docids() const { return docids_; }

  // Returns at most `max_values` values of `slot` among the recorded documents, most frequent
  // first, ties by value. `multi`: the slot holds schema::EncodeMultiValue(). May throw
  // Xapian::Error.
  std::vector<FacetValue> Count(const Xapian::Database& db, Xapian::valueno slot, bool multi,
                                std::size_t max_values);

 private:
  std::vector<Xapian::docid> docids_;
  bool sorted_ = true;
};

}  // namespace synaps::indexer::query
