// Sources as data: NAME.properties files read, written and refused; password files.
#include "connectors/source/sources_config.h"

#include <sys/stat.h>

#include <catch2/catch.hpp>

#include "connectors/source/source_factory.h"
#include "tests/support/files.h"
#include "tests/support/temp_dir.h"

using namespace synaps;
using namespace synaps::connectors;

namespace {

SourceConfig Config(std::string name, std::string type, std::string location) {
  SourceConfig config;
  config.name = std::move(name);
  config.type = std::move(type);
  config.location = std::move(location);
  config.service_code = "CAB";
  return config;
}

}  // namespace

TEST_CASE("a source file round-trips and tolerates comments", "[sources]") {
  auto parsed = ParseSourceConfig("ddt", R"(# the DDT's drive
type = share                       # share, smb, maildir, mbox, imap
location = /srv/partages/ddt#1
service = DDT
folder = Archives/Partage
tags = partage, ddt
include = *.pdf, *.odt
exclude = ~$*, *.tmp
on_delete = keep
user = svc-synaps
password_file = /etc/synaps/sources.d/ddt.secret
share.extra = 1
)");
  REQUIRE(parsed.ok());
  CHECK(parsed->location == "/srv/partages/ddt#1");
  CHECK(parsed->folder == std::vector<std::string>{"Archives", "Partage"});
  CHECK(parsed->tags == std::vector<std::string>{"partage", "ddt"});
  CHECK(parsed->exclude == std::vector<std::string>{"~$*", "*.tmp"});
  CHECK(parsed->on_delete == DeletionPolicy::kKeep);
  CHECK(parsed->options.at("share.extra") == "1");
  auto again = ParseSourceConfig("ddt", FormatSourceConfig(*parsed));
  REQUIRE(again.ok());
  CHECK(FormatSourceConfig(*again) == FormatSourceConfig(*parsed));
}

TEST_CASE("bad source files are refused with the line", "[sources]") {
  CHECK(ParseSourceConfig("x", "type = share\nlocaton = /a\n").status().message().find("line 2") !=
        std::string::npos);
  CHECK_FALSE(ParseSourceConfig("x", "type = share\nservice = CAB\n").ok());  // no location
  CHECK_FALSE(ParseSourceConfig("../x", "type = share").ok());
  CHECK_FALSE(
      ParseSourceConfig("x", "type = share\nlocation = /a\nservice = CAB\non_delete = purge\n")
          .ok());
  CHECK_FALSE(
      ParseSourceConfig("x", "type = share\nlocation = /a\nservice = CAB\nimap.folders = X\n")
          .ok());
  SourceConfig relative = Config("x", "share", "relative/path");
  CHECK(MakeSource(relative).status().code() == store::ErrorCode::kInvalidArgument);
  SourceConfig unknown = Config("x", "gopher", "/a");
  CHECK(MakeSource(unknown).status().message().find("known: share") != std::string::npos);
}

TEST_CASE("sources are written, listed and removed in their folder", "[sources]") {
  testing::TempDir dir;
  auto folder = dir.path() / "sources.d";
  CHECK(ReadSourceConfigs(folder)->empty());
  SourceConfig source = Config("ddt", "share", "/srv/ddt");
  REQUIRE(WriteSourceConfig(folder, source).ok());
  CHECK(WriteSourceConfig(folder, source).code() == store::ErrorCode::kAlreadyExists);
  source.name = "cab";
  REQUIRE(WriteSourceConfig(folder, source).ok());
  auto all = ReadSourceConfigs(folder);
  REQUIRE(all.ok());
  REQUIRE(all->size() == 2);
  CHECK(all->front().name == "cab");
  REQUIRE(RemoveSourceConfig(folder, "cab").ok());
  CHECK(RemoveSourceConfig(folder, "cab").code() == store::ErrorCode::kNotFound);
  testing::WriteFile(folder / "broken.properties", "what\n");
  CHECK_FALSE(ReadSourceConfigs(folder).ok());
}

TEST_CASE("a password file must be private to its owner", "[sources]") {
  testing::TempDir dir;
  auto file = dir.path() / "ddt.secret";
  REQUIRE(WritePasswordFile(file, "s3cret pass").ok());
  struct stat st;
  REQUIRE(::stat(file.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  CHECK(*ReadPasswordFile(file) == "s3cret pass");
  ::chmod(file.c_str(), 0644);
  auto refused = ReadPasswordFile(file);
  CHECK(refused.status().code() == store::ErrorCode::kPermissionDenied);
  CHECK(refused.status().message().find("s3cret") == std::string::npos);
}
