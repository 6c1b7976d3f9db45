#include "indexer/index/schema.h"

#include <catch2/catch.hpp>

using namespace synaps::indexer::index;

TEST_CASE("BoundedTerm keeps short terms and hashes long ones", "[index]") {
  CHECK(schema::IdTerm("123!/a/b.pdf") == "Q123!/a/b.pdf");
  const std::string long_id(1000, 'x');
  const std::string term = schema::IdTerm(long_id);
  CHECK(term.size() <= 245);
  CHECK(term != schema::IdTerm(long_id + "y"));
  CHECK(term == schema::IdTerm(long_id));
}

TEST_CASE("FoldedTerm folds the value", "[index]") {
  CHECK(schema::FoldedTerm(schema::kTag, "Énergie") == "Kenergie");
  CHECK(schema::FoldedTerm(schema::kService, "DDT") == "XSERVICEddt");
}

TEST_CASE("Multi-values round-trip, even with separators inside", "[index]") {
  const std::vector<std::string> values = {"urgent", "a:b", "", "12:3", "éé"};
  CHECK(schema::DecodeMultiValue(schema::EncodeMultiValue(values)) == values);
  CHECK(schema::DecodeMultiValue("").empty());
  CHECK(schema::DecodeMultiValue("99:abc").empty());  // malformed: stops, no overflow
}

TEST_CASE("Free-text terms split into prefix and word, other terms do not", "[index]") {
  auto split = [](std::string_view term) {
    std::string_view prefix, word;
    if (!schema::SplitFreeTextTerm(term, &prefix, &word)) return std::string("-");
    return std::string(prefix) + "|" + std::string(word);
  };
  CHECK(split("prefecture") == "|prefecture");
  CHECK(split("2024") == "|2024");
  CHECK(split("émission") == "|émission");
  CHECK(split("Sarrete") == "S|arrete");
  CHECK(split("XFILEvoirie") == "XFILE|voirie");
  CHECK(split("XSUBJECTreunion") == "XSUBJECT|reunion");
  CHECK(split("XTOmairie") == "XTO|mairie");
  CHECK(split("Pcourriel") == "P|courriel");
  // Boolean terms, ids and stems are not words of a free-text field.
  for (const char* term :
       {"Q42", "Kurgent", "XSERVICEddt", "XSHAREcab", "XEVERYONE", "Lfr", "Tapplication/pdf",
        "Epdf", "XYEAR2024", "XPARENT42", "Zprefectur", "S", "XFILE"}) {
    INFO(term);
    CHECK(split(term) == "-");
  }
  CHECK(schema::StemGroupKey("S", "prefectur") == "ZSprefectur");
  CHECK(schema::StemGroupKey("", "prefectur") == "Zprefectur");
}
