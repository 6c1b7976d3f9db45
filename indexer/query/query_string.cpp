#include "indexer/query/query_string.h"

#include <algorithm>
#include <array>
#include <utility>

#include "indexer/text/text_folding.h"

namespace synaps::indexer::query {
namespace {

constexpr std::array<std::pair<std::string_view, std::string_view>, 9> kOperators = {{
    {"ET", "AND"},
    {"OU", "OR"},
    {"SAUF", "NOT"},
    {"AND", "AND"},
    {"OR", "OR"},
    {"NOT", "NOT"},
    {"XOR", "XOR"},
    {"NEAR", "NEAR"},
    {"ADJ", "ADJ"},
}};

bool IsSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

// Returns the Xapian operator for `chunk` (stripped of parentheses), or "" for a non-operator.
std::string OperatorChunk(std::string_view chunk) {
  std::size_t open = 0;
  while (open < chunk.size() && chunk[open] == '(') ++open;
  std::size_t close = chunk.size();
  while (close > open && chunk[close - 1] == ')') --close;
  const std::string_view core = chunk.substr(open, close - open);
  for (const auto& [word, op] : kOperators) {
    if (core == word) {
      std::string out(chunk.substr(0, open));
      out += op;
      out += chunk.substr(close);
      return out;
    }
  }
  return {};
}

// French typography: « guillemets » and “curly quotes” delimit phrases too, often with
// non-breaking spaces inside.
std::string AsciiQuotesAndSpaces(std::string_view raw) {
  constexpr std::array<std::pair<std::string_view, std::string_view>, 6> kMap = {{
      {"\u00AB", "\""},
      {"\u00BB", "\""},
      {"\u201C", "\""},
      {"\u201D", "\""},
      {"\u00A0", " "},
      {"\u202F", " "},
  }};
  std::string out;
  out.reserve(raw.size());
  std::size_t i = 0;
  while (i < raw.size()) {
    bool replaced = false;
    for (const auto& [from, to] : kMap) {
      if (raw.substr(i, from.size()) == from) {
        out += to;
        i += from.size();
        replaced = true;
        break;
      }
    }
    if (!replaced) out += raw[i++];
  }
  return out;
}

}  // namespace

std::vector<QueryChunk> PrepareQueryChunks(std::string_view raw_query) {
  const std::string raw = AsciiQuotesAndSpaces(raw_query);
  std::vector<QueryChunk> chunks;
  bool in_quotes = false;
  std::size_t pos = 0;
  while (pos < raw.size()) {
    while (pos < raw.size() && IsSpace(raw[pos])) ++pos;
    std::size_t end = pos;
    while (end < raw.size() && !IsSpace(raw[end])) ++end;
    if (end == pos) break;
    const std::string_view chunk = std::string_view(raw).substr(pos, end - pos);
    pos = end;

    std::string prepared = in_quotes ? std::string() : OperatorChunk(chunk);
    if (prepared.empty()) prepared = text::FoldText(chunk);
    for (char c : chunk) {
      if (c == '"') in_quotes = !in_quotes;
    }
    if (!prepared.empty()) chunks.push_back({std::string(chunk), std::move(prepared)});
  }
  return chunks;
}

std::string PrepareQueryString(std::string_view raw_query) {
  std::string out;
  for (const QueryChunk& chunk : PrepareQueryChunks(raw_query)) {
    if (!out.empty()) out += ' ';
    out += chunk.prepared;
  }
  return out;
}

std::string RestoreUnchangedChunks(const std::vector<QueryChunk>& chunks,
                                   const std::string& corrected) {
  std::vector<std::string> words;
  std::size_t pos = 0;
  while (pos <= corrected.size()) {
    const std::size_t space = std::min(corrected.find(' ', pos), corrected.size());
    words.push_back(corrected.substr(pos, space - pos));
    pos = space + 1;
  }
  if (words.size() != chunks.size()) return corrected;
  std::string out;
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (i != 0) out += ' ';
    out += words[i] == chunks[i].prepared ? chunks[i].raw : words[i];
  }
  return out;
}

}  // namespace synaps::indexer::query
