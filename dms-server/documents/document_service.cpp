// DocumentService: construction and the reading operations (documents, versions, content).
#include "dms-server/documents/document_service.h"

#include "dms-server/documents/service_internal.h"

namespace synaps::documents {

namespace {

constexpr std::string_view kRootFolderConflict =
    " is the root of its service: it goes only with "
    "the service";

}  // namespace

bool IsRootFolderConflict(const Status& status) {
  const std::string& message = status.message();
  return status.code() == store::ErrorCode::kConflict &&
         message.size() >= kRootFolderConflict.size() &&
         message.compare(message.size() - kRootFolderConflict.size(), kRootFolderConflict.size(),
                         kRootFolderConflict) == 0;
}

std::string RootFolderConflictMessage(const std::string& path) {
  return path + std::string(kRootFolderConflict);
}

namespace {

constexpr std::string_view kLocked = " is locked by ";

}  // namespace

Status Locked(const std::string& what) {
  return Status::Conflict(what + std::string(kLocked) + "a WebDAV client");
}

bool IsLocked(const Status& status) {
  return status.code() == store::ErrorCode::kConflict &&
         status.message().find(kLocked) != std::string::npos;
}

DocumentService::DocumentService(store::Store& store, std::function<void()> changed,
                                 WriteGate* gate)
    : store_(store), changed_(std::move(changed)), gate_(gate) {}

Status WriteGate::MayChangeFolder(const Caller&, const std::string&) {
  return Status::Ok();
}

void WriteGate::Left(const std::string&) {}

Status DocumentService::MayChangeFolder(const Caller& caller, const std::string& path) {
  return gate_ ? gate_->MayChangeFolder(caller, path) : Status::Ok();
}

Status DocumentService::LeavePath(const Caller& caller, const std::string& path) {
  const int64_t now = store::NowMs();
  SYNAPS_ASSIGN_OR_RETURN(std::vector<store::DavLock> held, store_.ListDavLocks(now));
  std::vector<std::string> tokens;
  for (const store::DavLock& lock : held) {
    if (store::IsAtOrBeneath(lock.path, path)) tokens.push_back(lock.token);
  }
  if (!tokens.empty()) SYNAPS_RETURN_IF_ERROR(store_.DropDavLocks(caller.actor(), tokens, now));
  left_.push_back(path);
  return Status::Ok();
}

Status DocumentService::MayChange(const Caller& caller, int64_t document_id) {
  if (!gate_) return Status::Ok();
  SYNAPS_ASSIGN_OR_RETURN(store::Document document, store_.GetDocument(document_id));
  return gate_->MayChange(caller, document);
}

Status DocumentService::MayEdit(const Caller& caller, int64_t id) {
  Permissions permissions(store_);
  SYNAPS_RETURN_IF_ERROR(permissions.Document(caller.user(), id, Action::kWrite).status());
  return MayChange(caller, id);
}

Result<DocumentDetails> DocumentService::Document(const Caller& caller, int64_t id) {
  Permissions permissions(store_);
  DocumentDetails details;
  SYNAPS_ASSIGN_OR_RETURN(details.document, permissions.Document(caller.user(), id, Action::kRead));
  SYNAPS_ASSIGN_OR_RETURN(details.metadata, store_.GetMetadata(id));
  SYNAPS_ASSIGN_OR_RETURN(auto origins, store_.Origins(id));
  for (store::SourceEntry& origin : origins) {
    // Another document's origin is shown only to whoever may read that document: it would
    // otherwise tell where another service keeps the same content.
    if (origin.document_id != id &&
        !permissions.Document(caller.user(), origin.document_id, Action::kRead).ok()) {
      continue;
    }
    details.origins.push_back(std::move(origin));
  }
  return details;
}

Result<store::Document> DocumentService::Find(const Caller& caller, std::string_view ref) {
  if (auto id = store::ParseDocumentId(ref)) {
    Permissions permissions(store_);
    return permissions.Document(caller.user(), *id, Action::kRead);
  }
  auto found = store_.FindDocument(ref);
  if (!found.ok()) return found.status();
  Permissions permissions(store_);
  auto allowed = permissions.Document(caller.user(), found->id, Action::kRead);
  // Invisible by path says what a missing path says.
  if (!allowed.ok() && allowed.status().code() == store::ErrorCode::kNotFound) {
    return Status::NotFound("no document " + std::string(ref));
  }
  return allowed;
}

Result<std::vector<store::Version>> DocumentService::Versions(const Caller& caller, int64_t id) {
  Permissions permissions(store_);
  SYNAPS_RETURN_IF_ERROR(permissions.Document(caller.user(), id, Action::kRead).status());
  return store_.ListVersions(id);
}

Result<DocumentVersion> DocumentService::Version(const Caller& caller, int64_t id, int number) {
  Permissions permissions(store_);
  DocumentVersion found;
  SYNAPS_ASSIGN_OR_RETURN(found.document, permissions.Document(caller.user(), id, Action::kRead));
  SYNAPS_ASSIGN_OR_RETURN(found.version, store_.GetVersion(id, number));
  return found;
}

Result<store::UniqueFd> DocumentService::OpenContent(const Caller& caller,
                                                     const store::Version& version,
                                                     std::string_view how) {
  Permissions permissions(store_);
  SYNAPS_RETURN_IF_ERROR(
      permissions.Document(caller.user(), version.document_id, Action::kRead).status());
  SYNAPS_ASSIGN_OR_RETURN(store::UniqueFd fd, store_.OpenContent(version));
  // Recorded once the content could be opened: a read that fails is not a read.
  SYNAPS_RETURN_IF_ERROR(
      store_.RecordRead(caller.actor(), version.document_id, version.number, how));
  return fd;
}

Result<std::filesystem::path> DocumentService::ContentFile(const Caller& caller,
                                                           const store::Version& version,
                                                           std::string_view how) {
  Permissions permissions(store_);
  SYNAPS_RETURN_IF_ERROR(
      permissions.Document(caller.user(), version.document_id, Action::kRead).status());
  std::filesystem::path file = store_.blobs().PathOf(version.blob);
  SYNAPS_RETURN_IF_ERROR(
      store_.RecordRead(caller.actor(), version.document_id, version.number, how));
  return file;
}

}  // namespace synaps::documents
