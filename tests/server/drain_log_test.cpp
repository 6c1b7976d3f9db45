// The background indexer logs each drain as one JSON line (the journal, under systemd).
#include <catch2/catch.hpp>

#include "tests/server/server_fixture.h"

using synaps::testing::Credentials;
using synaps::testing::ServerProcess;

TEST_CASE("each drain of the background indexer is logged as one JSON line", "[server][log]") {
  ServerProcess server;
  const Credentials editor{"cab_editor", "cab_editor-password"};
  synaps::testing::Upload(server, editor, "/CAB/journal/note.txt", "compte rendu de la réunion");
  std::string line;
  for (int i = 0; i < 300 && line.empty(); ++i) {
    std::string err = server.Err();
    if (auto at = err.find("{\"time\":"); at != std::string::npos) {
      for (; at != std::string::npos; at = err.find("{\"time\":", at + 1)) {
        std::string candidate = err.substr(at, err.find('\n', at) - at);
        if (candidate.find("\"event\":\"index.drain\"") != std::string::npos) line = candidate;
      }
    }
    if (line.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  INFO(server.Err());
  REQUIRE_FALSE(line.empty());
  auto drain = Poco::JSON::Parser().parse(line).extract<Poco::JSON::Object::Ptr>();
  CHECK(drain->getValue<int64_t>("indexed") == 1);
  CHECK(drain->getValue<int64_t>("extraction_failed") == 0);
  CHECK(drain->has("duration_ms"));
}
