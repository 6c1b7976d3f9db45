// BlobJournalSyncer: a thread of the server that makes the blobs of quick saves durable. A
// WebDAV or API save of a small file puts its blob in place without waiting for the disk and
// keeps its bytes in the database's blob journal (store::BlobStore::PublishToJournal); every
// `interval` this thread flushes the blobs saved since, all at once, and empties the journal
// of them (store::Store::SyncBlobJournal), through a Store of its own. Stop() does a last
// pass. A failed pass is logged as one JSON line on standard error; the journal keeps the
// blobs, and the next pass (or the next start of the server) tries again.
//
// Thread-safety: construct, Start and Stop from one thread.
#pragma once

#include <chrono>
#include <filesystem>
#include <memory>

#include "dms-server/server/periodic_thread.h"
#include "dms-server/store/store.h"

namespace synaps::server {

class BlobJournalSyncer {
 public:
  explicit BlobJournalSyncer(std::filesystem::path data_dir,
                             std::chrono::milliseconds interval = std::chrono::milliseconds(200));
  ~BlobJournalSyncer();  // stops
  BlobJournalSyncer(const BlobJournalSyncer&) = delete;
  BlobJournalSyncer& operator=(const BlobJournalSyncer&) = delete;

  void Start();
  // Call once no request saves any more: joins the thread, then syncs what is left.
  void Stop();

 private:
  void Sync();

  std::filesystem::path data_dir_;
  // Opened by Start() (or the first pass that can); used by the thread's passes, then by the
  // last one, after the thread is gone.
  std::unique_ptr<store::Store> store_;
  PeriodicThread thread_;  // last: stopped before the members it uses go
};

}  // namespace synaps::server
