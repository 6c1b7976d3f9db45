#include "indexer/query/facet_columns.h"

#include <limits>
#include <unordered_map>

#include "indexer/index/schema.h"
#include "indexer/query/facet_counter.h"

namespace synaps::indexer::query {
namespace {

namespace schema = index::schema;

constexpr std::size_t kMaxValuesPerSlot = std::numeric_limits<std::uint16_t>::max();

struct SlotOf {
  Xapian::valueno slot;
  bool multi;
};

SlotOf SlotOfFacet(Facet facet) {
  switch (facet) {
    case Facet::kService:
      return {schema::kSlotService, false};
    case Facet::kType:
      return {schema::kSlotMime, false};
    case Facet::kYear:
      return {schema::kSlotYear, false};
    case Facet::kTag:
      break;
  }
  return {schema::kSlotTags, true};
}

// Gives each distinct value a code (1-based), in order of first appearance.
class Dictionary {
 public:
  explicit Dictionary(std::vector<std::string>* values) : values_(values) {}

  // 0 when the slot already holds kMaxValuesPerSlot values.
  std::uint16_t CodeOf(const std::string& value) {
    auto [it, added] = codes_.try_emplace(value, 0);
    if (added) {
      if (values_->size() >= kMaxValuesPerSlot) return 0;
      values_->push_back(value);
      it->second = static_cast<std::uint16_t>(values_->size());
    }
    return it->second;
  }

 private:
  std::vector<std::string>* values_;
  std::unordered_map<std::string, std::uint16_t> codes_;
};

}  // namespace

bool FacetColumns::LoadColumn(const Xapian::Database& db, Xapian::valueno slot, bool multi,
                              Xapian::docid last, Column* column) {
  Dictionary dictionary(&column->values);
  if (!multi) column->code.assign(static_cast<std::size_t>(last) + 1, 0);
  if (multi) column->first.assign(static_cast<std::size_t>(last) + 2, 0);
  Xapian::docid filled = 0;  // multi: `first` is set for every document id up to this one
  for (auto it = db.valuestream_begin(slot); it != db.valuestream_end(slot); ++it) {
    const Xapian::docid id = it.get_docid();
    if (id > last) break;  // added after get_lastdocid() was read: not in this revision
    if (!multi) {
      if ((*it).empty()) continue;
      const std::uint16_t code = dictionary.CodeOf(*it);
      if (code == 0) return false;
      column->code[id] = code;
      continue;
    }
    const std::vector<std::string> values = DistinctValues(*it);
    for (; filled < id; ++filled) column->first[filled + 1] = column->first[filled];
    for (const std::string& v : values) {
      const std::uint16_t code = dictionary.CodeOf(v);
      if (code == 0) return false;
      column->multi.push_back(code);
    }
    column->first[static_cast<std::size_t>(id) + 1] =
        static_cast<std::uint32_t>(column->multi.size());
    filled = id + 1;
  }
  if (multi) {
    for (; filled <= last; ++filled) column->first[filled + 1] = column->first[filled];
  }
  return true;
}

std::shared_ptr<const FacetColumns> FacetColumns::Load(const Xapian::Database& db) {
  const Xapian::docid last = db.get_lastdocid();
  if (last > kMaxDocumentId) return nullptr;
  auto columns = std::make_shared<FacetColumns>();
  for (Facet facet : {Facet::kService, Facet::kType, Facet::kYear, Facet::kTag}) {
    const SlotOf s = SlotOfFacet(facet);
    if (!LoadColumn(db, s.slot, s.multi, last, &columns->columns_[static_cast<int>(facet)])) {
      return nullptr;
    }
  }
  return columns;
}

std::vector<FacetValue> FacetColumns::Count(Facet facet, const std::vector<Xapian::docid>& docids,
                                            std::size_t max_values) const {
  const Column& column = columns_[static_cast<int>(facet)];
  std::vector<std::uint64_t> counts(column.values.size() + 1, 0);
  if (SlotOfFacet(facet).multi) {
    for (Xapian::docid id : docids) {
      if (id + 1 >= column.first.size()) continue;
      for (std::uint32_t i = column.first[id]; i < column.first[id + 1]; ++i) {
        ++counts[column.multi[i]];
      }
    }
  } else {
    for (Xapian::docid id : docids) {
      if (id < column.code.size()) ++counts[column.code[id]];
    }
  }
  std::vector<FacetValue> top;
  for (std::size_t code = 1; code < counts.size(); ++code) {
    if (counts[code] > 0) top.push_back({column.values[code - 1], counts[code]});
  }
  return MostFrequent(std::move(top), max_values);
}

FacetColumnsCache& FacetColumnsCache::Instance() {
  static FacetColumnsCache cache;
  return cache;
}

std::shared_ptr<const FacetColumns> FacetColumnsCache::Get(const std::string& path,
                                                           const Xapian::Database& db) {
  const std::string uuid = db.get_uuid();
  const Xapian::rev revision = db.get_revision();
  {
    std::lock_guard lock(mutex_);
    Entry& entry = entries_[path];
    if (entry.loaded && entry.uuid == uuid && entry.revision == revision) return entry.columns;
    if (entry.loading) return nullptr;
    entry.loading = true;
  }
  std::shared_ptr<const FacetColumns> columns;
  try {
    columns = FacetColumns::Load(db);
  } catch (...) {
    std::lock_guard lock(mutex_);
    entries_[path].loading = false;
    throw;
  }
  std::lock_guard lock(mutex_);
  Entry& entry = entries_[path];
  entry.loading = false;
  // A searcher still on an older revision may finish after one on a newer: keep the newer.
  if (!entry.loaded || entry.uuid != uuid || entry.revision < revision) {
    entry = Entry{uuid, revision, columns, true, false};
  }
  return columns;
}

}  // namespace synaps::indexer::query
