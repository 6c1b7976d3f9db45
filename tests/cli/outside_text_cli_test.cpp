// The CLI and text from outside: what it prints never carries a terminal's control characters,
// even from data stored before text was validated; service codes in any case; what other
// services shared with a user.
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>

#include <catch2/catch.hpp>

#include "dms-server/store/names.h"
#include "dms-server/store/sqlite.h"
#include "tests/cli/cli_fixture.h"
#include "tests/support/files.h"

using synaps::testing::Cli;
using synaps::testing::WriteFile;
namespace store = synaps::store;

namespace {

bool HasTerminalControl(const std::string& text) {
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    if ((byte < 0x20 && c != '\n' && c != '\t') || byte == 0x7F) return true;
  }
  return text.find("\xC2\x9B") != std::string::npos || !store::IsValidUtf8(text);
}

}  // namespace

TEST_CASE("the CLI prints stored text with its control characters escaped", "[cli][text]") {
  Cli synaps;
  REQUIRE(synaps({"init"}).exit_code == 0);
  REQUIRE(synaps({"service", "add", "CAB", "--name", "Cabinet"}).exit_code == 0);
  WriteFile(synaps.dir.path() / "src" / "note.txt", "texte");
  auto imported = synaps({"import", (synaps.dir.path() / "src").string(), "--service", "CAB",
                          "--tag", "urgent", "--comment", "premier dépôt"});
  INFO(imported.err);
  REQUIRE(imported.exit_code == 0);
  // Refused on the way in, whoever stores it.
  WriteFile(synaps.dir.path() / "other" / "autre.txt", "autre texte");
  auto refused = synaps({"import", (synaps.dir.path() / "other").string(), "--service", "CAB",
                         "--comment", "\x1B]0;pwned\x07"});
  CHECK(refused.exit_code != 0);
  CHECK_FALSE(HasTerminalControl(refused.out + refused.err));
  CHECK(synaps({"tag", "/CAB/note.txt", "add", "a\x1B[31m"}).exit_code != 0);
  CHECK(synaps({"info", "/CAB/autre.txt"}).exit_code == 1);

  // Text stored before it was validated: written straight into the database.
  {
    auto db = store::sql::Database::Open(std::filesystem::path(synaps.data) / "synaps.db", false);
    REQUIRE(db.ok());
    REQUIRE((*db)
                ->Exec("UPDATE versions SET comment = 'ok' || char(27) || '[2J' || char(13) || "
                       "'fake' || char(10) || 'v9' || char(9) || 'x' || char(155) || 'y';"
                       "UPDATE tags SET name = 'tag' || char(27) || '[31m';"
                       "INSERT INTO metadata(document_id, key, value) VALUES (1, 'k', "
                       "'v' || char(7) || CAST(X'FF' AS TEXT));")
                .ok());
  }
  auto versions = synaps({"versions", "/CAB/note.txt"});
  INFO(versions.err);
  REQUIRE(versions.exit_code == 0);
  CHECK_FALSE(HasTerminalControl(versions.out));
  CHECK(versions.out.find("ok\\x1b[2J\\x0dfake\\x0av9\\x09x\\xc2\\x9by\n") != std::string::npos);
  CHECK(std::count(versions.out.begin(), versions.out.end(), '\n') == 1);  // one version, one line
  for (const std::vector<std::string>& words : {std::vector<std::string>{"tags"},
                                                {"info", "/CAB/note.txt"},
                                                {"meta", "/CAB/note.txt", "get"},
                                                {"ls", "/CAB"},
                                                {"audit"}}) {
    auto shown = synaps(words);
    INFO(words[0] << ": " << shown.err);
    CHECK(shown.exit_code == 0);
    CHECK_FALSE(HasTerminalControl(shown.out));
    CHECK_FALSE(HasTerminalControl(shown.err));
  }
  CHECK(synaps({"tags"}).out.find("tag\\x1b[31m") != std::string::npos);
  // Errors quote what they were given, escaped.
  auto missing = synaps({"info", "/CAB/\x1B[2Jx\xFF"});
  CHECK(missing.exit_code == 1);
  CHECK_FALSE(HasTerminalControl(missing.err));
  // JSON escapes by itself and stays JSON.
  auto json = synaps({"--json", "versions", "/CAB/note.txt"});
  REQUIRE(json.exit_code == 0);
  CHECK(json.out.find('\x1B') == std::string::npos);
  CHECK_NOTHROW(Poco::JSON::Parser().parse(json.out));
}

TEST_CASE("service codes are given in any case and stored in upper case", "[cli][text]") {
  Cli synaps;
  REQUIRE(synaps({"init"}).exit_code == 0);
  auto added = synaps({"service", "add", "ddt", "--name", "Direction départementale"});
  INFO(added.err);
  REQUIRE(added.exit_code == 0);
  CHECK(added.out.find("added service DDT") != std::string::npos);
  CHECK(synaps({"service", "add", "Ddt", "--name", "again"}).exit_code == 1);
  CHECK(synaps({"service", "list"}).out == "DDT\tDirection départementale\n");
  auto user = synaps({"user", "add", "marie", "--service", "ddt", "--password-stdin"},
                     "un mot de passe solide\n");
  INFO(user.err);
  REQUIRE(user.exit_code == 0);
  CHECK(synaps({"service", "members", "dDt"}).out.find("marie") != std::string::npos);
  WriteFile(synaps.dir.path() / "src" / "avis.txt", "avis favorable");
  REQUIRE(synaps({"import", (synaps.dir.path() / "src").string(), "--service", "ddt"}).exit_code ==
          0);
  CHECK(synaps({"ls", "/ddt"}).out.find("/DDT/avis.txt") != std::string::npos);
  CHECK(synaps({"info", "/ddt/avis.txt"}).exit_code == 0);
}

TEST_CASE("shares --incoming lists what other services shared with a user", "[cli][text]") {
  Cli synaps;
  REQUIRE(synaps({"init"}).exit_code == 0);
  REQUIRE(synaps({"service", "add", "CAB", "--name", "Cabinet"}).exit_code == 0);
  REQUIRE(synaps({"service", "add", "DDT", "--name", "DDT"}).exit_code == 0);
  REQUIRE(synaps({"user", "add", "agent", "--service", "DDT", "--password-stdin"},
                 "un mot de passe solide\n")
              .exit_code == 0);
  WriteFile(synaps.dir.path() / "src" / "crise" / "plan.txt", "plan");
  WriteFile(synaps.dir.path() / "src" / "public" / "avis.txt", "avis");
  WriteFile(synaps.dir.path() / "src" / "secret" / "note.txt", "note");
  REQUIRE(synaps({"import", (synaps.dir.path() / "src").string(), "--service", "CAB"}).exit_code ==
          0);
  REQUIRE(synaps({"share", "/CAB/crise/", "--with", "DDT", "--write"}).exit_code == 0);
  REQUIRE(synaps({"share", "/CAB/public/", "--everyone"}).exit_code == 0);

  auto listed = synaps({"shares", "--incoming", "--user", "agent"});
  INFO(listed.err);
  REQUIRE(listed.exit_code == 0);
  CHECK(listed.out.find("\t/CAB/crise/\tread-write\tDDT\t") != std::string::npos);
  CHECK(listed.out.find("\t/CAB/public/\tread\teveryone\t") != std::string::npos);
  CHECK(listed.out.find("secret") == std::string::npos);
  CHECK(std::count(listed.out.begin(), listed.out.end(), '\n') == 2);

  auto json = synaps({"--json", "shares", "--incoming", "--user", "agent"});
  REQUIRE(json.exit_code == 0);
  auto array = Poco::JSON::Parser().parse(json.out).extract<Poco::JSON::Array::Ptr>();
  REQUIRE(array->size() == 2);
  CHECK(array->getObject(0)->getValue<std::string>("path") == "/CAB/crise");
  CHECK(array->getObject(0)->getValue<std::string>("service") == "CAB");
  CHECK(array->getObject(0)->getValue<std::string>("access") == "read-write");
  CHECK(array->getObject(1)->isNull("shared_with"));

  CHECK(synaps({"shares", "--incoming", "--user", "nobody"}).exit_code == 1);
  CHECK(synaps({"shares", "--incoming"}).exit_code == 2);
  CHECK(synaps({"shares", "/CAB/crise/", "--incoming", "--user", "agent"}).exit_code == 2);
}
