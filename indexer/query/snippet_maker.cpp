#include "indexer/query/snippet_maker.h"

#include <cctype>
#include <vector>

#include "indexer/index/schema.h"
#include "indexer/query/highlighted_extract.h"
#include "indexer/query/word_folding.h"
#include "indexer/text/folding_stemmer.h"
#include "indexer/text/text_folding.h"

namespace synaps::indexer::query {
namespace {

// Wildcards such as "a*" would otherwise list half the vocabulary.
constexpr std::size_t kMaxWildcardTerms = 50;

bool IsPlainWord(std::string_view term) {
  if (term.empty()) return false;
  const auto c = static_cast<unsigned char>(term[0]);
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80;
}

// Trailing-wildcard patterns of a prepared query string: "prefec" for "prefec*".
std::vector<std::string> WildcardPatterns(const std::string& prepared) {
  std::vector<std::string> patterns;
  for (std::size_t star = prepared.find('*'); star != std::string::npos;
       star = prepared.find('*', star + 1)) {
    std::size_t begin = star;
    while (begin > 0 && text::IsFoldedWordByte(static_cast<unsigned char>(prepared[begin - 1]))) {
      --begin;
    }
    if (begin < star) patterns.push_back(prepared.substr(begin, star - begin));
  }
  return patterns;
}

}  // namespace

SnippetMaker::SnippetMaker(const Xapian::Database& db, const Xapian::Query& query,
                           const std::string& prepared) {
  const Xapian::Stem french = text::MakeStemmer(index::schema::kLangFrench);
  const Xapian::Stem english = text::MakeStemmer(index::schema::kLangEnglish);
  int next_id = 0;
  auto add_word = [&](const std::string& word) {
    const int id = words_.emplace(word, next_id).first->second;
    if (id == next_id) ++next_id;
    stems_.emplace(french(word), id);
    stems_.emplace(english(word), id);
  };
  for (auto it = query.get_unique_terms_begin(); it != query.get_unique_terms_end(); ++it) {
    const std::string& term = *it;
    if (IsPlainWord(term)) {
      add_word(term);
    } else if (term.size() > 1 && term[0] == 'Z' && IsPlainWord(std::string_view(term).substr(1))) {
      if (stems_.emplace(term.substr(1), next_id).second) ++next_id;
    }
  }
  for (const std::string& pattern : WildcardPatterns(prepared)) {
    std::size_t n = 0;
    for (auto it = db.allterms_begin(pattern);
         it != db.allterms_end(pattern) && n < kMaxWildcardTerms; ++it, ++n) {
      add_word(*it);
    }
  }
  for (const TermIds* terms : {&words_, &stems_}) {
    for (const auto& [term, id] : *terms) {
      if (!term.empty()) initials_[static_cast<unsigned char>(term[0])] = true;
    }
  }
}

int SnippetMaker::TermOf(std::string_view word, Language* language) {
  // Most words are rejected by their first letter, before any folding. Folding keeps an ASCII
  // first letter (lower-cased) unless it removes an elision ("l'arrêté" → "arrete").
  const auto initial = static_cast<unsigned char>(word.empty() ? 0 : word[0]);
  if (initial < 0x80 && !initials_[static_cast<unsigned char>(std::tolower(initial))] &&
      word.find('\'') == std::string_view::npos && word.find("\u2019") == std::string_view::npos) {
    return -1;
  }
  const std::string folded = FoldWord(word);
  if (folded.empty() || !initials_[static_cast<unsigned char>(folded[0])]) return -1;
  if (auto exact = words_.find(folded); exact != words_.end()) return exact->second;
  auto seen = language->stemmed.find(folded);
  if (seen != language->stemmed.end()) return seen->second;
  auto stem = stems_.find(language->stemmer(folded));
  const int id = stem == stems_.end() ? -1 : stem->second;
  language->stemmed.emplace(folded, id);
  return id;
}

std::string SnippetMaker::Make(std::string_view text, const std::string& language,
                               std::size_t length) {
  auto it = languages_.find(language);
  if (it == languages_.end()) {
    it = languages_.emplace(language, Language{text::MakeStemmer(language), {}}).first;
  }
  Language* lang = &it->second;
  if (words_.empty() && stems_.empty()) {
    return HighlightedExtract(
        text, [](std::string_view) { return -1; }, length);
  }
  return HighlightedExtract(
      text, [this, lang](std::string_view word) { return TermOf(word, lang); }, length);
}

}  // namespace synaps::indexer::query
