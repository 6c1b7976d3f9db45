// SpellingCorrector: "did you mean" from the index's own words.
//
// Synaps keeps no spelling table. Xapian's (what QueryParser's FLAG_SPELLING_CORRECTION reads)
// was a sixth of the index and, even recorded once per word and commit, a tenth of the cost of
// indexing, for data the index already has: its unprefixed terms are every word of every
// document, folded. For a query word that is in no document, the corrector scans the index's
// words that begin with the same letter and takes the nearest by edit distance (insertions,
// deletions, substitutions and swaps of two neighbouring letters), at most 1 for words of up to
// 4 letters and 2 above, preferring among equals the word in most documents. A swap, a missing
// or an extra letter after the first is found; a wrong first letter is not.
//
// The suggestion may hold words of documents the agent cannot see: the searcher checks it
// against the agent's permissions before showing it (searcher.h).
//
// Internal to indexer/query. Not thread-safe (reads one Xapian::Database).
#pragma once

#include <xapian.h>

#include <string>

namespace synaps::indexer::query {

// Returns `prepared` (a PrepareQueryString() result) with each word in no document replaced by
// its nearest word in `db`, or "" when no word was replaced. Left alone: operators (capitals),
// field names and values ("titre:", "tag:x"), wildcards ("circ*"), and words with digits.
// May throw Xapian::Error.
std::string CorrectQueryString(const Xapian::Database& db, const std::string& prepared);

// Edit distance between two words (code points; a swap of two neighbours counts 1), or
// `limit` + 1 when it exceeds `limit`. Exposed for tests.
unsigned EditDistance(const std::u32string& a, const std::u32string& b, unsigned limit);

}  // namespace synaps::indexer::query
