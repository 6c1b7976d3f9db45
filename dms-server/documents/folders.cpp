// DocumentService: folders (listing, creation, renaming and moving, deletion).
#include "dms-server/documents/service_internal.h"

namespace synaps::documents {

Result<FolderContents> DocumentService::List(const Caller& caller, store::Folder folder) {
  Permissions permissions(store_);
  SYNAPS_ASSIGN_OR_RETURN(store::FolderListing listing, store_.ListFolder(folder));
  FolderContents contents;
  contents.folder = std::move(folder);
  contents.subfolders = std::move(listing.subfolders);
  SYNAPS_ASSIGN_OR_RETURN(
      contents.documents,
      permissions.Allowed(caller.user(), std::move(listing.documents), Action::kRead));
  return contents;
}

Result<FolderContents> DocumentService::Folder(const Caller& caller, int64_t folder_id) {
  auto read = store_.BeginRead();  // the folder and its listing from one snapshot
  SYNAPS_ASSIGN_OR_RETURN(store::Folder folder, FindFolder(caller, folder_id));
  return List(caller, std::move(folder));
}

Result<FolderContents> DocumentService::FolderAt(const Caller& caller, std::string_view path) {
  auto read = store_.BeginRead();
  SYNAPS_ASSIGN_OR_RETURN(store::Folder folder, FindFolder(caller, path));
  return List(caller, std::move(folder));
}

bool DocumentService::ReadsWholeService(const Caller& caller, std::string_view service_code) {
  return Permissions::MayOnService(caller.user(), service_code, Action::kRead);
}

Result<std::vector<store::Folder>> DocumentService::ServiceRoots(const Caller& caller) {
  Permissions permissions(store_);
  SYNAPS_ASSIGN_OR_RETURN(auto services, store_.ListServices());
  std::vector<store::Folder> roots;
  for (const store::Service& service : services) {
    if (!Permissions::MayOnService(caller.user(), service.code, Action::kRead)) continue;
    SYNAPS_ASSIGN_OR_RETURN(store::Folder root, store_.FindFolder("/" + service.code));
    roots.push_back(std::move(root));
  }
  return roots;
}

Status DocumentService::MayWriteIn(const Caller& caller, int64_t folder_id) {
  Permissions permissions(store_);
  return permissions.Folder(caller.user(), folder_id, Action::kWrite).status();
}

Result<store::Folder> DocumentService::FindFolder(const Caller& caller, int64_t folder_id) {
  Permissions permissions(store_);
  return permissions.Folder(caller.user(), folder_id, Action::kRead);
}

Result<store::Folder> DocumentService::FindFolder(const Caller& caller, std::string_view path) {
  Permissions permissions(store_);
  return permissions.Folder(caller.user(), path, Action::kRead);
}

Result<store::Folder> DocumentService::CreateFolder(const Caller& caller, std::string_view path) {
  SYNAPS_ASSIGN_OR_RETURN(store::StorePath parsed, store::ParseStorePath(path));
  return InTransaction([&]() -> Result<store::Folder> {
    Permissions permissions(store_);
    SYNAPS_RETURN_IF_ERROR(permissions.MayCreateFolder(caller.user(), parsed));
    return store_.CreateFolder(caller.actor(), parsed.service_code, parsed.names);
  });
}

Result<store::Folder> DocumentService::CreateFolderIn(const Caller& caller, int64_t parent_id,
                                                      std::string_view name) {
  SYNAPS_RETURN_IF_ERROR(store::ValidateName(name));
  return InTransaction([&]() -> Result<store::Folder> {
    return CreateFolderInTransaction(caller, parent_id, name);
  });
}

Result<store::Folder> DocumentService::CreateFolderInTransaction(const Caller& caller,
                                                                 int64_t parent_id,
                                                                 std::string_view name) {
  Permissions permissions(store_);
  SYNAPS_ASSIGN_OR_RETURN(store::Folder parent,
                          permissions.Folder(caller.user(), parent_id, Action::kRead));
  SYNAPS_ASSIGN_OR_RETURN(store::StorePath path, store::ParseStorePath(parent.path));
  path.names.emplace_back(name);
  SYNAPS_RETURN_IF_ERROR(permissions.MayCreateFolder(caller.user(), path));
  return store_.CreateFolder(caller.actor(), path.service_code, path.names);
}

Result<store::Folder> DocumentService::CopyFolder(const Caller& caller, int64_t folder_id,
                                                  int64_t parent_id, std::string_view name,
                                                  bool deep) {
  SYNAPS_RETURN_IF_ERROR(store::ValidateName(name));
  return InTransaction([&]() -> Result<store::Folder> {
    Permissions permissions(store_);
    SYNAPS_ASSIGN_OR_RETURN(store::Folder source,
                            permissions.Folder(caller.user(), folder_id, Action::kRead));
    SYNAPS_ASSIGN_OR_RETURN(store::Folder parent,
                            permissions.Folder(caller.user(), parent_id, Action::kRead));
    if (deep && store::IsAtOrBeneath(parent.path, source.path)) {
      return Status::Invalid("cannot copy " + source.path + " into itself (" + parent.path + ")");
    }
    return CopyFolderInTransaction(caller, folder_id, parent_id, name, deep);
  });
}

Result<store::Folder> DocumentService::CopyFolderInTransaction(const Caller& caller,
                                                               int64_t folder_id, int64_t parent_id,
                                                               std::string_view name, bool deep) {
  // Listed before the copy exists: a copy never lists itself.
  std::optional<FolderContents> contents;
  if (deep) {
    SYNAPS_ASSIGN_OR_RETURN(contents, Folder(caller, folder_id));
  }
  SYNAPS_ASSIGN_OR_RETURN(store::Folder copy, CreateFolderInTransaction(caller, parent_id, name));
  SYNAPS_RETURN_IF_ERROR(CopyDeadPropertiesInTransaction(caller, store::DavItem::Folder(folder_id),
                                                         store::DavItem::Folder(copy.id)));
  if (!contents) return copy;
  for (const store::Document& document : contents->documents) {
    SYNAPS_ASSIGN_OR_RETURN(store::PutResult copied,
                            CopyInTransaction(caller, document.id, copy.id, document.name));
    SYNAPS_RETURN_IF_ERROR(
        CopyDeadPropertiesInTransaction(caller, store::DavItem::Document(document.id),
                                        store::DavItem::Document(copied.document_id)));
  }
  for (const store::Folder& folder : contents->subfolders) {
    SYNAPS_RETURN_IF_ERROR(
        CopyFolderInTransaction(caller, folder.id, copy.id, folder.name, true).status());
  }
  return copy;
}

Result<store::Folder> DocumentService::MoveFolder(const Caller& caller, int64_t folder_id,
                                                  std::optional<int64_t> new_parent_id,
                                                  std::optional<std::string> new_name) {
  if (!new_parent_id && !new_name) return Status::Invalid("give a new name, a new parent, or both");
  if (new_name) SYNAPS_RETURN_IF_ERROR(store::ValidateName(*new_name));
  return InTransaction([&]() -> Result<store::Folder> {
    Permissions permissions(store_);
    SYNAPS_ASSIGN_OR_RETURN(store::Folder folder,
                            permissions.MayMoveFolder(caller.user(), folder_id, new_parent_id));
    SYNAPS_RETURN_IF_ERROR(MayChangeFolder(caller, folder.path));
    SYNAPS_RETURN_IF_ERROR(LeavePath(caller, folder.path));
    return store_.MoveFolder(caller.actor(), folder_id, new_parent_id, new_name);
  });
}

Status DocumentService::DeleteFolder(const Caller& caller, int64_t folder_id) {
  return InTransaction([&]() -> Status {
    Permissions permissions(store_);
    // The permission check comes first, so that an invisible folder's content is not told.
    SYNAPS_ASSIGN_OR_RETURN(store::Folder folder,
                            permissions.MayDeleteFolder(caller.user(), folder_id));
    if (!folder.parent_id) return Status::Conflict(RootFolderConflictMessage(folder.path));
    SYNAPS_RETURN_IF_ERROR(MayChangeFolder(caller, folder.path));
    SYNAPS_RETURN_IF_ERROR(LeavePath(caller, folder.path));
    return store_.DeleteFolder(caller.actor(), folder_id);
  });
}

Status DocumentService::DeleteFolderTree(const Caller& caller, int64_t folder_id) {
  return InTransaction([&]() -> Status {
    Permissions permissions(store_);
    SYNAPS_ASSIGN_OR_RETURN(store::Folder folder,
                            permissions.MayDeleteFolder(caller.user(), folder_id));
    if (!folder.parent_id) return Status::Conflict(RootFolderConflictMessage(folder.path));
    SYNAPS_RETURN_IF_ERROR(MayChangeFolder(caller, folder.path));
    SYNAPS_RETURN_IF_ERROR(LeavePath(caller, folder.path));
    return store_.DeleteFolderTree(caller.actor(), folder_id);
  });
}

}  // namespace synaps::documents
