#include "indexer/index/snippet_text.h"

#include <zlib.h>

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

namespace {

// What versions before Zstandard wrote: "\0Z" + 4-byte little-endian length + zlib data.
std::string ZlibPacked(const std::string& text) {
  uLongf capacity = compressBound(static_cast<uLong>(text.size()));
  std::string packed(6 + capacity, '\0');
  packed[1] = 'Z';
  for (int i = 0; i < 4; ++i) packed[2 + i] = static_cast<char>((text.size() >> (8 * i)) & 0xFF);
  REQUIRE(compress2(reinterpret_cast<Bytef*>(packed.data() + 6), &capacity,
                    reinterpret_cast<const Bytef*>(text.data()), static_cast<uLong>(text.size()),
                    Z_BEST_SPEED) == Z_OK);
  packed.resize(6 + capacity);
  return packed;
}

}  // namespace

TEST_CASE("unpacking tolerates old and damaged values", "[index][snippet]") {
  CHECK(UnpackSnippetText("texte d'un index ancien") == "texte d'un index ancien");
  const std::string text = "quelques mots à compresser, quelques mots à compresser";
  CHECK(UnpackSnippetText(ZlibPacked(text)) == text);
  for (const std::string& packed : {PackSnippetText(text), ZlibPacked(text)}) {
    std::string damaged = packed.substr(0, packed.size() - 3);
    CHECK(UnpackSnippetText(damaged).empty());
  }
  std::string huge = ZlibPacked(text);
  huge[5] = '\x7f';  // claims a length past the sanity bound
  CHECK(UnpackSnippetText(huge).empty());
  CHECK(UnpackSnippetText(std::string("\0Z", 2)).empty());
  CHECK(UnpackSnippetText(std::string("\0S", 2)).empty());
  std::string garbage("\0S", 2);
  garbage += "not a frame at all";
  CHECK(UnpackSnippetText(garbage).empty());
}
