// SnapshotMemo: what a Store read inside the transaction open on its connection, kept until
// something may have changed it, so that the same row is not read again in the meantime.
//
// A transaction sees one state of the database, which only its own writes change: a read
// snapshot (sql::Database::BeginReadSnapshot) sees no other connection's commits, and a write
// transaction holds the database's write lock. And one request asks for the same few rows
// several times: a WebDAV GET resolves its path twice (is it a folder? then a document in its
// parent), and each service operation it goes through (the permission decision, the version,
// the content) loads the document again, each a query with its tags and its folder's path; a
// save resolves its folder three times before it writes. The memo answers the repeats.
//
// Valid while the epoch it was filled in is the connection's (sql::Database::read_epoch, which
// a new snapshot, a statement that may write, a rollback and the end of a transaction move on;
// setting or releasing a savepoint does not): Use() empties it otherwise. Outside a
// transaction each statement reads the latest commit of any connection, so nothing is kept
// there.
//
// Thread-safety: none; one per Store, which is one thread's. Holds copies, owns them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>

#include "dms-server/store/model.h"
#include "dms-server/store/sqlite.h"

namespace synaps::store {

class SnapshotMemo {
 public:
  // This memo, emptied first if it was filled in another epoch; nullptr when no transaction
  // is open on `db` (the caller then reads and keeps nothing).
  SnapshotMemo* Use(const sql::Database& db) {
    if (!db.InTransaction()) return nullptr;
    if (epoch_ != db.read_epoch()) {
      folder_paths.clear();
      folders.clear();
      folder_ids.clear();
      documents.clear();
      epoch_ = db.read_epoch();
    }
    return this;
  }

  // Documents kept at most: a PROPFIND of a large folder loads each of its documents once,
  // and keeping them all would only cost memory.
  static constexpr size_t kMaxDocuments = 256;
  // Keeps `document` unless the memo already holds kMaxDocuments.
  void KeepDocument(const Document& document) {
    if (documents.size() < kMaxDocuments) documents.emplace(document.id, document);
  }

  std::unordered_map<int64_t, std::string> folder_paths;  // folder id → "/CAB/a/b"
  std::unordered_map<int64_t, Folder> folders;            // by id
  // A folder's path as asked or walked through (any case of the service code) → its id, or
  // nullopt: no such folder.
  std::unordered_map<std::string, std::optional<int64_t>> folder_ids;
  std::unordered_map<int64_t, Document> documents;  // by id, at most kMaxDocuments

 private:
  uint64_t epoch_ = 0;  // sql::Database::read_epoch() when filled; 0: never
};

}  // namespace synaps::store
