// Facet counts from the in-memory columns: the same as counting from Xapian's value streams, and
// up to date after every commit.
#include "indexer/query/facet_columns.h"

#include <catch2/catch.hpp>

#include "indexer/index/schema.h"
#include "indexer/query/facet_counter.h"
#include "search_fixture.h"

namespace synaps::test {
namespace {

namespace schema = indexer::index::schema;
using indexer::query::Facet;
using indexer::query::FacetColumns;
using indexer::query::FacetColumnsCache;
using indexer::query::FacetCounter;
using indexer::query::FacetValue;

std::vector<std::pair<std::string, std::uint64_t>> Pairs(const std::vector<FacetValue>& values) {
  std::vector<std::pair<std::string, std::uint64_t>> pairs;
  for (const FacetValue& v : values) pairs.emplace_back(v.value, v.count);
  return pairs;
}

std::uint64_t CountOf(const SearchResult& r, const std::string& facet, const std::string& value) {
  auto it = r.facets.find(facet);
  if (it == r.facets.end()) return 0;
  for (const FacetValue& v : it->second) {
    if (v.value == value) return v.count;
  }
  return 0;
}

}  // namespace

TEST_CASE_METHOD(SearchFixture, "facet columns count what the value streams count",
                 "[query][facets]") {
  {
    // A removed document leaves a hole in the document ids.
    std::unique_ptr<IndexWriter> writer;
    REQUIRE(IndexWriter::Open(path(), {}, &writer).ok());
    REQUIRE(writer->Remove("2").ok());
    REQUIRE(writer->Commit().ok());
  }
  Xapian::Database db(path());
  auto columns = FacetColumns::Load(db);
  REQUIRE(columns);
  // Every document, then every other one: the counter reads value streams, the columns memory.
  for (int step : {1, 2}) {
    FacetCounter counter;
    std::vector<Xapian::docid> ids;
    for (Xapian::docid id = 1; id <= db.get_lastdocid() + 2; id += step) {
      ids.push_back(id);
      try {
        counter(db.get_document(id), 0);
      } catch (const Xapian::DocNotFoundError&) {
        // the hole, and ids past the last: the columns must skip them too
      }
    }
    INFO("step " << step);
    CHECK(Pairs(columns->Count(Facet::kService, ids, 20)) ==
          Pairs(counter.Count(db, schema::kSlotService, false, 20)));
    CHECK(Pairs(columns->Count(Facet::kType, ids, 20)) ==
          Pairs(counter.Count(db, schema::kSlotMime, false, 20)));
    CHECK(Pairs(columns->Count(Facet::kYear, ids, 20)) ==
          Pairs(counter.Count(db, schema::kSlotYear, false, 20)));
    CHECK(Pairs(columns->Count(Facet::kTag, ids, 20)) ==
          Pairs(counter.Count(db, schema::kSlotTags, true, 20)));
  }
  CHECK(columns->Count(Facet::kTag, {}, 20).empty());
  CHECK(columns->Count(Facet::kType, {1, 3, 4, 5, 6, 7, 8}, 1).size() == 1);
}

TEST_CASE_METHOD(SearchFixture, "facet counts follow each commit seen by a searcher",
                 "[query][facets]") {
  SearchResult before = Run("", {"ddt"});
  CHECK(CountOf(before, "tag", "Voirie") == 2);
  CHECK(CountOf(before, "tag", "Nouveau") == 0);
  CHECK(CountOf(before, "year", "2021") == 0);
  {
    std::unique_ptr<IndexWriter> writer;
    REQUIRE(IndexWriter::Open(path(), {}, &writer).ok());
    IndexableDocument added = MakeDoc("9", "ddt", 1625097600, "Plan de voirie", "Plan 2021.");
    added.tags = {"Voirie", "Nouveau"};
    REQUIRE(writer->Index(added).ok());
    REQUIRE(writer->Remove("6").ok());  // its year, 2022, is only its own
    REQUIRE(writer->Commit().ok());
  }
  SearchResult after = Run("", {"ddt"});
  CHECK(after.total_estimate == 7);
  CHECK(CountOf(after, "tag", "Voirie") == 3);
  CHECK(CountOf(after, "tag", "Nouveau") == 1);
  CHECK(CountOf(after, "year", "2021") == 1);
  CHECK(CountOf(after, "year", "2022") == 0);
}

TEST_CASE_METHOD(SearchFixture, "searchers of one index revision share its facet columns",
                 "[query][facets]") {
  Xapian::Database first(path()), second(path());
  auto& cache = FacetColumnsCache::Instance();
  auto columns = cache.Get(path(), first);
  REQUIRE(columns);
  CHECK(cache.Get(path(), second) == columns);
  {
    std::unique_ptr<IndexWriter> writer;
    REQUIRE(IndexWriter::Open(path(), {}, &writer).ok());
    REQUIRE(writer->Remove("1").ok());
    REQUIRE(writer->Commit().ok());
  }
  REQUIRE(second.reopen());
  auto newer = cache.Get(path(), second);
  REQUIRE(newer);
  CHECK(newer != columns);
  CHECK(cache.Get(path(), second) == newer);
}

}  // namespace synaps::test
