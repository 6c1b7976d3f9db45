#include "indexer/index/index_compaction.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <xapian.h>

#include <cerrno>
#include <filesystem>

#include "indexer/index/xapian_error_status.h"

namespace synaps::indexer::index {
namespace {

namespace fs = std::filesystem;

// fsync()s a file or a directory; false with errno set on failure.
bool SyncPath(const fs::path& path, bool directory) {
  const int fd = ::open(path.c_str(), (directory ? O_RDONLY | O_DIRECTORY : O_RDONLY) | O_CLOEXEC);
  if (fd < 0) return false;
  const bool ok = ::fsync(fd) == 0;
  const int saved = errno;
  ::close(fd);
  errno = saved;
  return ok;
}

base::Status IoError(const std::string& what) {
  return {base::ErrorCode::kIoError, what + ": " + ::strerror(errno)};
}

fs::path Normal(const std::string& dir) {
  fs::path p = fs::path(dir).lexically_normal();
  if (!p.has_filename()) p = p.parent_path();  // "index/" → "index"
  return p;
}

}  // namespace

std::string CompactionScratchDirectory(const std::string& index_dir) {
  fs::path p = Normal(index_dir);
  return (p.parent_path() / (p.filename().string() + ".compacting")).string();
}

base::Status CompactAndExchange(const std::string& index_dir) {
  const fs::path index = Normal(index_dir);
  const fs::path scratch = CompactionScratchDirectory(index_dir);
  std::error_code error;
  fs::remove_all(scratch, error);
  if (error) return {base::ErrorCode::kIoError, "cannot clear " + scratch.string()};

  base::Status compacted = GuardXapian("compacting the index", [&] {
    // A reader of the committed revision: the writer's uncommitted changes are not wanted here.
    Xapian::Database(index.string())
        .compact(scratch.string(), Xapian::Compactor::FULL | Xapian::DBCOMPACT_NO_RENUMBER);
    return base::Status::Ok();
  });
  if (!compacted.ok()) {
    fs::remove_all(scratch, error);
    return compacted;
  }
  // Durable before it becomes the index: every file, then the directory's entries.
  for (const fs::directory_entry& entry : fs::directory_iterator(scratch, error)) {
    if (!SyncPath(entry.path(), false)) {
      base::Status failed = IoError("cannot flush " + entry.path().string());
      fs::remove_all(scratch, error);
      return failed;
    }
  }
  if (error || !SyncPath(scratch, true)) {
    base::Status failed = IoError("cannot flush " + scratch.string());
    fs::remove_all(scratch, error);
    return failed;
  }
  if (::renameat2(AT_FDCWD, scratch.c_str(), AT_FDCWD, index.c_str(), RENAME_EXCHANGE) != 0) {
    base::Status failed = IoError("cannot put the compacted index in place of " + index.string());
    fs::remove_all(scratch, error);
    return failed;
  }
  // The exchange is done and cannot be undone: flushing it is best effort (a crash before the
  // flush leaves either directory as the index, both complete).
  const fs::path parent = index.has_parent_path() ? index.parent_path() : fs::path(".");
  SyncPath(parent, true);
  return base::Status::Ok();
}

}  // namespace synaps::indexer::index
