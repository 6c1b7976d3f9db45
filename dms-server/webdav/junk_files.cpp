#include "dms-server/webdav/junk_files.h"

#include <algorithm>
#include <cctype>
#include <system_error>

#include "dms-server/store/store.h"

namespace synaps::webdav {

namespace {

std::string Lower(std::string_view text) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return lower;
}

bool StartsWith(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

bool EndsWith(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

}  // namespace

bool IsJunkName(std::string_view name) {
  std::string lower = Lower(name);
  return StartsWith(name, "~$") ||                                // Office's owner files
         (StartsWith(name, ".~lock.") && EndsWith(name, "#")) ||  // LibreOffice's locks
         EndsWith(lower, ".tmp") ||                               // Office's saves, ~WRL...
         StartsWith(name, "._") ||                                // macOS' AppleDouble
         name == ".DS_Store" || lower == "thumbs.db" || lower == "desktop.ini" ||
         StartsWith(name, ".goutputstream-") ||                 // GNOME's (GIO) saves
         (StartsWith(name, ".") && EndsWith(lower, ".swp")) ||  // vim's swap files
         (name.size() > 1 && EndsWith(name, "~"));              // editors' backups
}

std::string JunkFiles::Entry::ETag() const {
  return "\"junk-" + std::to_string(serial) + "\"";
}

JunkFiles::JunkFiles(std::filesystem::path directory, int64_t lifetime_ms)
    : directory_(std::move(directory)), lifetime_ms_(lifetime_ms) {}

JunkFiles::~JunkFiles() {
  std::error_code ignored;
  if (prepared_) std::filesystem::remove_all(directory_, ignored);
}

void JunkFiles::Forget(const Entry& entry) {
  std::error_code ignored;
  if (!entry.file.empty()) std::filesystem::remove(entry.file, ignored);
}

void JunkFiles::DropExpired() {
  int64_t now = store::NowMs();
  for (auto it = entries_.begin(); it != entries_.end();) {
    if (it->second.modified_at + lifetime_ms_ <= now) {
      Forget(it->second);
      it = entries_.erase(it);
    } else {
      ++it;
    }
  }
  std::erase_if(deletions_,
                [now](const auto& item) { return item.second.at + kRecentDeletionMs <= now; });
}

void JunkFiles::Put(Entry entry) {
  Key key{entry.folder_id, entry.name};
  auto it = entries_.find(key);
  if (it != entries_.end()) {
    if (it->second.file != entry.file) Forget(it->second);
    it->second = std::move(entry);
  } else {
    entries_.emplace(std::move(key), std::move(entry));
  }
}

std::optional<JunkFiles::Entry> JunkFiles::Find(int64_t folder_id, const std::string& name) {
  std::lock_guard lock(mu_);
  DropExpired();
  auto it = entries_.find(Key{folder_id, name});
  if (it == entries_.end()) return std::nullopt;
  return it->second;
}

std::vector<JunkFiles::Entry> JunkFiles::In(int64_t folder_id) {
  std::lock_guard lock(mu_);
  DropExpired();
  std::vector<Entry> entries;
  for (auto it = entries_.lower_bound(Key{folder_id, ""});
       it != entries_.end() && it->first.first == folder_id; ++it) {
    entries.push_back(it->second);
  }
  return entries;
}

bool JunkFiles::Parked(int64_t document_id) {
  std::lock_guard lock(mu_);
  DropExpired();
  return std::any_of(entries_.begin(), entries_.end(), [&](const auto& item) {
    return item.second.document_id == document_id && item.second.parked();
  });
}

std::vector<int64_t> JunkFiles::ParkedDocuments() {
  std::lock_guard lock(mu_);
  DropExpired();
  std::vector<int64_t> parked;
  for (const auto& [key, entry] : entries_) {
    if (entry.parked()) parked.push_back(entry.document_id);
  }
  return parked;
}

store::Result<std::filesystem::path> JunkFiles::NewFile() {
  std::lock_guard lock(mu_);
  std::error_code error;
  if (!prepared_) {
    // What a previous run left is gone with its entries.
    std::filesystem::remove_all(directory_, error);
    prepared_ = true;
  }
  std::filesystem::create_directories(directory_, error);
  if (error) {
    return store::Status::Io("cannot create " + directory_.string() + ": " + error.message());
  }
  return directory_ / ("file-" + std::to_string(++serial_));
}

void JunkFiles::Keep(int64_t folder_id, const std::string& name, const std::string& login,
                     std::filesystem::path file, int64_t size) {
  Entry entry;
  entry.file = std::move(file);
  Write(folder_id, name, login, size, std::move(entry));
}

void JunkFiles::Park(int64_t folder_id, const std::string& name, const std::string& login,
                     int64_t document_id, int64_t size) {
  Entry entry;
  entry.document_id = document_id;
  Write(folder_id, name, login, size, std::move(entry));
}

void JunkFiles::Write(int64_t folder_id, const std::string& name, const std::string& login,
                      int64_t size, Entry entry) {
  std::lock_guard lock(mu_);
  DropExpired();
  entry.folder_id = folder_id;
  entry.name = name;
  entry.login = login;
  entry.size = size;
  entry.modified_at = store::NowMs();
  entry.serial = ++serial_;
  Put(std::move(entry));
}

void JunkFiles::Unpark(int64_t document_id, int version) {
  std::lock_guard lock(mu_);
  for (auto& [key, entry] : entries_) {
    if (entry.document_id == document_id && entry.parked()) {
      entry.version = version;
      entry.serial = ++serial_;
    }
  }
}

bool JunkFiles::Rename(int64_t from_folder, const std::string& from_name, int64_t to_folder,
                       const std::string& to_name) {
  std::lock_guard lock(mu_);
  DropExpired();
  auto it = entries_.find(Key{from_folder, from_name});
  if (it == entries_.end()) return false;
  Entry entry = std::move(it->second);
  entries_.erase(it);
  entry.folder_id = to_folder;
  entry.name = to_name;
  entry.modified_at = store::NowMs();
  entry.serial = ++serial_;
  Put(std::move(entry));
  return true;
}

void JunkFiles::Remove(int64_t folder_id, const std::string& name) {
  std::lock_guard lock(mu_);
  auto it = entries_.find(Key{folder_id, name});
  if (it == entries_.end()) return;
  Forget(it->second);
  entries_.erase(it);
}

void JunkFiles::RememberDeletion(int64_t folder_id, const std::string& name,
                                 const std::string& login, int64_t document_id) {
  std::lock_guard lock(mu_);
  DropExpired();
  deletions_[Key{folder_id, name}] = Deletion{login, document_id, store::NowMs()};
}

std::optional<int64_t> JunkFiles::TakeRecentDeletion(int64_t folder_id, const std::string& name,
                                                     const std::string& login) {
  std::lock_guard lock(mu_);
  DropExpired();
  auto it = deletions_.find(Key{folder_id, name});
  if (it == deletions_.end() || it->second.login != login) return std::nullopt;
  int64_t document_id = it->second.document_id;
  deletions_.erase(it);
  return document_id;
}

}  // namespace synaps::webdav
