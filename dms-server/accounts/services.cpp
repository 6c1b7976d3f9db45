// AccountService: services and their members.
#include "dms-server/accounts/account_service.h"
#include "dms-server/accounts/in_transaction.h"
#include "dms-server/permissions/permissions.h"

namespace synaps::accounts {

using permissions::Permissions;
using store::Result;
using store::Status;

Status AccountService::RequireAdministrator(const Caller& caller) const {
  if (Permissions::MayAdminister(caller.user())) return Status::Ok();
  return Status::Denied("only administrators may do this");
}

Status AccountService::RequireLocalPasswords() const {
  if (options_.manages_passwords) return Status::Ok();
  return Status::Conflict("passwords are kept by the directory, not by Synaps");
}

Status AccountService::RequireAccount(const Caller& caller) const {
  if (caller.has_account()) return Status::Ok();
  return Status::Denied(caller.user().login + " has no account of its own");
}

Result<Caller> AccountService::Current(const Caller& caller) {
  if (!caller.has_account()) return caller;
  auto user = store_.FindUser(caller.user().login);
  if (!user.ok()) {
    if (user.status().code() != store::ErrorCode::kNotFound) return user.status();
    return Status::Denied(caller.user().login + " no longer has an account");
  }
  if (user->disabled) return Status::Denied(caller.user().login + " is disabled");
  return Caller::Account(std::move(user).value());
}

Result<std::vector<store::Service>> AccountService::ListServices(const Caller&) {
  return store_.ListServices();
}

Result<ServiceView> AccountService::GetService(const Caller& caller, std::string_view code) {
  SYNAPS_ASSIGN_OR_RETURN(store::Service service, store_.FindService(code));
  ServiceView view{std::move(service), std::nullopt};
  Permissions permissions(store_);
  if (permissions.MayManageMembers(caller.user(), view.service.code).ok()) {
    SYNAPS_ASSIGN_OR_RETURN(view.members, store_.ListMembers(view.service.code));
  }
  return view;
}

Result<store::Service> AccountService::CreateService(const Caller& caller, std::string_view code,
                                                     std::string_view name) {
  return InTransaction(caller, [&](const Caller& current) -> Result<store::Service> {
    SYNAPS_RETURN_IF_ERROR(RequireAdministrator(current));
    return store_.AddService(current.actor(), code, name);
  });
}

Result<store::Service> AccountService::RenameService(const Caller& caller, std::string_view code,
                                                     std::string_view name) {
  return InTransaction(caller, [&](const Caller& current) -> Result<store::Service> {
    SYNAPS_RETURN_IF_ERROR(RequireAdministrator(current));
    return store_.RenameService(current.actor(), code, name);
  });
}

Result<std::vector<store::ServiceMember>> AccountService::ListMembers(const Caller& caller,
                                                                      std::string_view code) {
  SYNAPS_RETURN_IF_ERROR(Permissions(store_).MayManageMembers(caller.user(), code));
  return store_.ListMembers(code);
}

Status AccountService::SetMembership(const Caller& caller, std::string_view login,
                                     std::string_view code, store::Role role) {
  return InTransaction(caller, [&](const Caller& current) {
    SYNAPS_RETURN_IF_ERROR(Permissions(store_).MayManageMembers(current.user(), code));
    return store_.SetMembership(current.actor(), login, code, role);
  });
}

Status AccountService::RemoveMembership(const Caller& caller, std::string_view login,
                                        std::string_view code) {
  return InTransaction(caller, [&](const Caller& current) {
    SYNAPS_RETURN_IF_ERROR(Permissions(store_).MayManageMembers(current.user(), code));
    return store_.RemoveMembership(current.actor(), login, code);
  });
}

}  // namespace synaps::accounts
