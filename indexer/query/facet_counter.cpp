#include "indexer/query/facet_counter.h"

#include <algorithm>
#include <map>
#include <string>

#include "indexer/index/schema.h"

namespace synaps::indexer::query {

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
    std::vector<std::string> values = index::schema::DecodeMultiValue(*value);
    std::sort(values.begin(), values.end());
    values.erase(std::unique(values.begin(), values.end()), values.end());
    for (std::string& v : values) ++counts[std::move(v)];
  }
  std::vector<FacetValue> top;
  top.reserve(counts.size());
  for (auto& [v, n] : counts) top.push_back({v, n});
  std::stable_sort(top.begin(), top.end(),
                   [](const FacetValue& a, const FacetValue& b) { return a.count > b.count; });
  if (top.size() > max_values) top.resize(max_values);
  return top;
}

}  // namespace synaps::indexer::query
