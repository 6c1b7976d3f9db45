// COPY and MOVE (RFC 4918 9.8, 9.9). A moved document keeps its id, history and tags; a copied
// one is a new document with the same content (stored once). Destination is compared by path,
// so that it works behind a TLS proxy whatever host and scheme it names.
//
// Junk files (junk_files.h) move and copy among themselves aside from the documents, and the
// way editors save through them keeps a document's identity:
//  - a document moved to a junk name is parked there, not moved (Office renames the document to
//    ~WRLxxxx.tmp before it moves its temporary save onto the document's name);
//  - a junk file moved or copied onto a document's name is saved as that document: its next
//    version when the document is there, or parked, or was deleted by the same account a moment
//    ago (GNOME's .goutputstream-XXXXXX, Office's ~WRLxxxx.tmp); a new document otherwise.
#include "dms-server/server/upload_stream.h"
#include "dms-server/webdav/dav_request.h"
#include "dms-server/webdav/owncloud.h"
#include "indexer/extract/type_detector.h"

namespace synaps::webdav {

using server::HttpError;

namespace {

// The bytes of junk file `source` as a published blob, with their type as a document named
// `name` would have it. A junk file standing for a document version is that version's blob.
documents::NewContent JunkContent(DavRequest& r, const Resource& source, const std::string& name) {
  documents::NewContent content;
  if (source.junk.document_id) {
    content.blob.sha256 = source.version.blob;
    content.blob.size = source.version.size;
    content.mime_type = source.version.mime_type;
    return content;
  }
  store::UniqueFd in = OpenJunk(r, source);
  auto writer = server::ValueOrThrow(r.x.store().blobs().NewWriter());
  server::UploadedBlob uploaded;
  std::vector<char> buffer(1 << 16);
  for (;;) {
    size_t got = server::ValueOrThrow(
        store::ReadSome(in.get(), buffer.data(), buffer.size(), source.junk.file));
    if (got == 0) break;
    if (uploaded.head.size() < indexer::kTypeDetectorHeadBytes) {
      uploaded.head.append(buffer.data(),
                           std::min(got, indexer::kTypeDetectorHeadBytes - uploaded.head.size()));
    }
    server::OkOrThrow(writer.Append(buffer.data(), got));
  }
  uploaded.staged = server::ValueOrThrow(writer.Finish());
  content.mime_type = server::DetectType(uploaded, name);
  std::vector<store::StagedBlob> staged;
  staged.push_back(std::move(uploaded.staged));
  server::OkOrThrow(r.x.store().blobs().PublishToJournal(staged));
  content.blob = staged.front().info();
  return content;
}

// Saves junk file `source` as the document `name` of folder `parent_id` (see the top of this
// file). Returns whether a document was there before, as the client sees it.
bool SaveJunkAsDocument(DavRequest& r, const Resource& source, const Resource& destination,
                        int64_t parent_id, const std::string& name) {
  // The blob is referenced by no version until the put commits: garbage collection waits.
  store::BlobLock blob_lock = server::ValueOrThrow(
      store::BlobLock::Acquire(r.x.store().blobs(), store::BlobLock::Mode::kShared));
  documents::NewContent content = JunkContent(r, source, name);
  content.open_until = OpenUntil(r, destination.store_path, content.blob.size);
  std::optional<store::Document> parked;
  if (!destination.exists()) {
    auto there = r.service.Find(r.caller, destination.store_path);
    if (there.ok() && r.junk.Parked(there->id)) parked = *there;
    if (!parked) {
      if (auto deleted = r.junk.TakeRecentDeletion(parent_id, name, r.caller.user().login)) {
        // Office deleted the document a moment ago to put its save in its place: it comes back
        // from the trash to take the save as its next version.
        (void)r.service.RestoreFromTrash(r.caller, *deleted);
      }
    }
  }
  store::PutResult result =
      DavValue(r.service.Put(r.caller, documents::PutPlace::InFolder(parent_id, name), content));
  if (parked) r.junk.Unpark(parked->id, parked->current_version);
  if (content.open_until) {
    KeepLocks(
        r, r.locks.RecordSave(r.caller.user().login, destination.store_path, result.document_id));
  }
  // The junk file's dead properties (Windows sets its Win32 ones on its temporary save) go to
  // the document it became, beside its own.
  std::vector<store::DavPropertyChange> carried;
  for (auto& [key, value] : r.properties.Of(source.store_path)) carried.push_back({key, value});
  if (!carried.empty()) {
    DavOk(r.service.ChangeDeadProperties(r.caller, store::DavItem::Document(result.document_id),
                                         carried));
  }
  r.x.response.set("ETag", VersionETag(result.document_id, result.version, result.saves));
  return destination.exists();
}

// COPY or MOVE of a file (a document or a junk file) when either end is junk.
void CopyOrMoveJunk(DavRequest& r, bool move, const Resource& source, const Resource& destination,
                    int64_t parent_id, const std::string& name) {
  bool source_junk = source.kind == Resource::Kind::kJunk;
  if (source_junk) DavOk(r.service.MayWriteIn(r.caller, source.junk.folder_id));
  bool replaced = destination.exists();
  if (source_junk && !IsJunkName(name)) {
    replaced = SaveJunkAsDocument(r, source, destination, parent_id, name);
    if (move) r.junk.Remove(source.junk.folder_id, source.junk.name);
  } else {
    DavOk(r.service.MayWriteIn(r.caller, parent_id));
    if (move && source_junk) {
      r.junk.Rename(source.junk.folder_id, source.junk.name, parent_id, name);
    } else if (move) {
      // A document renamed to a junk name: parked there, where the next save finds it.
      DavOk(r.service.MayEdit(r.caller, source.document.id));
      r.junk.Park(parent_id, name, r.caller.user().login, source.document.id, source.document.size);
    } else {
      JunkWriter writer(r);
      store::UniqueFd in;
      if (source_junk) {
        in = OpenJunk(r, source);
      } else {
        documents::DocumentVersion current =
            DavValue(r.service.Version(r.caller, source.document.id, 0));
        in = DavValue(r.service.OpenContent(r.caller, current.version, "webdav"));
      }
      writer.AppendAll(in.get());
      writer.Keep(parent_id, name);
    }
  }
  // Junk files keep their dead properties with them, in memory: those of the junk file moved
  // or copied, or a copy of those of the document copied to a junk name. A document parked
  // under a junk name keeps its own in the store, shown again when it takes its name back.
  r.properties.Drop(destination.store_path);
  if (source_junk && IsJunkName(name)) {
    r.properties.Carry(source.store_path, destination.store_path, !move);
  } else if (source_junk && move) {
    r.properties.Drop(source.store_path);  // they went to the document (SaveJunkAsDocument)
  } else if (!source_junk && !move) {
    for (auto& [key, value] : DavValue(
             r.service.DeadProperties(r.caller, store::DavItem::Document(source.document.id)))) {
      r.properties.Set(destination.store_path, key, value);
    }
  }
  if (move) DropLocks(r, r.locks.Forget(source.store_path));
  r.x.SendEmpty(replaced ? 204 : 201);
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
  // rclone (vendor owncloud) sends the file's time with a server-side copy or move as with a
  // PUT: read before anything changes, so that a malformed one changes nothing.
  const std::optional<int64_t> modified_at = OcMtime(r.x.request);
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

  int64_t parent_id =
      destination.exists()
          ? (destination.kind == Resource::Kind::kDocument ? destination.document.folder_id
             : destination.kind == Resource::Kind::kJunk   ? destination.junk.folder_id
                                                           : *destination.folder.parent_id)
          : destination.parent->id;
  const std::string& name = destination_path->Name();
  if (source.kind == Resource::Kind::kJunk && source.junk.parked() && move) {
    // The document parked under a junk name goes on as a document (Office putting it back).
    r.junk.Remove(source.junk.folder_id, source.junk.name);
    r.properties.Drop(source.store_path);
    DropLocks(r, r.locks.Forget(source.store_path));
    source = DocumentResource(
        DavValue(r.service.Find(r.caller, std::to_string(source.junk.document_id))));
    if (source.store_path == destination.store_path) {
      r.x.SendEmpty(201);
      return;
    }
  }
  bool destination_junk =
      destination.kind == Resource::Kind::kJunk || (!destination.exists() && IsJunkName(name));
  if (source.kind == Resource::Kind::kJunk ||
      (source.kind == Resource::Kind::kDocument && destination_junk)) {
    CopyOrMoveJunk(r, move, source, destination, parent_id, name);
    return;
  }
  bool replaced = destination.exists();
  // A document over a document: the copy or the move becomes the destination's next version
  // when copying; otherwise the destination goes to the trash first.
  bool new_version = !move && source.kind == Resource::Kind::kDocument &&
                     destination.kind == Resource::Kind::kDocument;
  if (replaced && !new_version) DeleteResource(r, destination);
  // Dead properties are kept by document and folder: a move keeps them (the id stays), a copy
  // copies them, in place of the destination's own when it becomes the destination's version.
  if (source.kind == Resource::Kind::kDocument) {
    const int64_t id =
        move ? DavValue(r.service.Move(r.caller, source.document.id, parent_id, name)).id
             : DavValue(r.service.Copy(r.caller, source.document.id, parent_id, name)).document_id;
    if (!move) {
      DavOk(r.service.CopyDeadProperties(r.caller, store::DavItem::Document(source.document.id),
                                         store::DavItem::Document(id)));
    }
    if (modified_at) {
      DavValue(r.service.SetModifiedTime(r.caller, id, *modified_at));
      r.x.response.set("X-OC-MTime", "accepted");
    }
  } else if (move) {
    std::optional<int64_t> new_parent;
    if (parent_id != *source.folder.parent_id) new_parent = parent_id;
    DavValue(r.service.MoveFolder(r.caller, source.folder.id, new_parent, name));
  } else {
    DavValue(
        r.service.CopyFolder(r.caller, source.folder.id, parent_id, name, depth == "infinity"));
  }
  if (move) {
    // The junk files of a moved folder follow it (by folder id), and so do their properties.
    std::string destination_store_path =
        DavValue(r.service.FindFolder(r.caller, parent_id)).path + "/" + name;
    r.properties.Carry(source.store_path, destination_store_path, false);
    DropLocks(r, r.locks.Forget(source.store_path));
  }
  r.x.SendEmpty(replaced ? 204 : 201);
}

}  // namespace synaps::webdav
