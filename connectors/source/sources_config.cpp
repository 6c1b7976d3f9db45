#include "connectors/source/sources_config.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>

#include "dms-server/store/file_util.h"
#include "dms-server/store/names.h"

namespace synaps::connectors {

namespace fs = std::filesystem;
using store::Result;
using store::Status;

namespace {

constexpr std::string_view kExtension = ".properties";

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r'))
    text.remove_suffix(1);
  return text;
}

std::vector<std::string> SplitList(std::string_view text) {
  std::vector<std::string> items;
  while (!text.empty()) {
    size_t comma = text.find(',');
    std::string_view item = Trim(text.substr(0, comma));
    if (!item.empty()) items.emplace_back(item);
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return items;
}

std::string JoinList(const std::vector<std::string>& items, std::string_view separator) {
  std::string text;
  for (const std::string& item : items) text += (text.empty() ? "" : std::string(separator)) + item;
  return text;
}

Status CheckListItems(std::string_view what, const std::vector<std::string>& items) {
  for (const std::string& item : items) {
    SYNAPS_RETURN_IF_ERROR(store::ValidateLabel(what, item, 1024));
    if (item.find(',') != std::string::npos) {
      return Status::Invalid(std::string(what) + " '" + item + "' holds a comma");
    }
  }
  return Status::Ok();
}

fs::path FileOf(const fs::path& dir, std::string_view name) {
  return dir / (std::string(name) + std::string(kExtension));
}

// Writes `text` to `path` through a temporary file renamed into place, with `mode`.
Status WriteAtomically(const fs::path& path, std::string_view text, mode_t mode) {
  fs::path temp = path;
  temp += ".tmp" + std::to_string(::getpid());
  int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, mode);
  if (fd < 0) return store::ErrnoStatus("cannot create", temp, errno);
  store::UniqueFd owner(fd);
  Status written = store::WriteAll(fd, text.data(), text.size(), temp);
  if (written.ok() && ::fchmod(fd, mode) != 0) written = store::ErrnoStatus("chmod", temp, errno);
  if (written.ok() && ::fsync(fd) != 0) written = store::ErrnoStatus("cannot write", temp, errno);
  if (written.ok() && ::rename(temp.c_str(), path.c_str()) != 0) {
    written = store::ErrnoStatus("cannot rename into", path, errno);
  }
  if (!written.ok()) {
    ::unlink(temp.c_str());
    return written;
  }
  return store::FsyncDirectory(path.parent_path());
}

// The whole content of the open file `fd`, refused beyond `max_bytes`.
Result<std::string> ReadSmall(int fd, const fs::path& path, size_t max_bytes) {
  std::string text;
  char buffer[4096];
  for (;;) {
    SYNAPS_ASSIGN_OR_RETURN(size_t n, store::ReadSome(fd, buffer, sizeof buffer, path));
    if (n == 0) return text;
    text.append(buffer, n);
    if (text.size() > max_bytes) return Status::Invalid(path.string() + " is too large");
  }
}

}  // namespace

Status ValidateSourceName(std::string_view name) {
  bool ok = !name.empty() && name.size() <= 64 && name.front() != '.';
  for (char c : name) {
    ok = ok && ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                c == '_' || c == '-' || c == '.');
  }
  if (!ok) {
    return Status::Invalid(
        "a source's name has 1 to 64 letters, digits, '_', '-' or '.' (not "
        "first): '" +
        store::EscapeForDisplay(name) + "' will not do");
  }
  return Status::Ok();
}

Status ValidateSourceConfig(const SourceConfig& config) {
  SYNAPS_RETURN_IF_ERROR(ValidateSourceName(config.name));
  const std::string where = "source " + config.name + ": ";
  if (config.type.empty()) return Status::Invalid(where + "no type");
  if (config.location.empty()) return Status::Invalid(where + "no location");
  SYNAPS_RETURN_IF_ERROR(store::ValidateLabel("location", config.location, 4096));
  if (config.service_code.empty()) return Status::Invalid(where + "no service");
  SYNAPS_RETURN_IF_ERROR(store::ValidateServiceCode(config.service_code));
  for (const std::string& folder : config.folder) {
    SYNAPS_RETURN_IF_ERROR(store::ValidateName(folder));
  }
  SYNAPS_RETURN_IF_ERROR(CheckListItems("tag", config.tags));
  SYNAPS_RETURN_IF_ERROR(CheckListItems("include pattern", config.include));
  SYNAPS_RETURN_IF_ERROR(CheckListItems("exclude pattern", config.exclude));
  if (!config.user.empty()) SYNAPS_RETURN_IF_ERROR(store::ValidateLabel("user", config.user, 256));
  if (!config.password_file.empty() && !config.password_file.is_absolute()) {
    return Status::Invalid(where + "the password file is named by an absolute path");
  }
  for (const auto& [key, value] : config.options) {
    if (key.rfind(config.type + ".", 0) != 0) {
      return Status::Invalid(where + "option " + key + " is not one of type " + config.type +
                             " (its keys start with \"" + config.type + ".\")");
    }
    SYNAPS_RETURN_IF_ERROR(store::ValidateLabel(key, value, 4096));
  }
  return Status::Ok();
}

std::string FormatSourceConfig(const SourceConfig& config) {
  std::string text = "# Synaps source " + config.name +
                     " (connectors/README.md): `synaps source show " + config.name +
                     "` shows it with its last runs.\n";
  auto line = [&](std::string_view key, const std::string& value) {
    if (!value.empty()) text += std::string(key) + " = " + value + "\n";
  };
  line("type", config.type);
  line("location", config.location);
  line("service", config.service_code);
  line("folder", JoinList(config.folder, "/"));
  line("tags", JoinList(config.tags, ", "));
  line("include", JoinList(config.include, ", "));
  line("exclude", JoinList(config.exclude, ", "));
  line("on_delete", config.on_delete == DeletionPolicy::kKeep ? "keep" : "trash");
  line("user", config.user);
  line("password_file", config.password_file.string());
  for (const auto& [key, value] : config.options) line(key, value);
  return text;
}

Result<SourceConfig> ParseSourceConfig(std::string_view name, std::string_view text) {
  SourceConfig config;
  config.name = std::string(name);
  SYNAPS_RETURN_IF_ERROR(ValidateSourceName(name));
  if (!store::IsValidUtf8(text)) {
    return Status::Invalid("source " + config.name + ": the file is not valid UTF-8");
  }
  int number = 0;
  while (!text.empty()) {
    size_t end = text.find('\n');
    std::string_view line = Trim(text.substr(0, end));
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    ++number;
    if (line.empty() || line.front() == '#' || line.front() == '!') continue;
    const std::string where = "source " + config.name + ", line " + std::to_string(number) + ": ";
    size_t equals = line.find('=');
    if (equals == std::string_view::npos) return Status::Invalid(where + "not key = value");
    std::string key(Trim(line.substr(0, equals)));
    std::string_view value = Trim(line.substr(equals + 1));
    for (size_t hash = value.find('#'); hash != std::string_view::npos;
         hash = value.find('#', hash + 1)) {
      if (hash == 0 || value[hash - 1] == ' ' || value[hash - 1] == '\t') {
        value = Trim(value.substr(0, hash));
        break;
      }
    }
    std::string v(value);
    if (key == "type") {
      config.type = v;
    } else if (key == "location") {
      config.location = v;
    } else if (key == "service") {
      config.service_code = v;
    } else if (key == "folder") {
      auto folder = store::ParseFolderPath(v);
      if (!folder.ok()) return Status::Invalid(where + folder.status().message());
      config.folder = *folder;
    } else if (key == "tags") {
      config.tags = SplitList(v);
    } else if (key == "include") {
      config.include = SplitList(v);
    } else if (key == "exclude") {
      config.exclude = SplitList(v);
    } else if (key == "on_delete") {
      if (v != "trash" && v != "keep") return Status::Invalid(where + "on_delete is trash or keep");
      config.on_delete = v == "keep" ? DeletionPolicy::kKeep : DeletionPolicy::kTrash;
    } else if (key == "user") {
      config.user = v;
    } else if (key == "password_file") {
      config.password_file = v;
    } else if (key.find('.') != std::string::npos) {
      config.options[key] = v;
    } else {
      return Status::Invalid(where + "unknown key '" + store::EscapeForDisplay(key) + "'");
    }
  }
  SYNAPS_RETURN_IF_ERROR(ValidateSourceConfig(config));
  return config;
}

Result<SourceConfig> ReadSourceConfig(const fs::path& dir, std::string_view name) {
  SYNAPS_RETURN_IF_ERROR(ValidateSourceName(name));
  fs::path path = FileOf(dir, name);
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) {
      return Status::NotFound("no source " + std::string(name) + " (no " + path.string() + ")");
    }
    return store::ErrnoStatus("cannot read", path, errno);
  }
  store::UniqueFd owner(fd);
  SYNAPS_ASSIGN_OR_RETURN(std::string text, ReadSmall(fd, path, 1 << 20));
  auto config = ParseSourceConfig(name, text);
  if (!config.ok()) {
    return Status(config.status().code(), path.string() + ": " + config.status().message());
  }
  return config;
}

Result<std::vector<SourceConfig>> ReadSourceConfigs(const fs::path& dir) {
  std::vector<std::string> names;
  std::error_code error;
  fs::directory_iterator it(dir, error);
  if (error) {
    if (error == std::errc::no_such_file_or_directory) return std::vector<SourceConfig>{};
    return Status::Io("cannot list " + dir.string() + ": " + error.message());
  }
  for (const auto& item : it) {
    std::string file = item.path().filename().string();
    if (file.size() <= kExtension.size() || !file.ends_with(kExtension)) continue;
    names.push_back(file.substr(0, file.size() - kExtension.size()));
  }
  std::sort(names.begin(), names.end());
  std::vector<SourceConfig> configs;
  for (const std::string& name : names) {
    SYNAPS_ASSIGN_OR_RETURN(SourceConfig config, ReadSourceConfig(dir, name));
    configs.push_back(std::move(config));
  }
  return configs;
}

Status WriteSourceConfig(const fs::path& dir, const SourceConfig& config) {
  SYNAPS_RETURN_IF_ERROR(ValidateSourceConfig(config));
  std::error_code error;
  fs::create_directories(dir, error);
  if (error) return Status::Io("cannot create " + dir.string() + ": " + error.message());
  fs::path path = FileOf(dir, config.name);
  if (fs::exists(path, error)) {
    return Status::AlreadyExists("source " + config.name + " exists already (" + path.string() +
                                 "); `synaps source rm " + config.name + "` first");
  }
  return WriteAtomically(path, FormatSourceConfig(config), 0640);
}

Status RemoveSourceConfig(const fs::path& dir, std::string_view name) {
  SYNAPS_RETURN_IF_ERROR(ValidateSourceName(name));
  fs::path path = FileOf(dir, name);
  if (::unlink(path.c_str()) != 0) {
    if (errno == ENOENT) return Status::NotFound("no source " + std::string(name));
    return store::ErrnoStatus("cannot remove", path, errno);
  }
  return store::FsyncDirectory(dir);
}

Result<int64_t> RemoveSource(store::Store& store, const fs::path& dir, std::string_view name) {
  SYNAPS_ASSIGN_OR_RETURN(SourceConfig source, ReadSourceConfig(dir, name));
  SYNAPS_ASSIGN_OR_RETURN(int64_t forgotten, store.ForgetSource(name));
  SYNAPS_RETURN_IF_ERROR(RemoveSourceConfig(dir, name));
  fs::path secret = fs::absolute(dir / (std::string(name) + ".secret"));
  if (source.password_file == secret) ::unlink(secret.c_str());
  return forgotten;
}

Status WritePasswordFile(const fs::path& file, std::string_view password) {
  if (password.empty() || password.find('\n') != std::string_view::npos) {
    return Status::Invalid("a password is one line, not empty");
  }
  return WriteAtomically(file, std::string(password) + "\n", 0600);
}

Result<std::string> ReadPasswordFile(const fs::path& file) {
  int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return store::ErrnoStatus("cannot read the password file", file, errno);
  store::UniqueFd owner(fd);
  struct stat st;
  if (::fstat(fd, &st) != 0) return store::ErrnoStatus("cannot read", file, errno);
  if (!S_ISREG(st.st_mode)) return Status::Invalid(file.string() + " is not a regular file");
  if ((st.st_mode & 077) != 0) {
    return Status::Denied("the password file " + file.string() +
                          " may be read by others: `chmod 600` it first");
  }
  SYNAPS_ASSIGN_OR_RETURN(std::string text, ReadSmall(fd, file, 64 * 1024));
  text = text.substr(0, text.find('\n'));
  if (!text.empty() && text.back() == '\r') text.pop_back();
  if (text.empty()) return Status::Invalid("the password file " + file.string() + " is empty");
  return text;
}

}  // namespace synaps::connectors
