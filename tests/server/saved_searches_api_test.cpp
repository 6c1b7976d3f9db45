// Saved searches over real HTTP: each account keeps its own, a listing counts what each finds
// now for the caller (a document the caller may not read is never counted, until it is shared),
// a query string the search would refuse is refused when saved.
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <string>
#include <thread>

#include "tests/server/organize_client.h"
#include "tests/server/server_fixture.h"

using namespace synaps::testing;
using Poco::JSON::Object;

namespace {

const std::string kSaved = "/api/v1/me/saved-searches";
const Credentials kCabManager{"cab_manager", "cab_manager-password"};

// The listing of `as`, which must succeed.
Poco::JSON::Array::Ptr Listing(const ServerProcess& server, const Credentials& as) {
  Reply reply = server.Call("GET", kSaved, &as);
  INFO(reply.body);
  REQUIRE(reply.status == 200);
  return Json(reply)->getArray("saved_searches");
}

// The count of `as`'s first saved search, once the indexer has caught up with `expected`.
int64_t CountUntil(const ServerProcess& server, const Credentials& as, int64_t expected) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  int64_t count = -1;
  for (;;) {
    auto first = Listing(server, as)->getObject(0);
    count = first->isNull("count") ? -1 : first->getValue<int64_t>("count");
    if (count == expected || std::chrono::steady_clock::now() > deadline) return count;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

}  // namespace

TEST_CASE("saved searches are each account's own and count only what the caller may read",
          "[server][search]") {
  ServerProcess server;
  server.AddUser("cab_manager", "CAB", synaps::store::Role::kManager);
  const int64_t note =
      Upload(server, kCabEditor, "/CAB/notes/pont.txt", "Fermeture du pont Wilson pour travaux.");
  Upload(server, kDdtEditor, "/DDT/ouvrages/pont.txt", "Inspection du pont Wilson.");
  SearchUntil(server, kCabReader, "fermeture", "/CAB/notes/pont.txt", true);
  SearchUntil(server, kDdtEditor, "inspection", "/DDT/ouvrages/pont.txt", true);

  // DDT's editor keeps "pont wilson": their own document only, not CAB's.
  Reply saved = server.Call("POST", kSaved, &kDdtEditor,
                            R"({"name":"Ponts","query":"q=pont%20wilson&sort=newest"})");
  INFO(saved.body);
  REQUIRE(saved.status == 201);
  const int64_t id = Json(saved)->getValue<int64_t>("id");
  CHECK(Json(saved)->getValue<std::string>("query") == "q=pont%20wilson&sort=newest");
  CHECK(CountUntil(server, kDdtEditor, 1) == 1);
  CHECK(server.Call("POST", kSaved, &kDdtEditor, R"({"name":"Ponts","query":"q=pont"})").status ==
        409);

  // Nobody else sees it, reads its count or deletes it.
  CHECK(Listing(server, kCabEditor)->size() == 0);
  CHECK(server.Call("DELETE", kSaved + "/" + Id(id), &kCabEditor).status == 404);

  // CAB shares its note with DDT: DDT's saved search counts it from then on.
  Reply share = server.Call("POST", "/api/v1/documents/" + Id(note) + "/shares", &kCabManager,
                            R"({"service":"DDT"})");
  INFO(share.body);
  REQUIRE(share.status == 201);
  CHECK(CountUntil(server, kDdtEditor, 2) == 2);

  // Query strings the search refuses are refused when saved; so are unknown members.
  CHECK(server.Call("POST", kSaved, &kDdtEditor, R"({"name":"Tri","query":"q=pont&sort=size"})")
            .status == 400);
  CHECK(
      server.Call("POST", kSaved, &kDdtEditor, R"({"name":"Page","query":"q=pont&page_size=1000"})")
          .status == 400);
  CHECK(server.Call("POST", kSaved, &kDdtEditor, R"({"name":"","query":"q=pont"})").status == 400);
  CHECK(server.Call("POST", kSaved, &kDdtEditor, R"({"name":"X","query":"q=x","shared":true})")
            .status == 400);

  CHECK(server.Call("DELETE", kSaved + "/" + Id(id), &kDdtEditor).status == 204);
  CHECK(Listing(server, kDdtEditor)->size() == 0);
  CHECK(server.Call("DELETE", kSaved + "/" + Id(id), &kDdtEditor).status == 404);
  CHECK(server.Call("GET", kSaved).status == 401);
}

namespace {

// `as`'s first saved search, once its count and new count are what is expected (the indexer
// works in the background), or after 60 s.
Poco::JSON::Object::Ptr FirstUntil(const ServerProcess& server, const Credentials& as,
                                   int64_t count, int64_t new_count) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  for (;;) {
    auto first = Listing(server, as)->getObject(0);
    const bool counted = !first->isNull("count") && !first->isNull("new_count");
    if ((counted && first->getValue<int64_t>("count") == count &&
         first->getValue<int64_t>("new_count") == new_count) ||
        std::chrono::steady_clock::now() > deadline) {
      return first;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

int64_t Total(const Reply& reply) {
  INFO(reply.body);
  REQUIRE(reply.status == 200);
  return Json(reply)->getValue<int64_t>("total");
}

}  // namespace

TEST_CASE("a saved search counts what entered Synaps since its owner last ran it",
          "[server][search]") {
  ServerProcess server;
  Upload(server, kDdtEditor, "/DDT/crues/avant.txt", "Crue de la Loire en janvier.");
  SearchUntil(server, kDdtEditor, "crue", "/DDT/crues/avant.txt", true);
  Reply saved = server.Call("POST", kSaved, &kDdtEditor, R"({"name":"Crues","query":"q=crue"})");
  INFO(saved.body);
  REQUIRE(saved.status == 201);
  const int64_t id = Json(saved)->getValue<int64_t>("id");
  const std::string visited = Json(saved)->getValue<std::string>("visited_at");
  CHECK(visited == Json(saved)->getValue<std::string>("created_at"));
  // What was there when it was saved is not new.
  auto first = FirstUntil(server, kDdtEditor, 1, 0);
  CHECK(first->getValue<int64_t>("count") == 1);
  CHECK(first->getValue<int64_t>("new_count") == 0);

  // A document of DDT's comes in: new. One of CAB's, which DDT may not read, is not counted.
  Upload(server, kDdtEditor, "/DDT/crues/apres.txt", "Crue de la Loire en mars.");
  Upload(server, kCabEditor, "/CAB/notes/crue.txt", "Note sur la crue.");
  SearchUntil(server, kCabEditor, "crue", "/CAB/notes/crue.txt", true);
  first = FirstUntil(server, kDdtEditor, 2, 1);
  CHECK(first->getValue<int64_t>("count") == 2);
  CHECK(first->getValue<int64_t>("new_count") == 1);
  // The search narrowed to what came in since the visit finds just that one.
  CHECK(Total(server.Call("GET", "/api/v1/search?q=crue&added_since=" + visited, &kDdtEditor)) ==
        1);
  CHECK(Total(server.Call("GET", "/api/v1/search?q=crue", &kDdtEditor)) == 2);
  CHECK(server.Call("GET", "/api/v1/search?q=crue&added_since=hier", &kDdtEditor).status == 400);

  // Its owner runs it: nothing is new any more; the answer keeps the previous visit's time.
  CHECK(server.Call("POST", kSaved + "/" + Id(id) + "/visit", &kCabEditor).status == 404);
  Reply visit = server.Call("POST", kSaved + "/" + Id(id) + "/visit", &kDdtEditor);
  INFO(visit.body);
  REQUIRE(visit.status == 200);
  CHECK(Json(visit)->getValue<std::string>("visited_at") == visited);
  first = FirstUntil(server, kDdtEditor, 2, 0);
  CHECK(first->getValue<int64_t>("new_count") == 0);
  CHECK(first->getValue<std::string>("visited_at") != visited);

  // A new version of a document it finds is new again.
  Upload(server, kDdtEditor, "/DDT/crues/avant.txt", "Crue de la Loire en janvier, bilan.", 200);
  first = FirstUntil(server, kDdtEditor, 2, 1);
  CHECK(first->getValue<int64_t>("new_count") == 1);
  CHECK(server.Call("POST", kSaved + "/999/visit", &kDdtEditor).status == 404);
}
