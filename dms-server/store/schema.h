// The database schema as an ordered list of migrations.
//
// PRAGMA user_version holds the number of migrations applied. Opening a data directory applies
// the missing ones, each in its own transaction, so an older data directory is upgraded in place
// and a crash during an upgrade leaves the last complete version. A database newer than this
// program is refused rather than misread.
#pragma once

#include "dms-server/store/sqlite.h"

namespace synaps::store {

// The schema version this program writes.
int LatestSchemaVersion();

// Reads PRAGMA user_version.
Result<int> SchemaVersion(sql::Database& db);

// Applies migrations until the database is at `target` (default: the latest).
Status Migrate(sql::Database& db, int target = -1);

}  // namespace synaps::store
