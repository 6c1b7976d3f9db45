// The fast word folding must never disagree with the index's folding.
#include "indexer/query/word_folding.h"

#include <catch2/catch.hpp>
#include <string>

#include "indexer/text/text_folding.h"

namespace {

std::string Utf8(unsigned cp) {
  std::string s;
  if (cp < 0x80) {
    s.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    s.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    s.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    s.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    s.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    s.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
  return s;
}

}  // namespace

TEST_CASE("FoldWord equals FoldText on Latin letters, marks and apostrophes", "[query]") {
  using synaps::indexer::query::FoldWord;
  using synaps::indexer::text::FoldText;
  for (unsigned cp = 0x21; cp < 0x300; ++cp) {
    if (cp >= 0x7F && cp < 0xA0) continue;  // controls: never inside a word
    for (const std::string& word :
         {Utf8(cp), "pr" + Utf8(cp) + "fet", Utf8(cp) + "\xCC\x81", "A" + Utf8(cp) + "'b"}) {
      INFO("U+" << std::hex << cp);
      CHECK(FoldWord(word) == FoldText(word));
    }
  }
  CHECK(FoldWord("Préfecture") == "prefecture");
  CHECK(FoldWord("l'Arrêté") == "arrete");
  CHECK(FoldWord("de\xCC\x81"
                 "cisions") == "decisions");
  CHECK(FoldWord("Œuvre") == "oeuvre");
}
