// FacetColumns: the four facet slots of one index revision, held in memory by document id.
//
// Counting facets by reading Xapian's value streams costs about as much as the search itself:
// each count opens a stream (a B-tree descent) and seeks chunk after chunk for the matches it
// is given. A search page counts four facets, so the server would pay that four times per
// query. FacetColumns reads each slot once per index revision into a dense array (a small code
// per document id, and a table of the distinct values), after which counting the values of a
// thousand matches is a thousand array reads.
//
// A FacetColumns is immutable once loaded and shared between threads. FacetColumnsCache keeps
// the columns of the newest revision seen per index, process-wide: every Searcher of an index
// shares one copy, loaded by the first search that needs it after a commit.
//
// Counts are only ever taken over document ids the caller supplies (the matches the permission
// filter let through): the columns themselves hold every document's values and must never be
// shown whole.
#pragma once

#include <xapian.h>

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "indexer/query/search_types.h"

namespace synaps::indexer::query {

enum class Facet { kService, kType, kYear, kTag };

class FacetColumns {
 public:
  // Reads the service, type, year and tag slots of every document of `db`. Returns null when
  // the index is too large or too sparse to hold this way (more than kMaxDocumentId document
  // ids, or more than 65,535 distinct values in one slot): callers then count from the value
  // streams. May throw Xapian::Error (e.g. DatabaseModifiedError after a concurrent commit).
  static std::shared_ptr<const FacetColumns> Load(const Xapian::Database& db);

  // At most `max_values` values of `facet` among documents `docids` (ids need not be sorted,
  // nor distinct: each is counted once), most frequent first, ties by value. A multi-valued
  // slot (tags) counts each of a document's distinct values once.
  std::vector<FacetValue> Count(Facet facet, const std::vector<Xapian::docid>& docids,
                                std::size_t max_values) const;

  static constexpr Xapian::docid kMaxDocumentId = 50'000'000;

 private:
  // One slot. `code[docid]` is 0 for no value, else 1 + the value's index in `values`. For a
  // multi-valued slot, the codes of document d are `multi[first[d] .. first[d + 1])`.
  struct Column {
    std::vector<std::string> values;
    std::vector<std::uint16_t> code;
    std::vector<std::uint32_t> first;
    std::vector<std::uint16_t> multi;
  };
  static bool LoadColumn(const Xapian::Database& db, Xapian::valueno slot, bool multi,
                         Xapian::docid last, Column* column);

  Column columns_[4];
};

class FacetColumnsCache {
 public:
  // The process-wide cache.
  static FacetColumnsCache& Instance();

  // The columns of `db` (opened on directory `path`) at its current revision, loaded now if
  // needed. Returns null while another thread loads them (the caller counts the slow way
  // meanwhile rather than wait), or when Load() returned null. May throw Xapian::Error.
  std::shared_ptr<const FacetColumns> Get(const std::string& path, const Xapian::Database& db);

 private:
  struct Entry {
    std::string uuid;
    Xapian::rev revision = 0;
    std::shared_ptr<const FacetColumns> columns;
    bool loaded = false;   // `columns` (possibly null: not loadable) belongs to uuid/revision
    bool loading = false;  // a thread is loading some revision now
  };
  std::mutex mutex_;
  std::map<std::string, Entry> entries_;  // by index directory
};

}  // namespace synaps::indexer::query
