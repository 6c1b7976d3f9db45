// The CLI reads the server's settings files, and refuses them as the server does.
#include <catch2/catch.hpp>

#include "tests/cli/cli_fixture.h"
#include "tests/support/files.h"

namespace synaps::testing {
namespace {

TEST_CASE("a misspelt setting stops the CLI, naming the nearest known one", "[cli]") {
  Cli synaps;
  REQUIRE(synaps({"init"}).exit_code == 0);
  const std::string settings = (synaps.dir / "synaps.properties").string();
  WriteFile(settings, "synaps.extract.wall_second = 60\n");
  ProcessResult refused = synaps({"--config", settings, "stats"});
  CHECK(refused.exit_code == 2);
  CHECK(refused.out.empty());
  CHECK(refused.err == "synaps: unknown setting synaps.extract.wall_second in " + settings +
                           "; did you mean synaps.extract.wall_seconds?\n");
  WriteFile(settings, "synaps.extract.wall_seconds = 60\n");
  CHECK(synaps({"--config", settings, "stats"}).exit_code == 0);
}

}  // namespace
}  // namespace synaps::testing
