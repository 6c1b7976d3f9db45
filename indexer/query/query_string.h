// Preparation of the query string typed by an agent before Xapian's QueryParser sees it.
// Internal to indexer/query; thread-safe (pure function).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace synaps::indexer::query {

// Returns `raw` with every word folded exactly like indexed text (text::FoldText: accents, case,
// ligatures, elisions) while keeping the query syntax: operators written in capitals outside
// quotes stay operators, French ones translated (ET → AND, OU → OR, SAUF → NOT; AND OR NOT XOR
// NEAR ADJ kept), field names are folded to their lower-case form ("Titre:" → "titre:"), and
// quotes, parentheses, '+', '-', '*' and ranges ("date:a..b") pass through. Words in lower case
// ("et", "ou") are ordinary words.
std::string PrepareQueryString(std::string_view raw);

// One whitespace-separated piece of a query: as typed (typographic quotes made ASCII), and as
// prepared. PrepareQueryString() is the prepared pieces joined by single spaces (pieces that
// fold to nothing are left out).
struct QueryChunk {
  std::string raw;
  std::string prepared;
};
std::vector<QueryChunk> PrepareQueryChunks(std::string_view raw);

// Returns `corrected` (a spelling-corrected PrepareQueryString(), same pieces in the same order)
// with every piece the correction left alone put back as the agent typed it, so that a
// suggestion keeps the agent's accents and ET/OU/SAUF: "circulatoin ET Véhicules" →
// "circulation ET Véhicules". If the pieces do not line up, returns `corrected` unchanged.
std::string RestoreUnchangedChunks(const std::vector<QueryChunk>& chunks,
                                   const std::string& corrected);

}  // namespace synaps::indexer::query
