// The JSON of a page of results, the same for the API and `synaps search --json`.
#include "dms-server/search/search_json.h"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <catch2/catch.hpp>

namespace synaps::search {
namespace {

TEST_CASE("a hit says its file name, author and date, an unknown date is left out",
          "[search][json]") {
  indexer::query::SearchResult result;
  result.total_estimate = 2;
  result.suggestion = "arrete prefectoral";
  indexer::query::SearchHit dated;
  dated.id = "12";
  dated.title = "Arrêté \"circulation\"";
  dated.path = "/CAB/arrete.pdf";
  dated.file_name = "arrete.pdf";
  dated.service = "CAB";
  dated.mime_type = "application/pdf";
  dated.author = "Préfecture";
  dated.date = 1767225600;  // 2026-01-01
  dated.size = 1234;
  dated.percent = 87;
  dated.tags = {"urgent"};
  dated.snippet_html = "la <mark>circulation</mark>";
  indexer::query::SearchHit undated = dated;
  undated.id = "13";
  undated.parent_id = "12";
  undated.date = 0;
  result.hits = {dated, undated};
  result.facets["service"] = {{"CAB", 2}};

  auto json = Poco::JSON::Parser()
                  .parse(SearchResultJson(result, 2, 10))
                  .extract<Poco::JSON::Object::Ptr>();
  CHECK(json->getValue<int64_t>("total") == 2);
  CHECK(json->getValue<int64_t>("page") == 2);
  CHECK(json->getValue<int64_t>("page_size") == 10);
  CHECK(json->getValue<std::string>("suggestion") == "arrete prefectoral");
  auto hits = json->getArray("hits");
  REQUIRE(hits->size() == 2);
  auto first = hits->getObject(0);
  CHECK(first->getValue<std::string>("title") == "Arrêté \"circulation\"");
  CHECK(first->getValue<std::string>("file_name") == "arrete.pdf");
  CHECK(first->getValue<std::string>("author") == "Préfecture");
  CHECK(first->getValue<std::string>("date").rfind("2026-01-01T", 0) == 0);
  CHECK(first->getValue<std::string>("snippet_html") == "la <mark>circulation</mark>");
  CHECK_FALSE(first->has("parent_id"));
  auto second = hits->getObject(1);
  CHECK(second->getValue<std::string>("parent_id") == "12");
  CHECK_FALSE(second->has("date"));
  CHECK(json->getObject("facets")->getArray("service")->getObject(0)->getValue<int64_t>("count") ==
        2);
}

}  // namespace
}  // namespace synaps::search
