// Helpers for tests that talk JSON to a ServerProcess: parsing answers, logging in, uploading.
#pragma once

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/URI.h>

#include <catch2/catch.hpp>

#include "tests/server/server_fixture.h"

namespace synaps::testing {

inline Poco::JSON::Object::Ptr Json(const Reply& reply) {
  INFO(reply.body);
  Poco::JSON::Parser parser;
  auto value = parser.parse(reply.body);
  REQUIRE(value.type() == typeid(Poco::JSON::Object::Ptr));
  return value.extract<Poco::JSON::Object::Ptr>();
}

inline std::string ErrorCode(const Reply& reply) {
  return Json(reply)->getObject("error")->getValue<std::string>("code");
}

inline std::string Encode(const std::string& text) {
  std::string out;
  Poco::URI::encode(text, "?#&=+/%", out);
  return out;
}

// Stores `content` at `path` as `as`; returns the document id.
inline int64_t Upload(const ServerProcess& server, const Credentials& as, const std::string& path,
                      const std::string& content) {
  Reply reply = server.Call("PUT", "/api/v1/documents/content?path=" + Encode(path), &as, content);
  INFO(reply.body);
  REQUIRE(reply.status == 201);
  return Json(reply)->getValue<int64_t>("id");
}

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
  Reply reply = server.Call("POST", "/api/v1/session", nullptr, text.str());
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
