// Consistent copies of a data directory's database (synaps.db), taken while others write to it.
//
// Two ways, for two jobs:
//  - CopyDatabase() uses SQLite's online backup API in one step: the copy is the database as
//    one read transaction saw it (WAL mode: writers go on meanwhile; they are not blocked).
//    Done in one step on purpose: a backup made in several steps restarts from the beginning
//    each time another connection writes, which under steady writes never ends.
//  - SnapshotBeforeMigration() uses VACUUM INTO: a compact copy kept next to the database
//    before a schema upgrade, the way back if the new program has to be removed.
//
// Both write to a temporary name in the destination's folder, make it durable and rename it
// into place: the destination holds either nothing or a complete copy. Thread-compatible: each
// call opens its own connection.
#pragma once

#include <filesystem>

#include "dms-server/store/status.h"

namespace synaps::store {

// Copies the database `source` (synaps.db of a data directory) to `destination`, which must
// not exist. kNotFound if `source` does not exist; kAlreadyExists if `destination` does;
// kIoError (disk full included) or kBusy on failure, with nothing left at `destination`.
Status CopyDatabase(const std::filesystem::path& source, const std::filesystem::path& destination);

// Before the schema of the database `db_path` is upgraded from `from_version`: writes
// `<data dir>/upgrade-snapshots/synaps.db.schema-<from_version>` (VACUUM INTO), unless it is
// there already (an upgrade interrupted and started again keeps the first snapshot). Returns
// the snapshot's path. kIoError when it cannot be written (the upgrade must then not start).
Result<std::filesystem::path> SnapshotBeforeMigration(const std::filesystem::path& db_path,
                                                      int from_version);

}  // namespace synaps::store
