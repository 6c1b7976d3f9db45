// The words of a document that feed "did you mean" suggestions, and their collection over many
// documents before they are written to the index's spelling table.
//
// Xapian's TermGenerator can record spelling data itself (FLAG_SPELLING), but it does so once per
// word occurrence, through the writable database, on the thread that builds the document: that
// doubled the cost of indexing and tied building to the writer. Synaps instead takes the
// distinct words of each built document (any thread), merges them in a SpellingRecorder, and
// writes each distinct word once per commit.
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

// A document's spelling words with their within-document frequency (wdf), in term order.
using SpellingWords = std::vector<std::pair<std::string, Xapian::termcount>>;

// True when `term` (an index term) is a word worth offering as a correction.
bool IsSpellingWord(const std::string& term);

// Returns the spelling words among `doc`'s terms. Thread-safe for distinct documents.
SpellingWords CollectSpellingWords(const Xapian::Document& doc);

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
