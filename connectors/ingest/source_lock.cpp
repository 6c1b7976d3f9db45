#include "connectors/ingest/source_lock.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <string>

namespace synaps::connectors {

store::Result<SourceLock> SourceLock::Acquire(const std::filesystem::path& data_dir,
                                              std::string_view name) {
  std::filesystem::path dir = data_dir / "ingest";
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error) return store::Status::Io("cannot create " + dir.string() + ": " + error.message());
  std::filesystem::path path = dir / (std::string(name) + ".lock");
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) return store::ErrnoStatus("cannot open", path, errno);
  store::UniqueFd owner(fd);
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    if (errno == EWOULDBLOCK) {
      return store::Status::Busy("source " + std::string(name) +
                                 " is being ingested by another run; this one does not start");
    }
    return store::ErrnoStatus("cannot lock", path, errno);
  }
  return SourceLock(std::move(owner));
}

}  // namespace synaps::connectors
