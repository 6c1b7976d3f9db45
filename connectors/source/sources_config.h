// The sources folder: one `NAME.properties` file per configured source (format in
// connectors/README.md), read, written, validated and removed here. Secrets never pass through
// these files: a source names a password file, which only ReadPasswordFile() opens.
//
// Thread-safe (no state). Errors are Status values with one line naming the file.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "connectors/source/source_config.h"
#include "dms-server/store/status.h"
#include "dms-server/store/store.h"

namespace synaps::connectors {

// A source's name: 1 to 64 of [A-Za-z0-9_.-], not starting with '.'.
store::Status ValidateSourceName(std::string_view name);

// Checks what every source needs whatever its type: a valid name, a type, a location, a
// service code, valid folder names, tags and patterns, user and password file together.
store::Status ValidateSourceConfig(const SourceConfig& config);

// The text of `config` as a NAME.properties file (no secret in it).
std::string FormatSourceConfig(const SourceConfig& config);

// Parses the text of a NAME.properties file: `key = value` lines, '#' or '!' starting a
// comment line, " #" starting a comment after a value, lists separated by commas. The name
// comes from the file's name. InvalidArgument naming the line on an unknown key or a bad value.
store::Result<SourceConfig> ParseSourceConfig(std::string_view name, std::string_view text);

// Reads `dir`/`name`.properties. NotFound when there is no such source.
store::Result<SourceConfig> ReadSourceConfig(const std::filesystem::path& dir,
                                             std::string_view name);

// Every source of `dir`, by name. A missing folder holds no source. A file that cannot be
// parsed makes the whole call fail, naming it (a broken file must be seen, not skipped).
store::Result<std::vector<SourceConfig>> ReadSourceConfigs(const std::filesystem::path& dir);

// Writes `config` as `dir`/NAME.properties (the folder is created if missing), atomically
// (a temporary file renamed into place). AlreadyExists when the source exists.
store::Status WriteSourceConfig(const std::filesystem::path& dir, const SourceConfig& config);

// Removes `dir`/NAME.properties. NotFound when there is no such source.
store::Status RemoveSourceConfig(const std::filesystem::path& dir, std::string_view name);

// Removes the source `name` for good: its file, its password file when it is the NAME.secret
// beside it, and what the ingest engine remembered of it in `store` (its documents stay), so
// that a new source of the same name starts afresh instead of taking its predecessor's entries
// for deleted files. Returns how many remembered entries were forgotten.
store::Result<int64_t> RemoveSource(store::Store& store, const std::filesystem::path& dir,
                                    std::string_view name);

// Writes `password` to `file` with mode 0600 (replacing it atomically).
store::Status WritePasswordFile(const std::filesystem::path& file, std::string_view password);

// The password held in `file` (its first line, without the line end). PermissionDenied when
// the file may be read by its group or others (it must be 0600 or 0400): a secret readable by
// everyone is refused rather than used. The password is never part of a message.
store::Result<std::string> ReadPasswordFile(const std::filesystem::path& file);

}  // namespace synaps::connectors
