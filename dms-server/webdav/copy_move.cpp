// COPY and MOVE (RFC 4918 9.8, 9.9). A moved document keeps its id, history and tags; a copied
// one is a new document with the same content (stored once). Destination is compared by path,
// so that it works behind a TLS proxy whatever host and scheme it names.
#include "dms-server/webdav/dav_request.h"

namespace synaps::webdav {

using server::HttpError;

namespace {

// Copies folder `source` into folder `parent` as `name`, with everything beneath when `deep`.
void CopyFolder(DavRequest& r, const store::Folder& source, int64_t parent, const std::string& name,
                bool deep) {
  store::Folder copy = DavValue(r.service.CreateFolderIn(r.caller, parent, name));
  if (!deep) return;
  documents::FolderContents contents = DavValue(r.service.Folder(r.caller, source.id));
  for (const store::Document& document : contents.documents) {
    DavValue(r.service.Copy(r.caller, document.id, copy.id, document.name));
  }
  for (const store::Folder& folder : contents.subfolders) {
    CopyFolder(r, folder, copy.id, folder.name, true);
  }
}

}  // namespace

void CopyOrMove(DavRequest& r, bool move) {
  Resource source = Resolve(r, r.path);
  if (!source.exists()) throw HttpError{404, "not_found", "no such resource " + r.path.Href(false)};
  auto destination_path = ParseDestination(r.x.request.get("Destination", ""));
  if (!destination_path.ok()) {
    throw HttpError{400, "invalid_argument", destination_path.status().message()};
  }
  std::string depth = r.x.request.get("Depth", "infinity");
  if (source.collection() && depth != "infinity" && (move || depth != "0")) {
    throw HttpError{400, "invalid_argument", "Depth is infinity (or 0 for a COPY)"};
  }
  bool overwrite = r.x.request.get("Overwrite", "T") != "F";
  if (source.kind == Resource::Kind::kRoot || destination_path->names.size() < 2 ||
      (source.kind == Resource::Kind::kFolder && !source.folder.parent_id)) {
    throw HttpError{403, "forbidden", "services and their roots are not copied or moved"};
  }
  Resource destination = Resolve(r, *destination_path);
  if (destination.store_path == source.store_path ||
      (source.collection() && IsWithin(destination.store_path, source.store_path))) {
    throw HttpError{403, "forbidden", "the destination is the source or inside it"};
  }
  if (!destination.exists() && !destination.parent) {
    throw HttpError{409, "conflict", "the folder to hold the destination does not exist"};
  }
  if (destination.exists() && !overwrite) {
    throw HttpError{412, "precondition_failed", "the destination exists and Overwrite is F"};
  }
  CheckIf(r, source);
  if (move) CheckLocks(r, source.store_path, true);
  CheckLocks(r, destination.store_path, true);

  int64_t parent_id = destination.exists() ? (destination.kind == Resource::Kind::kDocument
                                                  ? destination.document.folder_id
                                                  : *destination.folder.parent_id)
                                           : destination.parent->id;
  const std::string& name = destination_path->Name();
  bool replaced = destination.exists();
  // A document over a document: the copy or the move becomes the destination's next version
  // when copying; otherwise the destination goes to the trash first.
  bool new_version = !move && source.kind == Resource::Kind::kDocument &&
                     destination.kind == Resource::Kind::kDocument;
  if (replaced && !new_version) DeleteResource(r, destination);
  r.properties.Drop(destination.store_path);
  if (source.kind == Resource::Kind::kDocument) {
    if (move) {
      DavValue(r.service.Move(r.caller, source.document.id, parent_id, name));
    } else {
      DavValue(r.service.Copy(r.caller, source.document.id, parent_id, name));
    }
  } else if (move) {
    std::optional<int64_t> new_parent;
    if (parent_id != *source.folder.parent_id) new_parent = parent_id;
    DavValue(r.service.MoveFolder(r.caller, source.folder.id, new_parent, name));
  } else {
    CopyFolder(r, source.folder, parent_id, name, depth == "infinity");
  }
  std::string destination_store_path =
      DavValue(r.service.FindFolder(r.caller, parent_id)).path + "/" + name;
  r.properties.Carry(source.store_path, destination_store_path, !move);
  if (move) r.locks.Forget(source.store_path);
  r.x.SendEmpty(replaced ? 204 : 201);
}

}  // namespace synaps::webdav
