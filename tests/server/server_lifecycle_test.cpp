// synaps-server across its life: configuration layers, HTTPS, sessions that survive a restart,
// and a SIGTERM in the middle of a long indexing drain.
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/NetSSL.h>

#include <catch2/catch.hpp>

#include "tests/server/server_fixture.h"

namespace synaps::testing {
namespace {

// The extraction status of document `id`'s current version, once the background indexer has
// recorded one (it must within `limit`).
std::string ExtractionStatusOnceIndexed(const ServerProcess& server, int64_t id,
                                        std::chrono::seconds limit) {
  const std::string versions = "/api/v1/documents/" + std::to_string(id) + "/versions";
  const auto deadline = std::chrono::steady_clock::now() + limit;
  std::string status;
  while (status.empty()) {
    REQUIRE(std::chrono::steady_clock::now() < deadline);
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    Reply reply = server.Call("GET", versions, &kCabReader);
    REQUIRE(reply.status == 200);
    status =
        Json(reply)->getArray("versions")->getObject(0)->getValue<std::string>("extraction_status");
  }
  return status;
}

// How many documents CAB's reader finds for `query`.
int SearchTotal(const ServerProcess& server, const std::string& query) {
  Reply reply = server.Call("GET", "/api/v1/search?q=" + Encode(query), &kCabReader);
  REQUIRE(reply.status == 200);
  return Json(reply)->getValue<int>("total");
}

int64_t IndexQueueLength(ServerProcess& server) {
  auto length = server.OpenStore()->IndexQueueLength();
  REQUIRE(length.ok());
  return *length;
}

TEST_CASE("sessions survive a restart, and the session file holds no usable cookie",
          "[server][lifecycle]") {
  ServerProcess server;
  Reply login = server.Call("POST", "/api/v1/session", nullptr,
                            R"({"login":"cab_editor","password":"cab_editor-password"})",
                            {{"Content-Type", "application/json"}});
  REQUIRE(login.status == 200);
  std::string cookie = login.Header("Set-Cookie");
  std::string session_cookie = cookie.substr(0, cookie.find(';'));
  std::string id = session_cookie.substr(session_cookie.find('=') + 1);
  std::string csrf = Json(login)->getValue<std::string>("csrf_token");

  server.Restart();
  Reply me = server.Call("GET", "/api/v1/me", nullptr, "", {{"Cookie", session_cookie}});
  REQUIRE(me.status == 200);
  CHECK(Json(me)->getValue<std::string>("login") == "cab_editor");
  // The CSRF token of the session survived too.
  CHECK(server
            .Call("PUT", UploadUri("/CAB/after-restart.txt"), nullptr, "x",
                  {{"Cookie", session_cookie}, {"X-CSRF-Token", csrf}})
            .status == 201);

  std::string file = ReadFile(server.data_dir() / "sessions.sqlite");
  CHECK(file.find(id) == std::string::npos);

  // A logout is remembered across restarts as well.
  CHECK(server
            .Call("DELETE", "/api/v1/session", nullptr, "",
                  {{"Cookie", session_cookie}, {"X-CSRF-Token", csrf}})
            .status == 204);
  server.Restart();
  CHECK(server.Call("GET", "/api/v1/me", nullptr, "", {{"Cookie", session_cookie}}).status == 401);
}

TEST_CASE("settings come in layers: config/, /etc, then --config, then the command line",
          "[server][lifecycle]") {
  // The "/etc/synaps" layer: a tiny JSON limit (not overridden below), an upload limit (the
  // --config file overrides it) and a port (the command line overrides it).
  ServerProcess server(
      /*extra_config=*/"synaps.http.max_upload_bytes = 200\n",
      /*system_config=*/
      "synaps.http.max_json_bytes = 16\n"
      "synaps.http.max_upload_bytes = 100\n"
      "synaps.listen = 127.0.0.1:1\n");
  // The layers read, lowest first: the shipped config/ (the checkout's, in a build tree), then
  // the system file.
  const std::string out = server.Out();
  const auto shipped =
      out.find("settings from " + std::string(SYNAPS_SOURCE_DIR) + "/config/synaps.properties");
  const auto system = out.find("settings from " + (server.dir() / "system.properties").string());
  CHECK(shipped != std::string::npos);
  CHECK(system != std::string::npos);
  CHECK(shipped < system);
  CHECK(server.port() != 1);  // --listen 127.0.0.1:0 won
  CHECK(Upload(server, kCabEditor, "/CAB/150.bin", std::string(150, 'x')) > 0);
  CHECK(server.Call("PUT", UploadUri("/CAB/250.bin"), &kCabEditor, std::string(250, 'x')).status ==
        413);
  Reply login = server.Call("POST", "/api/v1/session", nullptr,
                            R"({"login":"cab_editor","password":"cab_editor-password"})",
                            {{"Content-Type", "application/json"}});
  CHECK(login.status == 413);
}

TEST_CASE("a bad configuration file stops the server with a clear message", "[server][lifecycle]") {
  TempDir dir;
  WriteFile(dir.path() / "bad.properties", "synaps.http.threads = many\n");
  ProcessResult result = Run({BinPath("synaps-server"), "--data", (dir.path() / "data").string(),
                              "--config", (dir.path() / "bad.properties").string()});
  CHECK(result.exit_code != 0);
  CHECK(result.err.find("bad setting") != std::string::npos);
  result = Run({BinPath("synaps-server"), "--data", (dir.path() / "data").string(), "--config",
                (dir.path() / "missing.properties").string()});
  CHECK(result.exit_code != 0);
  CHECK(result.err.find("cannot read") != std::string::npos);
}

TEST_CASE("extraction limits come from the settings and are reported on the version",
          "[server][lifecycle]") {
  ServerProcess server("synaps.extract.max_text_bytes = 200\n");
  std::string text = "Ouverture exceptionnelle du guichet des cartes grises le samedi. ";
  while (text.size() < 2000) text += "Suite du compte rendu de la réunion de service. ";
  text += "Conclusion zorglubienne.";
  const int64_t id = Upload(server, kCabEditor, "/CAB/long.txt", text);
  CHECK(ExtractionStatusOnceIndexed(server, id, std::chrono::seconds(5)) == "partial");
  // The beginning is indexed, what lies past the limit is not; the name always is.
  CHECK(SearchTotal(server, "guichet cartes grises") == 1);
  CHECK(SearchTotal(server, "zorglubienne") == 0);
  CHECK(SearchTotal(server, "long") == 1);

  TempDir dir;
  WriteFile(dir.path() / "bad.properties", "synaps.extract.wall_seconds = 0\n");
  ProcessResult refused = Run({BinPath("synaps-server"), "--data", (dir.path() / "data").string(),
                               "--config", (dir.path() / "bad.properties").string()});
  CHECK(refused.exit_code != 0);
  CHECK(refused.err.find("limits must be positive") != std::string::npos);
}

TEST_CASE("a worker that hangs past the wall-time limit leaves the document findable by name",
          "[server][lifecycle]") {
  // A stand-in worker that never answers: every extraction ends at the 1 s wall-time limit.
  TempDir bin;
  const auto hanging = bin.path() / "hanging-worker.sh";
  WriteFile(hanging, "#!/bin/sh\nexec sleep 30\n");
  std::filesystem::permissions(hanging, std::filesystem::perms::owner_all);
  ServerProcess server("synaps.indexer.extract_worker = " + hanging.string() +
                       "\nsynaps.extract.wall_seconds = 1\n");
  const int64_t id = Upload(server, kCabEditor, "/CAB/rapport-inondations.txt",
                            "Rapport sur les inondations de la vallée.");
  CHECK(ExtractionStatusOnceIndexed(server, id, std::chrono::seconds(10)) == "failed");
  ProcessResult info = Run({BinPath("synaps"), "--data", server.data_dir().string(), "info",
                            "/CAB/rapport-inondations.txt"});
  CHECK(info.out.find("timed out after 1 s") != std::string::npos);
  CHECK(server.Call("GET", "/metrics").body.find("\nsynaps_extraction_failures_total 1\n") !=
        std::string::npos);
  // Not by its text, which nobody could read, but by its name.
  CHECK(SearchTotal(server, "vallée") == 0);
  CHECK(SearchTotal(server, "inondations") == 1);
}

TEST_CASE("HTTPS with a configured certificate, and cookies marked Secure", "[server][lifecycle]") {
  TempDir tls;
  std::string key = (tls.path() / "server.key").string();
  std::string certificate = (tls.path() / "server.crt").string();
  ProcessResult made = Run({"openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout",
                            key, "-out", certificate, "-days", "2", "-subj", "/CN=127.0.0.1",
                            "-addext", "subjectAltName=IP:127.0.0.1"});
  REQUIRE(made.exit_code == 0);
  ServerProcess server("synaps.tls.certificate = " + certificate +
                       "\nsynaps.tls.private_key = " + key + "\n");
  CHECK(server.Out().find("listening on https://127.0.0.1:") != std::string::npos);

  Poco::Net::initializeSSL();
  Poco::Net::Context::Ptr context = new Poco::Net::Context(
      Poco::Net::Context::TLS_CLIENT_USE, "", "", certificate, Poco::Net::Context::VERIFY_STRICT);
  Poco::Net::HTTPSClientSession session("127.0.0.1", server.port(), context);
  session.setTimeout(Poco::Timespan(10, 0));
  Reply health = ServerProcess::Call(session, "GET", "/healthz");
  CHECK(health.status == 200);
  Reply login = ServerProcess::Call(session, "POST", "/api/v1/session", nullptr,
                                    R"({"login":"cab_editor","password":"cab_editor-password"})",
                                    {{"Content-Type", "application/json"}});
  REQUIRE(login.status == 200);
  CHECK(login.Header("Set-Cookie").find("; Secure") != std::string::npos);

  // Downloads go through TLS too, whole or in part, on the same connection.
  std::string content;
  for (int i = 0; i < 40000; ++i) content += "ligne " + std::to_string(i) + "\n";
  Poco::Net::HTTPSClientSession transfers("127.0.0.1", server.port(), context);
  transfers.setTimeout(Poco::Timespan(10, 0));
  transfers.setKeepAlive(true);
  Reply uploaded =
      ServerProcess::Call(transfers, "PUT", UploadUri("/CAB/tls.txt"), &kCabEditor, content);
  REQUIRE(uploaded.status == 201);
  int64_t id = Json(uploaded)->getValue<int64_t>("id");
  Reply whole = ServerProcess::Call(
      transfers, "GET", "/api/v1/documents/" + std::to_string(id) + "/content", &kCabEditor);
  CHECK(whole.status == 200);
  CHECK(whole.body == content);
  Reply part =
      ServerProcess::Call(transfers, "GET", "/api/v1/documents/" + std::to_string(id) + "/content",
                          &kCabEditor, "", {{"Range", "bytes=100000-100009"}});
  CHECK(part.status == 206);
  CHECK(part.body == content.substr(100000, 10));

  // Plain HTTP on the HTTPS port gets no HTTP answer.
  bool answered = false;
  try {
    answered = server.Call("GET", "/healthz").status == 200;
  } catch (const Poco::Exception&) {
  }
  CHECK_FALSE(answered);
}

TEST_CASE("SIGTERM in the middle of a long drain stops promptly and loses nothing",
          "[server][lifecycle]") {
  // Small batches and enough text that the drain takes seconds, even on a fast machine (with
  // one-line notes, a fast machine could drain the queue before the test got to stop it).
  ServerProcess server("synaps.indexer.batch_size = 4\n");
  TempDir tree;
  std::string body;
  for (int line = 0; line < 50; ++line) {
    body +=
        "Point " + std::to_string(line) + " : suite du compte rendu de la réunion de service.\n";
  }
  for (int i = 0; i < 2500; ++i) {
    WriteFile(tree.path() / ("note-" + std::to_string(i) + ".txt"),
              "Compte rendu numéro " + std::to_string(i) + " de la réunion de service.\n" + body);
  }
  // Imported while the server is stopped: a running server would drain the queue as the import
  // fills it, and might have caught up by the time the import ends.
  REQUIRE(server.Terminate() == 0);
  ProcessResult imported = Run({BinPath("synaps"), "--data", server.data_dir().string(), "import",
                                tree.path().string(), "--service", "CAB"});
  REQUIRE(imported.exit_code == 0);
  server.Restart();

  // Wait until the background indexer is visibly under way, then stop the server.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  for (;;) {
    Reply metrics = server.Call("GET", "/metrics");
    auto at = metrics.body.find("\nsynaps_documents_indexed_total ");
    if (at != std::string::npos && std::stoll(metrics.body.substr(at + 32)) > 0) break;
    REQUIRE(std::chrono::steady_clock::now() < deadline);
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  // The import is on record, for operators watching the nightly runs.
  CHECK(server.Call("GET", "/metrics").body.find("synaps_ingest_runs{status=\"completed\"} 1") !=
        std::string::npos);
  auto stopping = std::chrono::steady_clock::now();
  int exit_code = server.Terminate();
  INFO(server.Err().substr(server.Err().size() > 2000 ? server.Err().size() - 2000 : 0));
  CHECK(exit_code == 0);
  CHECK(std::chrono::steady_clock::now() - stopping < std::chrono::seconds(5));
  int64_t left = IndexQueueLength(server);
  CHECK(left > 0);  // the rest stayed queued...
  CHECK(left < 2500);

  // ...and the next run indexes it: the last document is findable.
  ProcessResult indexed = Run({BinPath("synaps"), "--data", server.data_dir().string(), "index"});
  REQUIRE(indexed.exit_code == 0);
  CHECK(IndexQueueLength(server) == 0);
  ProcessResult found = Run(
      {BinPath("synaps"), "--data", server.data_dir().string(), "search", "note-2499", "--json"});
  CHECK(found.out.find("note-2499.txt") != std::string::npos);
}

}  // namespace
}  // namespace synaps::testing
