// The OpenAPI description: served, valid, and exactly the routes the router serves (a route added
// without documentation, or documentation of a route that does not exist, fails here).
#include "dms-server/server/openapi.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <catch2/catch.hpp>
#include <set>
#include <string>
#include <vector>

#include "dms-server/server/router.h"
#include "dms-server/server/routes.h"
#include "tests/server/server_fixture.h"

namespace synaps::testing {
namespace {

using Poco::JSON::Object;

Object::Ptr ParseObject(const std::string& text) {
  Poco::JSON::Parser parser;
  return parser.parse(text).extract<Object::Ptr>();
}

std::string Lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

TEST_CASE("the OpenAPI document describes exactly the routes the server serves", "[openapi]") {
  Object::Ptr document = ParseObject(server::OpenApiJson());
  CHECK(document->getValue<std::string>("openapi") == "3.0.3");
  REQUIRE(document->getObject("components")->getObject("schemas")->has("Error"));

  std::set<std::string> documented;
  Object::Ptr paths = document->getObject("paths");
  for (const auto& [path, operations] : *paths) {
    for (const auto& [method, operation] : *operations.extract<Object::Ptr>()) {
      if (method == "parameters" || method == "summary" || method == "description") continue;
      documented.insert(Lower(method) + " " + path);
      INFO(method << " " << path);
      CHECK(operation.extract<Object::Ptr>()->has("responses"));
    }
  }
  server::Router router;
  server::AddAllRoutes(router);
  std::set<std::string> served;
  for (const auto& route : router.routes())
    served.insert(Lower(route.method) + " " + route.pattern);

  for (const auto& route : served) {
    INFO("served but not documented: " << route);
    CHECK(documented.count(route) == 1);
  }
  for (const auto& route : documented) {
    INFO("documented but not served: " << route);
    CHECK(served.count(route) == 1);
  }
}

// Every "$ref" value found anywhere under `value`.
void CollectReferences(const Poco::Dynamic::Var& value, std::vector<std::string>* references) {
  if (value.type() == typeid(Object::Ptr)) {
    for (const auto& [key, member] : *value.extract<Object::Ptr>()) {
      if (key == "$ref") references->push_back(member.toString());
      CollectReferences(member, references);
    }
  } else if (value.type() == typeid(Poco::JSON::Array::Ptr)) {
    for (const auto& item : *value.extract<Poco::JSON::Array::Ptr>()) {
      CollectReferences(item, references);
    }
  }
}

TEST_CASE("every reference in the OpenAPI document resolves", "[openapi]") {
  Object::Ptr document = ParseObject(server::OpenApiJson());
  Object::Ptr components = document->getObject("components");
  std::vector<std::string> references;
  CollectReferences(Poco::Dynamic::Var(document), &references);
  const std::string prefix = "#/components/";
  for (const auto& reference : references) {
    INFO(reference);
    REQUIRE(reference.compare(0, prefix.size(), prefix) == 0);
    std::string rest = reference.substr(prefix.size());  // "schemas/Error"
    std::string kind = rest.substr(0, rest.find('/'));
    REQUIRE(components->has(kind));
    CHECK(components->getObject(kind)->has(rest.substr(rest.find('/') + 1)));
  }
  CHECK(references.size() > 10);
}

TEST_CASE("the server serves its OpenAPI document without authentication", "[openapi][server]") {
  ServerProcess server;
  Reply reply = server.Call("GET", "/api/v1/openapi.json");
  REQUIRE(reply.status == 200);
  CHECK(reply.Header("Content-Type").find("application/json") == 0);
  CHECK(ParseObject(reply.body)->getObject("info")->getValue<std::string>("title") == "Synaps API");
}

}  // namespace
}  // namespace synaps::testing
