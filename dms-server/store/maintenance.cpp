// Store: integrity check, garbage collection and statistics.
#include <unistd.h>

#include "dms-server/store/schema.h"
#include "dms-server/store/store.h"

namespace synaps::store {

namespace {

// Runs a query whose rows each describe one problem, formatted by `describe`.
Status CollectRows(sql::Database& db, const std::string& query,
                   const std::function<std::string(const sql::Statement&)>& describe,
                   std::vector<std::string>& out) {
  SYNAPS_ASSIGN_OR_RETURN(auto select, db.Prepare(query));
  for (;;) {
    SYNAPS_ASSIGN_OR_RETURN(bool row, select.Step());
    if (!row) return Status::Ok();
    out.push_back(describe(select));
  }
}

Result<int64_t> CountRows(sql::Database& db, const std::string& query) {
  SYNAPS_ASSIGN_OR_RETURN(auto select, db.Prepare(query));
  SYNAPS_ASSIGN_OR_RETURN(bool row, select.Step());
  return row ? select.Int(0) : 0;
}

}  // namespace

Result<CheckReport> Store::Check(const ProgressCallback& progress) {
  CheckReport report;
  auto& problems = report.problems;

  SYNAPS_RETURN_IF_ERROR(CollectRows(
      *db_, "PRAGMA integrity_check",
      [](const sql::Statement& row) { return "database: " + row.Text(0); }, problems));
  if (problems.size() == 1 && problems[0] == "database: ok") problems.clear();
  SYNAPS_RETURN_IF_ERROR(CollectRows(
      *db_, "PRAGMA foreign_key_check",
      [](const sql::Statement& row) {
        return "database: row " + row.Text(1) + " of table " + row.Text(0) +
               " references a missing row of " + row.Text(2);
      },
      problems));
  SYNAPS_RETURN_IF_ERROR(CollectRows(
      *db_,
      "SELECT d.id, d.current_version FROM documents d LEFT JOIN versions v ON "
      "v.document_id = d.id AND v.number = d.current_version WHERE v.number IS NULL",
      [](const sql::Statement& row) {
        return "document " + row.Text(0) + ": its current version " + row.Text(1) +
               " does not exist";
      },
      problems));
  SYNAPS_RETURN_IF_ERROR(CollectRows(
      *db_,
      "SELECT document_id, COUNT(*), MAX(number) FROM versions GROUP BY document_id "
      "HAVING COUNT(*) != MAX(number) OR MIN(number) != 1",
      [](const sql::Statement& row) {
        return "document " + row.Text(0) + ": versions are not numbered 1.." + row.Text(2);
      },
      problems));
  SYNAPS_RETURN_IF_ERROR(CollectRows(
      *db_,
      "SELECT d.id FROM documents d JOIN folders f ON f.id = d.folder_id "
      "WHERE f.service_id != d.service_id",
      [](const sql::Statement& row) {
        return "document " + row.Text(0) + ": its folder belongs to another service";
      },
      problems));
  SYNAPS_RETURN_IF_ERROR(CollectRows(
      *db_,
      "SELECT c.id FROM folders c JOIN folders p ON p.id = c.parent_id "
      "WHERE p.service_id != c.service_id",
      [](const sql::Statement& row) {
        return "folder " + row.Text(0) + ": its parent belongs to another service";
      },
      problems));
  SYNAPS_RETURN_IF_ERROR(CollectRows(
      *db_,
      "SELECT v.document_id, v.number, v.size, b.size FROM versions v JOIN blobs b ON "
      "b.sha256 = v.blob_sha256 WHERE v.size != b.size",
      [](const sql::Statement& row) {
        return "document " + row.Text(0) + " version " + row.Text(1) + ": size " + row.Text(2) +
               " differs from its blob's " + row.Text(3);
      },
      problems));

  SYNAPS_ASSIGN_OR_RETURN(report.documents, CountRows(*db_, "SELECT COUNT(*) FROM documents"));
  SYNAPS_ASSIGN_OR_RETURN(report.versions, CountRows(*db_, "SELECT COUNT(*) FROM versions"));
  SYNAPS_ASSIGN_OR_RETURN(int64_t total_bytes,
                          CountRows(*db_, "SELECT COALESCE(SUM(size), 0) FROM blobs"));

  // Every blob the database knows must be present with the right bytes.
  SYNAPS_ASSIGN_OR_RETURN(auto blobs, db_->Prepare("SELECT sha256, size FROM blobs"));
  for (;;) {
    SYNAPS_ASSIGN_OR_RETURN(bool row, blobs.Step());
    if (!row) break;
    std::string sha256 = blobs.Text(0);
    int64_t size = blobs.Int(1);
    Status verified = blobs_.Verify(sha256, size);
    if (!verified.ok()) problems.push_back(verified.message());
    ++report.blobs_verified;
    report.bytes_verified += size;
    if (progress) progress(report.bytes_verified, total_bytes);
  }

  // Files the database does not know are leftovers of interrupted writes: harmless.
  int64_t unknown_files = 0;
  SYNAPS_ASSIGN_OR_RETURN(auto known, db_->Prepare("SELECT 1 FROM blobs WHERE sha256 = ?"));
  Status listed = blobs_.ForEachBlob([&](const std::string& sha256, int64_t) {
    known.Bind(1, sha256);
    auto row = known.Step();
    if (row.ok() && !*row) ++unknown_files;
    (void)known.Run();  // resets the statement for the next file
  });
  SYNAPS_RETURN_IF_ERROR(listed);
  if (unknown_files > 0) {
    report.notes.push_back(std::to_string(unknown_files) +
                           " blob file(s) not referenced by the database (left by interrupted "
                           "writes; `synaps gc` removes them)");
  }
  size_t temporary = blobs_.LeftoverTemporaryFiles().size();
  if (temporary > 0) {
    report.notes.push_back(std::to_string(temporary) +
                           " temporary file(s) in blobs/tmp (writes in progress or interrupted; "
                           "`synaps gc` removes them)");
  }
  SYNAPS_ASSIGN_OR_RETURN(int64_t unreferenced,
                          CountRows(*db_,
                                    "SELECT COUNT(*) FROM blobs b WHERE NOT EXISTS "
                                    "(SELECT 1 FROM versions v WHERE v.blob_sha256 = b.sha256)"));
  if (unreferenced > 0) {
    report.notes.push_back(std::to_string(unreferenced) +
                           " stored blob(s) no longer used by any version (after a purge; "
                           "`synaps gc` reclaims them)");
  }
  return report;
}

Result<GcReport> Store::CollectGarbage() {
  // No writer may be between writing a blob and committing its reference while we look.
  SYNAPS_ASSIGN_OR_RETURN(BlobLock lock, BlobLock::Acquire(blobs_, BlobLock::Mode::kExclusive));
  GcReport report;
  std::vector<std::pair<std::string, int64_t>> unreferenced;
  {
    SYNAPS_ASSIGN_OR_RETURN(auto transaction, sql::Transaction::Begin(*db_));
    SYNAPS_ASSIGN_OR_RETURN(
        auto select, db_->Prepare("SELECT sha256, size FROM blobs b WHERE NOT EXISTS "
                                  "(SELECT 1 FROM versions v WHERE v.blob_sha256 = b.sha256)"));
    for (;;) {
      SYNAPS_ASSIGN_OR_RETURN(bool row, select.Step());
      if (!row) break;
      unreferenced.emplace_back(select.Text(0), select.Int(1));
    }
    SYNAPS_RETURN_IF_ERROR(
        db_->Exec("DELETE FROM blobs WHERE NOT EXISTS (SELECT 1 FROM versions "
                  "v WHERE v.blob_sha256 = blobs.sha256)"));
    // Else the journal would put them back on disk (SyncBlobJournal).
    SYNAPS_RETURN_IF_ERROR(
        db_->Exec("DELETE FROM blob_journal WHERE NOT EXISTS (SELECT 1 FROM blobs b "
                  "WHERE b.sha256 = blob_journal.sha256)"));
    SYNAPS_RETURN_IF_ERROR(transaction.Commit());
  }
  // Rows first, files second: a crash in between leaves unknown files, which the next pass
  // below removes.
  for (const auto& [sha256, size] : unreferenced) {
    SYNAPS_RETURN_IF_ERROR(blobs_.Remove(sha256));
    ++report.blobs_removed;
    report.bytes_freed += size;
  }
  std::vector<std::pair<std::string, int64_t>> unknown;
  SYNAPS_ASSIGN_OR_RETURN(auto known, db_->Prepare("SELECT 1 FROM blobs WHERE sha256 = ?"));
  SYNAPS_RETURN_IF_ERROR(blobs_.ForEachBlob([&](const std::string& sha256, int64_t size) {
    known.Bind(1, sha256);
    auto row = known.Step();
    if (row.ok() && !*row) unknown.emplace_back(sha256, size);
    (void)known.Run();
  }));
  for (const auto& [sha256, size] : unknown) {
    SYNAPS_RETURN_IF_ERROR(blobs_.Remove(sha256));
    ++report.blobs_removed;
    report.bytes_freed += size;
  }
  for (const auto& path : blobs_.LeftoverTemporaryFiles()) {
    if (::unlink(path.c_str()) == 0) ++report.temporary_files_removed;
  }
  return report;
}

Result<StoreStats> Store::Stats() {
  StoreStats stats;
  SYNAPS_ASSIGN_OR_RETURN(stats.services, CountRows(*db_, "SELECT COUNT(*) FROM services"));
  SYNAPS_ASSIGN_OR_RETURN(stats.users, CountRows(*db_, "SELECT COUNT(*) FROM users"));
  SYNAPS_ASSIGN_OR_RETURN(stats.folders, CountRows(*db_, "SELECT COUNT(*) FROM folders"));
  SYNAPS_ASSIGN_OR_RETURN(stats.documents, CountRows(*db_,
                                                     "SELECT COUNT(*) FROM documents "
                                                     "WHERE trashed_at IS NULL"));
  SYNAPS_ASSIGN_OR_RETURN(stats.trashed_documents,
                          CountRows(*db_,
                                    "SELECT COUNT(*) FROM documents WHERE trashed_at IS "
                                    "NOT NULL"));
  SYNAPS_ASSIGN_OR_RETURN(stats.versions, CountRows(*db_, "SELECT COUNT(*) FROM versions"));
  SYNAPS_ASSIGN_OR_RETURN(stats.blobs, CountRows(*db_, "SELECT COUNT(*) FROM blobs"));
  SYNAPS_ASSIGN_OR_RETURN(stats.stored_bytes,
                          CountRows(*db_, "SELECT COALESCE(SUM(size), 0) FROM blobs"));
  SYNAPS_ASSIGN_OR_RETURN(stats.logical_bytes,
                          CountRows(*db_, "SELECT COALESCE(SUM(size), 0) FROM versions"));
  SYNAPS_ASSIGN_OR_RETURN(stats.index_queue, CountRows(*db_, "SELECT COUNT(*) FROM index_queue"));
  SYNAPS_ASSIGN_OR_RETURN(stats.schema_version, SchemaVersion(*db_));
  return stats;
}

}  // namespace synaps::store
