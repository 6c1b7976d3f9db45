// Store: the source of truth of Synaps (ARCHITECTURE invariants 1-4).
//
// A Store is a data directory holding an SQLite database (synaps.db: services, accounts,
// folders, documents, versions, tags, metadata, trash, audit log, index queue, WebDAV's
// properties and locks) and a content-addressed BlobStore (blobs/). Everything else, the Xapian
// index first, is derived from it.
//
// Guarantees:
//  - Every mutation is one SQLite transaction that also writes its audit entry and, when a
//    document changed, its index-queue entry: after a crash, either all of it happened or none.
//    (WebDAV's properties and locks are not audited: see "WebDAV's state" below.)
//  - Blobs are durable before any transaction that references them commits.
//  - A new version never destroys an old one; trash is restorable; only PurgeTrash() removes
//    documents, and only CollectGarbage() removes the blobs nothing references any more.
//
// Thread-safety: a Store is not thread-safe; open one per thread. Any number of Stores, in any
// number of processes, may open the same data directory: writers queue on SQLite's lock (busy
// timeout 15 s, then ErrorCode::kBusy).
//
// Documents are named by a stable numeric id or by a path "/SERVICE/folder/name". Errors are
// Status values with one clear line; nothing here throws.
//
// Who calls what: the methods that take an `Actor` change the store (and are audited); front ends
// never call them directly but go through dms-server/documents/ (documents, folders, shares) and
// the account service, which decide permissions first. Connectors, the indexing pipeline and
// maintenance commands call the store as the system.
//
// Where each part lives: services and accounts in accounts.cpp and account_changes.cpp; folders
// in folders.cpp; documents, versions and moves in documents.cpp; lookups by folder id and read
// audit in reads.cpp; trash in trash.cpp; tags and metadata in tags_metadata.cpp; shares and API
// tokens in shares_tokens.cpp; saved searches in saved_searches.cpp; WebDAV's dead properties
// and locks in dav_state.cpp; ingest runs in ingest_runs.cpp; the audit log in audit_log.cpp;
// opening, the audit helpers and the index queue in store.cpp; extraction failures and their
// retry in extraction_failures.cpp; check, gc and stats in maintenance.cpp; the schema in
// schema.cpp.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dms-server/store/blob_store.h"
#include "dms-server/store/content_digests.h"
#include "dms-server/store/model.h"
#include "dms-server/store/snapshot_memo.h"
#include "dms-server/store/sqlite.h"
#include "dms-server/store/status.h"

namespace synaps::store {

struct NewUser {
  std::string login;
  std::string display_name;  // defaults to the login when empty
  std::string password;      // stored only as a scrypt hash
  bool is_admin = false;
  std::vector<Membership> memberships;
};

// Changes to an account; what is empty stays as it is.
struct UserChanges {
  std::optional<std::string> display_name;
  std::optional<bool> is_admin;
  std::optional<bool> disabled;
  std::optional<std::string> password;  // a new password, stored only as a scrypt hash
};

// Which audit entries to list, newest first.
struct AuditQuery {
  std::optional<int64_t> document_id;  // only the entries about this document
  // Only the entries about these services (see AuditEntry::service_code). nullopt: every
  // entry; an empty list: none.
  std::optional<std::vector<std::string>> services;
  std::optional<int64_t> before_id;  // only entries older than this one: the last id of a page
  int limit = 50;                    // 1 to 10000
};

// What to store as the content of a document.
struct PutRequest {
  // Where: the existing folder `folder_id`, when given (service_code and folder are then
  // ignored); else the folder `folder` under the service's root, created if missing.
  std::optional<int64_t> folder_id;
  std::string service_code;
  std::vector<std::string> folder;  // folder names under the service's root
  std::string name;
  // Already written and published (BlobStore::Writer, BlobStore::Publish); when published to
  // the journal (BlobStore::PublishToJournal), the put keeps its bytes there.
  BlobInfo blob;
  std::string mime_type;
  std::string comment;
  std::vector<std::string> tags;  // added to the document (never removed by a put)
  // When set, the content goes to this document wherever it is now (it may have been moved or
  // renamed since): service_code, folder and name are not used. Conflict when the document is
  // in the trash.
  std::optional<int64_t> document_id;
  // When the content was last modified, as the client that sent it says (nullopt: now). Kept
  // with a new version, and set on the current one when the content is unchanged.
  std::optional<int64_t> modified_at;
  // Keeps the version this put makes (or replaces) open until this time (Unix ms): until then,
  // a put by the same actor replaces its content rather than adding a version (saves that are
  // one in the user's eyes: under a WebDAV lock, after Windows' empty placeholder). nullopt:
  // sealed at once. Whatever it says, a put by the author of the current version while that is
  // open replaces it (PutOutcome::kSavedAgain), and one by anyone else adds a version.
  std::optional<int64_t> open_until;
};

enum class PutOutcome {
  kCreated,     // a new document with version 1
  kNewVersion,  // the content differed: a new version
  kUnchanged,   // identical to the current version: no version created
  kSavedAgain,  // the current version was open and its author's: its content was replaced
};

struct PutResult {
  int64_t document_id = 0;
  int version = 0;  // the current version after the put
  PutOutcome outcome = PutOutcome::kUnchanged;
  int saves = 1;  // Version::saves of the current version after the put
};

// One change the ingest engine (connectors/ingest/) makes to an entry of a source and to its
// document, applied with others by Store::ApplySourceChanges.
struct SourceChange {
  enum class Kind {
    kPut,     // store `put` (a new document, or new content) and remember `entry` as its document
    kMove,    // the document remembered for `from_key` moves (or is renamed) to put's service,
              // folder and name, keeping its id, versions and tags, and is remembered as `entry`
    kRecord,  // remember `entry`'s new change token, size and time; its content is unchanged
    kTrash,   // forget `entry.key`; its document goes to the trash unless another entry (of any
              // source) still brings it
    kForget,  // forget `entry.key`; its document stays as it is
  };
  Kind kind = Kind::kPut;
  // Source and key, change token, size, mtime and sha256 to remember. A kPut without a source
  // remembers nothing (an import).
  SourceEntry entry;
  std::string from_key;  // kMove: the key it had
  PutRequest put;        // kPut: what and where; kMove: where (service_code, folder, name)
  // kPut: set on the document (keys as Store::SetMetadata takes them).
  std::vector<std::pair<std::string, std::string>> metadata;
};

struct SourceChangeResult {
  int64_t document_id = 0;
  PutOutcome outcome = PutOutcome::kUnchanged;  // kPut: what the put did
  bool trashed = false;                         // kTrash: the document went to the trash
};

struct FolderListing {
  Folder folder;
  std::vector<Folder> subfolders;
  std::vector<Document> documents;  // live ones, by name
};

struct CheckReport {
  std::vector<std::string> problems;  // each one line; any problem makes the store unhealthy
  std::vector<std::string> notes;     // harmless leftovers (e.g. from interrupted writes)
  int64_t documents = 0;
  int64_t versions = 0;
  int64_t blobs_verified = 0;
  int64_t bytes_verified = 0;
  bool healthy() const { return problems.empty(); }
};

struct GcReport {
  int64_t blobs_removed = 0;
  int64_t bytes_freed = 0;
  int64_t temporary_files_removed = 0;
};

struct StoreStats {
  int64_t services = 0, users = 0, folders = 0;
  int64_t documents = 0, trashed_documents = 0, versions = 0;
  int64_t blobs = 0, stored_bytes = 0;  // distinct content on disk
  int64_t logical_bytes = 0;            // sum of all versions' sizes (before deduplication)
  int64_t index_queue = 0;
  int schema_version = 0;
};

// Called by long operations with (done, total) units of work.
using ProgressCallback = std::function<void(int64_t done, int64_t total)>;

class Store {
 public:
  enum class OpenMode { kMustExist, kCreateIfMissing };

  // Opens the data directory, creating it when asked, and upgrades its schema in place.
  // NotFound if it does not exist and kMustExist was given.
  static Result<std::unique_ptr<Store>> Open(const std::filesystem::path& data_dir, OpenMode mode);
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;
  ~Store();

  const std::filesystem::path& data_dir() const { return data_dir_; }
  const BlobStore& blobs() const { return blobs_; }

  // --- Services and accounts ---------------------------------------------------------------
  Result<Service> AddService(const Actor& actor, std::string_view code, std::string_view name);
  Result<std::vector<Service>> ListServices();
  Result<Service> FindService(std::string_view code);
  // Changes a service's name; its code, which every path starts with, never changes.
  Result<Service> RenameService(const Actor& actor, std::string_view code, std::string_view name);
  // The members of a service, by login. NotFound for an unknown service.
  Result<std::vector<ServiceMember>> ListMembers(std::string_view service_code);

  // Creates an account (with its memberships, each audited as a membership of its service).
  Result<User> AddUser(const Actor& actor, const NewUser& user);
  Result<std::vector<User>> ListUsers();
  Result<User> FindUser(std::string_view login);
  // PermissionDenied for an unknown login, a wrong password or a disabled account (the message
  // does not say which).
  Result<User> Authenticate(std::string_view login, std::string_view password);
  // Applies `changes` to the account `login`, all or nothing, with an audit entry per change.
  // A new password or disabling the account increments its credential_generation. Conflict
  // when the change would leave no enabled administrator (nobody could administer any more);
  // InvalidArgument for a bad display name or a password under 8 characters.
  Result<User> UpdateUser(const Actor& actor, std::string_view login, const UserChanges& changes);
  // Gives `login` the role `role` in the service, adding the membership or changing its role.
  Status SetMembership(const Actor& actor, std::string_view login, std::string_view service_code,
                       Role role);
  // Ends the membership. NotFound for an unknown user or service, or when `login` is no member.
  Status RemoveMembership(const Actor& actor, std::string_view login,
                          std::string_view service_code);

  // --- Folders ------------------------------------------------------------------------------
  // Returns the folder at `names` under the service's root, creating missing ones.
  Result<Folder> EnsureFolder(const Actor& actor, std::string_view service_code,
                              const std::vector<std::string>& names);
  // Creates the folder at `names` (at least one) under the service's root, and the missing
  // ones above it. AlreadyExists when it exists already or a live document holds a name on the way.
  Result<Folder> CreateFolder(const Actor& actor, std::string_view service_code,
                              const std::vector<std::string>& names);
  Result<Folder> FindFolder(std::string_view path);  // "/CAB" or "/CAB/a/b"
  Result<Folder> GetFolder(int64_t folder_id);
  Result<FolderListing> ListFolder(const Folder& folder);
  // Renames a folder (`new_name`) and/or moves it under `new_parent_id`, with everything under
  // it: ids, versions and shares stay; every document beneath is audited and queued for the
  // indexer, since its path changed. Invalid for a service's root, for a parent in another
  // service, or for a parent inside the folder itself; AlreadyExists when the parent already
  // holds a folder or a live document of that name.
  Result<Folder> MoveFolder(const Actor& actor, int64_t folder_id,
                            std::optional<int64_t> new_parent_id,
                            std::optional<std::string> new_name);
  // Deletes the empty folder `folder_id` with the shares set on it, each audited. Conflict,
  // saying what it holds, when it holds a subfolder or a document, a trashed one included
  // (restoring a document puts it back in its folder, which must still exist). Invalid for a
  // service's root, which goes only with its service.
  Status DeleteFolder(const Actor& actor, int64_t folder_id);
  // Deletes folder `folder_id` with everything beneath it, in one transaction: its documents go
  // to the trash (restorable into the service's root, their old folder kept in their metadata
  // as synaps.deleted_from), its folders and their shares go. Invalid for a service's root.
  Status DeleteFolderTree(const Actor& actor, int64_t folder_id);

  // --- Documents ----------------------------------------------------------------------------
  // `ref` is a numeric id (which also finds trashed documents) or a path (live documents only).
  Result<Document> FindDocument(std::string_view ref);
  Result<Document> GetDocument(int64_t id);

  // Stores new content. The blob must already be published (BlobStore::Publish or
  // BlobStore::Writer::Commit): its bytes are durable before the reference commits; or
  // published to the journal (BlobStore::PublishToJournal): its bytes commit with it.
  Result<PutResult> PutDocument(const Actor& actor, const PutRequest& request);
  // Applies several puts in one transaction (group commit); each one succeeds or fails alone.
  // The outer Result fails only if the transaction as a whole could not commit.
  Result<std::vector<Result<PutResult>>> PutDocuments(const Actor& actor,
                                                      const std::vector<PutRequest>& requests);
  // Applies several puts in one transaction, all or none: the first failure is returned and
  // nothing of the group is stored.
  Result<std::vector<PutResult>> PutDocumentsAtomically(const Actor& actor,
                                                        const std::vector<PutRequest>& requests);

  // A write transaction for a caller that checks something and then changes it: the mutations
  // called while it is open join it (as savepoints), and the lookups before them see what the
  // mutations will change, so nothing can slip in between (a share revoked, a document moved
  // by another process). Commit() makes it all durable; dropping it undoes it all. The write
  // lock is held from here: keep it short (no network, no blob writes inside).
  Result<sql::Transaction> BeginWrite() { return sql::Transaction::Begin(*db_); }

  // A read transaction: the lookups made while it lives see one snapshot and share one lock
  // acquisition (much cheaper than one per query). A mutation called while it is open ends it
  // first (sql::Database::BeginReadSnapshot); so does End(), before a long wait (a download
  // being sent) that should not hold the snapshot. Inside a transaction, it does nothing.
  class ReadScope {
   public:
    explicit ReadScope(sql::Database& db) : db_(db), open_(db_.BeginReadSnapshot()) {}
    ~ReadScope() { End(); }
    ReadScope(const ReadScope&) = delete;
    ReadScope& operator=(const ReadScope&) = delete;
    void End() {
      if (open_) db_.EndReadSnapshot();
      open_ = false;
    }

   private:
    sql::Database& db_;
    bool open_;
  };
  ReadScope BeginRead() { return ReadScope(*db_); }
  // How many statement steps this Store's connection has run (sql::Database): what an
  // operation costs the database, for tests and measurements.
  uint64_t statements_stepped() const { return db_->statements_stepped(); }

  // The current version of the live document at service/folder/name, if there is one. Cheap:
  // importers use it to skip work for unchanged content.
  Result<std::optional<Version>> CurrentVersionAt(std::string_view service_code,
                                                  const std::vector<std::string>& folder,
                                                  std::string_view name);

  // The live document named `name` in folder `folder_id`, if there is one.
  Result<std::optional<Document>> LiveDocumentIn(int64_t folder_id, std::string_view name);

  Result<std::vector<Version>> ListVersions(int64_t document_id);
  // `number` 0 means the current version.
  Result<Version> GetVersion(int64_t document_id, int number);
  // Opens a version's content for reading.
  Result<UniqueFd> OpenContent(const Version& version);
  // Records in the audit log that `actor` read version `version` of a document, and how
  // ("download", "preview", "webdav"...): the log of access to documents public bodies keep.
  // Where this process buffers reads (a server: pending_reads.h), the record waits there to be
  // written with others by FlushPendingReads(); elsewhere it is written at once. Either way it
  // does not wait for the disk (reads would be as slow as writes): durable against a power cut
  // from the next commit of a change. Inside a caller's transaction, it is written with it.
  Status RecordRead(const Actor& actor, int64_t document_id, int version, std::string_view how);
  // Writes the reads waiting in this process's buffer for this data directory, in one
  // transaction, with the times they happened; nothing when there is no buffer. On failure
  // they stay in the buffer for the next call. ListAudit and PruneAudit call it first.
  Status FlushPendingReads();
  // Sets the modification time of document `id`'s current content (Version::modified_at), as
  // a client says it (a file's time kept across a transfer); audited as
  // "document.modified_time". Invalid when the document is in the trash.
  Result<Document> SetModifiedTime(const Actor& actor, int64_t document_id, int64_t modified_at);
  // The SHA-1 and MD5 of a version's content: kept beside its blob, computed from the blob (and
  // kept) the first time they are asked. Derived from immutable bytes: not audited.
  Result<ContentDigests> Digests(const Version& version);
  // Keeps the SHA-1 and MD5 of blob `blob` (computed while it was written), unless known.
  Status RecordDigests(const std::string& blob, const ContentDigests& digests);
  // Seals document `id`'s current version if it is open and `actor`'s (Version::open_until):
  // the next put makes a new version. Ok when there is nothing to seal. Content, name and place
  // stay as they are: not audited. A version left open is sealed anyway once its time passes.
  Status SealVersion(const Actor& actor, int64_t document_id);
  // Creates a new version whose content is that of version `number`.
  Result<PutResult> RestoreVersion(const Actor& actor, int64_t document_id, int number,
                                   std::string_view comment);
  // Moves and/or renames. `destination` is a path: an existing folder (or one ending in '/')
  // receives the document under its name; otherwise its last component is the new name.
  Result<Document> MoveDocument(const Actor& actor, int64_t document_id,
                                std::string_view destination);
  // Moves and/or renames into the existing folder `folder_id` (of any service) as `name`.
  // AlreadyExists when a live document or a folder there has that name.
  Result<Document> MoveDocumentTo(const Actor& actor, int64_t document_id, int64_t folder_id,
                                  std::string_view name);

  // --- Trash --------------------------------------------------------------------------------
  Status TrashDocument(const Actor& actor, int64_t document_id);
  // AlreadyExists if a live document now has the same name in the same folder.
  Status RestoreFromTrash(const Actor& actor, int64_t document_id);
  Result<std::vector<Document>> ListTrash();
  // Removes trashed documents for good (one, or all when `document_id` is empty). Their blobs
  // stay until CollectGarbage(). Returns how many documents were purged.
  Result<int64_t> PurgeTrash(const Actor& actor, std::optional<int64_t> document_id);
  // Removes the given trashed documents for good, in one transaction (Invalid, and nothing
  // purged, if one of them is not in the trash). Returns how many were purged.
  Result<int64_t> PurgeDocuments(const Actor& actor, const std::vector<int64_t>& document_ids);

  // --- Tags and metadata --------------------------------------------------------------------
  Status AddTag(const Actor& actor, int64_t document_id, std::string_view tag);
  Status RemoveTag(const Actor& actor, int64_t document_id, std::string_view tag);
  // Every tag in use with its number of live documents, by name.
  Result<std::vector<std::pair<std::string, int64_t>>> ListTags();
  Status SetMetadata(const Actor& actor, int64_t document_id, std::string_view key,
                     std::string_view value);
  Status RemoveMetadata(const Actor& actor, int64_t document_id, std::string_view key);
  Result<std::map<std::string, std::string>> GetMetadata(int64_t document_id);

  // --- Shares -------------------------------------------------------------------------------
  // Shares a document, or every document under a folder (now and later), with the service
  // `with_service`, or with the whole administration when it is empty. Sharing the same target
  // with the same service again changes the mode. The documents concerned are queued for the
  // indexer, which carries shares into search visibility.
  Result<Share> ShareDocument(const Actor& actor, int64_t document_id,
                              std::string_view with_service, ShareMode mode);
  Result<Share> ShareFolder(const Actor& actor, int64_t folder_id, std::string_view with_service,
                            ShareMode mode);
  Status RemoveShare(const Actor& actor, int64_t share_id);
  Result<Share> GetShare(int64_t share_id);
  // The shares that apply to a document: its own and those of every folder above it.
  Result<std::vector<Share>> EffectiveShares(int64_t document_id);
  // The shares set on one document or one folder (not inherited ones).
  Result<std::vector<Share>> ListShares(std::optional<int64_t> document_id,
                                        std::optional<int64_t> folder_id);
  // The shares given to one of `services` (codes, any case) or to everyone, by path: what
  // members of those services had shared with them. Shares of trashed documents are left out.
  // Which of them a user sees is for permissions.h to say.
  Result<std::vector<IncomingShare>> ListSharesGivenTo(const std::vector<std::string>& services);

  // --- Ingest runs --------------------------------------------------------------------------
  // Every import and connector run is recorded, for operators (`synaps runs`) and /metrics. A
  // run killed before FinishIngestRun() stays "running" with no finish time.
  // `source_name` names a configured source (sources.d/NAME.properties); empty for an import.
  Result<int64_t> BeginIngestRun(const Actor& actor, std::string_view source,
                                 std::string_view service_code, std::string_view source_name = {});
  // `status` is "completed", "completed_with_errors" or "failed" (see IngestRun).
  Status FinishIngestRun(int64_t run_id, std::string_view status, const IngestCounts& counts,
                         std::string_view detail);
  // The last `limit` runs, newest first; only those of the source `source_name` when given.
  Result<std::vector<IngestRun>> ListIngestRuns(int limit, std::string_view source_name = {});
  // How many runs ended in each status (and are "running"), and when the last run that
  // completed (with or without errors) finished (0: never).
  struct IngestTotals {
    std::map<std::string, int64_t> runs_by_status;
    int64_t last_completed_at = 0;
  };
  Result<IngestTotals> CountIngestRuns();

  // --- Source entries: what the ingest engine remembers of each configured source -----------
  // Every entry remembered for `source`, by key.
  Result<std::vector<SourceEntry>> ListSourceEntries(std::string_view source);
  // Applies the changes in one transaction (group commit), each in its own savepoint: each one
  // succeeds or fails alone, with its document and its entry together. The outer Result fails
  // only if the transaction as a whole could not commit. Blobs must be published first.
  Result<std::vector<Result<SourceChangeResult>>> ApplySourceChanges(
      const Actor& actor, const std::vector<SourceChange>& changes);
  // Where a document's content came from: the entries remembered for it, then those of other
  // documents holding the same content as its current version (the same file reached through
  // another source or folder), by source and key.
  Result<std::vector<SourceEntry>> Origins(int64_t document_id);
  // Forgets every entry of `source`; its documents stay. Returns how many were forgotten.
  Result<int64_t> ForgetSource(std::string_view source);

  // --- API tokens ---------------------------------------------------------------------------
  // Creates a personal token for scripts; returns it in clear, the only time it is known (the
  // store keeps its SHA-256). AlreadyExists if the user has a token of that name.
  Result<std::string> CreateApiToken(const Actor& actor, std::string_view login,
                                     std::string_view name);
  // The token's user, or PermissionDenied (also when the account is disabled).
  Result<User> AuthenticateToken(std::string_view token);
  Result<std::vector<ApiToken>> ListApiTokens(std::string_view login);
  Status RevokeApiToken(const Actor& actor, std::string_view login, std::string_view name);

  // --- Saved searches -----------------------------------------------------------------------
  // An account's searches kept under a name (saved_searches.cpp). The query is not parsed here
  // (the search edge does that); it must be UTF-8 without control characters, at most 2,000
  // bytes, and the name a label of at most 100 (InvalidArgument). AlreadyExists when `login`
  // has a saved search of that name; NotFound for an unknown login.
  Result<SavedSearch> AddSavedSearch(const Actor& actor, std::string_view login,
                                     std::string_view name, std::string_view query);
  // `login`'s saved searches, by name.
  Result<std::vector<SavedSearch>> ListSavedSearches(std::string_view login);
  // Deletes saved search `id` of `login`. NotFound when `login` has none of that id (another
  // account's is not found either).
  Status RemoveSavedSearch(const Actor& actor, std::string_view login, int64_t id);
  // Notes that `login` ran saved search `id` at `at` (Unix ms), the time from which its next
  // listing counts new matches; returns the saved search with its previous visited_at. Not
  // audited: running a search is a read. NotFound as for RemoveSavedSearch.
  Result<SavedSearch> MarkSavedSearchVisited(std::string_view login, int64_t id, int64_t at);

  // --- WebDAV's state -----------------------------------------------------------------------
  // What WebDAV keeps beside the documents (dav_state.cpp): the dead properties clients set on
  // a document or a folder, kept with it (a move keeps them, its purge or the folder's deletion
  // removes them; a trashed document keeps them, to show them again if restored), and the write
  // locks held, so that a restart of the server does not release them. Not audited: clients set
  // properties after every save (Windows' Win32 times) and lock before every edit; neither is
  // content.
  //
  // The properties of one document or folder, by name.
  Result<DavProperties> DeadProperties(const DavItem& item);
  // Those of folder `folder_id`, of its subfolders and of the documents in it, in one query (a
  // PROPFIND of depth 1); items without any are left out.
  Result<std::map<DavItem, DavProperties>> DeadPropertiesIn(int64_t folder_id);
  // Applies `changes` in order, all or none. InvalidArgument for an item that names neither or
  // both or for an empty name; NotFound for a document or folder that does not exist.
  Status ChangeDeadProperties(const Actor& actor, const DavItem& item,
                              const std::vector<DavPropertyChange>& changes);
  // Gives `to` the properties of `from` (a copy), instead of its own.
  Status CopyDeadProperties(const Actor& actor, const DavItem& from, const DavItem& to);
  // The locks that have not expired at `now` (Unix ms), by token.
  Result<std::vector<DavLock>> ListDavLocks(int64_t now);
  // Records `lock` (taken, refreshed, or a save beneath it noted), replacing the one with its
  // token.
  Status KeepDavLock(const Actor& actor, const DavLock& lock);
  // Forgets the locks `tokens` (released, or their resource gone) and every lock expired at
  // `now`.
  Status DropDavLocks(const Actor& actor, const std::vector<std::string>& tokens, int64_t now);

  // --- Audit log ----------------------------------------------------------------------------
  // The entries `query` selects, newest first. InvalidArgument for a limit out of range.
  Result<std::vector<AuditEntry>> ListAudit(const AuditQuery& query);
  // Newest first; every entry when `document_id` is empty.
  Result<std::vector<AuditEntry>> ListAudit(std::optional<int64_t> document_id, int limit);
  // Deletes, in one transaction, every entry recorded before `cutoff_ms` (Unix milliseconds),
  // and records that as one entry "audit.prune" saying how many (none when nothing was old
  // enough). Returns how many entries were deleted.
  Result<int64_t> PruneAudit(const Actor& actor, int64_t cutoff_ms);

  // --- Index queue (drained by the indexer) ------------------------------------------------
  // The oldest queued work, by sequence, after `after_sequence` (pass the last sequence seen to
  // read on while earlier work is still being processed).
  Result<std::vector<IndexWork>> PendingIndexWork(int limit, int64_t after_sequence = 0);
  // How many documents wait for the indexer (one indexed count, cheap).
  Result<int64_t> IndexQueueLength();
  // Clears the entry unless the document changed again since `work` was read.
  Status CompleteIndexWork(const IndexWork& work);
  // For a batch, in one transaction: records each indexed version's extraction outcome and
  // clears each entry (unless its document changed again meanwhile). Call after the index
  // commit that contains the batch.
  Status CompleteIndexWork(const std::vector<IndexOutcome>& outcomes);
  // Queues every document (live, trashed or not) for a full rebuild of the index.
  Status EnqueueAllDocuments();
  // The live documents whose current version's extraction failed or went only in part (see
  // ExtractionFailure): at most `limit` (1 to 1000, else InvalidArgument), and the total.
  Result<ExtractionFailures> ListExtractionFailures(int limit);
  // Queues every document ListExtractionFailures() counts for extraction again, in one
  // transaction audited as "index.retry". Returns how many were queued.
  Result<int64_t> RetryExtractionFailures(const Actor& actor);
  // Records how text extraction of a version went ("ok", "failed", ...), with a one-line detail.
  Status SetExtractionStatus(int64_t document_id, int version, std::string_view status,
                             std::string_view detail);

  // --- Maintenance --------------------------------------------------------------------------
  // Verifies SQLite's integrity, every reference, and every blob's size and hash.
  Result<CheckReport> Check(const ProgressCallback& progress = {});
  // Removes blobs no version references, blob files unknown to the database and temporary files
  // left by interrupted writes. Waits for in-flight writers (BlobLock).
  Result<GcReport> CollectGarbage();
  Result<StoreStats> Stats();
  // Makes the blobs kept in the blob journal durable (BlobStore::PublishToJournal): puts back on
  // disk whichever a power cut lost or damaged, flushes the file system once a batch (of 1,000),
  // then forgets them. Returns how many it forgot. Open() calls it, so that nothing reads a
  // blob that is not whole; a server calls it every instant (server/blob_journal_syncer.h).
  Result<int> SyncBlobJournal();

 private:
  Store(std::filesystem::path data_dir, std::unique_ptr<sql::Database> db);

  // Helpers used inside an open transaction.
  Status Audit(const Actor& actor, std::string_view action, std::optional<int64_t> document_id,
               std::string_view detail);
  // An audit entry about a service as a whole (its name, its members).
  Status AuditService(const Actor& actor, std::string_view action, const Service& service,
                      std::string_view detail);
  // An audit entry about a folder (not about a document in it): it belongs to the folder's
  // service `service_id`, whose managers read it.
  Status AuditFolder(const Actor& actor, std::string_view action, int64_t service_id,
                     std::string_view detail);
  // Keeps `bytes`, the content of blob `sha256`, in the blob journal (see SyncBlobJournal).
  Status JournalBlob(const std::string& sha256, const std::string& bytes);
  // One batch of SyncBlobJournal(): up to `limit` blobs. Returns how many it forgot.
  Result<int> SyncBlobJournalBatch(int limit);
  // Runs `write` (audit entries of reads) with synchronous=NORMAL: see reads.cpp.
  Status WithoutWaitingForTheDisk(const std::function<Status()>& write);
  // The service of folder `folder_id`.
  Result<int64_t> FolderServiceId(int64_t folder_id);
  // `at_ms`: the entry's time when not now (a read written after it happened).
  Status InsertAudit(const Actor& actor, std::string_view action,
                     std::optional<int64_t> document_id, std::optional<int64_t> service_id,
                     std::string_view detail, std::optional<int64_t> at_ms = std::nullopt);
  Status SetMembershipInTransaction(const Actor& actor, const User& user, const Service& service,
                                    Role role);
  Status EnqueueIndexWork(int64_t document_id);
  Result<Folder> EnsureFolderInTransaction(const Actor& actor, const Service& service,
                                           const std::vector<std::string>& names);
  Result<Folder> LoadFolder(int64_t folder_id);
  Result<int64_t> RootFolderId(const Service& service);
  Result<std::string> FolderPath(int64_t folder_id);
  Result<PutResult> PutInTransaction(const Actor& actor, const PutRequest& request);
  // A put by service, folder and name.
  Result<PutResult> PutAtPath(const Actor& actor, const PutRequest& request);
  // A put into the existing document request.document_id.
  Result<PutResult> PutIntoDocument(const Actor& actor, const PutRequest& request);
  Result<SourceChangeResult> ApplySourceChange(const Actor& actor, const SourceChange& change);
  Status RememberEntry(const SourceEntry& entry, int64_t document_id);
  Status TrashInTransaction(const Actor& actor, const Document& document);
  Status SetMetadataInTransaction(const Actor& actor, int64_t document_id, std::string_view key,
                                  std::string_view value);
  Result<Document> MoveInTransaction(const Actor& actor, const Document& document,
                                     const Folder& folder, std::string_view name);
  Status PurgeInTransaction(const Actor& actor, const Document& document);
  // AlreadyExists when folder `folder_id` holds a live document or a subfolder named `name`.
  Status CheckNameFree(int64_t folder_id, std::string_view name, const std::string& path);
  Result<PutResult> AddVersionInTransaction(const Actor& actor, const Document& document,
                                            const BlobInfo& blob, std::string_view mime_type,
                                            std::string_view comment,
                                            std::optional<int64_t> modified_at,
                                            std::optional<int64_t> open_until = {});
  // Replaces the content of `document`'s current version, open and `actor`'s.
  Result<PutResult> SaveAgainInTransaction(const Actor& actor, const Document& document,
                                           const Version& current, const PutRequest& request);
  Status SetModifiedTimeInTransaction(const Actor& actor, const Document& document,
                                      int64_t modified_at);
  // New content for the live `document`: a new version, or none when it is unchanged.
  Result<PutResult> PutIntoExisting(const Actor& actor, const Document& document,
                                    const PutRequest& request);
  Result<std::optional<int64_t>> FindLiveDocumentId(int64_t folder_id, std::string_view name);
  // The document at `select`'s row (the columns GetDocument reads), with its folder's path
  // (`folder_path` if the caller knows it, else rebuilt) and its tags; kept in the snapshot's
  // memo.
  Result<Document> ReadDocument(sql::Statement& select, const std::string* folder_path = nullptr);
  // The live document named `name` in folder `folder_id`, read by one statement (ReadDocument),
  // or nullopt; FindDocument() and LiveDocumentIn() share it.
  Result<std::optional<Document>> ReadLiveDocument(int64_t folder_id, std::string_view name,
                                                   const std::string* folder_path);
  Status AddTagInTransaction(const Actor& actor, int64_t document_id, std::string_view tag,
                             bool* added);
  Result<Share> AddShareInTransaction(const Actor& actor, std::optional<int64_t> document_id,
                                      std::optional<int64_t> folder_id,
                                      std::string_view with_service, ShareMode mode,
                                      const std::string& target);
  Status EnqueueFolderTree(int64_t folder_id);
  // Group commit: `apply` on each item in one transaction, each in a savepoint of its own that
  // a failure rolls back alone. Fails only if the transaction as a whole could not commit.
  template <typename Out, typename Item, typename Apply>
  Result<std::vector<Result<Out>>> EachInSavepoint(const std::vector<Item>& items, Apply apply) {
    SYNAPS_ASSIGN_OR_RETURN(auto transaction, sql::Transaction::Begin(*db_));
    std::vector<Result<Out>> results;
    results.reserve(items.size());
    for (const Item& item : items) {
      sql::Savepoint savepoint(*db_, "item");
      SYNAPS_RETURN_IF_ERROR(savepoint.status());
      Result<Out> result = apply(item);
      if (result.ok()) SYNAPS_RETURN_IF_ERROR(savepoint.Release());
      results.push_back(std::move(result));
    }
    SYNAPS_RETURN_IF_ERROR(transaction.Commit());
    return results;
  }

  std::filesystem::path data_dir_;
  std::string pending_reads_key_;  // PendingReads::KeyOf(data_dir_)
  std::unique_ptr<sql::Database> db_;
  BlobStore blobs_;
  // The folders, folder paths and documents read during the read snapshot now open, which
  // FolderPath(), LoadFolder(), FindFolder() and GetDocument() answer again from.
  SnapshotMemo memo_;
};

// Parses a numeric document id ("42"); nullopt if `ref` is not one.
std::optional<int64_t> ParseDocumentId(std::string_view ref);

// Current time in Unix milliseconds.
int64_t NowMs();

}  // namespace synaps::store
