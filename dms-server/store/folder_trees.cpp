// Deleting a folder with everything in it: what a WebDAV client asks when it deletes a
// collection. Nothing is lost: the documents go to the trash.
#include "dms-server/store/store.h"

namespace synaps::store {

Status Store::DeleteFolderTree(const Actor& actor, int64_t folder_id) {
  SYNAPS_ASSIGN_OR_RETURN(auto transaction, sql::Transaction::Begin(*db_));
  SYNAPS_ASSIGN_OR_RETURN(Folder top, LoadFolder(folder_id));
  if (!top.parent_id) {
    return Status::Invalid(top.path + " is the root of its service: it goes only with the service");
  }
  SYNAPS_ASSIGN_OR_RETURN(
      auto select_root,
      db_->Prepare("SELECT id FROM folders WHERE service_id = ? AND parent_id IS NULL"));
  select_root.Bind(1, top.service_id);
  SYNAPS_ASSIGN_OR_RETURN(bool has_root, select_root.Step());
  if (!has_root) return Status::Corruption(top.path + ": its service has no root folder");
  const int64_t root_id = select_root.Int(0);
  SYNAPS_RETURN_IF_ERROR(select_root.Run());
  // Deepest first: each folder is empty when its turn comes.
  SYNAPS_ASSIGN_OR_RETURN(
      auto select_tree,
      db_->Prepare("WITH RECURSIVE tree(id, depth) AS (SELECT ?, 0 UNION ALL "
                   "SELECT f.id, t.depth + 1 FROM folders f JOIN tree t ON f.parent_id = t.id) "
                   "SELECT id FROM tree ORDER BY depth DESC, id"));
  select_tree.Bind(1, top.id);
  SYNAPS_ASSIGN_OR_RETURN(std::vector<int64_t> folders, select_tree.AllInts());
  for (int64_t id : folders) {
    SYNAPS_ASSIGN_OR_RETURN(std::string path, FolderPath(id));
    SYNAPS_ASSIGN_OR_RETURN(auto select_documents,
                            db_->Prepare("SELECT id, trashed_at IS NULL FROM documents "
                                         "WHERE folder_id = ? ORDER BY id"));
    select_documents.Bind(1, id);
    std::vector<std::pair<int64_t, bool>> documents;
    for (;;) {
      SYNAPS_ASSIGN_OR_RETURN(bool row, select_documents.Step());
      if (!row) break;
      documents.emplace_back(select_documents.Int(0), select_documents.Int(1) != 0);
    }
    for (const auto& [document_id, live] : documents) {
      if (live) SYNAPS_RETURN_IF_ERROR(TrashDocument(actor, document_id));
      // A trashed document keeps a folder to be restored into: its service's root, since its
      // own goes. Where it was is kept in its metadata and in the audit log.
      SYNAPS_ASSIGN_OR_RETURN(auto move,
                              db_->Prepare("UPDATE documents SET folder_id = ? WHERE id = ?"));
      move.Bind(1, root_id).Bind(2, document_id);
      SYNAPS_RETURN_IF_ERROR(move.Run());
      SYNAPS_ASSIGN_OR_RETURN(
          auto remember,
          db_->Prepare(
              "INSERT INTO metadata(document_id, key, value) VALUES (?, "
              "'synaps.deleted_from', ?) ON CONFLICT DO UPDATE SET value = excluded.value"));
      remember.Bind(1, document_id).Bind(2, path);
      SYNAPS_RETURN_IF_ERROR(remember.Run());
      SYNAPS_RETURN_IF_ERROR(Audit(actor, "document.move", document_id,
                                   path + " deleted: kept in the trash, restored into its "
                                          "service's root"));
    }
    SYNAPS_RETURN_IF_ERROR(DeleteFolder(actor, id));
  }
  return transaction.Commit();
}

}  // namespace synaps::store
