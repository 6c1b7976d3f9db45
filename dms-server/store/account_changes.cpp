// Store: changing accounts and services after their creation: names, memberships, the admin
// flag, passwords and disabled accounts.
#include "dms-server/store/names.h"
#include "dms-server/store/password.h"
#include "dms-server/store/store.h"

namespace synaps::store {

namespace {

std::string Quoted(std::string_view text) {
  return "\"" + std::string(text) + "\"";
}

}  // namespace

Result<Service> Store::RenameService(const Actor& actor, std::string_view code,
                                     std::string_view name) {
  SYNAPS_RETURN_IF_ERROR(ValidateLabel("service name", name, 200));
  SYNAPS_ASSIGN_OR_RETURN(auto transaction, sql::Transaction::Begin(*db_));
  SYNAPS_ASSIGN_OR_RETURN(Service service, FindService(code));
  SYNAPS_ASSIGN_OR_RETURN(auto update, db_->Prepare("UPDATE services SET name = ? WHERE id = ?"));
  update.Bind(1, name).Bind(2, service.id);
  SYNAPS_RETURN_IF_ERROR(update.Run());
  SYNAPS_RETURN_IF_ERROR(
      AuditService(actor, "service.rename", service,
                   service.code + " " + Quoted(service.name) + " -> " + Quoted(name)));
  SYNAPS_RETURN_IF_ERROR(transaction.Commit());
  service.name = std::string(name);
  return service;
}

Result<std::vector<ServiceMember>> Store::ListMembers(std::string_view service_code) {
  SYNAPS_ASSIGN_OR_RETURN(Service service, FindService(service_code));
  SYNAPS_ASSIGN_OR_RETURN(
      auto select, db_->Prepare("SELECT u.login, u.display_name, m.role, u.disabled_at IS NOT NULL "
                                "FROM memberships m JOIN users u ON u.id = m.user_id "
                                "WHERE m.service_id = ? ORDER BY u.login"));
  select.Bind(1, service.id);
  std::vector<ServiceMember> members;
  for (;;) {
    SYNAPS_ASSIGN_OR_RETURN(bool row, select.Step());
    if (!row) break;
    members.push_back(
        {select.Text(0), select.Text(1), static_cast<Role>(select.Int(2)), select.Int(3) != 0});
  }
  return members;
}

Status Store::SetMembershipInTransaction(const Actor& actor, const User& user,
                                         const Service& service, Role role) {
  SYNAPS_ASSIGN_OR_RETURN(auto upsert,
                          db_->Prepare("INSERT INTO memberships(user_id, service_id, role) "
                                       "VALUES (?, ?, ?) ON CONFLICT(user_id, service_id) "
                                       "DO UPDATE SET role = excluded.role"));
  upsert.Bind(1, user.id).Bind(2, service.id).Bind(3, static_cast<int>(role));
  SYNAPS_RETURN_IF_ERROR(upsert.Run());
  return AuditService(actor, "membership.set", service,
                      user.login + " " + service.code + ":" + RoleName(role));
}

Status Store::SetMembership(const Actor& actor, std::string_view login,
                            std::string_view service_code, Role role) {
  SYNAPS_ASSIGN_OR_RETURN(auto transaction, sql::Transaction::Begin(*db_));
  SYNAPS_ASSIGN_OR_RETURN(User user, FindUser(login));
  SYNAPS_ASSIGN_OR_RETURN(Service service, FindService(service_code));
  SYNAPS_RETURN_IF_ERROR(SetMembershipInTransaction(actor, user, service, role));
  return transaction.Commit();
}

Status Store::RemoveMembership(const Actor& actor, std::string_view login,
                               std::string_view service_code) {
  SYNAPS_ASSIGN_OR_RETURN(auto transaction, sql::Transaction::Begin(*db_));
  SYNAPS_ASSIGN_OR_RETURN(User user, FindUser(login));
  SYNAPS_ASSIGN_OR_RETURN(Service service, FindService(service_code));
  SYNAPS_ASSIGN_OR_RETURN(
      auto remove, db_->Prepare("DELETE FROM memberships WHERE user_id = ? AND service_id = ?"));
  remove.Bind(1, user.id).Bind(2, service.id);
  SYNAPS_RETURN_IF_ERROR(remove.Run());
  if (db_->Changes() == 0) {
    return Status::NotFound(user.login + " is not a member of " + service.code);
  }
  SYNAPS_RETURN_IF_ERROR(
      AuditService(actor, "membership.remove", service, user.login + " " + service.code));
  return transaction.Commit();
}

Result<User> Store::UpdateUser(const Actor& actor, std::string_view login,
                               const UserChanges& changes) {
  if (changes.display_name) {
    SYNAPS_RETURN_IF_ERROR(ValidateLabel("display name", *changes.display_name, 200));
    if (changes.display_name->empty()) return Status::Invalid("a display name cannot be empty");
  }
  std::optional<std::string> hash;
  if (changes.password) {
    if (changes.password->size() < 8) {
      return Status::Invalid("a password has at least 8 characters");
    }
    // Hash before taking the write lock: scrypt is slow on purpose.
    SYNAPS_ASSIGN_OR_RETURN(hash, HashPassword(*changes.password));
  }
  SYNAPS_ASSIGN_OR_RETURN(auto transaction, sql::Transaction::Begin(*db_));
  SYNAPS_ASSIGN_OR_RETURN(User user, FindUser(login));
  // Each change is one UPDATE and one audit entry, all in this one transaction.
  auto apply = [&](const char* sql, auto value, std::string_view action,
                   const std::string& detail) -> Status {
    SYNAPS_ASSIGN_OR_RETURN(auto update, db_->Prepare(sql));
    update.Bind(1, value).Bind(2, user.id);
    SYNAPS_RETURN_IF_ERROR(update.Run());
    return Audit(actor, action, std::nullopt, detail);
  };
  if (changes.display_name && *changes.display_name != user.display_name) {
    SYNAPS_RETURN_IF_ERROR(apply("UPDATE users SET display_name = ? WHERE id = ?",
                                 *changes.display_name, "user.rename",
                                 user.login + " " + Quoted(*changes.display_name)));
  }
  if (changes.is_admin && *changes.is_admin != user.is_admin) {
    SYNAPS_RETURN_IF_ERROR(apply("UPDATE users SET is_admin = ? WHERE id = ?",
                                 int64_t{*changes.is_admin ? 1 : 0},
                                 *changes.is_admin ? "user.admin" : "user.unadmin", user.login));
  }
  if (hash) {
    SYNAPS_RETURN_IF_ERROR(
        apply("UPDATE users SET password_hash = ?, credential_generation = "
              "credential_generation + 1 WHERE id = ?",
              *hash, "user.password", user.login));
  }
  if (changes.disabled && *changes.disabled != user.disabled) {
    // Disabling also moves the generation on, so that whatever remembers the account's
    // credentials checks again (and finds it disabled).
    std::optional<int64_t> disabled_at;
    if (*changes.disabled) disabled_at = NowMs();
    SYNAPS_RETURN_IF_ERROR(
        apply("UPDATE users SET disabled_at = ?, credential_generation = "
              "credential_generation + 1 WHERE id = ?",
              disabled_at, *changes.disabled ? "user.disable" : "user.enable", user.login));
  }
  SYNAPS_ASSIGN_OR_RETURN(
      auto admins,
      db_->Prepare("SELECT COUNT(*) FROM users WHERE is_admin = 1 AND disabled_at IS NULL"));
  SYNAPS_ASSIGN_OR_RETURN(bool row, admins.Step());
  if (!row || admins.Int(0) == 0) {
    return Status::Conflict("this would leave no enabled administrator");
  }
  SYNAPS_RETURN_IF_ERROR(admins.Run());
  SYNAPS_RETURN_IF_ERROR(transaction.Commit());
  return FindUser(user.login);
}

}  // namespace synaps::store
