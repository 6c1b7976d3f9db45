#include "dms-server/store/blob_store.h"

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <csignal>

#include "tests/support/files.h"
#include "tests/support/temp_dir.h"

using namespace synaps::store;
using synaps::testing::TempDir;

namespace {

Result<BlobInfo> Write(const BlobStore& blobs, const std::string& content) {
  SYNAPS_ASSIGN_OR_RETURN(auto writer, blobs.NewWriter());
  SYNAPS_RETURN_IF_ERROR(writer.Append(content.data(), content.size()));
  return writer.Commit();
}

}  // namespace

TEST_CASE("blobs are named by their SHA-256 and stored once", "[blob]") {
  TempDir dir;
  BlobStore blobs(dir.path() / "blobs");
  REQUIRE(blobs.Initialize().ok());
  auto first = Write(blobs, "abc");
  REQUIRE(first.ok());
  CHECK(first->sha256 == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(first->size == 3);
  CHECK(first->newly_stored);
  auto second = Write(blobs, "abc");
  REQUIRE(second.ok());
  CHECK_FALSE(second->newly_stored);
  CHECK(synaps::testing::ReadFile(blobs.PathOf(first->sha256)) == "abc");
  CHECK(blobs.LeftoverTemporaryFiles().empty());
  CHECK(blobs.Verify(first->sha256, 3).ok());
}

TEST_CASE("an abandoned writer leaves no temporary file", "[blob]") {
  TempDir dir;
  BlobStore blobs(dir.path() / "blobs");
  REQUIRE(blobs.Initialize().ok());
  {
    auto writer = blobs.NewWriter();
    REQUIRE(writer.ok());
    REQUIRE(writer->Append("partial", 7).ok());
    CHECK(blobs.LeftoverTemporaryFiles().size() == 1);
  }
  CHECK(blobs.LeftoverTemporaryFiles().empty());
}

TEST_CASE("verification detects tampered, truncated and missing blobs", "[blob]") {
  TempDir dir;
  BlobStore blobs(dir.path() / "blobs");
  REQUIRE(blobs.Initialize().ok());
  auto info = Write(blobs, "original content");
  REQUIRE(info.ok());
  synaps::testing::WriteFile(blobs.PathOf(info->sha256), "original contenT");
  auto tampered = blobs.Verify(info->sha256, info->size);
  CHECK(tampered.code() == ErrorCode::kCorruption);
  CHECK(tampered.message().find("hashes to") != std::string::npos);
  synaps::testing::WriteFile(blobs.PathOf(info->sha256), "original");
  CHECK(blobs.Verify(info->sha256, info->size).message().find("bytes, expected") !=
        std::string::npos);
  REQUIRE(blobs.Remove(info->sha256).ok());
  CHECK(blobs.Verify(info->sha256, info->size).message().find("missing") != std::string::npos);
}

TEST_CASE("a full disk gives a clear error and leaves nothing behind", "[blob][fault]") {
  TempDir dir;
  BlobStore blobs(dir.path() / "blobs");
  REQUIRE(blobs.Initialize().ok());
  // The file size limit makes write() fail with EFBIG exactly like a full disk would with ENOSPC;
  // run it in a child so the limit does not leak into the test process.
  int pipe_fds[2];
  REQUIRE(::pipe(pipe_fds) == 0);
  pid_t pid = ::fork();
  if (pid == 0) {
    ::signal(SIGXFSZ, SIG_IGN);
    rlimit limit{64 * 1024, 64 * 1024};
    ::setrlimit(RLIMIT_FSIZE, &limit);
    std::string big(1 << 20, 'x');
    auto result = Write(blobs, big);
    std::string message = result.ok() ? "unexpected success" : result.status().message();
    (void)!::write(pipe_fds[1], message.data(), message.size());
    ::_exit(result.ok() ? 1 : 0);
  }
  ::close(pipe_fds[1]);
  char buffer[512] = {};
  auto n = ::read(pipe_fds[0], buffer, sizeof buffer - 1);
  ::close(pipe_fds[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  REQUIRE(n > 0);
  INFO(buffer);
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
  CHECK(std::string(buffer).find("disk full") != std::string::npos);
  CHECK(blobs.LeftoverTemporaryFiles().empty());
  int files = 0;
  REQUIRE(blobs.ForEachBlob([&](const std::string&, int64_t) { ++files; }).ok());
  CHECK(files == 0);
}
