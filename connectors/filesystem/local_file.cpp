#include "connectors/filesystem/local_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

#include "dms-server/store/file_util.h"

namespace synaps::connectors {

namespace fs = std::filesystem;
using store::Result;
using store::Status;

namespace {

bool SameFileState(const struct stat& a, const struct stat& b) {
  return a.st_size == b.st_size && MtimeNs(a) == MtimeNs(b) &&
         a.st_ctim.tv_sec == b.st_ctim.tv_sec && a.st_ctim.tv_nsec == b.st_ctim.tv_nsec &&
         a.st_ino == b.st_ino;
}

class FileReader : public EntryReader {
 public:
  FileReader(store::UniqueFd fd, fs::path path, struct stat before)
      : fd_(std::move(fd)), path_(std::move(path)), before_(before) {}

  Result<size_t> Read(char* buffer, size_t size) override {
    SYNAPS_ASSIGN_OR_RETURN(size_t n, store::ReadSome(fd_.get(), buffer, size, path_));
    bytes_ += static_cast<int64_t>(n);
    return n;
  }

  Status Finish(EntryMetadata&) override {
    struct stat after;
    if (::fstat(fd_.get(), &after) != 0) return store::ErrnoStatus("cannot read", path_, errno);
    if (!SameFileState(before_, after) || bytes_ != after.st_size) {
      return Status::Conflict("changed while being read; left for the next run");
    }
    return Status::Ok();
  }

 private:
  store::UniqueFd fd_;
  fs::path path_;
  struct stat before_;
  int64_t bytes_ = 0;
};

}  // namespace

int64_t MtimeNs(const struct stat& st) {
  return static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
}

std::string LocalChangeToken(int64_t size, int64_t mtime_ns) {
  return std::to_string(size) + ":" + std::to_string(mtime_ns);
}

Result<std::unique_ptr<EntryReader>> OpenLocalFile(const fs::path& path,
                                                   std::string_view change_token) {
  int fd = ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return Status::NotFound("vanished since it was listed");
    return store::ErrnoStatus("cannot open", path, errno);
  }
  store::UniqueFd owner(fd);
  struct stat before;
  if (::fstat(fd, &before) != 0) return store::ErrnoStatus("cannot read", path, errno);
  if (!S_ISREG(before.st_mode)) return Status::Invalid("not a regular file");
  if (LocalChangeToken(before.st_size, MtimeNs(before)) != change_token) {
    return Status::Conflict(
        "changed since it was listed (still being written?); left for the "
        "next run");
  }
  ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
  return std::unique_ptr<EntryReader>(new FileReader(std::move(owner), path, before));
}

}  // namespace synaps::connectors
