#include "connectors/share/share_source.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "connectors/filesystem/tree_walker.h"
#include "dms-server/store/file_util.h"
#include "dms-server/store/names.h"

namespace synaps::connectors {

namespace fs = std::filesystem;
using store::Result;
using store::Status;

namespace {

int64_t MtimeNs(const struct stat& st) {
  return static_cast<int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
}

std::string ChangeToken(int64_t size, int64_t mtime_ns) {
  return std::to_string(size) + ":" + std::to_string(mtime_ns);
}

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

class ShareSource : public Source {
 public:
  ShareSource(std::vector<fs::path> roots, bool import)
      : roots_(std::move(roots)), import_(import) {}

  std::string Describe() const override {
    if (!import_) return roots_.front().string();
    std::string text = "import";
    for (const fs::path& root : roots_) text += " " + root.string();
    return text;
  }

  Status List(ListingSink& sink) override {
    for (const fs::path& root : roots_) {
      if (!import_) {
        struct stat st;
        if (::stat(root.c_str(), &st) != 0) return store::ErrnoStatus("cannot read", root, errno);
        if (!S_ISDIR(st.st_mode)) return Status::Invalid(root.string() + " is not a folder");
      }
      Status failed;
      WalkTree(
          root,
          [&](WalkedFile file) {
            Entry entry;
            entry.key = import_ ? file.source.string() : RelativeKey(file);
            entry.change_token = ChangeToken(file.size, file.mtime_ns);
            entry.folder = std::move(file.relative_folders);
            entry.name = std::move(file.name);
            entry.size = file.size;
            entry.mtime_ms = file.mtime_ns / 1000000;
            sink.Add(std::move(entry));
          },
          [&](SkippedEntry skipped) {
            if (!import_ && skipped.unlisted_folder && skipped.unlisted_folder->empty()) {
              failed = Status::Io(root.string() + ": " + skipped.reason);
              return;
            }
            sink.Skipped(skipped.source.string(), skipped.reason,
                         import_ ? std::string() : skipped.unlisted_folder.value_or(""));
          });
      SYNAPS_RETURN_IF_ERROR(failed);
    }
    return Status::Ok();
  }

  Result<std::unique_ptr<EntryReader>> Open(const Entry& entry) override {
    fs::path path = import_ ? fs::path(entry.key) : roots_.front() / entry.key;
    int fd = ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) {
      if (errno == ENOENT) return Status::NotFound("vanished since it was listed");
      return store::ErrnoStatus("cannot open", path, errno);
    }
    store::UniqueFd owner(fd);
    struct stat before;
    if (::fstat(fd, &before) != 0) return store::ErrnoStatus("cannot read", path, errno);
    if (!S_ISREG(before.st_mode)) return Status::Invalid("not a regular file");
    if (ChangeToken(before.st_size, MtimeNs(before)) != entry.change_token) {
      return Status::Conflict(
          "changed since it was listed (still being written?); left for the "
          "next run");
    }
    ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
    return std::unique_ptr<EntryReader>(new FileReader(std::move(owner), path, before));
  }

 private:
  static std::string RelativeKey(const WalkedFile& file) {
    std::string key;
    for (const std::string& folder : file.relative_folders) key += folder + "/";
    return key + file.name;
  }

  std::vector<fs::path> roots_;
  bool import_;
};

}  // namespace

Result<std::unique_ptr<Source>> MakeShareSource(const SourceConfig& config) {
  fs::path location = config.location;
  if (!location.is_absolute()) {
    return Status::Invalid("a share's location is an absolute path, not " + config.location);
  }
  return std::unique_ptr<Source>(new ShareSource({location.lexically_normal()}, false));
}

std::unique_ptr<Source> MakeImportSource(std::vector<fs::path> roots) {
  return std::make_unique<ShareSource>(std::move(roots), true);
}

}  // namespace synaps::connectors
