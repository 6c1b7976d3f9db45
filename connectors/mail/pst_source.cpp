#include "connectors/mail/pst_source.h"

#include "connectors/mail/mail_entries.h"
#include "connectors/mail/pst_mailboxes.h"

namespace synaps::connectors {

namespace fs = std::filesystem;
using store::Result;
using store::Status;

namespace {

class PstSource : public Source {
 public:
  explicit PstSource(fs::path location) : location_(std::move(location)) {}

  std::string Describe() const override { return location_.string(); }

  Status List(ListingSink& sink) override {
    return mail::WalkMailboxFiles(location_, sink, [&](const WalkedFile& file, bool single) {
      if (!single && !mail::IsPstName(file.name)) return;
      std::string key;
      std::vector<std::string> folders = file.relative_folders;
      for (const std::string& folder : file.relative_folders) key += folder + "/";
      key += file.name;
      folders.push_back(mail::ArchiveFolderName(file.name));
      Status listed = archives_.List(sink, file.source, key, folders, file.mtime_ns / 1000000);
      if (!listed.ok()) sink.Skipped(file.source.string(), listed.message(), key + "/");
    });
  }

  Result<std::unique_ptr<EntryReader>> Open(const Entry& entry) override {
    return archives_.Open(entry);
  }

  bool HasChildren(const Entry& entry) const override {
    (void)entry;
    return true;
  }

  Result<std::vector<Entry>> Children(const Entry& parent, const fs::path& content) override {
    return archives_.Children(parent, content);
  }

 private:
  fs::path location_;
  mail::PstMailboxes archives_;
};

}  // namespace

Result<std::unique_ptr<Source>> MakePstSource(const SourceConfig& config) {
  fs::path location = config.location;
  if (!location.is_absolute()) {
    return Status::Invalid("a pst location is an absolute path, not " + config.location);
  }
  return std::unique_ptr<Source>(new PstSource(location.lexically_normal()));
}

}  // namespace synaps::connectors
