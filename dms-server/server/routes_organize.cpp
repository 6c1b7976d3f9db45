// Organising documents: rename and move, trash and restore, purge, restore an old version,
// tags and metadata fields. Every change keeps the document's id and history.
#include <Poco/JSON/Array.h>

#include "dms-server/json/model_json.h"
#include "dms-server/server/document_access.h"
#include "dms-server/server/folder_reference.h"
#include "dms-server/server/routes.h"
#include "dms-server/store/names.h"

namespace synaps::server {

using namespace synaps::json;  // NOLINT: the JSON views of the model

namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

// The document as GET /api/v1/documents/{id} shows it, after a change.
void SendDocument(Exchange& x, const documents::Caller& caller, int64_t id) {
  documents::DocumentDetails details = ValueOrThrow(Documents(x).Document(caller, id));
  x.SendJson(200, DocumentJson(details.document, details.metadata));
}

// PATCH {"name": "new name", "folder": "/CAB/dossiers" or 42}: rename and/or move.
void Update(Exchange& x) {
  documents::Caller caller = RequireCaller(x);
  int64_t id = ParseDocumentIdParam(x.Param("id"));
  Object::Ptr body = ReadJsonObject(x);
  RequireKnownMembers(body, {"name", "folder"});
  std::optional<std::string> name = OptionalString(body, "name");
  if (name) OkOrThrow(store::ValidateName(*name));  // a bad name is bad wherever it goes
  documents::DocumentService service = Documents(x);
  std::optional<int64_t> folder = FolderReference(service, caller, body, "folder");
  if (!name && !folder) {
    throw HttpError{400, "invalid_argument", "give a new \"name\", a new \"folder\", or both"};
  }
  ValueOrThrow(service.Move(caller, id, folder, name));
  SendDocument(x, caller, id);
}

void Trash(Exchange& x) {
  documents::Caller caller = RequireCaller(x);
  int64_t id = ParseDocumentIdParam(x.Param("id"));
  OkOrThrow(Documents(x).Trash(caller, id));
  x.SendEmpty(204);
}

void RestoreFromTrash(Exchange& x) {
  documents::Caller caller = RequireCaller(x);
  int64_t id = ParseDocumentIdParam(x.Param("id"));
  ValueOrThrow(Documents(x).RestoreFromTrash(caller, id));
  SendDocument(x, caller, id);
}

// The trashed documents the user may read, oldest first.
void ListTrash(Exchange& x) {
  documents::Caller caller = RequireCaller(x);
  Array::Ptr array = new Array;
  for (const auto& document : ValueOrThrow(Documents(x).TrashContents(caller))) {
    array->add(DocumentSummaryJson(document));
  }
  Object::Ptr object = new Object;
  object->set("documents", array);
  x.SendJson(200, object);
}

// Empties the trash of what the user manages (other services' trash is left alone).
void PurgeTrash(Exchange& x) {
  documents::Caller caller = RequireCaller(x);
  Object::Ptr object = new Object;
  object->set("purged", ValueOrThrow(Documents(x).EmptyTrash(caller)));
  x.SendJson(200, object);
}

void PurgeOne(Exchange& x) {
  documents::Caller caller = RequireCaller(x);
  int64_t id = ParseDocumentIdParam(x.Param("id"));
  OkOrThrow(Documents(x).Purge(caller, id));
  x.SendEmpty(204);
}

// POST {"comment": "..."} (optional body): a new version with the content of version n.
void RestoreVersion(Exchange& x) {
  documents::Caller caller = RequireCaller(x);
  int64_t id = ParseDocumentIdParam(x.Param("id"));
  std::string text = ReadSmallBody(x, x.context.options.max_json_bytes);
  std::string comment;
  if (!text.empty()) {
    Object::Ptr body = ParseJsonObject(text);
    RequireKnownMembers(body, {"comment"});
    comment = OptionalString(body, "comment").value_or("");
  }
  documents::DocumentService service = Documents(x);
  // A number that is not a version is not found, once the document is known to be visible.
  auto number = store::ParseDocumentId(x.Param("n"));
  if (!number || *number <= 0 || *number > (1 << 30)) {
    ValueOrThrow(service.Document(caller, id));
    throw HttpError{404, "not_found",
                    "document " + std::to_string(id) + " has no version " + x.Param("n")};
  }
  store::PutResult result =
      ValueOrThrow(service.RestoreVersion(caller, id, static_cast<int>(*number), comment));
  store::Version version = ValueOrThrow(service.Version(caller, id, result.version)).version;
  x.response.set("Location", "/api/v1/documents/" + std::to_string(id) + "/versions/" +
                                 std::to_string(result.version) + "/content");
  x.SendJson(201, VersionJson(version));
}

void AddTag(Exchange& x) {
  documents::Caller caller = RequireCaller(x);
  int64_t id = ParseDocumentIdParam(x.Param("id"));
  OkOrThrow(Documents(x).AddTag(caller, id, x.Param("tag")));
  SendDocument(x, caller, id);
}

void RemoveTag(Exchange& x) {
  documents::Caller caller = RequireCaller(x);
  int64_t id = ParseDocumentIdParam(x.Param("id"));
  OkOrThrow(Documents(x).RemoveTag(caller, id, x.Param("tag")));
  SendDocument(x, caller, id);
}

// PUT {"value": "..."}.
void SetMetadata(Exchange& x) {
  documents::Caller caller = RequireCaller(x);
  int64_t id = ParseDocumentIdParam(x.Param("id"));
  Object::Ptr body = ReadJsonObject(x);
  RequireKnownMembers(body, {"value"});
  std::string value = RequiredString(body, "value");
  OkOrThrow(Documents(x).SetMetadata(caller, id, x.Param("key"), value));
  SendDocument(x, caller, id);
}

void RemoveMetadata(Exchange& x) {
  documents::Caller caller = RequireCaller(x);
  int64_t id = ParseDocumentIdParam(x.Param("id"));
  OkOrThrow(Documents(x).RemoveMetadata(caller, id, x.Param("key")));
  SendDocument(x, caller, id);
}

}  // namespace

void AddOrganizeRoutes(Router& router) {
  router.Add("PATCH", "/api/v1/documents/{id}", Update);
  router.Add("DELETE", "/api/v1/documents/{id}", Trash);
  router.Add("POST", "/api/v1/documents/{id}/restore", RestoreFromTrash);
  router.Add("GET", "/api/v1/trash", ListTrash);
  router.Add("DELETE", "/api/v1/trash", PurgeTrash);
  router.Add("DELETE", "/api/v1/trash/{id}", PurgeOne);
  router.Add("POST", "/api/v1/documents/{id}/versions/{n}/restore", RestoreVersion);
  router.Add("PUT", "/api/v1/documents/{id}/tags/{tag}", AddTag);
  router.Add("DELETE", "/api/v1/documents/{id}/tags/{tag}", RemoveTag);
  router.Add("PUT", "/api/v1/documents/{id}/metadata/{key}", SetMetadata);
  router.Add("DELETE", "/api/v1/documents/{id}/metadata/{key}", RemoveMetadata);
}

}  // namespace synaps::server
