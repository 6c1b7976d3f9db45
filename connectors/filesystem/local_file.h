// Reading one local file for the ingest engine (the share and maildir sources): its change
// token, and a reader that notices when the file changes while it is read.
#pragma once

#include <sys/stat.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "connectors/source/source.h"
#include "dms-server/store/status.h"

namespace synaps::connectors {

// A file's change token: its size and modification time in nanoseconds ("1234:1733...").
std::string LocalChangeToken(int64_t size, int64_t mtime_ns);
int64_t MtimeNs(const struct stat& st);

// Opens the regular file `path` (never through a symbolic link) for reading. NotFound when it
// vanished, Conflict when its token is no longer `change_token` (still being written), Invalid
// when it is not a regular file. The reader's Finish() gives Conflict when the file changed
// while it was read.
store::Result<std::unique_ptr<EntryReader>> OpenLocalFile(const std::filesystem::path& path,
                                                          std::string_view change_token);

}  // namespace synaps::connectors
