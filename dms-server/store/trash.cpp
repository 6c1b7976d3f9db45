// Store: the trash. Trashing is reversible; purging is not (its blobs wait for garbage collection).
#include "dms-server/store/store.h"

namespace synaps::store {

Status Store::TrashDocument(const Actor& actor, int64_t document_id) {
  SYNAPS_ASSIGN_OR_RETURN(auto transaction, sql::Transaction::Begin(*db_));
  SYNAPS_ASSIGN_OR_RETURN(Document document, GetDocument(document_id));
  SYNAPS_RETURN_IF_ERROR(TrashInTransaction(actor, document));
  return transaction.Commit();
}

Status Store::TrashInTransaction(const Actor& actor, const Document& document) {
  if (document.trashed_at) {
    return Status::Invalid("document " + std::to_string(document.id) + " is already in the trash");
  }
  SYNAPS_ASSIGN_OR_RETURN(
      auto update,
      db_->Prepare("UPDATE documents SET trashed_at = ?, trashed_by = ? WHERE id = ?"));
  update.Bind(1, NowMs()).Bind(2, actor.login).Bind(3, document.id);
  SYNAPS_RETURN_IF_ERROR(update.Run());
  SYNAPS_RETURN_IF_ERROR(Audit(actor, "document.trash", document.id, document.path()));
  return EnqueueIndexWork(document.id);
}

Status Store::RestoreFromTrash(const Actor& actor, int64_t document_id) {
  SYNAPS_ASSIGN_OR_RETURN(auto transaction, sql::Transaction::Begin(*db_));
  SYNAPS_ASSIGN_OR_RETURN(Document document, GetDocument(document_id));
  if (!document.trashed_at) {
    return Status::Invalid("document " + std::to_string(document_id) + " is not in the trash");
  }
  SYNAPS_ASSIGN_OR_RETURN(auto clash, FindLiveDocumentId(document.folder_id, document.name));
  if (clash) {
    return Status::AlreadyExists("cannot restore: " + document.path() + " is taken by document " +
                                 std::to_string(*clash) + " (move or rename it first)");
  }
  SYNAPS_ASSIGN_OR_RETURN(
      auto update,
      db_->Prepare("UPDATE documents SET trashed_at = NULL, trashed_by = NULL WHERE id = ?"));
  update.Bind(1, document_id);
  SYNAPS_RETURN_IF_ERROR(update.Run());
  SYNAPS_RETURN_IF_ERROR(Audit(actor, "document.untrash", document_id, document.path()));
  SYNAPS_RETURN_IF_ERROR(EnqueueIndexWork(document_id));
  return transaction.Commit();
}

Result<std::vector<Document>> Store::ListTrash() {
  SYNAPS_ASSIGN_OR_RETURN(auto select, db_->Prepare("SELECT id FROM documents WHERE trashed_at "
                                                    "IS NOT NULL ORDER BY trashed_at, id"));
  SYNAPS_ASSIGN_OR_RETURN(std::vector<int64_t> ids, select.AllInts());
  std::vector<Document> documents;
  for (int64_t id : ids) {
    SYNAPS_ASSIGN_OR_RETURN(Document document, GetDocument(id));
    documents.push_back(std::move(document));
  }
  return documents;
}

Status Store::PurgeInTransaction(const Actor& actor, const Document& document) {
  // Versions, tags and metadata go with the document (ON DELETE CASCADE).
  SYNAPS_ASSIGN_OR_RETURN(auto remove, db_->Prepare("DELETE FROM documents WHERE id = ?"));
  remove.Bind(1, document.id);
  SYNAPS_RETURN_IF_ERROR(remove.Run());
  SYNAPS_RETURN_IF_ERROR(Audit(actor, "document.purge", document.id, document.path()));
  return EnqueueIndexWork(document.id);
}

Result<int64_t> Store::PurgeTrash(const Actor& actor, std::optional<int64_t> document_id) {
  if (document_id) return PurgeDocuments(actor, {*document_id});
  SYNAPS_ASSIGN_OR_RETURN(auto transaction, sql::Transaction::Begin(*db_));
  SYNAPS_ASSIGN_OR_RETURN(std::vector<Document> victims, ListTrash());
  for (const Document& document : victims) {
    SYNAPS_RETURN_IF_ERROR(PurgeInTransaction(actor, document));
  }
  SYNAPS_RETURN_IF_ERROR(transaction.Commit());
  return static_cast<int64_t>(victims.size());
}

Result<int64_t> Store::PurgeDocuments(const Actor& actor,
                                      const std::vector<int64_t>& document_ids) {
  SYNAPS_ASSIGN_OR_RETURN(auto transaction, sql::Transaction::Begin(*db_));
  for (int64_t id : document_ids) {
    SYNAPS_ASSIGN_OR_RETURN(Document document, GetDocument(id));
    if (!document.trashed_at) {
      return Status::Invalid("document " + std::to_string(id) +
                             " is not in the trash: only trashed documents can be purged");
    }
    SYNAPS_RETURN_IF_ERROR(PurgeInTransaction(actor, document));
  }
  SYNAPS_RETURN_IF_ERROR(transaction.Commit());
  return static_cast<int64_t>(document_ids.size());
}

}  // namespace synaps::store
