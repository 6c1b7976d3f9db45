// Store: services and user accounts: creating, finding, authenticating.
#include <optional>

#include "dms-server/store/names.h"
#include "dms-server/store/password.h"
#include "dms-server/store/store.h"

namespace synaps::store {

const char* RoleName(Role role) {
  switch (role) {
    case Role::kReader:
      return "reader";
    case Role::kEditor:
      return "editor";
    case Role::kManager:
      return "manager";
  }
  return "reader";
}

std::optional<Role> ParseRole(std::string_view name) {
  if (name == "reader") return Role::kReader;
  if (name == "editor") return Role::kEditor;
  if (name == "manager") return Role::kManager;
  return std::nullopt;
}

namespace {

Status ValidateLogin(std::string_view login) {
  if (login.empty() || login.size() > 64) return Status::Invalid("a login has 1 to 64 characters");
  for (char c : login) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-' ||
              c == '_' || c == '@';
    if (!ok) {
      return Status::Invalid("login '" + EscapeForDisplay(login) +
                             "' may only use a-z, 0-9, '.', '-', '_' and '@'");
    }
  }
  return Status::Ok();
}

}  // namespace

Result<Service> Store::AddService(const Actor& actor, std::string_view given_code,
                                  std::string_view name) {
  SYNAPS_ASSIGN_OR_RETURN(const std::string code, CanonicalServiceCode(given_code));
  SYNAPS_RETURN_IF_ERROR(ValidateLabel("service name", name, 200));
  SYNAPS_ASSIGN_OR_RETURN(auto transaction, sql::Transaction::Begin(*db_));
  if (FindService(code).ok()) {
    return Status::AlreadyExists("service " + code + " already exists");
  }
  int64_t now = NowMs();
  SYNAPS_ASSIGN_OR_RETURN(
      auto insert, db_->Prepare("INSERT INTO services(code, name, created_at) VALUES (?, ?, ?)"));
  insert.Bind(1, code).Bind(2, name).Bind(3, now);
  SYNAPS_RETURN_IF_ERROR(insert.Run());
  Service service{db_->LastInsertId(), code, std::string(name), now};
  SYNAPS_ASSIGN_OR_RETURN(
      auto root, db_->Prepare("INSERT INTO folders(service_id, parent_id, name, created_at) "
                              "VALUES (?, NULL, '', ?)"));
  root.Bind(1, service.id).Bind(2, now);
  SYNAPS_RETURN_IF_ERROR(root.Run());
  SYNAPS_RETURN_IF_ERROR(
      AuditService(actor, "service.create", service, code + " \"" + std::string(name) + "\""));
  SYNAPS_RETURN_IF_ERROR(transaction.Commit());
  return service;
}

Result<std::vector<Service>> Store::ListServices() {
  SYNAPS_ASSIGN_OR_RETURN(
      auto select, db_->Prepare("SELECT id, code, name, created_at FROM services ORDER BY code"));
  std::vector<Service> services;
  for (;;) {
    SYNAPS_ASSIGN_OR_RETURN(bool row, select.Step());
    if (!row) break;
    services.push_back({select.Int(0), select.Text(1), select.Text(2), select.Int(3)});
  }
  return services;
}

Result<Service> Store::FindService(std::string_view code) {
  // Any case names the service; a code that could not be one names none.
  auto canonical = CanonicalServiceCode(code);
  if (!canonical.ok()) return Status::NotFound("no service " + EscapeForDisplay(code));
  SYNAPS_ASSIGN_OR_RETURN(
      auto select, db_->Prepare("SELECT id, code, name, created_at FROM services WHERE code = ?"));
  select.Bind(1, *canonical);
  SYNAPS_ASSIGN_OR_RETURN(bool row, select.Step());
  if (!row) return Status::NotFound("no service " + *canonical);
  return Service{select.Int(0), select.Text(1), select.Text(2), select.Int(3)};
}

Result<User> Store::AddUser(const Actor& actor, const NewUser& user) {
  SYNAPS_RETURN_IF_ERROR(ValidateLogin(user.login));
  std::string display_name = user.display_name.empty() ? user.login : user.display_name;
  SYNAPS_RETURN_IF_ERROR(ValidateLabel("display name", display_name, 200));
  if (user.password.size() < 8) {
    return Status::Invalid("a password has at least 8 characters");
  }
  // Hash before taking the write lock: scrypt is slow on purpose.
  SYNAPS_ASSIGN_OR_RETURN(std::string hash, HashPassword(user.password));
  SYNAPS_ASSIGN_OR_RETURN(auto transaction, sql::Transaction::Begin(*db_));
  if (FindUser(user.login).ok()) {
    return Status::AlreadyExists("user " + user.login + " already exists");
  }
  SYNAPS_ASSIGN_OR_RETURN(auto insert,
                          db_->Prepare("INSERT INTO users(login, display_name, password_hash, "
                                       "is_admin, created_at) VALUES (?, ?, ?, ?, ?)"));
  insert.Bind(1, user.login).Bind(2, display_name).Bind(3, hash).Bind(4, user.is_admin ? 1 : 0);
  insert.Bind(5, NowMs());
  SYNAPS_RETURN_IF_ERROR(insert.Run());
  SYNAPS_ASSIGN_OR_RETURN(User added, FindUser(user.login));
  std::string detail = user.login + (user.is_admin ? " (admin)" : "");
  std::vector<std::pair<Service, Role>> memberships;
  for (const Membership& membership : user.memberships) {
    SYNAPS_ASSIGN_OR_RETURN(Service service, FindService(membership.service_code));
    detail += " " + service.code + ":" + RoleName(membership.role);
    memberships.emplace_back(std::move(service), membership.role);
  }
  SYNAPS_RETURN_IF_ERROR(Audit(actor, "user.create", std::nullopt, detail));
  // Each membership is also an entry of its service, for the managers who read that log.
  for (const auto& [service, role] : memberships) {
    SYNAPS_RETURN_IF_ERROR(SetMembershipInTransaction(actor, added, service, role));
  }
  SYNAPS_RETURN_IF_ERROR(transaction.Commit());
  return FindUser(user.login);
}

Result<std::vector<User>> Store::ListUsers() {
  SYNAPS_ASSIGN_OR_RETURN(auto select, db_->Prepare("SELECT login FROM users ORDER BY login"));
  std::vector<std::string> logins;
  for (;;) {
    SYNAPS_ASSIGN_OR_RETURN(bool row, select.Step());
    if (!row) break;
    logins.push_back(select.Text(0));
  }
  std::vector<User> users;
  for (const std::string& login : logins) {
    SYNAPS_ASSIGN_OR_RETURN(User user, FindUser(login));
    users.push_back(std::move(user));
  }
  return users;
}

Result<User> Store::FindUser(std::string_view login) {
  // The account and its memberships in one statement (a row per membership, or one row with
  // no membership): every request reads them again, so that a change shows at once.
  SYNAPS_ASSIGN_OR_RETURN(
      auto select,
      db_->Prepare("SELECT u.id, u.login, u.display_name, u.is_admin, u.created_at, "
                   "u.disabled_at IS NOT NULL, u.credential_generation, s.code, m.role "
                   "FROM users u LEFT JOIN memberships m ON m.user_id = u.id "
                   "LEFT JOIN services s ON s.id = m.service_id "
                   "WHERE u.login = ? ORDER BY s.code"));
  select.Bind(1, login);
  SYNAPS_ASSIGN_OR_RETURN(bool row, select.Step());
  if (!row) return Status::NotFound("no user " + std::string(login));
  User user;
  user.id = select.Int(0);
  user.login = select.Text(1);
  user.display_name = select.Text(2);
  user.is_admin = select.Int(3) != 0;
  user.created_at = select.Int(4);
  user.disabled = select.Int(5) != 0;
  user.credential_generation = select.Int(6);
  for (;;) {
    if (!select.IsNull(7)) {
      user.memberships.push_back({select.Text(7), static_cast<Role>(select.Int(8))});
    }
    SYNAPS_ASSIGN_OR_RETURN(row, select.Step());
    if (!row) break;
  }
  return user;
}

Result<User> Store::Authenticate(std::string_view login, std::string_view password) {
  SYNAPS_ASSIGN_OR_RETURN(
      auto select,
      db_->Prepare("SELECT password_hash, disabled_at IS NOT NULL, credential_generation "
                   "FROM users WHERE login = ?"));
  select.Bind(1, login);
  SYNAPS_ASSIGN_OR_RETURN(bool row, select.Step());
  // Verify against a dummy hash for unknown logins so timing does not reveal which logins exist.
  static const std::string kDummy =
      "scrypt$15$8$1$00000000000000000000000000000000$"
      "0000000000000000000000000000000000000000000000000000000000000000";
  std::string stored = row ? select.Text(0) : kDummy;
  bool disabled = row && select.Int(1) != 0;
  int64_t generation = row ? select.Int(2) : 0;
  SYNAPS_RETURN_IF_ERROR(select.Run());  // ends the read before the slow hash
  bool matches = VerifyPassword(password, stored);
  // A disabled account answers like a wrong password: the answer must not confirm a password.
  if (!row || !matches || disabled) return Status::Denied("wrong login or password");
  SYNAPS_ASSIGN_OR_RETURN(User user, FindUser(login));
  // The password changed (or the account was disabled) while it was being verified: the one
  // that matched is no longer valid.
  if (user.credential_generation != generation) return Status::Denied("wrong login or password");
  return user;
}

}  // namespace synaps::store
