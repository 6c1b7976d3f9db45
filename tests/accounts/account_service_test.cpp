// The account service decides: administrators administer services, accounts and anyone's
// tokens; a service's managers set its members' roles; every account manages its own password
// and tokens; the first administrator is made once.
#include "dms-server/accounts/account_service.h"

#include <catch2/catch.hpp>

#include "tests/store/store_fixture.h"

namespace synaps::accounts {
namespace {

using store::ErrorCode;
using store::Role;
using testing::StoreFixture;

// A store with services CAB and DDT, the administrator "root", "cab_manager" (CAB manager) and
// "cab_reader" (CAB reader).
struct Accounts : StoreFixture {
  Accounts() {
    Check(store->AddService(actor, "DDT", "Direction des territoires").ok());
    root = Add("root", {}, true);
    cab_manager = Add("cab_manager", {{"CAB", Role::kManager}});
    cab_reader = Add("cab_reader", {{"CAB", Role::kReader}});
  }

  static void Check(bool ok) {
    if (!ok) throw std::runtime_error("fixture");
  }

  Caller Add(const std::string& login, std::vector<store::Membership> memberships,
             bool admin = false) {
    auto user = store->AddUser(actor, {login, "", login + "-password", admin, memberships});
    Check(user.ok());
    return Caller::Account(*user);
  }

  // The caller's account as the store has it now.
  store::User Reload(const std::string& login) { return *store->FindUser(login); }

  Caller root = Caller::Administrator("unused");
  Caller cab_manager = root, cab_reader = root;
  Caller cli = Caller::Administrator("cli:root");
};

ErrorCode Code(const store::Status& status) {
  return status.code();
}
template <typename T>
ErrorCode Code(const store::Result<T>& result) {
  return result.ok() ? ErrorCode::kOk : result.status().code();
}

TEST_CASE("only administrators create and rename services and administer accounts", "[accounts]") {
  Accounts f;
  AccountService accounts(*f.store);
  store::UserChanges promote;
  promote.is_admin = true;
  for (const Caller* caller : {&f.cab_manager, &f.cab_reader}) {
    INFO(caller->user().login);
    CHECK(Code(accounts.CreateService(*caller, "DCL", "Citoyenneté")) ==
          ErrorCode::kPermissionDenied);
    CHECK(Code(accounts.RenameService(*caller, "CAB", "x")) == ErrorCode::kPermissionDenied);
    CHECK(Code(accounts.RenameService(*caller, "NOPE", "x")) == ErrorCode::kPermissionDenied);
    CHECK(Code(accounts.ListUsers(*caller)) == ErrorCode::kPermissionDenied);
    CHECK(Code(accounts.GetUser(*caller, caller->user().login)) == ErrorCode::kPermissionDenied);
    CHECK(Code(accounts.CreateUser(*caller, {"eve", "", "eve-password", true, {}})) ==
          ErrorCode::kPermissionDenied);
    CHECK(Code(accounts.UpdateUser(*caller, caller->user().login, promote)) ==
          ErrorCode::kPermissionDenied);
  }
  CHECK(Code(f.store->FindService("DCL")) == ErrorCode::kNotFound);
  CHECK(Code(f.store->FindUser("eve")) == ErrorCode::kNotFound);
  CHECK_FALSE(f.Reload("cab_manager").is_admin);
  // Every caller lists the services and reads one.
  CHECK(accounts.ListServices(f.cab_reader)->size() == 2);
  CHECK(accounts.GetService(f.cab_reader, "cab")->service.code == "CAB");

  // An administrator's account, and the CLI's administrator, which is named in the log.
  REQUIRE(accounts.CreateService(f.root, "DCL", "Citoyenneté").ok());
  REQUIRE(accounts.RenameService(f.cli, "DCL", "Direction de la citoyenneté").ok());
  REQUIRE(accounts.CreateUser(f.cli, {"eve", "", "eve-password", false, {{"DCL", Role::kEditor}}})
              .ok());
  REQUIRE(accounts.UpdateUser(f.root, "eve", promote).ok());
  CHECK(f.Reload("eve").is_admin);
  CHECK(accounts.GetUser(f.cli, "eve")->memberships.size() == 1);
  CHECK(accounts.ListUsers(f.root)->size() == 4);
  CHECK(Code(accounts.GetUser(f.root, "nobody")) == ErrorCode::kNotFound);
  auto log = f.store->ListAudit(store::AuditQuery{});
  REQUIRE(log.ok());
  CHECK(log->at(0).actor == "root");      // user.admin
  CHECK(log->at(1).actor == "cli:root");  // the membership of eve's creation
  // The last enabled administrators stay.
  store::UserChanges demote;
  demote.is_admin = false;
  REQUIRE(accounts.UpdateUser(f.cli, "eve", demote).ok());
  CHECK(Code(accounts.UpdateUser(f.cli, "root", demote)) == ErrorCode::kConflict);
}

TEST_CASE("a service's managers set its members' roles, in that service only", "[accounts]") {
  Accounts f;
  AccountService accounts(*f.store);
  Caller ddt_editor = f.Add("ddt_editor", {{"DDT", Role::kEditor}});

  // Its members: for its managers and administrators.
  auto cab = accounts.GetService(f.cab_manager, "CAB");
  REQUIRE(cab.ok());
  REQUIRE(cab->members);
  CHECK(cab->members->size() == 2);
  CHECK_FALSE(accounts.GetService(f.cab_reader, "CAB")->members);
  CHECK_FALSE(accounts.GetService(f.cab_manager, "DDT")->members);
  CHECK(accounts.GetService(f.cli, "DDT")->members->size() == 1);
  CHECK(Code(accounts.GetService(f.cab_reader, "NOPE")) == ErrorCode::kNotFound);
  CHECK(Code(accounts.ListMembers(f.cab_reader, "CAB")) == ErrorCode::kPermissionDenied);
  CHECK(accounts.ListMembers(f.cab_manager, "cab")->size() == 2);

  REQUIRE(accounts.SetMembership(f.cab_manager, "ddt_editor", "CAB", Role::kManager).ok());
  CHECK(f.Reload("ddt_editor").memberships.size() == 2);
  CHECK(Code(accounts.SetMembership(f.cab_manager, "cab_reader", "DDT", Role::kReader)) ==
        ErrorCode::kPermissionDenied);
  CHECK(Code(accounts.SetMembership(f.cab_reader, "cab_reader", "CAB", Role::kManager)) ==
        ErrorCode::kPermissionDenied);
  CHECK(Code(accounts.SetMembership(ddt_editor, "ddt_editor", "DDT", Role::kManager)) ==
        ErrorCode::kPermissionDenied);
  CHECK(Code(accounts.SetMembership(f.cab_manager, "nobody", "CAB", Role::kReader)) ==
        ErrorCode::kNotFound);
  CHECK(Code(accounts.SetMembership(f.cab_manager, "cab_reader", "NOPE", Role::kReader)) ==
        ErrorCode::kNotFound);
  CHECK(Code(accounts.RemoveMembership(f.cab_reader, "ddt_editor", "CAB")) ==
        ErrorCode::kPermissionDenied);
  REQUIRE(accounts.RemoveMembership(f.cab_manager, "ddt_editor", "CAB").ok());
  CHECK(Code(accounts.RemoveMembership(f.cab_manager, "ddt_editor", "CAB")) ==
        ErrorCode::kNotFound);
  REQUIRE(accounts.SetMembership(f.cli, "cab_reader", "DDT", Role::kEditor).ok());
  CHECK(f.Reload("cab_reader").memberships.size() == 2);
}

TEST_CASE("a role or an admin flag taken away after login is what decides, not the login's copy",
          "[accounts]") {
  Accounts f;
  AccountService accounts(*f.store);
  // The callers below were authenticated before another process (the CLI, a second server
  // thread) changed their accounts: what they hold is stale, the store is not.
  REQUIRE(f.store->SetMembership(f.actor, "cab_manager", "CAB", Role::kReader).ok());
  CHECK(Code(accounts.SetMembership(f.cab_manager, "cab_reader", "CAB", Role::kEditor)) ==
        ErrorCode::kPermissionDenied);
  CHECK(Code(accounts.RemoveMembership(f.cab_manager, "cab_reader", "CAB")) ==
        ErrorCode::kPermissionDenied);
  CHECK(f.Reload("cab_reader").memberships.at(0).role == Role::kReader);

  // (The store keeps at least one administrator: two more stay.)
  auto admin = f.Add("second_admin", {}, true);
  f.Add("third_admin", {}, true);
  store::UserChanges demote;
  demote.is_admin = false;
  REQUIRE(f.store->UpdateUser(f.actor, "root", demote).ok());
  CHECK(Code(accounts.CreateService(f.root, "DREAL", "Environnement")) ==
        ErrorCode::kPermissionDenied);
  store::UserChanges promote;
  promote.is_admin = true;
  CHECK(Code(accounts.UpdateUser(f.root, "cab_reader", promote)) == ErrorCode::kPermissionDenied);
  CHECK_FALSE(f.Reload("cab_reader").is_admin);

  // An administrator disabled since logging in changes nothing either.
  store::UserChanges disable;
  disable.disabled = true;
  REQUIRE(f.store->UpdateUser(f.actor, "second_admin", disable).ok());
  CHECK(Code(accounts.CreateService(admin, "DREAL", "Environnement")) ==
        ErrorCode::kPermissionDenied);
  // The CLI's administrator has no account to read again: it is decided as it is.
  CHECK(accounts.CreateService(f.cli, "DREAL", "Environnement").ok());
}

TEST_CASE("saved searches: each account keeps its own, the CLI's administrator has none",
          "[accounts]") {
  Accounts f;
  AccountService accounts(*f.store);
  auto saved = accounts.SaveSearch(f.cab_reader, "Ponts", "q=pont");
  REQUIRE(saved.ok());
  CHECK(accounts.ListOwnSavedSearches(f.cab_reader)->size() == 1);
  CHECK(accounts.ListOwnSavedSearches(f.cab_manager)->empty());
  CHECK(Code(accounts.ForgetSavedSearch(f.cab_manager, saved->id)) == ErrorCode::kNotFound);
  CHECK(Code(accounts.ForgetSavedSearch(f.root, saved->id)) == ErrorCode::kNotFound);
  CHECK(Code(accounts.SaveSearch(f.cli, "X", "q=x")) == ErrorCode::kPermissionDenied);
  CHECK(Code(accounts.ListOwnSavedSearches(f.cli)) == ErrorCode::kPermissionDenied);
  CHECK(accounts.ForgetSavedSearch(f.cab_reader, saved->id).ok());
}

TEST_CASE("passwords: one's own after proof, anyone's by administrators, none from a directory",
          "[accounts]") {
  Accounts f;
  AccountService accounts(*f.store);
  const int64_t generation = f.Reload("cab_reader").credential_generation;
  REQUIRE(accounts.MayChangeOwnPassword(f.cab_reader).ok());
  auto changed = accounts.ChangeOwnPassword(f.cab_reader, "un nouveau secret");
  REQUIRE(changed.ok());
  CHECK(changed->credential_generation > generation);
  CHECK(f.store->Authenticate("cab_reader", "un nouveau secret").ok());
  CHECK(Code(accounts.ChangeOwnPassword(f.cab_reader, "court")) == ErrorCode::kInvalidArgument);
  // The CLI's administrator has no account, hence no password of its own.
  CHECK(Code(accounts.MayChangeOwnPassword(f.cli)) == ErrorCode::kPermissionDenied);
  CHECK(Code(accounts.ChangeOwnPassword(f.cli, "un nouveau secret")) ==
        ErrorCode::kPermissionDenied);
  store::UserChanges reset;
  reset.password = "remis a zero";
  CHECK(Code(accounts.UpdateUser(f.cab_manager, "cab_reader", reset)) ==
        ErrorCode::kPermissionDenied);
  REQUIRE(accounts.UpdateUser(f.root, "cab_reader", reset).ok());

  // A directory keeps the passwords: none is set through Synaps, no account is created.
  AccountService directory(*f.store, AccountService::Options{false});
  CHECK(Code(directory.MayChangeOwnPassword(f.cab_reader)) == ErrorCode::kConflict);
  CHECK(Code(directory.ChangeOwnPassword(f.cab_reader, "encore un autre")) == ErrorCode::kConflict);
  CHECK(Code(directory.UpdateUser(f.root, "cab_reader", reset)) == ErrorCode::kConflict);
  CHECK(Code(directory.CreateUser(f.root, {"eve", "", "eve-password", false, {}})) ==
        ErrorCode::kConflict);
  // Administrators still refused first: a directory tells nothing to whoever may not ask.
  CHECK(Code(directory.CreateUser(f.cab_reader, {"eve", "", "eve-password", false, {}})) ==
        ErrorCode::kPermissionDenied);
  store::UserChanges rename;
  rename.display_name = "Lecteur du cabinet";
  CHECK(directory.UpdateUser(f.root, "cab_reader", rename).ok());
  CHECK(f.store->Authenticate("cab_reader", "remis a zero").ok());
}

TEST_CASE("tokens: one's own for every account, anyone's for administrators", "[accounts]") {
  Accounts f;
  AccountService accounts(*f.store);
  auto token = accounts.CreateOwnToken(f.cab_reader, "nightly");
  REQUIRE(token.ok());
  CHECK(f.store->AuthenticateToken(*token)->login == "cab_reader");
  CHECK(Code(accounts.CreateOwnToken(f.cab_reader, "nightly")) == ErrorCode::kAlreadyExists);
  REQUIRE(accounts.ListOwnTokens(f.cab_reader)->size() == 1);
  CHECK(accounts.ListOwnTokens(f.cab_manager)->empty());

  // Anyone's, one's own included: administrators only.
  for (const std::string login : {"cab_reader", "cab_manager", "nobody"}) {
    INFO(login);
    CHECK(Code(accounts.ListTokensOf(f.cab_manager, login)) == ErrorCode::kPermissionDenied);
    CHECK(Code(accounts.RevokeTokenOf(f.cab_manager, login, "nightly")) ==
          ErrorCode::kPermissionDenied);
    CHECK(Code(accounts.CreateTokenFor(f.cab_manager, login, "x")) == ErrorCode::kPermissionDenied);
  }
  CHECK(accounts.ListTokensOf(f.root, "cab_reader")->size() == 1);
  CHECK(Code(accounts.ListTokensOf(f.root, "nobody")) == ErrorCode::kNotFound);
  auto scripted = accounts.CreateTokenFor(f.cli, "cab_manager", "script");
  REQUIRE(scripted.ok());
  CHECK(f.store->AuthenticateToken(*scripted)->login == "cab_manager");
  CHECK(accounts.ListOwnTokens(f.cab_manager)->front().name == "script");

  // Revoked: by its owner or an administrator; it stops working at once.
  CHECK(Code(accounts.RevokeOwnToken(f.cab_manager, "nightly")) == ErrorCode::kNotFound);
  REQUIRE(accounts.RevokeOwnToken(f.cab_reader, "nightly").ok());
  CHECK(Code(f.store->AuthenticateToken(*token)) == ErrorCode::kPermissionDenied);
  REQUIRE(accounts.RevokeTokenOf(f.cli, "cab_manager", "script").ok());
  CHECK(Code(f.store->AuthenticateToken(*scripted)) == ErrorCode::kPermissionDenied);
  // The CLI's administrator has no tokens of its own.
  CHECK(Code(accounts.CreateOwnToken(f.cli, "x")) == ErrorCode::kPermissionDenied);
  CHECK(Code(accounts.ListOwnTokens(f.cli)) == ErrorCode::kPermissionDenied);
}

TEST_CASE("the first administrator is made once, on a store without accounts", "[accounts]") {
  StoreFixture f;
  AccountService accounts(*f.store);
  const Caller server = Caller::Administrator("synaps-server");
  store::User someone;
  someone.id = 42;
  someone.login = "someone";
  CHECK(Code(accounts.EnsureFirstAdministrator(Caller::Account(someone))) ==
        ErrorCode::kPermissionDenied);
  auto password = accounts.EnsureFirstAdministrator(server);
  REQUIRE(password.ok());
  REQUIRE(password->size() >= 8);
  auto admin = f.store->Authenticate(kFirstAdministratorLogin, *password);
  REQUIRE(admin.ok());
  CHECK(admin->is_admin);
  CHECK(admin->display_name == "Administrateur");
  CHECK(f.store->ListAudit(store::AuditQuery{})->front().actor == "synaps-server");
  // Accounts exist now: nothing more is made, and no password is shown.
  CHECK(accounts.EnsureFirstAdministrator(server)->empty());
  CHECK(f.store->ListUsers()->size() == 1);
}

}  // namespace
}  // namespace synaps::accounts
