// synaps-server started the way a new administrator would: twice on the same port, and with a
// misspelt setting.
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

}  // namespace
}  // namespace synaps::testing
