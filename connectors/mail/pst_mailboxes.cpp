#include "connectors/mail/pst_mailboxes.h"

#include <algorithm>
#include <cctype>
#include <cstdio>

namespace synaps::connectors::mail {

namespace fs = std::filesystem;
using store::Result;
using store::Status;

namespace {

// Two archives read at once: the one whose entries are being read, and the one before it
// whose last entries a reader thread may still be opening.
constexpr size_t kMaxRunning = 2;

}  // namespace

bool IsPstName(const std::string& name) {
  if (name.size() <= 4) return false;
  std::string end = name.substr(name.size() - 4);
  for (char& c : end) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return end == ".pst";
}

std::string ArchiveFolderName(const std::string& file_name) {
  return IsPstName(file_name) ? file_name.substr(0, file_name.size() - 4) : file_name;
}

bool PstMailboxes::ListFoundOnDrive(ListingSink& sink, const fs::path& path,
                                    const std::string& where, const std::string& key,
                                    std::vector<std::string> folders, const std::string& name,
                                    int64_t mtime_ms) {
  folders.push_back(ArchiveFolderName(name));
  Status listed = List(sink, path, key, folders, mtime_ms);
  if (listed.ok()) return true;
  sink.Skipped(where, "stored as a file, not read as a mailbox: " + listed.message());
  return false;
}

Status PstMailboxes::List(ListingSink& sink, const fs::path& path, const std::string& key,
                          const std::vector<std::string>& folders, int64_t mtime_ms) {
  auto reader = std::make_unique<PstReader>(path);
  std::vector<PstListedMessage> messages;
  std::vector<std::string> skipped;
  Status listed = reader->List(&messages, &skipped);
  reader->Stop();  // started again when its messages are read
  if (!listed.ok()) return listed;
  for (const std::string& reason : skipped) sink.Skipped(path.string(), reason);
  std::lock_guard<std::mutex> lock(mutex_);
  PstReader* owner = reader.get();
  if (PstReader* before = readers_[key].get()) {  // listed again: its old listing goes
    running_.erase(std::remove(running_.begin(), running_.end(), before), running_.end());
    std::erase_if(messages_, [&](const auto& message) { return message.second.reader == before; });
  }
  readers_[key] = std::move(reader);
  for (PstListedMessage& message : messages) {
    char node[20];
    std::snprintf(node, sizeof node, "%llx", static_cast<unsigned long long>(message.node));
    Entry entry;
    entry.key = key + "/";
    for (const std::string& folder : message.folders) entry.key += KeyPart(folder) + "/";
    entry.key += node;
    entry.change_token = message.change_token;
    entry.folder = folders;
    entry.folder.insert(entry.folder.end(), message.folders.begin(), message.folders.end());
    entry.name = "message.eml";  // named by its header once read
    entry.mtime_ms = mtime_ms;
    entry.mime_type = kMessageType;
    messages_[entry.key] = {owner, message.node};
    sink.Add(std::move(entry));
  }
  return Status::Ok();
}

bool PstMailboxes::Holds(const Entry& entry) const {
  std::lock_guard<std::mutex> lock(mutex_);
  return messages_.count(entry.parent_key.empty() ? entry.key : entry.parent_key) > 0;
}

void PstMailboxes::Running(PstReader* reader) {
  auto found = std::find(running_.begin(), running_.end(), reader);
  if (found != running_.end()) running_.erase(found);
  running_.push_back(reader);
  if (running_.size() > kMaxRunning) {
    running_.front()->Stop();
    running_.pop_front();
  }
}

Result<std::unique_ptr<EntryReader>> PstMailboxes::Open(const Entry& entry) {
  if (!entry.parent_key.empty()) return parts_.Open(entry);
  Listed listed;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto found = messages_.find(entry.key);
    if (found == messages_.end()) return Status::NotFound("not listed");
    listed = found->second;
    Running(listed.reader);
  }
  SYNAPS_ASSIGN_OR_RETURN(std::string mail, listed.reader->Message(listed.node));
  return ReadAsMail(ReadBytes(std::move(mail)), entry.key);
}

Result<std::vector<Entry>> PstMailboxes::Children(const Entry& parent, const fs::path& content) {
  return parts_.Children(parent, content);
}

}  // namespace synaps::connectors::mail
