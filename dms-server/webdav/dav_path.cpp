#include "dms-server/webdav/dav_path.h"

#include <Poco/Exception.h>
#include <Poco/URI.h>

#include "dms-server/store/names.h"

namespace synaps::webdav {

using store::Result;
using store::Status;

std::string DavPath::StorePath() const {
  std::string path;
  for (const std::string& name : names) path += "/" + name;
  return path;
}

DavPath DavPath::Parent() const {
  DavPath parent;
  if (!names.empty()) parent.names.assign(names.begin(), names.end() - 1);
  parent.trailing_slash = true;
  return parent;
}

std::string DavPath::Href(bool collection) const {
  std::string href(kDavPrefix);
  for (const std::string& name : names) {
    std::string encoded;
    // Everything but unreserved characters and a few safe sub-delimiters is escaped, so that
    // a name with '#', '?', '%' or spaces survives every client's parser.
    Poco::URI::encode(name, "!#$&'()*+,/:;=?@[]% \"<>\\^`{|}", encoded);
    href += "/" + encoded;
  }
  if (collection || names.empty()) href += "/";
  return href;
}

bool DavPath::Contains(const DavPath& other) const {
  if (other.names.size() < names.size()) return false;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i == 0 ? !store::SameServiceCode(names[i], other.names[i]) : names[i] != other.names[i]) {
      return false;
    }
  }
  return true;
}

Result<DavPath> ParseDavPath(std::string_view raw_path) {
  if (raw_path.substr(0, kDavPrefix.size()) != kDavPrefix ||
      (raw_path.size() > kDavPrefix.size() && raw_path[kDavPrefix.size()] != '/')) {
    return Status::Invalid("not a WebDAV path: " + store::EscapeForDisplay(raw_path));
  }
  std::string_view rest = raw_path.substr(kDavPrefix.size());
  DavPath path;
  path.trailing_slash = !rest.empty() && rest.back() == '/';
  size_t start = 0;
  while (start < rest.size()) {
    size_t end = rest.find('/', start);
    if (end == std::string_view::npos) end = rest.size();
    std::string_view raw = rest.substr(start, end - start);
    start = end + 1;
    if (raw.empty()) continue;  // "//" and the leading '/'
    std::string name;
    try {
      Poco::URI::decode(std::string(raw), name);
    } catch (const Poco::Exception&) {
      return Status::Invalid("a bad percent-escape in the path");
    }
    if (!store::IsValidUtf8(name)) return Status::Invalid("the path is not valid UTF-8");
    if (name == "." || name == ".." || name.find('/') != std::string::npos ||
        name.find('\0') != std::string::npos) {
      return Status::Invalid("the path may not hold '.', '..' or an encoded '/'");
    }
    path.names.push_back(std::move(name));
  }
  return path;
}

Result<DavPath> ParseDestination(std::string_view header) {
  std::string path(header);
  if (path.empty()) return Status::Invalid("the Destination header is missing");
  if (path.front() != '/') {
    // scheme://authority/path: the path stays percent-encoded, as in a request line.
    size_t authority = path.find("://");
    if (authority == std::string::npos) return Status::Invalid("the Destination is not a URI");
    size_t slash = path.find('/', authority + 3);
    path = slash == std::string::npos ? "/" : path.substr(slash);
  }
  path = path.substr(0, path.find_first_of("?#"));
  return ParseDavPath(path);
}

DavPath FromStorePath(std::string_view store_path) {
  DavPath path;
  size_t start = 1;
  while (start < store_path.size() + 1 && start <= store_path.size()) {
    size_t end = store_path.find('/', start);
    if (end == std::string_view::npos) end = store_path.size();
    if (end > start) path.names.emplace_back(store_path.substr(start, end - start));
    start = end + 1;
  }
  return path;
}

namespace {

// ".odt" of "rapport.odt"; "" for "README" or ".profile".
std::string_view Extension(std::string_view name) {
  size_t dot = name.rfind('.');
  if (dot == std::string_view::npos || dot == 0) return {};
  return name.substr(dot);
}

}  // namespace

bool InVersions(const DavPath& path) {
  return !path.names.empty() && path.names.front() == kVersionsFolder;
}

std::string VersionFileName(std::string_view document_name, int number) {
  return "v" + std::to_string(number) + std::string(Extension(document_name));
}

int ParseVersionFileName(std::string_view name, std::string_view document_name) {
  std::string_view extension = Extension(document_name);
  if (name.size() < 2 + extension.size() || name.front() != 'v' ||
      name.substr(name.size() - extension.size()) != extension) {
    return 0;
  }
  std::string_view digits = name.substr(1, name.size() - 1 - extension.size());
  if (digits.empty() || digits.size() > 9 || digits.front() == '0') return 0;
  int number = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return 0;
    number = number * 10 + (c - '0');
  }
  return number;
}

}  // namespace synaps::webdav
