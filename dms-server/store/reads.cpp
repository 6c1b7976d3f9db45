// Lookups by folder id and the audit of reads: what the document service needs beyond the
// path-based lookups of documents.cpp.
#include <functional>

#include "dms-server/store/pending_reads.h"
#include "dms-server/store/store.h"

namespace synaps::store {

Result<std::optional<Document>> Store::LiveDocumentIn(int64_t folder_id, std::string_view name) {
  return ReadLiveDocument(folder_id, name, nullptr);
}

Status Store::RecordRead(const Actor& actor, int64_t document_id, int version,
                         std::string_view how) {
  std::string detail = "v" + std::to_string(version) + " " + std::string(how);
  // One statement: SQLite makes it atomic without an explicit transaction, and a read does not
  // queue the document for the indexer. Inside a caller's transaction, its commit syncs it.
  if (db_->InWriteTransaction()) return Audit(actor, "document.read", document_id, detail);
  if (std::shared_ptr<PendingReads> pending = PendingReads::Of(pending_reads_key_)) {
    if (pending->Add(PendingRead{NowMs(), actor.login, document_id, detail})) return Status::Ok();
  }
  return WithoutWaitingForTheDisk(
      [&] { return Audit(actor, "document.read", document_id, detail); });
}

Status Store::FlushPendingReads() {
  std::shared_ptr<PendingReads> pending = PendingReads::Of(pending_reads_key_);
  if (!pending) return Status::Ok();
  std::vector<PendingRead> reads = pending->TakeAll();
  if (reads.empty()) return Status::Ok();
  Status written = WithoutWaitingForTheDisk([&]() -> Status {
    SYNAPS_ASSIGN_OR_RETURN(auto transaction, sql::Transaction::Begin(*db_));
    for (const PendingRead& read : reads) {
      SYNAPS_RETURN_IF_ERROR(InsertAudit(Actor{read.actor}, "document.read", read.document_id,
                                         std::nullopt, read.detail, read.at_ms));
    }
    return transaction.Commit();
  });
  if (!written.ok()) pending->PutBack(std::move(reads));
  return written;
}

Status Store::WithoutWaitingForTheDisk(const std::function<Status()>& write) {
  // Committed without waiting for the disk (synchronous=NORMAL, this write only): in WAL mode
  // the records are safe from a crash of the server at once, and from a power cut at the next
  // commit of a change or checkpoint, which syncs the log they are in. Waiting for the disk at
  // each download made every read as slow as a write; changes to documents still wait for it.
  // Inside a caller's transaction, its commit decides.
  if (db_->InWriteTransaction()) return write();
  db_->EndReadSnapshot();  // a write inside it would have to upgrade it
  SYNAPS_RETURN_IF_ERROR(db_->SetWaitForDisk(false));
  Status written = write();
  Status restored = db_->SetWaitForDisk(true);
  return written.ok() ? restored : written;
}

}  // namespace synaps::store
