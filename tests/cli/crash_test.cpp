// Kills `synaps import` with SIGKILL at random instants, many times, then checks that the store
// is consistent and that every committed version holds exactly the bytes of a file that existed.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <random>
#include <set>

#include "dms-server/store/store.h"
#include "tests/support/files.h"
#include "tests/support/process.h"
#include "tests/support/temp_dir.h"

using namespace synaps;
using synaps::testing::BinPath;
using synaps::testing::Run;

namespace {

// The content of generation `generation` of file `name`: a header naming both, then filler
// derived from them, so that any stored version can be checked against what was written.
std::string Generate(const std::string& name, int generation, size_t size) {
  std::string content = "name=" + name + " generation=" + std::to_string(generation) + "\n";
  std::mt19937 filler(static_cast<unsigned>(std::hash<std::string>()(name) + generation));
  while (content.size() < size) content.push_back(static_cast<char>('a' + filler() % 26));
  return content;
}

size_t SizeOf(int index) {
  return index == 0 ? (24u << 20) : 1024 + (index * 7919) % (96 * 1024);
}

std::string ReadVersion(store::Store& store, const store::Version& version) {
  auto fd = store.OpenContent(version);
  REQUIRE(fd.ok());
  std::string content;
  std::vector<char> buffer(1 << 16);
  for (;;) {
    auto n = store::ReadSome(fd->get(), buffer.data(), buffer.size(), "blob");
    REQUIRE(n.ok());
    if (*n == 0) break;
    content.append(buffer.data(), *n);
  }
  return content;
}

}  // namespace

TEST_CASE("kill -9 at random instants of an import never leaves a half-written state",
          "[crash][slow]") {
  testing::TempDir dir;
  std::string data = (dir.path() / "data").string();
  auto src = dir.path() / "src";
  REQUIRE(Run({BinPath("synaps"), "--data", data, "init"}).exit_code == 0);
  REQUIRE(Run({BinPath("synaps"), "--data", data, "service", "add", "CAB", "--name", "Cabinet"})
              .exit_code == 0);
  constexpr int kFiles = 150;
  std::vector<int> generation(kFiles, 0);
  auto name_of = [](int i) {
    return "dossier" + std::to_string(i % 7) + "/f" + std::to_string(i) + ".txt";
  };
  for (int i = 0; i < kFiles; ++i) {
    testing::WriteFile(src / name_of(i), Generate(name_of(i), 0, SizeOf(i)));
  }

  std::mt19937 random(20261123);
  constexpr int kRounds = 25;
  int killed = 0;
  for (int round = 0; round < kRounds; ++round) {
    for (int i = 0; i < kFiles; ++i) {
      if (random() % 5 == 0) {
        ++generation[i];
        testing::WriteFile(src / name_of(i), Generate(name_of(i), generation[i], SizeOf(i)));
      }
    }
    pid_t pid = testing::Spawn(
        {BinPath("synaps"), "--data", data, "import", src.string(), "--service", "CAB"});
    if (round % 5 != 4) {
      ::usleep(static_cast<useconds_t>(random() % 250000));
      if (::kill(pid, SIGKILL) == 0) ++killed;
    }
    int status = 0;
    ::waitpid(pid, &status, 0);
  }
  INFO("imports killed: " << killed);
  CHECK(killed > kRounds / 2);

  auto check = Run({BinPath("synaps"), "--data", data, "check"});
  INFO(check.out << check.err);
  REQUIRE(check.exit_code == 0);

  auto opened = store::Store::Open(data, store::Store::OpenMode::kMustExist);
  REQUIRE(opened.ok());
  auto& store = **opened;
  int64_t versions_checked = 0;
  for (int i = 0; i < kFiles; ++i) {
    auto document = store.FindDocument("/CAB/" + name_of(i));
    if (!document.ok()) continue;  // never committed before a kill: allowed
    auto versions = store.ListVersions(document->id);
    REQUIRE(versions.ok());
    std::string previous_blob;
    for (const auto& version : *versions) {
      std::string content = ReadVersion(store, version);
      std::string header = "name=" + name_of(i) + " generation=";
      REQUIRE(content.rfind(header, 0) == 0);
      int gen = std::stoi(content.substr(header.size()));
      CHECK(content == Generate(name_of(i), gen, SizeOf(i)));
      CHECK(version.blob != previous_blob);  // unchanged content never makes a version
      previous_blob = version.blob;
      ++versions_checked;
    }
  }
  CHECK(versions_checked > 0);

  // A last, uninterrupted run brings the store exactly up to date.
  auto final_run =
      Run({BinPath("synaps"), "--data", data, "import", src.string(), "--service", "CAB"});
  REQUIRE(final_run.exit_code == 0);
  for (int i = 0; i < kFiles; ++i) {
    auto document = store.FindDocument("/CAB/" + name_of(i));
    REQUIRE(document.ok());
    auto version = store.GetVersion(document->id, 0);
    REQUIRE(version.ok());
    CHECK(ReadVersion(store, *version) == Generate(name_of(i), generation[i], SizeOf(i)));
  }
  REQUIRE(Run({BinPath("synaps"), "--data", data, "gc"}).exit_code == 0);
  REQUIRE(Run({BinPath("synaps"), "--data", data, "check"}).exit_code == 0);
}
