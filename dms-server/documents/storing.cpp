// DocumentService: storing content (put, multi-file put, copy, restoring an old version).
#include "dms-server/documents/service_internal.h"

namespace synaps::documents {

namespace {

store::PutRequest Request(const NewContent& content) {
  store::PutRequest request;
  request.blob = content.blob;
  request.mime_type = content.mime_type;
  request.comment = content.comment;
  request.tags = content.tags;
  request.modified_at = content.modified_at;
  request.open_until = content.open_until;
  return request;
}

store::PutRequest Request(const store::StorePath& path, const NewContent& content) {
  store::PutRequest request = Request(content);
  request.service_code = path.service_code;
  request.folder.assign(path.names.begin(), path.names.end() - 1);
  request.name = path.names.back();
  return request;
}

store::PutRequest Request(int64_t folder_id, std::string_view name, const NewContent& content) {
  store::PutRequest request = Request(content);
  request.folder_id = folder_id;
  request.name = std::string(name);
  return request;
}

}  // namespace

Status DocumentService::MayPut(const Caller& caller, const PutPlace& place) {
  Permissions permissions(store_);
  std::optional<int64_t> existing;
  if (place.folder_id) {
    SYNAPS_RETURN_IF_ERROR(store::ValidateName(place.name));
    SYNAPS_RETURN_IF_ERROR(permissions.MayPutIn(caller.user(), *place.folder_id, place.name));
    SYNAPS_ASSIGN_OR_RETURN(auto document, store_.LiveDocumentIn(*place.folder_id, place.name));
    if (document) existing = document->id;
  } else {
    SYNAPS_ASSIGN_OR_RETURN(store::StorePath path, store::ParseStorePath(place.path));
    if (path.names.empty()) return Status::Invalid("the path names no document");
    SYNAPS_RETURN_IF_ERROR(store::ValidateName(path.names.back()));
    SYNAPS_RETURN_IF_ERROR(permissions.MayPut(caller.user(), path));
    auto document = store_.FindDocument(place.path);
    if (document.ok()) existing = document->id;
  }
  return existing ? MayChange(caller, *existing) : Status::Ok();
}

Result<store::PutResult> DocumentService::Put(const Caller& caller, const PutPlace& place,
                                              const NewContent& content) {
  return InTransaction([&]() -> Result<store::PutResult> {
    SYNAPS_RETURN_IF_ERROR(MayPut(caller, place));
    store::PutRequest request;
    if (place.folder_id) {
      request = Request(*place.folder_id, place.name, content);
    } else {
      SYNAPS_ASSIGN_OR_RETURN(store::StorePath path, store::ParseStorePath(place.path));
      request = Request(path, content);
    }
    SYNAPS_ASSIGN_OR_RETURN(store::PutResult result, store_.PutDocument(caller.actor(), request));
    if (content.digests) {
      SYNAPS_RETURN_IF_ERROR(store_.RecordDigests(content.blob.sha256, *content.digests));
    }
    return result;
  });
}

Result<store::Document> DocumentService::SetModifiedTime(const Caller& caller, int64_t id,
                                                         int64_t modified_at) {
  return InTransaction([&]() -> Result<store::Document> {
    Permissions permissions(store_);
    SYNAPS_RETURN_IF_ERROR(permissions.Document(caller.user(), id, Action::kWrite).status());
    SYNAPS_RETURN_IF_ERROR(MayChange(caller, id));
    return store_.SetModifiedTime(caller.actor(), id, modified_at);
  });
}

Result<store::ContentDigests> DocumentService::Digests(const Caller& caller,
                                                       const store::Version& version) {
  Permissions permissions(store_);
  SYNAPS_RETURN_IF_ERROR(
      permissions.Document(caller.user(), version.document_id, Action::kRead).status());
  return store_.Digests(version);
}

Result<std::vector<store::PutResult>> DocumentService::PutAll(
    const Caller& caller, int64_t folder_id,
    const std::vector<std::pair<std::string, NewContent>>& named_contents) {
  return InTransaction([&]() -> Result<std::vector<store::PutResult>> {
    std::vector<store::PutRequest> requests;
    for (const auto& [name, content] : named_contents) {
      SYNAPS_RETURN_IF_ERROR(MayPut(caller, PutPlace::InFolder(folder_id, name)));
      requests.push_back(Request(folder_id, name, content));
    }
    return store_.PutDocumentsAtomically(caller.actor(), requests);
  });
}

Result<store::PutResult> DocumentService::Copy(const Caller& caller, int64_t id, int64_t folder_id,
                                               std::string_view name) {
  return InTransaction(
      [&]() -> Result<store::PutResult> { return CopyInTransaction(caller, id, folder_id, name); });
}

Result<store::PutResult> DocumentService::CopyInTransaction(const Caller& caller, int64_t id,
                                                            int64_t folder_id,
                                                            std::string_view name) {
  Permissions permissions(store_);
  SYNAPS_ASSIGN_OR_RETURN(store::Document source,
                          permissions.Document(caller.user(), id, Action::kRead));
  if (source.trashed_at) {
    return Status::Conflict("document " + std::to_string(id) + " is in the trash");
  }
  SYNAPS_RETURN_IF_ERROR(MayPut(caller, PutPlace::InFolder(folder_id, std::string(name))));
  SYNAPS_ASSIGN_OR_RETURN(store::Version current, store_.GetVersion(id, 0));
  // The blob stays referenced by the source, whose purge waits for this transaction: garbage
  // collection cannot take it in between.
  NewContent content;
  content.blob.sha256 = current.blob;
  content.blob.size = current.size;
  content.mime_type = current.mime_type;
  content.comment = "copy of " + source.path();
  content.tags = source.tags;
  return store_.PutDocument(caller.actor(), Request(folder_id, name, content));
}

Status DocumentService::SealVersion(const Caller& caller, int64_t id) {
  return InTransaction([&]() -> Status {
    Permissions permissions(store_);
    SYNAPS_RETURN_IF_ERROR(permissions.Document(caller.user(), id, Action::kWrite).status());
    SYNAPS_RETURN_IF_ERROR(MayChange(caller, id));
    return store_.SealVersion(caller.actor(), id);
  });
}

Result<store::PutResult> DocumentService::RestoreVersion(const Caller& caller, int64_t id,
                                                         int number, std::string_view comment) {
  return InTransaction([&]() -> Result<store::PutResult> {
    Permissions permissions(store_);
    SYNAPS_ASSIGN_OR_RETURN(store::Document document,
                            permissions.Document(caller.user(), id, Action::kWrite));
    SYNAPS_RETURN_IF_ERROR(MayChange(caller, document.id));
    return store_.RestoreVersion(caller.actor(), id, number, comment);
  });
}

}  // namespace synaps::documents
