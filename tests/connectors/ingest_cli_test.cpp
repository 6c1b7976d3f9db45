// `synaps source` and `synaps ingest` as an administrator runs them: sources as files, the JSON
// summary, exit statuses, kill -9 in the middle of a run (share, Maildir, IMAP), unreadable
// files.
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <map>
#include <random>
#include <set>

#include "connectors/mail/imap_answers.h"
#include "dms-server/store/store.h"
#include "tests/support/dovecot.h"
#include "tests/support/files.h"
#include "tests/support/process.h"
#include "tests/support/temp_dir.h"

using namespace synaps;
using synaps::testing::BinPath;
using synaps::testing::Run;

namespace {

// A data directory with service DDT and a sources folder of its own (through --config).
struct Appliance {
  testing::TempDir dir;
  std::string data = (dir.path() / "data").string();
  std::filesystem::path sources = dir.path() / "sources.d";
  std::filesystem::path share = dir.path() / "partage";
  std::string config = (dir.path() / "synaps.properties").string();
  std::vector<std::string> prefix;  // e.g. setpriv, to run as another user

  Appliance() {
    testing::WriteFile(config, "synaps.sources_dir = " + sources.string() + "\n");
    std::filesystem::create_directories(share);
  }
  void Setup() {
    REQUIRE((*this)({"init"}).exit_code == 0);
    REQUIRE((*this)({"service", "add", "DDT", "--name", "Territoires"}).exit_code == 0);
  }
  std::vector<std::string> Words(std::vector<std::string> words) {
    words.insert(words.begin(), {BinPath("synaps"), "--data", data, "--config", config});
    words.insert(words.begin(), prefix.begin(), prefix.end());
    return words;
  }
  testing::ProcessResult operator()(std::vector<std::string> words, const std::string& input = "") {
    return Run(Words(std::move(words)), input);
  }
  Poco::JSON::Object::Ptr Json(std::vector<std::string> words, int exit_code = 0) {
    words.insert(words.begin(), "--json");
    auto result = (*this)(words);
    INFO(result.out << result.err);
    REQUIRE(result.exit_code == exit_code);
    return Poco::JSON::Parser().parse(result.out).extract<Poco::JSON::Object::Ptr>();
  }
};

std::set<std::string> Keys(const Poco::JSON::Object::Ptr& object) {
  std::set<std::string> keys;
  for (const auto& [key, value] : *object) keys.insert(key);
  return keys;
}

}  // namespace

TEST_CASE("sources are added, listed, shown and removed, secrets are never printed",
          "[ingest][cli]") {
  Appliance a;
  a.Setup();
  auto added = a({"source", "add", "ddt", "--type", "share", "--location", a.share.string(),
                  "--service", "ddt", "--folder", "Partage", "--tag", "nuit", "--exclude", "*.tmp",
                  "--user", "svc", "--password-file", "-"},
                 "tr3s-secret\n");
  INFO(added.err);
  REQUIRE(added.exit_code == 0);
  CHECK(std::filesystem::exists(a.sources / "ddt.properties"));
  struct stat st;
  REQUIRE(::stat((a.sources / "ddt.secret").c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
  CHECK(testing::ReadFile(a.sources / "ddt.properties").find("tr3s") == std::string::npos);
  CHECK(a({"source", "add", "ddt", "--type", "share", "--location", a.share.string(), "--service",
           "DDT"})
            .exit_code != 0);
  CHECK(a({"source", "add", "x", "--type", "share", "--location", a.share.string(), "--service",
           "NOPE"})
            .exit_code != 0);

  auto list = a({"source", "list"});
  CHECK(list.out.find("ddt\tshare") != std::string::npos);
  auto show = a({"source", "show", "ddt"});
  CHECK(show.out.find("password:  set") != std::string::npos);
  CHECK(show.out.find("tr3s") == std::string::npos);
  REQUIRE(a({"ingest", "--source", "ddt"}).exit_code == 0);
  auto shown = a.Json({"source", "show", "ddt"});
  CHECK(shown->getValue<std::string>("password") == "set");
  CHECK(shown->getArray("runs")->size() == 1);
  CHECK(a({"--json", "source", "show", "ddt"}).out.find("tr3s") == std::string::npos);

  REQUIRE(a({"source", "rm", "ddt"}).exit_code == 0);
  CHECK_FALSE(std::filesystem::exists(a.sources / "ddt.properties"));
  CHECK_FALSE(std::filesystem::exists(a.sources / "ddt.secret"));
  CHECK(a({"source", "show", "ddt"}).exit_code != 0);
}

TEST_CASE("ingest prints exactly its summary keys and fails only when a source does",
          "[ingest][cli]") {
  Appliance a;
  a.Setup();
  testing::WriteFile(a.share / "a.txt", "alpha");
  testing::WriteFile(a.share / "sub" / "b.txt", "beta");
  REQUIRE(a({"source", "add", "ddt", "--type", "share", "--location", a.share.string(), "--service",
             "DDT"})
              .exit_code == 0);
  auto first = a.Json({"ingest", "--all"});
  CHECK(Keys(first) == std::set<std::string>{"new", "changed", "moved", "deleted", "failed",
                                             "skipped", "bytes", "duration"});
  CHECK(first->getValue<int>("new") == 2);
  auto dry = a.Json({"ingest", "--source", "ddt", "--dry-run"});
  CHECK(dry->getValue<int>("new") == 0);

  REQUIRE(a({"source", "add", "gone", "--type", "share", "--location",
             (a.dir.path() / "absent").string(), "--service", "DDT"})
              .exit_code == 0);
  auto all = a({"ingest", "--all"});
  CHECK(all.exit_code == 1);
  CHECK(all.err.find("source gone failed") != std::string::npos);
  CHECK(a({"ingest", "--source", "ddt"}).exit_code == 0);
  CHECK(a({"ingest", "--all", "--source", "ddt"}).exit_code == 2);
}

TEST_CASE("kill -9 in the middle of ingestion, then a run: every file exactly once",
          "[ingest][cli][crash][slow]") {
  Appliance a;
  a.Setup();
  constexpr int kFiles = 600;
  for (int i = 0; i < kFiles; ++i) {
    testing::WriteFile(a.share / ("d" + std::to_string(i % 13)) / ("f" + std::to_string(i)),
                       "file " + std::to_string(i) + std::string(static_cast<size_t>(i * 37), 'x'));
  }
  REQUIRE(a({"source", "add", "ddt", "--type", "share", "--location", a.share.string(), "--service",
             "DDT"})
              .exit_code == 0);
  std::mt19937 random(16);
  int killed = 0;
  for (int round = 0; round < 8; ++round) {
    if (round == 4) {  // moves and deletions while runs get killed
      std::filesystem::rename(a.share / "d1", a.share / "d1-renamed");
      for (int i = 2; i < kFiles; i += 13)
        std::filesystem::remove(a.share / "d2" / ("f" + std::to_string(i)));
    }
    pid_t pid = testing::Spawn(a.Words({"ingest", "--source", "ddt"}));
    ::usleep(static_cast<useconds_t>(20000 + random() % 150000));
    if (::kill(pid, SIGKILL) == 0) ++killed;
    int status = 0;
    ::waitpid(pid, &status, 0);
  }
  INFO("runs killed: " << killed);
  auto last = a({"ingest", "--source", "ddt"});
  INFO(last.err);
  REQUIRE(last.exit_code == 0);
  auto check = a({"check"});
  INFO(check.out << check.err);
  REQUIRE(check.exit_code == 0);

  auto opened = store::Store::Open(a.data, store::Store::OpenMode::kMustExist);
  REQUIRE(opened.ok());
  auto& store = **opened;
  int deleted = 0;
  for (int i = 0; i < kFiles; ++i) {
    std::string folder = "d" + std::to_string(i % 13);
    if (folder == "d1") folder = "d1-renamed";
    bool removed = folder == "d2";
    auto document = store.FindDocument("/DDT/" + folder + "/f" + std::to_string(i));
    if (removed) {
      CHECK_FALSE(document.ok());
      ++deleted;
      continue;
    }
    REQUIRE(document.ok());
    CHECK(document->current_version == 1);
  }
  CHECK(store.Stats()->documents == kFiles - deleted);
  CHECK(store.ListSourceEntries("ddt")->size() == static_cast<size_t>(kFiles - deleted));
  auto runs = store.ListIngestRuns(20, "ddt");
  REQUIRE(runs.ok());
  CHECK(runs->front().status == "completed");
  for (const auto& run : *runs) CHECK(run.status != "running");
}

TEST_CASE("unreadable files are failures with a reason and the run goes on", "[ingest][cli]") {
  Appliance a;
  if (::geteuid() == 0) {
    // Root reads everything: run the appliance as nobody, as the service account would.
    a.prefix = {"setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"};
    std::filesystem::permissions(a.dir.path(), std::filesystem::perms::all);
    REQUIRE(::chown(a.dir.path().c_str(), 65534, 65534) == 0);
    REQUIRE(::chown(a.share.c_str(), 65534, 65534) == 0);
  }
  a.Setup();
  testing::WriteFile(a.share / "lisible.txt", "ok");
  testing::WriteFile(a.share / "secret.txt", "fermé");
  testing::WriteFile(a.share / "fermé" / "dedans.txt", "fermé aussi");
  REQUIRE(::chmod((a.share / "secret.txt").c_str(), 0) == 0);
  REQUIRE(a({"source", "add", "ddt", "--type", "share", "--location", a.share.string(), "--service",
             "DDT"})
              .exit_code == 0);
  REQUIRE(a({"ingest", "--source", "ddt"}).exit_code == 0);  // with the folder readable
  REQUIRE(::chmod((a.share / "fermé").c_str(), 0) == 0);
  auto run = a({"--json", "ingest", "--source", "ddt"});
  ::chmod((a.share / "fermé").c_str(), 0755);
  INFO(run.out << run.err);
  REQUIRE(run.exit_code == 0);
  auto summary = Poco::JSON::Parser().parse(run.out).extract<Poco::JSON::Object::Ptr>();
  CHECK(summary->getValue<int>("failed") == 1);
  CHECK(summary->getValue<int>("skipped") == 1);
  CHECK(summary->getValue<int>("deleted") == 0);  // the unreadable folder's file is kept
  CHECK(run.err.find("secret.txt") != std::string::npos);
  CHECK(run.err.find("Permission denied") != std::string::npos);
  auto runs = a.Json({"source", "show", "ddt"})->getArray("runs");
  CHECK(runs->getObject(0)->getValue<std::string>("status") == "completed_with_errors");
}

namespace {

// A mail for the crash tests: every 40th with an attachment of its own.
std::string CrashMail(int i) {
  std::string head = "From: agent@prefecture.gouv.fr\r\nSubject: Courrier " + std::to_string(i) +
                     "\r\nMessage-ID: <crash-" + std::to_string(i) + "@x>\r\n";
  if (i % 40 != 0)
    return head + "\r\n" + std::string(static_cast<size_t>(200 + i * 13), 'c') + "\r\n";
  return head +
         "Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n"
         "Content-Type: text/plain\r\n\r\ncorps\r\n--b\r\n"
         "Content-Disposition: attachment; filename=\"annexe.txt\"\r\n\r\nannexe " +
         std::to_string(i) + "\r\n--b--\r\n";
}

// Runs `ingest --source NAME` `rounds` times, each killed with SIGKILL at a random instant,
// then once to the end; checks that the store is sound and every run record closed.
void KillThenFinish(Appliance& a, const std::string& name, int rounds) {
  std::mt19937 random(16);
  for (int round = 0; round < rounds; ++round) {
    pid_t pid = testing::Spawn(a.Words({"ingest", "--source", name}));
    ::usleep(static_cast<useconds_t>(30000 + random() % 250000));
    ::kill(pid, SIGKILL);
    int status = 0;
    ::waitpid(pid, &status, 0);
  }
  auto last = a({"ingest", "--source", name});
  INFO(last.err);
  REQUIRE(last.exit_code == 0);
  auto check = a({"check"});
  INFO(check.out << check.err);
  REQUIRE(check.exit_code == 0);
}

// Each message of `count` stored exactly once (and each attachment), under /DDT/FOLDER.
void EveryMailOnce(Appliance& a, const std::string& folder, int count, const std::string& name) {
  auto opened = store::Store::Open(a.data, store::Store::OpenMode::kMustExist);
  REQUIRE(opened.ok());
  auto& store = **opened;
  auto where = store.FindFolder("/DDT/" + folder);
  REQUIRE(where.ok());
  auto listing = store.ListFolder(*where);
  REQUIRE(listing.ok());
  std::map<std::string, int> subjects;
  int attachments = 0;
  for (const auto& document : listing->documents) {
    if (document.name.find("] - annexe.txt") != std::string::npos) {
      ++attachments;
      continue;
    }
    size_t at = document.name.find("Courrier ");
    REQUIRE(at != std::string::npos);
    ++subjects[document.name.substr(at, document.name.find(" [") - at)];
    CHECK(document.current_version == 1);
  }
  CHECK(subjects.size() == static_cast<size_t>(count));
  for (const auto& [subject, times] : subjects) CHECK(times == 1);
  CHECK(attachments == (count + 39) / 40);
  CHECK(store.Stats()->documents == static_cast<int64_t>(count + (count + 39) / 40));
  auto runs = store.ListIngestRuns(50, name);
  REQUIRE(runs.ok());
  CHECK(runs->front().status == "completed");
  for (const auto& run : *runs) CHECK(run.status != "running");
}

}  // namespace

TEST_CASE("kill -9 in the middle of a Maildir run, then a run: every message exactly once",
          "[ingest][cli][crash][mail][slow]") {
  Appliance a;
  a.Setup();
  constexpr int kMessages = 500;
  std::filesystem::path maildir = a.dir.path() / "Maildir";
  for (const char* sub : {"cur", "new", "tmp"}) std::filesystem::create_directories(maildir / sub);
  for (int i = 0; i < kMessages; ++i) {
    testing::WriteFile(maildir / "cur" / ("1772700000." + std::to_string(i) + ".host:2,S"),
                       CrashMail(i));
  }
  REQUIRE(a({"source", "add", "boite", "--type", "maildir", "--location", maildir.string(),
             "--service", "DDT"})
              .exit_code == 0);
  KillThenFinish(a, "boite", 6);
  EveryMailOnce(a, "INBOX", kMessages, "boite");
}

TEST_CASE("kill -9 in the middle of an IMAP run against Dovecot, then a run: every message once",
          "[ingest][cli][crash][mail][imap][slow]") {
  if (std::string why = testing::WhyNoDovecot(); !why.empty()) {
    WARN("skipped: " << why);
    return;
  }
  Appliance a;
  a.Setup();
  constexpr int kMessages = 400;
  testing::Dovecot dovecot(a.dir.path(), 2);
  for (int i = 0; i < kMessages; ++i) {
    dovecot.Deliver("1772700000." + std::to_string(i) + ".host", CrashMail(i));
  }
  dovecot.Own();
  REQUIRE(a({"source", "add", "imap-cab", "--type", "imap", "--location", dovecot.url(),
             "--service", "DDT", "--user", testing::Dovecot::kUser, "--password-file", "-",
             "--option", "imap.after=flag:$Archive"},
            std::string(testing::Dovecot::kPassword) + "\n")
              .exit_code == 0);
  KillThenFinish(a, "imap-cab", 6);
  EveryMailOnce(a, "INBOX", kMessages, "imap-cab");
  // Flagged once stored: every message, since every one was stored in the end.
  auto flagged = synaps::connectors::mail::ParseImapAnswers(
                     dovecot.Command("INBOX", "UID SEARCH KEYWORD $Archive"))
                     .search.size();
  CHECK(flagged == static_cast<size_t>(kMessages));
}
