// Fills a small tmpfs with an import: the import must stop with a clear "disk full" error and the
// store must stay consistent. Needs root to mount (CI runs as root); elsewhere it says so.
#include <sys/mount.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include "tests/support/files.h"
#include "tests/support/process.h"
#include "tests/support/temp_dir.h"

using synaps::testing::BinPath;
using synaps::testing::Run;

TEST_CASE("a full disk stops an import with a clear error and loses nothing", "[fault]") {
  synaps::testing::TempDir dir;
  auto mountpoint = dir.path() / "small";
  std::filesystem::create_directories(mountpoint);
  if (::geteuid() != 0 || ::mount("tmpfs", mountpoint.c_str(), "tmpfs", 0, "size=4m") != 0) {
    WARN("cannot mount a tmpfs here (needs root): disk-full test not run");
    return;
  }
  struct Unmount {
    std::filesystem::path path;
    ~Unmount() { ::umount2(path.c_str(), MNT_DETACH); }
  } unmount{mountpoint};

  std::string data = (mountpoint / "data").string();
  REQUIRE(Run({BinPath("synaps"), "--data", data, "init"}).exit_code == 0);
  REQUIRE(Run({BinPath("synaps"), "--data", data, "service", "add", "CAB", "--name", "Cabinet"})
              .exit_code == 0);
  auto src = dir.path() / "src";
  for (int i = 0; i < 12; ++i) {
    synaps::testing::WriteFile(src / ("f" + std::to_string(i) + ".bin"),
                               std::string(512 * 1024, static_cast<char>('a' + i)));
  }
  auto import =
      Run({BinPath("synaps"), "--data", data, "import", src.string(), "--service", "CAB"});
  INFO(import.out << import.err);
  CHECK(import.exit_code != 0);
  CHECK(import.err.find("disk full") != std::string::npos);

  auto check = Run({BinPath("synaps"), "--data", data, "check"});
  INFO(check.out << check.err);
  CHECK(check.exit_code == 0);
  // Room again: the next run completes what the first could not.
  REQUIRE(::mount("tmpfs", mountpoint.c_str(), "tmpfs", MS_REMOUNT, "size=64m") == 0);
  auto again = Run({BinPath("synaps"), "--data", data, "import", src.string(), "--service", "CAB"});
  INFO(again.out << again.err);
  CHECK(again.exit_code == 0);
  CHECK(Run({BinPath("synaps"), "--data", data, "check"}).exit_code == 0);
  auto listing = Run({BinPath("synaps"), "--data", data, "ls", "/CAB"});
  CHECK(std::count(listing.out.begin(), listing.out.end(), '\n') == 12);
}
