// `synaps backup` and `synaps restore BACKUP --data DIR` as an administrator runs them: a round
// trip keeps every document, version, tag and search answer; bad destinations and damaged
// backups get a clear error and leave nothing half-written.
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include "tests/cli/cli_fixture.h"
#include "tests/support/files.h"

namespace fs = std::filesystem;
using synaps::testing::Cli;
using synaps::testing::ReadFile;
using synaps::testing::WriteFile;

namespace {

// A data directory with two services, a few documents (one with two versions), a tag, indexed.
void Populate(Cli& cli) {
  REQUIRE(cli({"init"}).exit_code == 0);
  REQUIRE(cli({"service", "add", "CAB", "--name", "Cabinet"}).exit_code == 0);
  REQUIRE(cli({"service", "add", "DDT", "--name", "Territoires"}).exit_code == 0);
  auto src = cli.dir.path() / "src";
  WriteFile(src / "cab" / "crue.txt", "Arrêté préfectoral relatif à la crue de la Loire.\n");
  WriteFile(src / "cab" / "note.txt", "Note au préfet sur la sécheresse.\n");
  WriteFile(src / "ddt" / "plan.txt", "Plan de prévention des risques d'inondation.\n");
  REQUIRE(
      cli({"import", (src / "cab").string(), "--service", "CAB", "--folder", "Notes"}).exit_code ==
      0);
  REQUIRE(
      cli({"import", (src / "ddt").string(), "--service", "DDT", "--tag", "risques"}).exit_code ==
      0);
  WriteFile(src / "cab" / "crue.txt",
            "Arrêté préfectoral modifié : crue de la Loire et du Cher.\n");
  REQUIRE(
      cli({"import", (src / "cab").string(), "--service", "CAB", "--folder", "Notes"}).exit_code ==
      0);
  REQUIRE(cli({"index"}).exit_code == 0);
}

std::string Search(Cli& cli, const std::string& data, const std::string& query) {
  auto result = cli({"--data", data, "search", query});
  INFO(result.err);
  REQUIRE(result.exit_code == 0);
  // The first line times the search; the rest is the answer.
  return result.out.substr(result.out.find('\n') + 1);
}

// Mounts a tmpfs of `size` at `path` (root only); false where that cannot be done here.
struct Tmpfs {
  fs::path path;
  bool mounted = false;
  Tmpfs(fs::path where, const std::string& options) : path(std::move(where)) {
    fs::create_directories(path);
    mounted = ::geteuid() == 0 && ::mount("tmpfs", path.c_str(), "tmpfs", 0, options.c_str()) == 0;
  }
  ~Tmpfs() {
    if (mounted) ::umount2(path.c_str(), MNT_DETACH);
  }
};

}  // namespace

TEST_CASE("a backup restored into a new data directory holds everything, checked and indexed",
          "[backup]") {
  Cli cli;
  Populate(cli);
  std::string backup = (cli.dir.path() / "backup").string();
  auto written = cli.Json({"backup", backup});
  CHECK(written->getValue<int64_t>("documents") == 3);
  CHECK(written->getValue<int64_t>("versions") == 4);
  CHECK(written->getValue<bool>("index_included"));  // nothing was writing the index
  CHECK(fs::exists(fs::path(backup) / "manifest.json"));

  std::string restored = (cli.dir.path() / "restored").string();
  auto result = cli({"restore", backup, "--data", restored});
  INFO(result.out << result.err);
  REQUIRE(result.exit_code == 0);
  CHECK(result.out.find("check: ok") != std::string::npos);

  // The same documents, versions, tags, content and search answers.
  for (const char* listing : {"/CAB/Notes", "/DDT"}) {
    CHECK(cli({"--data", restored, "ls", listing}).out == cli({"ls", listing}).out);
  }
  CHECK(cli({"--data", restored, "versions", "/CAB/Notes/crue.txt"}).out ==
        cli({"versions", "/CAB/Notes/crue.txt"}).out);
  CHECK(cli({"--data", restored, "get", "/CAB/Notes/crue.txt", "--version", "1"}).out ==
        cli({"get", "/CAB/Notes/crue.txt", "--version", "1"}).out);
  CHECK(cli({"--data", restored, "tags"}).out == cli({"tags"}).out);
  for (const char* query : {"crue", "inondation", "secheresse", "Cher"}) {
    CHECK(Search(cli, restored, query) == Search(cli, cli.data, query));
  }
  CHECK(cli({"--data", restored, "check"}).exit_code == 0);

  // The restored data directory is private to its owner.
  struct stat info {};
  REQUIRE(::stat(restored.c_str(), &info) == 0);
  CHECK((info.st_mode & 0777) == 0700);
}

TEST_CASE("a backup without its index is restored with a rebuilt index", "[backup]") {
  Cli cli;
  Populate(cli);
  std::string backup = (cli.dir.path() / "backup").string();
  REQUIRE(cli.Json({"backup", backup})->getValue<bool>("index_included"));
  // As if the index had been busy: the manifest says it is not there.
  fs::remove_all(fs::path(backup) / "index");
  std::string manifest = ReadFile(fs::path(backup) / "manifest.json");
  auto flag = manifest.find("true", manifest.find("\"index_included\""));
  manifest.replace(flag, 4, "false");
  WriteFile(fs::path(backup) / "manifest.json", manifest);

  std::string restored = (cli.dir.path() / "restored").string();
  auto result = cli({"restore", backup, "--data", restored});
  INFO(result.out << result.err);
  REQUIRE(result.exit_code == 0);
  CHECK(result.out.find("indexed 3 documents") != std::string::npos);
  CHECK(Search(cli, restored, "crue") == Search(cli, cli.data, "crue"));
}

TEST_CASE("a backup refuses a destination that is not empty, and a missing data directory",
          "[backup][fault]") {
  Cli cli;
  Populate(cli);
  auto destination = cli.dir.path() / "taken";
  WriteFile(destination / "keep.txt", "someone's file");
  auto result = cli({"backup", destination.string()});
  CHECK(result.exit_code != 0);
  CHECK(result.err.find("exists and is not an empty folder") != std::string::npos);
  CHECK(ReadFile(destination / "keep.txt") == "someone's file");
  CHECK_FALSE(fs::exists(destination.string() + ".partial"));

  auto missing = cli(
      {"--data", (cli.dir.path() / "nothing").string(), "backup", (cli.dir.path() / "b").string()});
  CHECK(missing.exit_code != 0);
  CHECK(missing.err.find("no Synaps data directory") != std::string::npos);
  CHECK_FALSE(fs::exists(cli.dir.path() / "b"));
}

TEST_CASE("a backup to a full disk or a read-only file system fails clearly, leaving nothing",
          "[backup][fault]") {
  Cli cli;
  Populate(cli);
  auto src = cli.dir.path() / "big";
  for (int i = 0; i < 6; ++i) {
    WriteFile(src / ("f" + std::to_string(i) + ".bin"),
              std::string(512 * 1024, static_cast<char>('a' + i)));
  }
  REQUIRE(cli({"import", src.string(), "--service", "CAB"}).exit_code == 0);

  Tmpfs small(cli.dir.path() / "small", "size=2m");
  if (!small.mounted) {
    WARN("cannot mount a tmpfs here (needs root): full-disk backup not tried");
    return;
  }
  auto full = cli({"backup", (small.path / "backup").string()});
  INFO(full.out << full.err);
  CHECK(full.exit_code != 0);
  CHECK(full.err.find("disk full") != std::string::npos);
  CHECK(fs::is_empty(small.path));  // neither the backup nor its .partial folder

  Tmpfs read_only(cli.dir.path() / "ro", "size=64m,ro");
  REQUIRE(read_only.mounted);
  auto refused = cli({"backup", (read_only.path / "backup").string()});
  CHECK(refused.exit_code != 0);
  CHECK(refused.err.find("Read-only file system") != std::string::npos);

  auto nowhere = cli({"backup", (cli.dir.path() / "no" / "such" / "folder").string()});
  CHECK(nowhere.exit_code != 0);
  CHECK(nowhere.err.find("cannot create") != std::string::npos);
}

TEST_CASE("a damaged or truncated backup is refused before anything is restored",
          "[backup][fault]") {
  Cli cli;
  Populate(cli);
  auto backup = cli.dir.path() / "backup";
  REQUIRE(cli({"backup", backup.string()}).exit_code == 0);
  auto restored = cli.dir.path() / "restored";

  auto refused = [&](const std::string& expected) {
    auto result = cli({"restore", backup.string(), "--data", restored.string()});
    INFO(result.out << result.err);
    CHECK(result.exit_code != 0);
    CHECK(result.err.find(expected) != std::string::npos);
    CHECK_FALSE(fs::exists(restored));
    CHECK_FALSE(fs::exists(restored.string() + ".partial"));
  };

  // A blob cut short, then missing.
  fs::path blob;
  for (const auto& entry : fs::recursive_directory_iterator(backup / "blobs")) {
    if (entry.is_regular_file()) blob = entry.path();
  }
  REQUIRE_FALSE(blob.empty());
  std::string content = ReadFile(blob);
  WriteFile(blob, content.substr(0, content.size() / 2));
  refused("bytes instead of");
  fs::remove(blob);
  refused("lacks the blob");
  WriteFile(blob, content);

  // The database cut short.
  std::string database = ReadFile(backup / "synaps.db");
  WriteFile(backup / "synaps.db", database.substr(0, database.size() / 2));
  refused("does not match its manifest");
  WriteFile(backup / "synaps.db", database);

  // No manifest: not a backup; a malformed one.
  std::string manifest = ReadFile(backup / "manifest.json");
  fs::remove(backup / "manifest.json");
  refused("is not a Synaps backup");
  WriteFile(backup / "manifest.json", manifest.substr(0, 40));
  refused("is malformed");
  WriteFile(backup / "manifest.json", manifest);

  // A restore never mixes two data directories.
  auto into_existing = cli({"restore", backup.string(), "--data", cli.data});
  CHECK(into_existing.exit_code != 0);
  CHECK(into_existing.err.find("exists and is not an empty folder") != std::string::npos);

  // Whole again: it restores.
  CHECK(cli({"restore", backup.string(), "--data", restored.string()}).exit_code == 0);
}
