// GET /api/v1/search over real HTTP: what an answer carries (facets, snippets, a suggestion,
// pages, each optional part left out on request) and the facet values a client narrows to
// (?service=&type=&tag=&year=).
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <catch2/catch.hpp>
#include <set>
#include <string>

#include "tests/server/organize_client.h"
#include "tests/server/server_fixture.h"

using namespace synaps::testing;
using Poco::JSON::Array;
using Poco::JSON::Object;

namespace {

Object::Ptr Search(const ServerProcess& server, const Credentials& as, const std::string& query,
                   const std::string& more = "") {
  Reply reply = server.Call("GET", "/api/v1/search?q=" + Encode(query) + more, &as);
  INFO(reply.body);
  REQUIRE(reply.status == 200);
  return Json(reply);
}

std::set<std::string> Paths(const Object::Ptr& result) {
  std::set<std::string> paths;
  auto hits = result->getArray("hits");
  for (size_t i = 0; i < hits->size(); ++i) {
    paths.insert(hits->getObject(static_cast<unsigned>(i))->getValue<std::string>("path"));
  }
  return paths;
}

// The count of `value` in facet `facet`, 0 when absent.
int FacetCount(const Object::Ptr& result, const std::string& facet, const std::string& value) {
  auto values = result->getObject("facets")->getArray(facet);
  if (!values) return 0;
  for (size_t i = 0; i < values->size(); ++i) {
    auto item = values->getObject(static_cast<unsigned>(i));
    if (item->getValue<std::string>("value") == value) return item->getValue<int>("count");
  }
  return 0;
}

}  // namespace

TEST_CASE("search answers carry facets, snippets, a suggestion and pages, and narrow to facets",
          "[server]") {
  ServerProcess server;
  const std::string voirie = "/CAB/travaux/pont voirie.txt";
  const std::string note = "/CAB/travaux/note pont.txt";
  const std::string ddt = "/DDT/ouvrages/pont ddt.txt";
  const int64_t tagged =
      Upload(server, kCabEditor, voirie,
             "Fermeture du pont Wilson pour travaux de voirie (coût < 5 000 € & délai > 3 mois).");
  Upload(server, kCabEditor, note, "Note sur le pont Wilson et la circulation des bus.");
  Upload(server, kDdtEditor, ddt, "Inspection du pont Wilson par la direction des territoires.");
  REQUIRE(
      server.Call("PUT", "/api/v1/documents/" + Id(tagged) + "/tags/Voirie", &kCabEditor).status ==
      200);
  SearchUntil(server, kCabReader, "tag:voirie", voirie, true);
  SearchUntil(server, kDdtEditor, "inspection", ddt, true);

  // CAB's reader sees CAB's two documents, not DDT's, in the hits and in every count.
  Object::Ptr all = Search(server, kCabReader, "pont wilson");
  CHECK(Paths(all) == std::set<std::string>{voirie, note});
  CHECK(all->getValue<int>("total") == 2);
  CHECK(all->getValue<bool>("facets_exact"));
  CHECK(FacetCount(all, "service", "CAB") == 2);
  CHECK(FacetCount(all, "service", "DDT") == 0);
  CHECK(FacetCount(all, "tag", "Voirie") == 1);
  CHECK(FacetCount(all, "type", "text/plain") == 2);
  CHECK(all->getObject("facets")->getArray("year")->size() == 1);

  // Snippets: the matched words marked, the text escaped.
  auto hits = all->getArray("hits");
  for (size_t i = 0; i < hits->size(); ++i) {
    auto hit = hits->getObject(static_cast<unsigned>(i));
    const std::string snippet = hit->getValue<std::string>("snippet_html");
    CHECK(snippet.find("<mark>pont</mark>") != std::string::npos);
    if (hit->getValue<std::string>("path") == voirie) {
      CHECK(snippet.find("coût &lt; 5 000 € &amp; délai &gt; 3 mois") != std::string::npos);
      CHECK(hit->getArray("tags")->getElement<std::string>(0) == "Voirie");
    }
  }

  // A client may leave out snippets, facets and the suggestion: the same hits, without them.
  Object::Ptr lean = Search(server, kCabReader, "pont wilson", "&snippets=false&facets=0");
  CHECK(Paths(lean) == Paths(all));
  CHECK(lean->getValue<int>("total") == 2);
  CHECK(lean->getObject("facets")->size() == 0);
  auto lean_hits = lean->getArray("hits");
  for (size_t i = 0; i < lean_hits->size(); ++i) {
    CHECK(lean_hits->getObject(static_cast<unsigned>(i))->getValue<std::string>("snippet_html") ==
          "");
  }
  CHECK(
      Search(server, kCabReader, "pont", "&snippets=true&facets=1")->getObject("facets")->size() ==
      4);
  CHECK(server.Call("GET", "/api/v1/search?q=pont&snippets=no", &kCabReader).status == 400);
  CHECK(server.Call("GET", "/api/v1/search?q=pont&facets=", &kCabReader).status == 400);

  // Facet values narrow the search, as the counts show them; one facet's values are
  // alternatives, facets combine.
  CHECK(Paths(Search(server, kCabReader, "pont", "&tag=Voirie")) == std::set<std::string>{voirie});
  CHECK(Paths(Search(server, kCabReader, "pont", "&tag=voirie&service=CAB")) ==
        std::set<std::string>{voirie});
  CHECK(Paths(Search(server, kCabReader, "", "&type=text/plain&service=CAB")).size() == 2);
  CHECK(Paths(Search(server, kCabReader, "pont", "&tag=Voirie&tag=Autre")).size() == 1);
  CHECK(Paths(Search(server, kCabReader, "pont", "&year=1999")).empty());
  Object::Ptr narrowed = Search(server, kCabReader, "pont", "&tag=Voirie");
  CHECK(FacetCount(narrowed, "service", "CAB") == 1);
  // Asking for another service's documents shows nothing of them.
  Object::Ptr other = Search(server, kCabReader, "pont", "&service=DDT");
  CHECK(Paths(other).empty());
  CHECK(other->getValue<int>("total") == 0);
  CHECK(FacetCount(other, "service", "DDT") == 0);
  CHECK(server.Call("GET", "/api/v1/search?q=pont&tag=", &kCabReader).status == 400);
  CHECK(server.Call("GET", "/api/v1/search?q=pont&service=%FF", &kCabReader).status == 400);

  // Pages: one hit each, different ones.
  Object::Ptr first = Search(server, kCabReader, "pont", "&page_size=1&page=1");
  Object::Ptr second = Search(server, kCabReader, "pont", "&page_size=1&page=2");
  REQUIRE(Paths(first).size() == 1);
  REQUIRE(Paths(second).size() == 1);
  CHECK(Paths(first) != Paths(second));
  CHECK(second->getValue<int>("page") == 2);
  CHECK(Paths(Search(server, kCabReader, "pont", "&page_size=1&page=3")).empty());
  CHECK(Paths(Search(server, kCabReader, "pont", "&sort=newest")).size() == 2);

  // A misspelt word: "Vouliez-vous dire", from what the reader may see only.
  CHECK(Search(server, kCabReader, "circulaiton")->getValue<std::string>("suggestion") ==
        "circulation");
  CHECK(Search(server, kCabReader, "inspectoin")->getValue<std::string>("suggestion").empty());
  CHECK(Search(server, kCabReader, "circulaiton", "&suggestion=false")
            ->getValue<std::string>("suggestion")
            .empty());
  CHECK(Search(server, kDdtEditor, "inspectoin")->getValue<std::string>("suggestion") ==
        "inspection");
}

TEST_CASE("more like this lists readable documents like a readable one, nothing else", "[server]") {
  ServerProcess server;
  const std::string canicule = "/CAB/plans/canicule.txt";
  const std::string alerte = "/CAB/plans/alerte.txt";
  const std::string budget = "/CAB/plans/budget.txt";
  const std::string ddt = "/DDT/plans/canicule ddt.txt";
  const int64_t id = Upload(server, kCabEditor, canicule,
                            "Plan canicule : salles rafraîchies, vigilance orange, personnes "
                            "vulnérables, registre communal des personnes isolées.");
  Upload(server, kCabEditor, alerte,
         "Alerte canicule : vigilance orange, salles rafraîchies ouvertes aux personnes "
         "vulnérables et isolées.");
  Upload(server, kCabEditor, budget, "Budget primitif : investissements de voirie, dotations.");
  Upload(server, kDdtEditor, ddt,
         "Canicule : vigilance orange, salles rafraîchies, personnes vulnérables et isolées.");
  SearchUntil(server, kCabReader, "budget", budget, true);
  SearchUntil(server, kDdtEditor, "canicule", ddt, true);

  const std::string similar = "/api/v1/documents/" + Id(id) + "/similar";
  Reply reply = server.Call("GET", similar, &kCabReader);
  REQUIRE(reply.status == 200);
  Object::Ptr result = Json(reply);
  const std::set<std::string> paths = Paths(result);
  CHECK(paths.count(alerte) == 1);
  CHECK(paths.count(canicule) == 0);  // not itself
  CHECK(paths.count(ddt) == 0);       // not what the reader may not read
  CHECK(paths.count(budget) == 0);    // nothing in common
  CHECK(FacetCount(result, "service", "DDT") == 0);
  auto first = result->getArray("hits")->getObject(0);
  CHECK(first->getValue<std::string>("path") == alerte);
  CHECK(first->getValue<std::string>("snippet_html").find("<mark>") != std::string::npos);

  CHECK(server.Call("GET", similar, &kDdtEditor).status == 404);
  CHECK(server.Call("GET", similar).status == 401);
  CHECK(server.Call("GET", similar + "?sort=sideways", &kCabReader).status == 400);
  CHECK(server.Call("GET", "/api/v1/documents/999999/similar", &kCabReader).status == 404);
}
