// Account administration in the store: services renamed, memberships, user changes (admin flag,
// password, disabled), and the audit log read by service and page.
#include <catch2/catch.hpp>

#include "tests/store/store_fixture.h"
#include "tests/support/audit_log.h"

using namespace synaps::store;
using synaps::testing::BackdateAudit;
using synaps::testing::LastAuditId;
using synaps::testing::StoreFixture;

namespace {

User AddUser(StoreFixture& f, const std::string& login, std::vector<Membership> memberships,
             bool admin = false) {
  NewUser user{login, "", login + "-password", admin, std::move(memberships)};
  auto added = f.store->AddUser(f.actor, user);
  REQUIRE(added.ok());
  return *added;
}

std::vector<std::string> Actions(const Result<std::vector<AuditEntry>>& entries) {
  REQUIRE(entries.ok());
  std::vector<std::string> actions;
  for (const auto& entry : *entries) actions.push_back(entry.action);
  return actions;
}

}  // namespace

TEST_CASE("services are renamed and their memberships set, changed and removed", "[store]") {
  StoreFixture f;
  REQUIRE(f.store->AddService(f.actor, "DDT", "DDT").ok());
  AddUser(f, "marie", {{"CAB", Role::kReader}});
  AddUser(f, "paul", {});

  auto renamed = f.store->RenameService(f.actor, "CAB", "Cabinet de la préfète");
  REQUIRE(renamed.ok());
  CHECK(renamed->name == "Cabinet de la préfète");
  CHECK(f.store->FindService("CAB")->name == "Cabinet de la préfète");
  CHECK(f.store->RenameService(f.actor, "NOPE", "x").status().code() == ErrorCode::kNotFound);
  CHECK(f.store->RenameService(f.actor, "CAB", "bad\x01name").status().code() ==
        ErrorCode::kInvalidArgument);

  REQUIRE(f.store->SetMembership(f.actor, "paul", "CAB", Role::kEditor).ok());
  REQUIRE(f.store->SetMembership(f.actor, "marie", "CAB", Role::kManager).ok());
  auto members = f.store->ListMembers("CAB");
  REQUIRE(members.ok());
  REQUIRE(members->size() == 2);
  CHECK((*members)[0].login == "marie");
  CHECK((*members)[0].role == Role::kManager);
  CHECK((*members)[1].login == "paul");
  CHECK((*members)[1].role == Role::kEditor);
  CHECK(f.store->FindUser("paul")->memberships.size() == 1);
  CHECK(f.store->ListMembers("DDT")->empty());
  CHECK(f.store->ListMembers("NOPE").status().code() == ErrorCode::kNotFound);
  CHECK(f.store->SetMembership(f.actor, "nobody", "CAB", Role::kReader).code() ==
        ErrorCode::kNotFound);
  CHECK(f.store->SetMembership(f.actor, "paul", "NOPE", Role::kReader).code() ==
        ErrorCode::kNotFound);

  REQUIRE(f.store->RemoveMembership(f.actor, "paul", "CAB").ok());
  CHECK(f.store->FindUser("paul")->memberships.empty());
  CHECK(f.store->RemoveMembership(f.actor, "paul", "CAB").code() == ErrorCode::kNotFound);
  CHECK(f.store->RemoveMembership(f.actor, "paul", "DDT").code() == ErrorCode::kNotFound);

  // Each change is an entry of the service's log.
  AuditQuery cab;
  cab.services = std::vector<std::string>{"CAB"};
  CHECK(Actions(f.store->ListAudit(cab)) ==
        std::vector<std::string>{"membership.remove", "membership.set", "membership.set",
                                 "service.rename", "membership.set", "service.create"});
  AuditQuery ddt;
  ddt.services = std::vector<std::string>{"DDT"};
  CHECK(Actions(f.store->ListAudit(ddt)) == std::vector<std::string>{"service.create"});
}

TEST_CASE("user changes: display name, admin flag, password, disabled", "[store]") {
  StoreFixture f;
  User root = AddUser(f, "root", {}, true);
  User marie = AddUser(f, "marie", {{"CAB", Role::kEditor}});
  CHECK_FALSE(marie.disabled);
  CHECK(marie.credential_generation == 0);
  auto token = f.store->CreateApiToken(f.actor, "marie", "script");
  REQUIRE(token.ok());

  UserChanges name;
  name.display_name = "Marie Dupont";
  auto named = f.store->UpdateUser(f.actor, "marie", name);
  REQUIRE(named.ok());
  CHECK(named->display_name == "Marie Dupont");
  CHECK(named->credential_generation == 0);

  SECTION("a new password replaces the old one and moves the generation on") {
    UserChanges password;
    password.password = "un nouveau mot de passe";
    auto changed = f.store->UpdateUser(f.actor, "marie", password);
    REQUIRE(changed.ok());
    CHECK(changed->credential_generation == 1);
    CHECK(f.store->Authenticate("marie", "marie-password").status().code() ==
          ErrorCode::kPermissionDenied);
    CHECK(f.store->Authenticate("marie", "un nouveau mot de passe").ok());
    CHECK(f.store->AuthenticateToken(*token).ok());  // tokens do not depend on the password
    password.password = "court";
    CHECK(f.store->UpdateUser(f.actor, "marie", password).status().code() ==
          ErrorCode::kInvalidArgument);
  }
  SECTION("a disabled account authenticates by no means until enabled again") {
    UserChanges disable;
    disable.disabled = true;
    auto disabled = f.store->UpdateUser(f.actor, "marie", disable);
    REQUIRE(disabled.ok());
    CHECK(disabled->disabled);
    CHECK(disabled->credential_generation == 1);
    auto refused = f.store->Authenticate("marie", "marie-password");
    CHECK(refused.status().code() == ErrorCode::kPermissionDenied);
    // Says no more than a wrong password would.
    CHECK(refused.status().message() == f.store->Authenticate("marie", "wrong").status().message());
    CHECK(f.store->AuthenticateToken(*token).status().code() == ErrorCode::kPermissionDenied);
    disable.disabled = false;
    auto enabled = f.store->UpdateUser(f.actor, "marie", disable);
    REQUIRE(enabled.ok());
    CHECK_FALSE(enabled->disabled);
    CHECK(f.store->Authenticate("marie", "marie-password").ok());
    CHECK(f.store->AuthenticateToken(*token).ok());
  }
  SECTION("the last enabled administrator can be neither demoted nor disabled") {
    UserChanges demote;
    demote.is_admin = false;
    demote.display_name = "Plus root";
    auto refused = f.store->UpdateUser(f.actor, "root", demote);
    CHECK(refused.status().code() == ErrorCode::kConflict);
    CHECK(f.store->FindUser("root")->display_name == root.display_name);  // all or nothing
    UserChanges disable;
    disable.disabled = true;
    CHECK(f.store->UpdateUser(f.actor, "root", disable).status().code() == ErrorCode::kConflict);
    UserChanges promote;
    promote.is_admin = true;
    REQUIRE(f.store->UpdateUser(f.actor, "marie", promote).ok());
    CHECK(f.store->FindUser("marie")->is_admin);
    CHECK(f.store->UpdateUser(f.actor, "root", demote).ok());
    CHECK_FALSE(f.store->FindUser("root")->is_admin);
  }
  CHECK(f.store->UpdateUser(f.actor, "nobody", name).status().code() == ErrorCode::kNotFound);
  name.display_name = "";
  CHECK(f.store->UpdateUser(f.actor, "marie", name).status().code() == ErrorCode::kInvalidArgument);
  // Account changes are audited, but belong to no service.
  auto all = f.store->ListAudit(AuditQuery{});
  REQUIRE(all.ok());
  CHECK((*all)[all->size() - 1].action == "service.create");
  bool renamed = false;
  for (const auto& entry : *all) {
    if (entry.action == "user.rename") {
      renamed = renamed || entry.detail == "marie \"Marie Dupont\"";
      CHECK(entry.service_code.empty());
    }
  }
  CHECK(renamed);
}

TEST_CASE("the audit log by document, by service and by page", "[store]") {
  StoreFixture f;
  REQUIRE(f.store->AddService(f.actor, "DDT", "DDT").ok());
  int64_t cab = f.Put("notes", "a.txt", "cabinet")->document_id;
  int64_t ddt = f.Put("", "b.txt", "ddt", "DDT")->document_id;
  REQUIRE(f.store->AddTag(f.actor, cab, "urgent").ok());
  REQUIRE(f.store->AddTag(f.actor, ddt, "routes").ok());

  AuditQuery query;
  query.services = std::vector<std::string>{"DDT"};
  auto ddt_entries = f.store->ListAudit(query);
  CHECK(Actions(ddt_entries) ==
        std::vector<std::string>{"document.tag", "document.create", "service.create"});
  for (const auto& entry : *ddt_entries) CHECK(entry.service_code == "DDT");
  CHECK((*ddt_entries)[0].document_id == ddt);

  query.services = std::vector<std::string>{};
  CHECK(f.store->ListAudit(query)->empty());
  query.services = std::vector<std::string>{"CAB", "DDT"};
  CHECK(f.store->ListAudit(query)->size() == 7);  // with the creation of folder /CAB/notes

  // Pages: each starts below the last id of the previous one.
  query.services.reset();
  query.limit = 2;
  std::vector<int64_t> ids;
  for (;;) {
    auto page = f.store->ListAudit(query);
    REQUIRE(page.ok());
    for (const auto& entry : *page) ids.push_back(entry.id);
    if (page->size() < 2) break;
    query.before_id = page->back().id;
  }
  CHECK(ids.size() == static_cast<size_t>(f.store->ListAudit(AuditQuery{})->size()));
  for (size_t i = 1; i < ids.size(); ++i) CHECK(ids[i] < ids[i - 1]);

  query = AuditQuery{};
  query.document_id = cab;
  query.services = std::vector<std::string>{"DDT"};
  CHECK(f.store->ListAudit(query)->empty());
  query.services = std::vector<std::string>{"CAB"};
  CHECK(Actions(f.store->ListAudit(query)) ==
        std::vector<std::string>{"document.tag", "document.create"});

  // A document's history follows it to its new service.
  REQUIRE(f.store->MoveDocument(f.actor, cab, "/DDT/a.txt").ok());
  query.services = std::vector<std::string>{"DDT"};
  CHECK(Actions(f.store->ListAudit(query)) ==
        std::vector<std::string>{"document.move", "document.tag", "document.create"});
  // A purged document belongs to no service any more: only the whole log shows it.
  REQUIRE(f.store->TrashDocument(f.actor, ddt).ok());
  REQUIRE(f.store->PurgeTrash(f.actor, ddt).ok());
  query = AuditQuery{};
  query.services = std::vector<std::string>{"DDT"};
  auto remaining = f.store->ListAudit(query);
  REQUIRE(remaining.ok());
  for (const auto& entry : *remaining) CHECK(entry.document_id != ddt);
  query.services.reset();
  query.document_id = ddt;
  CHECK(Actions(f.store->ListAudit(query)).front() == "document.purge");

  query.limit = 0;
  CHECK(f.store->ListAudit(query).status().code() == ErrorCode::kInvalidArgument);
}

TEST_CASE("the audit entries before a cutoff are deleted in one audited transaction", "[store]") {
  StoreFixture f;
  REQUIRE(f.store->AddService(f.actor, "DDT", "DDT").ok());
  const int64_t old_last = LastAuditId(*f.store);  // the two services' creations
  REQUIRE(f.store->RenameService(f.actor, "DDT", "Direction des territoires").ok());
  const int64_t young = LastAuditId(*f.store);
  BackdateAudit(f.store->data_dir(), 1, old_last, 400);
  BackdateAudit(f.store->data_dir(), young, young, 300);
  const int64_t year_ago = NowMs() - 365LL * 24 * 3600 * 1000;

  auto deleted = f.store->PruneAudit(Actor{"cli:root"}, year_ago);
  REQUIRE(deleted.ok());
  CHECK(*deleted == 2);
  auto entries = f.store->ListAudit(AuditQuery{});
  REQUIRE(entries.ok());
  REQUIRE(entries->size() == 2);
  CHECK(entries->at(0).action == "audit.prune");
  CHECK(entries->at(0).actor == "cli:root");
  CHECK(entries->at(0).detail.rfind("2 entries recorded before ", 0) == 0);
  CHECK(entries->at(0).service_code.empty());  // for administrators only
  CHECK(entries->at(1).id == young);

  // Nothing old enough: nothing deleted, and nothing recorded.
  CHECK(*f.store->PruneAudit(Actor{"cli:root"}, year_ago) == 0);
  CHECK(f.store->ListAudit(AuditQuery{})->size() == 2);
}
