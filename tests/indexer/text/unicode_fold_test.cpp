#include "indexer/text/unicode_fold.h"

#include <catch2/catch.hpp>
#include <random>
#include <string>
#include <vector>

using synaps::indexer::text::FoldUnicode;
using synaps::indexer::text::FoldUnicodeReference;

TEST_CASE("FoldUnicode equals utf8proc on the whole text", "[text]") {
  for (const char* s : {"",
                        "Arrêté",
                        "L'ARRÊTÉ PRÉFECTORAL",
                        "pre\xCC\x81"
                        "fecture",
                        "a\r\nb",
                        "a\n\rb\r",
                        "\r\n",
                        "tab\there\vform\ffeed",
                        "nul\x01"
                        "byte\x7f",
                        "co\xC3\xBB"
                        "t\xC2\xAD"
                        "eux",  // soft hyphen
                        "\xEF\xAC\x81"
                        "n",
                        "x\xE2\x80\x8By",
                        "<\xCC\xB8 = \xE2\x89\xA0",
                        "bad \xC3 byte",
                        "\xC3"
                        "a",
                        "\xFF\xFE",
                        "\xF0\x9F\x98\x80 emoji",
                        "Stra\xC3\x9F"
                        "e",
                        "\xE1\x84\x80\xE1\x85\xA1",
                        " \xCC\x81",
                        "\xC2\x85"
                        "next line",
                        "A\xCC\x8A"
                        "ngstr\xC3\xB6m"}) {
    INFO(s);
    CHECK(FoldUnicode(s) == FoldUnicodeReference(s));
  }
}

TEST_CASE("FoldUnicode equals utf8proc on random mixes", "[text]") {
  // ASCII letters, digits, spaces, punctuation and controls, accented letters composed and
  // decomposed, combining marks alone, ligatures, ignorables, Hangul jamo, invalid bytes.
  const std::vector<std::string> pieces = {"a",
                                           "Z",
                                           "e",
                                           "7",
                                           " ",
                                           ".",
                                           "'",
                                           "<",
                                           "=",
                                           "\r",
                                           "\n",
                                           "\t",
                                           "\x01",
                                           "\x7f",
                                           "\xC3\xA9",
                                           "\xC3\x89",
                                           "\xCC\x81",
                                           "\xCC\xB8",
                                           "\xC5\x93",
                                           "\xEF\xAC\x81",
                                           "\xC2\xAD",
                                           "\xE2\x80\x8B",
                                           "\xE1\x84\x80",
                                           "\xE1\x85\xA1",
                                           "\xC3",
                                           "\xA9",
                                           "\xC2\x85",
                                           "\xE2\x80\x99",
                                           "\xC3\x9F",
                                           "\v",
                                           "\f",
                                           std::string(1, '\0'),
                                           "\xCC\xA7"};
  std::mt19937 random(20261123);
  std::uniform_int_distribution<std::size_t> pick(0, pieces.size() - 1);
  std::uniform_int_distribution<int> length(1, 40);
  for (int round = 0; round < 20000; ++round) {
    std::string s;
    for (int n = length(random); n > 0; --n) s += pieces[pick(random)];
    std::string hex;
    for (unsigned char c : s) hex += std::to_string(c) + " ";
    INFO(hex);
    REQUIRE(FoldUnicode(s) == FoldUnicodeReference(s));
  }
}
