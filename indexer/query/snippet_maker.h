// SnippetMaker: highlighted HTML extracts of result documents.
//
// Xapian's MSet::snippet() highlights a word of the text when the word, lower-cased, equals a
// query term, or its stem with the given stemmer equals a "Z" term of the query. Synaps shows the
// original text (with its accents) while query terms are folded, so exact-form terms (phrases,
// wildcard expansions) would never equal an accented word. The maker therefore builds, once per
// search, a highlight query made of the stemmed ("Z") forms of every word of the user's query and
// of its wildcard expansions, and runs MSet::snippet() on it with a folding stemmer
// (text/folding_stemmer.h): "arrêté" in the text then meets "arrete" in a phrase query.
// Highlighting is per word (a phrase's words are highlighted wherever they appear in the extract).
//
// The text is HTML-escaped by Xapian; only <mark>...</mark> is added, so the result is safe to
// insert in a page. Neither SNIPPET_EXHAUSTIVE nor SNIPPET_BACKGROUND_MODEL (too slow for a
// result page).
// Internal to indexer/query. Not thread-safe.
#pragma once

#include <xapian.h>

#include <map>
#include <optional>
#include <string>

namespace synaps::indexer::query {

class SnippetMaker {
 public:
  // `query` is the parsed user query (without the permission filter: only its words matter) and
  // `prepared` the folded query string it came from (for wildcard patterns). `db` must outlive
  // the maker.
  SnippetMaker(const Xapian::Database& db, const Xapian::Query& query, const std::string& prepared);

  // Returns the extract of `text` (about `length` characters) with matches in <mark>, for a
  // document stemmed in `language` ("fr", "en", "none"). May throw Xapian::Error.
  std::string Make(const std::string& text, const std::string& language, std::size_t length);

 private:
  const Xapian::Database& db_;
  Xapian::Query highlight_;
  std::optional<Xapian::MSet> mset_;  // built on first use
  std::map<std::string, Xapian::Stem> stemmers_;
};

}  // namespace synaps::indexer::query
