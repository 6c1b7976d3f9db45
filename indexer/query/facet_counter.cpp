#include "indexer/query/facet_counter.h"

#include <algorithm>
#include <map>
#include <string>

#include "indexer/index/schema.h"

namespace synaps::indexer::query {

std::vector<std::string> DistinctValues(std::string_view encoded) {
  std::vector<std::string> values = index::schema::DecodeMultiValue(encoded);
  std::sort(values.begin(), values.end());
  values.erase(std::unique(values.begin(), values.end()), values.end());
  return values;
}

std::vector<FacetValue> MostFrequent(std::vector<FacetValue> counted, std::size_t max_values) {
  std::sort(counted.begin(), counted.end(), [](const FacetValue& a, const FacetValue& b) {
    return a.count != b.count ? a.count > b.count : a.value < b.value;
  });
  if (counted.size() > max_values) counted.resize(max_values);
  return counted;
}

void FacetCounter::operator()(const Xapian::Document& doc, double /*wt*/) {
  const Xapian::docid id = doc.get_docid();
  if (!docids_.empty() && id < docids_.back()) sorted_ = false;
  docids_.push_back(id);
}

std::vector<FacetValue> FacetCounter::Count(const Xapian::Database& db, Xapian::valueno slot,
                                            bool multi, std::size_t max_values) {
  // The matcher usually goes in document order; a value stream can only be read forwards.
  if (!sorted_) {
    std::sort(docids_.begin(), docids_.end());
    docids_.erase(std::unique(docids_.begin(), docids_.end()), docids_.end());
    sorted_ = true;
  }
  std::map<std::string, std::uint64_t> counts;
  Xapian::ValueIterator value = db.valuestream_begin(slot);
  const Xapian::ValueIterator end = db.valuestream_end(slot);
  for (Xapian::docid id : docids_) {
    if (value == end) break;
    if (value.get_docid() < id) value.skip_to(id);
    if (value == end || value.get_docid() != id) continue;
    if (!multi) {
      ++counts[*value];
      continue;
    }
    for (std::string& v : DistinctValues(*value)) ++counts[std::move(v)];
  }
  std::vector<FacetValue> top;
  top.reserve(counts.size());
  for (auto& [v, n] : counts) top.push_back({v, n});
  return MostFrequent(std::move(top), max_values);
}

}  // namespace synaps::indexer::query
