#include <catch2/catch.hpp>
#include <random>

#include "search_fixture.h"

using namespace synaps::test;
namespace base = synaps::base;
using synaps::base::ErrorCode;
using synaps::base::Status;
using synaps::indexer::query::SortOrder;

namespace {

synaps::indexer::query::FacetFilter Facets(std::vector<std::string> services,
                                           std::vector<std::string> types,
                                           std::vector<std::string> tags,
                                           std::vector<std::string> years) {
  synaps::indexer::query::FacetFilter filter;
  filter.services = std::move(services);
  filter.types = std::move(types);
  filter.tags = std::move(tags);
  filter.years = std::move(years);
  return filter;
}

}  // namespace

TEST_CASE_METHOD(SearchFixture, "Accents, case and decomposed text do not matter", "[query]") {
  CHECK(Ids("préfecture") == IdSet{"2"});
  CHECK(Ids("prefecture") == IdSet{"2"});
  CHECK(Ids("PRÉFECTURE") == IdSet{"2"});
  CHECK(Ids("pre\xCC\x81"
            "fecture") == IdSet{"2"});    // NFD query, NFD text
  CHECK(Ids("décisions") == IdSet{"2"});  // composed query, NFD text
  CHECK(Ids("arrete") == IdSet{"1"});
  CHECK(Ids("arrêtés") == IdSet{"1"});
  CHECK(Ids("mangees") == IdSet{"6"});
  CHECK(Ids("MANGÉES") == IdSet{"6"});
}

TEST_CASE_METHOD(SearchFixture, "French stemming matches inflections", "[query]") {
  CHECK(Ids("préfectorales") == IdSet{"1"});
  CHECK(Ids("réglementer") == IdSet{"1"});
  CHECK(Ids("véhicule") == IdSet{"1"});
}

TEST_CASE_METHOD(SearchFixture, "Elisions are split with either apostrophe", "[query]") {
  CHECK(Ids("l'archive") == IdSet{"2"});
  CHECK(Ids("l’archive") == IdSet{"2"});
  CHECK(Ids("d'archive") == IdSet{"2"});
  CHECK(Ids("archive") == IdSet{"2"});
  CHECK(Ids("d’arrêté") == IdSet{"1"});
}

TEST_CASE_METHOD(SearchFixture, "Ligatures match their expansion", "[query]") {
  CHECK(Ids("oeuvre") == IdSet{"4"});
  CHECK(Ids("œuvres") == IdSet{"4"});
  CHECK(Ids("COEUR") == IdSet{"4"});
}

TEST_CASE_METHOD(SearchFixture, "Phrases match exactly, across accents and elisions", "[query]") {
  CHECK(Ids("\"arrêté préfectoral\"") == IdSet{"1"});
  CHECK(Ids("\"arrete prefectoral\"") == IdSet{"1"});
  CHECK(Ids("\"préfectoral arrêté\"").empty());
  CHECK(Ids("\"publié l'archive\"") == IdSet{"2"});
  CHECK(Ids("«\xC2\xA0"
            "arrêté préfectoral\xC2\xA0»") == IdSet{"1"});
}

TEST_CASE_METHOD(SearchFixture, "Boolean operators in French and English", "[query]") {
  CHECK(Ids("circulation véhicules") == IdSet{"1"});  // AND by default
  CHECK(Ids("circulation subvention").empty());
  CHECK(Ids("circulation ET véhicules") == IdSet{"1"});
  CHECK(Ids("circulation OU subvention") == IdSet{"1", "7"});
  CHECK(Ids("circulation OR subvention") == IdSet{"1", "7"});
  CHECK(Ids("association SAUF budget") == IdSet{"7"});
  CHECK(Ids("association NOT budget") == IdSet{"7"});
  CHECK(Ids("association -budget") == IdSet{"7"});
  CHECK(Ids("(circulation OU subvention) ET association") == IdSet{"7"});
  CHECK(Ids("SAUF budget").count("7!/piece.pdf") == 0);  // a pure negation
  CHECK(Ids("SAUF budget").size() == 6);
  // Lower-case "et" is a word (a stop word), not an operator.
  CHECK(Ids("circulation et véhicules") == IdSet{"1"});
}

TEST_CASE_METHOD(SearchFixture, "Field prefixes in French and English", "[query]") {
  CHECK(Ids("titre:archive") == IdSet{"2"});
  CHECK(Ids("title:archive") == IdSet{"2"});
  CHECK(Ids("titre:circulation") == IdSet{"1"});
  CHECK(Ids("titre:véhicules").empty());  // body only
  CHECK(Ids("auteur:dupont") == IdSet{"1"});
  CHECK(Ids("author:Dupont") == IdSet{"1"});
  CHECK(Ids("tag:urgent") == IdSet{"1"});
  CHECK(Ids("tag:Voirie") == IdSet{"1", "2"});
  CHECK(Ids("tag:\"Mise en demeure\"") == IdSet{"4"});  // a facet value, quoted, round-trips
  CHECK(Ids("tag:mise").empty());
  CHECK(Ids("service:cabinet") == IdSet{"4"});  // 3 is cabinet's too but not visible to DDT
  CHECK(Ids("service:dreal") == IdSet{"5"});
  CHECK(Ids("type:application/pdf") == IdSet{"1", "4", "5", "7!/piece.pdf"});
  CHECK(Ids("type:pdf") == IdSet{"1", "7!/piece.pdf"});  // by extension
  CHECK(Ids("de:curie") == IdSet{"7"});
  CHECK(Ids("from:marie") == IdSet{"7"});
  CHECK(Ids("a:prefet") == IdSet{"7"});
  CHECK(Ids("to:prefet") == IdSet{"7"});
  CHECK(Ids("objet:subvention") == IdSet{"7"});
  CHECK(Ids("chemin:voirie") == IdSet{"1"});
  CHECK(Ids("path:voirie") == IdSet{"1"});
  CHECK(Ids("fichier:circulation") == IdSet{"1"});
  CHECK(Ids("annee:2023") == IdSet{"2"});
  CHECK(Ids("circulation tag:urgent") == IdSet{"1"});
  CHECK(Ids("archive tag:urgent").empty());
}

TEST_CASE_METHOD(SearchFixture, "Date ranges", "[query]") {
  CHECK(Ids("date:2024-01-01..2024-06-30") == IdSet{"1", "4", "5", "7", "7!/piece.pdf"});
  CHECK(Ids("date:2024-03-03..2024-03-03") == IdSet{"1"});  // the end day is included
  CHECK(Ids("date:..2023-12-31") == IdSet{"2", "6"});
  CHECK(Ids("date:01/04/2024..") == IdSet{"7", "7!/piece.pdf"});
  CHECK(Ids("association date:2024-04..2024-04") == IdSet{"7", "7!/piece.pdf"});
  SearchResult result;
  SearchRequest request;
  request.query = "date:2024-13-01..2024-14-01";
  auto status = searcher().Search(request, PermissionFilter({"ddt"}), &result);
  CHECK(status.code() == base::ErrorCode::kInvalidArgument);
}

TEST_CASE_METHOD(SearchFixture, "Trailing wildcards", "[query]") {
  CHECK(Ids("prefec*") == IdSet{"1", "2"});
  CHECK(Ids("PRÉFEC*") == IdSet{"1", "2"});
  CHECK(Ids("subv*") == IdSet{"7"});
}

TEST_CASE_METHOD(SearchFixture, "English documents are stemmed as English", "[query]") {
  CHECK(Ids("committee") == IdSet{"5"});  // the text says "committees"
  CHECK(Ids("run") == IdSet{"5"});        // the text says "running"
  CHECK(Ids("inspection industrial") == IdSet{"5"});
  CHECK(Ids("\"industrial sites\"") == IdSet{"5"});
}

TEST_CASE_METHOD(SearchFixture, "Snippets are escaped HTML with highlighted matches", "[query]") {
  SearchResult r = Run("alert", {"ddt"});
  REQUIRE(r.hits.size() == 1);
  const std::string& s = r.hits[0].snippet_html;
  CHECK(s.find("<script>") == std::string::npos);
  CHECK(s.find("&lt;script&gt;") != std::string::npos);
  CHECK(s.find("<mark>alert</mark>") != std::string::npos);
  CHECK(r.hits[0].title == "<b>Titre</b>");  // plain text: the caller escapes it

  SearchResult accents = Run("arretes prefectorales", {"ddt"});
  REQUIRE(accents.hits.size() == 1);
  // Original accents are shown, and folded query words still highlight them.
  CHECK(accents.hits[0].snippet_html.find("<mark>préfectoral</mark>") != std::string::npos);
  CHECK(accents.hits[0].snippet_html.find("arrêté</mark>") != std::string::npos);

  // Phrase and wildcard words are folded exact forms; they still highlight accented text.
  SearchResult phrase = Run("\"arrete prefectoral\"", {"ddt"});
  REQUIRE(phrase.hits.size() == 1);
  CHECK(phrase.hits[0].snippet_html.find("<mark>préfectoral</mark>") != std::string::npos);
  SearchResult wildcard = Run("prefector*", {"ddt"});
  REQUIRE(wildcard.hits.size() == 1);
  CHECK(wildcard.hits[0].snippet_html.find("<mark>préfectoral</mark>") != std::string::npos);
  SearchResult nfd = Run("decisions", {"ddt"});
  REQUIRE(nfd.hits.size() == 1);
  CHECK(nfd.hits[0].snippet_html.find("<mark>de\xCC\x81"
                                      "cisions</mark>") != std::string::npos);
}

TEST_CASE_METHOD(SearchFixture, "Hits carry what a result page shows", "[query]") {
  SearchResult r = Run("budget", {"ddt"});
  REQUIRE(r.hits.size() == 1);
  const auto& hit = r.hits[0];
  CHECK(hit.id == "7!/piece.pdf");
  CHECK(hit.parent_id == "7");
  CHECK(hit.service == "ddt");
  CHECK(hit.mime_type == "application/pdf");
  CHECK(hit.date == 1712188800);
  CHECK(hit.file_name == "piece.pdf");
  CHECK(hit.score > 0);
  CHECK(r.total_estimate == 1);
  CHECK(r.elapsed_ms >= 0);

  SearchResult d1 = Run("circulation", {"ddt"});
  REQUIRE(d1.hits.size() == 1);
  CHECK(d1.hits[0].title == "Arrêté préfectoral de circulation");
  CHECK(d1.hits[0].path == "/Voirie/2024/arrete_circulation.pdf");
  CHECK(d1.hits[0].author == "Jean Dupont");
  CHECK(d1.hits[0].tags == std::vector<std::string>{"Urgent", "Voirie"});
  CHECK(d1.hits[0].language == "fr");
}

TEST_CASE_METHOD(SearchFixture, "Facets count visible documents", "[query]") {
  SearchResult r = Run("", {"ddt"});
  CHECK(r.total_estimate == 7);
  auto count = [&](const std::string& facet, const std::string& value) -> std::uint64_t {
    for (const auto& v : r.facets[facet]) {
      if (v.value == value) return v.count;
    }
    return 0;
  };
  CHECK(count("service", "DDT") == 5);  // codes are folded: "DDT" and "ddt" are one service
  CHECK(count("service", "CABINET") == 1);
  CHECK(count("service", "DREAL") == 1);
  CHECK(count("tag", "Voirie") == 2);
  CHECK(count("tag", "Urgent") == 1);
  CHECK(count("tag", "Culture") == 1);
  CHECK(count("type", "application/pdf") == 4);
  CHECK(count("year", "2024") == 5);
  CHECK(count("year", "2023") == 1);
  CHECK(count("year", "2022") == 1);
  REQUIRE_FALSE(r.facets["tag"].empty());
  CHECK(r.facets["tag"][0].value == "Voirie");  // most frequent first

  SearchResult narrowed = Run("tag:voirie", {"ddt"});
  REQUIRE(narrowed.facets["year"].size() == 2);
}

TEST_CASE_METHOD(SearchFixture, "Facet values picked from the counts narrow a search", "[query]") {
  auto ids = [&](const std::string& query, const synaps::indexer::query::FacetFilter& filter) {
    SearchRequest request;
    request.filter = filter;
    request.page_size = 100;
    IdSet found;
    for (const auto& hit : Run(query, {"ddt"}, request).hits) found.insert(hit.id);
    return found;
  };
  const IdSet all = Ids("");
  // Values as the facet counts show them; case and accents do not matter where the index folds.
  CHECK(ids("", Facets({}, {}, {"Voirie"}, {})) == Ids("tag:voirie"));
  CHECK(ids("", Facets({}, {}, {"voirie"}, {})) == Ids("tag:voirie"));
  CHECK(ids("", Facets({}, {}, {"Mise en demeure"}, {})) == IdSet{"4"});
  CHECK(ids("", Facets({"CABINET"}, {}, {}, {})) == Ids("service:cabinet"));
  CHECK(ids("", Facets({}, {"Application/PDF"}, {}, {})).size() == 4);
  CHECK(ids("", Facets({}, {}, {}, {"2023"})).size() == 1);
  // Values of one facet are alternatives; facets combine.
  CHECK(ids("", Facets({}, {}, {}, {"2023", "2022"})).size() == 2);
  CHECK(ids("", Facets({"DDT"}, {}, {}, {"2024"})).size() <
        ids("", Facets({}, {}, {}, {"2024"})).size());
  CHECK(ids("", Facets({}, {}, {"Voirie"}, {"1999"})).empty());
  // With a query; the counts follow the narrowing.
  CHECK(ids("circulation", Facets({}, {}, {"Voirie"}, {})) == IdSet{"1"});
  SearchRequest request;
  request.filter.years = {"2024"};
  const SearchResult narrowed = Run("", {"ddt"}, request);
  REQUIRE(narrowed.facets.at("year").size() == 1);
  CHECK(narrowed.facets.at("year")[0].count == 5);
  // A filter never shows what the permissions hide: service 3 is CABINET's, not visible to DDT.
  CHECK(ids("", Facets({"CABINET"}, {}, {}, {})).count("3") == 0);
  CHECK(ids("", Facets({}, {}, {}, {})) == all);
}

TEST_CASE_METHOD(SearchFixture, "Facet counts say when they are a sample", "[query]") {
  CHECK(Run("", {"ddt"}).facets_exact);  // 7 matches, far below the scan limit
  SearchRequest request;
  request.page_size = 1;
  request.facet_scan_limit = 1;
  SearchResult r = Run("", {"ddt"}, request);  // 7 matches, the matcher may stop after 1
  std::uint64_t counted = 0;
  for (const auto& v : r.facets["service"]) counted += v.count;
  CHECK(counted >= 1);
  CHECK(counted < 7);
  CHECK_FALSE(r.facets_exact);
}

TEST_CASE_METHOD(SearchFixture, "Sort by date and pagination", "[query]") {
  SearchRequest request;
  request.sort = SortOrder::kDateNewestFirst;
  request.page_size = 3;
  SearchResult first = Run("", {"ddt"}, request);
  REQUIRE(first.hits.size() == 3);
  CHECK(first.hits[0].id.substr(0, 1) == "7");  // 2024-04-04
  CHECK(first.hits[2].id == "1");               // 2024-03-03
  CHECK(first.total_estimate == 7);
  request.offset = 6;
  SearchResult last = Run("", {"ddt"}, request);
  REQUIRE(last.hits.size() == 1);
  CHECK(last.hits[0].id == "6");  // 2022-12-31

  request.sort = SortOrder::kDateOldestFirst;
  request.offset = 0;
  CHECK(Run("", {"ddt"}, request).hits[0].id == "6");
}

TEST_CASE_METHOD(SearchFixture, "Spelling suggestions", "[query]") {
  SearchResult r = Run("circulatoin", {"ddt"});
  CHECK(r.hits.empty());
  CHECK(r.suggestion == "circulation");
  CHECK(Run("circulation", {"ddt"}).suggestion.empty());
  // The words the agent typed right are given back as typed, operators included.
  CHECK(Run("circulatoin ET Véhicules", {"ddt"}).suggestion == "circulation ET Véhicules");
}

TEST_CASE_METHOD(SearchFixture, "Spelling is only suggested when few documents match", "[query]") {
  // "budget" matches one document: within the default limit, the misspelt word is corrected.
  CHECK(Run("circulatoin OU budget", {"ddt"}).suggestion == "circulation OU budget");
  SearchRequest request;
  request.suggestion_max_matches = 0;
  SearchResult r = Run("circulatoin OU budget", {"ddt"}, request);
  CHECK(r.hits.size() == 1);
  CHECK(r.suggestion.empty());
  // Nothing found is always worth a suggestion.
  CHECK(Run("circulatoin", {"ddt"}, request).suggestion == "circulation");
}

TEST_CASE_METHOD(SearchFixture, "More like this", "[query]") {
  SearchResult r;
  SearchRequest request;
  REQUIRE(searcher().MoreLikeThis("7", request, PermissionFilter({"ddt"}), &r).ok());
  IdSet ids;
  for (const auto& hit : r.hits) ids.insert(hit.id);
  CHECK(ids.count("7") == 0);
  CHECK(ids.count("7!/piece.pdf") == 1);
  CHECK(searcher().MoreLikeThis("nope", request, PermissionFilter({"ddt"}), &r).code() ==
        base::ErrorCode::kNotFound);
}

TEST_CASE_METHOD(SearchFixture, "Errors are values, not exceptions", "[query]") {
  SearchResult r;
  SearchRequest request;
  request.query = "\"unbalanced ( ) AND OR";
  // Xapian's parser is lenient; whatever it decides, nothing is thrown.
  CHECK_NOTHROW((void)searcher().Search(request, PermissionFilter({"ddt"}), &r));
  for (const char* q : {"(((", "\"", "*", "date:..", "titre:", "ET OU SAUF", "\xFF\xFE", "a:b:c:d",
                        "tag:", "-", "+", "NEAR", "date:2024..hier", "l'", "’’’"}) {
    INFO(q);
    request.query = q;
    base::Status st = base::Status::Ok();
    CHECK_NOTHROW(st = searcher().Search(request, PermissionFilter({"ddt"}), &r));
    CHECK((st.ok() || st.code() == base::ErrorCode::kInvalidArgument));
  }
  request.query = std::string(100000, 'a') + " " + std::string(5000, '(');
  CHECK_NOTHROW((void)searcher().Search(request, PermissionFilter({"ddt"}), &r));
  std::unique_ptr<Searcher> none;
  CHECK(Searcher::Open("/nonexistent/index", &none).code() == base::ErrorCode::kIoError);
  CHECK(none == nullptr);
}

TEST_CASE_METHOD(SearchFixture, "Random query strings never throw", "[query]") {
  // Pieces of query syntax, words and odd bytes glued at random: a cheap stand-in for fuzzing.
  const std::vector<std::string> pieces = {
      "arrêté",   "l'",       "’",     "\"", "(",    ")",        "*",      "ET",    "OU",
      "SAUF",     "NOT",      "-",     "+",  ":",    "..",       "titre:", "date:", "2024-01-01",
      "tag:",     "service:", "type:", " ",  "\xC3", "\xCC\x81", "œ",      "«",     "»",
      "\xC2\xA0", "NEAR/3",   "a",     "de", "0",    "\t",       "\\",     "~",     "^"};
  std::mt19937 rng(1234);
  std::uniform_int_distribution<std::size_t> pick(0, pieces.size() - 1);
  std::uniform_int_distribution<int> length(1, 12);
  SearchRequest request;
  SearchResult r;
  for (int i = 0; i < 500; ++i) {
    request.query.clear();
    for (int n = length(rng); n > 0; --n) request.query += pieces[pick(rng)];
    INFO(request.query);
    base::Status st = base::Status::Ok();
    REQUIRE_NOTHROW(st = searcher().Search(request, PermissionFilter({"ddt"}), &r));
    CHECK((st.ok() || st.code() == base::ErrorCode::kInvalidArgument));
    for (const auto& hit : r.hits) CHECK(hit.id != "3");
  }
}

TEST_CASE_METHOD(SearchFixture, "A searcher follows the index through a compaction", "[query]") {
  CHECK(Ids("circulation") == IdSet{"1"});
  {
    std::unique_ptr<IndexWriter> writer;
    REQUIRE(IndexWriter::Open(path(), {}, &writer).ok());
    REQUIRE(writer->Compact().ok());
    CHECK(Ids("circulation") == IdSet{"1"});  // between compaction and the next commit
    REQUIRE(writer
                ->Index(MakeDoc("9", "ddt", 1709424000, "Déviation",
                                "La circulation est déviée par le boulevard."))
                .ok());
    REQUIRE(writer->Commit().ok());
  }
  CHECK(Ids("circulation") == IdSet{"1", "9"});
  CHECK(Run("circulatoin", {"ddt"}).suggestion == "circulation");
}

TEST_CASE("A word in the title ranks above the same word in a body", "[query]") {
  TempDir dir;
  {
    std::unique_ptr<IndexWriter> writer;
    REQUIRE(IndexWriter::Open(dir.path(), {}, &writer).ok());
    std::string filler;
    for (int i = 0; i < 40; ++i) filler += "Suite du compte rendu de la réunion de service. ";
    // The body mentions the word twice; the title once.
    REQUIRE(writer
                ->Index(MakeDoc("body", "ddt", 1709424000, "Compte rendu de réunion",
                                filler + "La sécheresse menace. La sécheresse dure. " + filler))
                .ok());
    REQUIRE(
        writer->Index(MakeDoc("title", "ddt", 1709424000, "Plan sécheresse 2024", filler)).ok());
    REQUIRE(writer->Index(MakeDoc("none", "ddt", 1709424000, "Budget", filler)).ok());
    REQUIRE(writer->Commit().ok());
  }
  std::unique_ptr<Searcher> searcher;
  REQUIRE(Searcher::Open(dir.path(), &searcher).ok());
  SearchRequest request;
  request.query = "secheresse";
  SearchResult result;
  REQUIRE(searcher->Search(request, PermissionFilter({"ddt"}), &result).ok());
  REQUIRE(result.hits.size() == 2);
  CHECK(result.hits[0].id == "title");
  CHECK(result.hits[1].id == "body");
  CHECK(result.hits[0].score > result.hits[1].score);
}

TEST_CASE("A language the index gains is searched as soon as the searcher reopens", "[query]") {
  // A French-only index is searched with the French parse alone; once an English document is
  // committed, a reopened searcher must parse queries in English too.
  TempDir dir;
  std::unique_ptr<IndexWriter> writer;
  REQUIRE(IndexWriter::Open(dir.path(), {}, &writer).ok());
  IndexableDocument french = MakeDoc("fr", "ddt", 1709424000, "Note", "La préfecture est ouverte.");
  french.language = "fr";
  REQUIRE(writer->Index(french).ok());
  REQUIRE(writer->Commit().ok());
  std::unique_ptr<Searcher> searcher;
  REQUIRE(Searcher::Open(dir.path(), &searcher).ok());
  auto ids = [&](const std::string& query) {
    SearchRequest request;
    request.query = query;
    SearchResult result;
    REQUIRE(searcher->Search(request, PermissionFilter({"ddt"}), &result).ok());
    IdSet found;
    for (const auto& hit : result.hits) found.insert(hit.id);
    return found;
  };
  CHECK(ids("préfectures") == IdSet{"fr"});
  CHECK(ids("happiness").empty());

  IndexableDocument english =
      MakeDoc("en", "ddt", 1709424000, "Survey", "The residents said they were happy.");
  english.language = "en";
  REQUIRE(writer->Index(english).ok());
  REQUIRE(writer->Commit().ok());
  // English stemming: "happiness" and "happy" are both "happi"; French stemming leaves
  // "happiness" whole. Only an English parse finds the document.
  CHECK(ids("happiness") == IdSet{"en"});
  CHECK(ids("préfectures") == IdSet{"fr"});
}
