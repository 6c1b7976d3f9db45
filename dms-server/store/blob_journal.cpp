// The blob journal: the bytes of small blobs put in place without waiting for the disk
// (BlobStore::PublishToJournal), kept in the database by the transaction that references them.
// A save then waits for one flush, the database's, instead of three (the blob, its folder, the
// database). SyncBlobJournal() makes the blobs durable later, many at a time, and forgets them.
#include <string>
#include <utility>
#include <vector>

#include "dms-server/store/store.h"

namespace synaps::store {

Status Store::JournalBlob(const std::string& sha256, const std::string& bytes) {
  // Already there when another save of the same content is still waiting for the disk.
  SYNAPS_ASSIGN_OR_RETURN(
      auto insert, db_->Prepare("INSERT OR IGNORE INTO blob_journal(sha256, bytes) VALUES (?, ?)"));
  insert.Bind(1, sha256).BindBlob(2, bytes);
  return insert.Run();
}

Result<int> Store::SyncBlobJournal() {
  constexpr int kBatch = 1000;
  int total = 0;
  for (;;) {
    SYNAPS_ASSIGN_OR_RETURN(int synced, SyncBlobJournalBatch(kBatch));
    total += synced;
    if (synced < kBatch) return total;
  }
}

Result<int> Store::SyncBlobJournalBatch(int limit) {
  std::vector<std::pair<std::string, std::string>> journaled;
  {
    ReadScope read = BeginRead();
    SYNAPS_ASSIGN_OR_RETURN(auto select,
                            db_->Prepare("SELECT sha256, bytes FROM blob_journal LIMIT ?"));
    select.Bind(1, limit);
    for (;;) {
      SYNAPS_ASSIGN_OR_RETURN(bool row, select.Step());
      if (!row) break;
      journaled.emplace_back(select.Text(0), select.Blob(1));
    }
  }
  if (journaled.empty()) return 0;
  {
    // Garbage collection, which forgets journaled blobs with their files, waits meanwhile.
    SYNAPS_ASSIGN_OR_RETURN(BlobLock lock, BlobLock::Acquire(blobs_, BlobLock::Mode::kShared));
    for (const auto& [sha256, bytes] : journaled) {
      SYNAPS_RETURN_IF_ERROR(blobs_.Restore(sha256, bytes));
    }
    SYNAPS_RETURN_IF_ERROR(blobs_.SyncJournaled());
  }
  // Forgetting them need not wait for the disk: lost, they would only be made durable again.
  Status forgotten = WithoutWaitingForTheDisk([&]() -> Status {
    SYNAPS_ASSIGN_OR_RETURN(auto transaction, sql::Transaction::Begin(*db_));
    SYNAPS_ASSIGN_OR_RETURN(auto remove, db_->Prepare("DELETE FROM blob_journal WHERE sha256 = ?"));
    for (const auto& entry : journaled) {
      remove.Bind(1, entry.first);
      SYNAPS_RETURN_IF_ERROR(remove.Run());
    }
    return transaction.Commit();
  });
  SYNAPS_RETURN_IF_ERROR(forgotten);
  return static_cast<int>(journaled.size());
}

}  // namespace synaps::store
