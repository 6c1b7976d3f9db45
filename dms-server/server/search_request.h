// The search that the API's query parameters ask for, read the same way for GET /api/v1/search,
// "more like this" and the saved searches (whose query string is the same language): q,
// service / type / tag / year (each repeatable), added_since, sort, page, page_size, snippets,
// facets, suggestion. Each reader throws HttpError 400 naming the bad parameter.
#pragma once

#include <cstdint>
#include <string>
#include <utility>

#include "dms-server/server/request_parsing.h"
#include "indexer/query/search_types.h"

namespace synaps::server {

// Which page of results, as the answer repeats it.
struct ResultPage {
  int64_t page = 1;
  int64_t page_size = 20;
};

// snippets, facets and suggestion, each on unless its parameter says false.
void ReadWantedParts(const Query& query, indexer::query::SearchRequest* request);
// page, page_size and sort, into `request`; returns the page for the answer.
ResultPage ReadPageAndSort(const Query& query, indexer::query::SearchRequest* request);
// Everything of a search: the words (valid UTF-8), the facet values to narrow to, the parts
// wanted, the page and the sort.
indexer::query::SearchRequest ReadSearchRequest(const Query& query, ResultPage* page);

}  // namespace synaps::server
