// The audit log over real HTTP: administrators read it all, managers their services' entries,
// and nobody ever sees an entry about a document they may not read.
#include <catch2/catch.hpp>

#include "tests/server/api_client.h"
#include "tests/support/audit_log.h"

using namespace synaps;
using namespace synaps::testing;

namespace {

Credentials AddManager(ServerProcess& server, const std::string& login,
                       const std::string& service) {
  store::NewUser user;
  user.login = login;
  user.password = login + "-password";
  user.memberships = {{service, store::Role::kManager}};
  REQUIRE(server.OpenStore()->AddUser(store::Actor{"tester"}, user).ok());
  return {login, user.password};
}

std::vector<int64_t> DocumentIds(const Reply& reply) {
  REQUIRE(reply.status == 200);
  std::vector<int64_t> ids;
  auto entries = Json(reply)->getArray("entries");
  for (size_t i = 0; i < entries->size(); ++i) {
    auto entry = entries->getObject(static_cast<unsigned>(i));
    if (!entry->isNull("document_id")) ids.push_back(entry->getValue<int64_t>("document_id"));
  }
  return ids;
}

bool Contains(const std::vector<int64_t>& ids, int64_t id) {
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

}  // namespace

TEST_CASE("a manager's audit log holds only what they may read", "[server][audit]") {
  ServerProcess server;
  Credentials admin{"admin", server.admin_password()};
  Credentials cab_manager = AddManager(server, "cab_manager", "CAB");
  int64_t cab_doc = Upload(server, kCabEditor, "/CAB/note.txt", "note du cabinet");
  int64_t ddt_secret = Upload(server, kDdtEditor, "/DDT/projet-secret.txt", "secret");
  int64_t ddt_shared = Upload(server, kDdtEditor, "/DDT/partage.txt", "partagé");
  REQUIRE(
      server.OpenStore()
          ->ShareDocument(store::Actor{"ddt_editor"}, ddt_shared, "CAB", store::ShareMode::kWrite)
          .ok());

  Reply mine = server.Call("GET", "/api/v1/audit", &cab_manager);
  auto ids = DocumentIds(mine);
  CHECK(Contains(ids, cab_doc));
  CHECK_FALSE(Contains(ids, ddt_secret));
  // Shared with CAB, even with write: the document's log stays with its own service's managers.
  CHECK_FALSE(Contains(ids, ddt_shared));
  CHECK(mine.body.find("projet-secret") == std::string::npos);
  CHECK(mine.body.find("DDT") == std::string::npos);
  auto first = Json(mine)->getArray("entries")->getObject(0);
  CHECK(first->getValue<std::string>("service") == "CAB");

  // Asking for an invisible document: 404 exactly like a missing one.
  Reply invisible =
      server.Call("GET", "/api/v1/audit?document=" + std::to_string(ddt_secret), &cab_manager);
  Reply missing = server.Call("GET", "/api/v1/audit?document=999999", &cab_manager);
  CHECK(invisible.status == 404);
  CHECK(missing.status == 404);
  CHECK(ErrorCode(invisible) == ErrorCode(missing));
  CHECK(server.Call("GET", "/api/v1/audit?document=abc", &cab_manager).status == 404);
  // Visible through the share, not managed: 403.
  CHECK(server.Call("GET", "/api/v1/audit?document=" + std::to_string(ddt_shared), &cab_manager)
            .status == 403);
  Reply own = server.Call("GET", "/api/v1/audit?document=" + std::to_string(cab_doc), &cab_manager);
  auto own_ids = DocumentIds(own);
  REQUIRE(own_ids.size() == 1);
  CHECK(own_ids[0] == cab_doc);
  CHECK(server.Call("GET", "/api/v1/audit?service=DDT", &cab_manager).status == 403);
  CHECK(server.Call("GET", "/api/v1/audit?service=NOPE", &cab_manager).status == 404);
  CHECK(DocumentIds(server.Call("GET", "/api/v1/audit?service=CAB", &cab_manager)) == ids);

  // Readers and editors read no log; a document they cannot see still looks missing.
  for (const Credentials* user : {&kCabReader, &kCabEditor, &kDdtEditor}) {
    INFO(user->login);
    CHECK(server.Call("GET", "/api/v1/audit", user).status == 403);
    CHECK(server.Call("GET", "/api/v1/audit?service=CAB", user).status == 403);
  }
  CHECK(
      server.Call("GET", "/api/v1/audit?document=" + std::to_string(cab_doc), &kCabReader).status ==
      403);
  CHECK(server.Call("GET", "/api/v1/audit?document=" + std::to_string(ddt_secret), &kCabReader)
            .status == 404);

  // The administrator reads everything.
  auto all = DocumentIds(server.Call("GET", "/api/v1/audit", &admin));
  for (int64_t id : {cab_doc, ddt_secret, ddt_shared}) CHECK(Contains(all, id));
  CHECK(DocumentIds(server.Call("GET", "/api/v1/audit?document=" + std::to_string(ddt_secret),
                                &admin)) == std::vector<int64_t>{ddt_secret});
}

TEST_CASE("the audit log comes in pages, newest first", "[server][audit]") {
  ServerProcess server;
  Credentials admin{"admin", server.admin_password()};
  for (int i = 0; i < 5; ++i) Upload(server, kCabEditor, "/CAB/f" + std::to_string(i), "x");
  Reply everything = server.Call("GET", "/api/v1/audit?limit=500", &admin);
  REQUIRE(everything.status == 200);
  size_t total = Json(everything)->getArray("entries")->size();
  CHECK(Json(everything)->isNull("next_before"));

  std::vector<int64_t> ids;
  std::string uri = "/api/v1/audit?limit=2";
  for (int pages = 0; pages < 50; ++pages) {
    Reply page = server.Call("GET", uri, &admin);
    REQUIRE(page.status == 200);
    auto entries = Json(page)->getArray("entries");
    for (size_t i = 0; i < entries->size(); ++i) {
      ids.push_back(entries->getObject(static_cast<unsigned>(i))->getValue<int64_t>("id"));
    }
    if (Json(page)->isNull("next_before")) break;
    uri = "/api/v1/audit?limit=2&before=" +
          std::to_string(Json(page)->getValue<int64_t>("next_before"));
  }
  CHECK(ids.size() == total);
  for (size_t i = 1; i < ids.size(); ++i) CHECK(ids[i] < ids[i - 1]);

  for (const char* bad :
       {"limit=0", "limit=501", "limit=abc", "before=-1", "before=x", "service=%FF"}) {
    INFO(bad);
    CHECK(server.Call("GET", std::string("/api/v1/audit?") + bad, &admin).status == 400);
  }
}

TEST_CASE("a manager reads the entries about their service's folders, and no other's",
          "[server][audit]") {
  ServerProcess server;
  Credentials admin{"admin", server.admin_password()};
  Credentials cab_manager = AddManager(server, "cab_manager", "CAB");
  Credentials ddt_manager = AddManager(server, "ddt_manager", "DDT");
  auto call = [&](const std::string& method, const std::string& uri, const Credentials& as,
                  const std::string& body, int expected) {
    Reply reply = server.Call(method, uri, &as, body);
    INFO(method << " " << uri << " -> " << reply.body);
    REQUIRE(reply.status == expected);
    return reply;
  };
  int64_t year =
      Json(call("POST", "/api/v1/folders", kCabEditor, R"({"path":"/CAB/crise/2026"})", 201))
          ->getValue<int64_t>("id");
  call("POST", "/api/v1/folders", kCabEditor, R"({"path":"/CAB/archives"})", 201);
  const std::string folder = "/api/v1/folders/" + std::to_string(year);
  call("PATCH", folder, cab_manager, R"({"name":"2026 bis"})", 200);
  call("PATCH", folder, cab_manager, R"({"parent":"/CAB/archives"})", 200);
  int64_t share =
      Json(call("POST", folder + "/shares", cab_manager, R"({"service":"DDT","mode":"read"})", 201))
          ->getValue<int64_t>("id");
  call("DELETE", "/api/v1/shares/" + std::to_string(share), cab_manager, "", 204);
  call("DELETE", folder, cab_manager, "", 204);
  call("POST", "/api/v1/folders", kDdtEditor, R"({"path":"/DDT/routes"})", 201);

  // The entries about folders (and their shares) a user's audit log holds, newest first.
  auto folder_entries = [&](const Credentials& as, const std::string& query) {
    Reply reply = server.Call("GET", "/api/v1/audit?limit=500" + query, &as);
    INFO(reply.body);
    REQUIRE(reply.status == 200);
    std::vector<std::string> lines;
    auto entries = Json(reply)->getArray("entries");
    for (size_t i = 0; i < entries->size(); ++i) {
      auto entry = entries->getObject(static_cast<unsigned>(i));
      std::string action = entry->getValue<std::string>("action");
      if (!entry->isNull("document_id") ||
          (action.rfind("folder.", 0) != 0 && action.rfind("share.", 0) != 0)) {
        continue;
      }
      std::string service =
          entry->isNull("service") ? "-" : entry->getValue<std::string>("service");
      lines.push_back(service + " " + action + " " + entry->getValue<std::string>("detail"));
    }
    return lines;
  };
  const std::vector<std::string> cab = {
      "CAB folder.delete /CAB/archives/2026 bis",
      "CAB share.remove share " + std::to_string(share) + " with DDT",
      "CAB share.add /CAB/archives/2026 bis/ with DDT (read)",
      "CAB folder.move /CAB/crise/2026 bis -> /CAB/archives/2026 bis",
      "CAB folder.rename /CAB/crise/2026 -> /CAB/crise/2026 bis",
      "CAB folder.create /CAB/archives",
      "CAB folder.create /CAB/crise/2026",
      "CAB folder.create /CAB/crise",
  };
  CHECK(folder_entries(cab_manager, "") == cab);
  CHECK(folder_entries(cab_manager, "&service=CAB") == cab);
  // The manager of DDT sees none of them, not even the share with DDT: it is about a CAB folder.
  CHECK(folder_entries(ddt_manager, "") ==
        std::vector<std::string>{"DDT folder.create /DDT/routes"});
  CHECK(server.Call("GET", "/api/v1/audit", &ddt_manager).body.find("crise") == std::string::npos);
  CHECK(server.Call("GET", "/api/v1/audit?service=CAB", &ddt_manager).status == 403);
  for (const Credentials* user : {&kCabEditor, &kCabReader}) {
    CHECK(server.Call("GET", "/api/v1/audit", user).status == 403);
  }
  auto all = folder_entries(admin, "");
  CHECK(all.size() == cab.size() + 1);
  CHECK(all.front() == "DDT folder.create /DDT/routes");
}

TEST_CASE("a download is recorded as a read, with who, what and when, and HEAD and 304 are not",
          "[server][audit]") {
  ServerProcess server;
  Credentials admin{"admin", server.admin_password()};
  int64_t id = Upload(server, kCabEditor, "/CAB/lu.txt", "contenu lu");
  auto reads = [&] {
    // The server holds reads to write them together; listing its log writes them at once.
    REQUIRE(server.Call("GET", "/api/v1/audit?limit=1", &admin).status == 200);
    std::vector<store::AuditEntry> found;
    auto entries = server.OpenStore()->ListAudit(id, 100);
    REQUIRE(entries.ok());
    for (const auto& entry : *entries) {
      if (entry.action == "document.read") found.push_back(entry);
    }
    return found;
  };
  std::string uri = "/api/v1/documents/" + std::to_string(id) + "/content";
  Reply head = server.Call("HEAD", uri, &kCabReader);
  REQUIRE(head.status == 200);
  CHECK(reads().empty());

  int64_t before = store::NowMs();
  Reply download = server.Call("GET", uri, &kCabReader);
  REQUIRE(download.status == 200);
  auto recorded = reads();
  REQUIRE(recorded.size() == 1);
  CHECK(recorded[0].actor == "cab_reader");
  CHECK(recorded[0].detail == "v1 download");
  CHECK(recorded[0].at >= before);

  Reply cached =
      server.Call("GET", uri, &kCabReader, "", {{"If-None-Match", download.Header("ETag")}});
  CHECK(cached.status == 304);
  Reply old = server.Call("GET", "/api/v1/documents/" + std::to_string(id) + "/versions/1/content",
                          &kCabReader);
  CHECK(old.status == 200);
  CHECK(reads().size() == 2);
  // Someone who may not read it reads nothing, and nothing is recorded.
  CHECK(server.Call("GET", uri, &kDdtEditor).status == 404);
  CHECK(reads().size() == 2);
  // The reads are in the audit log, which a reader of the service may not open.
  CHECK(server.Call("GET", "/api/v1/audit", &kCabReader).status == 403);
}

TEST_CASE("the server deletes the entries older than the retention when it starts",
          "[server][audit]") {
  ServerProcess server("synaps.audit.retention_days = 30\n");
  Credentials admin{"admin", server.admin_password()};
  // The services, the administrator made at the first start, then the fixture's accounts.
  const int64_t last = LastAuditId(*server.OpenStore());
  BackdateAudit(server.data_dir(), 1, 3, 31);
  BackdateAudit(server.data_dir(), 4, last, 29);
  server.Restart();
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
  while (LastAuditId(*server.OpenStore()) == last) {
    REQUIRE(std::chrono::steady_clock::now() < deadline);
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  Reply audit = server.Call("GET", "/api/v1/audit?limit=500", &admin);
  REQUIRE(audit.status == 200);
  auto entries = Json(audit)->getArray("entries");
  REQUIRE(entries->size() == static_cast<size_t>(last - 3 + 1));
  auto prune = entries->getObject(0);
  CHECK(prune->getValue<std::string>("action") == "audit.prune");
  CHECK(prune->getValue<std::string>("actor") == "synaps-server");
  CHECK(prune->getValue<std::string>("detail").rfind("3 entries recorded before ", 0) == 0);
  CHECK(entries->getObject(1)->getValue<int64_t>("id") == last);
  CHECK(entries->getObject(static_cast<unsigned>(entries->size() - 1))->getValue<int64_t>("id") ==
        4);
  CHECK(server.Err().find("\"event\":\"audit.prune\",\"deleted\":3") != std::string::npos);
}
