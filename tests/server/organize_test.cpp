// Organising documents through the API, end to end on a real server: folders, multipart
// uploads, rename and move, tags and metadata, trash, version restore, shares.
#include <catch2/catch.hpp>

#include "tests/server/organize_client.h"

using namespace synaps;
using namespace synaps::testing;
using Poco::JSON::Object;

namespace {

const Credentials kCabManager{"cab_manager", "cab_manager-password"};

int64_t CreateFolder(const ServerProcess& server, const Credentials& as, const std::string& path) {
  Reply reply = server.Call("POST", "/api/v1/folders", &as, "{\"path\":\"" + path + "\"}",
                            {{"Content-Type", "application/json"}});
  INFO(reply.body);
  REQUIRE(reply.status == 201);
  return Json(reply)->getValue<int64_t>("id");
}

Object::Ptr Document(const ServerProcess& server, const Credentials& as, int64_t id) {
  Reply reply = server.Call("GET", "/api/v1/documents/" + Id(id), &as);
  INFO(reply.body);
  REQUIRE(reply.status == 200);
  return Json(reply);
}

std::string Content(const ServerProcess& server, const Credentials& as, const std::string& uri) {
  Reply reply = server.Call("GET", uri, &as);
  INFO(reply.body);
  REQUIRE(reply.status == 200);
  return reply.body;
}

std::vector<std::string> Names(const Poco::JSON::Array::Ptr& items, const std::string& key) {
  std::vector<std::string> names;
  for (size_t i = 0; i < items->size(); ++i) {
    names.push_back(items->getObject(static_cast<unsigned>(i))->getValue<std::string>(key));
  }
  return names;
}

}  // namespace

TEST_CASE("folders, multipart upload, rename, move, tags, metadata, trash and versions",
          "[server][organize]") {
  ServerProcess server;
  server.AddUser("cab_manager", "CAB", store::Role::kManager);

  // A folder, created with its parent, listed from the service's root.
  int64_t folder = CreateFolder(server, kCabEditor, "/CAB/dossiers/2026");
  Reply root = server.Call("GET", "/api/v1/folders?path=/CAB", &kCabReader);
  REQUIRE(root.status == 200);
  CHECK(Json(root)->isNull("parent_id"));
  CHECK(Names(Json(root)->getArray("folders"), "path") ==
        std::vector<std::string>{"/CAB/dossiers"});
  Reply again =
      server.Call("POST", "/api/v1/folders", &kCabEditor, R"({"path":"/CAB/dossiers/2026"})");
  CHECK(again.status == 409);

  // Two files and a comment in one multipart body.
  const std::string arrete = "Arrêté préfectoral portant réglementation (quetzalcoatl).\n";
  const std::string pdf = "%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";
  Reply uploaded = UploadFiles(server, &kCabEditor, folder,
                               {{"comment", "", "premier dépôt"},
                                {"files", "arrêté n°1.txt", arrete},
                                {"files", "plan.pdf", pdf}});
  INFO(uploaded.body);
  REQUIRE(uploaded.status == 201);
  auto documents = Json(uploaded)->getArray("documents");
  REQUIRE(documents->size() == 2);
  int64_t id = documents->getObject(0)->getValue<int64_t>("id");
  int64_t plan = documents->getObject(1)->getValue<int64_t>("id");
  CHECK(documents->getObject(0)->getValue<std::string>("path") ==
        "/CAB/dossiers/2026/arrêté n°1.txt");
  CHECK(documents->getObject(0)->getValue<std::string>("outcome") == "created");
  CHECK(documents->getObject(0)->getValue<std::string>("mime_type") == "text/plain");
  CHECK(documents->getObject(1)->getValue<std::string>("mime_type") == "application/pdf");
  CHECK(Content(server, kCabReader, "/api/v1/documents/" + Id(id) + "/content") == arrete);
  Reply versions = server.Call("GET", "/api/v1/documents/" + Id(id) + "/versions", &kCabReader);
  CHECK(Json(versions)->getArray("versions")->getObject(0)->getValue<std::string>("comment") ==
        "premier dépôt");
  Reply listing = server.Call("GET", "/api/v1/folders/" + Id(folder), &kCabReader);
  REQUIRE(listing.status == 200);
  CHECK(Names(Json(listing)->getArray("documents"), "name") ==
        std::vector<std::string>{"arrêté n°1.txt", "plan.pdf"});

  // Uploading the same name again makes a new version of the same document.
  Reply second = UploadFiles(server, &kCabEditor, folder, {{"file", "arrêté n°1.txt", "v2\n"}});
  REQUIRE(second.status == 200);
  auto updated = Json(second)->getArray("documents")->getObject(0);
  CHECK(updated->getValue<int64_t>("id") == id);
  CHECK(updated->getValue<int>("version") == 2);
  CHECK(updated->getValue<std::string>("outcome") == "new_version");

  // Rename, then move by path and by id: same id, same history.
  std::string doc = "/api/v1/documents/" + Id(id);
  Reply renamed = server.Call("PATCH", doc, &kCabEditor, R"({"name":"arrêté final.txt"})");
  REQUIRE(renamed.status == 200);
  CHECK(Json(renamed)->getValue<std::string>("path") == "/CAB/dossiers/2026/arrêté final.txt");
  Reply moved = server.Call("PATCH", doc, &kCabEditor, R"({"folder":"/CAB/dossiers"})");
  REQUIRE(moved.status == 200);
  CHECK(Json(moved)->getValue<std::string>("path") == "/CAB/dossiers/arrêté final.txt");
  Reply back = server.Call("PATCH", doc, &kCabEditor,
                           "{\"folder\":" + Id(folder) + ",\"name\":\"arrêté.txt\"}");
  REQUIRE(back.status == 200);
  CHECK(Json(back)->getValue<std::string>("path") == "/CAB/dossiers/2026/arrêté.txt");
  CHECK(Json(back)->getValue<int>("version") == 2);
  CHECK(server.Call("PATCH", doc, &kCabEditor, R"({"name":"plan.pdf"})").status == 409);

  // Tags and metadata fields.
  REQUIRE(server.Call("PUT", doc + "/tags/urgent", &kCabEditor).status == 200);
  REQUIRE(server.Call("PUT", doc + "/tags/" + Encode("sécurité routière"), &kCabEditor).status ==
          200);
  Reply meta = server.Call("PUT", doc + "/metadata/numero", &kCabEditor, R"({"value":"2026-042"})");
  REQUIRE(meta.status == 200);
  CHECK(Json(meta)->getObject("metadata")->getValue<std::string>("numero") == "2026-042");
  Reply untagged = server.Call("DELETE", doc + "/tags/urgent", &kCabEditor);
  REQUIRE(untagged.status == 200);
  CHECK(Json(untagged)->getArray("tags")->size() == 1);
  auto tags = Document(server, kCabReader, id)->getArray("tags");
  REQUIRE(tags->size() == 1);
  CHECK(tags->getElement<std::string>(0) == "sécurité routière");
  CHECK(server.Call("DELETE", doc + "/tags/urgent", &kCabEditor).status == 404);
  REQUIRE(server.Call("DELETE", doc + "/metadata/numero", &kCabEditor).status == 200);
  CHECK(Document(server, kCabReader, id)->getObject("metadata")->size() == 0);

  // Restore version 1 with a comment: a new version 3 with the old content.
  Reply restored =
      server.Call("POST", doc + "/versions/1/restore", &kCabEditor, R"({"comment":"retour v1"})");
  REQUIRE(restored.status == 201);
  CHECK(Json(restored)->getValue<int>("version") == 3);
  CHECK(Json(restored)->getValue<std::string>("comment") == "retour v1");
  CHECK(Content(server, kCabReader, doc + "/content") == arrete);
  CHECK(Content(server, kCabReader, doc + "/versions/2/content") == "v2\n");
  CHECK(server.Call("GET", doc + "/versions/9/content", &kCabReader).status == 404);
  CHECK(server.Call("POST", doc + "/versions/9/restore", &kCabEditor, "{}").status == 404);
  CHECK(server.Call("POST", doc + "/versions/1/restore", &kCabEditor).status == 201);  // no body

  // Trash and restore.
  REQUIRE(server.Call("DELETE", doc, &kCabEditor).status == 204);
  CHECK(server.Call("DELETE", doc, &kCabEditor).status == 409);
  Reply trash = server.Call("GET", "/api/v1/trash", &kCabReader);
  REQUIRE(trash.status == 200);
  CHECK(Names(Json(trash)->getArray("documents"), "path") ==
        std::vector<std::string>{"/CAB/dossiers/2026/arrêté.txt"});
  CHECK(Json(server.Call("GET", "/api/v1/folders/" + Id(folder), &kCabReader))
            ->getArray("documents")
            ->size() == 1);
  CHECK(server.Call("PATCH", doc, &kCabEditor, R"({"name":"x.txt"})").status == 409);
  Reply untrashed = server.Call("POST", doc + "/restore", &kCabEditor);
  REQUIRE(untrashed.status == 200);
  CHECK(Json(untrashed)->getValue<std::string>("path") == "/CAB/dossiers/2026/arrêté.txt");
  CHECK(server.Call("POST", doc + "/restore", &kCabEditor).status == 409);
  SearchUntil(server, kCabReader, "quetzalcoatl", "/CAB/dossiers/2026/arrêté.txt", true);

  // Renaming and moving a folder: managers only; everything beneath follows, in search too.
  std::string folder_uri = "/api/v1/folders/" + Id(folder);
  Reply editor_rename = server.Call("PATCH", folder_uri, &kCabEditor, R"({"name":"2026-bis"})");
  CHECK(editor_rename.status == 403);
  CHECK(ErrorCode(editor_rename) == "forbidden");
  Reply folder_renamed = server.Call("PATCH", folder_uri, &kCabManager, R"({"name":"2026-bis"})");
  REQUIRE(folder_renamed.status == 200);
  CHECK(Json(folder_renamed)->getValue<std::string>("path") == "/CAB/dossiers/2026-bis");
  CHECK(Document(server, kCabReader, id)->getValue<std::string>("path") ==
        "/CAB/dossiers/2026-bis/arrêté.txt");
  SearchUntil(server, kCabReader, "quetzalcoatl", "/CAB/dossiers/2026-bis/arrêté.txt", true);
  CreateFolder(server, kCabEditor, "/CAB/archives");
  Reply folder_moved =
      server.Call("PATCH", folder_uri, &kCabManager, R"({"parent":"/CAB/archives"})");
  REQUIRE(folder_moved.status == 200);
  CHECK(Document(server, kCabReader, plan)->getValue<std::string>("path") ==
        "/CAB/archives/2026-bis/plan.pdf");
  CHECK(server.Call("PATCH", folder_uri, &kCabManager, R"({"parent":"/DDT"})").status == 404);
  CHECK(server
            .Call("PATCH", "/api/v1/folders/" + Id(Json(root)->getValue<int64_t>("id")),
                  &kCabManager, R"({"name":"x"})")
            .status == 400);  // a service's root stays
  CHECK(server
            .Call("PATCH", "/api/v1/folders/" + Id(Json(root)->getValue<int64_t>("id")),
                  &kCabManager, "{\"parent\":" + Id(folder) + "}")
            .status == 400);

  // Purge: managers only; the document is gone for good.
  std::string plan_uri = "/api/v1/documents/" + Id(plan);
  REQUIRE(server.Call("DELETE", plan_uri, &kCabEditor).status == 204);
  CHECK(server.Call("DELETE", "/api/v1/trash/" + Id(plan), &kCabEditor).status == 403);
  CHECK(server.Call("DELETE", "/api/v1/trash/" + Id(id), &kCabManager).status == 409);
  REQUIRE(server.Call("DELETE", "/api/v1/trash/" + Id(plan), &kCabManager).status == 204);
  CHECK(server.Call("GET", plan_uri, &kCabManager).status == 404);
  REQUIRE(server.Call("DELETE", doc, &kCabEditor).status == 204);
  Reply emptied = server.Call("DELETE", "/api/v1/trash", &kCabManager);
  REQUIRE(emptied.status == 200);
  CHECK(Json(emptied)->getValue<int>("purged") == 1);
  CHECK(Json(server.Call("GET", "/api/v1/trash", &kCabManager))->getArray("documents")->size() ==
        0);

  CHECK(server.Terminate() == 0);  // a clean stop: no sanitizer report, no leak
  auto check = Run({BinPath("synaps"), "--data", server.data_dir().string(), "check"});
  INFO(check.out << check.err);
  CHECK(check.exit_code == 0);
}

TEST_CASE("a share lets DDT read and find a document until it is removed", "[server][organize]") {
  ServerProcess server;
  server.AddUser("cab_manager", "CAB", store::Role::kManager);
  int64_t folder = CreateFolder(server, kCabEditor, "/CAB/partage");
  Reply uploaded = UploadFiles(server, &kCabEditor, folder,
                               {{"file", "compte-rendu.txt", "réunion sur le pont zanzibarien\n"}});
  REQUIRE(uploaded.status == 201);
  int64_t id = Json(uploaded)->getArray("documents")->getObject(0)->getValue<int64_t>("id");
  const std::string path = "/CAB/partage/compte-rendu.txt";
  std::string doc = "/api/v1/documents/" + Id(id);
  SearchUntil(server, kCabReader, "zanzibarien", path, true);
  CHECK(server.Call("GET", doc, &kDdtEditor).status == 404);
  CHECK_FALSE(SearchFinds(server, kDdtEditor, "zanzibarien", path));

  // Only managers share; bad requests are refused.
  CHECK(server.Call("POST", doc + "/shares", &kCabEditor, R"({"service":"DDT"})").status == 403);
  CHECK(server.Call("POST", doc + "/shares", &kCabManager, R"({"service":"NOPE"})").status == 400);
  CHECK(server.Call("POST", doc + "/shares", &kCabManager, R"({"service":"CAB"})").status == 400);
  CHECK(server.Call("POST", doc + "/shares", &kCabManager, R"({"service":"DDT","mode":"all"})")
            .status == 400);
  CHECK(server.Call("POST", doc + "/shares", &kCabManager, R"({"mode":"read"})").status == 400);

  Reply shared =
      server.Call("POST", doc + "/shares", &kCabManager, R"({"service":"DDT","mode":"read"})");
  REQUIRE(shared.status == 201);
  int64_t share = Json(shared)->getValue<int64_t>("id");
  CHECK(Json(shared)->getValue<std::string>("service") == "DDT");
  CHECK(Json(shared)->getValue<int64_t>("document_id") == id);
  CHECK(Json(shared)->isNull("folder_id"));
  CHECK(server.Call("GET", doc, &kDdtEditor).status == 200);
  CHECK(Content(server, kDdtEditor, doc + "/content") == "réunion sur le pont zanzibarien\n");
  SearchUntil(server, kDdtEditor, "zanzibarien", path, true);
  // DDT reads but does not write, and sees the share but may not remove it.
  CHECK(server.Call("PUT", doc + "/tags/x", &kDdtEditor).status == 403);
  Reply listed = server.Call("GET", doc + "/shares", &kDdtEditor);
  REQUIRE(listed.status == 200);
  CHECK(Json(listed)->getArray("shares")->size() == 1);
  CHECK(server.Call("DELETE", "/api/v1/shares/" + Id(share), &kDdtEditor).status == 403);
  CHECK(server.Call("DELETE", "/api/v1/shares/" + Id(share), &kCabEditor).status == 403);

  REQUIRE(server.Call("DELETE", "/api/v1/shares/" + Id(share), &kCabManager).status == 204);
  CHECK(server.Call("DELETE", "/api/v1/shares/" + Id(share), &kCabManager).status == 404);
  CHECK(server.Call("GET", doc, &kDdtEditor).status == 404);
  CHECK(server.Call("GET", doc + "/content", &kDdtEditor).status == 404);
  SearchUntil(server, kDdtEditor, "zanzibarien", path, false);

  // A write share of the folder: DDT lists it, uploads into it, but does not rename it.
  std::string folder_uri = "/api/v1/folders/" + Id(folder);
  CHECK(server.Call("GET", folder_uri, &kDdtEditor).status == 404);
  Reply folder_share = server.Call("POST", folder_uri + "/shares", &kCabManager,
                                   R"({"service":"DDT","mode":"write"})");
  REQUIRE(folder_share.status == 201);
  CHECK(Json(folder_share)->getValue<int64_t>("folder_id") == folder);
  CHECK(Json(folder_share)->getValue<std::string>("mode") == "write");
  Reply ddt_listing = server.Call("GET", "/api/v1/folders?path=/CAB/partage", &kDdtEditor);
  REQUIRE(ddt_listing.status == 200);
  CHECK(Json(ddt_listing)->getArray("documents")->size() == 1);
  Reply ddt_upload =
      UploadFiles(server, &kDdtEditor, folder, {{"file", "avis DDT.txt", "avis favorable\n"}});
  CHECK(ddt_upload.status == 201);
  CHECK(server.Call("PATCH", folder_uri, &kDdtEditor, R"({"name":"x"})").status == 403);
  CHECK(server.Call("GET", doc + "/shares", &kCabReader).body.find("\"folder_id\":" + Id(folder)) !=
        std::string::npos);
  Reply folder_shares = server.Call("GET", folder_uri + "/shares", &kCabReader);
  REQUIRE(folder_shares.status == 200);
  CHECK(Json(folder_shares)->getArray("shares")->size() == 1);
  SearchUntil(server, kDdtEditor, "zanzibarien", path, true);

  // Shared with everyone: service null.
  Reply everyone = server.Call("POST", doc + "/shares", &kCabManager, R"({"service":null})");
  REQUIRE(everyone.status == 201);
  CHECK(Json(everyone)->isNull("service"));
  CHECK(Json(everyone)->getValue<std::string>("mode") == "read");
}

TEST_CASE("two versions compared: the text's changed lines, for readers only, audited",
          "[server][organize][compare]") {
  ServerProcess server;
  const int64_t id = Upload(server, kCabEditor, "/CAB/note.txt", "titre\nun\ndeux\ntrois\n");
  Upload(server, kCabEditor, "/CAB/note.txt", "titre\nun\nDEUX\ntrois\nquatre\n", 200);
  const std::string uri = "/api/v1/documents/" + std::to_string(id) + "/compare";

  Reply compared = server.Call("GET", uri + "?from=1&to=2", &kCabReader);
  INFO(compared.body);
  REQUIRE(compared.status == 200);
  auto json = Json(compared);
  CHECK(json->getValue<int>("removed") == 1);
  CHECK(json->getValue<int>("added") == 2);
  CHECK(json->getValue<bool>("exact"));
  CHECK_FALSE(json->getValue<bool>("truncated"));
  CHECK(json->getObject("from")->getValue<std::string>("extraction") == "ok");
  CHECK(json->getObject("to")->getValue<int>("lines") == 5);
  auto hunks = json->getArray("hunks");
  REQUIRE(hunks->size() == 1);
  std::string shown;
  auto lines = hunks->getObject(0)->getArray("lines");
  for (unsigned i = 0; i < lines->size(); ++i) {
    auto line = lines->getObject(i);
    shown += line->getValue<std::string>("op") + line->getValue<std::string>("text") + "\n";
  }
  CHECK(shown == " titre\n un\n-deux\n+DEUX\n trois\n+quatre\n");
  // 0 names the current version.
  CHECK(Json(server.Call("GET", uri + "?from=2&to=0", &kCabReader))->getArray("hunks")->size() ==
        0);

  // Another service's agent: as if it did not exist. Bad versions and parameters.
  CHECK(server.Call("GET", uri + "?from=1&to=2", &kDdtEditor).status == 404);
  CHECK(server.Call("GET", uri + "?from=1&to=9", &kCabReader).status == 404);
  CHECK(server.Call("GET", uri + "?from=1", &kCabReader).status == 400);
  CHECK(server.Call("GET", uri + "?from=x&to=2", &kCabReader).status == 400);
  CHECK(server.Call("GET", uri + "?from=1&to=2").status == 401);

  // Reading a document's bytes to compare them is a read, and the log says so.
  Credentials admin{"admin", server.admin_password()};
  Reply audit = server.Call("GET", "/api/v1/audit?document=" + std::to_string(id), &admin);
  CHECK(audit.body.find("compare") != std::string::npos);
}

TEST_CASE("a version's text previewed: readers only, audited, cut at 64 KiB on a whole character",
          "[server][organize][preview]") {
  ServerProcess server;
  const int64_t id = Upload(server, kCabEditor, "/CAB/apercu.txt", "Première version.\n");
  std::string long_text;
  while (long_text.size() < 70 * 1024) long_text += "Ligne élargie du document. ";
  Upload(server, kCabEditor, "/CAB/apercu.txt", long_text, 200);
  const std::string uri = "/api/v1/documents/" + std::to_string(id) + "/preview";

  Reply first = server.Call("GET", uri + "?version=1", &kCabReader);
  INFO(first.body);
  REQUIRE(first.status == 200);
  CHECK(Json(first)->getValue<std::string>("text") == "Première version.\n");
  CHECK(Json(first)->getValue<std::string>("extraction") == "ok");
  CHECK(Json(first)->getValue<std::string>("mime_type") == "text/plain");
  CHECK_FALSE(Json(first)->getValue<bool>("truncated"));

  Reply current = server.Call("GET", uri, &kCabReader);
  REQUIRE(current.status == 200);
  CHECK(Json(current)->getValue<int>("version") == 2);
  CHECK(Json(current)->getValue<bool>("truncated"));
  const std::string text = Json(current)->getValue<std::string>("text");
  CHECK(text.size() <= 64 * 1024);
  CHECK(text.size() > 60 * 1024);
  CHECK(long_text.compare(0, text.size(), text) == 0);

  CHECK(server.Call("GET", uri, &kDdtEditor).status == 404);
  CHECK(server.Call("GET", uri + "?version=7", &kCabReader).status == 404);
  CHECK(server.Call("GET", uri + "?version=-1", &kCabReader).status == 400);
  Credentials admin{"admin", server.admin_password()};
  CHECK(server.Call("GET", "/api/v1/audit?document=" + std::to_string(id), &admin)
            .body.find("preview") != std::string::npos);
}
