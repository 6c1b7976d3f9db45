// Helpers for tests that authenticate in several ways at once: cookie sessions with their CSRF
// token, and personal API tokens (Json, ErrorCode and Upload are in server_fixture.h).
#pragma once

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <catch2/catch.hpp>
#include <map>
#include <sstream>
#include <string>

#include "tests/server/server_fixture.h"

namespace synaps::testing {

// A cookie session: the Cookie header to send, and the CSRF token unsafe methods need.
struct CookieSession {
  std::string cookie;
  std::string csrf;
  std::map<std::string, std::string> Headers() const {
    return {{"Cookie", cookie}, {"X-CSRF-Token", csrf}};
  }
};

inline CookieSession LogIn(const ServerProcess& server, const Credentials& as) {
  Poco::JSON::Object::Ptr body = new Poco::JSON::Object;
  body->set("login", as.login);
  body->set("password", as.password);
  std::ostringstream text;
  body->stringify(text);
  Reply reply = server.Call("POST", "/api/v1/session", nullptr, text.str(),
                            {{"Content-Type", "application/json"}});
  INFO(reply.body);
  REQUIRE(reply.status == 200);
  std::string cookie = reply.Header("Set-Cookie");
  return {cookie.substr(0, cookie.find(';')), Json(reply)->getValue<std::string>("csrf_token")};
}

// A request authenticated by a session cookie (with its CSRF token).
inline Reply CallWith(const ServerProcess& server, const CookieSession& session,
                      const std::string& method, const std::string& uri,
                      const std::string& body = "") {
  return server.Call(method, uri, nullptr, body, session.Headers());
}

// A request authenticated by a personal API token.
inline Reply CallWithToken(const ServerProcess& server, const std::string& token,
                           const std::string& method, const std::string& uri,
                           const std::string& body = "") {
  return server.Call(method, uri, nullptr, body, {{"Authorization", "Bearer " + token}});
}

}  // namespace synaps::testing
