// DocumentService: organising documents (move and rename, trash, restore, purge, tags and
// metadata fields). Every change keeps the document's id and history.
#include "dms-server/documents/service_internal.h"

namespace synaps::documents {

namespace {

Status InTrash(int64_t id) {
  return Status::Conflict("document " + std::to_string(id) + " is in the trash: restore it first");
}

}  // namespace

Result<store::Document> DocumentService::Move(const Caller& caller, int64_t id,
                                              std::optional<int64_t> folder_id,
                                              std::optional<std::string> name) {
  if (!folder_id && !name) return Status::Invalid("give a new name, a new folder, or both");
  if (name) SYNAPS_RETURN_IF_ERROR(store::ValidateName(*name));  // bad wherever it goes
  return InTransaction([&]() -> Result<store::Document> {
    Permissions permissions(store_);
    SYNAPS_ASSIGN_OR_RETURN(store::Document document,
                            permissions.MayMoveDocument(caller.user(), id, folder_id));
    if (document.trashed_at) return InTrash(id);
    SYNAPS_RETURN_IF_ERROR(MayChange(caller, id));
    SYNAPS_RETURN_IF_ERROR(LeavePath(caller, document.path()));
    return store_.MoveDocumentTo(caller.actor(), id, folder_id.value_or(document.folder_id),
                                 name.value_or(document.name));
  });
}

Result<store::Document> DocumentService::MoveToPath(const Caller& caller, int64_t id,
                                                    std::string_view destination) {
  SYNAPS_ASSIGN_OR_RETURN(store::StorePath target, store::ParseStorePath(destination));
  return InTransaction([&]() -> Result<store::Document> {
    Permissions permissions(store_);
    SYNAPS_ASSIGN_OR_RETURN(store::Document document,
                            permissions.Document(caller.user(), id, Action::kWrite));
    if (document.trashed_at) return InTrash(id);
    std::string name = document.name;
    bool into_folder = destination.back() == '/' || target.names.empty() ||
                       permissions.Folder(caller.user(), destination, Action::kRead).ok();
    if (!into_folder) {
      name = target.names.back();
      target.names.pop_back();
    }
    std::string folder_path = "/" + target.service_code;
    for (const std::string& part : target.names) folder_path += "/" + part;
    auto folder = permissions.Folder(caller.user(), folder_path, Action::kRead);
    if (!folder.ok() && folder.status().code() == store::ErrorCode::kNotFound &&
        !target.names.empty()) {
      SYNAPS_RETURN_IF_ERROR(permissions.MayCreateFolder(caller.user(), target));
      folder = store_.CreateFolder(caller.actor(), target.service_code, target.names);
    }
    SYNAPS_RETURN_IF_ERROR(folder.status());
    SYNAPS_RETURN_IF_ERROR(permissions.MayMoveDocument(caller.user(), id, folder->id).status());
    SYNAPS_RETURN_IF_ERROR(MayChange(caller, id));
    SYNAPS_RETURN_IF_ERROR(LeavePath(caller, document.path()));
    return store_.MoveDocumentTo(caller.actor(), id, folder->id, name);
  });
}

Status DocumentService::Trash(const Caller& caller, int64_t id) {
  return InTransaction([&]() -> Status {
    Permissions permissions(store_);
    SYNAPS_ASSIGN_OR_RETURN(store::Document document,
                            permissions.Document(caller.user(), id, Action::kWrite));
    if (document.trashed_at) {
      return Status::Conflict("document " + std::to_string(id) + " is already in the trash");
    }
    SYNAPS_RETURN_IF_ERROR(MayChange(caller, id));
    SYNAPS_RETURN_IF_ERROR(LeavePath(caller, document.path()));
    return store_.TrashDocument(caller.actor(), id);
  });
}

Result<store::Document> DocumentService::RestoreFromTrash(const Caller& caller, int64_t id) {
  return InTransaction([&]() -> Result<store::Document> {
    Permissions permissions(store_);
    SYNAPS_ASSIGN_OR_RETURN(store::Document document,
                            permissions.Document(caller.user(), id, Action::kWrite));
    if (!document.trashed_at) {
      return Status::Conflict("document " + std::to_string(id) + " is not in the trash");
    }
    SYNAPS_RETURN_IF_ERROR(store_.RestoreFromTrash(caller.actor(), id));
    return store_.GetDocument(id);
  });
}

Result<std::vector<store::Document>> DocumentService::TrashContents(const Caller& caller) {
  Permissions permissions(store_);
  auto read = store_.BeginRead();
  SYNAPS_ASSIGN_OR_RETURN(auto trashed, store_.ListTrash());
  return permissions.Allowed(caller.user(), std::move(trashed), Action::kRead);
}

Status DocumentService::Purge(const Caller& caller, int64_t id) {
  return InTransaction([&]() -> Status {
    Permissions permissions(store_);
    SYNAPS_ASSIGN_OR_RETURN(store::Document document,
                            permissions.Document(caller.user(), id, Action::kManage));
    if (!document.trashed_at) {
      return Status::Conflict("document " + std::to_string(id) +
                              " is not in the trash: trash it first");
    }
    return store_.PurgeDocuments(caller.actor(), {id}).status();
  });
}

Result<int64_t> DocumentService::EmptyTrash(const Caller& caller) {
  // Other services' trash is left alone: only what the caller manages goes.
  return InTransaction([&]() -> Result<int64_t> {
    Permissions permissions(store_);
    SYNAPS_ASSIGN_OR_RETURN(auto trashed, store_.ListTrash());
    SYNAPS_ASSIGN_OR_RETURN(
        auto managed, permissions.Allowed(caller.user(), std::move(trashed), Action::kManage));
    std::vector<int64_t> ids;
    for (const auto& document : managed) ids.push_back(document.id);
    return store_.PurgeDocuments(caller.actor(), ids);
  });
}

Status DocumentService::ChangeLabels(
    const Caller& caller, int64_t id,
    const std::function<store::Status(const store::Actor&)>& change) {
  return InTransaction([&]() -> Status {
    Permissions permissions(store_);
    SYNAPS_RETURN_IF_ERROR(permissions.Document(caller.user(), id, Action::kWrite).status());
    return change(caller.actor());
  });
}

Status DocumentService::AddTag(const Caller& caller, int64_t id, std::string_view tag) {
  return ChangeLabels(caller, id,
                      [&](const store::Actor& actor) { return store_.AddTag(actor, id, tag); });
}

Status DocumentService::RemoveTag(const Caller& caller, int64_t id, std::string_view tag) {
  return ChangeLabels(caller, id,
                      [&](const store::Actor& actor) { return store_.RemoveTag(actor, id, tag); });
}

Status DocumentService::SetMetadata(const Caller& caller, int64_t id, std::string_view key,
                                    std::string_view value) {
  return ChangeLabels(caller, id, [&](const store::Actor& actor) {
    return store_.SetMetadata(actor, id, key, value);
  });
}

Status DocumentService::RemoveMetadata(const Caller& caller, int64_t id, std::string_view key) {
  return ChangeLabels(
      caller, id, [&](const store::Actor& actor) { return store_.RemoveMetadata(actor, id, key); });
}

Result<std::vector<std::pair<std::string, int64_t>>> DocumentService::Tags(const Caller& caller) {
  if (!Permissions::MayAdminister(caller.user())) {
    return Status::Denied("the counts of every tag span every service: administrators only");
  }
  return store_.ListTags();
}

}  // namespace synaps::documents
