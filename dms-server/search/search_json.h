// The JSON of a page of search results, the same for the HTTP API (GET /api/v1/search, "more
// like this") and `synaps search --json`: a hit looks the same wherever it is read.
//
// {"total", "page", "page_size", "suggestion", "facets_exact", "elapsed_ms",
//  "hits": [{"id", "parent_id"?, "title", "path", "file_name", "service", "mime_type", "author",
//            "date"? (ISO 8601, absent when unknown), "size", "percent", "tags",
//            "snippet_html"}],
//  "facets": {"<facet>": [{"value", "count"}]}}
//
// Pure: thread-safe.
#pragma once

#include <cstdint>
#include <string>

#include "indexer/query/search_types.h"

namespace synaps::search {

// `result` as the page `page` (from 1) of `page_size` hits. Written straight into one buffer:
// it is serialised on every search, and a tree of JSON values cost as much as a third of the
// matching itself.
std::string SearchResultJson(const indexer::query::SearchResult& result, int64_t page,
                             int64_t page_size);

}  // namespace synaps::search
