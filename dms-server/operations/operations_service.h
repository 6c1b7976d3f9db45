// OperationsService: the appliance's health as administrators see and tend it — the documents
// whose text the indexer could not extract (with the reason) and another try at them, and how
// much room the store takes. Every front end (the REST API under /api/v1/admin/, the CLI) asks
// here; the decision, administrators only, is permissions::Permissions::MayAdminister.
//
// Errors: PermissionDenied for a caller who is not an administrator; InvalidArgument for a
// limit out of range; Busy or IoError when the store or the file system fails.
//
// Thread-safety: like the Store it borrows, for one thread at a time.
// Ownership: borrows the Store (which must outlive it) and copies `changed`.
#pragma once

#include <cstdint>
#include <functional>
#include <utility>

#include "dms-server/permissions/caller.h"
#include "dms-server/store/store.h"

namespace synaps::operations {

using permissions::Caller;

// How much the store holds and how much room is left where it lives.
struct StorageUse {
  store::StoreStats stats;           // documents, versions, distinct content and its bytes...
  int64_t disk_total_bytes = 0;      // of the file system holding the data directory
  int64_t disk_available_bytes = 0;  // to the server's user
};

class OperationsService {
 public:
  // `changed` is told after documents were queued for the indexer (the server wakes it).
  OperationsService(store::Store& store, std::function<void()> changed)
      : store_(store), changed_(std::move(changed)) {}

  // The live documents whose current version's extraction failed or went only in part, the
  // most recent first (at most `limit`, 1 to 1000), and how many there are in all.
  store::Result<store::ExtractionFailures> ExtractionFailures(const Caller& caller, int limit);
  // Queues all of them for extraction again (audited "index.retry"); returns how many.
  store::Result<int64_t> RetryExtraction(const Caller& caller);
  // The store's counts and sizes, the index queue's length and the disk's room.
  store::Result<StorageUse> Storage(const Caller& caller);

 private:
  store::Status MayAdminister(const Caller& caller) const;

  store::Store& store_;
  std::function<void()> changed_;
};

}  // namespace synaps::operations
