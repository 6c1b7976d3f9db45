// Names and paths as the store accepts them.
//
// A name (of a document or folder) is valid UTF-8, 1 to 255 bytes, not "." or "..", without
// '/', '\\', NUL or other control characters, and without leading or trailing spaces.
// A store path is "/SERVICE" followed by zero or more names: "/CAB/notes/2024/arrêté.pdf".
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "dms-server/store/status.h"
#include "indexer/base/utf8.h"

namespace synaps::store {

// Well-formed UTF-8 (indexer/base/utf8.h): the one check of names, queries and text.
using base::IsValidUtf8;

// `text` with every byte that is not part of valid UTF-8, and every control character, shown as
// \xNN: safe to print in a message or a log line whatever a file system handed us.
std::string EscapeForDisplay(std::string_view text);

// OK, or an InvalidArgument naming the problem ("name contains '/'", ...).
Status ValidateName(std::string_view name);

// A service code: 1 to 32 characters of letters (a-z, A-Z), 0-9, '-' and '_'. Codes are
// stored in upper case and compare without regard to case: "ddt" names the service DDT.
Status ValidateServiceCode(std::string_view code);
// `code` validated and in upper case, the one form the store keeps and compares.
Result<std::string> CanonicalServiceCode(std::string_view code);
// `code` in upper case when it is a valid code, else as given (it then names no service): for
// filters, where a code that is no code simply matches nothing.
std::string ServiceCodeForLookup(std::string_view code);
// Whether two service codes name the same service (ASCII case ignored).
bool SameServiceCode(std::string_view a, std::string_view b);

// A free-form one-line label (service name, display name, tag, metadata value, token name):
// valid UTF-8, not empty, at most `max_bytes`, without control characters (C0 including tab
// and newline, DEL, C1): these end up in terminal columns, log lines and HTTP answers.
Status ValidateLabel(std::string_view what, std::string_view text, size_t max_bytes);

// The longest version comment, in bytes.
inline constexpr size_t kMaxCommentBytes = 4096;

// A version comment: valid UTF-8 of at most kMaxCommentBytes, maybe empty, maybe of several
// lines: tab and newline (LF) are its only control characters. CR is refused with the rest,
// since on a terminal it lets a line overwrite what was printed before it.
Status ValidateComment(std::string_view comment);

// A path inside a container (an archive member such as "../../etc/x" or "a//./b") as a
// relative path of names, the way unpackers take it: '\\' separates like '/', empty, "." and
// ".." segments are dropped, so the result never climbs out of its container and has no empty
// segment. "unnamed" when nothing is left.
std::string NormalizeMemberPath(std::string_view path);

struct StorePath {
  std::string service_code;
  std::vector<std::string> names;  // folder names then (maybe) the document name
};

// Parses "/CAB/a/b" (repeated and trailing slashes are tolerated). Every component is validated:
// "..", "." and empty names are refused, never resolved.
Result<StorePath> ParseStorePath(std::string_view path);

// Splits a relative folder path "a/b/c" into validated names; "" and "/" give no names.
Result<std::vector<std::string>> ParseFolderPath(std::string_view path);

// Whether store path `path` is `root` or beneath it: "/CAB/a/b" and "/CAB/a" are at or beneath
// "/CAB/a", "/CAB/ab" is not. Paths are unique, so this is "inside the folder".
bool IsAtOrBeneath(std::string_view path, std::string_view root);

}  // namespace synaps::store
