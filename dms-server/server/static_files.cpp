#include "dms-server/server/static_files.h"

#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <utility>
#include <vector>

namespace synaps::server {

namespace {

struct ExtensionType {
  std::string_view extension, content_type;
};

// The web's own types. Text is UTF-8, as the portal writes it.
constexpr ExtensionType kWebTypes[] = {
    {"html", "text/html; charset=utf-8"},
    {"htm", "text/html; charset=utf-8"},
    {"css", "text/css; charset=utf-8"},
    {"js", "text/javascript; charset=utf-8"},
    {"mjs", "text/javascript; charset=utf-8"},
    {"json", "application/json"},
    {"map", "application/json"},
    {"webmanifest", "application/manifest+json"},
    {"txt", "text/plain; charset=utf-8"},
    {"xml", "application/xml"},
    {"svg", "image/svg+xml"},
    {"png", "image/png"},
    {"jpg", "image/jpeg"},
    {"jpeg", "image/jpeg"},
    {"gif", "image/gif"},
    {"webp", "image/webp"},
    {"avif", "image/avif"},
    {"ico", "image/x-icon"},
    {"woff", "font/woff"},
    {"woff2", "font/woff2"},
    {"ttf", "font/ttf"},
    {"otf", "font/otf"},
    {"pdf", "application/pdf"},
};

// Opens `path` relative to `directory` without ever resolving outside it. -1 with errno.
int OpenBeneath(int directory, const char* path, uint64_t flags) {
  open_how how{};
  how.flags = flags | O_CLOEXEC;
  how.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS;
  for (;;) {
    long fd = ::syscall(SYS_openat2, directory, path, &how, sizeof how);
    if (fd >= 0 || errno != EINTR) return static_cast<int>(fd);
  }
}

store::Status OpenError(int error) {
  switch (error) {
    case ENOENT:
    case ENOTDIR:
    case EXDEV:  // the path would leave the root
    case ELOOP:
    case EACCES:
    case EPERM:
    case ENAMETOOLONG:
      return store::Status::NotFound("no such file");
    case ENOSYS:
      return store::Status::Internal("this kernel cannot open files beneath a directory (openat2)");
    default:
      return store::ErrnoStatus("cannot open", "a file of the web root", error);
  }
}

// The segments of `path` checked one by one; an error Status for the first bad one.
store::Status CheckSegments(std::string_view path, std::string* relative) {
  size_t begin = 1;
  while (begin < path.size()) {
    size_t end = path.find('/', begin);
    if (end == std::string_view::npos) end = path.size();
    std::string_view segment = path.substr(begin, end - begin);
    begin = end + 1;
    if (segment.empty()) continue;
    if (segment == "." || segment == "..") {
      return store::Status::Invalid("a path may not hold . or ..");
    }
    for (unsigned char c : segment) {
      if (c < 0x20 || c == 0x7f || c == '\\') {
        return store::Status::Invalid("a path may not hold a backslash or a control character");
      }
    }
    if (segment.front() == '.') return store::Status::NotFound("no such file");
    if (!relative->empty()) *relative += '/';
    relative->append(segment);
  }
  if (relative->empty()) *relative = ".";
  return store::Status::Ok();
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

bool EqualsIgnoringCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

// The q-value of one element of Accept-Encoding ("gzip;q=0.5" → 0.5; none → 1).
double QualityOf(std::string_view parameters) {
  while (!parameters.empty()) {
    size_t semicolon = parameters.find(';');
    std::string_view parameter = Trim(parameters.substr(0, semicolon));
    parameters = semicolon == std::string_view::npos ? "" : parameters.substr(semicolon + 1);
    if (parameter.size() >= 2 && (parameter[0] == 'q' || parameter[0] == 'Q') &&
        parameter[1] == '=') {
      std::string value(parameter.substr(2));
      char* end = nullptr;
      double q = std::strtod(value.c_str(), &end);
      return end == value.c_str() ? 0 : q;
    }
  }
  return 1;
}

// A regular file beneath `root`, or an invalid descriptor.
store::UniqueFd OpenRegularBeneath(int root, const std::string& name, struct stat* status) {
  store::UniqueFd fd(OpenBeneath(root, name.c_str(), O_RDONLY | O_NOCTTY | O_NONBLOCK));
  if (!fd.valid()) return fd;
  if (::fstat(fd.get(), status) != 0 || !S_ISREG(status->st_mode)) return store::UniqueFd();
  return fd;
}

bool IsHashName(std::string_view segment) {
  if (segment.size() < 16 || segment.size() > 64) return false;
  for (char c : segment) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

std::string Hex(uint64_t value) {
  char buffer[24];
  std::snprintf(buffer, sizeof buffer, "%llx", static_cast<unsigned long long>(value));
  return buffer;
}

}  // namespace

bool StaticFiles::Accepts(std::string_view accept_encoding, std::string_view coding) {
  bool star = false;
  while (!accept_encoding.empty()) {
    size_t comma = accept_encoding.find(',');
    std::string_view element = accept_encoding.substr(0, comma);
    accept_encoding =
        comma == std::string_view::npos ? std::string_view() : accept_encoding.substr(comma + 1);
    size_t semicolon = element.find(';');
    std::string_view name = Trim(element.substr(0, semicolon));
    double q = semicolon == std::string_view::npos ? 1 : QualityOf(element.substr(semicolon + 1));
    if (EqualsIgnoringCase(name, coding)) return q > 0;  // named: its own q decides
    if (name == "*") star = q > 0;
  }
  return star;
}

bool StaticFiles::IsFingerprinted(std::string_view path) {
  size_t last_slash = path.rfind('/');
  if (last_slash == std::string_view::npos) return false;
  std::string_view folders = path.substr(0, last_slash);
  while (!folders.empty()) {
    size_t slash = folders.rfind('/');
    std::string_view segment =
        slash == std::string_view::npos ? folders : folders.substr(slash + 1);
    if (IsHashName(segment)) return true;
    if (slash == std::string_view::npos) break;
    folders = folders.substr(0, slash);
  }
  return false;
}

std::string StaticFiles::ContentTypeOf(std::string_view name) {
  size_t dot = name.rfind('.');
  size_t slash = name.rfind('/');
  if (dot == std::string_view::npos || (slash != std::string_view::npos && dot < slash)) return {};
  std::string extension(name.substr(dot + 1));
  for (char& c : extension) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const ExtensionType& type : kWebTypes) {
    if (type.extension == extension) return std::string(type.content_type);
  }
  return {};
}

store::Result<StaticFiles::File> StaticFiles::Open(std::string_view path,
                                                   std::string_view accept_encoding) const {
  if (path.empty() || path.front() != '/') return store::Status::Invalid("a path begins with /");
  std::string relative;
  if (store::Status checked = CheckSegments(path, &relative); !checked.ok()) return checked;
  const bool names_directory = path.back() == '/';

  if (root_.empty()) return store::Status::NotFound("no such file");
  store::UniqueFd root(::open(root_.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC));
  if (!root.valid()) return OpenError(errno);
  store::UniqueFd fd(OpenBeneath(root.get(), relative.c_str(), O_RDONLY | O_NOCTTY | O_NONBLOCK));
  if (!fd.valid()) return OpenError(errno);
  struct stat status {};
  if (::fstat(fd.get(), &status) != 0) return OpenError(errno);

  std::string name = relative;
  if (S_ISDIR(status.st_mode)) {
    if (!names_directory && relative != ".") {
      File redirect;
      redirect.directory = true;
      return redirect;
    }
    name = relative == "." ? "index.html" : relative + "/index.html";
    fd = store::UniqueFd(OpenBeneath(root.get(), name.c_str(), O_RDONLY | O_NOCTTY | O_NONBLOCK));
    if (!fd.valid()) return OpenError(errno);
    if (::fstat(fd.get(), &status) != 0) return OpenError(errno);
  } else if (names_directory) {
    return store::Status::NotFound("no such file");
  }
  File file;
  file.content_type = ContentTypeOf(name);
  if (!S_ISREG(status.st_mode) || file.content_type.empty()) {
    return store::Status::NotFound("no such file");
  }
  // The compressed copies, Brotli first: smaller by a fifth than gzip on the portal's text.
  static constexpr std::pair<std::string_view, std::string_view> kCopies[] = {{"br", "br"},
                                                                              {"gz", "gzip"}};
  for (const auto& [suffix, coding] : kCopies) {
    struct stat copy_status {};
    store::UniqueFd copy =
        OpenRegularBeneath(root.get(), name + "." + std::string(suffix), &copy_status);
    if (!copy.valid()) continue;
    file.has_encodings = true;
    if (file.content_encoding.empty() && Accepts(accept_encoding, coding)) {
      fd = std::move(copy);
      status = copy_status;
      file.content_encoding = std::string(coding);
    }
  }
  const int64_t modified_ns =
      static_cast<int64_t>(status.st_mtim.tv_sec) * 1000000000 + status.st_mtim.tv_nsec;
  file.fd = std::move(fd);
  file.size = static_cast<int64_t>(status.st_size);
  file.modified_ms = modified_ns / 1000000;
  file.etag = "\"" + Hex(status.st_ino) + "-" + Hex(static_cast<uint64_t>(status.st_size)) + "-" +
              Hex(static_cast<uint64_t>(modified_ns)) + "\"";
  return file;
}

}  // namespace synaps::server
