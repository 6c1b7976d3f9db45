// Searcher: the read side of a Synaps index (a query plus a permission filter in → results out).
//
// Every search takes a PermissionFilter and is restricted to the documents it lets through,
// applied as a Xapian OP_FILTER: hits, total, facet counts, snippets, suggestions and "more like
// this" never reveal a document outside it. A filter that denies all returns an empty result.
//
// Before each call the searcher reopens the database if a writer has committed since, so one
// Searcher can live as long as the server.
//
// Not thread-safe (a Xapian::Database is not): use one Searcher per thread; any number of
// Searchers may read while one IndexWriter writes.
#pragma once

#include <memory>
#include <string>

#include "indexer/base/status.h"
#include "indexer/query/permission_filter.h"
#include "indexer/query/search_types.h"

namespace synaps::indexer::query {

class Searcher {
 public:
  // Opens the index in directory `path` read-only. On success stores the searcher in *out and
  // returns OK; on failure *out is unchanged and the status is kIoError (no index there),
  // kCorruption or kInternal.
  static base::Status Open(const std::string& path, std::unique_ptr<Searcher>* out);

  ~Searcher();
  Searcher(const Searcher&) = delete;
  Searcher& operator=(const Searcher&) = delete;

  // Runs `request` restricted to `filter` and stores the result in *out (overwritten).
  // Returns OK (possibly with no hits), or kInvalidArgument with a readable message when the query
  // cannot be parsed (e.g. a bad date range), or another code on an index failure.
  base::Status Search(const SearchRequest& request, const PermissionFilter& filter,
                      SearchResult* out);

  // Finds documents like document `id` (the most significant words of `id`, from Xapian's
  // relevance feedback), excluding `id` itself, restricted to `filter`. Paging, sort, snippets
  // and facets come from `request`; its query is ignored. Returns kNotFound when `id` does not
  // exist or is not visible through `filter` (the two are indistinguishable on purpose).
  base::Status MoreLikeThis(const std::string& id, const SearchRequest& request,
                            const PermissionFilter& filter, SearchResult* out);

 private:
  struct Impl;
  explicit Searcher(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace synaps::indexer::query
