// synaps-server started the way a new administrator would: twice on the same port, with a
// misspelt setting, and with `synaps index` run by hand while it indexes.
#include <catch2/catch.hpp>

#include "tests/server/server_fixture.h"

namespace synaps::testing {
namespace {

// Runs `argv` for at most `seconds` (then SIGTERM, exit code 124), so that a program that should
// have refused to start cannot hang the test.
ProcessResult RunAtMost(int seconds, std::vector<std::string> argv) {
  argv.insert(argv.begin(), {"timeout", std::to_string(seconds)});
  return Run(argv);
}

// Waits until the server's background indexer has emptied the index queue.
void WaitUntilIndexed(ServerProcess& server) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  for (;;) {
    auto length = server.OpenStore()->IndexQueueLength();
    REQUIRE(length.ok());
    if (*length == 0) return;
    REQUIRE(std::chrono::steady_clock::now() < deadline);
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

TEST_CASE("a second server on the same port stops with a clear message", "[server][lifecycle]") {
  ServerProcess first;
  const std::string address = "127.0.0.1:" + std::to_string(first.port());
  ProcessResult second = RunAtMost(
      10, {BinPath("synaps-server"), "--data", first.data_dir().string(), "--listen", address});
  INFO(second.out << second.err);
  CHECK(second.exit_code != 0);
  CHECK(second.exit_code != 124);  // it stopped by itself
  CHECK(second.err.find("cannot listen on " + address +
                        ": the address is already in use, probably by another synaps-server") !=
        std::string::npos);
  CHECK(second.out.find("listening") == std::string::npos);
  CHECK(first.Call("GET", "/healthz").status == 200);

  // On a first start, no administrator is created whose password nobody would see: the start
  // that succeeds shows it.
  TempDir fresh;
  const std::string data = (fresh / "data").string();
  ProcessResult refused =
      RunAtMost(10, {BinPath("synaps-server"), "--data", data, "--listen", address});
  CHECK(refused.exit_code != 0);
  CHECK(refused.out.find("password") == std::string::npos);
  auto store = store::Store::Open(data, store::Store::OpenMode::kCreateIfMissing);
  REQUIRE(store.ok());
  auto users = (*store)->ListUsers();
  REQUIRE(users.ok());
  CHECK(users->empty());
}

TEST_CASE("a misspelt setting stops the server, naming the nearest known one",
          "[server][lifecycle]") {
  TempDir dir;
  const std::string settings = (dir / "synaps.properties").string();
  WriteFile(settings, "synaps.lisen = 127.0.0.1:0\n");
  ProcessResult result = RunAtMost(10, {BinPath("synaps-server"), "--data", (dir / "data").string(),
                                        "--listen", "127.0.0.1:0", "--config", settings});
  INFO(result.out << result.err);
  CHECK(result.exit_code != 0);
  CHECK(result.exit_code != 124);
  CHECK(result.err.find("unknown setting synaps.lisen in " + settings +
                        "; did you mean synaps.listen?") != std::string::npos);
}

TEST_CASE("synaps index and reindex refuse at once while the server holds the index",
          "[server][lifecycle]") {
  ServerProcess server;
  Upload(server, kCabEditor, "/CAB/compte-rendu.txt", "Compte rendu de la réunion zorglubienne.");
  WaitUntilIndexed(server);  // the server now holds the index's writer lock
  const std::string expected =
      "the index is held by another writer (synaps-server indexes in the background while it "
      "runs): stop it, or let it index";
  for (const char* command : {"index", "reindex"}) {
    INFO(command);
    const auto started = std::chrono::steady_clock::now();
    ProcessResult result =
        RunAtMost(60, {BinPath("synaps"), "--data", server.data_dir().string(), command});
    INFO(result.err);
    CHECK(result.exit_code == 1);
    CHECK(result.err.find(expected) != std::string::npos);
    CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(10));
  }
  // The refused reindex left the server's index alone.
  CHECK(!std::filesystem::exists(server.data_dir() / "index-rebuild-in-progress"));
  Reply found = server.Call("GET", "/api/v1/search?q=zorglubienne", &kCabReader);
  REQUIRE(found.status == 200);
  CHECK(Json(found)->getValue<int>("total") == 1);
  Upload(server, kCabEditor, "/CAB/suite.txt", "Suite de la réunion zorglubienne.");
  WaitUntilIndexed(server);
  CHECK(Json(server.Call("GET", "/api/v1/search?q=zorglubienne", &kCabReader))
            ->getValue<int>("total") == 2);
}

}  // namespace
}  // namespace synaps::testing
