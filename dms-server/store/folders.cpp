// Store: the folder tree of each service.
#include <string>
#include <vector>

#include "dms-server/store/names.h"
#include "dms-server/store/store.h"

namespace synaps::store {

Result<std::string> Store::FolderPath(int64_t folder_id) {
  SnapshotMemo* memo = memo_.Use(*db_);
  if (memo) {
    if (auto found = memo->folder_paths.find(folder_id); found != memo->folder_paths.end()) {
      return found->second;
    }
  }
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
  if (memo) memo->folder_paths.emplace(folder_id, path);
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
  SnapshotMemo* memo = memo_.Use(*db_);
  if (memo) {
    if (auto found = memo->folders.find(folder_id); found != memo->folders.end()) {
      return found->second;
    }
  }
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
  if (memo) memo->folders.emplace(folder.id, folder);
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
    SYNAPS_RETURN_IF_ERROR(AuditFolder(actor, "folder.create", service.id, path));
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

Result<Folder> Store::CreateFolder(const Actor& actor, std::string_view service_code,
                                   const std::vector<std::string>& names) {
  if (names.empty()) return Status::Invalid("a service's root folder comes with the service");
  std::string path = "/" + std::string(service_code);
  for (const std::string& name : names) {
    SYNAPS_RETURN_IF_ERROR(ValidateName(name));
    path += "/" + name;
  }
  SYNAPS_ASSIGN_OR_RETURN(auto transaction, sql::Transaction::Begin(*db_));
  SYNAPS_ASSIGN_OR_RETURN(Service service, FindService(service_code));
  path.replace(1, service_code.size(), service.code);  // as stored, whatever case was given
  auto existing = FindFolder(path);
  if (existing.ok()) return Status::AlreadyExists("folder " + path + " already exists");
  if (existing.status().code() != ErrorCode::kNotFound) return existing.status();
  SYNAPS_ASSIGN_OR_RETURN(Folder folder, EnsureFolderInTransaction(actor, service, names));
  SYNAPS_RETURN_IF_ERROR(transaction.Commit());
  return folder;
}

Result<Folder> Store::GetFolder(int64_t folder_id) {
  return LoadFolder(folder_id);
}

Status Store::CheckNameFree(int64_t folder_id, std::string_view name, const std::string& path) {
  SYNAPS_ASSIGN_OR_RETURN(auto document, FindLiveDocumentId(folder_id, name));
  if (document) return Status::AlreadyExists("a document named " + path + " already exists");
  SYNAPS_ASSIGN_OR_RETURN(auto folder,
                          db_->Prepare("SELECT 1 FROM folders WHERE parent_id = ? AND name = ?"));
  folder.Bind(1, folder_id).Bind(2, name);
  SYNAPS_ASSIGN_OR_RETURN(bool is_folder, folder.Step());
  if (is_folder) return Status::AlreadyExists("a folder named " + path + " already exists");
  return Status::Ok();
}

Result<Folder> Store::MoveFolder(const Actor& actor, int64_t folder_id,
                                 std::optional<int64_t> new_parent_id,
                                 std::optional<std::string> new_name) {
  if (new_name) SYNAPS_RETURN_IF_ERROR(ValidateName(*new_name));
  SYNAPS_ASSIGN_OR_RETURN(auto transaction, sql::Transaction::Begin(*db_));
  SYNAPS_ASSIGN_OR_RETURN(Folder folder, LoadFolder(folder_id));
  if (!folder.parent_id) {
    return Status::Invalid(folder.path +
                           " is the root of its service: it cannot be renamed or "
                           "moved");
  }
  SYNAPS_ASSIGN_OR_RETURN(Folder parent, LoadFolder(new_parent_id.value_or(*folder.parent_id)));
  std::string name = new_name.value_or(folder.name);
  if (parent.service_id != folder.service_id) {
    return Status::Invalid("a folder moves within its service only (" + folder.path + " -> " +
                           parent.path + ")");
  }
  if (IsAtOrBeneath(parent.path, folder.path)) {
    return Status::Invalid("cannot move " + folder.path + " into itself (" + parent.path + ")");
  }
  if (parent.id == *folder.parent_id && name == folder.name) return folder;
  std::string new_path = parent.path + "/" + name;
  SYNAPS_RETURN_IF_ERROR(CheckNameFree(parent.id, name, new_path));

  // Every document beneath (live or trashed), with its path relative to the folder.
  SYNAPS_ASSIGN_OR_RETURN(
      auto beneath, db_->Prepare("WITH RECURSIVE tree(id, rel) AS (SELECT ?, '' UNION ALL "
                                 "SELECT f.id, t.rel || '/' || f.name FROM folders f JOIN tree t "
                                 "ON f.parent_id = t.id) "
                                 "SELECT d.id, t.rel || '/' || d.name FROM documents d JOIN tree t "
                                 "ON d.folder_id = t.id ORDER BY d.id"));
  beneath.Bind(1, folder.id);
  std::vector<std::pair<int64_t, std::string>> documents;
  for (;;) {
    SYNAPS_ASSIGN_OR_RETURN(bool row, beneath.Step());
    if (!row) break;
    documents.emplace_back(beneath.Int(0), beneath.Text(1));
  }

  SYNAPS_ASSIGN_OR_RETURN(auto update,
                          db_->Prepare("UPDATE folders SET parent_id = ?, name = ? WHERE id = ?"));
  update.Bind(1, parent.id).Bind(2, name).Bind(3, folder.id);
  SYNAPS_RETURN_IF_ERROR(update.Run());
  const char* action = parent.id == *folder.parent_id ? "folder.rename" : "folder.move";
  SYNAPS_RETURN_IF_ERROR(
      AuditFolder(actor, action, folder.service_id, folder.path + " -> " + new_path));
  // Each document's own history shows its new path; the index learns it from the queue.
  for (const auto& [id, relative] : documents) {
    SYNAPS_RETURN_IF_ERROR(
        Audit(actor, "document.move", id, folder.path + relative + " -> " + new_path + relative));
    SYNAPS_RETURN_IF_ERROR(EnqueueIndexWork(id));
  }
  SYNAPS_ASSIGN_OR_RETURN(Folder moved, LoadFolder(folder.id));
  SYNAPS_RETURN_IF_ERROR(transaction.Commit());
  return moved;
}

namespace {

// "2 documents", "1 subfolder": `count` things named `noun` (plural with an s).
std::string Count(int64_t count, const std::string& noun) {
  return std::to_string(count) + " " + noun + (count == 1 ? "" : "s");
}

}  // namespace

Status Store::DeleteFolder(const Actor& actor, int64_t folder_id) {
  SYNAPS_ASSIGN_OR_RETURN(auto transaction, sql::Transaction::Begin(*db_));
  SYNAPS_ASSIGN_OR_RETURN(Folder folder, LoadFolder(folder_id));
  if (!folder.parent_id) {
    return Status::Invalid(folder.path +
                           " is the root of its service: it cannot be deleted, it goes only "
                           "with the service");
  }
  // Trashed documents count: they keep their folder, and restoring one must find it.
  SYNAPS_ASSIGN_OR_RETURN(
      auto held,
      db_->Prepare("SELECT (SELECT COUNT(*) FROM folders WHERE parent_id = ?1), "
                   "(SELECT COUNT(*) FROM documents WHERE folder_id = ?1 AND trashed_at IS NULL), "
                   "(SELECT COUNT(*) FROM documents WHERE folder_id = ?1 AND "
                   "trashed_at IS NOT NULL)"));
  held.Bind(1, folder.id);
  SYNAPS_ASSIGN_OR_RETURN(bool row, held.Step());
  if (!row) return Status::Internal("counting the content of a folder returned nothing");
  int64_t subfolders = held.Int(0), live = held.Int(1), trashed = held.Int(2);
  SYNAPS_RETURN_IF_ERROR(held.Run());
  if (subfolders + live + trashed > 0) {
    std::vector<std::string> parts;
    if (live > 0) parts.push_back(Count(live, "document"));
    if (trashed > 0) parts.push_back(Count(trashed, "document") + " in the trash");
    if (subfolders > 0) parts.push_back(Count(subfolders, "subfolder"));
    std::string holds = parts[0];
    for (size_t i = 1; i < parts.size(); ++i) {
      holds += (i + 1 == parts.size() ? " and " : ", ") + parts[i];
    }
    return Status::Conflict(folder.path + " is not empty: it holds " + holds);
  }
  // Its shares go with it; the folder is empty, so no document's visibility changes.
  SYNAPS_ASSIGN_OR_RETURN(auto shares, ListShares(std::nullopt, folder.id));
  SYNAPS_ASSIGN_OR_RETURN(auto unshare, db_->Prepare("DELETE FROM shares WHERE folder_id = ?"));
  unshare.Bind(1, folder.id);
  SYNAPS_RETURN_IF_ERROR(unshare.Run());
  for (const Share& share : shares) {
    std::string with = share.service_code.empty() ? "everyone" : share.service_code;
    SYNAPS_RETURN_IF_ERROR(AuditFolder(
        actor, "share.remove", folder.service_id,
        "share " + std::to_string(share.id) + " with " + with + " (" + folder.path + "/ deleted)"));
  }
  SYNAPS_ASSIGN_OR_RETURN(auto remove, db_->Prepare("DELETE FROM folders WHERE id = ?"));
  remove.Bind(1, folder.id);
  SYNAPS_RETURN_IF_ERROR(remove.Run());
  SYNAPS_RETURN_IF_ERROR(AuditFolder(actor, "folder.delete", folder.service_id, folder.path));
  return transaction.Commit();
}

Result<int64_t> Store::FolderServiceId(int64_t folder_id) {
  SYNAPS_ASSIGN_OR_RETURN(auto select, db_->Prepare("SELECT service_id FROM folders WHERE id = ?"));
  select.Bind(1, folder_id);
  SYNAPS_ASSIGN_OR_RETURN(bool row, select.Step());
  if (!row) return Status::NotFound("no folder " + std::to_string(folder_id));
  return select.Int(0);
}

Result<Folder> Store::FindFolder(std::string_view path) {
  SnapshotMemo* memo = memo_.Use(*db_);
  if (memo) {
    if (auto found = memo->folder_ids.find(std::string(path)); found != memo->folder_ids.end()) {
      if (!found->second) return Status::NotFound("no folder " + std::string(path));
      return LoadFolder(*found->second);
    }
  }
  SYNAPS_ASSIGN_OR_RETURN(StorePath parsed, ParseStorePath(path));
  SYNAPS_ASSIGN_OR_RETURN(Service service, FindService(parsed.service_code));
  Folder folder;
  folder.service_id = service.id;
  SYNAPS_ASSIGN_OR_RETURN(folder.id, RootFolderId(service));
  folder.path = "/" + service.code;  // as stored: the code's case, then names matched exactly
  // The folders walked through are kept too, whole (the walk reads all a Folder holds): a
  // document's path is looked up as a folder first, then its parent.
  std::string walked = "/" + parsed.service_code;
  auto remember = [&] {
    if (!memo) return;
    memo->folder_ids.emplace(walked, folder.id);
    memo->folder_paths.emplace(folder.id, folder.path);
    memo->folders.emplace(folder.id, folder);
  };
  remember();
  for (const std::string& name : parsed.names) {
    SYNAPS_ASSIGN_OR_RETURN(
        auto child, db_->Prepare("SELECT id FROM folders WHERE parent_id = ? AND name = ?"));
    child.Bind(1, folder.id).Bind(2, name);
    SYNAPS_ASSIGN_OR_RETURN(bool exists, child.Step());
    if (!exists) {
      if (memo) memo->folder_ids.emplace(path, std::nullopt);
      return Status::NotFound("no folder " + std::string(path));
    }
    folder.parent_id = folder.id;
    folder.id = child.Int(0);
    folder.name = name;
    folder.path += "/" + name;
    walked += "/" + name;
    remember();
  }
  if (memo) memo->folder_ids.emplace(path, folder.id);
  return folder;
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
