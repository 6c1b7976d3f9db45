// StaticFiles: the files under one directory — the portal's web root — opened for serving,
// never anything outside it.
//
// A request path ("/css/app.css", decoded, as the router's subpath) names a file below the
// root. What is refused, and how:
// - InvalidArgument: a "." or ".." segment, a backslash, a control character;
// - NotFound, like a missing file: a name that begins with "." (hidden files: .git, .env), a
//   file whose extension is not one of the web's own types (ContentTypeOf: no database, no
//   configuration file, whatever the root holds), anything but a regular file, and any path
//   that leaves the root, through a symbolic link or otherwise (the kernel resolves the path
//   beneath the root: openat2 with RESOLVE_BENEATH, Linux 5.6 or later). Symbolic links that
//   stay inside the root are followed.
// A directory named with a final "/" (or the root, "/") serves its index.html; named without,
// Open says so (File::directory) and the caller redirects to the name with its "/".
//
// Compressed copies: the portal's build writes NAME.br and NAME.gz beside a text file. Opened
// with the request's Accept-Encoding, the copy the client takes (Brotli first) is served in the
// file's place, with its own ETag; the copies are never served under their own names (".br" and
// ".gz" are not the web's types).
//
// Fingerprinted files: a file below a folder whose name is a content hash (16 to 64 lowercase
// hexadecimal digits, "/assets/3f9c0a1b2c3d4e5f/app.js") never changes under that name: a new
// build writes a new folder. Such a file may be cached for a year without asking again.
//
// The root is opened anew for each call: it may appear, vanish or be replaced (a new build of
// the portal) while the server runs. Thread-safe: no state besides the root's path.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "dms-server/store/file_util.h"
#include "dms-server/store/status.h"

namespace synaps::server {

class StaticFiles {
 public:
  explicit StaticFiles(std::filesystem::path root) : root_(std::move(root)) {}

  struct File {
    bool directory = false;  // a directory named without its final "/": nothing else is set
    store::UniqueFd fd;      // open for reading; the caller owns it
    int64_t size = 0;
    int64_t modified_ms = 0;       // Unix milliseconds
    std::string etag;              // strong, quoted; changes with the inode, size or mtime
    std::string content_type;      // ContentTypeOf() its name
    std::string content_encoding;  // "br" or "gzip" when a compressed copy was opened, else ""
    bool has_encodings = false;    // whether a compressed copy exists (answers then vary)
  };

  // Opens the file that `path` names (it begins with "/"). Errors as above; IoError when the
  // disk fails, Internal when the kernel cannot resolve beneath a directory (no openat2).
  // `accept_encoding` is the request's Accept-Encoding header: a compressed copy it accepts
  // (Brotli first, then gzip) is opened instead of the file when there is one.
  store::Result<File> Open(std::string_view path, std::string_view accept_encoding = {}) const;

  // Whether `path` is below a folder named by a content hash (see above).
  static bool IsFingerprinted(std::string_view path);

  // Whether an Accept-Encoding header accepts `coding` ("br", "gzip"): named, or "*", with a
  // q-value above 0.
  static bool Accepts(std::string_view accept_encoding, std::string_view coding);

  // The Content-Type of a file of the portal named `name`, from its extension (any case):
  // "text/html; charset=utf-8", "text/javascript; charset=utf-8", "font/woff2", ...; empty
  // when the extension is not one of the web's own types (the file is then never served).
  static std::string ContentTypeOf(std::string_view name);

 private:
  std::filesystem::path root_;
};

}  // namespace synaps::server
