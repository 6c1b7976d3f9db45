// The words of a document that feed "did you mean" suggestions, and their collection over many
// documents before they are written to the index's spelling table.
//
// Xapian's TermGenerator can record spelling data itself (FLAG_SPELLING), but it does so once per
// word occurrence, through the writable database, on the thread that builds the document: that
// doubled the cost of indexing and tied building to the writer. Synaps instead takes the
// distinct words of each built document (any thread), merges them in a SpellingRecorder, and
// writes each distinct word once per commit.
//
// Only the start of a long body feeds spelling: the first kSpellingBodyBytes, with the title,
// subject, author and file name. Words met only deep in long documents (tables, listings, code,
// names) were a third of the vocabulary and of the spelling table, and a word worth suggesting
// seldom appears nowhere near the start of any document.
//
// Only plain words are kept: no prefixed or stemmed terms, no word with a digit (numbers, dates,
// references and version strings are never worth correcting to) and no word over
// kMaxSpellingWordBytes (identifiers, hashes, run-together text). Suggestions are verified against
// the index before they are shown (query/searcher.h), so a word recorded here is only a
// candidate.
#pragma once

#include <xapian.h>

#include <cstddef>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace synaps::indexer::index {

inline constexpr std::size_t kMaxSpellingWordBytes = 32;
inline constexpr std::size_t kSpellingBodyBytes = 8 * 1024;

// A document's spelling words with their within-document frequency (wdf), in term order.
using SpellingWords = std::vector<std::pair<std::string, Xapian::termcount>>;

// True when `term` (an index term) is a word worth offering as a correction.
bool IsSpellingWord(const std::string& term);

// Returns the spelling words among `doc`'s terms, leaving out those whose every position is in
// [skip_from, skip_to) (the end of a long body). Thread-safe for distinct documents.
SpellingWords CollectSpellingWords(const Xapian::Document& doc, Xapian::termpos skip_from = 0,
                                   Xapian::termpos skip_to = 0);

// Sums the spelling words of many documents and writes them in one go. Not thread-safe.
class SpellingRecorder {
 public:
  void Add(const SpellingWords& words);

  // Adds every word collected since the last flush to `db`'s spelling table (effective at its
  // next commit), then forgets them. May throw Xapian::Error.
  void Flush(Xapian::WritableDatabase& db);

  std::size_t pending_words() const { return counts_.size(); }

 private:
  std::unordered_map<std::string, Xapian::termcount> counts_;
};

}  // namespace synaps::indexer::index
