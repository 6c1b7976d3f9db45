// DocumentService: the one set of document operations under every front end (ARCHITECTURE
// invariant 6). The HTTP API, WebDAV, the portal and the CLI reach documents, folders, versions,
// tags, metadata, shares and the trash only through here; none of them calls a mutating Store
// method or repeats a permission rule (tests/store/front_ends_use_services.cmake fails the
// build's tests if one does).
//
// Every operation:
//  - takes the Caller (an account, or the CLI's administrator), and makes the permission
//    decision through permissions::Permissions;
//  - applies the state rules (a trashed document is not moved, a root folder is not deleted...);
//  - for a change, checks and changes in one store transaction, so that a share revoked or a
//    document moved by another process between the check and the change is seen;
//  - tells `changed` (the indexer's wake-up) after a committed change;
//  - returns a Status that each front end translates: REST into a JSON error, WebDAV into its
//    status codes, the CLI into one line.
//
// Errors, everywhere: NotFound for what is missing *or invisible to the caller*, with the same
// message for both (404 never tells that something exists); PermissionDenied for what the
// caller sees but may not do; InvalidArgument for a bad name, comment or value; AlreadyExists
// when a name is taken; Conflict when the state forbids it (in the trash, not in the trash, a
// folder not empty); Busy or IoError when the store fails.
//
// Thread-safety: like the Store it borrows, a DocumentService is for one thread at a time.
// Ownership: it borrows the Store (which must outlive it) and copies `changed`.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "dms-server/permissions/caller.h"
#include "dms-server/store/store.h"

namespace synaps::documents {

// Who asks: permissions/caller.h, the same for every service.
using permissions::Caller;

// The Conflict a WriteGate returns for a document locked by someone else ("... is locked by
// ..."), and how front ends recognise it (REST and WebDAV answer 423 Locked).
store::Status Locked(const std::string& what);
bool IsLocked(const store::Status& status);

// Where WebDAV's locks (or any other reason to refuse a write for a while) plug in: asked before
// every change of a document's content, name or place, and of a folder's name or place. The
// service keeps no locks itself; it tells the gate when something left a path, whichever front
// end moved it, so that no lock stays on a path that names nothing (or, later, something else).
class WriteGate {
 public:
  virtual ~WriteGate() = default;
  // Ok to let `caller` change `document` (its content, name or place, or trash it); else the
  // error to return (Locked()).
  virtual store::Status MayChange(const Caller& caller, const store::Document& document) = 0;
  // Ok to let `caller` move, rename or delete the folder at `path` with all it holds; else
  // Locked(). By default Ok.
  virtual store::Status MayChangeFolder(const Caller& caller, const std::string& path);
  // The document or folder at `path` was moved, renamed, trashed or deleted (committed): what
  // the gate held on it and beneath is let go (the service has dropped the durable copy of
  // those locks in the same transaction as the change). By default nothing.
  virtual void Left(const std::string& path);
};

// A document with its metadata fields, as a front end shows it.
struct DocumentDetails {
  store::Document document;
  std::map<std::string, std::string> metadata;
  // Where its content came from (Store::Origins): the source entries that brought it, then
  // those of other documents with the same content that the caller may read.
  std::vector<store::SourceEntry> origins;
};

// A version of a document, with the document it belongs to.
struct DocumentVersion {
  store::Document document;
  store::Version version;
};

// A folder, its subfolders and the live documents in it the caller may read.
struct FolderContents {
  store::Folder folder;
  std::vector<store::Folder> subfolders;
  std::vector<store::Document> documents;
};

// Content already written and published as a blob (BlobStore::Writer / Publish), to store.
struct NewContent {
  store::BlobInfo blob;
  std::string mime_type;
  std::string comment;
  std::vector<std::string> tags;  // added to the document; a put never removes tags
  // When the content was last modified, as the client that sent it says (nullopt: now).
  std::optional<int64_t> modified_at;
  // Its SHA-1 and MD5 when computed while it streamed in, kept for clients that compare them
  // (nullopt: computed when first asked, see Digests()).
  std::optional<store::ContentDigests> digests;
  // Keeps the version open until then (Unix ms), so that the caller's next saves replace it
  // (store::PutRequest::open_until); nullopt: sealed at once.
  std::optional<int64_t> open_until;
};

// Where a put goes: the name `name` in the existing folder `folder_id` (uploads, WebDAV), or a
// store path "/SERVICE/folder/name" whose missing folders are created (the CLI, scripts).
struct PutPlace {
  static PutPlace InFolder(int64_t folder_id, std::string name) {
    PutPlace place;
    place.folder_id = folder_id;
    place.name = std::move(name);
    return place;
  }
  static PutPlace AtPath(std::string path) {
    PutPlace place;
    place.path = std::move(path);
    return place;
  }
  std::optional<int64_t> folder_id;
  std::string name;  // with folder_id
  std::string path;  // without
};

// The message a folder deletion gives for a service's root, which goes only with its service
// (Conflict, like a folder that is not empty; IsRootFolderConflict tells them apart).
bool IsRootFolderConflict(const store::Status& status);

class DocumentService {
 public:
  // `store` is borrowed. `changed` is called after each committed change that queued work for
  // the indexer (may be empty: nothing to wake). `gate` (borrowed, may be null) is asked before
  // every change of a document.
  explicit DocumentService(store::Store& store, std::function<void()> changed = {},
                           WriteGate* gate = nullptr);
  DocumentService(const DocumentService&) = delete;
  DocumentService& operator=(const DocumentService&) = delete;

  // Asked before every change of a document (nullptr: none). Borrowed.
  void SetWriteGate(WriteGate* gate) { gate_ = gate; }

  // --- Reading ------------------------------------------------------------------------------
  // The document `id` (trashed ones included) with its metadata.
  store::Result<DocumentDetails> Document(const Caller& caller, int64_t id);
  // The document named by `ref`, a numeric id (trashed ones included) or a store path (live
  // documents only), as the CLI names them.
  store::Result<store::Document> Find(const Caller& caller, std::string_view ref);
  store::Result<std::vector<store::Version>> Versions(const Caller& caller, int64_t id);
  // Version `number` of document `id` (0: the current one). NotFound "document N has no
  // version X" for a number it does not have.
  store::Result<DocumentVersion> Version(const Caller& caller, int64_t id, int number);
  // Opens the content of `version` (from Version()) for reading, and records in the audit log
  // that the caller read it and `how` ("download", "preview", "webdav", "cli"): every opening
  // of a document's bytes is audited. Metadata, HEAD requests and 304 answers are not reads.
  store::Result<store::UniqueFd> OpenContent(const Caller& caller, const store::Version& version,
                                             std::string_view how);
  // The file that holds the content of `version`, for a process that reads it by name (the
  // isolated extraction worker, which compares or previews it). Decided and audited like
  // OpenContent(); the file is immutable (a blob), and it must only be read.
  store::Result<std::filesystem::path> ContentFile(const Caller& caller,
                                                   const store::Version& version,
                                                   std::string_view how);

  // The SHA-1 and MD5 of the content of `version` (from Version()), which WebDAV clients of
  // the ownCloud kind compare: kept, or computed from the blob once. Not a read of the content
  // (nothing of it leaves): not audited.
  store::Result<store::ContentDigests> Digests(const Caller& caller, const store::Version& version);

  // Ok when the caller may change document `id` (its content, name, properties): write on it,
  // and the write gate agrees. Asked by front ends that change what the store does not keep
  // (WebDAV's dead properties).
  store::Status MayEdit(const Caller& caller, int64_t id);

  // --- Folders ------------------------------------------------------------------------------
  // Whether the caller may read everything of the service `service_code` (any case): a member,
  // or an administrator. Nothing there is hidden from them, nor reached only through a share.
  // Pure: no store access.
  static bool ReadsWholeService(const Caller& caller, std::string_view service_code);
  // The root folders of the services whose folders the caller may read (members, and every
  // service for an administrator), by code.
  store::Result<std::vector<store::Folder>> ServiceRoots(const Caller& caller);
  // Ok when the caller may write in folder `folder_id` (create or change what is in it).
  store::Status MayWriteIn(const Caller& caller, int64_t folder_id);
  store::Result<FolderContents> Folder(const Caller& caller, int64_t folder_id);
  store::Result<FolderContents> FolderAt(const Caller& caller, std::string_view path);
  // The folder itself, without listing it: by id, or by path ("/CAB/a").
  store::Result<store::Folder> FindFolder(const Caller& caller, int64_t folder_id);
  store::Result<store::Folder> FindFolder(const Caller& caller, std::string_view path);
  // Creates the folder at `path` and the missing ones above it (writers, or a write share above
  // it). AlreadyExists when it exists.
  store::Result<store::Folder> CreateFolder(const Caller& caller, std::string_view path);
  // Creates the folder `name` in folder `parent_id`. AlreadyExists when the name is taken.
  store::Result<store::Folder> CreateFolderIn(const Caller& caller, int64_t parent_id,
                                              std::string_view name);
  // Copies folder `folder_id` as `name` into folder `parent_id` with its dead properties and,
  // when `deep`, everything beneath it (each document as Copy() does, with its own): all or
  // nothing, in one transaction, each item decided as on its own (the caller reads the source
  // and may create folders and put documents at the destination). Invalid for a copy into the
  // folder itself or beneath it; AlreadyExists when the name is taken.
  store::Result<store::Folder> CopyFolder(const Caller& caller, int64_t folder_id,
                                          int64_t parent_id, std::string_view name, bool deep);
  // Renames and/or moves a folder within its service (managers: the shape of a service's tree
  // is theirs). At least one of `new_parent_id` and `new_name`.
  store::Result<store::Folder> MoveFolder(const Caller& caller, int64_t folder_id,
                                          std::optional<int64_t> new_parent_id,
                                          std::optional<std::string> new_name);
  // Deletes an empty folder (managers). Conflict when it holds anything (trashed documents
  // included) or is a service's root (IsRootFolderConflict).
  store::Status DeleteFolder(const Caller& caller, int64_t folder_id);
  // Deletes a folder with everything beneath it (managers): its documents go to the trash,
  // restorable into the service's root. Conflict for a service's root (IsRootFolderConflict),
  // and when the write gate refuses one of the documents.
  store::Status DeleteFolderTree(const Caller& caller, int64_t folder_id);

  // --- Content ------------------------------------------------------------------------------
  // Whether the caller may put a document at `place`, asked before any byte is received, so a
  // forbidden upload stops at once. Put() decides again, in its transaction.
  store::Status MayPut(const Caller& caller, const PutPlace& place);
  // A new document, or a new version of the live one with that name (kUnchanged when the
  // content is identical; kSavedAgain when the current version was open and the caller's: its
  // content replaced, store::PutRequest::open_until).
  store::Result<store::PutResult> Put(const Caller& caller, const PutPlace& place,
                                      const NewContent& content);
  // Several documents into folder `folder_id`, all or none (a browser's multi-file upload).
  store::Result<std::vector<store::PutResult>> PutAll(
      const Caller& caller, int64_t folder_id,
      const std::vector<std::pair<std::string, NewContent>>& named_contents);
  // Copies the current content of document `id` (and its tags) to `name` in folder
  // `folder_id`: a new document, or a new version of the one there.
  store::Result<store::PutResult> Copy(const Caller& caller, int64_t id, int64_t folder_id,
                                       std::string_view name);
  // Sets when document `id`'s current content was last modified, as a client says it (a
  // file's time kept across a transfer): writers, when the write gate agrees. No new version.
  store::Result<store::Document> SetModifiedTime(const Caller& caller, int64_t id,
                                                 int64_t modified_at);
  // Seals document `id`'s current version when it is open and the caller's, so that the next
  // save makes a new version (a WebDAV client's UNLOCK). Writers only, when the write gate
  // agrees; Ok when there was nothing to seal.
  store::Status SealVersion(const Caller& caller, int64_t id);
  // A new version of document `id` with the content of version `number`.
  store::Result<store::PutResult> RestoreVersion(const Caller& caller, int64_t id, int number,
                                                 std::string_view comment);

  // --- Organising ---------------------------------------------------------------------------
  // Renames and/or moves document `id` to folder `folder_id` (nullopt: where it is) as `name`
  // (nullopt: its name). Leaving the owning service takes manage. Conflict when in the trash.
  store::Result<store::Document> Move(const Caller& caller, int64_t id,
                                      std::optional<int64_t> folder_id,
                                      std::optional<std::string> name);
  // The same with a store path, as the CLI's `mv DOC DEST` takes it: an existing folder, or a
  // path ending in '/', receives the document under its name; otherwise the last component is
  // the new name. Missing folders on the way are created (if the caller may create them).
  store::Result<store::Document> MoveToPath(const Caller& caller, int64_t id,
                                            std::string_view destination);
  // Conflict when already in the trash.
  store::Status Trash(const Caller& caller, int64_t id);
  // Conflict when not in the trash; AlreadyExists when a live document took its name.
  store::Result<store::Document> RestoreFromTrash(const Caller& caller, int64_t id);
  // The trashed documents the caller may read, oldest first.
  store::Result<std::vector<store::Document>> TrashContents(const Caller& caller);
  // Removes a trashed document for good (managers). Conflict when it is not in the trash.
  store::Status Purge(const Caller& caller, int64_t id);
  // Purges the trashed documents the caller manages; returns how many.
  store::Result<int64_t> EmptyTrash(const Caller& caller);

  store::Status AddTag(const Caller& caller, int64_t id, std::string_view tag);
  store::Status RemoveTag(const Caller& caller, int64_t id, std::string_view tag);
  store::Status SetMetadata(const Caller& caller, int64_t id, std::string_view key,
                            std::string_view value);
  store::Status RemoveMetadata(const Caller& caller, int64_t id, std::string_view key);
  // Every tag in use with its number of live documents. Administrators only: the counts span
  // every service.
  store::Result<std::vector<std::pair<std::string, int64_t>>> Tags(const Caller& caller);

  // --- Shares -------------------------------------------------------------------------------
  // The shares that apply to document `id`: its own and its folders'.
  store::Result<std::vector<store::Share>> DocumentShares(const Caller& caller, int64_t id);
  // The shares set on folder `folder_id` itself.
  store::Result<std::vector<store::Share>> FolderShares(const Caller& caller, int64_t folder_id);
  // Shares with service `with_service` (empty: everyone). Managers of the owning service only.
  // InvalidArgument for a service that does not exist.
  store::Result<store::Share> ShareDocument(const Caller& caller, int64_t id,
                                            std::string_view with_service, store::ShareMode mode);
  store::Result<store::Share> ShareFolder(const Caller& caller, int64_t folder_id,
                                          std::string_view with_service, store::ShareMode mode);
  store::Status RemoveShare(const Caller& caller, int64_t share_id);
  // What other services shared with the caller's services or with everyone.
  store::Result<std::vector<store::IncomingShare>> SharedWith(const Caller& caller);

  // --- WebDAV's state (dav_state.cpp) -------------------------------------------------------
  // The dead properties WebDAV clients set on documents and folders, kept in the store with
  // their item (store.h, "WebDAV's state"), and the durable copy of WebDAV's locks (webdav/
  // locks.h decides them and holds the live ones).
  //
  // The dead properties of a document or a folder the caller may read (NotFound otherwise).
  store::Result<store::DavProperties> DeadProperties(const Caller& caller,
                                                     const store::DavItem& item);
  // Those of folder `folder_id` (which the caller may read), of its subfolders and of its live
  // documents, which whoever reads the folder reads too (a PROPFIND of depth 1, in one query).
  store::Result<std::map<store::DavItem, store::DavProperties>> DeadPropertiesIn(
      const Caller& caller, int64_t folder_id);
  // Applies `changes` to the dead properties of a document (as MayEdit: write on it, and the
  // write gate agrees) or of a folder (as MayWriteIn), all or none, decided and changed in one
  // transaction.
  store::Status ChangeDeadProperties(const Caller& caller, const store::DavItem& item,
                                     const std::vector<store::DavPropertyChange>& changes);
  // Gives `to` the dead properties of `from` instead of its own (a COPY): the caller reads
  // `from` and may change `to` (as ChangeDeadProperties).
  store::Status CopyDeadProperties(const Caller& caller, const store::DavItem& from,
                                   const store::DavItem& to);
  // The WebDAV locks held and not yet expired, which the server holds again when it starts;
  // the expired ones are forgotten. Administrators only (the server on its own behalf).
  store::Result<std::vector<store::DavLock>> HeldLocks(const Caller& caller);
  // Records the locks the caller holds (taken, refreshed, a save beneath one noted): whether
  // the caller may take them is for the lock manager and WebDAV's checks (MayEdit, MayWriteIn,
  // MayPut) to say, before. PermissionDenied for a lock held by someone else.
  store::Status KeepLocks(const Caller& caller, const std::vector<store::DavLock>& locks);
  // Forgets the locks `tokens` (released, or their resource deleted or moved away), and the
  // expired ones. PermissionDenied, and nothing forgotten, when one is someone else's (an
  // administrator may forget any).
  store::Status DropLocks(const Caller& caller, const std::vector<std::string>& tokens);

 private:
  // Runs `change` in one write transaction, after `check` (both given the open transaction's
  // store); commits, then wakes the indexer. The check's lookups and the change see the same
  // state.
  template <typename Change>
  auto InTransaction(Change&& change) -> decltype(change());
  store::Status MayChange(const Caller& caller, int64_t document_id);
  store::Status MayChangeFolder(const Caller& caller, const std::string& path);
  // In the transaction of a change that takes a document or folder away from `path`: the
  // store forgets the WebDAV locks on it and beneath; once the transaction commits,
  // InTransaction tells the gate (WriteGate::Left).
  store::Status LeavePath(const Caller& caller, const std::string& path);
  store::Status ChangeLabels(const Caller& caller, int64_t id,
                             const std::function<store::Status(const store::Actor&)>& change);
  store::Result<store::Share> Share(const Caller& caller, std::optional<int64_t> document_id,
                                    std::optional<int64_t> folder_id, std::string_view with_service,
                                    store::ShareMode mode);
  store::Result<FolderContents> List(const Caller& caller, store::Folder folder);
  // The bodies of CreateFolderIn, Copy, CopyDeadProperties and CopyFolder, inside the open
  // transaction.
  store::Result<store::Folder> CreateFolderInTransaction(const Caller& caller, int64_t parent_id,
                                                         std::string_view name);
  store::Result<store::PutResult> CopyInTransaction(const Caller& caller, int64_t id,
                                                    int64_t folder_id, std::string_view name);
  store::Status CopyDeadPropertiesInTransaction(const Caller& caller, const store::DavItem& from,
                                                const store::DavItem& to);
  store::Result<store::Folder> CopyFolderInTransaction(const Caller& caller, int64_t folder_id,
                                                       int64_t parent_id, std::string_view name,
                                                       bool deep);

  store::Store& store_;
  std::function<void()> changed_;
  WriteGate* gate_ = nullptr;
  // The paths left in the open transaction (LeavePath), told to the gate after its commit.
  std::vector<std::string> left_;
};

}  // namespace synaps::documents
