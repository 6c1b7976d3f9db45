#include "connectors/filesystem/tree_walker.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "dms-server/store/names.h"

namespace synaps::connectors {

namespace fs = std::filesystem;

namespace {

struct Walker {
  const std::function<void(WalkedFile)>& on_file;
  const std::function<void(SkippedEntry)>& on_skipped;

  void Skip(const fs::path& path, std::string reason) { on_skipped({path, std::move(reason)}); }

  void Directory(const fs::path& dir, std::vector<std::string>& folders) {
    DIR* handle = ::opendir(dir.c_str());
    if (!handle) {
      Skip(dir, std::string("cannot open directory: ") + std::strerror(errno));
      return;
    }
    std::vector<std::string> names;
    while (dirent* entry = ::readdir(handle)) {
      std::string name = entry->d_name;
      if (name != "." && name != "..") names.push_back(std::move(name));
    }
    ::closedir(handle);
    std::sort(names.begin(), names.end());
    for (const std::string& name : names) Entry(dir / name, name, folders);
  }

  void Entry(const fs::path& path, const std::string& name, std::vector<std::string>& folders) {
    struct stat st;
    if (::lstat(path.c_str(), &st) != 0) {
      Skip(path, std::string("cannot read: ") + std::strerror(errno));
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
    if (S_ISDIR(st.st_mode)) {
      folders.push_back(name);
      Directory(path, folders);
      folders.pop_back();
      return;
    }
    on_file({path, folders, name, static_cast<int64_t>(st.st_size)});
  }
};

}  // namespace

void WalkTree(const fs::path& root, const std::function<void(WalkedFile)>& on_file,
              const std::function<void(SkippedEntry)>& on_skipped) {
  Walker walker{on_file, on_skipped};
  struct stat st;
  if (::stat(root.c_str(), &st) != 0) {
    walker.Skip(root, std::string("cannot read: ") + std::strerror(errno));
    return;
  }
  std::vector<std::string> folders;
  if (S_ISDIR(st.st_mode)) {
    walker.Directory(root, folders);
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
  on_file({root, {}, name, static_cast<int64_t>(st.st_size)});
}

}  // namespace synaps::connectors
