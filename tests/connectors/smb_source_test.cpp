// The smb source against a real Samba server that the test starts on loopback (as root, with
// its own configuration, port and user: ../shared recipe), through the ingest engine: first run,
// changes, a rename, a deletion, and a wrong password failing the source itself.
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <map>
#include <thread>

#include "connectors/ingest/ingest_engine.h"
#include "connectors/source/source_factory.h"
#include "connectors/source/sources_config.h"
#include "tests/connectors/source_ingest.h"
#include "tests/store/store_fixture.h"
#include "tests/support/files.h"
#include "tests/support/loopback.h"
#include "tests/support/process.h"
#include "tests/support/pst_writer.h"

using namespace synaps;
using synaps::testing::WriteFile;

namespace {

constexpr const char* kUser = "synapssmb";

// smbd serving T/share as //127.0.0.1:PORT/share to kUser; stopped when destroyed.
struct Samba {
  std::filesystem::path root;
  int port = 0;
  pid_t pid = -1;

  explicit Samba(const std::filesystem::path& dir) : root(dir / "samba") {
    for (const char* sub : {"private", "lock", "state", "cache", "pid", "ncalrpc", "log", "share"})
      std::filesystem::create_directories(root / sub);
    ::chmod(dir.c_str(), 0755);
    ::chmod(root.c_str(), 0755);
    testing::Run({"useradd", "-M", "-s", "/usr/sbin/nologin", kUser});  // may exist already
    REQUIRE(testing::Run({"chown", kUser, (root / "share").string()}).exit_code == 0);
    // Below Linux's ephemeral range (32768 and up) and Dovecot's ports (tests/support/dovecot.h).
    port = 30000 + static_cast<int>(::getpid() % 2700);
    const std::string t = root.string();
    WriteFile(root / "smb.conf",
              "[global]\n server role = standalone server\n"
              " interfaces = 127.0.0.1\n bind interfaces only = yes\n"
              " smb ports = " +
                  std::to_string(port) + "\n disable netbios = yes\n private dir = " + t +
                  "/private\n lock directory = " + t + "/lock\n state directory = " + t +
                  "/state\n cache directory = " + t + "/cache\n pid directory = " + t +
                  "/pid\n ncalrpc dir = " + t + "/ncalrpc\n log file = " + t +
                  "/log/log.%m\n passdb backend = tdbsam:" + t +
                  "/private/passdb.tdb\n map to guest = never\n"
                  " load printers = no\n disable spoolss = yes\n"
                  " server min protocol = SMB2_02\n[share]\n path = " +
                  t + "/share\n read only = no\n valid users = " + kUser + "\n");
    auto added = testing::Run({"smbpasswd", "-c", (root / "smb.conf").string(), "-s", "-a", kUser},
                              "mot2passe\nmot2passe\n");
    INFO(added.out << added.err);
    REQUIRE(added.exit_code == 0);
    // In a session of its own: stopping, smbd signals its whole process group.
    pid = testing::Spawn({"setsid", "smbd", "--foreground", "--no-process-group", "--debug-stdout",
                          "-s", (root / "smb.conf").string()});
    for (int i = 0; i < 100 && !testing::LoopbackPortOpen(port); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    REQUIRE(testing::LoopbackPortOpen(port));
  }
  ~Samba() {
    if (pid > 0) {
      ::kill(-pid, SIGTERM);  // smbd and its helpers, all in its session's group
      ::waitpid(pid, nullptr, 0);
    }
  }
  std::filesystem::path share() const { return root / "share"; }
  void Write(const std::string& relative, const std::string& content) {
    WriteFile(share() / relative, content);
    testing::Run({"chown", "-R", kUser, share().string()});
  }
};

// True, with a warning, when Samba cannot be started here (it needs root and smbd).
bool SambaMissing() {
  if (::geteuid() == 0 && testing::Run({"sh", "-c", "command -v smbd"}).exit_code == 0) {
    return false;
  }
  WARN("needs root and Samba's smbd (appliance/install-deps.sh installs it)");
  return true;
}

// An smb source of `samba`'s share for the service CAB, its password in a file of the test.
connectors::SourceConfig ShareConfig(testing::StoreFixture& f, const Samba& samba) {
  connectors::SourceConfig config;
  config.name = "partage-smb";
  config.type = "smb";
  config.location = "smb://127.0.0.1:" + std::to_string(samba.port) + "/share/";
  config.service_code = "CAB";
  config.user = kUser;
  config.password_file = f.dir.path() / "smb.secret";
  REQUIRE(connectors::WritePasswordFile(config.password_file, "mot2passe").ok());
  return config;
}

store::Result<connectors::IngestSummary> Ingest(testing::StoreFixture& f,
                                                const connectors::SourceConfig& config,
                                                std::vector<std::string>* problems = nullptr) {
  auto source = connectors::MakeSource(config);
  if (!source.ok()) return source.status();
  connectors::IngestEngine engine(*f.store, f.actor, connectors::OptionsFor(config),
                                  [](std::string_view, std::string_view) { return "text/plain"; });
  engine.set_problem_callback([&](const std::string& p) {
    if (problems) problems->push_back(p);
  });
  return engine.Run(**source);
}

}  // namespace

TEST_CASE("an SMB share is ingested through libsmbclient from a real Samba", "[ingest][smb]") {
  if (SambaMissing()) return;
  testing::StoreFixture f;
  Samba samba(f.dir.path());
  samba.Write("notes/crue.txt", "Note sur la crue de la Vallière");
  samba.Write("notes/sous dossier/arrêté été.txt", "Arrêté n° 2026-7");
  samba.Write("racine.txt", "à la racine");

  connectors::SourceConfig config = ShareConfig(f, samba);
  config.folder = {"SMB"};

  std::vector<std::string> problems;
  auto first = Ingest(f, config, &problems);
  INFO((problems.empty() ? "" : problems.front()));
  REQUIRE(first.ok());
  CHECK(first->created == 3);
  auto doc = f.store->FindDocument("/CAB/SMB/notes/sous dossier/arrêté été.txt");
  REQUIRE(doc.ok());
  CHECK(f.Content(doc->id, 0) == "Arrêté n° 2026-7");

  auto again = Ingest(f, config);
  REQUIRE(again.ok());
  CHECK(again->unchanged == 3);
  CHECK(again->bytes == 0);

  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  samba.Write("racine.txt", "à la racine, modifié");
  std::filesystem::rename(samba.share() / "notes" / "crue.txt",
                          samba.share() / "notes" / "crue-2026.txt");
  std::filesystem::remove(samba.share() / "notes" / "sous dossier" / "arrêté été.txt");
  auto third = Ingest(f, config);
  REQUIRE(third.ok());
  CHECK(third->changed == 1);
  CHECK(third->moved == 1);
  CHECK(third->deleted == 1);
  CHECK(f.store->FindDocument("/CAB/SMB/notes/crue-2026.txt").ok());
  CHECK(f.store->GetDocument(doc->id)->trashed_at.has_value());

  REQUIRE(connectors::WritePasswordFile(config.password_file, "pas le bon").ok());
  auto refused = Ingest(f, config);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.status().message().find("permission denied") != std::string::npos);
  CHECK(refused.status().message().find("pas le bon") == std::string::npos);
  CHECK(f.store->ListTrash()->size() == 1);  // a failed source deletes nothing
  CHECK(f.store->Check()->healthy());
}

namespace {

struct Listing : connectors::ListingSink {
  std::map<std::string, connectors::Entry> entries;
  void Add(connectors::Entry entry) override { entries[entry.key] = std::move(entry); }
  void Skipped(const std::string&, const std::string&, const std::string&) override {}
};

// Reads `entry` the way the engine does: Open(), Read() until 0, Finish().
store::Result<std::string> ReadWhole(connectors::Source& source, const connectors::Entry& entry) {
  SYNAPS_ASSIGN_OR_RETURN(auto reader, source.Open(entry));
  std::string content;
  char buffer[4];  // several reads for most files
  for (;;) {
    SYNAPS_ASSIGN_OR_RETURN(size_t n, reader->Read(buffer, sizeof buffer));
    if (n == 0) break;
    content.append(buffer, n);
  }
  connectors::EntryMetadata metadata;
  SYNAPS_RETURN_IF_ERROR(reader->Finish(metadata));
  return content;
}

}  // namespace

TEST_CASE("an SMB file changed since it was listed is left for the next run", "[ingest][smb]") {
  if (SambaMissing()) return;
  testing::StoreFixture f;
  Samba samba(f.dir.path());
  for (const char* name : {"stable.txt", "grandit.txt", "retrecit.txt", "reecrit.txt"}) {
    samba.Write(name, "compte rendu de la réunion");
  }
  auto source = connectors::MakeSource(ShareConfig(f, samba));
  REQUIRE(source.ok());
  Listing listing;
  REQUIRE((*source)->List(listing).ok());
  REQUIRE(listing.entries.size() == 4);

  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  samba.Write("grandit.txt", "compte rendu de la réunion, et la suite");  // grew
  samba.Write("retrecit.txt", "compte rendu");                            // shrank
  samba.Write("reecrit.txt", "COMPTE RENDU DE LA RÉUNION");               // same size, rewritten

  auto stable = ReadWhole(**source, listing.entries.at("stable.txt"));
  REQUIRE(stable.ok());
  CHECK(*stable == "compte rendu de la réunion");
  for (const char* name : {"grandit.txt", "retrecit.txt", "reecrit.txt"}) {
    INFO(name);
    auto changed = ReadWhole(**source, listing.entries.at(name));
    REQUIRE_FALSE(changed.ok());
    CHECK(changed.status().code() == store::ErrorCode::kConflict);
    CHECK(changed.status().message().find("left for the next run") != std::string::npos);
  }
}

TEST_CASE("an Outlook archive on an SMB share is read as a mailbox", "[ingest][smb][pst]") {
  if (SambaMissing()) return;
  testing::FindPstReader();
  testing::StoreFixture f;
  Samba samba(f.dir.path());
  testing::PstFolder archive;
  archive.name = "Archives";
  testing::PstFolder inbox;
  inbox.name = "Boîte de réception";
  testing::PstMessage message;
  message.subject = "Crue de la Vienne";
  message.body = "Niveau orange.\n";
  message.message_id = "<crue@haute-vienne.gouv.fr>";
  message.submit_time = 1575021600;
  message.attachments.push_back({"relevé.txt", "text/plain", "cote 3,20 m\n"});
  inbox.messages.push_back(message);
  archive.folders.push_back(inbox);
  std::filesystem::create_directories(samba.share() / "cabinet");
  testing::WritePst(samba.share() / "cabinet" / "Archives 2019.pst", archive);
  samba.Write("cabinet/faux.pst", "pas une archive");
  connectors::SourceConfig config = ShareConfig(f, samba);

  std::vector<std::string> problems;
  auto first = Ingest(f, config, &problems);
  REQUIRE(first.ok());
  CHECK(first->created == 3);  // the message, its attachment, the false archive as a file
  REQUIRE(problems.size() == 1);
  CHECK(problems[0].find("faux.pst") != std::string::npos);
  CHECK(problems[0].find("not an Outlook archive") != std::string::npos);
  auto folder = f.store->FindFolder("/CAB/cabinet/Archives 2019/Boîte de réception");
  REQUIRE(folder.ok());
  auto inside = f.store->ListFolder(*folder);
  REQUIRE(inside.ok());
  REQUIRE(inside->documents.size() == 2);  // the message and its attachment beside it
  std::map<std::string, int64_t> names;
  for (const auto& document : inside->documents) names[document.name] = document.id;
  // "2019-11-29 10h00 Crue de la Vienne [TAG].eml" and "... [TAG] - relevé.txt".
  for (const auto& [name, id] : names) {
    CHECK(name.rfind("2019-11-29 10h00 Crue de la Vienne [", 0) == 0);
    if (name.size() > 12 && name.compare(name.size() - 12, 12, "- relevé.txt") == 0) {
      CHECK(f.Content(id, 0) == "cote 3,20 m\n");
    }
  }
  CHECK_FALSE(f.store->FindDocument("/CAB/cabinet/Archives 2019.pst").ok());
  CHECK(f.store->FindDocument("/CAB/cabinet/faux.pst").ok());

  auto again = Ingest(f, config);
  REQUIRE(again.ok());
  CHECK(again->unchanged == 2);
  CHECK(again->created == 0);
  CHECK(again->deleted == 0);
  CHECK(f.store->Check()->healthy());
}
