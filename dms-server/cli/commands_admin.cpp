// CLI: init, service, user (creating and listing; later changes are in account_changes.cpp).
#include <Poco/JSON/Array.h>

#include <iostream>

#include "dms-server/cli/account_changes.h"
#include "dms-server/cli/command.h"
#include "dms-server/cli/output.h"

namespace synaps::cli {

store::Result<std::unique_ptr<store::Store>> OpenStore(const Context& context) {
  return store::Store::Open(context.data_dir, store::Store::OpenMode::kMustExist);
}

namespace {

int Init(Context& context, const Arguments&) {
  std::error_code error;
  bool existed = std::filesystem::exists(context.data_dir / "synaps.db", error);
  auto store = store::Store::Open(context.data_dir, store::Store::OpenMode::kCreateIfMissing);
  if (!store.ok()) return ReportError(store.status(), context.json);
  if (context.json) {
    Poco::JSON::Object::Ptr result = new Poco::JSON::Object;
    result->set("data_dir", context.data_dir.string());
    result->set("created", !existed);
    PrintJson(result);
  } else {
    std::cout << (existed ? "data directory already initialised: " : "initialised data directory ")
              << context.data_dir.string() << '\n';
  }
  return 0;
}

int Service(Context& context, const Arguments& arguments) {
  const auto& words = arguments.positionals();
  if (words.empty()) {
    return UsageError(
        "service add CODE --name NAME | service rename CODE --name NAME | service members CODE | "
        "service list",
        context.json);
  }
  auto store = OpenStore(context);
  if (!store.ok()) return ReportError(store.status(), context.json);
  accounts::AccountService accounts(**store);
  if (words[0] == "add") {
    if (words.size() != 2 || !arguments.Value("name")) {
      return UsageError("usage: service add CODE --name NAME", context.json);
    }
    auto service =
        accounts.CreateService(AccountAdministrator(context), words[1], *arguments.Value("name"));
    if (!service.ok()) return ReportError(service.status(), context.json);
    if (context.json) {
      PrintJson(json::ServiceJson(*service));
    } else {
      std::cout << "added service " << service->code << " (" << service->name << ")\n";
    }
    return 0;
  }
  if (words[0] == "list") {
    auto services = accounts.ListServices(AccountAdministrator(context));
    if (!services.ok()) return ReportError(services.status(), context.json);
    if (context.json) {
      Poco::JSON::Array::Ptr list = new Poco::JSON::Array;
      for (const auto& service : *services) list->add(json::ServiceJson(service));
      PrintJson(list);
    } else {
      for (const auto& service : *services)
        std::cout << service.code << '\t' << service.name << '\n';
    }
    return 0;
  }
  if (words[0] == "rename") return ServiceRename(context, arguments, accounts);
  if (words[0] == "members") return ServiceMembers(context, arguments, accounts);
  return UsageError("unknown service command '" + words[0] + "'", context.json);
}

int User(Context& context, const Arguments& arguments) {
  const auto& words = arguments.positionals();
  if (words.empty()) {
    return UsageError("user add|set|role|passwd|disable|enable LOGIN ... | user list",
                      context.json);
  }
  auto store = OpenStore(context);
  if (!store.ok()) return ReportError(store.status(), context.json);
  accounts::AccountService accounts(**store);
  if (words[0] == "add") {
    if (words.size() != 2) {
      return UsageError(
          "usage: user add LOGIN --service CODE [--role R] [--admin] "
          "--password-stdin",
          context.json);
    }
    if (!arguments.Has("password-stdin")) {
      return UsageError("give the password on standard input with --password-stdin", context.json);
    }
    store::NewUser user;
    user.login = words[1];
    user.display_name = arguments.Value("name").value_or("");
    user.is_admin = arguments.Has("admin");
    user.password = ReadPasswordLine();
    auto role_name = arguments.Value("role").value_or("reader");
    auto role = store::ParseRole(role_name);
    if (!role) {
      return UsageError("unknown role '" + role_name + "' (reader, editor or manager)",
                        context.json);
    }
    for (const std::string& service : arguments.Values("service")) {
      user.memberships.push_back({service, *role});
    }
    if (user.memberships.empty() && !user.is_admin) {
      return UsageError("a user belongs to a service (--service CODE) or is an admin (--admin)",
                        context.json);
    }
    auto added = accounts.CreateUser(AccountAdministrator(context), user);
    if (!added.ok()) return ReportError(added.status(), context.json);
    if (context.json) {
      PrintJson(json::UserJson(*added));
    } else {
      std::cout << "added user " << added->login << '\n';
    }
    return 0;
  }
  if (words[0] == "list") {
    auto users = accounts.ListUsers(AccountAdministrator(context));
    if (!users.ok()) return ReportError(users.status(), context.json);
    if (context.json) {
      Poco::JSON::Array::Ptr list = new Poco::JSON::Array;
      for (const auto& user : *users) list->add(json::UserJson(user));
      PrintJson(list);
      return 0;
    }
    for (const auto& user : *users) {
      std::cout << user.login << '\t' << user.display_name << '\t';
      std::string roles = user.is_admin ? "admin" : "";
      for (const auto& membership : user.memberships) {
        if (!roles.empty()) roles += ",";
        roles += membership.service_code + ":" + store::RoleName(membership.role);
      }
      std::cout << roles << (user.disabled ? "\tdisabled" : "") << '\n';
    }
    return 0;
  }
  if (words[0] == "set") return UserSet(context, arguments, accounts);
  if (words[0] == "role") return UserRole(context, arguments, accounts);
  if (words[0] == "passwd") return UserPasswd(context, arguments, accounts);
  if (words[0] == "disable") return UserEnable(context, arguments, accounts, false);
  if (words[0] == "enable") return UserEnable(context, arguments, accounts, true);
  return UsageError("unknown user command '" + words[0] + "'", context.json);
}

}  // namespace

std::vector<Command> AdminCommands() {
  return {
      {"init", "init", "create the data directory (idempotent)", {}, Init},
      {"service",
       "service add CODE --name NAME | service rename CODE --name NAME | service members CODE | "
       "service list",
       "add, rename or list services, or list a service's members",
       {{"name", true}},
       Service},
      {"user",
       "user add LOGIN (--service CODE [--role reader|editor|manager] | --admin) [--name NAME] "
       "--password-stdin | user set LOGIN [--name NAME] [--admin | --no-admin] | "
       "user role LOGIN --service CODE --role reader|editor|manager|none | "
       "user passwd LOGIN --password-stdin | user disable|enable LOGIN | user list",
       "add, change, disable or list user accounts; give or take roles in a service",
       {{"service", true},
        {"role", true},
        {"admin", false},
        {"no-admin", false},
        {"name", true},
        {"password-stdin", false}},
       User},
  };
}

}  // namespace synaps::cli
