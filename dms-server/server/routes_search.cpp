// Search across services: exactly what the user may read (the permission filter is computed
// by permissions::Permissions and applied inside Xapian), with snippets, facets, suggestion,
// sort and pagination; and "more like this" for one document.
#include "dms-server/permissions/permissions.h"
#include "dms-server/search/search_filter.h"
#include "dms-server/search/search_json.h"
#include "dms-server/server/authentication.h"
#include "dms-server/server/document_access.h"
#include "dms-server/server/routes.h"
#include "dms-server/server/search_request.h"
#include "dms-server/store/names.h"
#include "indexer/query/searcher.h"

namespace synaps::server {

namespace {

using permissions::Permissions;

void Search(Exchange& x) {
  store::User user = RequireUser(x);
  Permissions permissions(x.store());
  indexer::query::PermissionFilter filter =
      ValueOrThrow(search::SearchFilterFor(permissions, user));
  ResultPage page;
  indexer::query::SearchRequest request = ReadSearchRequest(x.query, &page);
  indexer::query::SearchResult result;
  if (auto* searcher = ThreadSearcher(x.data_dir())) {
    SearchGate::Turn turn = x.context.searches.Enter();
    auto status = searcher->Search(request, filter, &result);
    if (status.code() == base::ErrorCode::kInvalidArgument) {
      throw HttpError{400, "invalid_query", status.message()};
    }
    if (!status.ok()) throw HttpError{500, "internal", status.message()};
  }
  x.SendJsonText(200, search::SearchResultJson(result, page.page, page.page_size));
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
  ReadWantedParts(x.query, &request);
  const ResultPage page = ReadPageAndSort(x.query, &request);
  indexer::query::SearchResult result;
  if (auto* searcher = ThreadSearcher(x.data_dir())) {
    SearchGate::Turn turn = x.context.searches.Enter();
    auto status = searcher->MoreLikeThis(std::to_string(id), request, filter, &result);
    // Readable but not indexed yet: nothing is known to be like it.
    if (!status.ok() && status.code() != base::ErrorCode::kNotFound) {
      throw HttpError{500, "internal", status.message()};
    }
  }
  x.SendJsonText(200, search::SearchResultJson(result, page.page, page.page_size));
}

}  // namespace

void AddSearchRoutes(Router& router) {
  router.Add("GET", "/api/v1/search", Search);
  router.Add("GET", "/api/v1/documents/{id}/similar", Similar);
}

}  // namespace synaps::server
