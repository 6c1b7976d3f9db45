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
