// MKCOL and DELETE: folders created in place, and anything deleted to the trash.
#include "dms-server/server/request_body.h"
#include "dms-server/webdav/dav_request.h"

namespace synaps::webdav {

using server::HttpError;

void Mkcol(DavRequest& r) {
  if (!server::ReadSmallBody(r.x, 1 << 20).empty()) {
    throw HttpError{415, "unsupported_media_type", "MKCOL takes no body"};
  }
  Resource resource = Resolve(r, r.path);
  if (resource.exists()) throw HttpError{405, "method_not_allowed", "it exists already"};
  if (r.path.names.size() == 1) {
    throw HttpError{403, "forbidden", "services are created by administrators, not over WebDAV"};
  }
  if (!resource.parent) {
    throw HttpError{409, "conflict", "the folder to hold " + r.path.Href(true) + " does not exist"};
  }
  CheckIf(r, resource);
  CheckLocks(r, resource.store_path, false);
  DavValue(r.service.CreateFolderIn(r.caller, resource.parent->id, r.path.Name()));
  r.x.SendEmpty(201);
}

void Delete(DavRequest& r) {
  Resource resource = Resolve(r, r.path);
  if (!resource.exists())
    throw HttpError{404, "not_found", "no such resource " + r.path.Href(false)};
  if (resource.kind == Resource::Kind::kRoot ||
      (resource.kind == Resource::Kind::kFolder && !resource.folder.parent_id)) {
    throw HttpError{403, "forbidden", "a service's root goes only with its service"};
  }
  CheckIf(r, resource);
  CheckLocks(r, resource.store_path, resource.collection());
  DeleteResource(r, resource);
  // Office may save by deleting the document, then moving its temporary save onto the name:
  // that save finds the document again (copy_move.cpp).
  if (resource.kind == Resource::Kind::kDocument) {
    r.junk.RememberDeletion(resource.document.folder_id, resource.document.name,
                            r.caller.user().login, resource.document.id);
  }
  r.x.SendEmpty(204);
}

}  // namespace synaps::webdav
