#include "indexer/query/query_string.h"

#include <catch2/catch.hpp>

using synaps::indexer::query::PrepareQueryString;

TEST_CASE("Query words are folded like indexed text", "[query]") {
  CHECK(PrepareQueryString("Préfecture d’Arrêté") == "prefecture arrete");
  CHECK(PrepareQueryString("  l'archive   ŒUVRE ") == "archive oeuvre");
}

TEST_CASE("French and English operators are kept in capitals only", "[query]") {
  CHECK(PrepareQueryString("a ET b OU c SAUF d") == "a AND b OR c NOT d");
  CHECK(PrepareQueryString("a AND b OR NOT c") == "a AND b OR NOT c");
  CHECK(PrepareQueryString("chat et chien") == "chat et chien");
  CHECK(PrepareQueryString("(a OU b) ET c") == "(a OR b) AND c");
  CHECK(PrepareQueryString("(ET)") == "(AND)");
}

TEST_CASE("Operators inside a phrase are words", "[query]") {
  CHECK(PrepareQueryString("\"Pierre ET Marie\" OU x") == "\"pierre et marie\" OR x");
  CHECK(PrepareQueryString("«\xC2\xA0"
                           "arrêté préfectoral\xC2\xA0»") == "\" arrete prefectoral \"");
}

TEST_CASE("Field prefixes, wildcards and ranges keep their syntax", "[query]") {
  CHECK(PrepareQueryString("Titre:L'Arrêté") == "titre:arrete");
  CHECK(PrepareQueryString("préfec*") == "prefec*");
  CHECK(PrepareQueryString("date:2024-01-01..2024-06-30") == "date:2024-01-01..2024-06-30");
  CHECK(PrepareQueryString("-brouillon +final") == "-brouillon +final");
  CHECK(PrepareQueryString("") == "");
}

TEST_CASE("Suggestions keep what the agent typed right", "[query]") {
  using synaps::indexer::query::PrepareQueryChunks;
  using synaps::indexer::query::RestoreUnchangedChunks;
  const auto chunks = PrepareQueryChunks("Préfecture ET arêté");
  REQUIRE(chunks.size() == 3);
  CHECK(chunks[0].raw == "Préfecture");
  CHECK(chunks[0].prepared == "prefecture");
  CHECK(chunks[1].prepared == "AND");
  CHECK(RestoreUnchangedChunks(chunks, "prefecture AND arrete") == "Préfecture ET arrete");
  CHECK(RestoreUnchangedChunks(chunks, "prefecture arrete") == "prefecture arrete");
}
