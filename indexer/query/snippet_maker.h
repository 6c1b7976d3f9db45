// SnippetMaker: highlighted HTML extracts of result documents.
//
// A word of the text is highlighted when, folded the way the index folds (text_folding.h:
// accents, case, ligatures, elisions), it equals a word of the user's query or of a wildcard
// expansion, or its stem in the document's language equals the stem of one (French or English)
// or a stemmed ("Z") term of the query. So "arrêté" in the text meets "arrete" in a phrase query
// and "arretes" in a plain one, while the extract shows the original text with its accents.
// Highlighting is per word (a phrase's words are highlighted wherever they appear in the extract).
//
// The extract itself (window, escaping, <mark>) is highlighted_extract.h: everything from the
// text is HTML-escaped, so the result is safe to insert in a page. Built once per search; each
// word is folded by table (word_folding.h) and stemmed at most once (a result page's texts share
// most of their words), which keeps a page of 20 extracts far cheaper than Xapian's
// MSet::snippet(). Internal to indexer/query. Not thread-safe.
#pragma once

#include <xapian.h>

#include <array>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>

namespace synaps::indexer::query {

class SnippetMaker {
 public:
  // `query` is the parsed user query (without the permission filter: only its words matter) and
  // `prepared` the folded query string it came from (for wildcard patterns). `db` is only used
  // here, to expand wildcards. May throw Xapian::Error.
  SnippetMaker(const Xapian::Database& db, const Xapian::Query& query, const std::string& prepared);

  // Returns the extract of `text` (about `length` characters) with matches in <mark>, for a
  // document stemmed in `language` ("fr", "en", "none").
  std::string Make(std::string_view text, const std::string& language, std::size_t length);

 private:
  // Lets unordered maps of strings be searched with a string_view, without a copy.
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
  };
  using TermIds = std::unordered_map<std::string, int, Hash, std::equal_to<>>;

  struct Language {
    Xapian::Stem stemmer;
    TermIds stemmed;  // folded word → term id or -1, for the words that were stemmed
  };

  // The id of the query term `word` matches in `language`, or -1.
  int TermOf(std::string_view word, Language* language);

  // Folded query words and stems → term id; a word and its stems share one id, so that the
  // extract prefers windows with several different query words.
  TermIds words_;
  TermIds stems_;
  // First bytes of words_ and stems_: Snowball's French and English stemmers only rewrite the
  // end of a word, so a folded word whose first byte starts no query word or stem cannot match
  // and is neither looked up nor stemmed (most words of a text).
  std::array<bool, 256> initials_{};
  std::map<std::string, Language, std::less<>> languages_;
};

}  // namespace synaps::indexer::query
