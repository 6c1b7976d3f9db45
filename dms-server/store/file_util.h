// Small POSIX file helpers with Status errors: an owning file descriptor, full reads and writes,
// and directory fsync. errno is turned into a message that names the file.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>
#include <utility>

#include "dms-server/store/status.h"

namespace synaps::store {

// Owns a file descriptor and closes it on destruction. Movable, not copyable.
class UniqueFd {
 public:
  UniqueFd() = default;
  explicit UniqueFd(int fd) : fd_(fd) {}
  UniqueFd(UniqueFd&& other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
  UniqueFd& operator=(UniqueFd&& other) noexcept;
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;
  ~UniqueFd();

  int get() const { return fd_; }
  bool valid() const { return fd_ >= 0; }
  int release() { return std::exchange(fd_, -1); }

 private:
  int fd_ = -1;
};

// An IoError Status "<what> <path>: <strerror(errno)>"; ENOSPC and EDQUOT say "disk full".
Status ErrnoStatus(std::string_view what, const std::filesystem::path& path, int error);

Result<UniqueFd> OpenForReading(const std::filesystem::path& path);
Status WriteAll(int fd, const void* data, size_t size, const std::filesystem::path& path);
// Reads up to `size` bytes, retrying on EINTR. Returns the count read (0 at end of file).
Result<size_t> ReadSome(int fd, void* data, size_t size, const std::filesystem::path& path);
// Makes the directory entries of `dir` durable (a rename into it, a file created in it).
Status FsyncDirectory(const std::filesystem::path& dir);
// Copies all of `in` to `out` in bounded memory.
Status CopyFd(int in, const std::filesystem::path& in_path, int out,
              const std::filesystem::path& out_path);

}  // namespace synaps::store
