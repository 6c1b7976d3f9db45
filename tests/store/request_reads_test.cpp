// What the reads every request makes cost the database (counted in steps: each row a statement
// gives, and its end): the caller's account and a document found by its path, each read by one
// statement.
#include <catch2/catch.hpp>

#include "dms-server/store/store.h"
#include "tests/store/store_fixture.h"

using namespace synaps::store;
using synaps::testing::StoreFixture;

namespace {

template <typename Lookup>
uint64_t StepsOf(StoreFixture& f, Lookup&& lookup) {
  const uint64_t before = f.store->statements_stepped();
  lookup();
  return f.store->statements_stepped() - before;
}

}  // namespace

TEST_CASE("an account is read with its memberships by one statement", "[store][cost]") {
  StoreFixture f;
  REQUIRE(f.store->AddService(f.actor, "DDT", "Direction départementale").ok());
  REQUIRE(f.store
              ->AddUser(f.actor, NewUser{"marie",
                                         "Marie",
                                         "marie-password",
                                         false,
                                         {{"DDT", Role::kEditor}, {"CAB", Role::kReader}}})
              .ok());
  REQUIRE(f.store->AddUser(f.actor, NewUser{"paul", "", "paul-password", false, {}}).ok());

  Result<User> marie = Status::NotFound("not read yet");
  // A row for each membership, then the end.
  CHECK(StepsOf(f, [&] { marie = f.store->FindUser("marie"); }) == 3);
  REQUIRE(marie.ok());
  CHECK(marie->display_name == "Marie");
  REQUIRE(marie->memberships.size() == 2);
  CHECK(marie->memberships[0].service_code == "CAB");
  CHECK(marie->memberships[0].role == Role::kReader);
  CHECK(marie->memberships[1].service_code == "DDT");
  CHECK(marie->memberships[1].role == Role::kEditor);

  Result<User> paul = f.store->FindUser("paul");
  REQUIRE(paul.ok());
  CHECK(paul->memberships.empty());
  CHECK(f.store->FindUser("pierre").status().code() == ErrorCode::kNotFound);
}

TEST_CASE("a document found by its path is read by one statement besides its tags",
          "[store][cost]") {
  StoreFixture f;
  const int64_t id = f.Put("notes", "note.txt", "texte")->document_id;
  auto read = f.store->BeginRead();
  REQUIRE(f.store->FindFolder("/CAB/notes").ok());  // the folder, as a request resolves it first
  Result<Document> found = Status::NotFound("not read yet");
  CHECK(StepsOf(f, [&] { found = f.store->FindDocument("/CAB/notes/note.txt"); }) == 2);
  REQUIRE(found.ok());
  CHECK(found->id == id);
  CHECK(found->path() == "/CAB/notes/note.txt");
  CHECK(found->size == 5);
  CHECK(f.store->FindDocument("/CAB/notes/absent.txt").status().code() == ErrorCode::kNotFound);
  // Found so, it is kept for the rest of the snapshot like one read by its id.
  CHECK(StepsOf(f, [&] { CHECK(f.store->GetDocument(id)->name == "note.txt"); }) == 0);
}

TEST_CASE("a document found by its path takes its folder's path from the walk", "[store][cost]") {
  StoreFixture f;
  PutRequest request;
  request.service_code = "CAB";
  request.folder = {"notes", "2026"};
  request.name = "note.txt";
  request.blob = f.WriteBlob("texte");
  request.mime_type = "text/plain";
  REQUIRE(f.store->PutDocument(f.actor, request).ok());
  // Outside any snapshot, nothing is remembered: the service, the root and the two folders
  // walked, the document, its tags; its folder's path is not rebuilt by another query.
  Result<Document> found = Status::NotFound("not read yet");
  CHECK(StepsOf(f, [&] { found = f.store->FindDocument("/CAB/notes/2026/note.txt"); }) == 6);
  REQUIRE(found.ok());
  CHECK(found->folder_path == "/CAB/notes/2026");
  CHECK(found->path() == "/CAB/notes/2026/note.txt");
  // The service code in any case, the stored one in the path.
  CHECK(f.store->FindDocument("/cab/notes/2026/note.txt")->path() == "/CAB/notes/2026/note.txt");
}
