#include "indexer/text/folding_stemmer.h"

#include <catch2/catch.hpp>

#include "indexer/text/text_folding.h"

using namespace synaps::indexer::text;

TEST_CASE("French stemming applies to folded words", "[text]") {
  Xapian::Stem fr = MakeStemmer("fr");
  // Folding first, then stemming: accented and unaccented inflections meet on one stem.
  CHECK(fr(FoldText("préfectorales")) == fr(FoldText("prefectoral")));
  CHECK(fr(FoldText("arrêtés")) == fr(FoldText("arrete")));
  CHECK(fr(FoldText("mangées")) == fr(FoldText("mangees")));
}

TEST_CASE("Only French and English are stemmed", "[text]") {
  CHECK(IsStemmedLanguage("fr"));
  CHECK(IsStemmedLanguage("en"));
  CHECK_FALSE(IsStemmedLanguage("de"));
  CHECK(MakeStemmer("de")("häuser") == "häuser");
  CHECK(MakeStemmer("en")("running") == "run");
}

TEST_CASE("The folding stemmer folds before stemming", "[text]") {
  Xapian::Stem folding = MakeFoldingStemmer("fr");
  Xapian::Stem fr = MakeStemmer("fr");
  CHECK(folding("Préfectorales") == fr("prefectorales"));
  CHECK(folding("l'archive") == fr("archive"));
  CHECK(folding("d’arrêté") == fr("arrete"));
}
