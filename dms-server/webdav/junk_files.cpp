#include "dms-server/webdav/junk_files.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <fstream>
#include <set>
#include <sstream>
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

// The list of entries kept beside their bytes, one line each, read back at the next start.
constexpr const char* kManifest = "entries";

// `text` with '%', tabs and line ends escaped (%25, %09, %0A, %0D), to sit in a manifest line.
std::string Escape(std::string_view text) {
  std::string escaped;
  for (char c : text) {
    if (c == '%' || c == '\t' || c == '\n' || c == '\r') {
      static const char kHex[] = "0123456789ABCDEF";
      escaped += '%';
      escaped += kHex[static_cast<unsigned char>(c) >> 4];
      escaped += kHex[static_cast<unsigned char>(c) & 15];
    } else {
      escaped += c;
    }
  }
  return escaped;
}

std::string Unescape(std::string_view text) {
  std::string plain;
  for (size_t i = 0; i < text.size(); ++i) {
    unsigned value = 0;
    if (text[i] == '%' && i + 2 < text.size() &&
        std::from_chars(text.data() + i + 1, text.data() + i + 3, value, 16).ptr ==
            text.data() + i + 3) {
      plain += static_cast<char>(value);
      i += 2;
    } else {
      plain += text[i];
    }
  }
  return plain;
}

int64_t ToInt(const std::string& text) {
  int64_t value = 0;
  std::from_chars(text.data(), text.data() + text.size(), value);
  return value;
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

JunkFiles::~JunkFiles() = default;

void JunkFiles::Prepare() {
  if (prepared_) return;
  prepared_ = true;
  // The entries a previous run kept, with their bytes; whatever else is there (a write cut
  // short, a manifest that cannot be read) goes.
  std::set<std::filesystem::path> kept;
  std::ifstream manifest(directory_ / kManifest);
  for (std::string line; std::getline(manifest, line);) {
    std::vector<std::string> fields;
    std::stringstream split(line);
    for (std::string field; std::getline(split, field, '\t');) fields.push_back(field);
    if (fields.size() != 9) continue;
    Entry entry;
    entry.folder_id = ToInt(fields[0]);
    entry.login = Unescape(fields[1]);
    entry.size = ToInt(fields[2]);
    entry.modified_at = ToInt(fields[3]);
    entry.serial = ToInt(fields[4]);
    if (!fields[5].empty()) entry.file = directory_ / Unescape(fields[5]);
    entry.document_id = ToInt(fields[6]);
    entry.version = static_cast<int>(ToInt(fields[7]));
    entry.name = Unescape(fields[8]);
    std::error_code missing;
    if (entry.file.empty() ? entry.document_id == 0
                           : !std::filesystem::is_regular_file(entry.file, missing)) {
      continue;
    }
    serial_ = std::max(serial_, entry.serial);
    if (!entry.file.empty()) kept.insert(entry.file);
    entries_[Key{entry.folder_id, entry.name}] = std::move(entry);
  }
  std::error_code error;
  for (auto it = std::filesystem::directory_iterator(directory_, error);
       !error && it != std::filesystem::directory_iterator(); it.increment(error)) {
    const std::filesystem::path& file = it->path();
    if (file.filename() == kManifest) continue;
    if (!kept.count(file)) {
      std::error_code ignored;
      std::filesystem::remove_all(file, ignored);
    } else if (file.filename().string().rfind("file-", 0) == 0) {
      serial_ = std::max(serial_, ToInt(file.filename().string().substr(5)));
    }
  }
}

void JunkFiles::Save() {
  std::error_code error;
  std::filesystem::create_directories(directory_, error);
  std::string text;
  for (const auto& [key, entry] : entries_) {
    text += std::to_string(entry.folder_id) + '\t' + Escape(entry.login) + '\t' +
            std::to_string(entry.size) + '\t' + std::to_string(entry.modified_at) + '\t' +
            std::to_string(entry.serial) + '\t' + Escape(entry.file.filename().string()) + '\t' +
            std::to_string(entry.document_id) + '\t' + std::to_string(entry.version) + '\t' +
            Escape(entry.name) + '\n';
  }
  // Written aside, then renamed over the last one: a crash leaves one or the other, whole.
  std::filesystem::path temporary = directory_ / (std::string(kManifest) + ".new");
  {
    std::ofstream out(temporary, std::ios::trunc);
    out << text;
    if (!out.flush()) return;  // the entries stay in memory; a restart forgets them
  }
  std::filesystem::rename(temporary, directory_ / kManifest, error);
}

void JunkFiles::Forget(const Entry& entry) {
  std::error_code ignored;
  if (!entry.file.empty()) std::filesystem::remove(entry.file, ignored);
}

void JunkFiles::DropExpired() {
  Prepare();
  int64_t now = store::NowMs();
  bool dropped = false;
  for (auto it = entries_.begin(); it != entries_.end();) {
    if (it->second.modified_at + lifetime_ms_ <= now) {
      Forget(it->second);
      it = entries_.erase(it);
      dropped = true;
    } else {
      ++it;
    }
  }
  if (dropped) Save();
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
  Save();
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
  Prepare();
  std::error_code error;
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
  DropExpired();
  for (auto& [key, entry] : entries_) {
    if (entry.document_id == document_id && entry.parked()) {
      entry.version = version;
      entry.serial = ++serial_;
    }
  }
  Save();
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
  DropExpired();
  auto it = entries_.find(Key{folder_id, name});
  if (it == entries_.end()) return;
  Forget(it->second);
  entries_.erase(it);
  Save();
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
