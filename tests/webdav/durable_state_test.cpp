// WebDAV's state across a restart of synaps-server (the real binary, on loopback): the dead
// properties clients set stay with their document or folder (moved, copied, purged with it),
// the locks held are held again (the same token unlocks, a write without it is refused, REST
// included, the saves made under the lock are still one version), and nothing of one service's
// shows to another's.
#include <catch2/catch.hpp>

#include "tests/server/server_fixture.h"

namespace synaps::testing {
namespace {

const std::string kWin32 = "urn:schemas-microsoft-com:";

std::string Proppatch(const std::string& properties) {
  return "<?xml version=\"1.0\"?><D:propertyupdate xmlns:D=\"DAV:\" xmlns:Z=\"" + kWin32 +
         "\" xmlns:n=\"urn:example:notes\"><D:set><D:prop>" + properties +
         "</D:prop></D:set></D:propertyupdate>";
}

const std::string kLockInfo =
    "<?xml version=\"1.0\"?><D:lockinfo xmlns:D=\"DAV:\"><D:lockscope><D:exclusive/>"
    "</D:lockscope><D:locktype><D:write/></D:locktype><D:owner><D:href>mailto:agent@cab.example"
    "</D:href></D:owner></D:lockinfo>";

Reply Dav(const ServerProcess& server, const std::string& method, const std::string& path,
          const Credentials& as, const std::string& body = "",
          std::map<std::string, std::string> headers = {}) {
  return server.Call(method, "/dav" + path, &as, body, std::move(headers));
}

Reply Propfind(const ServerProcess& server, const std::string& path, const Credentials& as,
               const std::string& depth = "0") {
  return Dav(server, "PROPFIND", path, as, "", {{"Depth", depth}});
}

// Takes an exclusive lock on `path` and returns its token.
std::string Lock(const ServerProcess& server, const std::string& path, const Credentials& as,
                 const std::string& depth = "0", const std::string& timeout = "Second-3600") {
  Reply locked = Dav(server, "LOCK", path, as, kLockInfo, {{"Depth", depth}, {"Timeout", timeout}});
  INFO(locked.body);
  REQUIRE((locked.status == 200 || locked.status == 201));
  std::string token = locked.Header("Lock-Token");
  REQUIRE(token.size() > 2);
  return token.substr(1, token.size() - 2);
}

std::string IfToken(const std::string& token) {
  return "(<" + token + ">)";
}

int64_t DocumentId(ServerProcess& server, const std::string& path) {
  auto document = server.OpenStore()->FindDocument(path);
  REQUIRE(document.ok());
  return document->id;
}

}  // namespace

TEST_CASE("WebDAV dead properties and locks outlive a restart of the server", "[webdav][server]") {
  ServerProcess server;
  server.AddUser("cab_editor2", "CAB", store::Role::kEditor);
  const Credentials other_editor{"cab_editor2", "cab_editor2-password"};
  REQUIRE(Dav(server, "MKCOL", "/CAB/notes", kCabEditor).status == 201);
  REQUIRE(Dav(server, "PUT", "/CAB/notes/a.txt", kCabEditor, "version one").status == 201);
  const int64_t id = DocumentId(server, "/CAB/notes/a.txt");

  // Windows' attributes and a client's own property on the document, one on its folder.
  Reply patched = Dav(server, "PROPPATCH", "/CAB/notes/a.txt", kCabEditor,
                      Proppatch("<Z:Win32FileAttributes>00000020</Z:Win32FileAttributes>"
                                "<n:reviewer>Jeanne &amp; Paul</n:reviewer>"));
  REQUIRE(patched.status == 207);
  REQUIRE(Dav(server, "PROPPATCH", "/CAB/notes", kCabEditor, Proppatch("<n:colour>blue</n:colour>"))
              .status == 207);
  // A lock, and a save under it: an open version its holder's next saves replace.
  const std::string token = Lock(server, "/CAB/notes/a.txt", kCabEditor);
  REQUIRE(Dav(server, "PUT", "/CAB/notes/a.txt", kCabEditor, "draft", {{"If", IfToken(token)}})
              .status == 204);
  // A lock that expires while the server is down is not held again.
  REQUIRE(Dav(server, "PUT", "/CAB/notes/brief.txt", kCabEditor, "brief").status == 201);
  const std::string brief = Lock(server, "/CAB/notes/brief.txt", kCabEditor, "0", "Second-1");

  // Office's owner file beside the document: junk, never a document, kept aside.
  REQUIRE(Dav(server, "PUT", "/CAB/notes/~$a.txt", kCabEditor, "cab_editor").status == 201);
  REQUIRE(Dav(server, "PUT", "/CAB/notes/~$100%25%09b.txt", kCabEditor, "odd").status == 201);

  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  server.Restart();

  SECTION("PROPFIND returns the dead properties, alone and in their folder's listing") {
    Reply one = Propfind(server, "/CAB/notes/a.txt", kCabEditor);
    REQUIRE(one.status == 207);
    CHECK(one.body.find(">00000020<") != std::string::npos);
    CHECK(one.body.find("Win32FileAttributes") != std::string::npos);
    CHECK(one.body.find("Jeanne &amp; Paul") != std::string::npos);
    Reply listing = Propfind(server, "/CAB/notes", kCabEditor, "1");
    REQUIRE(listing.status == 207);
    CHECK(listing.body.find(">blue<") != std::string::npos);
    CHECK(listing.body.find(">00000020<") != std::string::npos);
    // Whoever reads the document reads its properties; another service's agent sees nothing.
    CHECK(Propfind(server, "/CAB/notes/a.txt", kCabReader).body.find("Jeanne") !=
          std::string::npos);
    CHECK(Propfind(server, "/CAB/notes/a.txt", kDdtEditor).status == 404);
  }

  SECTION("junk files are still there, with their bytes, and still no documents") {
    CHECK(Dav(server, "GET", "/CAB/notes/~$a.txt", kCabReader).body == "cab_editor");
    CHECK(Dav(server, "GET", "/CAB/notes/~$100%25%09b.txt", kCabReader).body == "odd");
    CHECK(Propfind(server, "/CAB/notes", kCabEditor, "1").body.find("~$a.txt") !=
          std::string::npos);
    CHECK(server.OpenStore()->FindDocument("/CAB/notes/~$a.txt").status().code() ==
          store::ErrorCode::kNotFound);
    REQUIRE(Dav(server, "DELETE", "/CAB/notes/~$a.txt", kCabEditor).status == 204);
    server.Restart();
    CHECK(Dav(server, "GET", "/CAB/notes/~$a.txt", kCabReader).status == 404);
  }

  SECTION("the lock is held: listed, refused without its token (REST too), released by it") {
    Reply discovered = Propfind(server, "/CAB/notes/a.txt", kCabEditor);
    CHECK(discovered.body.find(token) != std::string::npos);
    CHECK(discovered.body.find("mailto:agent@cab.example") != std::string::npos);
    CHECK(discovered.body.find(brief) == std::string::npos);
    CHECK(Dav(server, "PUT", "/CAB/notes/a.txt", kCabEditor, "no token").status == 423);
    CHECK(Dav(server, "PUT", "/CAB/notes/a.txt", other_editor, "someone else").status == 423);
    CHECK(server.Call("PUT", UploadUri("/CAB/notes/a.txt"), &other_editor, "over REST").status ==
          423);
    CHECK(Dav(server, "PUT", "/CAB/notes/brief.txt", other_editor, "free again").status == 204);
    // Only its holder refreshes it.
    CHECK(Dav(server, "LOCK", "/CAB/notes/a.txt", other_editor, "", {{"If", IfToken(token)}})
              .status == 403);
    Reply refreshed = Dav(server, "LOCK", "/CAB/notes/a.txt", kCabEditor, "",
                          {{"If", IfToken(token)}, {"Timeout", "Second-7200"}});
    CHECK(refreshed.status == 200);
    CHECK(refreshed.body.find("Second-7200") != std::string::npos);

    // The holder's save after the restart still replaces the open version.
    REQUIRE(Dav(server, "PUT", "/CAB/notes/a.txt", kCabEditor, "final", {{"If", IfToken(token)}})
                .status == 204);
    REQUIRE(Dav(server, "UNLOCK", "/CAB/notes/a.txt", kCabEditor, "",
                {{"Lock-Token", "<" + token + ">"}})
                .status == 204);
    Reply versions =
        server.Call("GET", "/api/v1/documents/" + std::to_string(id) + "/versions", &kCabEditor);
    REQUIRE(versions.status == 200);
    CHECK(Json(versions)->getArray("versions")->size() == 2);
    CHECK(Dav(server, "GET", "/CAB/notes/a.txt", kCabEditor).body == "final");
    CHECK(Propfind(server, "/CAB/notes/a.txt", kCabEditor).body.find(token) == std::string::npos);
    // Released for good: another restart does not bring it back.
    server.Restart();
    CHECK(Dav(server, "PUT", "/CAB/notes/a.txt", other_editor, "next").status == 204);
    CHECK(server.OpenStore()->ListDavLocks(0).value().empty());
  }

  SECTION("a move keeps the properties, a copy copies them, a purge removes them") {
    REQUIRE(Dav(server, "UNLOCK", "/CAB/notes/a.txt", kCabEditor, "",
                {{"Lock-Token", "<" + token + ">"}})
                .status == 204);
    REQUIRE(Dav(server, "MKCOL", "/CAB/archive", kCabEditor).status == 201);
    std::map<std::string, std::string> move{{"Destination", "/dav/CAB/archive/b.txt"}};
    REQUIRE(Dav(server, "MOVE", "/CAB/notes/a.txt", kCabEditor, "", move).status == 201);
    std::map<std::string, std::string> copy{{"Destination", "/dav/CAB/archive/c.txt"}};
    REQUIRE(Dav(server, "COPY", "/CAB/archive/b.txt", kCabEditor, "", copy).status == 201);
    server.Restart();
    CHECK(Propfind(server, "/CAB/archive/b.txt", kCabEditor).body.find("Jeanne") !=
          std::string::npos);
    CHECK(Propfind(server, "/CAB/archive/c.txt", kCabEditor).body.find("Jeanne") !=
          std::string::npos);
    const int64_t copied = DocumentId(server, "/CAB/archive/c.txt");
    REQUIRE(Dav(server, "DELETE", "/CAB/archive/c.txt", kCabEditor).status == 204);
    server.AddUser("cab_manager", "CAB", store::Role::kManager);
    const Credentials manager{"cab_manager", "cab_manager-password"};
    REQUIRE(server.Call("DELETE", "/api/v1/trash/" + std::to_string(copied), &manager).status ==
            204);
    CHECK(server.OpenStore()->DeadProperties(store::DavItem::Document(copied)).value().empty());
    CHECK(server.OpenStore()->DeadProperties(store::DavItem::Document(id)).value().size() == 2);
  }
}

TEST_CASE(
    "saves under a WebDAV folder lock taken before a restart are sealed at its UNLOCK after it",
    "[webdav][server]") {
  ServerProcess server;
  REQUIRE(Dav(server, "MKCOL", "/CAB/deep", kCabEditor).status == 201);
  const std::string token = Lock(server, "/CAB/deep", kCabEditor, "infinity");
  const std::map<std::string, std::string> with_token{{"If", IfToken(token)}};
  REQUIRE(Dav(server, "PUT", "/CAB/deep/x.txt", kCabEditor, "one", with_token).status == 201);
  REQUIRE(Dav(server, "PUT", "/CAB/deep/x.txt", kCabEditor, "two", with_token).status == 204);
  const int64_t id = DocumentId(server, "/CAB/deep/x.txt");
  server.Restart();
  REQUIRE(Dav(server, "UNLOCK", "/CAB/deep", kCabEditor, "", {{"Lock-Token", "<" + token + ">"}})
              .status == 204);
  // Sealed: the holder's next save is a version of its own, not a third save of the first.
  REQUIRE(Dav(server, "PUT", "/CAB/deep/x.txt", kCabEditor, "three").status == 204);
  Reply versions =
      server.Call("GET", "/api/v1/documents/" + std::to_string(id) + "/versions", &kCabEditor);
  REQUIRE(versions.status == 200);
  CHECK(Json(versions)->getArray("versions")->size() == 2);
}

TEST_CASE(
    "a REST move, rename or trash lets go of the WebDAV locks where the item was, and a "
    "folder holding someone else's lock stays put",
    "[webdav][server]") {
  ServerProcess server;
  server.AddUser("cab_editor2", "CAB", store::Role::kEditor);
  const Credentials other_editor{"cab_editor2", "cab_editor2-password"};
  // Managers move and delete folders; editors, documents.
  server.AddUser("cab_manager", "CAB", store::Role::kManager);
  server.AddUser("cab_manager2", "CAB", store::Role::kManager);
  const Credentials manager{"cab_manager", "cab_manager-password"};
  const Credentials other_manager{"cab_manager2", "cab_manager2-password"};
  REQUIRE(Dav(server, "MKCOL", "/CAB/dossiers", kCabEditor).status == 201);
  REQUIRE(Dav(server, "PUT", "/CAB/dossiers/a.txt", kCabEditor, "a").status == 201);
  const int64_t id = DocumentId(server, "/CAB/dossiers/a.txt");
  const int64_t folder = server.OpenStore()->FindFolder("/CAB/dossiers").value().id;
  const std::string token = Lock(server, "/CAB/dossiers/a.txt", kCabEditor);
  const std::string document = "/api/v1/documents/" + std::to_string(id);
  const std::string folder_uri = "/api/v1/folders/" + std::to_string(folder);

  // Someone else may not move the folder that holds the locked document, nor delete it.
  CHECK(server.Call("PATCH", folder_uri, &manager, R"({"name":"renomme"})").status == 423);
  CHECK(server.Call("DELETE", folder_uri, &manager).status == 423);
  CHECK(server.Call("PATCH", document, &other_editor, R"({"name":"b.txt"})").status == 423);

  // Its holder renames it over REST: the lock on the old path is gone, in memory and in the
  // store (a restart does not bring it back), and a new document there is nobody's to lock.
  REQUIRE(server.Call("PATCH", document, &kCabEditor, R"({"name":"b.txt"})").status == 200);
  CHECK(Propfind(server, "/CAB/dossiers/b.txt", kCabEditor).body.find(token) == std::string::npos);
  CHECK(server.OpenStore()->ListDavLocks(0).value().empty());
  server.Restart();
  CHECK(Dav(server, "PUT", "/CAB/dossiers/a.txt", other_editor, "nouveau").status == 201);
  CHECK(Dav(server, "PUT", "/CAB/dossiers/b.txt", other_editor, "libre").status == 204);

  // A depth-infinity lock on a folder: someone else's rename of it is refused; its holder's is
  // done, and the lock goes with the old path.
  const std::string deep = Lock(server, "/CAB/dossiers", manager, "infinity");
  CHECK(server.Call("PATCH", folder_uri, &other_manager, R"({"name":"renomme"})").status == 423);
  REQUIRE(server.Call("PATCH", folder_uri, &manager, R"({"name":"renomme"})").status == 200);
  CHECK(Dav(server, "PUT", "/CAB/renomme/c.txt", other_editor, "c").status == 201);
  CHECK(server.OpenStore()->ListDavLocks(0).value().empty());

  // A trashed document's lock goes with it to the trash: restored, nobody holds it.
  const std::string again = Lock(server, "/CAB/renomme/c.txt", other_editor);
  REQUIRE(server
              .Call("DELETE",
                    "/api/v1/documents/" + std::to_string(DocumentId(server, "/CAB/renomme/c.txt")),
                    &other_editor)
              .status == 204);
  CHECK(server.OpenStore()->ListDavLocks(0).value().empty());
  CHECK(Propfind(server, "/CAB/renomme", kCabEditor, "1").body.find(again) == std::string::npos);
  CHECK(deep != token);
}

TEST_CASE("WebDAV locks and properties of one service never show to another's agents",
          "[webdav][server]") {
  ServerProcess server;
  REQUIRE(Dav(server, "PUT", "/CAB/a.txt", kCabEditor, "cab").status == 201);
  REQUIRE(Dav(server, "PUT", "/DDT/a.txt", kDdtEditor, "ddt").status == 201);
  REQUIRE(
      Dav(server, "PROPPATCH", "/CAB/a.txt", kCabEditor, Proppatch("<n:secret>cabinet</n:secret>"))
          .status == 207);
  const std::string cab = Lock(server, "/CAB/a.txt", kCabEditor);
  const std::string ddt = Lock(server, "/DDT/a.txt", kDdtEditor);
  server.Restart();
  for (std::string path : {"/", "/DDT", "/DDT/a.txt"}) {
    Reply seen = Propfind(server, path, kDdtEditor, path == "/DDT/a.txt" ? "0" : "1");
    INFO(path);
    REQUIRE(seen.status == 207);
    CHECK(seen.body.find(cab) == std::string::npos);
    CHECK(seen.body.find("cabinet") == std::string::npos);
  }
  CHECK(Propfind(server, "/DDT/a.txt", kDdtEditor).body.find(ddt) != std::string::npos);
  CHECK(Propfind(server, "/CAB/a.txt", kDdtEditor).status == 404);
  // Another service's token neither unlocks nor opens the document to them.
  CHECK(Dav(server, "UNLOCK", "/CAB/a.txt", kDdtEditor, "", {{"Lock-Token", "<" + cab + ">"}})
            .status == 404);
  CHECK(Dav(server, "UNLOCK", "/DDT/a.txt", kDdtEditor, "", {{"Lock-Token", "<" + cab + ">"}})
            .status == 409);
  // (DDT's folders do not exist for CAB's agent: nowhere to put it)
  CHECK(Dav(server, "PUT", "/DDT/a.txt", kCabEditor, "x", {{"If", IfToken(ddt)}}).status == 409);
  CHECK(Dav(server, "PUT", "/CAB/a.txt", kCabEditor, "again", {{"If", IfToken(cab)}}).status ==
        204);
}

}  // namespace synaps::testing
