#include "indexer/text/folding_stemmer.h"

#include <string>

#include "indexer/text/text_folding.h"

namespace synaps::indexer::text {
namespace {

const char* SnowballName(std::string_view code) {
  if (code == "fr") return "french";
  if (code == "en") return "english";
  return "none";
}

class FoldingStemImplementation : public Xapian::StemImplementation {
 public:
  explicit FoldingStemImplementation(std::string_view code) : inner_(SnowballName(code)) {}

  std::string operator()(const std::string& word) override { return inner_(FoldText(word)); }

  std::string get_description() const override {
    return "synaps-folding(" + inner_.get_description() + ")";
  }

 private:
  Xapian::Stem inner_;
};

}  // namespace

bool IsStemmedLanguage(std::string_view language_code) {
  return language_code == "fr" || language_code == "en";
}

Xapian::Stem MakeStemmer(std::string_view language_code) {
  return Xapian::Stem(SnowballName(language_code));
}

Xapian::Stem MakeFoldingStemmer(std::string_view language_code) {
  // Xapian::Stem takes shared ownership through its intrusive reference count.
  return Xapian::Stem(new FoldingStemImplementation(language_code));
}

}  // namespace synaps::indexer::text
