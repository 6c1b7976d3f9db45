// MultiValueCountMatchSpy: facet counts for a multi-valued slot (tags).
//
// Xapian's ValueCountMatchSpy counts one value per document; tags are several per document, so
// the slot holds schema::EncodeMultiValue() and this spy counts each distinct value once per
// document. Like any match spy it only sees the documents the matcher lets through, so when the
// permission filter is applied with OP_FILTER no invisible document is ever counted.
// Internal to indexer/query. Not thread-safe.
#pragma once

#include <xapian.h>

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace synaps::indexer::query {

class MultiValueCountMatchSpy : public Xapian::MatchSpy {
 public:
  explicit MultiValueCountMatchSpy(Xapian::valueno slot) : slot_(slot) {}

  void operator()(const Xapian::Document& doc, double wt) override;

  // Returns at most `max_values` (value, count) pairs, most frequent first, ties by value.
  std::vector<std::pair<std::string, std::uint64_t>> TopValues(std::size_t max_values) const;

 private:
  Xapian::valueno slot_;
  std::map<std::string, std::uint64_t> counts_;
};

}  // namespace synaps::indexer::query
