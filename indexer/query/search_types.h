// What a search asks for and what it returns. Plain values, thread-compatible.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "indexer/query/facet_filter.h"

namespace synaps::indexer::query {

enum class SortOrder { kRelevance, kDateNewestFirst, kDateOldestFirst };

struct SearchRequest {
  // The agent's query, syntax in query_builder.h. Empty: every visible document (browsing by
  // facets).
  std::string query;
  // Only the documents with these facet values (facet_filter.h); empty: no narrowing.
  FacetFilter filter;
  std::size_t offset = 0;      // first hit to return (pagination)
  std::size_t page_size = 20;  // hits to return, at most kMaxPageSize
  SortOrder sort = SortOrder::kRelevance;
  bool want_snippets = true;
  bool want_facets = true;
  bool want_suggestion = true;
  std::size_t snippet_length = 300;  // characters of text around the matches
  std::size_t facet_values = 20;     // values per facet, most frequent first
  // Facet counts are exact when the query matches at most this many visible documents; beyond,
  // they count only the matches Xapian examined (at least this many, never invisible documents)
  // and SearchResult::facets_exact is false. Counting every match of a common word costs more
  // than the rest of the search; the first thousand show the proportions well enough.
  std::size_t facet_scan_limit = 1000;
  // A spelling suggestion is only looked for when the query matches at most this many visible
  // documents: "Vouliez-vous dire" helps when a search finds little, and computing it costs about
  // as much as the search itself.
  std::size_t suggestion_max_matches = 10;
  // Only the documents whose current content entered the store at or after this time (unix
  // milliseconds): what is new since a saved search was last run. 0: any.
  std::int64_t added_since = 0;

  static constexpr std::size_t kMaxPageSize = 1000;
};

struct SearchHit {
  std::string id;
  std::string parent_id;  // empty for a top-level document
  std::string title;      // plain text, NOT escaped: escape it before putting it in HTML
  std::string path;
  std::string file_name;
  std::string service;
  std::string mime_type;
  std::string author;
  std::vector<std::string> tags;
  std::int64_t date = 0;  // unix seconds, 0 unknown
  std::uint64_t size = 0;
  std::string language;  // stemming language: "fr", "en" or "none"
  double score = 0;
  int percent = 0;
  // HTML extract: text escaped, matches wrapped in <mark>...</mark>; safe to insert as is.
  std::string snippet_html;
};

struct FacetValue {
  std::string value;
  std::uint64_t count = 0;
};

struct SearchResult {
  std::uint64_t total_estimate = 0;  // visible matching documents (exact when small)
  std::vector<SearchHit> hits;
  // "service", "type" (MIME), "year", "tag" → values, most frequent first.
  std::map<std::string, std::vector<FacetValue>> facets;
  // True when the facet counts cover every visible match; false when the query matched more than
  // SearchRequest::facet_scan_limit documents and the counts are those of a sample (the first
  // matches examined): proportions, not totals. Also true when no facets were asked for.
  bool facets_exact = true;
  // "Vouliez-vous dire" query, empty when none: the agent's query with misspelt words replaced
  // (replacements are folded: lower case, no accents; the rest is kept as typed). Only offered
  // when every new word, and the corrected query, match a document the user may see, and only
  // when the query matches at most `suggestion_max_matches` documents.
  std::string suggestion;
  double elapsed_ms = 0;
};

}  // namespace synaps::indexer::query
