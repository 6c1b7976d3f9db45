// AccountService: accounts, the caller's own password and the first administrator.
#include "dms-server/accounts/account_service.h"
#include "dms-server/accounts/in_transaction.h"
#include "dms-server/store/password.h"

namespace synaps::accounts {

using store::Result;
using store::Status;

Result<std::vector<store::User>> AccountService::ListUsers(const Caller& caller) {
  SYNAPS_RETURN_IF_ERROR(RequireAdministrator(caller));
  return store_.ListUsers();
}

Result<store::User> AccountService::GetUser(const Caller& caller, std::string_view login) {
  SYNAPS_RETURN_IF_ERROR(RequireAdministrator(caller));
  return store_.FindUser(login);
}

Result<store::User> AccountService::CreateUser(const Caller& caller, const store::NewUser& user) {
  return InTransaction(caller, [&](const Caller& current) -> Result<store::User> {
    SYNAPS_RETURN_IF_ERROR(RequireAdministrator(current));
    SYNAPS_RETURN_IF_ERROR(RequireLocalPasswords());
    return store_.AddUser(current.actor(), user);
  });
}

Result<store::User> AccountService::UpdateUser(const Caller& caller, std::string_view login,
                                               const store::UserChanges& changes) {
  return InTransaction(caller, [&](const Caller& current) -> Result<store::User> {
    SYNAPS_RETURN_IF_ERROR(RequireAdministrator(current));
    if (changes.password) SYNAPS_RETURN_IF_ERROR(RequireLocalPasswords());
    return store_.UpdateUser(current.actor(), login, changes);
  });
}

Status AccountService::MayChangeOwnPassword(const Caller& caller) const {
  SYNAPS_RETURN_IF_ERROR(RequireAccount(caller));
  return RequireLocalPasswords();
}

Result<store::User> AccountService::ChangeOwnPassword(const Caller& caller,
                                                      std::string_view password) {
  SYNAPS_RETURN_IF_ERROR(MayChangeOwnPassword(caller));
  store::UserChanges changes;
  changes.password = std::string(password);
  return store_.UpdateUser(caller.actor(), caller.user().login, changes);
}

Result<std::string> AccountService::EnsureFirstAdministrator(const Caller& caller) {
  SYNAPS_RETURN_IF_ERROR(RequireAdministrator(caller));
  SYNAPS_ASSIGN_OR_RETURN(auto users, store_.ListUsers());
  if (!users.empty()) return std::string();
  store::NewUser admin;
  admin.login = kFirstAdministratorLogin;
  admin.display_name = "Administrateur";
  admin.password = store::GeneratePassword();
  admin.is_admin = true;
  auto added = store_.AddUser(caller.actor(), admin);
  if (!added.ok()) {
    // Another server starting at the same instant may have won the race.
    if (added.status().code() == store::ErrorCode::kAlreadyExists) return std::string();
    return added.status();
  }
  return admin.password;
}

}  // namespace synaps::accounts
