#include "indexer/query/spelling_corrector.h"

#include <algorithm>
#include <vector>

#include "indexer/base/utf8.h"
#include "indexer/text/text_folding.h"

namespace synaps::indexer::query {
namespace {

bool HasDigit(std::string_view word) {
  return std::any_of(word.begin(), word.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool HasCapital(std::string_view word) {
  return std::any_of(word.begin(), word.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

// Length in bytes of the UTF-8 character starting `word`.
std::size_t FirstCharBytes(std::string_view word) {
  const auto c = static_cast<unsigned char>(word[0]);
  std::size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
  return std::min(n, word.size());
}

// The nearest word of `db` to `word` (which is in no document), or "".
std::string Nearest(const Xapian::Database& db, const std::string& word) {
  const std::u32string target = base::DecodeUtf8(word);
  if (target.size() < 3) return {};
  const unsigned limit = target.size() <= 4 ? 1 : 2;
  const std::string first = word.substr(0, FirstCharBytes(word));
  std::string best;
  unsigned best_distance = limit + 1;
  Xapian::doccount best_frequency = 0;
  for (auto it = db.allterms_begin(first); it != db.allterms_end(first); ++it) {
    const std::string term = *it;
    if (HasDigit(term)) continue;
    const std::u32string candidate = base::DecodeUtf8(term);
    const std::size_t longer = std::max(candidate.size(), target.size());
    const std::size_t shorter = std::min(candidate.size(), target.size());
    if (longer - shorter > limit) continue;
    const unsigned distance = EditDistance(target, candidate, limit);
    if (distance > limit) continue;
    const Xapian::doccount frequency = it.get_termfreq();
    if (distance < best_distance || (distance == best_distance && frequency > best_frequency)) {
      best = term;
      best_distance = distance;
      best_frequency = frequency;
    }
  }
  return best;
}

}  // namespace

unsigned EditDistance(const std::u32string& a, const std::u32string& b, unsigned limit) {
  // Optimal string alignment, three rows.
  const std::size_t n = b.size();
  std::vector<unsigned> before(n + 1), previous(n + 1), current(n + 1);
  for (std::size_t j = 0; j <= n; ++j) previous[j] = static_cast<unsigned>(j);
  for (std::size_t i = 1; i <= a.size(); ++i) {
    current[0] = static_cast<unsigned>(i);
    unsigned row_min = current[0];
    for (std::size_t j = 1; j <= n; ++j) {
      const unsigned cost = a[i - 1] == b[j - 1] ? 0 : 1;
      unsigned d = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d = std::min(d, before[j - 2] + 1);
      }
      current[j] = d;
      row_min = std::min(row_min, d);
    }
    if (row_min > limit) return limit + 1;
    std::swap(before, previous);
    std::swap(previous, current);
  }
  return std::min(previous[n], limit + 1);
}

std::string CorrectQueryString(const Xapian::Database& db, const std::string& prepared) {
  std::string corrected;
  bool changed = false;
  std::size_t i = 0;
  while (i < prepared.size()) {
    if (!text::IsFoldedWordByte(static_cast<unsigned char>(prepared[i]))) {
      corrected.push_back(prepared[i++]);
      continue;
    }
    // A word, with the apostrophes inside it ("aujourd'hui"), as the index has it.
    std::size_t end = i;
    while (end < prepared.size()) {
      const auto c = static_cast<unsigned char>(prepared[end]);
      const bool inner_apostrophe =
          c == '\'' && end + 1 < prepared.size() &&
          text::IsFoldedWordByte(static_cast<unsigned char>(prepared[end + 1]));
      if (!text::IsFoldedWordByte(c) && !inner_apostrophe) break;
      ++end;
    }
    const std::string word = prepared.substr(i, end - i);
    const bool after_field = i > 0 && prepared[i - 1] == ':';
    const bool before_syntax =
        end < prepared.size() && (prepared[end] == ':' || prepared[end] == '*');
    std::string replacement;
    if (!after_field && !before_syntax && !HasDigit(word) && !HasCapital(word) &&
        !db.term_exists(word)) {
      replacement = Nearest(db, word);
    }
    if (!replacement.empty()) {
      corrected += replacement;
      changed = true;
    } else {
      corrected += word;
    }
    i = end;
  }
  return changed ? corrected : std::string();
}

}  // namespace synaps::indexer::query
