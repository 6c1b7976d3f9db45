// LockManager: WebDAV's write locks (RFC 4918 sections 6-7), exclusive or shared, on one
// resource (depth 0) or a collection and everything beneath it (depth infinity), with time-outs
// and refresh. It is also the document service's WriteGate: the REST API and every other front
// end may not change a document that someone else has locked.
//
// Locks live here, in memory, where every request reads them; the store keeps their durable
// copy (store::DavLock, through DocumentService::KeepLocks and DropLocks), which WebDAV's
// handlers write after each change made here (LOCK, refresh, a save noted, UNLOCK, a resource
// deleted or moved away) and the server reads back when it starts (Restore): a restart keeps
// them, and their holders' tokens still work. Resources are named by their store path
// ("/CAB/notes/a.odt"), as found in the store (the service code in its stored case). Expiry is
// wall-clock time (Unix ms), so that it means the same after a restart.
//
// Thread-safety: every method may be called from any thread (one mutex).
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

#include "dms-server/documents/document_service.h"

namespace synaps::webdav {

// A lock: its token, root, depth, scope, owner, holder (login), time-out and expiry, and the
// documents saved beneath it (RecordSave, SavedUnder), as the store keeps it.
using Lock = store::DavLock;

class LockManager : public documents::WriteGate {
 public:
  // Takes a lock. Conflict ("... is locked") when it conflicts with a lock on the path, on a
  // collection above it with depth infinity, or (for depth infinity) on anything beneath.
  // Time-outs are bounded to [1 s, 1 day]; 0 asks for the default (10 minutes).
  store::Result<Lock> Acquire(const std::string& login, const std::string& path, bool exclusive,
                              bool infinite, std::string owner_xml, int64_t timeout_seconds);
  // Renews the lock `token`, which must apply to `path`. NotFound otherwise.
  store::Result<Lock> Refresh(const std::string& token, const std::string& path,
                              int64_t timeout_seconds);
  // Releases the lock `token`, which must apply to `path`. NotFound otherwise.
  store::Status Release(const std::string& token, const std::string& path);
  // The locks that apply to `path`: on it, and on collections above it with depth infinity.
  std::vector<Lock> Covering(const std::string& path);
  // The locks on `path` and beneath it.
  std::vector<Lock> Within(const std::string& path);
  // Whether `token` is a lock that applies to `path`.
  bool Covers(const std::string& token, const std::string& path);
  // Notes that `login` saved document `document_id` at `path` into an open version: each
  // depth-infinity lock of theirs above it remembers it, to seal it at its release. Returns the
  // locks that changed (to keep in the store).
  std::vector<Lock> RecordSave(const std::string& login, const std::string& path,
                               int64_t document_id);
  // The documents saved beneath the lock `token` (RecordSave); empty for an unknown token.
  std::vector<int64_t> SavedUnder(const std::string& token);
  // Forgets the locks on `path` and beneath (the resource was deleted or moved away); returns
  // their tokens (to drop from the store).
  std::vector<std::string> Forget(const std::string& path);
  // Holds `locks` (read back from the store when the server starts) in place of any held;
  // those already expired are left out.
  void Restore(std::vector<Lock> locks);

  // WriteGate: Conflict when a lock held by someone else applies to the document.
  store::Status MayChange(const documents::Caller& caller,
                          const store::Document& document) override;
  // WriteGate: Conflict when a lock held by someone else applies to the folder or to anything
  // beneath it (moving or deleting the folder would move or delete what they locked).
  store::Status MayChangeFolder(const documents::Caller& caller, const std::string& path) override;
  // WriteGate: what was at `path` left it, through any front end: its locks and those beneath
  // are forgotten (as a WebDAV MOVE or DELETE forgets them).
  void Left(const std::string& path) override;

 private:
  void DropExpired();  // with mu_ held
  std::mutex mu_;
  std::vector<Lock> locks_;
};

// Whether `inner` is `outer` or beneath it ("/CAB/a" is within "/CAB", "/CABX" is not).
bool IsWithin(const std::string& inner, const std::string& outer);

}  // namespace synaps::webdav
