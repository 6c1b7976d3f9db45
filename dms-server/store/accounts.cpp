// Store: services and user accounts.
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
      return Status::Invalid("login '" + std::string(login) +
                             "' may only use a-z, 0-9, '.', '-', '_' and '@'");
    }
  }
  return Status::Ok();
}

}  // namespace

Result<Service> Store::AddService(const Actor& actor, std::string_view code,
                                  std::string_view name) {
  SYNAPS_RETURN_IF_ERROR(ValidateServiceCode(code));
  SYNAPS_RETURN_IF_ERROR(ValidateLabel("service name", name, 200));
  SYNAPS_ASSIGN_OR_RETURN(auto transaction, sql::Transaction::Begin(*db_));
  if (FindService(code).ok()) {
    return Status::AlreadyExists("service " + std::string(code) + " already exists");
  }
  int64_t now = NowMs();
  SYNAPS_ASSIGN_OR_RETURN(
      auto insert, db_->Prepare("INSERT INTO services(code, name, created_at) VALUES (?, ?, ?)"));
  insert.Bind(1, code).Bind(2, name).Bind(3, now);
  SYNAPS_RETURN_IF_ERROR(insert.Run());
  Service service{db_->LastInsertId(), std::string(code), std::string(name), now};
  SYNAPS_ASSIGN_OR_RETURN(
      auto root, db_->Prepare("INSERT INTO folders(service_id, parent_id, name, created_at) "
                              "VALUES (?, NULL, '', ?)"));
  root.Bind(1, service.id).Bind(2, now);
  SYNAPS_RETURN_IF_ERROR(root.Run());
  SYNAPS_RETURN_IF_ERROR(Audit(actor, "service.create", std::nullopt,
                               std::string(code) + " \"" + std::string(name) + "\""));
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
  SYNAPS_ASSIGN_OR_RETURN(
      auto select, db_->Prepare("SELECT id, code, name, created_at FROM services WHERE code = ?"));
  select.Bind(1, code);
  SYNAPS_ASSIGN_OR_RETURN(bool row, select.Step());
  if (!row) return Status::NotFound("no service " + std::string(code));
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
  int64_t user_id = db_->LastInsertId();
  std::string detail = user.login + (user.is_admin ? " (admin)" : "");
  for (const Membership& membership : user.memberships) {
    SYNAPS_ASSIGN_OR_RETURN(Service service, FindService(membership.service_code));
    SYNAPS_ASSIGN_OR_RETURN(
        auto member,
        db_->Prepare("INSERT INTO memberships(user_id, service_id, role) VALUES (?, ?, ?)"));
    member.Bind(1, user_id).Bind(2, service.id).Bind(3, static_cast<int>(membership.role));
    SYNAPS_RETURN_IF_ERROR(member.Run());
    detail += " " + service.code + ":" + RoleName(membership.role);
  }
  SYNAPS_RETURN_IF_ERROR(Audit(actor, "user.create", std::nullopt, detail));
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
  SYNAPS_ASSIGN_OR_RETURN(auto select,
                          db_->Prepare("SELECT id, login, display_name, is_admin, created_at "
                                       "FROM users WHERE login = ?"));
  select.Bind(1, login);
  SYNAPS_ASSIGN_OR_RETURN(bool row, select.Step());
  if (!row) return Status::NotFound("no user " + std::string(login));
  User user;
  user.id = select.Int(0);
  user.login = select.Text(1);
  user.display_name = select.Text(2);
  user.is_admin = select.Int(3) != 0;
  user.created_at = select.Int(4);
  SYNAPS_ASSIGN_OR_RETURN(
      auto members, db_->Prepare("SELECT s.code, m.role FROM memberships m JOIN services s "
                                 "ON s.id = m.service_id WHERE m.user_id = ? ORDER BY s.code"));
  members.Bind(1, user.id);
  for (;;) {
    SYNAPS_ASSIGN_OR_RETURN(bool member_row, members.Step());
    if (!member_row) break;
    user.memberships.push_back({members.Text(0), static_cast<Role>(members.Int(1))});
  }
  return user;
}

Result<User> Store::Authenticate(std::string_view login, std::string_view password) {
  SYNAPS_ASSIGN_OR_RETURN(auto select,
                          db_->Prepare("SELECT password_hash FROM users WHERE login = ?"));
  select.Bind(1, login);
  SYNAPS_ASSIGN_OR_RETURN(bool row, select.Step());
  // Verify against a dummy hash for unknown logins so timing does not reveal which logins exist.
  static const std::string kDummy =
      "scrypt$15$8$1$00000000000000000000000000000000$"
      "0000000000000000000000000000000000000000000000000000000000000000";
  std::string stored = row ? select.Text(0) : kDummy;
  bool matches = VerifyPassword(password, stored);
  if (!row || !matches) return Status::Denied("wrong login or password");
  return FindUser(login);
}

}  // namespace synaps::store
