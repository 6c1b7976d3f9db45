// The records the store keeps, as plain values. Times are Unix milliseconds (UTC).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

namespace synaps::store {

// A member's role in a service. Readers read, editors also write, managers also administer
// the service's folders, shares and audit log.
enum class Role { kReader = 1, kEditor = 2, kManager = 3 };
const char* RoleName(Role role);
std::optional<Role> ParseRole(std::string_view name);

// Who performs a mutation, as recorded in versions and the audit log.
struct Actor {
  std::string login;  // a user's login, or "cli:<unix user>" for the admin CLI
};

struct Service {
  int64_t id = 0;
  std::string code;  // short and stable, e.g. "CAB", "DCL"; the first component of paths
  std::string name;  // e.g. "Cabinet du préfet"
  int64_t created_at = 0;
};

struct Membership {
  std::string service_code;
  Role role = Role::kReader;
};

struct User {
  int64_t id = 0;
  std::string login;
  std::string display_name;
  bool is_admin = false;
  std::vector<Membership> memberships;
  int64_t created_at = 0;
  bool disabled = false;  // a disabled account cannot authenticate, by any means
  // Grows each time the password changes or the account is disabled: whoever remembers a
  // verified credential (a session, a cache) compares generations and forgets older ones.
  int64_t credential_generation = 0;
};

// A user as a member of one service.
struct ServiceMember {
  std::string login;
  std::string display_name;
  Role role = Role::kReader;
  bool disabled = false;
};

struct Folder {
  int64_t id = 0;
  int64_t service_id = 0;
  std::optional<int64_t> parent_id;  // none for a service's root folder
  std::string name;                  // empty for a root folder
  std::string path;                  // "/CAB/notes/2024"
};

struct Version {
  int64_t document_id = 0;
  int number = 0;    // 1, 2, 3... per document
  std::string blob;  // SHA-256 of the content, lowercase hex
  int64_t size = 0;
  std::string mime_type;
  std::string author;
  int64_t created_at = 0;
  // When its content was last modified: the time the client that sent it gave (WebDAV's
  // X-OC-Mtime, Win32LastModifiedTime...), else when it was stored (created_at).
  int64_t modified_at = 0;
  std::string comment;
  // How text extraction of this version went, as the indexer recorded it: empty (not yet
  // indexed), "ok", "partial", "encrypted", "unsupported" or "failed"; detail says why.
  std::string extraction_status;
  std::string extraction_detail;
  // While open (until this time, Unix ms), a put by its author replaces its content instead of
  // adding a version (PutRequest::open_until); nullopt once sealed.
  std::optional<int64_t> open_until;
  // How many saves its content took: 1, more when saves replaced it while it was open.
  int saves = 1;

  bool open(int64_t now_ms) const { return open_until && *open_until > now_ms; }
};

struct Document {
  int64_t id = 0;  // stable: survives renames and moves
  int64_t service_id = 0;
  std::string service_code;
  int64_t folder_id = 0;
  std::string folder_path;  // "/CAB/notes"
  std::string name;
  int current_version = 0;
  int current_saves = 1;  // Version::saves of the current version
  int64_t size = 0;       // of the current version
  std::string mime_type;  // of the current version
  int64_t created_at = 0;
  int64_t updated_at = 0;   // when Synaps last changed it: content, name or place
  int64_t modified_at = 0;  // of the current version (Version::modified_at)
  std::optional<int64_t> trashed_at;
  std::vector<std::string> tags;

  std::string path() const { return folder_path + "/" + name; }
};

// A share lets another service (or the whole administration) read, or read and write, a
// document or every document under a folder.
enum class ShareMode { kRead = 1, kWrite = 2 };
const char* ShareModeName(ShareMode mode);
// What a share lets those it is given to do: "read" or "read-write".
const char* ShareAccessName(ShareMode mode);

struct Share {
  int64_t id = 0;
  std::optional<int64_t> document_id;  // exactly one of document_id and folder_id is set
  std::optional<int64_t> folder_id;
  std::string service_code;  // the service shared with; empty: the whole administration
  ShareMode mode = ShareMode::kRead;
  std::string created_by;
  int64_t created_at = 0;
};

// A share seen from the side it is given to: what it shares, and whose that is.
struct IncomingShare {
  Share share;
  std::string owner_service;  // the code of the service the folder or document belongs to
  std::string path;           // the folder's ("/CAB/crise") or the document's path
};

struct ApiToken {
  int64_t id = 0;
  std::string login;
  std::string name;
  int64_t created_at = 0;
};

// A search an account keeps under a name, to run again: `query` is the API's query string
// ("q=crue&service=DDT&sort=newest"), kept as the account wrote it.
struct SavedSearch {
  int64_t id = 0;
  std::string login;
  std::string name;
  std::string query;
  int64_t created_at = 0;
  // When its owner last ran it (Unix ms; created_at until then): its listing counts the
  // documents that entered the store since.
  int64_t visited_at = 0;
};

// What WebDAV's dead properties belong to: a document or a folder, by id, so that they follow
// it when it is moved or renamed and go when it does (dav_state.cpp). Exactly one is set.
struct DavItem {
  std::optional<int64_t> document_id;
  std::optional<int64_t> folder_id;
  static DavItem Document(int64_t id) { return {id, std::nullopt}; }
  static DavItem Folder(int64_t id) { return {std::nullopt, id}; }
  friend bool operator<(const DavItem& a, const DavItem& b) {
    return std::tie(a.document_id, a.folder_id) < std::tie(b.document_id, b.folder_id);
  }
  friend bool operator==(const DavItem&, const DavItem&) = default;
};

// A WebDAV client's dead properties: "{namespace}local" → value, as XML.
using DavProperties = std::map<std::string, std::string>;

// One change of a dead property: set to `value_xml`, or removed (nullopt).
struct DavPropertyChange {
  std::string name;  // "{namespace}local"
  std::optional<std::string> value_xml;
};

// A WebDAV write lock as kept in the store, so that its holder keeps it across a restart of
// the server (webdav/locks.h holds the live ones).
struct DavLock {
  std::string token;  // "opaquelocktoken:<uuid>"
  std::string path;   // the lock root, a store path ("/CAB/notes/a.odt")
  bool exclusive = true;
  bool infinite = false;  // depth infinity
  std::string owner_xml;  // the client's <owner> content
  std::string login;      // who holds it
  int64_t timeout_seconds = 0;
  int64_t expires_at = 0;  // Unix ms
  // The documents beneath a depth-infinity lock saved into open versions while it was held,
  // sealed when it is released.
  std::vector<int64_t> saved_documents;
};

// What one ingestion run (an import, a connector's nightly pass) did.
struct IngestCounts {
  int64_t files_seen = 0;
  int64_t created = 0;       // new documents
  int64_t new_versions = 0;  // documents whose content changed
  int64_t unchanged = 0;
  int64_t failed = 0;   // files that could not be ingested
  int64_t skipped = 0;  // links, special files, bad names
  int64_t bytes = 0;
  int64_t moved = 0;    // documents moved or renamed because their entry moved at the source
  int64_t deleted = 0;  // entries gone from the source (trashed or forgotten, per its policy)
};

struct IngestRun {
  int64_t id = 0;
  std::string source;        // "import /srv/partage/cab", "imap://...", ...
  std::string source_name;   // the configured source's name (sources.d/NAME.properties); empty
                             // for an import
  std::string service_code;  // where the documents went
  std::string actor;
  int64_t started_at = 0;
  std::optional<int64_t> finished_at;  // none while running, or when the run was killed
  // "running", "completed", "completed_with_errors" (some files failed) or "failed" (the run
  // stopped; `detail` says why).
  std::string status;
  IngestCounts counts;
  std::string detail;
};

// What the ingest engine remembers of one entry of a configured source (connectors/): the
// document it became and what it looked like, so that the next run skips it unchanged, finds it
// again when it moves, and notices when it disappears.
struct SourceEntry {
  std::string source;        // the source's name
  std::string key;           // stable within the source (a relative path, a mail folder/UID)
  std::string change_token;  // equal next run = unchanged (a size and mtime, a UID)
  int64_t size = 0;
  int64_t mtime_ms = 0;
  std::string sha256;  // the content stored for it
  int64_t document_id = 0;
  int64_t seen_at = 0;  // when it was last stored or recorded
};

struct AuditEntry {
  int64_t id = 0;
  int64_t at = 0;
  std::string actor;
  std::string action;  // "document.create", "document.version", "document.move", ...
  std::optional<int64_t> document_id;
  std::string detail;  // a short human-readable line
  // The service the entry is about: the current service of its document, the service of the
  // folder it concerns, or the service a membership or service change concerns. Empty for
  // accounts, tokens and purged documents.
  std::string service_code;
};

// A live document whose current version's text could not be extracted, or only in part, as
// the indexer recorded it (Version::extraction_status "failed" or "partial").
struct ExtractionFailure {
  int64_t document_id = 0;
  std::string path;  // "/CAB/notes/scan.pdf"
  int version = 0;
  std::string mime_type;
  std::string status;  // "failed" or "partial"
  std::string detail;  // why, in one line
  int64_t stored_at = 0;
};

// Some of the extraction failures, and how many there are in all.
struct ExtractionFailures {
  int64_t total = 0;
  std::vector<ExtractionFailure> failures;  // the most recently stored first
};

// Work for the indexer: "document X changed, bring the index in line with the store".
struct IndexWork {
  int64_t document_id = 0;
  int64_t sequence = 0;  // pass back to CompleteIndexWork; a newer change gets a newer sequence
};

// What the indexer did with one piece of IndexWork.
struct IndexOutcome {
  IndexWork work;
  int version = 0;                // the version indexed; 0 when the document left the index
  std::string extraction_status;  // see Version::extraction_status
  std::string extraction_detail;
};

}  // namespace synaps::store
