// ShareSource, type "share": a local folder or a mounted share (CIFS, NFS), walked recursively
// (filesystem/tree_walker.h). An entry is a regular file; its key is its path relative to the
// location, its change token its size and modification time in nanoseconds.
//
// Symbolic links are not followed; folder loops, special files, names that are not valid UTF-8
// and entries vanishing during the walk are reported and skipped; a folder that cannot be read
// protects what was stored from it. A file whose size or time moved since it was listed, or
// while it was read (still being written), is left for the next run (Conflict). A location that
// is missing or unreadable fails List(): the source itself failed.
//
// An Outlook archive (a file named *.pst, any case) is read as a mailbox: its messages are the
// entries, in a folder named after it (mail/pst_mailboxes.h), not the archive itself; one that
// cannot be read as an archive is stored as the file it is, and said to be. `synaps import`
// stores archives as files.
#pragma once

#include <filesystem>
#include <memory>
#include <vector>

#include "connectors/source/source.h"
#include "connectors/source/source_config.h"
#include "dms-server/store/status.h"

namespace synaps::connectors {

// InvalidArgument when the location is not an absolute path.
store::Result<std::unique_ptr<Source>> MakeShareSource(const SourceConfig& config);

// For `synaps import`: the files and folders named, each folder's content placed at the top of
// the target folder, each file there under its name. Its keys are the files' paths (an import
// remembers nothing); a root that cannot be read is reported and skipped, not a failure.
std::unique_ptr<Source> MakeImportSource(std::vector<std::filesystem::path> roots);

}  // namespace synaps::connectors
