#include "indexer/query/multi_value_count_spy.h"

#include <algorithm>

#include "indexer/index/schema.h"

namespace synaps::indexer::query {

void MultiValueCountMatchSpy::operator()(const Xapian::Document& doc, double /*wt*/) {
  std::vector<std::string> values = index::schema::DecodeMultiValue(doc.get_value(slot_));
  std::sort(values.begin(), values.end());
  values.erase(std::unique(values.begin(), values.end()), values.end());
  for (std::string& v : values) ++counts_[std::move(v)];
}

std::vector<std::pair<std::string, std::uint64_t>> MultiValueCountMatchSpy::TopValues(
    std::size_t max_values) const {
  std::vector<std::pair<std::string, std::uint64_t>> top(counts_.begin(), counts_.end());
  std::stable_sort(top.begin(), top.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  if (top.size() > max_values) top.resize(max_values);
  return top;
}

}  // namespace synaps::indexer::query
