// Store: opening a data directory, and the helpers every mutation uses (audit, index queue).
#include "dms-server/store/store.h"

#include <charconv>
#include <chrono>
#include <system_error>

#include "dms-server/store/database_snapshot.h"
#include "dms-server/store/pending_reads.h"
#include "dms-server/store/schema.h"

namespace synaps::store {

namespace fs = std::filesystem;

int64_t NowMs() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

std::optional<int64_t> ParseDocumentId(std::string_view ref) {
  if (ref.empty() || ref.size() > 18) return std::nullopt;
  int64_t id = 0;
  auto [end, error] = std::from_chars(ref.data(), ref.data() + ref.size(), id);
  if (error != std::errc() || end != ref.data() + ref.size() || id <= 0) return std::nullopt;
  return id;
}

Store::Store(fs::path data_dir, std::unique_ptr<sql::Database> db)
    : data_dir_(std::move(data_dir)),
      pending_reads_key_(PendingReads::KeyOf(data_dir_)),
      db_(std::move(db)),
      blobs_(data_dir_ / "blobs") {}

Store::~Store() = default;

Result<std::unique_ptr<Store>> Store::Open(const fs::path& data_dir, OpenMode mode) {
  std::error_code error;
  fs::path db_path = data_dir / "synaps.db";
  bool exists = fs::exists(db_path, error);
  if (!exists && mode == OpenMode::kMustExist) {
    return Status::NotFound("no Synaps data directory at " + data_dir.string() +
                            " (run `synaps init` first)");
  }
  if (!exists) {
    bool created = fs::create_directories(data_dir, error);
    // Documents of every service live here: other local accounts have no business reading them.
    if (created && !error) fs::permissions(data_dir, fs::perms::owner_all, error);
    if (error) {
      return Status::Io("cannot create data directory " + data_dir.string() + ": " +
                        error.message());
    }
  }
  SYNAPS_ASSIGN_OR_RETURN(auto db, sql::Database::Open(db_path, /*create=*/!exists));
  if (exists) {
    // An upgrade keeps the way back: a copy of the database as the older program left it.
    SYNAPS_ASSIGN_OR_RETURN(int version, SchemaVersion(*db));
    if (version > 0 && version < LatestSchemaVersion()) {
      SYNAPS_RETURN_IF_ERROR(SnapshotBeforeMigration(db_path, version).status());
    }
  }
  SYNAPS_RETURN_IF_ERROR(Migrate(*db));
  std::unique_ptr<Store> store(new Store(data_dir, std::move(db)));
  SYNAPS_RETURN_IF_ERROR(store->blobs_.Initialize());
  // After a power cut, blobs kept in the journal may be damaged on disk: mended before any read.
  SYNAPS_RETURN_IF_ERROR(store->SyncBlobJournal().status());
  return store;
}

Status Store::Audit(const Actor& actor, std::string_view action, std::optional<int64_t> document_id,
                    std::string_view detail) {
  return InsertAudit(actor, action, document_id, std::nullopt, detail);
}

Status Store::AuditService(const Actor& actor, std::string_view action, const Service& service,
                           std::string_view detail) {
  return InsertAudit(actor, action, std::nullopt, service.id, detail);
}

Status Store::AuditFolder(const Actor& actor, std::string_view action, int64_t service_id,
                          std::string_view detail) {
  return InsertAudit(actor, action, std::nullopt, service_id, detail);
}

Status Store::InsertAudit(const Actor& actor, std::string_view action,
                          std::optional<int64_t> document_id, std::optional<int64_t> service_id,
                          std::string_view detail, std::optional<int64_t> at_ms) {
  SYNAPS_ASSIGN_OR_RETURN(auto insert,
                          db_->Prepare("INSERT INTO audit_log(at, actor, action, document_id, "
                                       "service_id, detail) VALUES (?, ?, ?, ?, ?, ?)"));
  insert.Bind(1, at_ms.value_or(NowMs())).Bind(2, actor.login).Bind(3, action).Bind(4, document_id);
  insert.Bind(5, service_id).Bind(6, detail);
  return insert.Run();
}

Status Store::EnqueueIndexWork(int64_t document_id) {
  SYNAPS_ASSIGN_OR_RETURN(auto next,
                          db_->Prepare("UPDATE counters SET value = value + 1 WHERE name = "
                                       "'index_sequence' RETURNING value"));
  SYNAPS_ASSIGN_OR_RETURN(bool row, next.Step());
  if (!row) return Status::Internal("index sequence counter is missing");
  int64_t sequence = next.Int(0);
  SYNAPS_RETURN_IF_ERROR(next.Run());
  SYNAPS_ASSIGN_OR_RETURN(
      auto insert,
      db_->Prepare("INSERT INTO index_queue(document_id, sequence, enqueued_at) VALUES (?, ?, ?) "
                   "ON CONFLICT(document_id) DO UPDATE SET sequence = excluded.sequence, "
                   "enqueued_at = excluded.enqueued_at"));
  insert.Bind(1, document_id).Bind(2, sequence).Bind(3, NowMs());
  return insert.Run();
}

Result<std::vector<IndexWork>> Store::PendingIndexWork(int limit, int64_t after_sequence) {
  SYNAPS_ASSIGN_OR_RETURN(auto select,
                          db_->Prepare("SELECT document_id, sequence FROM index_queue "
                                       "WHERE sequence > ? ORDER BY sequence LIMIT ?"));
  select.Bind(1, after_sequence).Bind(2, limit);
  std::vector<IndexWork> work;
  for (;;) {
    SYNAPS_ASSIGN_OR_RETURN(bool row, select.Step());
    if (!row) break;
    work.push_back({select.Int(0), select.Int(1)});
  }
  return work;
}

Result<int64_t> Store::IndexQueueLength() {
  SYNAPS_ASSIGN_OR_RETURN(auto count, db_->Prepare("SELECT COUNT(*) FROM index_queue"));
  SYNAPS_ASSIGN_OR_RETURN(bool row, count.Step());
  return row ? count.Int(0) : 0;
}

Status Store::CompleteIndexWork(const IndexWork& work) {
  return CompleteIndexWork(std::vector<IndexOutcome>{{work, 0, "", ""}});
}

Status Store::CompleteIndexWork(const std::vector<IndexOutcome>& outcomes) {
  SYNAPS_ASSIGN_OR_RETURN(auto transaction, sql::Transaction::Begin(*db_));
  for (const IndexOutcome& outcome : outcomes) {
    if (outcome.version > 0) {
      SYNAPS_ASSIGN_OR_RETURN(
          auto update, db_->Prepare("UPDATE versions SET extraction_status = ?, "
                                    "extraction_detail = ? WHERE document_id = ? AND number = ?"));
      update.Bind(1, outcome.extraction_status).Bind(2, outcome.extraction_detail);
      update.Bind(3, outcome.work.document_id).Bind(4, outcome.version);
      SYNAPS_RETURN_IF_ERROR(update.Run());
    }
    SYNAPS_ASSIGN_OR_RETURN(
        auto remove,
        db_->Prepare("DELETE FROM index_queue WHERE document_id = ? AND sequence = ?"));
    remove.Bind(1, outcome.work.document_id).Bind(2, outcome.work.sequence);
    SYNAPS_RETURN_IF_ERROR(remove.Run());
  }
  return transaction.Commit();
}

Status Store::EnqueueAllDocuments() {
  SYNAPS_ASSIGN_OR_RETURN(auto transaction, sql::Transaction::Begin(*db_));
  SYNAPS_ASSIGN_OR_RETURN(auto select, db_->Prepare("SELECT id FROM documents ORDER BY id"));
  SYNAPS_ASSIGN_OR_RETURN(std::vector<int64_t> ids, select.AllInts());
  for (int64_t id : ids) SYNAPS_RETURN_IF_ERROR(EnqueueIndexWork(id));
  return transaction.Commit();
}

Status Store::SetExtractionStatus(int64_t document_id, int version, std::string_view status,
                                  std::string_view detail) {
  SYNAPS_ASSIGN_OR_RETURN(
      auto update, db_->Prepare("UPDATE versions SET extraction_status = ?, "
                                "extraction_detail = ? WHERE document_id = ? AND number = ?"));
  update.Bind(1, status).Bind(2, detail).Bind(3, document_id).Bind(4, version);
  SYNAPS_RETURN_IF_ERROR(update.Run());
  if (db_->Changes() == 0) {
    return Status::NotFound("document " + std::to_string(document_id) + " has no version " +
                            std::to_string(version));
  }
  return Status::Ok();
}

}  // namespace synaps::store
