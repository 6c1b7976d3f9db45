// Who may organise what, through every route that organises documents: another service's
// user finds nothing (404, never 403), a reader may not write (403), an anonymous client is
// asked to log in (401); and bad input is refused (400) with nothing created.
#include <catch2/catch.hpp>

#include "tests/server/organize_client.h"

using namespace synaps;
using namespace synaps::testing;

namespace {

struct Call {
  std::string method, uri, body;
  std::map<std::string, std::string> headers = {};
  bool write = true;
};

// The state a refused request must leave untouched: every mutation writes an audit entry (reads
// of content write one too, "document.read", which are not changes).
struct Snapshot {
  int64_t changes = 0, documents = 0, trashed = 0, folders = 0;
  bool operator==(const Snapshot&) const = default;
};

Snapshot Take(ServerProcess& server) {
  auto store = server.OpenStore();
  Snapshot snapshot;
  auto entries = store->ListAudit(std::nullopt, 10000);
  REQUIRE(entries.ok());
  for (const auto& entry : *entries) {
    if (entry.action != "document.read") ++snapshot.changes;
  }
  auto stats = store->Stats();
  REQUIRE(stats.ok());
  snapshot.documents = stats->documents;
  snapshot.trashed = stats->trashed_documents;
  snapshot.folders = stats->folders;
  return snapshot;
}

}  // namespace

TEST_CASE("every organising route: 404 for other services, 403 for readers, 401 anonymous",
          "[server][organize]") {
  ServerProcess server;
  int64_t folder = 0, doc = 0, trashed = 0, share = 0;
  {
    auto store = server.OpenStore();
    store::Actor actor{"cab_editor"};
    REQUIRE(store->AddService(actor, "DREAL", "DREAL").ok());
    auto created = store->CreateFolder(actor, "CAB", {"secret"});
    REQUIRE(created.ok());
    folder = created->id;
  }
  Reply uploaded = UploadFiles(server, &kCabEditor, folder,
                               {{"file", "note.txt", "note"}, {"file", "old.txt", "old"}});
  REQUIRE(uploaded.status == 201);
  doc = Json(uploaded)->getArray("documents")->getObject(0)->getValue<int64_t>("id");
  trashed = Json(uploaded)->getArray("documents")->getObject(1)->getValue<int64_t>("id");
  REQUIRE(server.Call("DELETE", "/api/v1/documents/" + Id(trashed), &kCabEditor).status == 204);
  REQUIRE(server.Call("PUT", "/api/v1/documents/" + Id(doc) + "/tags/t", &kCabEditor).status ==
          200);
  REQUIRE(server
              .Call("PUT", "/api/v1/documents/" + Id(doc) + "/metadata/k", &kCabEditor,
                    R"({"value":"v"})")
              .status == 200);
  {
    // A share with a third service: it must stay invisible to DDT.
    auto store = server.OpenStore();
    auto shared =
        store->ShareDocument(store::Actor{"tester"}, doc, "DREAL", store::ShareMode::kRead);
    REQUIRE(shared.ok());
    share = shared->id;
  }

  const std::string d = "/api/v1/documents/" + Id(doc);
  const std::string f = "/api/v1/folders/" + Id(folder);
  const std::vector<Call> calls = {
      {"GET", "/api/v1/folders?path=/CAB/secret", "", {}, false},
      {"GET", f, "", {}, false},
      {"POST", "/api/v1/folders", R"({"path":"/CAB/secret/new"})"},
      {"PATCH", f, R"({"name":"renamed"})"},
      {"PATCH", f, R"({"parent":"/CAB"})"},
      {"DELETE", f, ""},
      {"POST",
       f + "/documents",
       MultipartBody({{"file", "new.txt", "x"}}),
       {{"Content-Type", MultipartType()}}},
      {"POST",
       f + "/documents",
       MultipartBody({{"file", "note.txt", "overwrite"}}),
       {{"Content-Type", MultipartType()}}},
      {"GET", f + "/shares", "", {}, false},
      {"POST", f + "/shares", R"({"service":"DDT","mode":"read"})"},
      {"PATCH", d, R"({"name":"renamed.txt"})"},
      {"PATCH", d, R"({"folder":"/CAB"})"},
      {"DELETE", d, ""},
      {"POST", "/api/v1/documents/" + Id(trashed) + "/restore", ""},
      {"DELETE", "/api/v1/trash/" + Id(trashed), ""},
      {"POST", d + "/versions/1/restore", R"({"comment":"x"})"},
      {"GET", d + "/versions/1/content", "", {}, false},
      {"PUT", d + "/tags/nouveau", ""},
      {"DELETE", d + "/tags/t", ""},
      {"PUT", d + "/metadata/k", R"({"value":"changed"})"},
      {"DELETE", d + "/metadata/k", ""},
      {"GET", d + "/shares", "", {}, false},
      {"POST", d + "/shares", R"({"service":"DDT","mode":"write"})"},
      {"DELETE", "/api/v1/shares/" + Id(share), ""},
  };
  Snapshot before = Take(server);

  SECTION("a user of another service: 404 everywhere, like a missing id, and nothing changes") {
    for (const Call& call : calls) {
      Reply reply = server.Call(call.method, call.uri, &kDdtEditor, call.body, call.headers);
      INFO(call.method << " " << call.uri << " -> " << reply.body);
      CHECK(reply.status == 404);
      CHECK(ErrorCode(reply) == "not_found");
    }
    // Missing ids answer the same.
    CHECK(server.Call("GET", "/api/v1/folders/" + Id(folder + 1000), &kDdtEditor).status == 404);
    CHECK(server.Call("DELETE", "/api/v1/shares/" + Id(share + 1000), &kDdtEditor).status == 404);
    // The trash shows nothing of CAB, and emptying it purges nothing of CAB.
    Reply trash = server.Call("GET", "/api/v1/trash", &kDdtEditor);
    REQUIRE(trash.status == 200);
    CHECK(Json(trash)->getArray("documents")->size() == 0);
    Reply purge = server.Call("DELETE", "/api/v1/trash", &kDdtEditor);
    REQUIRE(purge.status == 200);
    CHECK(Json(purge)->getValue<int>("purged") == 0);
    CHECK(Take(server) == before);
  }
  SECTION("a reader of the service: reads, 403 on every write, nothing changes") {
    for (const Call& call : calls) {
      Reply reply = server.Call(call.method, call.uri, &kCabReader, call.body, call.headers);
      INFO(call.method << " " << call.uri << " -> " << reply.body);
      CHECK(reply.status == (call.write ? 403 : 200));
      if (call.write) CHECK(ErrorCode(reply) == "forbidden");
    }
    Reply trash = server.Call("GET", "/api/v1/trash", &kCabReader);
    REQUIRE(trash.status == 200);
    CHECK(Json(trash)->getArray("documents")->size() == 1);
    CHECK(Json(server.Call("DELETE", "/api/v1/trash", &kCabReader))->getValue<int>("purged") == 0);
    CHECK(Take(server) == before);
  }
  SECTION("anonymous: 401 everywhere, nothing changes") {
    for (const Call& call : calls) {
      Reply reply = server.Call(call.method, call.uri, nullptr, call.body, call.headers);
      INFO(call.method << " " << call.uri << " -> " << reply.body);
      CHECK(reply.status == 401);
    }
    CHECK(server.Call("GET", "/api/v1/trash").status == 401);
    CHECK(server.Call("DELETE", "/api/v1/trash").status == 401);
    CHECK(Take(server) == before);
  }
}

TEST_CASE("malformed JSON, bad names and bad multipart bodies: 400 and nothing created",
          "[server][organize]") {
  ServerProcess server;
  auto created = server.OpenStore()->CreateFolder(store::Actor{"tester"}, "CAB", {"inbox"});
  REQUIRE(created.ok());
  int64_t folder = created->id;
  Reply uploaded = UploadFiles(server, &kCabEditor, folder, {{"file", "a.txt", "a"}});
  REQUIRE(uploaded.status == 201);
  int64_t doc = Json(uploaded)->getArray("documents")->getObject(0)->getValue<int64_t>("id");
  const std::string d = "/api/v1/documents/" + Id(doc);
  const std::string f = "/api/v1/folders/" + Id(folder);
  Snapshot before = Take(server);

  auto bad = [&](const std::string& method, const std::string& uri, const std::string& body,
                 std::map<std::string, std::string> headers = {}) {
    Reply reply = server.Call(method, uri, &kCabEditor, body, std::move(headers));
    INFO(method << " " << uri << " " << body << " -> " << reply.body);
    CHECK(reply.status == 400);
    return reply;
  };
  // Malformed or mistyped JSON.
  CHECK(ErrorCode(bad("POST", "/api/v1/folders", R"({"path": )")) == "malformed_json");
  bad("POST", "/api/v1/folders", R"(["/CAB/x"])");
  bad("POST", "/api/v1/folders", R"({"path": 3})");
  bad("POST", "/api/v1/folders", R"({})");
  bad("PATCH", d, R"({"name": )");
  bad("PATCH", d, R"({"name": 12})");
  bad("PATCH", d, R"({})");
  bad("PATCH", d, R"({"folder": true})");
  bad("PATCH", f, R"({"name": "x", )");
  bad("PATCH", f, R"({})");
  bad("PUT", d + "/metadata/k", R"({"value": )");
  bad("PUT", d + "/metadata/k", R"({"valeur": "v"})");
  bad("POST", d + "/versions/1/restore", R"({"comment": 3})");
  bad("POST", d + "/shares", R"({"service": 3})");

  // "..", "/", control characters and invalid UTF-8, in paths and names.
  for (const std::string& path : std::vector<std::string>{
           "/CAB/../DDT", "/CAB/a/../b", "/CAB/a\\u0001b", "/CAB/caf\xff", "/CAB/ x", "/CAB/."}) {
    bad("POST", "/api/v1/folders", "{\"path\":\"" + path + "\"}");
  }
  for (const std::string& name :
       std::vector<std::string>{"..", ".", "a/b.txt", "caf\xff.txt", "tab\\tname", ""}) {
    bad("PATCH", d, "{\"name\":\"" + name + "\"}");
    bad("PATCH", f, "{\"name\":\"" + name + "\"}");
  }
  bad("PATCH", d, R"({"folder":"/CAB/../DDT"})");
  bad("PUT", d + "/tags/caf%FF", "");
  bad("PUT", d + "/metadata/" + Encode("a b"), R"({"value":"v"})");
  bad("PUT", d + "/metadata/k", "{\"value\":\"caf\xff\"}");

  // Multipart: bad file names are refused before anything is stored.
  for (const std::string& name :
       std::vector<std::string>{"..", "a/b.txt", "caf\xff.txt", "ctrl\x01.txt"}) {
    Reply reply = UploadFiles(server, &kCabEditor, folder,
                              {{"file", "ok.txt", "fine"}, {"file", name, "content"}});
    INFO(name << " -> " << reply.body);
    CHECK(reply.status == 400);
  }
  Reply encoded = UploadFiles(server, &kCabEditor, folder,
                              {{"file", "x.txt", "c", "; filename*=UTF-8''%2E%2E"}});
  CHECK(encoded.status == 400);
  CHECK(server
            .Call("POST", f + "/documents", &kCabEditor, MultipartBody({{"file", "x.txt", "x"}}),
                  {{"Content-Type", "multipart/form-data"}})
            .status == 415);
  CHECK(server.Call("POST", f + "/documents", &kCabEditor, "raw bytes").status == 415);
  CHECK(ErrorCode(bad("POST", f + "/documents", "not multipart at all",
                      {{"Content-Type", MultipartType()}})) == "malformed_multipart");
  bad("POST", f + "/documents", MultipartBody({{"comment", "", "no file here"}}),
      {{"Content-Type", MultipartType()}});
  bad("POST", f + "/documents",
      "--" + kBoundary + "\r\nContent-Type: text/plain\r\n\r\nno disposition\r\n--" + kBoundary +
          "--\r\n",
      {{"Content-Type", MultipartType()}});

  CHECK(Take(server) == before);
  auto listing = Json(server.Call("GET", f, &kCabEditor));
  CHECK(listing->getArray("documents")->size() == 1);
  CHECK(listing->getArray("folders")->size() == 0);
}
