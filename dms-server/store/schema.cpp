#include "dms-server/store/schema.h"

#include <string>
#include <vector>

namespace synaps::store {

namespace {

// Never edit a migration that has shipped: add a new one.
const std::vector<const char*>& Migrations() {
  static const std::vector<const char*> migrations = {
      // 1: services, accounts, folders, documents and their versions, tags, metadata, trash,
      //    audit log and the durable index queue.
      R"sql(
CREATE TABLE services (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  created_at INTEGER NOT NULL
);
CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  login TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  is_admin INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL
);
CREATE TABLE memberships (
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  service_id INTEGER NOT NULL REFERENCES services(id),
  role INTEGER NOT NULL CHECK (role IN (1, 2, 3)),
  PRIMARY KEY (user_id, service_id)
);
CREATE TABLE folders (
  id INTEGER PRIMARY KEY,
  service_id INTEGER NOT NULL REFERENCES services(id),
  parent_id INTEGER REFERENCES folders(id),
  name TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  CHECK ((parent_id IS NULL) = (name = ''))
);
CREATE UNIQUE INDEX folders_by_parent ON folders(parent_id, name) WHERE parent_id IS NOT NULL;
CREATE UNIQUE INDEX folders_root ON folders(service_id) WHERE parent_id IS NULL;
CREATE TABLE blobs (
  sha256 TEXT PRIMARY KEY,
  size INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE documents (
  id INTEGER PRIMARY KEY,
  service_id INTEGER NOT NULL REFERENCES services(id),
  folder_id INTEGER NOT NULL REFERENCES folders(id),
  name TEXT NOT NULL,
  current_version INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  trashed_at INTEGER,
  trashed_by TEXT
);
-- A name is taken once per folder among live documents; trashed ones may share it.
CREATE UNIQUE INDEX documents_by_name ON documents(folder_id, name) WHERE trashed_at IS NULL;
CREATE INDEX documents_trashed ON documents(trashed_at) WHERE trashed_at IS NOT NULL;
CREATE TABLE versions (
  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  number INTEGER NOT NULL,
  blob_sha256 TEXT NOT NULL REFERENCES blobs(sha256),
  size INTEGER NOT NULL,
  mime_type TEXT NOT NULL,
  author TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  comment TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (document_id, number)
) WITHOUT ROWID;
CREATE INDEX versions_by_blob ON versions(blob_sha256);
CREATE TABLE tags (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE
);
CREATE TABLE document_tags (
  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  tag_id INTEGER NOT NULL REFERENCES tags(id),
  PRIMARY KEY (document_id, tag_id)
) WITHOUT ROWID;
CREATE INDEX document_tags_by_tag ON document_tags(tag_id);
CREATE TABLE metadata (
  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (document_id, key)
) WITHOUT ROWID;
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  document_id INTEGER,
  detail TEXT NOT NULL
);
CREATE INDEX audit_by_document ON audit_log(document_id);
-- One row per document whose index entry is stale; sequence grows with every change so that
-- the indexer only clears the row if nothing changed while it worked.
CREATE TABLE index_queue (
  document_id INTEGER PRIMARY KEY,
  sequence INTEGER NOT NULL,
  enqueued_at INTEGER NOT NULL
);
CREATE TABLE counters (
  name TEXT PRIMARY KEY,
  value INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO counters(name, value) VALUES ('index_sequence', 0);
)sql",
      // 2: the indexer records how text extraction of each version went.
      R"sql(
ALTER TABLE versions ADD COLUMN extraction_status TEXT;
ALTER TABLE versions ADD COLUMN extraction_detail TEXT NOT NULL DEFAULT '';
)sql",
      // 3: shares across services, and personal API tokens.
      R"sql(
CREATE TABLE shares (
  id INTEGER PRIMARY KEY,
  document_id INTEGER REFERENCES documents(id) ON DELETE CASCADE,
  folder_id INTEGER REFERENCES folders(id),
  service_id INTEGER REFERENCES services(id),  -- NULL: the whole administration
  mode INTEGER NOT NULL CHECK (mode IN (1, 2)),
  created_by TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  CHECK ((document_id IS NULL) != (folder_id IS NULL))
);
CREATE UNIQUE INDEX shares_unique
  ON shares(COALESCE(document_id, -1), COALESCE(folder_id, -1), COALESCE(service_id, -1));
CREATE INDEX shares_by_folder ON shares(folder_id) WHERE folder_id IS NOT NULL;
CREATE INDEX shares_by_document ON shares(document_id) WHERE document_id IS NOT NULL;
CREATE TABLE api_tokens (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  token_sha256 TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL,
  UNIQUE (user_id, name)
);
)sql",
      // 4: accounts can be disabled; a credential generation voids sessions and cached
      //    credentials when a password changes; audit entries about a service as a whole.
      R"sql(
ALTER TABLE users ADD COLUMN disabled_at INTEGER;
ALTER TABLE users ADD COLUMN credential_generation INTEGER NOT NULL DEFAULT 0;
ALTER TABLE audit_log ADD COLUMN service_id INTEGER REFERENCES services(id);
)sql",
      // 5: ingestion runs (imports, connectors), for operators and metrics.
      R"sql(
CREATE TABLE ingest_runs (
  id INTEGER PRIMARY KEY,
  source TEXT NOT NULL,
  service_code TEXT NOT NULL,
  actor TEXT NOT NULL,
  started_at INTEGER NOT NULL,
  finished_at INTEGER,
  status TEXT NOT NULL DEFAULT 'running',
  files_seen INTEGER NOT NULL DEFAULT 0,
  created INTEGER NOT NULL DEFAULT 0,
  new_versions INTEGER NOT NULL DEFAULT 0,
  unchanged INTEGER NOT NULL DEFAULT 0,
  failed INTEGER NOT NULL DEFAULT 0,
  skipped INTEGER NOT NULL DEFAULT 0,
  bytes INTEGER NOT NULL DEFAULT 0,
  detail TEXT NOT NULL DEFAULT ''
);
)sql",
      // 6: audit entries about folders belong to the folder's service, whose managers read
      //    them. Those written before carry no service but start with the folder's path, whose
      //    first name is the service's code. A folder share's removal named no folder: it stays
      //    without a service.
      R"sql(
UPDATE audit_log SET service_id = (
  SELECT s.id FROM services s
  WHERE s.code = substr(audit_log.detail, 2, instr(substr(audit_log.detail, 2), '/') - 1))
WHERE service_id IS NULL AND document_id IS NULL AND detail LIKE '/%/%'
  AND action IN ('folder.create', 'folder.rename', 'folder.move', 'share.add');
)sql",
      // 7: the audit log is kept for a set time (synaps.audit.retention_days): the entries
      //    older than a cutoff are found by their time, not by reading the whole log.
      R"sql(
CREATE INDEX audit_by_time ON audit_log(at);
)sql",
      // 8: what the ingest engine remembers of each entry of a configured source (the document
      //    it became, its change token and content), runs named by their source, and the moves
      //    and deletions a run applied. An entry goes with its document when that is purged.
      R"sql(
CREATE TABLE source_entries (
  source TEXT NOT NULL,
  key TEXT NOT NULL,
  change_token TEXT NOT NULL,
  size INTEGER NOT NULL,
  mtime INTEGER NOT NULL,
  sha256 TEXT NOT NULL,
  document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  seen_at INTEGER NOT NULL,
  PRIMARY KEY (source, key)
) WITHOUT ROWID;
CREATE INDEX source_entries_by_document ON source_entries(document_id);
CREATE INDEX source_entries_by_content ON source_entries(sha256);
ALTER TABLE ingest_runs ADD COLUMN source_name TEXT NOT NULL DEFAULT '';
ALTER TABLE ingest_runs ADD COLUMN moved INTEGER NOT NULL DEFAULT 0;
ALTER TABLE ingest_runs ADD COLUMN deleted INTEGER NOT NULL DEFAULT 0;
CREATE INDEX ingest_runs_by_source ON ingest_runs(source_name, id);
)sql",
      // 9: the modification time a client gave a version's content (X-OC-Mtime, a PROPPATCH
      //    of Win32LastModifiedTime or DAV:lastmodified; NULL: when it was stored), and the
      //    SHA-1 and MD5 of a blob, which WebDAV clients of the ownCloud kind compare (NULL
      //    until first computed).
      R"sql(
ALTER TABLE versions ADD COLUMN modified_at INTEGER;
ALTER TABLE blobs ADD COLUMN sha1 TEXT;
ALTER TABLE blobs ADD COLUMN md5 TEXT;
)sql",
      // 10: a version may stay open for a while (until open_until, Unix ms; NULL: sealed), so
      //    that its author's next saves replace its content rather than add versions (WebDAV's
      //    saves under a lock, Windows' empty placeholder); saves counts them, for entity tags
      //    that change with each.
      R"sql(
ALTER TABLE versions ADD COLUMN open_until INTEGER;
ALTER TABLE versions ADD COLUMN saves INTEGER NOT NULL DEFAULT 1;
)sql",
      // 11: the searches an account keeps under a name (the API's query string).
      R"sql(
CREATE TABLE saved_searches (
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  query TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  UNIQUE (user_id, name)
);
)sql",
      // 12: WebDAV's state, which outlives a restart of the server: the dead properties clients
      //    set with PROPPATCH, kept with their document or folder (by id: a move keeps them, a
      //    purge or a folder's deletion removes them), and the write locks held, with their
      //    expiry (Unix ms) and the documents saved beneath a depth-infinity one (ids, by commas).
      R"sql(
CREATE TABLE dav_properties (
  document_id INTEGER REFERENCES documents(id) ON DELETE CASCADE,
  folder_id INTEGER REFERENCES folders(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  value TEXT NOT NULL,
  CHECK ((document_id IS NULL) != (folder_id IS NULL))
);
CREATE UNIQUE INDEX dav_properties_of_documents ON dav_properties(document_id, name)
  WHERE document_id IS NOT NULL;
CREATE UNIQUE INDEX dav_properties_of_folders ON dav_properties(folder_id, name)
  WHERE folder_id IS NOT NULL;
CREATE TABLE dav_locks (
  token TEXT PRIMARY KEY,
  path TEXT NOT NULL,
  exclusive INTEGER NOT NULL,
  infinite INTEGER NOT NULL,
  owner_xml TEXT NOT NULL,
  login TEXT NOT NULL,
  timeout_seconds INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  saved_documents TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;
)sql",
      // 13: when each saved search was last run by its owner (Unix ms), from which "new since
      //    the last visit" counts.
      R"sql(
ALTER TABLE saved_searches ADD COLUMN visited_at INTEGER NOT NULL DEFAULT 0;
UPDATE saved_searches SET visited_at = created_at;
)sql",
      // 14: the blob journal: the bytes of small blobs put in place without waiting for the
      //    disk (BlobStore::PublishToJournal), kept until they are on disk
      //    (Store::SyncBlobJournal), so that a power cut loses none of them.
      R"sql(
CREATE TABLE blob_journal (
  sha256 TEXT PRIMARY KEY,
  bytes BLOB NOT NULL
);
)sql",
  };
  return migrations;
}

}  // namespace

int LatestSchemaVersion() {
  return static_cast<int>(Migrations().size());
}

Result<int> SchemaVersion(sql::Database& db) {
  SYNAPS_ASSIGN_OR_RETURN(auto statement, db.Prepare("PRAGMA user_version"));
  SYNAPS_ASSIGN_OR_RETURN(bool row, statement.Step());
  if (!row) return Status::Internal("PRAGMA user_version returned nothing");
  return static_cast<int>(statement.Int(0));
}

Status Migrate(sql::Database& db, int target) {
  if (target < 0) target = LatestSchemaVersion();
  SYNAPS_ASSIGN_OR_RETURN(int current, SchemaVersion(db));
  if (current > LatestSchemaVersion()) {
    return Status::Invalid("the data directory has schema version " + std::to_string(current) +
                           ", written by a newer Synaps; this is Synaps " SYNAPS_VERSION
                           ", which knows schema versions up to " +
                           std::to_string(LatestSchemaVersion()) +
                           ": install that newer Synaps again, or restore the snapshot kept "
                           "before the upgrade (docs/OPERATIONS.md, \"Upgrades\")");
  }
  while (current < target) {
    SYNAPS_ASSIGN_OR_RETURN(auto transaction, sql::Transaction::Begin(db));
    // Re-read inside the write lock: another process may have migrated meanwhile.
    SYNAPS_ASSIGN_OR_RETURN(current, SchemaVersion(db));
    if (current >= target) break;
    SYNAPS_RETURN_IF_ERROR(db.Exec(Migrations()[static_cast<size_t>(current)]));
    SYNAPS_RETURN_IF_ERROR(db.Exec("PRAGMA user_version = " + std::to_string(current + 1)));
    SYNAPS_RETURN_IF_ERROR(transaction.Commit());
    ++current;
  }
  return Status::Ok();
}

}  // namespace synaps::store
