// Folders: listing (by path or id), creation, renaming and moving within a service, deletion of
// an empty folder.
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

// The folder with its subfolders and the live documents in it the caller may read.
void SendListing(Exchange& x, const documents::FolderContents& contents) {
  Object::Ptr object = FolderJson(contents.folder);
  Array::Ptr folders = new Array;
  for (const auto& subfolder : contents.subfolders) folders->add(FolderJson(subfolder));
  object->set("folders", folders);
  Array::Ptr items = new Array;
  for (const auto& document : contents.documents) items->add(DocumentSummaryJson(document));
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
  documents::Caller caller = RequireCaller(x);
  std::string path = PathParameter(x);
  SendListing(x, ValueOrThrow(Documents(x).FolderAt(caller, path)));
}

void ListById(Exchange& x) {
  documents::Caller caller = RequireCaller(x);
  int64_t id = ParseIdParam(x.Param("id"), "folder");
  SendListing(x, ValueOrThrow(Documents(x).Folder(caller, id)));
}

void Create(Exchange& x) {
  documents::Caller caller = RequireCaller(x);
  Object::Ptr body = ReadJsonObject(x);
  RequireKnownMembers(body, {"path"});
  std::string path = RequiredString(body, "path");
  store::Folder folder = ValueOrThrow(Documents(x).CreateFolder(caller, path));
  x.response.set("Location", "/api/v1/folders/" + std::to_string(folder.id));
  x.SendJson(201, FolderJson(folder));
}

void Update(Exchange& x) {
  documents::Caller caller = RequireCaller(x);
  int64_t id = ParseIdParam(x.Param("id"), "folder");
  Object::Ptr body = ReadJsonObject(x);
  RequireKnownMembers(body, {"name", "parent"});
  std::optional<std::string> name = OptionalString(body, "name");
  if (name) OkOrThrow(store::ValidateName(*name));  // a bad name is bad wherever it goes
  documents::DocumentService service = Documents(x);
  std::optional<int64_t> parent = FolderReference(service, caller, body, "parent");
  if (!name && !parent) {
    throw HttpError{400, "invalid_argument", "give a new \"name\", a new \"parent\", or both"};
  }
  x.SendJson(200, FolderJson(ValueOrThrow(service.MoveFolder(caller, id, parent, name))));
}

// Only an empty folder goes: its documents, trashed ones included, would otherwise lose their
// place.
void Delete(Exchange& x) {
  documents::Caller caller = RequireCaller(x);
  int64_t id = ParseIdParam(x.Param("id"), "folder");
  store::Status deleted = Documents(x).DeleteFolder(caller, id);
  if (documents::IsRootFolderConflict(deleted)) {
    throw HttpError{409, "folder_is_root", deleted.message()};
  }
  if (deleted.code() == store::ErrorCode::kConflict && !documents::IsLocked(deleted)) {
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
