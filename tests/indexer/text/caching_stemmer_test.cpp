#include "indexer/text/caching_stemmer.h"

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "indexer/text/folding_stemmer.h"

using namespace synaps::indexer::text;

TEST_CASE("The caching stemmer gives the stems of the plain one", "[text]") {
  const std::vector<std::string> words = {"prefectorales", "arretes", "circulation",
                                          "vehicules",     "running", "committees",
                                          "haeuser",       "a",       ""};
  for (const char* code : {"fr", "en", "none"}) {
    INFO(code);
    Xapian::Stem plain = MakeStemmer(code);
    Xapian::Stem cached = MakeCachingStemmer(code, 3);  // forgets often
    for (int round = 0; round < 3; ++round) {
      for (const std::string& word : words) {
        INFO(word);
        CHECK(cached(word) == plain(word));
      }
    }
  }
  CHECK(MakeCachingStemmer("fr")("arretes") == "arret");
}
