// Nothing another service has not shared ever leaks: not in hits, totals, facets, snippets,
// suggestions or "more like this".
#include <catch2/catch.hpp>

#include "search_fixture.h"

using namespace synaps::test;
namespace base = synaps::base;
using synaps::base::ErrorCode;

TEST_CASE_METHOD(SearchFixture, "Without a filter nothing is returned", "[query][permission]") {
  SearchResult r;
  SearchRequest request;
  REQUIRE(searcher().Search(request, PermissionFilter(), &r).ok());
  CHECK(r.hits.empty());
  CHECK(r.total_estimate == 0);
  CHECK(r.facets.empty());
  REQUIRE(searcher().Search(request, PermissionFilter({""}), &r).ok());
  CHECK(r.hits.empty());
  CHECK(searcher().MoreLikeThis("1", request, PermissionFilter(), &r).code() ==
        base::ErrorCode::kNotFound);
}

TEST_CASE_METHOD(SearchFixture, "Services see their own, shared and public documents",
                 "[query][permission]") {
  CHECK(Ids("", {"ddt"}) == IdSet{"1", "2", "4", "5", "6", "7", "7!/piece.pdf"});
  CHECK(Ids("", {"Cabinet"}) == IdSet{"3", "4", "5"});
  CHECK(Ids("", {"dreal"}) == IdSet{"5"});
  CHECK(Ids("", {"inconnu"}) == IdSet{"5"});  // shared with everyone
  CHECK(Ids("", {"dreal", "cabinet"}) == IdSet{"3", "4", "5"});
}

TEST_CASE_METHOD(SearchFixture, "An invisible document never shows", "[query][permission]") {
  // Document 3 (cabinet, not shared) holds "zorglub", "confidentielle", tag Confidentiel.
  for (const char* q : {"zorglub", "confidentielle", "tag:confidentiel", "service:cabinet zorglub",
                        "zorg*", "\"budget secret\"", "date:2024-07-01..2024-07-01"}) {
    INFO(q);
    SearchResult r = Run(q, {"ddt"});
    CHECK(r.hits.empty());
    CHECK(r.total_estimate == 0);
    for (const auto& [name, values] : r.facets) CHECK(values.empty());
  }
  CHECK(Ids("zorglub", {"cabinet"}) == IdSet{"3"});
}

TEST_CASE_METHOD(SearchFixture, "Facet counts ignore invisible documents", "[query][permission]") {
  SearchResult r = Run("budget OU association", {"ddt"});
  for (const auto& [name, values] : r.facets) {
    for (const auto& v : values) {
      INFO(name << "=" << v.value);
      CHECK(v.value != "cabinet");
      CHECK(v.value != "Confidentiel");
      CHECK(v.value != "application/msword");
    }
  }
  std::uint64_t total = 0;
  for (const auto& v : r.facets["service"]) total += v.count;
  CHECK(total == r.total_estimate);
  CHECK(r.total_estimate == 2);  // 7 and its attachment; not 3
}

TEST_CASE_METHOD(SearchFixture, "Snippets only come from visible documents",
                 "[query][permission]") {
  SearchResult r = Run("budget", {"ddt"});
  for (const auto& hit : r.hits) CHECK(hit.snippet_html.find("zorglub") == std::string::npos);
}

TEST_CASE_METHOD(SearchFixture, "Suggestions never reveal invisible words", "[query][permission]") {
  CHECK(Run("zorglob", {"cabinet"}).suggestion == "zorglub");
  CHECK(Run("zorglob", {"ddt"}).suggestion.empty());
}

TEST_CASE_METHOD(SearchFixture, "More like this respects the filter", "[query][permission]") {
  SearchResult r;
  SearchRequest request;
  // The attachment shares "budget" and "association" with the cabinet's note 3.
  REQUIRE(searcher().MoreLikeThis("7!/piece.pdf", request, PermissionFilter({"ddt"}), &r).ok());
  for (const auto& hit : r.hits) CHECK(hit.id != "3");
  REQUIRE(searcher()
              .MoreLikeThis("7!/piece.pdf", request, PermissionFilter({"ddt", "cabinet"}), &r)
              .ok());
  bool found3 = false;
  for (const auto& hit : r.hits) found3 |= hit.id == "3";
  CHECK(found3);
  // A document the user may not see is "not found", exactly like a missing one.
  CHECK(searcher().MoreLikeThis("3", request, PermissionFilter({"ddt"}), &r).code() ==
        base::ErrorCode::kNotFound);
}

TEST_CASE("The searcher sees a writer's commits, replacements and removals",
          "[query][permission]") {
  TempDir dir;
  std::unique_ptr<IndexWriter> writer;
  REQUIRE(IndexWriter::Open(dir.path(), {}, &writer).ok());
  for (const IndexableDocument& d : Corpus()) REQUIRE(writer->Index(d).ok());
  REQUIRE(writer->Commit().ok());
  std::unique_ptr<Searcher> searcher;
  REQUIRE(Searcher::Open(dir.path(), &searcher).ok());
  auto ids = [&](const std::string& q) {
    SearchRequest request;
    request.query = q;
    SearchResult r;
    REQUIRE(searcher->Search(request, PermissionFilter({"ddt"}), &r).ok());
    IdSet out;
    for (const auto& hit : r.hits) out.insert(hit.id);
    return out;
  };
  CHECK(ids("pommes") == IdSet{"6"});

  IndexableDocument changed = MakeDoc("6", "ddt", 1672444800, "Fruits", "Des cerises.");
  REQUIRE(writer->Index(changed).ok());
  REQUIRE(writer->Index(MakeDoc("9", "ddt", 1700000000, "Nouveau", "Un kiwi nouveau.")).ok());
  CHECK(ids("kiwi").empty());  // not committed yet
  REQUIRE(writer->Commit().ok());
  CHECK(ids("pommes").empty());
  CHECK(ids("cerises") == IdSet{"6"});
  CHECK(ids("kiwi") == IdSet{"9"});

  REQUIRE(writer->Remove("7").ok());
  REQUIRE(writer->Commit().ok());
  CHECK(ids("association").empty());  // the mail and its attachment are gone
  CHECK(ids("budget").empty());
}
