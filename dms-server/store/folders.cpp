// Store: the folder tree of each service.
#include "dms-server/store/names.h"
#include "dms-server/store/store.h"

namespace synaps::store {

Result<std::string> Store::FolderPath(int64_t folder_id) {
  SYNAPS_ASSIGN_OR_RETURN(
      auto select,
      db_->Prepare("WITH RECURSIVE chain(id, parent_id, name, service_id, depth) AS ("
                   "  SELECT id, parent_id, name, service_id, 0 FROM folders WHERE id = ?"
                   "  UNION ALL SELECT f.id, f.parent_id, f.name, f.service_id, c.depth + 1"
                   "  FROM folders f JOIN chain c ON f.id = c.parent_id) "
                   "SELECT c.name, s.code FROM chain c JOIN services s ON s.id = c.service_id "
                   "ORDER BY c.depth DESC"));
  select.Bind(1, folder_id);
  std::string path;
  bool any = false;
  for (;;) {
    SYNAPS_ASSIGN_OR_RETURN(bool row, select.Step());
    if (!row) break;
    if (!any) {
      path = "/" + select.Text(1);  // the root folder comes first and has no name
      any = true;
    } else {
      path += "/" + select.Text(0);
    }
  }
  if (!any) return Status::NotFound("no folder " + std::to_string(folder_id));
  return path;
}

Result<int64_t> Store::RootFolderId(const Service& service) {
  SYNAPS_ASSIGN_OR_RETURN(
      auto root, db_->Prepare("SELECT id FROM folders WHERE service_id = ? AND parent_id IS NULL"));
  root.Bind(1, service.id);
  SYNAPS_ASSIGN_OR_RETURN(bool has_root, root.Step());
  if (!has_root) return Status::Corruption("service " + service.code + " has no root folder");
  return root.Int(0);
}

Result<Folder> Store::LoadFolder(int64_t folder_id) {
  SYNAPS_ASSIGN_OR_RETURN(
      auto select,
      db_->Prepare("SELECT id, service_id, parent_id, name FROM folders WHERE id = ?"));
  select.Bind(1, folder_id);
  SYNAPS_ASSIGN_OR_RETURN(bool row, select.Step());
  if (!row) return Status::NotFound("no folder " + std::to_string(folder_id));
  Folder folder;
  folder.id = select.Int(0);
  folder.service_id = select.Int(1);
  if (!select.IsNull(2)) folder.parent_id = select.Int(2);
  folder.name = select.Text(3);
  SYNAPS_ASSIGN_OR_RETURN(folder.path, FolderPath(folder.id));
  return folder;
}

Result<Folder> Store::EnsureFolderInTransaction(const Actor& actor, const Service& service,
                                                const std::vector<std::string>& names) {
  SYNAPS_ASSIGN_OR_RETURN(int64_t folder_id, RootFolderId(service));
  std::string path = "/" + service.code;
  for (const std::string& name : names) {
    SYNAPS_RETURN_IF_ERROR(ValidateName(name));
    path += "/" + name;
    SYNAPS_ASSIGN_OR_RETURN(
        auto child, db_->Prepare("SELECT id FROM folders WHERE parent_id = ? AND name = ?"));
    child.Bind(1, folder_id).Bind(2, name);
    SYNAPS_ASSIGN_OR_RETURN(bool exists, child.Step());
    if (exists) {
      folder_id = child.Int(0);
      continue;
    }
    SYNAPS_ASSIGN_OR_RETURN(auto clash, FindLiveDocumentId(folder_id, name));
    if (clash) {
      return Status::AlreadyExists("cannot create folder " + path + ": a document has that name");
    }
    SYNAPS_ASSIGN_OR_RETURN(
        auto insert, db_->Prepare("INSERT INTO folders(service_id, parent_id, name, created_at) "
                                  "VALUES (?, ?, ?, ?)"));
    insert.Bind(1, service.id).Bind(2, folder_id).Bind(3, name).Bind(4, NowMs());
    SYNAPS_RETURN_IF_ERROR(insert.Run());
    folder_id = db_->LastInsertId();
    SYNAPS_RETURN_IF_ERROR(Audit(actor, "folder.create", std::nullopt, path));
  }
  return LoadFolder(folder_id);
}

Result<Folder> Store::EnsureFolder(const Actor& actor, std::string_view service_code,
                                   const std::vector<std::string>& names) {
  SYNAPS_ASSIGN_OR_RETURN(auto transaction, sql::Transaction::Begin(*db_));
  SYNAPS_ASSIGN_OR_RETURN(Service service, FindService(service_code));
  SYNAPS_ASSIGN_OR_RETURN(Folder folder, EnsureFolderInTransaction(actor, service, names));
  SYNAPS_RETURN_IF_ERROR(transaction.Commit());
  return folder;
}

Result<Folder> Store::FindFolder(std::string_view path) {
  SYNAPS_ASSIGN_OR_RETURN(StorePath parsed, ParseStorePath(path));
  SYNAPS_ASSIGN_OR_RETURN(Service service, FindService(parsed.service_code));
  SYNAPS_ASSIGN_OR_RETURN(int64_t folder_id, RootFolderId(service));
  for (const std::string& name : parsed.names) {
    SYNAPS_ASSIGN_OR_RETURN(
        auto child, db_->Prepare("SELECT id FROM folders WHERE parent_id = ? AND name = ?"));
    child.Bind(1, folder_id).Bind(2, name);
    SYNAPS_ASSIGN_OR_RETURN(bool exists, child.Step());
    if (!exists) return Status::NotFound("no folder " + std::string(path));
    folder_id = child.Int(0);
  }
  return LoadFolder(folder_id);
}

Result<FolderListing> Store::ListFolder(const Folder& folder) {
  FolderListing listing;
  listing.folder = folder;
  SYNAPS_ASSIGN_OR_RETURN(
      auto subfolders,
      db_->Prepare("SELECT id, service_id, name FROM folders WHERE parent_id = ? ORDER BY name"));
  subfolders.Bind(1, folder.id);
  for (;;) {
    SYNAPS_ASSIGN_OR_RETURN(bool row, subfolders.Step());
    if (!row) break;
    Folder child;
    child.id = subfolders.Int(0);
    child.service_id = subfolders.Int(1);
    child.parent_id = folder.id;
    child.name = subfolders.Text(2);
    child.path = folder.path + "/" + child.name;
    listing.subfolders.push_back(std::move(child));
  }
  SYNAPS_ASSIGN_OR_RETURN(auto documents,
                          db_->Prepare("SELECT id FROM documents WHERE folder_id = ? AND "
                                       "trashed_at IS NULL ORDER BY name"));
  documents.Bind(1, folder.id);
  SYNAPS_ASSIGN_OR_RETURN(std::vector<int64_t> ids, documents.AllInts());
  for (int64_t id : ids) {
    SYNAPS_ASSIGN_OR_RETURN(Document document, GetDocument(id));
    listing.documents.push_back(std::move(document));
  }
  return listing;
}

}  // namespace synaps::store
