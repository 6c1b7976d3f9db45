#include "indexer/text/text_folding.h"

#include <catch2/catch.hpp>

using synaps::indexer::text::FoldText;

TEST_CASE("FoldText removes accents and case", "[text]") {
  CHECK(FoldText("préfecture") == "prefecture");
  CHECK(FoldText("PRÉFECTURE") == "prefecture");
  CHECK(FoldText("Prefecture") == "prefecture");
  CHECK(FoldText("arrêté") == "arrete");
  CHECK(FoldText("mangées") == "mangees");
  CHECK(FoldText("ÇA Où Noël") == "ca ou noel");
}

TEST_CASE("FoldText makes decomposed (NFD) and composed text identical", "[text]") {
  CHECK(FoldText("pre\xCC\x81"
                 "fecture") == "prefecture");  // e + U+0301
  CHECK(FoldText("arre\xCC\x82te\xCC\x81") == FoldText("arrêté"));
}

TEST_CASE("FoldText expands ligatures and compatibility forms", "[text]") {
  CHECK(FoldText("Œuvre cœur") == "oeuvre coeur");
  CHECK(FoldText("cæcum Æ") == "caecum ae");
  CHECK(FoldText("\xEF\xAC\x81n") == "fin");  // U+FB01 ﬁ ligature
  CHECK(FoldText("Straße") == "strasse");
}

TEST_CASE("FoldText drops French elisions with either apostrophe", "[text]") {
  CHECK(FoldText("l'archive") == "archive");
  CHECK(FoldText("l’archive") == "archive");
  CHECK(FoldText("d’arrêté") == "arrete");
  CHECK(FoldText("L'Arrêté d'ouverture") == "arrete ouverture");
  CHECK(FoldText("jusqu'à lorsqu'il qu'elle") == "a il elle");
  CHECK(FoldText("(l'archive)") == "(archive)");
  CHECK(FoldText("titre:l'archive") == "titre:archive");
  CHECK(FoldText("qu`l'archive") == "archive");  // one elision after another, backquote too
  CHECK(FoldText("all'archive sl'archive") == "all'archive sl'archive");  // whole words only
}

TEST_CASE("FoldText keeps apostrophes that are not elisions", "[text]") {
  CHECK(FoldText("aujourd'hui") == "aujourd'hui");
  CHECK(FoldText("aujourd’hui") == "aujourd'hui");
  CHECK(FoldText("don't") == "don't");
  CHECK(FoldText("l'") == "l'");
}

TEST_CASE("FoldText removes soft hyphens and survives invalid UTF-8", "[text]") {
  CHECK(FoldText("préfec\xC2\xADture") == "prefecture");
  CHECK(FoldText("a\xFF"
                 "b") ==
        "a\xEF\xBF\xBD"
        "b");
  CHECK(FoldText("") == "");
  CHECK(FoldText("ligne1\nligne2") == "ligne1 ligne2");
}
