// Organising documents: rename and move, trash and restore, purge, restore an old version,
// tags and metadata fields. Every change keeps the document's id and history.
#include <Poco/JSON/Array.h>

#include <functional>

#include "dms-server/json/model_json.h"
#include "dms-server/permissions/permissions.h"
#include "dms-server/server/authentication.h"
#include "dms-server/server/folder_reference.h"
#include "dms-server/server/routes.h"
#include "dms-server/store/names.h"

namespace synaps::server {

using namespace synaps::json;  // NOLINT: the JSON views of the model

namespace {

using permissions::Action;
using permissions::Permissions;
using Poco::JSON::Array;
using Poco::JSON::Object;

// The document as GET /api/v1/documents/{id} shows it, after a change.
void SendDocument(Exchange& x, int64_t id) {
  store::Document document = ValueOrThrow(x.store().GetDocument(id));
  x.SendJson(200, DocumentJson(document, ValueOrThrow(x.store().GetMetadata(id))));
}

HttpError InTrash(int64_t id) {
  return HttpError{409, "conflict",
                   "document " + std::to_string(id) + " is in the trash: restore it first"};
}

// PATCH {"name": "new name", "folder": "/CAB/dossiers" or 42}: rename and/or move.
void Update(Exchange& x) {
  store::User user = RequireUser(x);
  int64_t id = ParseDocumentIdParam(x.Param("id"));
  Object::Ptr body = ReadJsonObject(x);
  RequireKnownMembers(body, {"name", "folder"});
  std::optional<std::string> name = OptionalString(body, "name");
  if (name) OkOrThrow(store::ValidateName(*name));  // a bad name is bad wherever it goes
  Permissions permissions(x.store());
  std::optional<int64_t> folder = FolderReference(permissions, user, body, "folder");
  if (!name && !folder) {
    throw HttpError{400, "invalid_argument", "give a new \"name\", a new \"folder\", or both"};
  }
  store::Document document = ValueOrThrow(permissions.MayMoveDocument(user, id, folder));
  if (document.trashed_at) throw InTrash(id);
  ValueOrThrow(x.store().MoveDocumentTo(store::Actor{user.login}, id,
                                        folder.value_or(document.folder_id),
                                        name.value_or(document.name)));
  x.WakeIndexer();
  SendDocument(x, id);
}

void Trash(Exchange& x) {
  store::User user = RequireUser(x);
  int64_t id = ParseDocumentIdParam(x.Param("id"));
  Permissions permissions(x.store());
  store::Document document = ValueOrThrow(permissions.Document(user, id, Action::kWrite));
  if (document.trashed_at) {
    throw HttpError{409, "conflict", "document " + std::to_string(id) + " is already in the trash"};
  }
  OkOrThrow(x.store().TrashDocument(store::Actor{user.login}, id));
  x.WakeIndexer();
  x.SendEmpty(204);
}

void RestoreFromTrash(Exchange& x) {
  store::User user = RequireUser(x);
  int64_t id = ParseDocumentIdParam(x.Param("id"));
  Permissions permissions(x.store());
  store::Document document = ValueOrThrow(permissions.Document(user, id, Action::kWrite));
  if (!document.trashed_at) {
    throw HttpError{409, "conflict", "document " + std::to_string(id) + " is not in the trash"};
  }
  OkOrThrow(x.store().RestoreFromTrash(store::Actor{user.login}, id));
  x.WakeIndexer();
  SendDocument(x, id);
}

// The trashed documents the user may read, oldest first.
void ListTrash(Exchange& x) {
  store::User user = RequireUser(x);
  Permissions permissions(x.store());
  auto trashed =
      ValueOrThrow(permissions.Allowed(user, ValueOrThrow(x.store().ListTrash()), Action::kRead));
  Array::Ptr array = new Array;
  for (const auto& document : trashed) array->add(DocumentSummaryJson(document));
  Object::Ptr object = new Object;
  object->set("documents", array);
  x.SendJson(200, object);
}

// Empties the trash of what the user manages (other services' trash is left alone).
void PurgeTrash(Exchange& x) {
  store::User user = RequireUser(x);
  Permissions permissions(x.store());
  auto managed =
      ValueOrThrow(permissions.Allowed(user, ValueOrThrow(x.store().ListTrash()), Action::kManage));
  std::vector<int64_t> ids;
  for (const auto& document : managed) ids.push_back(document.id);
  int64_t purged = ValueOrThrow(x.store().PurgeDocuments(store::Actor{user.login}, ids));
  x.WakeIndexer();
  Object::Ptr object = new Object;
  object->set("purged", purged);
  x.SendJson(200, object);
}

void PurgeOne(Exchange& x) {
  store::User user = RequireUser(x);
  int64_t id = ParseDocumentIdParam(x.Param("id"));
  Permissions permissions(x.store());
  store::Document document = ValueOrThrow(permissions.Document(user, id, Action::kManage));
  if (!document.trashed_at) {
    throw HttpError{409, "conflict",
                    "document " + std::to_string(id) + " is not in the trash: trash it first"};
  }
  ValueOrThrow(x.store().PurgeDocuments(store::Actor{user.login}, {id}));
  x.WakeIndexer();
  x.SendEmpty(204);
}

// POST {"comment": "..."} (optional body): a new version with the content of version n.
void RestoreVersion(Exchange& x) {
  store::User user = RequireUser(x);
  int64_t id = ParseDocumentIdParam(x.Param("id"));
  std::string text = ReadSmallBody(x, x.context.options.max_json_bytes);
  std::string comment;
  if (!text.empty()) {
    Object::Ptr body = ParseJsonObject(text);
    RequireKnownMembers(body, {"comment"});
    comment = OptionalString(body, "comment").value_or("");
  }
  Permissions permissions(x.store());
  ValueOrThrow(permissions.Document(user, id, Action::kWrite));
  auto number = store::ParseDocumentId(x.Param("n"));
  if (!number || *number <= 0 || *number > (1 << 30)) {
    throw HttpError{404, "not_found",
                    "document " + std::to_string(id) + " has no version " + x.Param("n")};
  }
  store::PutResult result = ValueOrThrow(
      x.store().RestoreVersion(store::Actor{user.login}, id, static_cast<int>(*number), comment));
  x.WakeIndexer();
  store::Version version = ValueOrThrow(x.store().GetVersion(id, result.version));
  x.response.set("Location", "/api/v1/documents/" + std::to_string(id) + "/versions/" +
                                 std::to_string(result.version) + "/content");
  x.SendJson(201, VersionJson(version));
}

// Applies `change` (a store call made as `user`) to document `id`, which `user` must be allowed to
// write (404 or 403 otherwise, before anything changes); then wakes the indexer and answers the
// document as it now is. The tag and metadata routes differ only in their store call.
void ChangeDocument(Exchange& x, const store::User& user, int64_t id,
                    const std::function<store::Status(const store::Actor&)>& change) {
  Permissions permissions(x.store());
  ValueOrThrow(permissions.Document(user, id, Action::kWrite));
  OkOrThrow(change(store::Actor{user.login}));
  x.WakeIndexer();
  SendDocument(x, id);
}

void AddTag(Exchange& x) {
  store::User user = RequireUser(x);
  int64_t id = ParseDocumentIdParam(x.Param("id"));
  ChangeDocument(x, user, id, [&](const store::Actor& actor) {
    return x.store().AddTag(actor, id, x.Param("tag"));
  });
}

void RemoveTag(Exchange& x) {
  store::User user = RequireUser(x);
  int64_t id = ParseDocumentIdParam(x.Param("id"));
  ChangeDocument(x, user, id, [&](const store::Actor& actor) {
    return x.store().RemoveTag(actor, id, x.Param("tag"));
  });
}

// PUT {"value": "..."}.
void SetMetadata(Exchange& x) {
  store::User user = RequireUser(x);
  int64_t id = ParseDocumentIdParam(x.Param("id"));
  Object::Ptr body = ReadJsonObject(x);
  RequireKnownMembers(body, {"value"});
  std::string value = RequiredString(body, "value");
  ChangeDocument(x, user, id, [&](const store::Actor& actor) {
    return x.store().SetMetadata(actor, id, x.Param("key"), value);
  });
}

void RemoveMetadata(Exchange& x) {
  store::User user = RequireUser(x);
  int64_t id = ParseDocumentIdParam(x.Param("id"));
  ChangeDocument(x, user, id, [&](const store::Actor& actor) {
    return x.store().RemoveMetadata(actor, id, x.Param("key"));
  });
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
