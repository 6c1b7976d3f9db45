#include "dms-server/permissions/permissions.h"

namespace synaps::permissions {

using store::Result;
using store::Status;

const char* ActionName(Action action) {
  switch (action) {
    case Action::kRead:
      return "read";
    case Action::kWrite:
      return "write";
    case Action::kManage:
      return "manage";
    case Action::kAdmin:
      return "admin";
  }
  return "?";
}

namespace {

bool RoleAllows(store::Role role, Action action) {
  switch (action) {
    case Action::kRead:
      return true;
    case Action::kWrite:
      return role == store::Role::kEditor || role == store::Role::kManager;
    case Action::kManage:
      return role == store::Role::kManager;
    case Action::kAdmin:
      return false;
  }
  return false;
}

bool IsMember(const store::User& user, std::string_view service_code) {
  for (const auto& membership : user.memberships) {
    if (store::SameServiceCode(membership.service_code, service_code)) return true;
  }
  return false;
}

// Whether `share` is for `user` and grants `action`.
bool ShareGrants(const store::User& user, const store::Share& share, Action action) {
  if (!share.service_code.empty() && !IsMember(user, share.service_code)) return false;
  if (action == Action::kRead) return true;
  return action == Action::kWrite && share.mode == store::ShareMode::kWrite;
}

bool AnyShareGrants(const store::User& user, const std::vector<store::Share>& shares,
                    Action action) {
  for (const auto& share : shares) {
    if (ShareGrants(user, share, action)) return true;
  }
  return false;
}

std::string DocumentNotFound(int64_t id) {
  return "no document " + std::to_string(id);
}

bool IsNotFound(const Status& status) {
  return status.code() == store::ErrorCode::kNotFound;
}

// The code of the service that owns `folder`: the first component of its path.
std::string ServiceOf(const store::Folder& folder) {
  size_t end = folder.path.find('/', 1);
  return folder.path.substr(1, end == std::string::npos ? std::string::npos : end - 1);
}

std::string JoinPath(const store::StorePath& path, size_t names) {
  std::string text = "/" + path.service_code;
  for (size_t i = 0; i < names && i < path.names.size(); ++i) text += "/" + path.names[i];
  return text;
}

}  // namespace

bool Permissions::MayOnService(const store::User& user, std::string_view service_code,
                               Action action) {
  if (user.is_admin) return true;
  if (action == Action::kAdmin) return false;
  for (const auto& membership : user.memberships) {
    if (store::SameServiceCode(membership.service_code, service_code) &&
        RoleAllows(membership.role, action)) {
      return true;
    }
  }
  return false;
}

Status Permissions::Decide(const store::User& user, std::string_view service_code,
                           const std::vector<store::Share>& shares, Action action,
                           const std::string& not_found_message) {
  if (MayOnService(user, service_code, action)) return Status::Ok();
  if (action != Action::kManage && action != Action::kAdmin &&
      AnyShareGrants(user, shares, action)) {
    return Status::Ok();
  }
  // Invisible objects look missing; visible ones say what is not allowed.
  bool visible =
      user.is_admin || IsMember(user, service_code) || AnyShareGrants(user, shares, Action::kRead);
  if (!visible) return Status::NotFound(not_found_message);
  return Status::Denied(std::string("you may not ") + ActionName(action) + " here");
}

Status Permissions::DecideDocument(const store::User& user, const store::Document& document,
                                   Action action) {
  std::vector<store::Share> shares;
  if (!MayOnService(user, document.service_code, action)) {
    SYNAPS_ASSIGN_OR_RETURN(shares, store_.EffectiveShares(document.id));
  }
  return Decide(user, document.service_code, shares, action, DocumentNotFound(document.id));
}

Result<store::Document> Permissions::Document(const store::User& user, int64_t document_id,
                                              Action action) {
  auto document = store_.GetDocument(document_id);
  if (!document.ok()) {
    if (IsNotFound(document.status())) return Status::NotFound(DocumentNotFound(document_id));
    return document.status();
  }
  SYNAPS_RETURN_IF_ERROR(DecideDocument(user, *document, action));
  return document;
}

Result<std::vector<store::Document>> Permissions::Allowed(const store::User& user,
                                                          std::vector<store::Document> documents,
                                                          Action action) {
  std::vector<store::Document> allowed;
  for (store::Document& document : documents) {
    Status decided = DecideDocument(user, document, action);
    if (decided.ok()) {
      allowed.push_back(std::move(document));
    } else if (!IsNotFound(decided) && decided.code() != store::ErrorCode::kPermissionDenied) {
      return decided;
    }
  }
  return allowed;
}

Result<std::vector<store::Share>> Permissions::FolderShares(const store::StorePath& path) {
  std::vector<store::Share> shares;
  for (size_t depth = 0; depth <= path.names.size(); ++depth) {
    auto folder = store_.FindFolder(JoinPath(path, depth));
    if (!folder.ok()) {
      if (IsNotFound(folder.status())) break;
      return folder.status();
    }
    SYNAPS_ASSIGN_OR_RETURN(auto own, store_.ListShares(std::nullopt, folder->id));
    shares.insert(shares.end(), own.begin(), own.end());
  }
  return shares;
}

Result<std::vector<store::Share>> Permissions::FolderShares(const store::Folder& folder) {
  std::vector<store::Share> shares;
  std::optional<int64_t> id = folder.id;
  while (id) {
    SYNAPS_ASSIGN_OR_RETURN(auto own, store_.ListShares(std::nullopt, *id));
    shares.insert(shares.end(), own.begin(), own.end());
    if (*id == folder.id) {
      id = folder.parent_id;
    } else {
      SYNAPS_ASSIGN_OR_RETURN(store::Folder above, store_.GetFolder(*id));
      id = above.parent_id;
    }
  }
  return shares;
}

Result<store::Folder> Permissions::Folder(const store::User& user, std::string_view path,
                                          Action action) {
  std::string not_found = "no folder " + std::string(path);
  SYNAPS_ASSIGN_OR_RETURN(store::StorePath parsed, store::ParseStorePath(path));
  std::vector<store::Share> shares;
  if (!MayOnService(user, parsed.service_code, action)) {
    SYNAPS_ASSIGN_OR_RETURN(shares, FolderShares(parsed));
  }
  // Decide before looking the folder up: a missing and an invisible folder answer alike.
  SYNAPS_RETURN_IF_ERROR(Decide(user, parsed.service_code, shares, Action::kRead, not_found));
  auto folder = store_.FindFolder(path);
  if (!folder.ok()) {
    if (IsNotFound(folder.status())) return Status::NotFound(not_found);
    return folder.status();
  }
  SYNAPS_RETURN_IF_ERROR(Decide(user, parsed.service_code, shares, action, not_found));
  return folder;
}

Result<store::Folder> Permissions::Folder(const store::User& user, int64_t folder_id,
                                          Action action) {
  std::string not_found = "no folder " + std::to_string(folder_id);
  auto folder = store_.GetFolder(folder_id);
  if (!folder.ok()) {
    if (IsNotFound(folder.status())) return Status::NotFound(not_found);
    return folder.status();
  }
  std::string service = ServiceOf(*folder);
  std::vector<store::Share> shares;
  if (!MayOnService(user, service, action)) {
    SYNAPS_ASSIGN_OR_RETURN(shares, FolderShares(*folder));
  }
  SYNAPS_RETURN_IF_ERROR(Decide(user, service, shares, action, not_found));
  return folder;
}

Result<store::Share> Permissions::Share(const store::User& user, int64_t share_id, Action action) {
  std::string not_found = "no share " + std::to_string(share_id);
  auto share = store_.GetShare(share_id);
  if (!share.ok()) {
    if (IsNotFound(share.status())) return Status::NotFound(not_found);
    return share.status();
  }
  Status allowed = share->document_id ? Document(user, *share->document_id, action).status()
                                      : Folder(user, *share->folder_id, action).status();
  if (IsNotFound(allowed)) return Status::NotFound(not_found);
  SYNAPS_RETURN_IF_ERROR(allowed);
  return share;
}

Status Permissions::MayCreateFolder(const store::User& user, const store::StorePath& path) {
  std::string not_found = "no such place " + JoinPath(path, path.names.size());
  std::vector<store::Share> shares;
  if (!MayOnService(user, path.service_code, Action::kWrite)) {
    SYNAPS_ASSIGN_OR_RETURN(shares, FolderShares(path));
  }
  SYNAPS_RETURN_IF_ERROR(Decide(user, path.service_code, shares, Action::kWrite, not_found));
  auto service = store_.FindService(path.service_code);
  if (!service.ok()) {
    return IsNotFound(service.status()) ? Status::NotFound(not_found) : service.status();
  }
  return Status::Ok();
}

Result<store::Document> Permissions::MayMoveDocument(const store::User& user, int64_t document_id,
                                                     std::optional<int64_t> destination_id) {
  SYNAPS_ASSIGN_OR_RETURN(store::Document document, Document(user, document_id, Action::kWrite));
  if (!destination_id || *destination_id == document.folder_id) return document;
  SYNAPS_ASSIGN_OR_RETURN(store::Folder destination, Folder(user, *destination_id, Action::kWrite));
  if (destination.service_id != document.service_id) {
    SYNAPS_RETURN_IF_ERROR(Document(user, document_id, Action::kManage).status());
  }
  return document;
}

Result<store::Folder> Permissions::MayMoveFolder(const store::User& user, int64_t folder_id,
                                                 std::optional<int64_t> new_parent_id) {
  SYNAPS_ASSIGN_OR_RETURN(store::Folder folder, Folder(user, folder_id, Action::kManage));
  if (new_parent_id && folder.parent_id != new_parent_id) {
    SYNAPS_RETURN_IF_ERROR(Folder(user, *new_parent_id, Action::kManage).status());
  }
  return folder;
}

Result<store::Folder> Permissions::MayDeleteFolder(const store::User& user, int64_t folder_id) {
  return Folder(user, folder_id, Action::kManage);
}

Status Permissions::MayWriteInService(const store::User& user, std::string_view service_code) {
  std::string not_found = "no service " + std::string(service_code);
  SYNAPS_RETURN_IF_ERROR(Decide(user, service_code, {}, Action::kRead, not_found));
  auto service = store_.FindService(service_code);
  if (!service.ok()) {
    if (IsNotFound(service.status())) return Status::NotFound(not_found);
    return service.status();
  }
  return Decide(user, service_code, {}, Action::kWrite, not_found);
}

Status Permissions::MayPut(const store::User& user, const store::StorePath& path) {
  std::string full = JoinPath(path, path.names.size());
  std::string not_found = "no such place " + full;
  if (MayOnService(user, path.service_code, Action::kWrite)) {
    auto service = store_.FindService(path.service_code);
    if (service.ok()) return Status::Ok();
    return IsNotFound(service.status()) ? Status::NotFound(not_found) : service.status();
  }
  // An existing document: its own and its folders' shares.
  if (!path.names.empty()) {
    auto document = store_.FindDocument(full);
    if (document.ok()) {
      auto allowed = Document(user, document->id, Action::kWrite);
      if (allowed.ok()) return Status::Ok();
      return IsNotFound(allowed.status()) ? Status::NotFound(not_found) : allowed.status();
    }
    if (!IsNotFound(document.status()) &&
        document.status().code() != store::ErrorCode::kInvalidArgument) {
      return document.status();
    }
  }
  // A new document: the shares of the folders that exist on its path.
  store::StorePath folders = path;
  if (!folders.names.empty()) folders.names.pop_back();
  SYNAPS_ASSIGN_OR_RETURN(auto shares, FolderShares(folders));
  return Decide(user, path.service_code, shares, Action::kWrite, not_found);
}

Status Permissions::MayPutIn(const store::User& user, int64_t folder_id, std::string_view name) {
  auto visible_folder = Folder(user, folder_id, Action::kRead);
  if (!visible_folder.ok()) {
    // A document shared on its own, in a folder the user does not see: its share decides.
    if (!IsNotFound(visible_folder.status())) return visible_folder.status();
    SYNAPS_ASSIGN_OR_RETURN(auto existing, store_.LiveDocumentIn(folder_id, name));
    if (existing) {
      Status decided = DecideDocument(user, *existing, Action::kWrite);
      if (!IsNotFound(decided)) return decided;
    }
    return visible_folder.status();
  }
  store::Folder folder = std::move(visible_folder).value();
  if (MayOnService(user, ServiceOf(folder), Action::kWrite)) return Status::Ok();
  SYNAPS_ASSIGN_OR_RETURN(auto existing, store_.LiveDocumentIn(folder.id, name));
  if (existing) return DecideDocument(user, *existing, Action::kWrite);
  SYNAPS_ASSIGN_OR_RETURN(auto shares, FolderShares(folder));
  return Decide(user, ServiceOf(folder), shares, Action::kWrite,
                "no folder " + std::to_string(folder_id));
}

Result<std::vector<std::string>> Permissions::ReadableServices(const store::User& user) {
  std::vector<std::string> codes;
  if (user.is_admin) {
    SYNAPS_ASSIGN_OR_RETURN(auto services, store_.ListServices());
    for (const auto& service : services) codes.push_back(service.code);
    return codes;
  }
  for (const auto& membership : user.memberships) codes.push_back(membership.service_code);
  return codes;
}

bool Permissions::MayAdminister(const store::User& user) {
  return user.is_admin;
}

Status Permissions::MayManageMembers(const store::User& user, std::string_view service_code) {
  auto service = store_.FindService(service_code);
  if (!service.ok()) return service.status();
  if (MayOnService(user, service_code, Action::kManage)) return Status::Ok();
  return Status::Denied("only the managers of " + service->code +
                        " and administrators manage its members");
}

Result<std::optional<std::vector<std::string>>> Permissions::AuditServices(
    const store::User& user, std::optional<std::string_view> service_code) {
  using Services = std::optional<std::vector<std::string>>;
  if (service_code) {
    SYNAPS_ASSIGN_OR_RETURN(store::Service service, store_.FindService(*service_code));
    if (!MayOnService(user, service.code, Action::kManage)) {
      return Status::Denied("only the managers of " + service.code +
                            " and administrators read its audit log");
    }
    return Services(std::vector<std::string>{service.code});
  }
  if (user.is_admin) return Services();
  std::vector<std::string> managed;
  for (const auto& membership : user.memberships) {
    if (membership.role == store::Role::kManager) managed.push_back(membership.service_code);
  }
  if (managed.empty()) {
    return Status::Denied("the audit log is for the managers of a service and administrators");
  }
  return Services(std::move(managed));
}

Status Permissions::MayReadDocumentAudit(const store::User& user, int64_t document_id) {
  if (user.is_admin) return Status::Ok();
  return Document(user, document_id, Action::kManage).status();
}

Result<std::vector<store::IncomingShare>> Permissions::SharedWith(const store::User& user) {
  std::vector<std::string> services;
  for (const auto& membership : user.memberships) services.push_back(membership.service_code);
  SYNAPS_ASSIGN_OR_RETURN(auto given, store_.ListSharesGivenTo(services));
  std::vector<store::IncomingShare> incoming;
  for (auto& entry : given) {
    if (IsMember(user, entry.owner_service)) continue;
    if (!ShareGrants(user, entry.share, Action::kRead)) continue;
    incoming.push_back(std::move(entry));
  }
  return incoming;
}

}  // namespace synaps::permissions
