#include "dms-server/server/search_request.h"

#include <Poco/DateTime.h>
#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeParser.h>

#include <regex>

#include "dms-server/server/status_response.h"
#include "dms-server/store/names.h"

namespace synaps::server {

namespace {

std::vector<std::string> FacetValues(const Query& query, const std::string& name) {
  std::vector<std::string> values = query.GetAll(name);
  for (const std::string& value : values) {
    if (value.empty() || !store::IsValidUtf8(value)) {
      throw HttpError{400, "invalid_argument", name + " must be a facet value (non-empty UTF-8)"};
    }
  }
  return values;
}

// Unix milliseconds of an ISO 8601 time ("2026-12-06T08:30:00Z", fractions and offsets allowed).
int64_t ParseIsoMilliseconds(const std::string& text) {
  // Poco's parser is lenient (it takes "hier" for a time): the shape is checked first.
  static const std::regex kIso(
      R"(\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?)");
  Poco::DateTime time;
  int zone = 0;
  const bool parsed =
      std::regex_match(text, kIso) &&
      (Poco::DateTimeParser::tryParse(Poco::DateTimeFormat::ISO8601_FRAC_FORMAT, text, time,
                                      zone) ||
       Poco::DateTimeParser::tryParse(Poco::DateTimeFormat::ISO8601_FORMAT, text, time, zone));
  if (!parsed) {
    throw HttpError{400, "invalid_argument",
                    "added_since must be an ISO 8601 time, e.g. 2026-12-06T08:30:00Z"};
  }
  time.makeUTC(zone);
  return time.timestamp().epochMicroseconds() / 1000;
}

}  // namespace

// The optional parts of an answer: a client that shows no extracts, no facets or no suggestion
// (a second page, a script, a file explorer, a saved search's count) spares their cost, which
// is most of a search's.
void ReadWantedParts(const Query& query, indexer::query::SearchRequest* request) {
  if (query.Has("snippets")) {
    request->want_snippets = ParseBoolean(query.Get("snippets"), "snippets");
  }
  if (query.Has("facets")) request->want_facets = ParseBoolean(query.Get("facets"), "facets");
  if (query.Has("suggestion")) {
    request->want_suggestion =
        request->want_suggestion && ParseBoolean(query.Get("suggestion"), "suggestion");
  }
}

ResultPage ReadPageAndSort(const Query& query, indexer::query::SearchRequest* request) {
  ResultPage page;
  if (query.Has("page")) page.page = ParseInteger(query.Get("page"), "page", 1, 10000);
  if (query.Has("page_size")) {
    page.page_size = ParseInteger(query.Get("page_size"), "page_size", 1, 100);
  }
  request->page_size = static_cast<size_t>(page.page_size);
  request->offset = static_cast<size_t>((page.page - 1) * page.page_size);
  std::string sort = query.Get("sort", "relevance");
  if (sort == "relevance") {
    request->sort = indexer::query::SortOrder::kRelevance;
  } else if (sort == "newest") {
    request->sort = indexer::query::SortOrder::kDateNewestFirst;
  } else if (sort == "oldest") {
    request->sort = indexer::query::SortOrder::kDateOldestFirst;
  } else {
    throw HttpError{400, "invalid_argument", "sort is relevance, newest or oldest"};
  }
  return page;
}

indexer::query::SearchRequest ReadSearchRequest(const Query& query, ResultPage* page) {
  indexer::query::SearchRequest request;
  request.query = query.Get("q");
  if (!store::IsValidUtf8(request.query)) {
    throw HttpError{400, "invalid_argument", "the query is not valid UTF-8"};
  }
  // Facet values to narrow to, each parameter repeatable: ?service=DDT&year=2023&year=2024.
  request.filter.services = FacetValues(query, "service");
  // A service code names its service in any case; the index keeps the stored (upper) case.
  for (std::string& code : request.filter.services) code = store::ServiceCodeForLookup(code);
  request.filter.types = FacetValues(query, "type");
  request.filter.tags = FacetValues(query, "tag");
  request.filter.years = FacetValues(query, "year");
  // Only what entered the store from this time on (ISO 8601, as the API writes times).
  if (query.Has("added_since"))
    request.added_since = ParseIsoMilliseconds(query.Get("added_since"));
  ReadWantedParts(query, &request);
  *page = ReadPageAndSort(query, &request);
  return request;
}

}  // namespace synaps::server
