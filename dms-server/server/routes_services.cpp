// Services and their members: administrators create and rename services; a service's managers
// and administrators give, change and take roles in it.
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

store::Role ParseRoleMember(const Object::Ptr& body) {
  std::string name = RequiredString(body, "role");
  auto role = store::ParseRole(name);
  if (!role) {
    throw HttpError{
        400, "invalid_argument",
        "\"role\" is reader, editor or manager, not \"" + store::EscapeForDisplay(name) + "\""};
  }
  return *role;
}

void CreateService(Exchange& x) {
  store::User user = RequireUser(x);
  Object::Ptr body = ReadJsonObject(x);
  RequireKnownMembers(body, {"code", "name"});
  std::string code = RequiredString(body, "code");
  std::string name = RequiredString(body, "name");
  store::Service service =
      ValueOrThrow(Accounts(x).CreateService(Caller::Account(user), code, name));
  x.response.set("Location", "/api/v1/services/" + service.code);
  x.SendJson(201, ServiceJson(service, user));
}

void GetService(Exchange& x) {
  store::User user = RequireUser(x);
  // Every user sees the list of services; the members only those who manage them.
  accounts::ServiceView view =
      ValueOrThrow(Accounts(x).GetService(Caller::Account(user), x.Param("code")));
  Object::Ptr object = ServiceJson(view.service, user);
  if (view.members) {
    Array::Ptr members = new Array;
    for (const auto& member : *view.members) members->add(MemberJson(member));
    object->set("members", members);
  }
  x.SendJson(200, object);
}

void RenameService(Exchange& x) {
  store::User user = RequireUser(x);
  Object::Ptr body = ReadJsonObject(x);
  RequireKnownMembers(body, {"name"});
  std::string name = RequiredString(body, "name");
  store::Service service =
      ValueOrThrow(Accounts(x).RenameService(Caller::Account(user), x.Param("code"), name));
  x.SendJson(200, ServiceJson(service, user));
}

void SetMember(Exchange& x) {
  store::User user = RequireUser(x);
  Object::Ptr body = ReadJsonObject(x);
  RequireKnownMembers(body, {"role"});
  store::Role role = ParseRoleMember(body);
  const std::string& code = x.Param("code");
  const std::string& login = x.Param("login");
  OkOrThrow(Accounts(x).SetMembership(Caller::Account(user), login, code, role));
  Object::Ptr object = new Object;
  object->set("service", ValueOrThrow(store::CanonicalServiceCode(code)));
  object->set("login", login);
  object->set("role", store::RoleName(role));
  x.SendJson(200, object);
}

void RemoveMember(Exchange& x) {
  store::User user = RequireUser(x);
  OkOrThrow(Accounts(x).RemoveMembership(Caller::Account(user), x.Param("login"), x.Param("code")));
  x.SendEmpty(204);
}

}  // namespace

void AddServiceRoutes(Router& router) {
  router.Add("POST", "/api/v1/services", CreateService);
  router.Add("GET", "/api/v1/services/{code}", GetService);
  router.Add("PATCH", "/api/v1/services/{code}", RenameService);
  router.Add("PUT", "/api/v1/services/{code}/members/{login}", SetMember);
  router.Add("DELETE", "/api/v1/services/{code}/members/{login}", RemoveMember);
}

}  // namespace synaps::server
