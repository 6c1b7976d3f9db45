#include "dms-server/server/static_files.h"

#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
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

std::string Hex(uint64_t value) {
  char buffer[24];
  std::snprintf(buffer, sizeof buffer, "%llx", static_cast<unsigned long long>(value));
  return buffer;
}

}  // namespace

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

store::Result<StaticFiles::File> StaticFiles::Open(std::string_view path) const {
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
