// Folders: listing (by path or id), creation, renaming and moving within a service, deletion of
// an empty folder.
#include <Poco/JSON/Array.h>

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

// The folder with its subfolders and the live documents in it that `user` may read.
void SendListing(Exchange& x, Permissions& permissions, const store::User& user,
                 const store::Folder& folder) {
  store::FolderListing listing = ValueOrThrow(x.store().ListFolder(folder));
  auto documents =
      ValueOrThrow(permissions.Allowed(user, std::move(listing.documents), Action::kRead));
  Object::Ptr object = FolderJson(folder);
  Array::Ptr folders = new Array;
  for (const auto& subfolder : listing.subfolders) folders->add(FolderJson(subfolder));
  object->set("folders", folders);
  Array::Ptr items = new Array;
  for (const auto& document : documents) items->add(DocumentSummaryJson(document));
  object->set("documents", items);
  x.SendJson(200, object);
}

std::string PathParameter(Exchange& x) {
  if (!x.query.Has("path")) {
    throw HttpError{400, "invalid_argument", "the path parameter is missing (e.g. ?path=/CAB)"};
  }
  std::string path = x.query.Get("path");
  if (!store::IsValidUtf8(path)) {
    throw HttpError{400, "invalid_argument", "the path is not valid UTF-8"};
  }
  return path;
}

void ListByPath(Exchange& x) {
  store::User user = RequireUser(x);
  std::string path = PathParameter(x);
  Permissions permissions(x.store());
  store::Folder folder = ValueOrThrow(permissions.Folder(user, path, Action::kRead));
  SendListing(x, permissions, user, folder);
}

void ListById(Exchange& x) {
  store::User user = RequireUser(x);
  int64_t id = ParseIdParam(x.Param("id"), "folder");
  Permissions permissions(x.store());
  store::Folder folder = ValueOrThrow(permissions.Folder(user, id, Action::kRead));
  SendListing(x, permissions, user, folder);
}

void Create(Exchange& x) {
  store::User user = RequireUser(x);
  Object::Ptr body = ReadJsonObject(x);
  RequireKnownMembers(body, {"path"});
  std::string path = RequiredString(body, "path");
  store::StorePath parsed = ValueOrThrow(store::ParseStorePath(path));
  Permissions permissions(x.store());
  OkOrThrow(permissions.MayCreateFolder(user, parsed));
  store::Folder folder = ValueOrThrow(
      x.store().CreateFolder(store::Actor{user.login}, parsed.service_code, parsed.names));
  x.response.set("Location", "/api/v1/folders/" + std::to_string(folder.id));
  x.SendJson(201, FolderJson(folder));
}

void Update(Exchange& x) {
  store::User user = RequireUser(x);
  int64_t id = ParseIdParam(x.Param("id"), "folder");
  Object::Ptr body = ReadJsonObject(x);
  RequireKnownMembers(body, {"name", "parent"});
  std::optional<std::string> name = OptionalString(body, "name");
  if (name) OkOrThrow(store::ValidateName(*name));  // a bad name is bad wherever it goes
  Permissions permissions(x.store());
  std::optional<int64_t> parent = FolderReference(permissions, user, body, "parent");
  if (!name && !parent) {
    throw HttpError{400, "invalid_argument", "give a new \"name\", a new \"parent\", or both"};
  }
  ValueOrThrow(permissions.MayMoveFolder(user, id, parent));
  store::Folder folder =
      ValueOrThrow(x.store().MoveFolder(store::Actor{user.login}, id, parent, name));
  x.WakeIndexer();
  x.SendJson(200, FolderJson(folder));
}

// Only an empty folder goes: its documents, trashed ones included, would otherwise lose their
// place. The permission check comes first, so that an invisible folder's content is not told.
void Delete(Exchange& x) {
  store::User user = RequireUser(x);
  int64_t id = ParseIdParam(x.Param("id"), "folder");
  Permissions permissions(x.store());
  store::Folder folder = ValueOrThrow(permissions.MayDeleteFolder(user, id));
  if (!folder.parent_id) {
    throw HttpError{409, "folder_is_root",
                    folder.path + " is the root of its service: it goes only with the service"};
  }
  store::Status deleted = x.store().DeleteFolder(store::Actor{user.login}, id);
  if (deleted.code() == store::ErrorCode::kConflict) {
    throw HttpError{409, "folder_not_empty", deleted.message()};
  }
  OkOrThrow(deleted);
  x.SendEmpty(204);
}

}  // namespace

void AddFolderRoutes(Router& router) {
  router.Add("GET", "/api/v1/folders", ListByPath);
  router.Add("POST", "/api/v1/folders", Create);
  router.Add("GET", "/api/v1/folders/{id}", ListById);
  router.Add("PATCH", "/api/v1/folders/{id}", Update);
  router.Add("DELETE", "/api/v1/folders/{id}", Delete);
}

}  // namespace synaps::server
