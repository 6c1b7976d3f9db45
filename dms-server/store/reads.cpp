// Lookups by folder id and the audit of reads: what the document service needs beyond the
// path-based lookups of documents.cpp.
#include "dms-server/store/store.h"

namespace synaps::store {

Result<std::optional<Document>> Store::LiveDocumentIn(int64_t folder_id, std::string_view name) {
  SYNAPS_ASSIGN_OR_RETURN(auto id, FindLiveDocumentId(folder_id, name));
  if (!id) return std::optional<Document>();
  SYNAPS_ASSIGN_OR_RETURN(Document document, GetDocument(*id));
  return std::optional<Document>(std::move(document));
}

Status Store::RecordRead(const Actor& actor, int64_t document_id, int version,
                         std::string_view how) {
  std::string detail = "v" + std::to_string(version) + " " + std::string(how);
  // One statement: SQLite makes it atomic without an explicit transaction, and a read does not
  // queue the document for the indexer. Inside a caller's transaction, its commit syncs it.
  if (db_->InTransaction()) return Audit(actor, "document.read", document_id, detail);
  // Committed without waiting for the disk (synchronous=NORMAL, this statement only): in WAL
  // mode the record is safe from a crash of the server at once, and from a power cut at the next
  // commit of a change or checkpoint, which syncs the log it is in. Waiting for the disk at each
  // download made every read as slow as a write; changes to documents still wait for it.
  SYNAPS_RETURN_IF_ERROR(db_->Exec("PRAGMA synchronous=NORMAL"));
  Status recorded = Audit(actor, "document.read", document_id, detail);
  Status restored = db_->Exec("PRAGMA synchronous=FULL");
  return recorded.ok() ? restored : recorded;
}

}  // namespace synaps::store
