// What the API takes from outside and what it echoes: control characters and invalid UTF-8
// refused with 400, error bodies in UTF-8 whatever the request held, unknown JSON members
// refused, service codes in any case, and "shared with me".
#include <Poco/JSON/Array.h>

#include <catch2/catch.hpp>

#include "dms-server/store/names.h"
#include "tests/server/organize_client.h"

using namespace synaps;
using namespace synaps::testing;
using Poco::JSON::Object;

namespace {

const Credentials kCabManager{"cab_manager", "cab_manager-password"};
const Credentials kDdtManager{"ddt_manager", "ddt_manager-password"};

int64_t CreateFolder(const ServerProcess& server, const Credentials& as, const std::string& path) {
  Reply reply = server.Call("POST", "/api/v1/folders", &as, "{\"path\":\"" + path + "\"}");
  INFO(reply.body);
  REQUIRE(reply.status == 201);
  return Json(reply)->getValue<int64_t>("id");
}

}  // namespace

TEST_CASE("comments, tags and metadata with control characters or bad UTF-8 are refused",
          "[server][text]") {
  ServerProcess server;
  std::string put = UploadUri("/CAB/note.txt");
  for (const char* comment : {"%1B%5B2J", "a%0Db", "caf%E9"}) {
    Reply refused =
        server.Call("PUT", put + "&comment=" + std::string(comment), &kCabEditor, "texte");
    INFO(comment << ": " << refused.body);
    CHECK(refused.status == 400);
    CHECK(ErrorCode(refused) == "invalid_argument");
  }
  CHECK(ErrorMessage(server.Call("PUT", put + "&comment=caf%E9", &kCabEditor, "texte"))
            .find("UTF-8") != std::string::npos);
  // Several lines are a comment's right.
  Reply stored =
      server.Call("PUT", put + "&comment=" + Encode("relu\n\tpar Marie"), &kCabEditor, "texte");
  REQUIRE(stored.status == 201);
  std::string doc = "/api/v1/documents/" + Id(Json(stored)->getValue<int64_t>("id"));
  Reply versions = server.Call("GET", doc + "/versions", &kCabEditor);
  CHECK(versions.body.find("relu\\n\\tpar Marie") != std::string::npos);

  CHECK(server.Call("PUT", doc + "/tags/" + Encode("a\x1B[31m"), &kCabEditor).status == 400);
  CHECK(server.Call("PUT", doc + "/tags/%FF", &kCabEditor).status == 400);
  CHECK(server.Call("PUT", doc + "/metadata/k", &kCabEditor, R"({"value":"a\u001bb"})").status ==
        400);
  CHECK(server.Call("PUT", doc + "/metadata/k%1B", &kCabEditor, R"({"value":"v"})").status == 400);
  CHECK(
      server.Call("POST", doc + "/versions/1/restore", &kCabEditor, R"({"comment":"\r"})").status ==
      400);
}

TEST_CASE("error bodies are UTF-8 whatever bytes the request held", "[server][text]") {
  ServerProcess server;
  for (const std::string& uri :
       {std::string("/api/v1/documents/%FF"), std::string("/api/v1/folders/%C0%AF"),
        std::string("/api/v1/documents/%1B%5B2J")}) {
    Reply reply = server.Call("GET", uri, &kCabEditor);
    INFO(uri << ": " << reply.body);
    CHECK(reply.status == 404);
    CHECK(store::IsValidUtf8(reply.body));
    CHECK(reply.body.find('\x1B') == std::string::npos);
    CHECK(ErrorMessage(reply).find("\\x") != std::string::npos);  // the bytes, shown
  }
}

TEST_CASE("JSON bodies with unknown members are refused, naming the member", "[server][text]") {
  ServerProcess server;
  server.AddUser("cab_manager", "CAB", store::Role::kManager);
  int64_t id = Upload(server, kCabEditor, "/CAB/a.txt", "texte");
  int64_t folder = CreateFolder(server, kCabEditor, "/CAB/dossiers");
  std::string doc = "/api/v1/documents/" + Id(id);
  std::string folder_uri = "/api/v1/folders/" + Id(folder);
  struct Case {
    std::string method, uri, body, member;
    const Credentials* as;
  };
  for (const Case& c : std::vector<Case>{
           {"PATCH", doc, R"({"name":"b.txt","nmae":"c.txt"})", "nmae", &kCabEditor},
           {"PUT", doc + "/metadata/k", R"({"value":"v","valeur":"w"})", "valeur", &kCabEditor},
           {"POST", doc + "/versions/1/restore", R"({"coment":"x"})", "coment", &kCabEditor},
           {"POST", "/api/v1/folders", R"({"path":"/CAB/x","recursive":true})", "recursive",
            &kCabEditor},
           {"PATCH", folder_uri, R"({"name":"y","parnet":1})", "parnet", &kCabManager},
           {"POST", doc + "/shares", R"({"service":"DDT","mdoe":"write"})", "mdoe", &kCabManager},
           {"POST", folder_uri + "/shares", R"({"service":null,"x":1})", "x", &kCabManager}}) {
    Reply reply = server.Call(c.method, c.uri, c.as, c.body);
    INFO(c.method << " " << c.uri << " " << c.body << ": " << reply.body);
    CHECK(reply.status == 400);
    CHECK(ErrorMessage(reply) == "unknown member \"" + c.member + "\"");
  }
  // Nothing was done.
  Reply document = server.Call("GET", doc, &kCabEditor);
  CHECK(Json(document)->getValue<std::string>("name") == "a.txt");
  CHECK(server.Call("GET", "/api/v1/folders?path=/CAB/x", &kCabEditor).status == 404);
  CHECK(Json(server.Call("GET", doc + "/shares", &kCabManager))->getArray("shares")->size() == 0);
}

TEST_CASE("what other services shared with a user is listed to that user", "[server][text]") {
  ServerProcess server;
  server.AddUser("cab_manager", "CAB", store::Role::kManager);
  server.AddUser("ddt_manager", "DDT", store::Role::kManager);
  int64_t crise = CreateFolder(server, kCabEditor, "/CAB/crise");
  int64_t public_folder = CreateFolder(server, kCabEditor, "/CAB/public");
  CreateFolder(server, kCabEditor, "/CAB/secret");
  int64_t ddt_folder = CreateFolder(server, kDdtEditor, "/DDT/avis");
  int64_t note = Upload(server, kCabEditor, "/CAB/secret/note.txt", "texte");
  auto share = [&](const std::string& uri, const Credentials& as, const std::string& body) {
    Reply reply = server.Call("POST", uri, &as, body);
    INFO(reply.body);
    REQUIRE(reply.status == 201);
  };
  share("/api/v1/folders/" + Id(crise) + "/shares", kCabManager,
        R"({"service":"DDT","mode":"write"})");
  share("/api/v1/folders/" + Id(public_folder) + "/shares", kCabManager, R"({"service":null})");
  share("/api/v1/documents/" + Id(note) + "/shares", kCabManager, R"({"service":"DDT"})");
  share("/api/v1/folders/" + Id(ddt_folder) + "/shares", kDdtManager, R"({"service":"CAB"})");

  Reply ddt = server.Call("GET", "/api/v1/shares/incoming", &kDdtEditor);
  INFO(ddt.body);
  REQUIRE(ddt.status == 200);
  auto shares = Json(ddt)->getArray("shares");
  REQUIRE(shares->size() == 3);  // by path; not DDT's own folder shared with CAB
  Object::Ptr first = shares->getObject(0);
  CHECK(first->getValue<std::string>("path") == "/CAB/crise");
  CHECK(first->getValue<int64_t>("folder_id") == crise);
  CHECK(first->isNull("document_id"));
  CHECK(first->getValue<std::string>("service") == "CAB");
  CHECK(first->getValue<std::string>("shared_with") == "DDT");
  CHECK(first->getValue<std::string>("access") == "read-write");
  CHECK(first->getValue<std::string>("shared_by") == "cab_manager");
  CHECK_FALSE(first->getValue<std::string>("shared_at").empty());
  CHECK(shares->getObject(1)->getValue<std::string>("path") == "/CAB/public");
  CHECK(shares->getObject(1)->isNull("shared_with"));
  CHECK(shares->getObject(1)->getValue<std::string>("access") == "read");
  CHECK(shares->getObject(2)->getValue<std::string>("path") == "/CAB/secret/note.txt");
  CHECK(shares->getObject(2)->getValue<int64_t>("document_id") == note);

  // CAB's members see what DDT shared with CAB, not their own service's shares.
  Reply cab = server.Call("GET", "/api/v1/shares/incoming", &kCabReader);
  REQUIRE(cab.status == 200);
  REQUIRE(Json(cab)->getArray("shares")->size() == 1);
  CHECK(Json(cab)->getArray("shares")->getObject(0)->getValue<std::string>("path") == "/DDT/avis");
  CHECK(server.Call("GET", "/api/v1/shares/incoming").status == 401);
}

TEST_CASE("service codes are given in any case in API paths and bodies", "[server][text]") {
  ServerProcess server;
  Credentials admin{"admin", server.admin_password()};
  Reply created = server.Call("POST", "/api/v1/services", &admin, R"({"code":"env","name":"E"})");
  INFO(created.body);
  REQUIRE(created.status == 201);
  CHECK(Json(created)->getValue<std::string>("code") == "ENV");
  CHECK(created.Header("Location") == "/api/v1/services/ENV");
  CHECK(server.Call("POST", "/api/v1/services", &admin, R"({"code":"Env","name":"E"})").status ==
        409);
  Reply service = server.Call("GET", "/api/v1/services/ddt", &kCabEditor);
  REQUIRE(service.status == 200);
  CHECK(Json(service)->getValue<std::string>("code") == "DDT");
  Reply member =
      server.Call("PUT", "/api/v1/services/env/members/ddt_editor", &admin, R"({"role":"editor"})");
  REQUIRE(member.status == 200);
  CHECK(Json(member)->getValue<std::string>("service") == "ENV");

  // Paths: the stored code, whatever case was given.
  Reply put = server.Call("PUT", UploadUri("/cab/minuscules.txt"), &kCabEditor, "texte");
  INFO(put.body);
  REQUIRE(put.status == 201);
  int64_t id = Json(put)->getValue<int64_t>("id");
  Reply document = server.Call("GET", "/api/v1/documents/" + Id(id), &kCabEditor);
  CHECK(Json(document)->getValue<std::string>("path") == "/CAB/minuscules.txt");
  CHECK(server.Call("GET", "/api/v1/folders?path=/Cab", &kCabEditor).status == 200);
  CHECK(server.Call("GET", "/api/v1/folders?path=/ddt", &kCabEditor).status == 404);
  int64_t folder = CreateFolder(server, kDdtEditor, "/ddt/avis");
  Reply listing = server.Call("GET", "/api/v1/folders/" + Id(folder), &kDdtEditor);
  CHECK(Json(listing)->getValue<std::string>("path") == "/DDT/avis");
}
