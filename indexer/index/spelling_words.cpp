#include "indexer/index/spelling_words.h"

namespace synaps::indexer::index {

bool IsSpellingWord(const std::string& term) {
  if (term.size() < 2 || term.size() > kMaxSpellingWordBytes) return false;
  // Prefixed ("S", "XFILE"...) and stemmed ("Z") terms start with a capital; words never do,
  // since they are folded to lower case.
  if (term[0] >= 'A' && term[0] <= 'Z') return false;
  for (char c : term) {
    if (c >= '0' && c <= '9') return false;
  }
  return true;
}

SpellingWords CollectSpellingWords(const Xapian::Document& doc, Xapian::termpos skip_from,
                                   Xapian::termpos skip_to) {
  SpellingWords words;
  for (auto it = doc.termlist_begin(); it != doc.termlist_end(); ++it) {
    std::string term = *it;
    if (!IsSpellingWord(term)) continue;
    if (skip_from < skip_to) {
      // Positions come in increasing order.
      auto pos = it.positionlist_begin();
      if (pos != it.positionlist_end() && *pos >= skip_from) {
        pos.skip_to(skip_to);
        if (pos == it.positionlist_end()) continue;
      }
    }
    words.emplace_back(std::move(term), it.get_wdf());
  }
  return words;
}

void SpellingRecorder::Add(const SpellingWords& words) {
  for (const auto& [word, wdf] : words) counts_[word] += wdf;
}

void SpellingRecorder::Flush(Xapian::WritableDatabase& db) {
  for (const auto& [word, count] : counts_) db.add_spelling(word, count);
  counts_.clear();
}

}  // namespace synaps::indexer::index
