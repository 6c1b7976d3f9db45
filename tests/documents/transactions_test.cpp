// One transaction per check and change: a store mutation called while the caller's write
// transaction is open joins it, so what the check saw is what the change applies to.
#include <catch2/catch.hpp>

#include "tests/store/store_fixture.h"

namespace synaps::testing {
namespace {

TEST_CASE("a mutation inside a write transaction is undone with it", "[documents][transaction]") {
  StoreFixture f;
  int64_t id = f.Put("", "a.txt", "a")->document_id;
  {
    auto transaction = f.store->BeginWrite();
    REQUIRE(transaction.ok());
    REQUIRE(f.store->TrashDocument(f.actor, id).ok());
    CHECK(f.store->GetDocument(id)->trashed_at.has_value());  // seen inside
  }                                                           // dropped without Commit()
  CHECK(!f.store->GetDocument(id)->trashed_at.has_value());
  {
    auto transaction = f.store->BeginWrite();
    REQUIRE(transaction.ok());
    REQUIRE(f.store->TrashDocument(f.actor, id).ok());
    REQUIRE(transaction->Commit().ok());
  }
  CHECK(f.store->GetDocument(id)->trashed_at.has_value());
}

TEST_CASE("a failed mutation inside a write transaction undoes only itself",
          "[documents][transaction]") {
  StoreFixture f;
  int64_t id = f.Put("", "a.txt", "a")->document_id;
  auto transaction = f.store->BeginWrite();
  REQUIRE(transaction.ok());
  REQUIRE(f.store->AddTag(f.actor, id, "kept").ok());
  CHECK(!f.store->AddTag(f.actor, id, "").ok());  // an empty tag is refused
  REQUIRE(transaction->Commit().ok());
  CHECK(f.store->GetDocument(id)->tags == std::vector<std::string>{"kept"});
}

TEST_CASE("another connection cannot write between a check and its change",
          "[documents][transaction]") {
  StoreFixture f;
  int64_t id = f.Put("", "a.txt", "a")->document_id;
  auto other = store::Store::Open(f.store->data_dir(), store::Store::OpenMode::kMustExist);
  REQUIRE(other.ok());
  auto transaction = f.store->BeginWrite();
  REQUIRE(transaction.ok());
  // While the checker holds its transaction, a second writer waits (and here gives up: Busy
  // after the busy time-out would take 15 s, so the writer's view is read instead).
  auto seen_by_other = (*other)->GetDocument(id);
  REQUIRE(seen_by_other.ok());
  REQUIRE(f.store->TrashDocument(f.actor, id).ok());
  CHECK(!(*other)->GetDocument(id)->trashed_at.has_value());  // not committed yet
  REQUIRE(transaction->Commit().ok());
  CHECK((*other)->GetDocument(id)->trashed_at.has_value());
}

}  // namespace
}  // namespace synaps::testing
