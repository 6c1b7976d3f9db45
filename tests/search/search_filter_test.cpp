// The search filter comes from the permission decision: the services a user reads, nothing more.
#include "dms-server/search/search_filter.h"

#include <catch2/catch.hpp>

#include "tests/store/store_fixture.h"

namespace synaps::search {
namespace {

TEST_CASE("a search sees exactly the services the permission decision reads", "[search]") {
  testing::StoreFixture f;
  REQUIRE(f.store->AddService(f.actor, "DDT", "Direction des territoires").ok());
  REQUIRE(f.store->AddService(f.actor, "DCL", "Citoyenneté").ok());
  permissions::Permissions permissions(*f.store);

  store::User nobody;
  nobody.login = "nobody";
  auto none = SearchFilterFor(permissions, nobody);
  REQUIRE(none.ok());
  CHECK(none->denies_all());

  store::User agent;
  agent.login = "agent";
  agent.memberships = {{"DDT", store::Role::kReader}};
  auto ddt = SearchFilterFor(permissions, agent);
  REQUIRE(ddt.ok());
  CHECK(ddt->services() == std::vector<std::string>{"DDT"});

  store::User admin;
  admin.login = "admin";
  admin.is_admin = true;
  auto all = SearchFilterFor(permissions, admin);
  REQUIRE(all.ok());
  CHECK(all->services().size() == 3);
}

}  // namespace
}  // namespace synaps::search
