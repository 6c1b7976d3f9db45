// Saved searches in the store: kept per account under a unique name, listed by name, deleted
// by their owner only, checked like any outside text, audited.
#include <catch2/catch.hpp>

#include "tests/store/store_fixture.h"

using namespace synaps::store;
using synaps::testing::StoreFixture;

TEST_CASE("saved searches belong to one account each, under unique names", "[store][search]") {
  StoreFixture f;
  for (const char* login : {"alice", "bob"}) {
    REQUIRE(
        f.store->AddUser(f.actor, {login, "", std::string(login) + "-password", false, {}}).ok());
  }
  auto ponts = f.store->AddSavedSearch(f.actor, "alice", "Ponts", "q=pont&sort=newest");
  REQUIRE(ponts.ok());
  CHECK(ponts->id > 0);
  CHECK(ponts->login == "alice");
  REQUIRE(f.store->AddSavedSearch(f.actor, "alice", "Crues", "q=crue").ok());
  REQUIRE(f.store->AddSavedSearch(f.actor, "bob", "Ponts", "q=pont").ok());  // his own name
  CHECK(f.store->AddSavedSearch(f.actor, "alice", "Ponts", "q=autre").status().code() ==
        ErrorCode::kAlreadyExists);

  auto alices = f.store->ListSavedSearches("alice");
  REQUIRE(alices.ok());
  REQUIRE(alices->size() == 2);
  CHECK(alices->at(0).name == "Crues");  // by name
  CHECK(alices->at(1).query == "q=pont&sort=newest");

  // Bob cannot delete Alice's: not found, as if it did not exist.
  CHECK(f.store->RemoveSavedSearch(f.actor, "bob", ponts->id).code() == ErrorCode::kNotFound);
  CHECK(f.store->RemoveSavedSearch(f.actor, "alice", ponts->id).ok());
  CHECK(f.store->ListSavedSearches("alice")->size() == 1);
  CHECK(f.store->RemoveSavedSearch(f.actor, "alice", ponts->id).code() == ErrorCode::kNotFound);

  // Names and queries are outside text: one line, UTF-8, bounded.
  CHECK(f.store->AddSavedSearch(f.actor, "alice", "", "q=x").status().code() ==
        ErrorCode::kInvalidArgument);
  CHECK(f.store->AddSavedSearch(f.actor, "alice", "a\nb", "q=x").status().code() ==
        ErrorCode::kInvalidArgument);
  CHECK(f.store->AddSavedSearch(f.actor, "alice", "Long", std::string(2001, 'q')).status().code() ==
        ErrorCode::kInvalidArgument);
  CHECK(f.store->AddSavedSearch(f.actor, "nobody", "X", "q=x").status().code() ==
        ErrorCode::kNotFound);

  auto audit = f.store->ListAudit({});
  REQUIRE(audit.ok());
  CHECK(audit->at(0).action == "search.forget");
}
