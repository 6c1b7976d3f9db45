#include "connectors/mail/mbox_source.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <unordered_map>

#include "connectors/filesystem/local_file.h"
#include "connectors/filesystem/tree_walker.h"
#include "connectors/mail/mail_entries.h"
#include "connectors/mail/mbox_splitter.h"
#include "dms-server/store/file_util.h"

namespace synaps::connectors {

namespace fs = std::filesystem;
using store::Result;
using store::Status;

namespace {

constexpr size_t kChunk = 1 << 20;

bool EndsWith(const std::string& text, std::string_view end) {
  return text.size() >= end.size() && text.compare(text.size() - end.size(), end.size(), end) == 0;
}

// Files of a mail client's folder that are not mailboxes.
bool IsIndexFile(const std::string& name) {
  for (const char* end : {".msf", ".dat", ".json", ".sqlite", ".html", ".db", ".lock", ".tmp"}) {
    if (EndsWith(name, end)) return true;
  }
  return !name.empty() && name[0] == '.';
}

// A mailbox's name as a folder: "Archives.sbd" -> "Archives", "lists.mbox" -> "lists".
std::string FolderName(std::string name) {
  for (const char* end : {".sbd", ".mbox", ".mbx"}) {
    if (EndsWith(name, end) && name.size() > std::string_view(end).size()) {
      name.resize(name.size() - std::string_view(end).size());
      break;
    }
  }
  return name;
}

struct MboxFile {
  fs::path path;
  int64_t size = 0;
  int64_t mtime_ns = 0;
};

class MboxSource : public Source {
 public:
  explicit MboxSource(fs::path location) : location_(std::move(location)) {}

  std::string Describe() const override { return location_.string(); }

  Status List(ListingSink& sink) override {
    files_.clear();
    messages_.clear();
    return mail::WalkMailboxFiles(location_, sink, [&](const WalkedFile& file, bool single) {
      if (!single && IsIndexFile(file.name)) return;
      std::vector<std::string> folders;
      std::string relative;
      for (const std::string& folder : file.relative_folders) {
        relative += folder + "/";
        folders.push_back(FolderName(folder));
      }
      relative += file.name;
      folders.push_back(FolderName(file.name));
      ListFile(sink, file, relative, folders);
    });
  }

  Result<std::unique_ptr<EntryReader>> Open(const Entry& entry) override {
    if (!entry.parent_key.empty()) return parts_.Open(entry);
    auto found = messages_.find(entry.key);
    if (found == messages_.end()) return Status::NotFound("not listed");
    const auto& [file_index, message] = found->second;
    const MboxFile& file = files_[file_index];
    int fd = ::open(file.path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) {
      if (errno == ENOENT) return Status::NotFound("vanished since it was listed");
      return store::ErrnoStatus("cannot open", file.path, errno);
    }
    store::UniqueFd owner(fd);
    struct stat st;
    if (::fstat(fd, &st) != 0) return store::ErrnoStatus("cannot read", file.path, errno);
    if (st.st_size != file.size || MtimeNs(st) != file.mtime_ns) {
      return Status::Conflict("its mbox changed since it was listed; left for the next run");
    }
    std::string stored(message.length, '\0');
    size_t done = 0;
    while (done < stored.size()) {
      ssize_t n = ::pread(fd, stored.data() + done, stored.size() - done,
                          static_cast<off_t>(message.offset + done));
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) return store::ErrnoStatus("cannot read", file.path, errno);
      if (n == 0) return Status::Conflict("its mbox was cut short; left for the next run");
      done += static_cast<size_t>(n);
    }
    return mail::ReadAsMail(mail::ReadBytes(mail::UnquoteMboxMessage(stored)), entry.key);
  }

  bool HasChildren(const Entry& entry) const override {
    (void)entry;
    return true;
  }

  Result<std::vector<Entry>> Children(const Entry& parent, const fs::path& content) override {
    return parts_.Children(parent, content);
  }

 private:
  void ListFile(ListingSink& sink, const WalkedFile& walked, const std::string& relative,
                const std::vector<std::string>& folders) {
    int fd = ::open(walked.source.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) {
      // What was stored from it is not known to be gone.
      sink.Skipped(walked.source.string(), std::strerror(errno), relative + "/");
      return;
    }
    store::UniqueFd owner(fd);
    struct stat st;
    if (::fstat(fd, &st) != 0) {
      sink.Skipped(walked.source.string(), std::strerror(errno), relative + "/");
      return;
    }
    ::posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
    const size_t file_index = files_.size();
    files_.push_back({walked.source, st.st_size, MtimeNs(st)});
    std::vector<Entry> entries;
    mail::MboxSplitter splitter([&](const mail::MboxMessage& message) {
      if (message.length == 0) return;
      char hash[17];
      std::snprintf(hash, sizeof hash, "%016llx", static_cast<unsigned long long>(message.hash));
      Entry entry;
      entry.key = relative + "/" +
                  (message.message_id.empty() ? "" : mail::KeyPart(message.message_id) + "/") +
                  hash;
      // A copy of a message in the same mbox is the same entry: stored once.
      if (messages_.count(entry.key)) return;
      entry.change_token = hash;
      entry.folder = folders;
      entry.name = "message.eml";  // named by its header once read
      entry.size = static_cast<int64_t>(message.length);
      entry.mtime_ms = MtimeNs(st) / 1000000;
      entry.mime_type = mail::kMessageType;
      messages_[entry.key] = {file_index, message};
      entries.push_back(std::move(entry));
    });
    std::string buffer(kChunk, '\0');
    for (;;) {
      auto n = store::ReadSome(fd, buffer.data(), buffer.size(), walked.source);
      if (!n.ok()) {
        sink.Skipped(walked.source.string(), n.status().message(), relative + "/");
        return;
      }
      if (*n == 0) break;
      splitter.Feed(std::string_view(buffer.data(), *n));
    }
    splitter.Finish();
    if (entries.empty() && splitter.skipped() > 0) {
      sink.Skipped(walked.source.string(), "not an mbox (no line starts with \"From \")");
      return;
    }
    for (Entry& entry : entries) sink.Add(std::move(entry));
  }

  fs::path location_;
  std::vector<MboxFile> files_;
  std::unordered_map<std::string, std::pair<size_t, mail::MboxMessage>> messages_;
  mail::MailParts parts_;
};

}  // namespace

Result<std::unique_ptr<Source>> MakeMboxSource(const SourceConfig& config) {
  fs::path location = config.location;
  if (!location.is_absolute()) {
    return Status::Invalid("an mbox location is an absolute path, not " + config.location);
  }
  return std::unique_ptr<Source>(new MboxSource(location.lexically_normal()));
}

}  // namespace synaps::connectors
