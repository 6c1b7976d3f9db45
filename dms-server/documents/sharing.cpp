// DocumentService: shares of documents and folders with another service or with everyone,
// granted and removed by the managers of the owning service.
#include "dms-server/documents/service_internal.h"

namespace synaps::documents {

Result<std::vector<store::Share>> DocumentService::DocumentShares(const Caller& caller,
                                                                  int64_t id) {
  Permissions permissions(store_);
  SYNAPS_RETURN_IF_ERROR(permissions.Document(caller.user(), id, Action::kRead).status());
  return store_.EffectiveShares(id);
}

Result<std::vector<store::Share>> DocumentService::FolderShares(const Caller& caller,
                                                                int64_t folder_id) {
  Permissions permissions(store_);
  SYNAPS_RETURN_IF_ERROR(permissions.Folder(caller.user(), folder_id, Action::kRead).status());
  return store_.ListShares(std::nullopt, folder_id);
}

Result<store::Share> DocumentService::Share(const Caller& caller,
                                            std::optional<int64_t> document_id,
                                            std::optional<int64_t> folder_id,
                                            std::string_view with_service, store::ShareMode mode) {
  if (!with_service.empty()) {
    SYNAPS_RETURN_IF_ERROR(store::ValidateServiceCode(with_service));
    // Services are public (every account lists them): naming an unknown one is a bad request.
    auto service = store_.FindService(with_service);
    if (!service.ok()) {
      if (service.status().code() != store::ErrorCode::kNotFound) return service.status();
      return Status::Invalid("no service " + std::string(with_service));
    }
  }
  return InTransaction([&]() -> Result<store::Share> {
    Permissions permissions(store_);
    if (document_id) {
      SYNAPS_RETURN_IF_ERROR(
          permissions.Document(caller.user(), *document_id, Action::kManage).status());
      return store_.ShareDocument(caller.actor(), *document_id, with_service, mode);
    }
    SYNAPS_RETURN_IF_ERROR(permissions.Folder(caller.user(), *folder_id, Action::kManage).status());
    return store_.ShareFolder(caller.actor(), *folder_id, with_service, mode);
  });
}

Result<store::Share> DocumentService::ShareDocument(const Caller& caller, int64_t id,
                                                    std::string_view with_service,
                                                    store::ShareMode mode) {
  return Share(caller, id, std::nullopt, with_service, mode);
}

Result<store::Share> DocumentService::ShareFolder(const Caller& caller, int64_t folder_id,
                                                  std::string_view with_service,
                                                  store::ShareMode mode) {
  return Share(caller, std::nullopt, folder_id, with_service, mode);
}

Status DocumentService::RemoveShare(const Caller& caller, int64_t share_id) {
  return InTransaction([&]() -> Status {
    Permissions permissions(store_);
    SYNAPS_RETURN_IF_ERROR(permissions.Share(caller.user(), share_id, Action::kManage).status());
    return store_.RemoveShare(caller.actor(), share_id);
  });
}

Result<std::vector<store::IncomingShare>> DocumentService::SharedWith(const Caller& caller) {
  Permissions permissions(store_);
  return permissions.SharedWith(caller.user());
}

}  // namespace synaps::documents
