// The searches an agent keeps under a name (GET, POST /api/v1/me/saved-searches, DELETE
// /api/v1/me/saved-searches/{id}, POST /api/v1/me/saved-searches/{id}/visit): the account
// service keeps them, each account its own. A listing says how many documents each finds now
// and how many of them entered the store since its owner last ran it, counted by the caller's
// own search: the permission filter of the caller, so a count never includes what the caller
// may not read.
#include <Poco/JSON/Array.h>

#include "dms-server/json/model_json.h"
#include "dms-server/permissions/permissions.h"
#include "dms-server/search/search_filter.h"
#include "dms-server/server/account_access.h"
#include "dms-server/server/authentication.h"
#include "dms-server/server/routes.h"
#include "dms-server/server/search_request.h"
#include "indexer/query/searcher.h"

namespace synaps::server {

namespace {

using accounts::Caller;
using Poco::JSON::Array;
using Poco::JSON::Object;

// The search a saved query string asks for, reduced to its count: no snippets, no facets, no
// suggestion, one hit. HttpError 400 when the query string is not one the API takes.
indexer::query::SearchRequest CountingRequest(const std::string& query) {
  ResultPage page;
  indexer::query::SearchRequest request = ReadSearchRequest(ParseQueryString(query), &page);
  request.want_snippets = false;
  request.want_facets = false;
  request.want_suggestion = false;
  request.offset = 0;
  request.page_size = 1;
  return request;
}

void ListSavedSearches(Exchange& x) {
  store::User user = RequireUser(x);
  std::vector<store::SavedSearch> saved =
      ValueOrThrow(Accounts(x).ListOwnSavedSearches(Caller::Account(user)));
  permissions::Permissions permissions(x.store());
  indexer::query::PermissionFilter filter =
      ValueOrThrow(search::SearchFilterFor(permissions, user));
  indexer::query::Searcher* searcher = ThreadSearcher(x.data_dir());
  Array::Ptr array = new Array;
  for (const auto& one : saved) {
    Object::Ptr object = json::SavedSearchJson(one);
    // null when it cannot be counted now (no index yet, a query the index refuses).
    Poco::Dynamic::Var count;
    Poco::Dynamic::Var new_count;
    if (searcher != nullptr) {
      try {
        indexer::query::SearchRequest request = CountingRequest(one.query);
        indexer::query::SearchResult result;
        SearchGate::Turn turn = x.context.searches.Enter();
        if (searcher->Search(request, filter, &result).ok()) {
          count = result.total_estimate;
          // Of those, what entered the store since the last visit (none when none is found).
          request.added_since = one.visited_at;
          if (result.total_estimate == 0) {
            new_count = 0;
          } else if (searcher->Search(request, filter, &result).ok()) {
            new_count = result.total_estimate;
          }
        }
      } catch (const HttpError&) {
        // Saved by an older version that read queries otherwise: listed, not counted.
      }
    }
    object->set("count", count);
    object->set("new_count", new_count);
    array->add(object);
  }
  Object::Ptr answer = new Object;
  answer->set("saved_searches", array);
  x.SendJson(200, answer);
}

void SaveSearch(Exchange& x) {
  store::User user = RequireUser(x);
  Object::Ptr body = ReadJsonObject(x);
  RequireKnownMembers(body, {"name", "query"});
  std::string name = RequiredString(body, "name");
  std::string query = RequiredString(body, "query");
  (void)CountingRequest(query);  // 400 for a query string the search would refuse
  store::SavedSearch saved =
      ValueOrThrow(Accounts(x).SaveSearch(Caller::Account(user), name, query));
  x.SendJson(201, json::SavedSearchJson(saved));
}

// The owner runs the search again: what is new is counted from now on. Answers the saved search
// as it was, so that a client can still show what was new before this visit.
void VisitSavedSearch(Exchange& x) {
  const int64_t id = ParseIdParam(x.Param("id"), "saved search id");
  store::User user = RequireUser(x);
  store::SavedSearch before = ValueOrThrow(Accounts(x).VisitSavedSearch(Caller::Account(user), id));
  x.SendJson(200, json::SavedSearchJson(before));
}

void ForgetSavedSearch(Exchange& x) {
  const int64_t id = ParseIdParam(x.Param("id"), "saved search id");
  store::User user = RequireUser(x);
  OkOrThrow(Accounts(x).ForgetSavedSearch(Caller::Account(user), id));
  x.SendEmpty(204);
}

}  // namespace

void AddSavedSearchRoutes(Router& router) {
  router.Add("GET", "/api/v1/me/saved-searches", ListSavedSearches);
  router.Add("POST", "/api/v1/me/saved-searches", SaveSearch);
  router.Add("DELETE", "/api/v1/me/saved-searches/{id}", ForgetSavedSearch);
  router.Add("POST", "/api/v1/me/saved-searches/{id}/visit", VisitSavedSearch);
}

}  // namespace synaps::server
