// The audit log through the account service: who reads which entries, and its retention
// (entries older than it are deleted, younger ones stay, 0 keeps everything).
#include <catch2/catch.hpp>

#include "dms-server/accounts/account_service.h"
#include "tests/store/store_fixture.h"
#include "tests/support/audit_log.h"

namespace synaps::accounts {
namespace {

using store::ErrorCode;
using store::Role;
using testing::BackdateAudit;
using testing::LastAuditId;
using testing::StoreFixture;

Caller Add(StoreFixture& f, const std::string& login, std::vector<store::Membership> memberships) {
  auto user = f.store->AddUser(f.actor, {login, "", login + "-password", false, memberships});
  REQUIRE(user.ok());
  return Caller::Account(*user);
}

template <typename T>
ErrorCode Code(const store::Result<T>& result) {
  return result.ok() ? ErrorCode::kOk : result.status().code();
}

std::vector<std::string> Services(const store::Result<std::vector<store::AuditEntry>>& entries) {
  REQUIRE(entries.ok());
  std::vector<std::string> services;
  for (const auto& entry : *entries) services.push_back(entry.service_code);
  return services;
}

TEST_CASE("the audit log is read by administrators and by managers, their services'",
          "[accounts][audit]") {
  StoreFixture f;
  REQUIRE(f.store->AddService(f.actor, "DDT", "DDT").ok());
  Caller cab_manager = Add(f, "cab_manager", {{"CAB", Role::kManager}});
  Caller cab_editor = Add(f, "cab_editor", {{"CAB", Role::kEditor}});
  auto cab_note = f.Put("", "note.txt", "cab");
  auto ddt_note = f.Put("", "note.txt", "ddt", "DDT");
  REQUIRE(cab_note.ok());
  REQUIRE(ddt_note.ok());
  AccountService accounts(*f.store);
  const Caller cli = Caller::Administrator("cli:root");

  AuditRequest all;
  all.limit = 100;
  store::AuditQuery whole;
  whole.limit = 100;
  CHECK(accounts.ListAudit(cli, all)->size() == f.store->ListAudit(whole)->size());
  for (const auto& service : Services(accounts.ListAudit(cab_manager, all))) {
    CHECK(service == "CAB");
  }
  CHECK(Code(accounts.ListAudit(cab_editor, all)) == ErrorCode::kPermissionDenied);

  // By service, in any case; an unknown one is not silently empty.
  AuditRequest ddt = all;
  ddt.services = {"ddt"};
  auto ddt_entries = accounts.ListAudit(cli, ddt);
  REQUIRE(ddt_entries.ok());
  REQUIRE_FALSE(ddt_entries->empty());
  for (const auto& service : Services(ddt_entries)) CHECK(service == "DDT");
  CHECK(Code(accounts.ListAudit(cab_manager, ddt)) == ErrorCode::kPermissionDenied);
  ddt.services = {"NOPE"};
  CHECK(Code(accounts.ListAudit(cli, ddt)) == ErrorCode::kNotFound);
  ddt.services = {"\xff"};
  CHECK(Code(accounts.ListAudit(cli, ddt)) == ErrorCode::kInvalidArgument);
  AuditRequest both = all;
  both.services = {"CAB", "DDT"};
  CHECK(accounts.ListAudit(cli, both)->size() ==
        accounts.ListAudit(cli, AuditRequest{std::nullopt, {"CAB"}, std::nullopt, 100})->size() +
            ddt_entries->size());

  // By document: an invisible one is missing; a readable one not managed is refused.
  AuditRequest document = all;
  document.document_id = ddt_note->document_id;
  CHECK(Code(accounts.ListAudit(cab_manager, document)) == ErrorCode::kNotFound);
  CHECK(accounts.ListAudit(cli, document)->size() == 1);
  document.document_id = cab_note->document_id;
  CHECK(accounts.ListAudit(cab_manager, document)->size() == 1);
  CHECK(Code(accounts.ListAudit(cab_editor, document)) == ErrorCode::kPermissionDenied);
  document.services = {"DDT"};  // a service still narrows a document's log
  CHECK(accounts.ListAudit(cli, document)->empty());

  all.limit = 0;
  CHECK(Code(accounts.ListAudit(cli, all)) == ErrorCode::kInvalidArgument);
}

TEST_CASE("entries older than the retention go, younger ones stay, 0 keeps everything",
          "[accounts][audit]") {
  StoreFixture f;
  AccountService accounts(*f.store);
  const Caller cli = Caller::Administrator("cli:root");
  REQUIRE(f.store->AddService(f.actor, "DDT", "DDT").ok());      // entries 1-2: CAB, DDT
  REQUIRE(f.store->AddService(f.actor, "DCL", "DCL").ok());      // 3
  REQUIRE(f.store->AddService(f.actor, "DREAL", "DREAL").ok());  // 4
  REQUIRE(LastAuditId(*f.store) == 4);
  BackdateAudit(f.store->data_dir(), 1, 2, 3650);  // ten years
  BackdateAudit(f.store->data_dir(), 3, 3, 366);
  BackdateAudit(f.store->data_dir(), 4, 4, 364);

  // 0: the log is kept forever.
  REQUIRE(accounts.PruneAudit(cli, 0).ok());
  CHECK(*accounts.PruneAudit(cli, 0) == 0);
  CHECK(LastAuditId(*f.store) == 4);
  CHECK(f.store->ListAudit(store::AuditQuery{})->size() == 4);

  // Only administrators prune, with a number of days.
  Caller manager = Add(f, "manager", {{"CAB", Role::kManager}});  // entries 5-6
  CHECK(Code(accounts.PruneAudit(manager, 365)) == ErrorCode::kPermissionDenied);
  CHECK(Code(accounts.PruneAudit(cli, -1)) == ErrorCode::kInvalidArgument);
  CHECK(f.store->ListAudit(store::AuditQuery{})->size() == 6);

  auto deleted = accounts.PruneAudit(cli, 365);
  REQUIRE(deleted.ok());
  CHECK(*deleted == 3);
  auto entries = f.store->ListAudit(store::AuditQuery{});
  REQUIRE(entries.ok());
  std::vector<int64_t> ids;
  for (const auto& entry : *entries) ids.push_back(entry.id);
  CHECK(ids == std::vector<int64_t>{7, 6, 5, 4});
  CHECK(entries->front().action == "audit.prune");
  CHECK(entries->front().actor == "cli:root");
  CHECK(entries->front().detail.rfind("3 entries recorded before ", 0) == 0);
  // Run again (the server's next day): nothing more to delete, nothing recorded.
  CHECK(*accounts.PruneAudit(cli, 365) == 0);
  CHECK(LastAuditId(*f.store) == 7);
  // A shorter retention reaches the younger ones.
  CHECK(*accounts.PruneAudit(cli, 30) == 1);
  CHECK(f.store->ListAudit(store::AuditQuery{})->size() == 4);
}

}  // namespace
}  // namespace synaps::accounts
