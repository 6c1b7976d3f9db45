// The settings files: a key of the synaps. namespace that no program reads is refused with the
// nearest known one, and the shipped config/synaps.properties documents exactly the known keys.
#include "dms-server/settings/known_settings.h"

#include <Poco/AutoPtr.h>
#include <Poco/Util/LayeredConfiguration.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <regex>
#include <set>
#include <sstream>

#include "dms-server/settings/settings.h"
#include "tests/support/files.h"
#include "tests/support/temp_dir.h"

namespace synaps::testing {
namespace {

// Loads `content` as the --config layer; returns the error, "" when it loaded.
std::string LoadError(const std::string& content) {
  TempDir dir;
  WriteFile(dir / "test.properties", content);
  Poco::AutoPtr<Poco::Util::LayeredConfiguration> loaded(new Poco::Util::LayeredConfiguration);
  std::vector<std::string> read;
  std::string error;
  bool ok = settings::Load({{(dir / "test.properties").string(), true}}, *loaded, &read, &error);
  CHECK(ok == error.empty());
  if (!error.empty()) {
    // The message names the file; tests compare the rest.
    const std::string path = (dir / "test.properties").string();
    REQUIRE(error.find(path) != std::string::npos);
    error.replace(error.find(path), path.size(), "FILE");
  }
  return error;
}

TEST_CASE("a misspelt setting is refused with the nearest known name", "[settings]") {
  CHECK(LoadError("synaps.lisen = 127.0.0.1:8081\n") ==
        "unknown setting synaps.lisen in FILE; did you mean synaps.listen?");
  CHECK(LoadError("synaps.listen = 127.0.0.1:8081\nsynaps.http.thread = 8\n") ==
        "unknown setting synaps.http.thread in FILE; did you mean synaps.http.threads?");
  CHECK(LoadError("synaps.extract.max_text_byte = 100\n") ==
        "unknown setting synaps.extract.max_text_byte in FILE; did you mean "
        "synaps.extract.max_text_bytes?");
  // Nothing near: no guess, but where to look.
  CHECK(LoadError("synaps.colour = blue\n") ==
        "unknown setting synaps.colour in FILE (the shipped synaps.properties documents every "
        "setting)");
  // A key that is known, and keys outside the synaps. namespace, are not refused.
  CHECK(LoadError("synaps.listen = 127.0.0.1:8081\nlogging.loggers.root.level = debug\n").empty());
}

TEST_CASE("the shipped synaps.properties documents exactly the known settings", "[settings]") {
  // Each documented setting is a line "#synaps.key = default" (or without the '#').
  std::istringstream shipped(
      ReadFile(std::string(SYNAPS_SOURCE_DIR) + "/config/synaps.properties"));
  const std::regex setting(R"(^#?\s*(synaps\.[A-Za-z0-9_.]+)\s*=.*)");
  std::vector<std::string> documented;
  for (std::string line; std::getline(shipped, line);) {
    std::smatch match;
    if (std::regex_match(line, match, setting)) documented.push_back(match[1]);
  }
  REQUIRE(documented.size() > 20);
  std::vector<std::string> known(settings::KnownSettings().begin(),
                                 settings::KnownSettings().end());
  CHECK(documented == known);
  // And each of them, uncommented, loads.
  std::string all;
  for (const std::string& key : documented) all += key + " = 1\n";
  CHECK(LoadError(all).empty());
}

}  // namespace
}  // namespace synaps::testing
