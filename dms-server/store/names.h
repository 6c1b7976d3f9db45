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

namespace synaps::store {

bool IsValidUtf8(std::string_view text);

// `text` with every byte that is not part of valid UTF-8, and every control character, shown as
// \xNN: safe to print in a message or a log line whatever a file system handed us.
std::string EscapeForDisplay(std::string_view text);

// OK, or an InvalidArgument naming the problem ("name contains '/'", ...).
Status ValidateName(std::string_view name);

// A service code: 1 to 32 characters of A-Z, 0-9, '-' and '_'.
Status ValidateServiceCode(std::string_view code);

// A free-form label (service name, display name, tag, metadata value): valid UTF-8 without
// control characters other than tab, of at most `max_bytes`.
Status ValidateLabel(std::string_view what, std::string_view text, size_t max_bytes);

struct StorePath {
  std::string service_code;
  std::vector<std::string> names;  // folder names then (maybe) the document name
};

// Parses "/CAB/a/b" (repeated and trailing slashes are tolerated). Every component is validated:
// "..", "." and empty names are refused, never resolved.
Result<StorePath> ParseStorePath(std::string_view path);

// Splits a relative folder path "a/b/c" into validated names; "" and "/" give no names.
Result<std::vector<std::string>> ParseFolderPath(std::string_view path);

}  // namespace synaps::store
