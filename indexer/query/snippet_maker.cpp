#include "indexer/query/snippet_maker.h"

#include <set>
#include <vector>

#include "indexer/index/schema.h"
#include "indexer/text/folding_stemmer.h"
#include "indexer/text/text_folding.h"

namespace synaps::indexer::query {
namespace {

// Wildcards such as "a*" would otherwise list half the vocabulary.
constexpr std::size_t kMaxWildcardTerms = 50;

bool IsPlainWord(const std::string& term) {
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
                           const std::string& prepared)
    : db_(db) {
  const Xapian::Stem french = text::MakeStemmer(index::schema::kLangFrench);
  const Xapian::Stem english = text::MakeStemmer(index::schema::kLangEnglish);
  std::set<std::string> terms;
  // Appending (not "Z" + stem) avoids a GCC 12 -Wrestrict false positive at -O3.
  auto stem_term = [](const std::string& stem) { return std::string("Z").append(stem); };
  auto add_word = [&](const std::string& word) {
    terms.insert(word);
    terms.insert(stem_term(french(word)));
    terms.insert(stem_term(english(word)));
  };
  for (auto it = query.get_unique_terms_begin(); it != query.get_unique_terms_end(); ++it) {
    const std::string& term = *it;
    if (IsPlainWord(term)) {
      add_word(term);
    } else if (term.size() > 1 && term[0] == 'Z' && IsPlainWord(term.substr(1))) {
      terms.insert(term);
    }
  }
  for (const std::string& pattern : WildcardPatterns(prepared)) {
    std::size_t n = 0;
    for (auto it = db_.allterms_begin(pattern);
         it != db_.allterms_end(pattern) && n < kMaxWildcardTerms; ++it, ++n) {
      add_word(*it);
    }
  }
  highlight_ = Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

std::string SnippetMaker::Make(const std::string& text, const std::string& language,
                               std::size_t length) {
  if (!mset_) {
    Xapian::Enquire enquire(db_);
    enquire.set_query(highlight_);
    // No document is needed: the MSet only carries the term statistics snippet() uses.
    mset_ = enquire.get_mset(0, 0);
  }
  auto stemmer = stemmers_.find(language);
  if (stemmer == stemmers_.end()) {
    stemmer = stemmers_.emplace(language, text::MakeFoldingStemmer(language)).first;
  }
  // No SNIPPET_BACKGROUND_MODEL: it weighs every word of the text against the whole index's
  // statistics (one look-up per word), which tripled the cost of a result page; without it the
  // window is chosen by the query words it holds, which is what a reader scans for.
  return mset_->snippet(text, length, stemmer->second, 0, "<mark>", "</mark>", "…");
}

}  // namespace synaps::indexer::query
