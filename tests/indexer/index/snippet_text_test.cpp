#include "indexer/index/snippet_text.h"

#include <catch2/catch.hpp>

using synaps::indexer::index::PackSnippetText;
using synaps::indexer::index::UnpackSnippetText;

TEST_CASE("snippet text is packed smaller and comes back exactly", "[index][snippet]") {
  std::string text;
  for (int i = 0; i < 300; ++i)
    text += "Le préfet de la Haute-Vallée arrête : la circulation est interdite. ";
  std::string packed = PackSnippetText(text);
  CHECK(packed.size() < text.size() / 3);
  CHECK(UnpackSnippetText(packed) == text);
  CHECK(UnpackSnippetText(PackSnippetText("")) == "");
}

TEST_CASE("unpacking tolerates old and damaged values", "[index][snippet]") {
  CHECK(UnpackSnippetText("texte d'un index ancien") == "texte d'un index ancien");
  std::string packed = PackSnippetText("quelques mots à compresser, quelques mots à compresser");
  std::string damaged = packed.substr(0, packed.size() - 3);
  CHECK(UnpackSnippetText(damaged).empty());
  std::string huge = packed;
  huge[5] = '\x7f';  // claims a length past the sanity bound
  CHECK(UnpackSnippetText(huge).empty());
  CHECK(UnpackSnippetText(std::string("\0Z", 2)).empty());
}
