// Search across services: exactly what the user may read (the permission filter is computed
// by permissions::Permissions and applied inside Xapian), with snippets, facets, suggestion,
// sort and pagination; and "more like this" for one document.
#include "dms-server/permissions/permissions.h"
#include "dms-server/search/search_filter.h"
#include "dms-server/search/search_json.h"
#include "dms-server/server/authentication.h"
#include "dms-server/server/document_access.h"
#include "dms-server/server/routes.h"
#include "dms-server/store/names.h"
#include "indexer/query/searcher.h"

namespace synaps::server {

namespace {

using permissions::Permissions;

std::vector<std::string> FacetValues(const Exchange& x, const std::string& name) {
  std::vector<std::string> values = x.query.GetAll(name);
  for (const std::string& value : values) {
    if (value.empty() || !store::IsValidUtf8(value)) {
      throw HttpError{400, "invalid_argument", name + " must be a facet value (non-empty UTF-8)"};
    }
  }
  return values;
}

// The optional parts of an answer, each on unless its parameter says false: a client that shows
// no extracts, no facets or no suggestion (a second page, a script, a file explorer) spares
// their cost, which is most of a search's.
void ReadWantedParts(const Exchange& x, indexer::query::SearchRequest* request) {
  if (x.query.Has("snippets")) {
    request->want_snippets = ParseBoolean(x.query.Get("snippets"), "snippets");
  }
  if (x.query.Has("facets")) request->want_facets = ParseBoolean(x.query.Get("facets"), "facets");
  if (x.query.Has("suggestion")) {
    request->want_suggestion =
        request->want_suggestion && ParseBoolean(x.query.Get("suggestion"), "suggestion");
  }
}

// page, page_size and sort, into `request`; returns {page, page_size} for the answer.
std::pair<int64_t, int64_t> ReadPageAndSort(const Exchange& x,
                                            indexer::query::SearchRequest* request) {
  int64_t page = x.query.Has("page") ? ParseInteger(x.query.Get("page"), "page", 1, 10000) : 1;
  int64_t page_size =
      x.query.Has("page_size") ? ParseInteger(x.query.Get("page_size"), "page_size", 1, 100) : 20;
  request->page_size = static_cast<size_t>(page_size);
  request->offset = static_cast<size_t>((page - 1) * page_size);
  std::string sort = x.query.Get("sort", "relevance");
  if (sort == "relevance") {
    request->sort = indexer::query::SortOrder::kRelevance;
  } else if (sort == "newest") {
    request->sort = indexer::query::SortOrder::kDateNewestFirst;
  } else if (sort == "oldest") {
    request->sort = indexer::query::SortOrder::kDateOldestFirst;
  } else {
    throw HttpError{400, "invalid_argument", "sort is relevance, newest or oldest"};
  }
  return {page, page_size};
}

void Search(Exchange& x) {
  store::User user = RequireUser(x);
  Permissions permissions(x.store());
  indexer::query::PermissionFilter filter =
      ValueOrThrow(search::SearchFilterFor(permissions, user));
  indexer::query::SearchRequest request;
  request.query = x.query.Get("q");
  if (!store::IsValidUtf8(request.query)) {
    throw HttpError{400, "invalid_argument", "the query is not valid UTF-8"};
  }
  // Facet values to narrow to, each parameter repeatable: ?service=DDT&year=2023&year=2024.
  request.filter.services = FacetValues(x, "service");
  // A service code names its service in any case; the index keeps the stored (upper) case.
  for (std::string& code : request.filter.services) code = store::ServiceCodeForLookup(code);
  request.filter.types = FacetValues(x, "type");
  request.filter.tags = FacetValues(x, "tag");
  request.filter.years = FacetValues(x, "year");
  ReadWantedParts(x, &request);
  const auto [page, page_size] = ReadPageAndSort(x, &request);
  indexer::query::SearchResult result;
  if (auto* searcher = ThreadSearcher(x.data_dir())) {
    SearchGate::Turn turn = x.context.searches.Enter();
    auto status = searcher->Search(request, filter, &result);
    if (status.code() == base::ErrorCode::kInvalidArgument) {
      throw HttpError{400, "invalid_query", status.message()};
    }
    if (!status.ok()) throw HttpError{500, "internal", status.message()};
  }
  x.SendJsonText(200, search::SearchResultJson(result, page, page_size));
}

// "More like this": the documents the user may read that share the most telling words of one
// they may read (Xapian's relevance feedback). An answer shaped like a search's.
void Similar(Exchange& x) {
  const int64_t id = ParseDocumentIdParam(x.Param("id"));
  store::User user = RequireUser(x);
  Permissions permissions(x.store());
  ValueOrThrow(Documents(x).Document(documents::Caller::Account(user), id));
  indexer::query::PermissionFilter filter =
      ValueOrThrow(search::SearchFilterFor(permissions, user));
  indexer::query::SearchRequest request;
  request.want_suggestion = false;
  ReadWantedParts(x, &request);
  const auto [page, page_size] = ReadPageAndSort(x, &request);
  indexer::query::SearchResult result;
  if (auto* searcher = ThreadSearcher(x.data_dir())) {
    SearchGate::Turn turn = x.context.searches.Enter();
    auto status = searcher->MoreLikeThis(std::to_string(id), request, filter, &result);
    // Readable but not indexed yet: nothing is known to be like it.
    if (!status.ok() && status.code() != base::ErrorCode::kNotFound) {
      throw HttpError{500, "internal", status.message()};
    }
  }
  x.SendJsonText(200, search::SearchResultJson(result, page, page_size));
}

}  // namespace

void AddSearchRoutes(Router& router) {
  router.Add("GET", "/api/v1/search", Search);
  router.Add("GET", "/api/v1/documents/{id}/similar", Similar);
}

}  // namespace synaps::server
