#include "connectors/filesystem/tree_walker.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <utility>

#include "dms-server/store/names.h"

namespace synaps::connectors {

namespace fs = std::filesystem;

namespace {

int64_t MtimeNs(const struct stat& st) {
  return static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
}

std::string RelativeFolder(const std::vector<std::string>& folders) {
  std::string path;
  for (const std::string& folder : folders) path += folder + "/";
  return path;
}

struct Walker {
  const std::function<void(WalkedFile)>& on_file;
  const std::function<void(SkippedEntry)>& on_skipped;
  std::vector<std::pair<dev_t, ino_t>> ancestors;  // the folders being walked, root first

  void Skip(const fs::path& path, std::string reason) {
    on_skipped({path, std::move(reason), std::nullopt});
  }

  // Walks the open folder `fd` (which this call closes) at `dir`.
  void Directory(int fd, const fs::path& dir, std::vector<std::string>& folders) {
    DIR* handle = ::fdopendir(fd);
    if (!handle) {
      int error = errno;
      ::close(fd);
      on_skipped({dir, std::string("cannot list folder: ") + std::strerror(error),
                  RelativeFolder(folders)});
      return;
    }
    std::vector<std::string> names;
    errno = 0;
    while (dirent* entry = ::readdir(handle)) {
      std::string name = entry->d_name;
      if (name != "." && name != "..") names.push_back(std::move(name));
      errno = 0;
    }
    if (errno != 0) {
      int error = errno;
      ::closedir(handle);
      on_skipped({dir, std::string("cannot list folder: ") + std::strerror(error),
                  RelativeFolder(folders)});
      return;
    }
    std::sort(names.begin(), names.end());
    int dir_fd = ::dirfd(handle);
    for (const std::string& name : names) Entry(dir_fd, dir / name, name, folders);
    ::closedir(handle);
  }

  void Entry(int dir_fd, const fs::path& path, const std::string& name,
             std::vector<std::string>& folders) {
    struct stat st;
    if (::fstatat(dir_fd, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) {
      Skip(path, errno == ENOENT ? "vanished while the folder was read"
                                 : std::string("cannot read: ") + std::strerror(errno));
      return;
    }
    if (S_ISLNK(st.st_mode)) {
      Skip(path, "symbolic link (not followed)");
      return;
    }
    if (!S_ISDIR(st.st_mode) && !S_ISREG(st.st_mode)) {
      Skip(path, "not a regular file");
      return;
    }
    store::Status valid = store::ValidateName(name);
    if (!valid.ok()) {
      Skip(path, valid.message() + (S_ISDIR(st.st_mode) ? " (folder skipped)" : ""));
      return;
    }
    if (S_ISREG(st.st_mode)) {
      on_file({path, folders, name, static_cast<int64_t>(st.st_size), MtimeNs(st)});
      return;
    }
    if (std::find(ancestors.begin(), ancestors.end(), std::make_pair(st.st_dev, st.st_ino)) !=
        ancestors.end()) {
      Skip(path, "folder loop (a folder inside itself; not followed)");
      return;
    }
    folders.push_back(name);
    int fd = ::openat(dir_fd, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) {
      on_skipped({path, std::string("cannot open folder: ") + std::strerror(errno),
                  RelativeFolder(folders)});
    } else {
      ancestors.emplace_back(st.st_dev, st.st_ino);
      Directory(fd, path, folders);
      ancestors.pop_back();
    }
    folders.pop_back();
  }
};

}  // namespace

void WalkTree(const fs::path& root, const std::function<void(WalkedFile)>& on_file,
              const std::function<void(SkippedEntry)>& on_skipped) {
  Walker walker{on_file, on_skipped, {}};
  struct stat st;
  if (::stat(root.c_str(), &st) != 0) {
    walker.Skip(root, std::string("cannot read: ") + std::strerror(errno));
    return;
  }
  std::vector<std::string> folders;
  if (S_ISDIR(st.st_mode)) {
    int fd = ::open(root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
      on_skipped({root, std::string("cannot open folder: ") + std::strerror(errno), ""});
      return;
    }
    walker.ancestors.emplace_back(st.st_dev, st.st_ino);
    walker.Directory(fd, root, folders);
    return;
  }
  // A file named on the command line: its name comes from the path (following a link given
  // explicitly is the user's choice).
  fs::path absolute = fs::absolute(root).lexically_normal();
  std::string name = absolute.filename().string();
  if (!S_ISREG(st.st_mode)) {
    walker.Skip(root, "not a regular file");
    return;
  }
  store::Status valid = store::ValidateName(name);
  if (!valid.ok()) {
    walker.Skip(root, valid.message());
    return;
  }
  on_file({root, {}, name, static_cast<int64_t>(st.st_size), MtimeNs(st)});
}

}  // namespace synaps::connectors
