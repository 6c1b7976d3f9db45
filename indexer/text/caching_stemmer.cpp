#include "indexer/text/caching_stemmer.h"

#include <string>
#include <unordered_map>

#include "indexer/text/folding_stemmer.h"

namespace synaps::indexer::text {
namespace {

class CachingStemImplementation : public Xapian::StemImplementation {
 public:
  CachingStemImplementation(std::string_view code, std::size_t max_words)
      : inner_(MakeStemmer(code)), max_words_(max_words) {}

  std::string operator()(const std::string& word) override {
    if (auto it = stems_.find(word); it != stems_.end()) return it->second;
    std::string stem = inner_(word);
    if (stems_.size() >= max_words_) stems_.clear();
    stems_.emplace(word, stem);
    return stem;
  }

  std::string get_description() const override {
    return "synaps-caching(" + inner_.get_description() + ")";
  }

 private:
  Xapian::Stem inner_;
  const std::size_t max_words_;
  std::unordered_map<std::string, std::string> stems_;
};

}  // namespace

Xapian::Stem MakeCachingStemmer(std::string_view language_code, std::size_t max_words) {
  // Xapian::Stem takes shared ownership through its intrusive reference count.
  return Xapian::Stem(new CachingStemImplementation(language_code, max_words));
}

}  // namespace synaps::indexer::text
