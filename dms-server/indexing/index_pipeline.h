// IndexPipeline: brings the Xapian index in line with the store by draining the store's index
// queue (ARCHITECTURE invariants 1, 5 and 7).
//
// For each queued document: a live document's current version is extracted in isolated worker
// processes (several at once, one per core) and indexed with its archive members and
// attachments; a trashed or purged one is removed from the index. The extraction outcome is
// recorded on the version in the store. Work goes in batches, and the next batch is extracted
// while the current one is indexed. Queue entries are cleared only after the Xapian commit
// that contains them, so a crash at any point re-does work rather than losing it.
//
// It holds the index's single writer lock for its lifetime. Not thread-safe.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include "dms-server/store/store.h"
#include "indexer/extract/extract.h"

namespace synaps::indexing {

// Where a data directory keeps its (derived) index.
std::filesystem::path IndexDirectory(const std::filesystem::path& data_dir);

struct PipelineOptions {
  std::filesystem::path worker_program;         // synaps-extract-worker
  int extraction_workers = 0;                   // 0: one per core
  indexer::ExtractionLimits extraction_limits;  // each worker's CPU, memory, time, sizes
  size_t batch_size = 128;                      // documents extracted together
  // Batches the workers may extract ahead of the one being indexed (at least 1). Mail and web
  // pages keep the index writer busy and the workers idle, PDFs the other way round: running
  // ahead lets the workers use the cores the writer leaves, and, as they run at a lower priority
  // (ExtractionWorker), never slows the writer down. On the bench corpus both cores stay busy
  // from the start with 3 (1.6-1.8 of 2 in the first second with 1), for 3 % less time.
  size_t batches_ahead = 3;
  // A Xapian commit every so many documents or seconds, whichever comes first, and at the end.
  // Xapian keeps the changes since the last commit in maps that slow down as they grow: on the
  // bench corpus (bench/index) a drain is 5 to 10 % faster and takes half the memory committing
  // every 256 documents rather than every 5,000, and the last commit, which nothing overlaps, is
  // short. The free space each commit leaves in Xapian's B-trees goes at the final compaction.
  size_t commit_documents = 256;
  double commit_seconds = 10;
  // A drain that indexed or removed at least this many documents ends by compacting the index
  // (IndexWriter::Compact: about half the size, for a few percent of the indexing time); 0:
  // never. Small drains leave free space that later changes reuse.
  size_t compact_after_documents = 1000;
  // Asked after each batch (from the draining thread): when it answers true, Drain() commits what
  // it has indexed and returns (without compacting), leaving the rest queued. Lets a server stop
  // promptly in the middle of a long drain (a rebuild, a big import) without losing anything.
  std::function<bool()> stop_requested;
};

struct PipelineSummary {
  int64_t indexed = 0;            // documents (re)indexed
  int64_t sub_documents = 0;      // archive members and attachments indexed with them
  int64_t removed = 0;            // trashed or purged documents taken out of the index
  int64_t extraction_failed = 0;  // indexed by name and metadata only (reason in the store)
  int64_t bytes = 0;              // content bytes extracted
  double seconds = 0;
  bool compacted = false;        // the drain ended by compacting the index
  std::string compaction_error;  // why compacting failed (the index stays as it was)
};

class IndexPipeline {
 public:
  // Opens (or creates) the index of `store`'s data directory for writing. kBusy-like failures
  // (another process indexes) come back as ErrorCode::kBusy. An index written with another
  // schema version (indexer/index/schema.h) is emptied and every document queued: the next
  // drains rebuild it.
  static store::Result<std::unique_ptr<IndexPipeline>> Open(store::Store& store,
                                                            PipelineOptions options);
  ~IndexPipeline();
  IndexPipeline(const IndexPipeline&) = delete;
  IndexPipeline& operator=(const IndexPipeline&) = delete;

  // Called after each batch with the documents done (indexed or removed), the documents queued
  // when the run started (or `done` if more came meanwhile) and the summary so far (its
  // `seconds` and compaction fields are not set yet).
  using ProgressCallback =
      std::function<void(int64_t done, int64_t total, const PipelineSummary& so_far)>;
  void set_progress_callback(ProgressCallback callback);

  // Drains the queue until it is empty (or options.stop_requested says to stop), then compacts
  // the index if the drain was large (see PipelineOptions). Changes made meanwhile by other
  // processes are picked up too. The Result fails only if the store or the index fails as a
  // whole; a failed compaction is reported in the summary, unless it leaves this pipeline unable
  // to write (then open a new one).
  store::Result<PipelineSummary> Drain();

 private:
  struct Impl;
  explicit IndexPipeline(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace synaps::indexing
