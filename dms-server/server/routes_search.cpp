// Search across services: exactly what the user may read (the permission filter is computed
// by permissions::Permissions and applied inside Xapian), with snippets, facets, suggestion,
// sort and pagination.
#include <Poco/JSON/Array.h>

#include "dms-server/permissions/permissions.h"
#include "dms-server/server/authentication.h"
#include "dms-server/server/routes.h"
#include "dms-server/store/names.h"
#include "indexer/query/searcher.h"

namespace synaps::server {

namespace {

using permissions::Permissions;
using Poco::JSON::Array;
using Poco::JSON::Object;

void Search(Exchange& x) {
  store::User user = RequireUser(x);
  Permissions permissions(x.store());
  indexer::query::PermissionFilter filter = ValueOrThrow(permissions.SearchFilter(user));
  indexer::query::SearchRequest request;
  request.query = x.query.Get("q");
  if (!store::IsValidUtf8(request.query)) {
    throw HttpError{400, "invalid_argument", "the query is not valid UTF-8"};
  }
  int64_t page = x.query.Has("page") ? ParseInteger(x.query.Get("page"), "page", 1, 10000) : 1;
  int64_t page_size =
      x.query.Has("page_size") ? ParseInteger(x.query.Get("page_size"), "page_size", 1, 100) : 20;
  request.page_size = static_cast<size_t>(page_size);
  request.offset = static_cast<size_t>((page - 1) * page_size);
  std::string sort = x.query.Get("sort", "relevance");
  if (sort == "relevance") {
    request.sort = indexer::query::SortOrder::kRelevance;
  } else if (sort == "newest") {
    request.sort = indexer::query::SortOrder::kDateNewestFirst;
  } else if (sort == "oldest") {
    request.sort = indexer::query::SortOrder::kDateOldestFirst;
  } else {
    throw HttpError{400, "invalid_argument", "sort is relevance, newest or oldest"};
  }
  indexer::query::SearchResult result;
  if (auto* searcher = ThreadSearcher(x.data_dir())) {
    SearchGate::Turn turn = x.context.searches.Enter();
    auto status = searcher->Search(request, filter, &result);
    if (status.code() == indexer::index::IndexErrorCode::kInvalidArgument) {
      throw HttpError{400, "invalid_query", status.message()};
    }
    if (!status.ok()) throw HttpError{500, "internal", status.message()};
  }
  Object::Ptr object = new Object;
  object->set("total", result.total_estimate);
  object->set("page", page);
  object->set("page_size", page_size);
  object->set("suggestion", result.suggestion);
  object->set("facets_exact", result.facets_exact);
  object->set("elapsed_ms", result.elapsed_ms);
  Array::Ptr hits = new Array;
  for (const auto& hit : result.hits) {
    Object::Ptr item = new Object;
    item->set("id", hit.id);
    if (!hit.parent_id.empty()) item->set("parent_id", hit.parent_id);
    item->set("title", hit.title);
    item->set("path", hit.path);
    item->set("file_name", hit.file_name);
    item->set("service", hit.service);
    item->set("mime_type", hit.mime_type);
    item->set("author", hit.author);
    if (hit.date > 0) item->set("date", IsoTime(hit.date * 1000));
    item->set("size", hit.size);
    item->set("percent", hit.percent);
    Array::Ptr tags = new Array;
    for (const auto& tag : hit.tags) tags->add(tag);
    item->set("tags", tags);
    item->set("snippet_html", hit.snippet_html);
    hits->add(item);
  }
  object->set("hits", hits);
  Object::Ptr facets = new Object;
  for (const auto& [name, values] : result.facets) {
    Array::Ptr array = new Array;
    for (const auto& value : values) {
      Object::Ptr item = new Object;
      item->set("value", value.value);
      item->set("count", value.count);
      array->add(item);
    }
    facets->set(name, array);
  }
  object->set("facets", facets);
  x.SendJson(200, object);
}

}  // namespace

void AddSearchRoutes(Router& router) {
  router.Add("GET", "/api/v1/search", Search);
}

}  // namespace synaps::server
