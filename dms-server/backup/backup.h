// Backup and restore of a whole data directory, while the server and an ingestion run use it.
//
// A backup is a folder:
//   manifest.json   what it holds: program and schema versions, counts, the database's SHA-256
//   synaps.db       the database, as one read transaction saw it (SQLite's online backup)
//   blobs/          every blob that database references (copied, or hard-linked if asked)
//   index/          the Xapian index, only when its writer was quiet (see below)
//
// The order is what makes it consistent without stopping anything:
//  1. the blob store's lock is held shared throughout, so garbage collection cannot delete a
//     blob between the database copy and the blob copy (writers are not blocked);
//  2. the database is copied first, then exactly the blobs that copy references: blobs are
//     immutable and durable before any reference to them commits, so each one is complete;
//  3. the index is copied only if its writer lock can be taken (no synaps-server, no
//     `synaps index`), held while the database is copied and the index read: the copied queue
//     then says exactly what the copied index lacks, and a restore catches up. Otherwise the
//     manifest says so and a restore rebuilds the index from the store (the index is derived).
// The backup is written to DEST.partial next to DEST, made durable, then renamed to DEST: a
// failure (disk full, I/O error) or a crash leaves no DEST, never a half-written one.
//
// A restore checks the backup (manifest, database hash, every blob present with its size)
// before writing anything, then copies it the same way into a new data directory. Re-checking
// every blob's hash and bringing the index up to date are the caller's next steps (`synaps
// restore` runs `check`, then the indexer).
//
// Thread-compatible: each call works on its own connections and files.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>

#include "dms-server/store/status.h"

namespace synaps::backup {

// What a backup holds, as manifest.json says it.
struct Manifest {
  int format = 1;
  std::string synaps_version;
  int schema_version = 0;
  int64_t created_at_ms = 0;
  int64_t documents = 0;  // live and trashed
  int64_t versions = 0;
  int64_t blobs = 0;
  int64_t blob_bytes = 0;
  int64_t database_bytes = 0;
  std::string database_sha256;
  bool index_included = false;
  std::string index_note;  // why the index was left out, when it was
};

// Called as the work goes, with bytes done and the total expected (blobs dominate).
using Progress = std::function<void(int64_t done, int64_t total)>;

struct BackupOptions {
  // Hard-link blobs instead of copying them when the destination is on the same file system
  // (blobs are never modified in place). Much faster, but the backup then shares the disk's
  // fate: meant for a first copy that restic, borg or rsync take elsewhere.
  bool hard_link_blobs = false;
  Progress progress;
};

// Backs up the data directory `data_dir` into `destination`, which must not exist or be an
// empty folder. Returns the manifest written. kNotFound for a missing data directory,
// kAlreadyExists for a non-empty destination, kIoError (naming the file, "disk full" when it
// is) for a destination that cannot be written; nothing is left at `destination` on failure.
store::Result<Manifest> Backup(const std::filesystem::path& data_dir,
                               const std::filesystem::path& destination,
                               const BackupOptions& options);

// Reads and checks `backup_dir`/manifest.json. kNotFound when it is not a backup; kCorruption
// when the manifest is malformed.
store::Result<Manifest> ReadManifest(const std::filesystem::path& backup_dir);

// Restores the backup `backup_dir` into `data_dir`, which must not exist or be an empty folder
// (kAlreadyExists otherwise: a restore never mixes two data directories). Verifies the backup
// first: kCorruption, naming what is wrong, when the database's hash differs from the manifest
// or a blob is missing or has the wrong size (a truncated backup); nothing is written then.
// The new data directory is private to its owner (mode 0700).
store::Result<Manifest> Restore(const std::filesystem::path& backup_dir,
                                const std::filesystem::path& data_dir, const Progress& progress);

}  // namespace synaps::backup
