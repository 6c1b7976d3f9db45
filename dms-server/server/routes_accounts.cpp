// Session (login/logout), the current user and the list of services.
#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/Net/MediaType.h>

#include "dms-server/json/model_json.h"
#include "dms-server/server/authentication.h"
#include "dms-server/server/routes.h"

namespace synaps::server {

using namespace synaps::json;  // NOLINT: the JSON views of the model

namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

// 415 unless the body is declared JSON. A cross-site form may post text/plain (or urlencoded,
// or multipart) without the browser asking first; requiring JSON, which only a same-origin
// script may send, keeps another site from logging the browser in to an account of its choice.
void RequireJsonBody(const Exchange& x) {
  bool json = false;
  try {
    json = Poco::Net::MediaType(x.request.getContentType()).matches("application", "json");
  } catch (const Poco::Exception&) {
    // unparsable: refused like any other type
  }
  if (!json) {
    throw HttpError{415, "unsupported_media_type", "send the login as application/json"};
  }
}

void Login(Exchange& x) {
  RequireJsonBody(x);
  Object::Ptr body = ReadJsonObject(x);
  std::string login = RequiredString(body, "login");
  std::string password = RequiredString(body, "password");
  store::User user = CheckPassword(x, login, password);
  x.user = user.login;
  std::string csrf;
  std::string id = x.context.sessions.Create(user.login, user.credential_generation, &csrf);
  x.response.set("Set-Cookie", SessionCookie(x, id, false));
  Object::Ptr object = new Object;
  object->set("user", UserJson(user));
  object->set("csrf_token", csrf);
  x.SendJson(200, object);
}

void Logout(Exchange& x) {
  RequireUser(x);
  std::string id = SessionId(x.request);
  if (!id.empty()) x.context.sessions.Remove(id);
  x.response.set("Set-Cookie", SessionCookie(x, "", true));
  x.SendEmpty(204);
}

// The session the cookie names: its account and CSRF token, so that a page loaded again (or
// another tab) can write without logging in anew. Only this origin can read the answer (no
// CORS): another site's page may send the request but never sees the token. Authenticated
// otherwise (Basic, a token), the answer has no token: those need none.
void CurrentSession(Exchange& x) {
  store::User user = RequireUser(x);
  Object::Ptr object = new Object;
  object->set("user", UserJson(user));
  if (x.cookie_auth) {
    if (auto session = x.context.sessions.Find(SessionId(x.request))) {
      object->set("csrf_token", session->csrf_token);
    }
  }
  x.SendJson(200, object);
}

void Me(Exchange& x) {
  x.SendJson(200, UserJson(RequireUser(x)));
}

void Services(Exchange& x) {
  store::User user = RequireUser(x);
  auto services = ValueOrThrow(x.store().ListServices());
  Array::Ptr array = new Array;
  for (const auto& service : services) array->add(ServiceJson(service, user));
  Object::Ptr object = new Object;
  object->set("services", array);
  x.SendJson(200, object);
}

}  // namespace

void AddAccountRoutes(Router& router) {
  router.Add("POST", "/api/v1/session", Login);
  router.Add("GET", "/api/v1/session", CurrentSession);
  router.Add("DELETE", "/api/v1/session", Logout);
  router.Add("GET", "/api/v1/me", Me);
  router.Add("GET", "/api/v1/services", Services);
}

}  // namespace synaps::server
