// `synaps user` and `synaps service` after creation: roles, passwords, disabled accounts,
// renamed services, and the audit log by service and page.
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>

#include <catch2/catch.hpp>

#include "dms-server/store/store.h"
#include "tests/cli/cli_fixture.h"
#include "tests/support/audit_log.h"
#include "tests/support/files.h"
#include "tests/support/process.h"
#include "tests/support/temp_dir.h"

using synaps::testing::BackdateAudit;
using synaps::testing::BinPath;
using synaps::testing::Cli;
using synaps::testing::ProcessResult;
using synaps::testing::Run;
using synaps::testing::TempDir;
namespace store = synaps::store;

TEST_CASE("accounts change after creation: roles, names, passwords, disabled", "[cli]") {
  Cli synaps;
  REQUIRE(synaps({"init"}).exit_code == 0);
  REQUIRE(synaps({"service", "add", "CAB", "--name", "Cabinet"}).exit_code == 0);
  REQUIRE(synaps({"service", "add", "DDT", "--name", "DDT"}).exit_code == 0);
  REQUIRE(
      synaps({"user", "add", "root", "--admin", "--password-stdin"}, "root-password\n").exit_code ==
      0);
  REQUIRE(
      synaps({"user", "add", "marie", "--service", "CAB", "--password-stdin"}, "marie-password\n")
          .exit_code == 0);

  auto role = synaps({"user", "role", "marie", "--service", "DDT", "--role", "manager"});
  INFO(role.err);
  REQUIRE(role.exit_code == 0);
  auto members = synaps({"service", "members", "DDT"});
  CHECK(members.out == "marie\tmarie\tmanager\n");
  REQUIRE(synaps({"user", "role", "marie", "--service", "CAB", "--role", "none"}).exit_code == 0);
  CHECK(synaps({"service", "members", "CAB"}).out.empty());
  CHECK(synaps({"user", "role", "marie", "--service", "CAB", "--role", "none"}).exit_code == 1);
  CHECK(synaps({"user", "role", "marie", "--service", "CAB", "--role", "boss"}).exit_code == 2);
  CHECK(synaps({"user", "role", "marie", "--service", "NOPE", "--role", "reader"}).exit_code == 1);
  CHECK(synaps({"user", "role", "marie", "--role", "reader"}).exit_code == 2);

  REQUIRE(synaps({"user", "set", "marie", "--name", "Marie Dupont", "--admin"}).exit_code == 0);
  {
    auto marie = synaps.Open()->FindUser("marie");
    CHECK(marie->display_name == "Marie Dupont");
    CHECK(marie->is_admin);
  }
  REQUIRE(synaps({"user", "set", "marie", "--no-admin"}).exit_code == 0);
  CHECK_FALSE(synaps.Open()->FindUser("marie")->is_admin);
  CHECK(synaps({"user", "set", "marie"}).exit_code == 2);
  CHECK(synaps({"user", "set", "marie", "--admin", "--no-admin"}).exit_code == 2);
  // The last administrator stays.
  auto last = synaps({"user", "set", "root", "--no-admin"});
  CHECK(last.exit_code == 1);
  CHECK(last.err.find("no enabled administrator") != std::string::npos);

  REQUIRE(
      synaps({"user", "passwd", "marie", "--password-stdin"}, "un nouveau secret\n").exit_code ==
      0);
  CHECK(synaps.Open()->Authenticate("marie", "un nouveau secret").ok());
  CHECK_FALSE(synaps.Open()->Authenticate("marie", "marie-password").ok());
  CHECK(synaps({"user", "passwd", "marie", "--password-stdin"}, "court\n").exit_code == 1);
  CHECK(synaps({"user", "passwd", "marie"}).exit_code == 2);

  REQUIRE(synaps({"user", "disable", "marie"}).exit_code == 0);
  CHECK(synaps({"user", "list"}).out.find("marie\tMarie Dupont\tDDT:manager\tdisabled\n") !=
        std::string::npos);
  CHECK_FALSE(synaps.Open()->Authenticate("marie", "un nouveau secret").ok());
  auto listed = synaps({"--json", "user", "list"});
  auto users = Poco::JSON::Parser().parse(listed.out).extract<Poco::JSON::Array::Ptr>();
  CHECK(users->getObject(0)->getValue<std::string>("login") == "marie");
  CHECK(users->getObject(0)->getValue<bool>("disabled"));
  REQUIRE(synaps({"user", "enable", "marie"}).exit_code == 0);
  CHECK(synaps.Open()->Authenticate("marie", "un nouveau secret").ok());
  CHECK(synaps({"user", "disable", "nobody"}).exit_code == 1);

  REQUIRE(synaps({"service", "rename", "CAB", "--name", "Cabinet de la préfète"}).exit_code == 0);
  CHECK(synaps({"service", "list"}).out.find("CAB\tCabinet de la préfète\n") != std::string::npos);
  CHECK(synaps({"service", "rename", "NOPE", "--name", "x"}).exit_code == 1);

  // The audit log by service, and by page with the ids of its first column.
  auto cab = synaps({"audit", "--service", "CAB"});
  CHECK(cab.out.find("service.rename") != std::string::npos);
  CHECK(cab.out.find("membership.remove") != std::string::npos);
  CHECK(cab.out.find("DDT:manager") == std::string::npos);
  auto page = synaps({"audit", "--limit", "2"});
  REQUIRE(page.exit_code == 0);
  std::string last_line = page.out.substr(page.out.rfind('\n', page.out.size() - 2) + 1);
  std::string last_id = last_line.substr(0, last_line.find('\t'));
  auto next = synaps({"audit", "--limit", "2", "--before", last_id});
  REQUIRE(next.exit_code == 0);
  CHECK(std::stoll(next.out.substr(0, next.out.find('\t'))) < std::stoll(last_id));
  CHECK(synaps({"audit", "--before", "x"}).exit_code == 2);
  CHECK(synaps({"audit", "--limit", "0"}).exit_code == 2);
}

TEST_CASE("audit --service takes a code in any case, and refuses an unknown one", "[cli]") {
  Cli synaps;
  REQUIRE(synaps({"init"}).exit_code == 0);
  REQUIRE(synaps({"service", "add", "CAB", "--name", "Cabinet"}).exit_code == 0);
  REQUIRE(synaps({"service", "add", "DDT", "--name", "DDT"}).exit_code == 0);
  auto upper = synaps({"audit", "--service", "CAB"});
  REQUIRE(upper.exit_code == 0);
  CHECK(upper.out.find("service.create") != std::string::npos);
  CHECK(upper.out.find("DDT") == std::string::npos);
  CHECK(synaps({"audit", "--service", "cab"}).out == upper.out);
  auto unknown = synaps({"audit", "--service", "NOPE"});
  CHECK(unknown.exit_code == 1);
  CHECK(unknown.err.find("NOPE") != std::string::npos);
}

TEST_CASE("audit prune deletes the entries older than synaps.audit.retention_days", "[cli]") {
  Cli synaps;
  REQUIRE(synaps({"init"}).exit_code == 0);
  REQUIRE(synaps({"service", "add", "CAB", "--name", "Cabinet"}).exit_code == 0);  // entry 1
  REQUIRE(synaps({"service", "add", "DDT", "--name", "DDT"}).exit_code == 0);      // 2
  REQUIRE(synaps({"service", "add", "DCL", "--name", "DCL"}).exit_code == 0);      // 3
  BackdateAudit(synaps.data, 1, 1, 400);
  BackdateAudit(synaps.data, 2, 2, 40);
  const std::string keep_forever = (synaps.dir.path() / "forever.properties").string();
  synaps::testing::WriteFile(keep_forever, "synaps.audit.retention_days = 0\n");
  const std::string month = (synaps.dir.path() / "month.properties").string();
  synaps::testing::WriteFile(month, "synaps.audit.retention_days = 30\n");
  const std::string negative = (synaps.dir.path() / "negative.properties").string();
  synaps::testing::WriteFile(negative, "synaps.audit.retention_days = -1\n");

  auto forever = synaps({"--config", keep_forever, "audit", "prune"});
  INFO(forever.err);
  REQUIRE(forever.exit_code == 0);
  CHECK(forever.out == "the audit log is kept forever (synaps.audit.retention_days = 0)\n");
  CHECK(synaps.Open()->ListAudit(store::AuditQuery{})->size() == 3);
  auto refused = synaps({"--config", negative, "audit", "prune"});
  CHECK(refused.exit_code == 2);
  CHECK(refused.err.find("synaps.audit.retention_days") != std::string::npos);
  CHECK(synaps({"audit", "prune", "now"}).exit_code == 2);
  CHECK(synaps({"audit", "prune", "--limit", "3"}).exit_code == 2);

  // The default: a year.
  auto year = synaps({"audit", "prune"});
  REQUIRE(year.exit_code == 0);
  CHECK(year.out == "deleted 1 audit entries older than 365 days\n");
  auto pruned = synaps.Json({"--config", month, "audit", "prune"});
  CHECK(pruned->getValue<int64_t>("deleted") == 1);
  CHECK(pruned->getValue<int>("retention_days") == 30);
  auto log = synaps({"audit"});
  REQUIRE(log.exit_code == 0);
  CHECK(log.out.find("\taudit.prune\t1 entries recorded before ") != std::string::npos);
  CHECK(log.out.find("\taudit.prune\t1 entries recorded before ", log.out.find('\n')) !=
        std::string::npos);
  CHECK(log.out.find("DCL") != std::string::npos);
  CHECK(log.out.find("CAB") == std::string::npos);
  CHECK(log.out.find("DDT") == std::string::npos);
}
