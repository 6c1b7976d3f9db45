#include "connectors/mail/maildir_source.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <unordered_map>

#include "connectors/filesystem/local_file.h"
#include "connectors/mail/mail_entries.h"
#include "connectors/mail/mailbox_name.h"
#include "dms-server/store/file_util.h"
#include "dms-server/store/names.h"

namespace synaps::connectors {

namespace fs = std::filesystem;
using store::Result;
using store::Status;

namespace {

struct Listed {
  std::string name;  // the directory entry's name
  unsigned char type = DT_UNKNOWN;
};

// The entries of `dir` but "." and "..", sorted by name. Fails with the reason.
Result<std::vector<Listed>> ReadDir(const fs::path& dir) {
  DIR* handle = ::opendir(dir.c_str());
  if (handle == nullptr) return store::ErrnoStatus("cannot read", dir, errno);
  std::vector<Listed> entries;
  errno = 0;
  while (dirent* entry = ::readdir(handle)) {
    std::string name = entry->d_name;
    if (name != "." && name != "..") entries.push_back({std::move(name), entry->d_type});
  }
  int error = errno;
  ::closedir(handle);
  if (error != 0) return store::ErrnoStatus("cannot read", dir, error);
  std::sort(entries.begin(), entries.end(),
            [](const Listed& a, const Listed& b) { return a.name < b.name; });
  return entries;
}

// The folders of a Maildir++ folder name (".Archives.2024" -> Archives, 2024), decoded.
std::vector<std::string> FolderNames(const std::string& dir_name) {
  std::vector<std::string> names;
  size_t start = 1;
  while (start <= dir_name.size()) {
    size_t dot = dir_name.find('.', start);
    if (dot == std::string::npos) dot = dir_name.size();
    std::string name = mail::DecodeMailboxName(dir_name.substr(start, dot - start));
    if (!name.empty()) names.push_back(name);
    start = dot + 1;
  }
  return names;
}

class MaildirSource : public Source {
 public:
  explicit MaildirSource(fs::path root) : root_(std::move(root)) {}

  std::string Describe() const override { return root_.string(); }

  Status List(ListingSink& sink) override {
    paths_.clear();
    struct stat st;
    if (::stat((root_ / "cur").c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
      return Status::Io(root_.string() + " is not a Maildir (no cur/ folder)");
    }
    ListFolder(sink, root_, "INBOX", {"INBOX"});
    SYNAPS_ASSIGN_OR_RETURN(auto entries, ReadDir(root_));
    for (const Listed& entry : entries) {
      if (entry.name.size() < 2 || entry.name[0] != '.' || entry.name == "..") continue;
      fs::path dir = root_ / entry.name;
      if (::stat((dir / "cur").c_str(), &st) != 0) continue;  // not a mail folder
      if (!store::IsValidUtf8(entry.name)) {
        sink.Skipped(dir.string(), "folder name is not valid UTF-8", entry.name + "/");
        continue;
      }
      std::vector<std::string> folders = FolderNames(entry.name);
      bool valid = !folders.empty();
      for (const std::string& folder : folders) valid = valid && store::ValidateName(folder).ok();
      if (!valid) {
        sink.Skipped(dir.string(), "folder name cannot be a folder's", entry.name + "/");
        continue;
      }
      ListFolder(sink, dir, entry.name, folders);
    }
    return Status::Ok();
  }

  Result<std::unique_ptr<EntryReader>> Open(const Entry& entry) override {
    if (!entry.parent_key.empty()) return parts_.Open(entry);
    auto found = paths_.find(entry.key);
    if (found == paths_.end()) return Status::NotFound("not listed");
    SYNAPS_ASSIGN_OR_RETURN(auto reader, OpenLocalFile(found->second, entry.change_token));
    return mail::ReadAsMail(std::move(reader), entry.key);
  }

  bool HasChildren(const Entry& entry) const override {
    (void)entry;
    return true;
  }

  Result<std::vector<Entry>> Children(const Entry& parent, const fs::path& content) override {
    return parts_.Children(parent, content);
  }

 private:
  // Lists new/ and cur/ of one folder, keyed "<key_folder>/<unique name>".
  void ListFolder(ListingSink& sink, const fs::path& dir, const std::string& key_folder,
                  const std::vector<std::string>& folders) {
    for (const char* sub : {"new", "cur"}) {
      auto entries = ReadDir(dir / sub);
      if (!entries.ok()) {
        sink.Skipped((dir / sub).string(), entries.status().message(), key_folder + "/");
        continue;
      }
      for (const Listed& listed : *entries) {
        if (listed.name[0] == '.') continue;
        fs::path path = dir / sub / listed.name;
        struct stat st;
        if (::lstat(path.c_str(), &st) != 0) {
          if (errno != ENOENT) sink.Skipped(path.string(), std::strerror(errno));
          continue;  // moved or read meanwhile: listed where it is now, or next run
        }
        if (!S_ISREG(st.st_mode)) {
          sink.Skipped(path.string(), "not a regular file");
          continue;
        }
        if (!store::IsValidUtf8(listed.name)) {
          sink.Skipped(path.string(), "name is not valid UTF-8");
          continue;
        }
        // The unique name ends where the flags start (":2,S"; '!' where ':' is not allowed).
        std::string unique = listed.name.substr(0, listed.name.find_first_of(":!"));
        Entry entry;
        entry.key = key_folder + "/" + unique;
        entry.change_token = LocalChangeToken(st.st_size, MtimeNs(st));
        entry.folder = folders;
        entry.name = unique + ".eml";
        entry.size = st.st_size;
        entry.mtime_ms = MtimeNs(st) / 1000000;
        entry.mime_type = mail::kMessageType;
        // Moved from new/ to cur/ while listing: already listed.
        if (!paths_.emplace(entry.key, path).second) continue;
        sink.Add(std::move(entry));
      }
    }
  }

  fs::path root_;
  std::unordered_map<std::string, fs::path> paths_;  // key -> file, as listed
  mail::MailParts parts_;
};

}  // namespace

Result<std::unique_ptr<Source>> MakeMaildirSource(const SourceConfig& config) {
  fs::path location = config.location;
  if (!location.is_absolute()) {
    return Status::Invalid("a Maildir's location is an absolute path, not " + config.location);
  }
  return std::unique_ptr<Source>(new MaildirSource(location.lexically_normal()));
}

}  // namespace synaps::connectors
