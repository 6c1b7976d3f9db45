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
