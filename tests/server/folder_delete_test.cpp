// DELETE /api/v1/folders/{id} on a real server: only an empty folder goes (a trashed document
// still holds its folder), only its service's managers delete it (never through a share), its
// shares go with it, and the service's root stays.
#include <catch2/catch.hpp>

#include "tests/server/organize_client.h"

using namespace synaps;
using namespace synaps::testing;

namespace {

const Credentials kCabManager{"cab_manager", "cab_manager-password"};
const Credentials kDdtManager{"ddt_manager", "ddt_manager-password"};

int64_t CreateFolder(const ServerProcess& server, const std::string& path) {
  Reply reply = server.Call("POST", "/api/v1/folders", &kCabEditor, "{\"path\":\"" + path + "\"}",
                            {{"Content-Type", "application/json"}});
  INFO(reply.body);
  REQUIRE(reply.status == 201);
  return Json(reply)->getValue<int64_t>("id");
}

int64_t FolderId(const ServerProcess& server, const std::string& path) {
  Reply reply = server.Call("GET", "/api/v1/folders?path=" + Encode(path), &kCabManager);
  INFO(reply.body);
  REQUIRE(reply.status == 200);
  return Json(reply)->getValue<int64_t>("id");
}

Reply Delete(const ServerProcess& server, const Credentials* as, int64_t folder) {
  return server.Call("DELETE", "/api/v1/folders/" + Id(folder), as);
}

std::string Message(const Reply& reply) {
  return Json(reply)->getObject("error")->getValue<std::string>("message");
}

}  // namespace

TEST_CASE("a manager deletes an empty folder, and a folder that holds anything stays",
          "[server][organize][folders]") {
  ServerProcess server;
  server.AddUser("cab_manager", "CAB", store::Role::kManager);
  server.AddUser("ddt_manager", "DDT", store::Role::kManager);
  Credentials admin{"admin", server.admin_password()};
  int64_t year = CreateFolder(server, "/CAB/dossiers/2026");
  int64_t dossiers = FolderId(server, "/CAB/dossiers");
  int64_t full = CreateFolder(server, "/CAB/plein");
  Upload(server, kCabEditor, "/CAB/plein/note.txt", "note");
  int64_t bin = CreateFolder(server, "/CAB/corbeille");
  int64_t trashed = Upload(server, kCabEditor, "/CAB/corbeille/vieux.txt", "vieux");
  REQUIRE(server.Call("DELETE", "/api/v1/documents/" + Id(trashed), &kCabEditor).status == 204);
  int64_t root = FolderId(server, "/CAB");

  SECTION("what a folder holds is said, and it stays") {
    Reply with_subfolder = Delete(server, &kCabManager, dossiers);
    CHECK(with_subfolder.status == 409);
    CHECK(ErrorCode(with_subfolder) == "folder_not_empty");
    CHECK(Message(with_subfolder) == "/CAB/dossiers is not empty: it holds 1 subfolder");
    Reply with_document = Delete(server, &kCabManager, full);
    CHECK(with_document.status == 409);
    CHECK(ErrorCode(with_document) == "folder_not_empty");
    CHECK(Message(with_document) == "/CAB/plein is not empty: it holds 1 document");
    // A trashed document keeps its folder: restoring it must find it.
    Reply with_trash = Delete(server, &admin, bin);
    CHECK(with_trash.status == 409);
    CHECK(ErrorCode(with_trash) == "folder_not_empty");
    CHECK(Message(with_trash) == "/CAB/corbeille is not empty: it holds 1 document in the trash");
    Reply root_reply = Delete(server, &kCabManager, root);
    CHECK(root_reply.status == 409);
    CHECK(ErrorCode(root_reply) == "folder_is_root");
    CHECK(Delete(server, &admin, root).status == 409);
    for (int64_t id : {dossiers, full, bin, root}) {
      CHECK(server.Call("GET", "/api/v1/folders/" + Id(id), &kCabReader).status == 200);
    }
    Reply restored =
        server.Call("POST", "/api/v1/documents/" + Id(trashed) + "/restore", &kCabEditor);
    REQUIRE(restored.status == 200);
    CHECK(Json(restored)->getValue<std::string>("folder") == "/CAB/corbeille");
  }

  SECTION("emptied, it goes: 204, then 404 like any missing folder") {
    REQUIRE(server.Call("DELETE", "/api/v1/trash/" + Id(trashed), &kCabManager).status == 204);
    Reply deleted = Delete(server, &kCabManager, bin);
    INFO(deleted.body);
    CHECK(deleted.status == 204);
    CHECK(deleted.body.empty());
    CHECK(server.Call("GET", "/api/v1/folders/" + Id(bin), &kCabManager).status == 404);
    CHECK(server.Call("GET", "/api/v1/folders?path=/CAB/corbeille", &kCabManager).status == 404);
    CHECK(Delete(server, &kCabManager, bin).status == 404);
    // Deepest first, up to the top; administrators may too.
    CHECK(Delete(server, &kCabManager, year).status == 204);
    CHECK(Delete(server, &admin, dossiers).status == 204);
    Reply listing = server.Call("GET", "/api/v1/folders?path=/CAB", &kCabReader);
    REQUIRE(listing.status == 200);
    auto folders = Json(listing)->getArray("folders");
    REQUIRE(folders->size() == 1);
    CHECK(folders->getObject(0)->getValue<std::string>("path") == "/CAB/plein");
    // The name is free again.
    CreateFolder(server, "/CAB/dossiers");

    Reply audit = server.Call("GET", "/api/v1/audit?service=CAB&limit=500", &kCabManager);
    REQUIRE(audit.status == 200);
    std::vector<std::string> deletions;
    auto entries = Json(audit)->getArray("entries");
    for (size_t i = 0; i < entries->size(); ++i) {
      auto entry = entries->getObject(static_cast<unsigned>(i));
      if (entry->getValue<std::string>("action") == "folder.delete") {
        deletions.push_back(entry->getValue<std::string>("actor") + " " +
                            entry->getValue<std::string>("detail"));
      }
    }
    CHECK(deletions == std::vector<std::string>{"admin /CAB/dossiers",
                                                "cab_manager /CAB/dossiers/2026",
                                                "cab_manager /CAB/corbeille"});
  }

  SECTION("only managers: editors, readers and write shares get 403, other services 404") {
    Reply share = server.Call("POST", "/api/v1/folders/" + Id(dossiers) + "/shares", &kCabManager,
                              R"({"service":"DDT","mode":"write"})");
    INFO(share.body);
    REQUIRE(share.status == 201);
    int64_t share_id = Json(share)->getValue<int64_t>("id");
    for (const Credentials* user : {&kCabEditor, &kCabReader, &kDdtEditor}) {
      INFO(user->login);
      Reply refused = Delete(server, user, year);
      CHECK(refused.status == 403);
      CHECK(ErrorCode(refused) == "forbidden");
    }
    // The manager of another service, on a folder not shared with it: missing, whatever it holds.
    Reply invisible = Delete(server, &kDdtManager, full);
    Reply missing = Delete(server, &kDdtManager, full + 1000);
    CHECK(invisible.status == 404);
    CHECK(missing.status == 404);
    CHECK(Message(invisible) == "no folder " + Id(full));
    CHECK(Delete(server, &kDdtEditor, bin).status == 404);
    CHECK(Delete(server, nullptr, year).status == 401);
    CHECK(server.Call("DELETE", "/api/v1/folders/abc", &kCabManager).status == 404);
    CHECK(server.Call("GET", "/api/v1/folders/" + Id(year), &kCabReader).status == 200);

    // Its shares go with it: DDT no longer sees the folder, the share is gone.
    CHECK(Delete(server, &kCabManager, year).status == 204);
    CHECK(server.Call("GET", "/api/v1/folders/" + Id(dossiers), &kDdtEditor).status == 200);
    CHECK(Delete(server, &kCabManager, dossiers).status == 204);
    CHECK(server.Call("GET", "/api/v1/folders/" + Id(dossiers), &kDdtEditor).status == 404);
    CHECK(server.Call("DELETE", "/api/v1/shares/" + Id(share_id), &kCabManager).status == 404);
    CHECK(server.OpenStore()->GetShare(share_id).status().code() == store::ErrorCode::kNotFound);
    CHECK(server.OpenStore()->Check()->healthy());
  }
}
