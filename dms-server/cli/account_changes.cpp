#include "dms-server/cli/account_changes.h"

#include <Poco/JSON/Array.h>

#include <iostream>

#include "dms-server/cli/output.h"

namespace synaps::cli {

namespace {

// Prints the account after a change.
int PrintUser(Context& context, const store::Result<store::User>& user, const std::string& what) {
  if (!user.ok()) return ReportError(user.status(), context.json);
  if (context.json) {
    PrintJson(json::UserJson(*user));
  } else {
    std::cout << what << ' ' << user->login << '\n';
  }
  return 0;
}

bool OneLogin(const Arguments& arguments) {
  return arguments.positionals().size() == 2;
}

}  // namespace

std::string ReadPasswordLine() {
  std::string password;
  std::getline(std::cin, password);
  if (!password.empty() && password.back() == '\r') password.pop_back();
  return password;
}

int UserSet(Context& context, const Arguments& arguments, accounts::AccountService& accounts) {
  bool admin = arguments.Has("admin"), not_admin = arguments.Has("no-admin");
  auto name = arguments.Value("name");
  if (!OneLogin(arguments) || (admin && not_admin) || (!admin && !not_admin && !name)) {
    return UsageError("usage: user set LOGIN [--name NAME] [--admin | --no-admin]", context.json);
  }
  store::UserChanges changes;
  changes.display_name = name;
  if (admin || not_admin) changes.is_admin = admin;
  return PrintUser(
      context,
      accounts.UpdateUser(AccountAdministrator(context), arguments.positionals()[1], changes),
      "updated user");
}

int UserRole(Context& context, const Arguments& arguments, accounts::AccountService& accounts) {
  auto service = arguments.Value("service");
  auto role_name = arguments.Value("role");
  if (!OneLogin(arguments) || !service || !role_name) {
    return UsageError("usage: user role LOGIN --service CODE --role reader|editor|manager|none",
                      context.json);
  }
  const std::string& login = arguments.positionals()[1];
  store::Status status;
  if (*role_name == "none") {
    status = accounts.RemoveMembership(AccountAdministrator(context), login, *service);
  } else {
    auto role = store::ParseRole(*role_name);
    if (!role) {
      return UsageError("unknown role '" + *role_name + "' (reader, editor, manager or none)",
                        context.json);
    }
    status = accounts.SetMembership(AccountAdministrator(context), login, *service, *role);
  }
  if (!status.ok()) return ReportError(status, context.json);
  return PrintUser(context, accounts.GetUser(AccountAdministrator(context), login), "updated user");
}

int UserPasswd(Context& context, const Arguments& arguments, accounts::AccountService& accounts) {
  if (!OneLogin(arguments) || !arguments.Has("password-stdin")) {
    return UsageError("usage: user passwd LOGIN --password-stdin", context.json);
  }
  store::UserChanges changes;
  changes.password = ReadPasswordLine();
  return PrintUser(
      context,
      accounts.UpdateUser(AccountAdministrator(context), arguments.positionals()[1], changes),
      "changed the password of");
}

int UserEnable(Context& context, const Arguments& arguments, accounts::AccountService& accounts,
               bool enable) {
  if (!OneLogin(arguments)) {
    return UsageError(std::string("usage: user ") + (enable ? "enable" : "disable") + " LOGIN",
                      context.json);
  }
  store::UserChanges changes;
  changes.disabled = !enable;
  return PrintUser(
      context,
      accounts.UpdateUser(AccountAdministrator(context), arguments.positionals()[1], changes),
      enable ? "enabled user" : "disabled user");
}

int ServiceRename(Context& context, const Arguments& arguments,
                  accounts::AccountService& accounts) {
  auto name = arguments.Value("name");
  if (arguments.positionals().size() != 2 || !name) {
    return UsageError("usage: service rename CODE --name NAME", context.json);
  }
  auto service =
      accounts.RenameService(AccountAdministrator(context), arguments.positionals()[1], *name);
  if (!service.ok()) return ReportError(service.status(), context.json);
  if (context.json) {
    PrintJson(json::ServiceJson(*service));
  } else {
    std::cout << "renamed service " << service->code << " (" << service->name << ")\n";
  }
  return 0;
}

int ServiceMembers(Context& context, const Arguments& arguments,
                   accounts::AccountService& accounts) {
  if (arguments.positionals().size() != 2) {
    return UsageError("usage: service members CODE", context.json);
  }
  auto members = accounts.ListMembers(AccountAdministrator(context), arguments.positionals()[1]);
  if (!members.ok()) return ReportError(members.status(), context.json);
  Poco::JSON::Array::Ptr list = new Poco::JSON::Array;
  for (const auto& member : *members) {
    if (context.json) {
      Poco::JSON::Object::Ptr object = new Poco::JSON::Object;
      object->set("login", member.login);
      object->set("display_name", member.display_name);
      object->set("role", store::RoleName(member.role));
      object->set("disabled", member.disabled);
      list->add(object);
    } else {
      std::cout << member.login << '\t' << member.display_name << '\t'
                << store::RoleName(member.role) << (member.disabled ? "\tdisabled" : "") << '\n';
    }
  }
  if (context.json) PrintJson(list);
  return 0;
}

}  // namespace synaps::cli
