// The caller's own credentials: changing the password, and personal API tokens; and, for
// administrators, another user's tokens (listed and revoked, never made: a token is shown once,
// to the one who will use it).
//
// Tokens are made and revoked with a password (a session or HTTP Basic), never with a token:
// a leaked token must not be able to mint others that would outlive its revocation.
#include <Poco/JSON/Array.h>

#include <string>

#include "dms-server/json/model_json.h"
#include "dms-server/server/account_access.h"
#include "dms-server/server/authentication.h"
#include "dms-server/server/routes.h"

namespace synaps::server {

using namespace synaps::json;  // NOLINT: the JSON views of the model

namespace {

using accounts::Caller;
using Poco::JSON::Array;
using Poco::JSON::Object;

void RequirePasswordAuthentication(const Exchange& x) {
  if (x.token_auth) {
    throw HttpError{403, "forbidden", "API tokens are managed with a password, not a token"};
  }
}

void ChangePassword(Exchange& x) {
  store::User user = RequireUser(x);
  Object::Ptr body = ReadJsonObject(x);
  RequireKnownMembers(body, {"current", "new"});
  std::string current = RequiredString(body, "current");
  std::string fresh = RequiredString(body, "new");
  Caller caller = Caller::Account(user);
  accounts::AccountService accounts = Accounts(x);
  OkOrThrow(accounts.MayChangeOwnPassword(caller));
  // Throttled like a login: this must not become a way to guess passwords faster.
  try {
    CheckPassword(x, user.login, current);
  } catch (const HttpError& error) {
    if (error.status != 401) throw;
    throw HttpError{403, "wrong_password", "the current password is wrong"};
  }
  store::User updated = ValueOrThrow(accounts.ChangeOwnPassword(caller, fresh));
  // Every session of the account has ended with the new generation, but the one that changed
  // the password.
  if (x.cookie_auth) {
    x.context.sessions.SetGeneration(SessionId(x.request), updated.credential_generation);
  }
  x.SendEmpty(204);
}

// Tokens by name: names and dates, never a secret (the store has only hashes).
void SendTokens(Exchange& x, const std::vector<store::ApiToken>& tokens) {
  Array::Ptr array = new Array;
  for (const auto& token : tokens) array->add(ApiTokenJson(token));
  Object::Ptr object = new Object;
  object->set("tokens", array);
  x.SendJson(200, object);
}

void ListTokens(Exchange& x) {
  Caller caller = Caller::Account(RequireUser(x));
  SendTokens(x, ValueOrThrow(Accounts(x).ListOwnTokens(caller)));
}

void CreateToken(Exchange& x) {
  Caller caller = Caller::Account(RequireUser(x));
  Object::Ptr body = ReadJsonObject(x);
  RequireKnownMembers(body, {"name"});
  std::string name = RequiredString(body, "name");
  // The name is a URL segment of DELETE /api/v1/me/tokens/{name}.
  if (name.find('/') != std::string::npos) {
    throw HttpError{400, "invalid_argument", "a token name cannot contain '/'"};
  }
  RequirePasswordAuthentication(x);
  std::string token = ValueOrThrow(Accounts(x).CreateOwnToken(caller, name));
  Object::Ptr object = new Object;
  object->set("name", name);
  object->set("token", token);
  x.SendJson(201, object);
}

void RevokeToken(Exchange& x) {
  Caller caller = Caller::Account(RequireUser(x));
  RequirePasswordAuthentication(x);
  OkOrThrow(Accounts(x).RevokeOwnToken(caller, x.Param("name")));
  x.SendEmpty(204);
}

// Administrators see anyone's tokens (404 for an unknown login); anyone else gets 403 whatever
// the login, like the other account routes.
void ListUserTokens(Exchange& x) {
  Caller caller = Caller::Account(RequireUser(x));
  SendTokens(x, ValueOrThrow(Accounts(x).ListTokensOf(caller, x.Param("login"))));
}

// A token revoked stops working at once: every request looks its hash up in the store.
void RevokeUserToken(Exchange& x) {
  Caller caller = Caller::Account(RequireUser(x));
  RequirePasswordAuthentication(x);
  OkOrThrow(Accounts(x).RevokeTokenOf(caller, x.Param("login"), x.Param("name")));
  x.SendEmpty(204);
}

}  // namespace

void AddCredentialRoutes(Router& router) {
  router.Add("PUT", "/api/v1/me/password", ChangePassword);
  router.Add("GET", "/api/v1/me/tokens", ListTokens);
  router.Add("POST", "/api/v1/me/tokens", CreateToken);
  router.Add("DELETE", "/api/v1/me/tokens/{name}", RevokeToken);
  router.Add("GET", "/api/v1/users/{login}/tokens", ListUserTokens);
  router.Add("DELETE", "/api/v1/users/{login}/tokens/{name}", RevokeUserToken);
}

}  // namespace synaps::server
