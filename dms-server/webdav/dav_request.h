// What the WebDAV method handlers share: the request's caller and services, the resource a
// path names, and the checks of the If header and of locks. Private to dms-server/webdav/.
#pragma once

#include <optional>
#include <string>

#include "dms-server/documents/document_service.h"
#include "dms-server/server/http_exchange.h"
#include "dms-server/store/store.h"
#include "dms-server/webdav/dav_path.h"
#include "dms-server/webdav/dead_properties.h"
#include "dms-server/webdav/if_header.h"
#include "dms-server/webdav/junk_files.h"
#include "dms-server/webdav/locks.h"
#include "dms-server/webdav/shared_view.h"

namespace synaps::webdav {

struct DavRequest {
  server::Exchange& x;
  documents::Caller caller;
  documents::DocumentService& service;
  LockManager& locks;
  DeadProperties& properties;  // those of junk files (a document's or a folder's are stored)
  JunkFiles& junk;
  DavPath path;                        // the request's own
  std::optional<IfHeader> conditions;  // the If header, when given
  std::optional<SharedView> shared;    // loaded when first needed (SharedWithCaller)
  // The read snapshot in which the caller's account was read: GET, HEAD and PUT make their
  // lookups in it too, and end it before a body goes or comes; other methods find it ended
  // (ServeWebDav).
  store::Store::ReadScope& read;
};

// What other services shared with the caller, loaded once per request.
const SharedView& SharedWithCaller(DavRequest& r);

// What a path names, as the caller sees it.
struct Resource {
  // kWayDown: a folder of another service above what it shared with the caller, shown only as
  // the way down to it (see shared_view.h): a read-only collection. kHistory: a document's
  // versions as a collection, and kVersion one of them, in the read-only tree of past versions
  // (kVersionsFolder in dav_path.h). kJunk: an editor's or a system's file kept aside, never a
  // document (junk_files.h).
  enum class Kind { kRoot, kFolder, kDocument, kWayDown, kHistory, kVersion, kJunk, kMissing };
  Kind kind = Kind::kMissing;
  DavPath path;
  std::string store_path;    // as stored ("/CAB/a"), or as asked for a missing resource
  store::Folder folder;      // kFolder
  store::Document document;  // kDocument, kHistory, kVersion; kJunk standing for a document
  store::Version version;    // kVersion; kJunk standing for a document (the version it shows)
  JunkFiles::Entry junk;     // kJunk
  // In the read-only tree of past versions: its root (kRoot), the folders and ways down
  // mirrored there, histories and versions.
  bool in_versions = false;
  // For a missing resource: the folder that would hold it, when it exists and is visible.
  std::optional<store::Folder> parent;
  // For a missing resource: its parent is a folder on the way down to something shared.
  bool parent_is_way_down = false;

  bool exists() const { return kind != Kind::kMissing; }
  bool collection() const {
    return kind == Kind::kRoot || kind == Kind::kFolder || kind == Kind::kWayDown ||
           kind == Kind::kHistory;
  }
  // The content a GET sends: a document's current version, a past one, or a junk file's.
  bool content() const {
    return kind == Kind::kDocument || kind == Kind::kVersion || kind == Kind::kJunk;
  }
  // A strong entity tag that changes with each version (a past version keeps the one the
  // document had while it was current); empty for collections.
  std::string ETag() const;
  std::string Href() const { return path.Href(collection()); }
};

// Resolves `path` for the caller: what is invisible is missing, and so is a document parked
// under a junk name (junk_files.h). Throws for a store failure.
Resource Resolve(DavRequest& r, const DavPath& path);
// The same for a path in the tree of past versions (versions_view.cpp).
Resource ResolveInVersions(DavRequest& r, const DavPath& path);
// The resource of a folder or a document already found.
Resource FolderResource(const store::Folder& folder);
Resource DocumentResource(const store::Document& document);
// The resource of a junk entry of the folder at `folder_path`; missing when it stands for a
// document the caller no longer sees.
Resource JunkResource(DavRequest& r, const JunkFiles::Entry& entry, const std::string& folder_path);
// The members of a collection (the root, a folder, a folder on the way down) as the caller
// sees them: folders first, then documents.
std::vector<Resource> Members(DavRequest& r, const Resource& collection);
// The same for a collection of the tree of past versions (versions_view.cpp).
std::vector<Resource> VersionsMembers(DavRequest& r, const Resource& collection);
// Deletes an existing document or folder (with what it holds) to the trash, or a junk file (a
// document parked under a junk name goes to the trash), and forgets its locks and the dead
// properties of the junk files (a trashed document keeps its own, to show them if restored).
void DeleteResource(DavRequest& r, const Resource& resource);

// A junk file being written (junk_files.h): removed unless kept. Errors are thrown as HttpErrors.
class JunkWriter {
 public:
  explicit JunkWriter(DavRequest& r);
  ~JunkWriter();
  JunkWriter(const JunkWriter&) = delete;
  JunkWriter& operator=(const JunkWriter&) = delete;
  void Append(const char* data, size_t size);
  // Appends everything `fd` has left to read.
  void AppendAll(int fd);
  // The bytes written become the junk file `name` of folder `folder_id`, which it returns.
  JunkFiles::Entry Keep(int64_t folder_id, const std::string& name);

 private:
  DavRequest& r_;
  std::filesystem::path path_;
  store::UniqueFd fd_;
  int64_t size_ = 0;
  bool kept_ = false;
};
// The bytes of a junk resource: its own, or those of the document version it stands for (a
// read of that document, audited).
store::UniqueFd OpenJunk(DavRequest& r, const Resource& junk);

// The entity tag of version `number` of document `id` after `saves` saves: "<id>-<N>", and
// "<id>-<N>.<saves>" once saves replaced an open version's content (so that it changes with
// each save).
std::string VersionETag(int64_t id, int number, int saves);
// How long the version a save by the caller makes at `store_path` stays open, so that their
// next saves replace it (store::PutRequest::open_until): while the caller holds a lock on that
// very resource or a depth-infinity lock on a folder above it, kQuietPeriodMs after this save
// (UNLOCK seals it; see LockManager::RecordSave); an empty body (Windows' placeholder before
// the content), kPlaceholderMs; otherwise sealed at once (nullopt).
std::optional<int64_t> OpenUntil(DavRequest& r, const std::string& store_path, int64_t size);
inline constexpr int64_t kQuietPeriodMs = 10 * 60 * 1000;
inline constexpr int64_t kPlaceholderMs = 2 * 60 * 1000;

// The HttpError of a document-service failure, in WebDAV's terms: NotFound 404,
// PermissionDenied 403, AlreadyExists 405 or 412, a lock (Conflict "locked") 423.
server::HttpError DavError(const store::Status& status);
template <typename T>
T DavValue(store::Result<T> result) {
  if (!result.ok()) throw DavError(result.status());
  return std::move(result).value();
}
inline void DavOk(const store::Status& status) {
  if (!status.ok()) throw DavError(status);
}

// 412 when the request's If header does not hold for `resource` (RFC 4918 10.4).
void CheckIf(DavRequest& r, const Resource& resource);
// 423 when a lock applies to `store_path` (or, with `tree`, to anything beneath it) whose token
// the request did not submit, or which someone else holds.
void CheckLocks(DavRequest& r, const std::string& store_path, bool tree);

// The lock manager's changes made durable (DocumentService::KeepLocks, DropLocks), so that a
// restart of the server keeps them. Nothing to do for none; a store failure is thrown.
void KeepLocks(DavRequest& r, const std::vector<Lock>& locks);
void DropLocks(DavRequest& r, const std::vector<std::string>& tokens);

// What the dead properties of `resource` belong to in the store: a document or a folder;
// nullopt for a junk file, whose properties live with it in DavRequest::properties, and for
// what has none (the root, the ways down, the tree of past versions).
std::optional<store::DavItem> DeadPropertyItem(const Resource& resource);

// The request body, at most 1 MiB (XML of PROPFIND, PROPPATCH, LOCK).
std::string ReadXmlBody(DavRequest& r);
// Sends a 207 multistatus.
void SendMultistatus(DavRequest& r, std::string body);
// Sends an error with a DAV:error body naming the precondition `condition` (e.g.
// "propfind-finite-depth").
[[noreturn]] void FailPrecondition(DavRequest& r, int status, const std::string& condition,
                                   const std::string& inner_xml = {});

// The method handlers.
void Options(server::Exchange& x);
void Propfind(DavRequest& r);
void Proppatch(DavRequest& r);
void Get(DavRequest& r);
void Put(DavRequest& r);
void Mkcol(DavRequest& r);
void Delete(DavRequest& r);
void CopyOrMove(DavRequest& r, bool move);
void LockMethod(DavRequest& r);
void Unlock(DavRequest& r);

// <D:lockdiscovery> content for `locks`.
std::string LockDiscovery(const std::vector<Lock>& locks);

}  // namespace synaps::webdav
