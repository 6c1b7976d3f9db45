// LockManager: WebDAV's write locks (RFC 4918 sections 6-7), exclusive or shared, on one
// resource (depth 0) or a collection and everything beneath it (depth infinity), with time-outs
// and refresh. It is also the document service's WriteGate: the REST API and every other front
// end may not change a document that someone else has locked.
//
// Locks live in memory: a restart of the server releases them, as RFC 4918 allows (clients
// re-lock). Resources are named by their store path ("/CAB/notes/a.odt"), as found in the store
// (the service code in its stored case).
//
// Thread-safety: every method may be called from any thread (one mutex).
#pragma once

#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

#include "dms-server/documents/document_service.h"

namespace synaps::webdav {

struct Lock {
  std::string token;  // "opaquelocktoken:<uuid>"
  std::string path;   // the lock root
  bool exclusive = true;
  bool infinite = false;  // depth infinity (collections)
  std::string owner_xml;  // the client's <owner> content
  std::string login;      // who took it
  int64_t timeout_seconds = 0;
  int64_t expires_at_ms = 0;  // steady clock
  // The documents beneath a depth-infinity lock that its holder saved while holding it: their
  // open versions are sealed when the lock is released (RecordSave, SavedUnder).
  std::vector<int64_t> saved_documents;
};

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
  // depth-infinity lock of theirs above it remembers it, to seal it at its release.
  void RecordSave(const std::string& login, const std::string& path, int64_t document_id);
  // The documents saved beneath the lock `token` (RecordSave); empty for an unknown token.
  std::vector<int64_t> SavedUnder(const std::string& token);
  // Forgets the locks on `path` and beneath (the resource was deleted or moved away).
  void Forget(const std::string& path);

  // WriteGate: Conflict when a lock held by someone else applies to the document.
  store::Status MayChange(const documents::Caller& caller,
                          const store::Document& document) override;

 private:
  void DropExpired();  // with mu_ held
  std::mutex mu_;
  std::vector<Lock> locks_;
};

// Whether `inner` is `outer` or beneath it ("/CAB/a" is within "/CAB", "/CABX" is not).
bool IsWithin(const std::string& inner, const std::string& outer);

}  // namespace synaps::webdav
