#include "dms-server/store/file_util.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

namespace synaps::store {

UniqueFd& UniqueFd::operator=(UniqueFd&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = std::exchange(other.fd_, -1);
  }
  return *this;
}

UniqueFd::~UniqueFd() {
  if (fd_ >= 0) ::close(fd_);
}

Status ErrnoStatus(std::string_view what, const std::filesystem::path& path, int error) {
  std::string message = std::string(what) + " " + path.string() + ": ";
  if (error == ENOSPC || error == EDQUOT || error == EFBIG) {
    message += "disk full (";
    message += std::strerror(error);
    message += ")";
  } else {
    message += std::strerror(error);
  }
  if (error == ENOENT) return Status::NotFound(message);
  if (error == EACCES || error == EPERM) return Status::Denied(message);
  return Status::Io(message);
}

Result<UniqueFd> OpenForReading(const std::filesystem::path& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return ErrnoStatus("cannot open", path, errno);
  return UniqueFd(fd);
}

Status WriteAll(int fd, const void* data, size_t size, const std::filesystem::path& path) {
  const char* p = static_cast<const char*>(data);
  while (size > 0) {
    ssize_t n = ::write(fd, p, size);
    if (n < 0) {
      if (errno == EINTR) continue;
      return ErrnoStatus("cannot write", path, errno);
    }
    p += n;
    size -= static_cast<size_t>(n);
  }
  return Status::Ok();
}

Result<size_t> ReadSome(int fd, void* data, size_t size, const std::filesystem::path& path) {
  for (;;) {
    ssize_t n = ::read(fd, data, size);
    if (n >= 0) return static_cast<size_t>(n);
    if (errno != EINTR) return ErrnoStatus("cannot read", path, errno);
  }
}

Status FsyncDirectory(const std::filesystem::path& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return ErrnoStatus("cannot open directory", dir, errno);
  UniqueFd owner(fd);
  if (::fsync(fd) != 0) return ErrnoStatus("cannot sync directory", dir, errno);
  return Status::Ok();
}

Status CopyFd(int in, const std::filesystem::path& in_path, int out,
              const std::filesystem::path& out_path) {
  std::vector<char> buffer(1 << 20);
  for (;;) {
    SYNAPS_ASSIGN_OR_RETURN(size_t n, ReadSome(in, buffer.data(), buffer.size(), in_path));
    if (n == 0) return Status::Ok();
    SYNAPS_RETURN_IF_ERROR(WriteAll(out, buffer.data(), n, out_path));
  }
}

}  // namespace synaps::store
