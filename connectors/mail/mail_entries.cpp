#include "connectors/mail/mail_entries.h"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>

#include "connectors/mail/mail_message.h"
#include "dms-server/store/file_util.h"

namespace synaps::connectors::mail {

using store::Result;
using store::Status;

namespace {

class MailReader : public EntryReader {
 public:
  MailReader(std::unique_ptr<EntryReader> inner, std::string key)
      : inner_(std::move(inner)), key_(std::move(key)) {}

  Result<size_t> Read(char* buffer, size_t size) override {
    SYNAPS_ASSIGN_OR_RETURN(size_t n, inner_->Read(buffer, size));
    if (!header_done_) {
      size_t take = std::min(n, kMaxHeaderBytes - head_.size());
      head_.append(buffer, take);
      // Enough once the empty line that ends the header has passed.
      header_done_ = head_.size() >= kMaxHeaderBytes || head_.find("\n\n") != std::string::npos ||
                     head_.find("\n\r\n") != std::string::npos;
    }
    return n;
  }

  Status Finish(EntryMetadata& metadata) override {
    SYNAPS_RETURN_IF_ERROR(inner_->Finish(metadata));
    SYNAPS_ASSIGN_OR_RETURN(MailHeader header, ParseMailHeader(head_));
    for (auto& item : MailMetadata(header)) metadata.push_back(std::move(item));
    name_ = MailDocumentName(header, key_);
    head_ = std::string();
    return Status::Ok();
  }

  std::string Name() const override { return name_; }

 private:
  std::unique_ptr<EntryReader> inner_;
  std::string key_;
  std::string head_;
  bool header_done_ = false;
  std::string name_;
};

class BytesReader : public EntryReader {
 public:
  explicit BytesReader(std::string bytes) : bytes_(std::move(bytes)) {}
  Result<size_t> Read(char* buffer, size_t size) override {
    size_t n = std::min(size, bytes_.size() - offset_);
    std::memcpy(buffer, bytes_.data() + offset_, n);
    offset_ += n;
    return n;
  }

 private:
  std::string bytes_;
  size_t offset_ = 0;
};

}  // namespace

std::unique_ptr<EntryReader> ReadAsMail(std::unique_ptr<EntryReader> inner, std::string key) {
  return std::make_unique<MailReader>(std::move(inner), std::move(key));
}

std::unique_ptr<EntryReader> ReadBytes(std::string bytes) {
  return std::make_unique<BytesReader>(std::move(bytes));
}

Result<std::vector<Entry>> MailParts::Children(const Entry& parent,
                                               const std::filesystem::path& content) {
  bytes_.clear();
  SYNAPS_ASSIGN_OR_RETURN(std::vector<MailPart> parts, ReadMailParts(content));
  std::vector<std::string> names = PartDocumentNames(parent.name, parts);
  // The parts belong to their message's thread.
  std::string thread;
  if (!parts.empty()) {
    std::ifstream in(content, std::ios::binary);
    std::string head(kMaxHeaderBytes, '\0');
    in.read(head.data(), static_cast<std::streamsize>(head.size()));
    head.resize(static_cast<size_t>(in.gcount()));
    if (auto header = ParseMailHeader(head); header.ok()) thread = header->Thread();
  }
  std::vector<Entry> children;
  for (size_t i = 0; i < parts.size(); ++i) {
    Entry child;
    child.key = parent.key + "#" + std::to_string(i + 1);
    child.change_token = parent.change_token;
    child.folder = parent.folder;
    child.name = names[i];
    child.size = static_cast<int64_t>(parts[i].bytes.size());
    child.mtime_ms = parent.mtime_ms;
    child.parent_key = parent.key;
    if (!thread.empty()) child.metadata.emplace_back("mail.thread", thread);
    bytes_[child.key] = std::move(parts[i].bytes);
    children.push_back(std::move(child));
  }
  return children;
}

Result<std::unique_ptr<EntryReader>> MailParts::Open(const Entry& child) {
  auto found = bytes_.find(child.key);
  if (found == bytes_.end())
    return Status::NotFound(child.key + ": not a part of the last message");
  std::string bytes = std::move(found->second);
  bytes_.erase(found);
  return ReadBytes(std::move(bytes));
}

store::Status WalkMailboxFiles(
    const std::filesystem::path& location, ListingSink& sink,
    const std::function<void(const WalkedFile& file, bool single)>& each) {
  struct stat st;
  if (::stat(location.c_str(), &st) != 0) return store::ErrnoStatus("cannot read", location, errno);
  const bool single = S_ISREG(st.st_mode);
  store::Status failed;
  WalkTree(
      location, [&](WalkedFile file) { each(file, single); },
      [&](SkippedEntry skipped) {
        if (skipped.unlisted_folder && skipped.unlisted_folder->empty()) {
          failed = store::Status::Io(location.string() + ": " + skipped.reason);
          return;
        }
        sink.Skipped(skipped.source.string(), skipped.reason, skipped.unlisted_folder.value_or(""));
      });
  return failed;
}

std::string KeyPart(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '#') {
      out += "%23";
    } else {
      out.push_back(c);
    }
  }
  return out;
}

}  // namespace synaps::connectors::mail
