// Store: what the ingest engine remembers of each entry of a configured source, and the changes
// it applies to entries and their documents together.
#include "dms-server/store/names.h"
#include "dms-server/store/store.h"

namespace synaps::store {

namespace {

constexpr const char* kEntryColumns =
    "SELECT source, key, change_token, size, mtime, sha256, document_id, seen_at "
    "FROM source_entries ";

SourceEntry ReadEntry(const sql::Statement& row) {
  SourceEntry entry;
  entry.source = row.Text(0);
  entry.key = row.Text(1);
  entry.change_token = row.Text(2);
  entry.size = row.Int(3);
  entry.mtime_ms = row.Int(4);
  entry.sha256 = row.Text(5);
  entry.document_id = row.Int(6);
  entry.seen_at = row.Int(7);
  return entry;
}

Result<std::vector<SourceEntry>> ReadEntries(sql::Statement& select) {
  std::vector<SourceEntry> entries;
  for (;;) {
    SYNAPS_ASSIGN_OR_RETURN(bool row, select.Step());
    if (!row) break;
    entries.push_back(ReadEntry(select));
  }
  return entries;
}

}  // namespace

Result<std::vector<SourceEntry>> Store::ListSourceEntries(std::string_view source) {
  SYNAPS_ASSIGN_OR_RETURN(
      auto select, db_->Prepare(std::string(kEntryColumns) + "WHERE source = ? ORDER BY key"));
  select.Bind(1, source);
  return ReadEntries(select);
}

Result<std::vector<SourceEntry>> Store::Origins(int64_t document_id) {
  SYNAPS_ASSIGN_OR_RETURN(Version current, GetVersion(document_id, 0));
  SYNAPS_ASSIGN_OR_RETURN(auto select, db_->Prepare(std::string(kEntryColumns) +
                                                    "WHERE document_id = ?1 OR sha256 = ?2 "
                                                    "ORDER BY document_id != ?1, source, key"));
  select.Bind(1, document_id).Bind(2, current.blob);
  return ReadEntries(select);
}

Result<int64_t> Store::ForgetSource(std::string_view source) {
  SYNAPS_ASSIGN_OR_RETURN(auto remove, db_->Prepare("DELETE FROM source_entries WHERE source = ?"));
  remove.Bind(1, source);
  SYNAPS_RETURN_IF_ERROR(remove.Run());
  return db_->Changes();
}

Status Store::RememberEntry(const SourceEntry& entry, int64_t document_id) {
  SYNAPS_ASSIGN_OR_RETURN(
      auto upsert,
      db_->Prepare("INSERT INTO source_entries(source, key, change_token, size, mtime, sha256, "
                   "document_id, seen_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                   "ON CONFLICT(source, key) DO UPDATE SET change_token = excluded.change_token, "
                   "size = excluded.size, mtime = excluded.mtime, sha256 = excluded.sha256, "
                   "document_id = excluded.document_id, seen_at = excluded.seen_at"));
  upsert.Bind(1, entry.source).Bind(2, entry.key).Bind(3, entry.change_token).Bind(4, entry.size);
  upsert.Bind(5, entry.mtime_ms).Bind(6, entry.sha256).Bind(7, document_id).Bind(8, NowMs());
  return upsert.Run();
}

Result<SourceChangeResult> Store::ApplySourceChange(const Actor& actor,
                                                    const SourceChange& change) {
  const SourceEntry& entry = change.entry;
  // A put without a source remembers nothing (an import).
  const bool remember = !entry.source.empty();
  if ((!remember && change.kind != SourceChange::Kind::kPut) || (remember && entry.key.empty())) {
    return Status::Invalid("a source entry has a source and a key");
  }
  // The document remembered for the entry's key (or, for a move, its former key).
  auto remembered = [&](const std::string& key) -> Result<int64_t> {
    SYNAPS_ASSIGN_OR_RETURN(auto select, db_->Prepare("SELECT document_id FROM source_entries "
                                                      "WHERE source = ? AND key = ?"));
    select.Bind(1, entry.source).Bind(2, key);
    SYNAPS_ASSIGN_OR_RETURN(bool row, select.Step());
    if (!row) return Status::NotFound(entry.source + ": nothing remembered for " + key);
    return select.Int(0);
  };
  auto forget = [&](const std::string& key) -> Status {
    SYNAPS_ASSIGN_OR_RETURN(
        auto remove, db_->Prepare("DELETE FROM source_entries WHERE source = ? AND key = ?"));
    remove.Bind(1, entry.source).Bind(2, key);
    return remove.Run();
  };
  SourceChangeResult result;
  switch (change.kind) {
    case SourceChange::Kind::kPut: {
      SYNAPS_ASSIGN_OR_RETURN(PutResult put, PutInTransaction(actor, change.put));
      result.document_id = put.document_id;
      result.outcome = put.outcome;
      for (const auto& [key, value] : change.metadata) {
        SYNAPS_RETURN_IF_ERROR(SetMetadataInTransaction(actor, put.document_id, key, value));
      }
      if (remember) SYNAPS_RETURN_IF_ERROR(RememberEntry(entry, put.document_id));
      return result;
    }
    case SourceChange::Kind::kMove: {
      SYNAPS_ASSIGN_OR_RETURN(result.document_id, remembered(change.from_key));
      SYNAPS_ASSIGN_OR_RETURN(Document document, GetDocument(result.document_id));
      SYNAPS_ASSIGN_OR_RETURN(Service service, FindService(change.put.service_code));
      SYNAPS_ASSIGN_OR_RETURN(Folder folder,
                              EnsureFolderInTransaction(actor, service, change.put.folder));
      SYNAPS_RETURN_IF_ERROR(MoveInTransaction(actor, document, folder, change.put.name).status());
      SYNAPS_RETURN_IF_ERROR(forget(change.from_key));
      SYNAPS_RETURN_IF_ERROR(RememberEntry(entry, result.document_id));
      return result;
    }
    case SourceChange::Kind::kRecord: {
      SYNAPS_ASSIGN_OR_RETURN(result.document_id, remembered(entry.key));
      SYNAPS_RETURN_IF_ERROR(RememberEntry(entry, result.document_id));
      return result;
    }
    case SourceChange::Kind::kTrash:
    case SourceChange::Kind::kForget: {
      SYNAPS_ASSIGN_OR_RETURN(result.document_id, remembered(entry.key));
      SYNAPS_RETURN_IF_ERROR(forget(entry.key));
      if (change.kind == SourceChange::Kind::kForget) return result;
      SYNAPS_ASSIGN_OR_RETURN(auto others, db_->Prepare("SELECT COUNT(*) FROM source_entries "
                                                        "WHERE document_id = ?"));
      others.Bind(1, result.document_id);
      SYNAPS_ASSIGN_OR_RETURN(bool row, others.Step());
      if (row && others.Int(0) > 0) return result;  // another entry still brings it
      SYNAPS_ASSIGN_OR_RETURN(Document document, GetDocument(result.document_id));
      if (document.trashed_at) return result;
      SYNAPS_RETURN_IF_ERROR(TrashInTransaction(actor, document));
      result.trashed = true;
      return result;
    }
  }
  return Status::Internal("unknown source change");
}

Result<std::vector<Result<SourceChangeResult>>> Store::ApplySourceChanges(
    const Actor& actor, const std::vector<SourceChange>& changes) {
  return EachInSavepoint<SourceChangeResult>(
      changes, [&](const SourceChange& change) { return ApplySourceChange(actor, change); });
}

}  // namespace synaps::store
