// User accounts, for administrators: list, create, read, change (display name, admin flag,
// password reset, disabled). A change of password or a disabled account ends the user's
// sessions and cached credentials at once (see authentication.h).
#include <Poco/JSON/Array.h>

#include "dms-server/json/model_json.h"
#include "dms-server/server/account_access.h"
#include "dms-server/server/authentication.h"
#include "dms-server/server/routes.h"
#include "dms-server/store/names.h"

namespace synaps::server {

using namespace synaps::json;  // NOLINT: the JSON views of the model

namespace {

using accounts::Caller;
using Poco::JSON::Array;
using Poco::JSON::Object;

std::vector<store::Membership> ParseMemberships(const Object::Ptr& body) {
  std::vector<store::Membership> memberships;
  if (!body->has("memberships") || body->isNull("memberships")) return memberships;
  Array::Ptr array = body->getArray("memberships");
  if (!array) throw HttpError{400, "invalid_argument", "\"memberships\" must be an array"};
  for (size_t i = 0; i < array->size(); ++i) {
    Object::Ptr item = array->getObject(static_cast<unsigned>(i));
    if (!item) {
      throw HttpError{400, "invalid_argument",
                      "each membership is an object {\"service\", \"role\"}"};
    }
    RequireKnownMembers(item, {"service", "role"});
    std::string role_name = RequiredString(item, "role");
    auto role = store::ParseRole(role_name);
    if (!role) {
      throw HttpError{400, "invalid_argument",
                      "\"role\" is reader, editor or manager, not \"" +
                          store::EscapeForDisplay(role_name) + "\""};
    }
    memberships.push_back({RequiredString(item, "service"), *role});
  }
  return memberships;
}

void ListUsers(Exchange& x) {
  Caller caller = Caller::Account(RequireUser(x));
  Array::Ptr array = new Array;
  for (const auto& account : ValueOrThrow(Accounts(x).ListUsers(caller))) {
    array->add(UserJson(account));
  }
  Object::Ptr object = new Object;
  object->set("users", array);
  x.SendJson(200, object);
}

void CreateUser(Exchange& x) {
  Caller caller = Caller::Account(RequireUser(x));
  Object::Ptr body = ReadJsonObject(x);
  RequireKnownMembers(body, {"login", "display_name", "password", "is_admin", "memberships"});
  store::NewUser account;
  account.login = RequiredString(body, "login");
  account.display_name = OptionalString(body, "display_name").value_or("");
  account.password = RequiredString(body, "password");
  account.is_admin = OptionalBool(body, "is_admin").value_or(false);
  account.memberships = ParseMemberships(body);
  store::User added = ValueOrThrow(Accounts(x).CreateUser(caller, account));
  x.response.set("Location", "/api/v1/users/" + added.login);
  x.SendJson(201, UserJson(added));
}

void GetUser(Exchange& x) {
  Caller caller = Caller::Account(RequireUser(x));
  x.SendJson(200, UserJson(ValueOrThrow(Accounts(x).GetUser(caller, x.Param("login")))));
}

void UpdateUser(Exchange& x) {
  Caller caller = Caller::Account(RequireUser(x));
  Object::Ptr body = ReadJsonObject(x);
  RequireKnownMembers(body, {"display_name", "is_admin", "disabled", "password"});
  store::UserChanges changes;
  changes.display_name = OptionalString(body, "display_name");
  changes.is_admin = OptionalBool(body, "is_admin");
  changes.disabled = OptionalBool(body, "disabled");
  changes.password = OptionalString(body, "password");
  store::User updated = ValueOrThrow(Accounts(x).UpdateUser(caller, x.Param("login"), changes));
  // Their sessions have ended already (the credential generation moved on); forget them now
  // rather than at their next use.
  if (changes.password || changes.disabled.value_or(false)) {
    x.context.sessions.RemoveAllOf(updated.login);
  }
  x.SendJson(200, UserJson(updated));
}

}  // namespace

void AddUserRoutes(Router& router) {
  router.Add("GET", "/api/v1/users", ListUsers);
  router.Add("POST", "/api/v1/users", CreateUser);
  router.Add("GET", "/api/v1/users/{login}", GetUser);
  router.Add("PATCH", "/api/v1/users/{login}", UpdateUser);
}

}  // namespace synaps::server
