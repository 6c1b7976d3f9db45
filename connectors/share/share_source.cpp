#include "connectors/share/share_source.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "connectors/filesystem/local_file.h"
#include "connectors/filesystem/tree_walker.h"
#include "connectors/mail/pst_mailboxes.h"
#include "dms-server/store/file_util.h"
#include "dms-server/store/names.h"

namespace synaps::connectors {

namespace fs = std::filesystem;
using store::Result;
using store::Status;

namespace {

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
            if (!import_ && mail::IsPstName(file.name) && ListArchive(sink, file)) return;
            Entry entry;
            entry.key = import_ ? file.source.string() : RelativeKey(file);
            entry.change_token = LocalChangeToken(file.size, file.mtime_ns);
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

  bool HasChildren(const Entry& entry) const override { return archives_.Holds(entry); }

  Result<std::vector<Entry>> Children(const Entry& parent, const fs::path& content) override {
    return archives_.Children(parent, content);
  }

  Result<std::unique_ptr<EntryReader>> Open(const Entry& entry) override {
    if (archives_.Holds(entry)) return archives_.Open(entry);
    return OpenLocalFile(import_ ? fs::path(entry.key) : roots_.front() / entry.key,
                         entry.change_token);
  }

 private:
  // The messages of an Outlook archive are the documents, not the archive (false when it
  // cannot be read: it is then stored as the file it is).
  bool ListArchive(ListingSink& sink, const WalkedFile& file) {
    return archives_.ListFoundOnDrive(sink, file.source, file.source.string(), RelativeKey(file),
                                      file.relative_folders, file.name, file.mtime_ns / 1000000);
  }

  static std::string RelativeKey(const WalkedFile& file) {
    std::string key;
    for (const std::string& folder : file.relative_folders) key += folder + "/";
    return key + file.name;
  }

  std::vector<fs::path> roots_;
  bool import_;
  mail::PstMailboxes archives_;
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
