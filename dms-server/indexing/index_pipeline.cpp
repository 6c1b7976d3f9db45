#include "dms-server/indexing/index_pipeline.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <iterator>
#include <mutex>
#include <thread>
#include <vector>

#include "dms-server/indexing/document_mapper.h"
#include "indexer/extract/extract.h"
#include "indexer/index/index_writer.h"
#include "indexer/index/schema.h"

namespace synaps::indexing {

namespace fs = std::filesystem;
using store::Result;
using store::Status;

fs::path IndexDirectory(const fs::path& data_dir) {
  return data_dir / "index";
}

namespace {

// A status of the index's, said to be about the index, with how to repair a damaged one.
Status AboutIndex(const Status& status) {
  switch (status.code()) {
    case store::ErrorCode::kOk:
      return status;
    case store::ErrorCode::kBusy:
      return Status::Busy("the index is being written by another process: " + status.message());
    case store::ErrorCode::kCorruption:
      return Status::Corruption("index: " + status.message() + " (rebuild it: synaps reindex)");
    default:
      return Status(status.code(), "index: " + status.message());
  }
}

// One queued document on its way through the pipeline.
struct Item {
  store::IndexWork work;
  bool remove = false;
  StoredDocument stored;
  fs::path blob;
  indexer::ExtractedDocument extracted;
};

}  // namespace

struct IndexPipeline::Impl {
  store::Store& store;
  PipelineOptions options;
  std::unique_ptr<indexer::index::IndexWriter> writer;
  std::vector<std::unique_ptr<indexer::ExtractionWorker>> workers;
  IndexPipeline::ProgressCallback progress;

  Impl(store::Store& s, PipelineOptions o) : store(s), options(std::move(o)) {}

  // Reads what the store says about each queued document (main thread: the store is not
  // thread-safe).
  Result<std::vector<Item>> Load(const std::vector<store::IndexWork>& work) {
    std::vector<Item> items(work.size());
    for (size_t i = 0; i < work.size(); ++i) {
      Item& item = items[i];
      item.work = work[i];
      auto document = store.GetDocument(work[i].document_id);
      if (!document.ok() && document.status().code() != store::ErrorCode::kNotFound) {
        return document.status();
      }
      if (!document.ok() || document->trashed_at) {
        item.remove = true;
        continue;
      }
      item.stored.document = std::move(document).value();
      SYNAPS_ASSIGN_OR_RETURN(item.stored.version, store.GetVersion(work[i].document_id, 0));
      SYNAPS_ASSIGN_OR_RETURN(item.stored.metadata, store.GetMetadata(work[i].document_id));
      SYNAPS_ASSIGN_OR_RETURN(item.stored.shares, store.EffectiveShares(work[i].document_id));
      item.blob = store.blobs().PathOf(item.stored.version.blob);
    }
    return items;
  }

  // Extracts every item, one thread per worker process.
  void Extract(std::vector<Item>& items) {
    std::atomic<size_t> next{0};
    auto run = [&](indexer::ExtractionWorker& worker) {
      for (size_t i = next++; i < items.size(); i = next++) {
        Item& item = items[i];
        if (!item.remove) item.extracted = worker.Extract(item.blob, item.stored.document.name);
      }
    };
    std::vector<std::thread> threads;
    for (size_t w = 1; w < workers.size(); ++w) threads.emplace_back(run, std::ref(*workers[w]));
    run(*workers[0]);
    for (auto& thread : threads) thread.join();
  }
};

namespace {

// Extracted text held in batches waiting to be indexed, beyond which extraction pauses: running
// ahead must not hold several batches of large documents in memory.
constexpr size_t kAheadTextBudget = 256u << 20;

size_t TextBytes(const indexer::ExtractedDocument& doc) {
  size_t bytes = doc.text.size();
  for (const indexer::ExtractedChild& child : doc.children) bytes += TextBytes(child.doc);
  return bytes;
}

size_t TextBytes(const std::vector<Item>& batch) {
  size_t bytes = 0;
  for (const Item& item : batch) bytes += TextBytes(item.extracted);
  return bytes;
}

// Extracts batches, in the order given, on a thread of its own, while the draining thread
// indexes the batches extracted before them. Pauses while the batches extracted and not yet
// taken hold kAheadTextBudget bytes of text or more.
class ExtractionAhead {
 public:
  explicit ExtractionAhead(std::function<void(std::vector<Item>&)> extract)
      : extract_(std::move(extract)), thread_([this] { Loop(); }) {}
  // Waits for the batch being extracted, if any, and drops the others.
  ~ExtractionAhead() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    changed_.notify_all();
    thread_.join();
  }
  ExtractionAhead(const ExtractionAhead&) = delete;
  ExtractionAhead& operator=(const ExtractionAhead&) = delete;

  void Push(std::vector<Item> batch) {
    {
      std::lock_guard lock(mutex_);
      batches_.push_back({std::move(batch), 0});
    }
    changed_.notify_all();
  }
  // Batches pushed and not yet popped.
  size_t size() const {
    std::lock_guard lock(mutex_);
    return batches_.size();
  }
  // Waits until the oldest batch is extracted and returns it. Needs size() > 0.
  std::vector<Item> Pop() {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [this] { return extracted_ > 0; });
    std::vector<Item> batch = std::move(batches_.front().items);
    ready_bytes_ -= batches_.front().text_bytes;
    batches_.pop_front();
    --extracted_;
    changed_.notify_all();  // the budget may allow the next extraction
    return batch;
  }

 private:
  void Loop() {
    std::unique_lock lock(mutex_);
    while (true) {
      changed_.wait(lock, [this] {
        return stopping_ || (extracted_ < batches_.size() &&
                             (extracted_ == 0 || ready_bytes_ < kAheadTextBudget));
      });
      if (stopping_) return;
      // A deque's elements stay put while others are pushed at its back or popped at its front.
      Batch& batch = batches_[extracted_];
      lock.unlock();
      extract_(batch.items);
      batch.text_bytes = TextBytes(batch.items);
      lock.lock();
      ++extracted_;
      ready_bytes_ += batch.text_bytes;
      changed_.notify_all();
    }
  }

  std::function<void(std::vector<Item>&)> extract_;
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  struct Batch {
    std::vector<Item> items;
    size_t text_bytes;  // set once extracted
  };
  std::deque<Batch> batches_;  // the first `extracted_` are ready
  size_t extracted_ = 0;
  size_t ready_bytes_ = 0;  // the text bytes of the ready batches
  bool stopping_ = false;
  std::thread thread_;  // last: starts once the rest is constructed
};

}  // namespace

IndexPipeline::IndexPipeline(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
IndexPipeline::~IndexPipeline() = default;

void IndexPipeline::set_progress_callback(ProgressCallback callback) {
  impl_->progress = std::move(callback);
}

Result<std::unique_ptr<IndexPipeline>> IndexPipeline::Open(store::Store& store,
                                                           PipelineOptions options) {
  fs::path directory = IndexDirectory(store.data_dir());
  std::error_code error;
  fs::create_directories(directory, error);
  if (error) return Status::Io("cannot create " + directory.string() + ": " + error.message());
  auto impl = std::make_unique<Impl>(store, options);
  indexer::index::IndexWriter::Options writer_options;
  writer_options.commit_every = 0;  // we commit per batch, then clear the queue
  Status opened = AboutIndex(
      indexer::index::IndexWriter::Open(directory.string(), writer_options, &impl->writer));
  SYNAPS_RETURN_IF_ERROR(opened);
  if (impl->writer->schema_version() != indexer::index::schema::kSchemaVersion) {
    // Written by a Synaps whose documents held other terms: rebuilt from the store. Queue first,
    // then empty the index: a crash in between leaves every document queued, and the next open
    // empties it again.
    SYNAPS_RETURN_IF_ERROR(store.EnqueueAllDocuments());
    impl->writer.reset();
    fs::remove_all(directory, error);
    if (error) return Status::Io("cannot remove the outdated index: " + error.message());
    fs::create_directories(directory, error);
    if (error) return Status::Io("cannot create " + directory.string() + ": " + error.message());
    SYNAPS_RETURN_IF_ERROR(AboutIndex(
        indexer::index::IndexWriter::Open(directory.string(), writer_options, &impl->writer)));
  }
  int count = options.extraction_workers > 0
                  ? options.extraction_workers
                  : static_cast<int>(std::clamp(std::thread::hardware_concurrency(), 1u, 8u));
  for (int i = 0; i < count; ++i) {
    indexer::ExtractionWorker::Options worker_options;
    worker_options.program = options.worker_program;
    worker_options.limits = options.extraction_limits;
    impl->workers.push_back(std::make_unique<indexer::ExtractionWorker>(worker_options));
  }
  return std::unique_ptr<IndexPipeline>(new IndexPipeline(std::move(impl)));
}

Result<PipelineSummary> IndexPipeline::Drain() {
  auto started = std::chrono::steady_clock::now();
  Impl& impl = *impl_;
  PipelineSummary summary;
  SYNAPS_ASSIGN_OR_RETURN(int64_t total, impl.store.IndexQueueLength());
  int64_t done = 0;
  int64_t cursor = 0;  // the last queue sequence taken into a batch
  auto load_next = [&]() -> Result<std::vector<Item>> {
    SYNAPS_ASSIGN_OR_RETURN(
        auto work, impl.store.PendingIndexWork(static_cast<int>(impl.options.batch_size), cursor));
    if (!work.empty()) cursor = work.back().sequence;
    return impl.Load(work);
  };
  std::vector<store::IndexOutcome> uncommitted;
  auto last_commit = std::chrono::steady_clock::now();
  // The index first, then the queue: a crash in between re-indexes, never forgets.
  auto commit = [&]() -> Status {
    SYNAPS_RETURN_IF_ERROR(AboutIndex(impl.writer->Commit()));
    SYNAPS_RETURN_IF_ERROR(impl.store.CompleteIndexWork(uncommitted));
    uncommitted.clear();
    last_commit = std::chrono::steady_clock::now();
    return Status::Ok();
  };

  // The workers extract up to `batches_ahead` batches beyond the one this thread indexes.
  ExtractionAhead ahead([&impl](std::vector<Item>& items) { impl.Extract(items); });
  bool queue_read = false;  // the store has no more pending work past `cursor`
  auto read_ahead = [&](size_t batches) -> Status {
    while (!queue_read && ahead.size() < batches) {
      SYNAPS_ASSIGN_OR_RETURN(auto next, load_next());
      if (next.empty()) {
        queue_read = true;
      } else {
        ahead.Push(std::move(next));
      }
    }
    return Status::Ok();
  };
  SYNAPS_RETURN_IF_ERROR(read_ahead(1));
  bool stopped = false;
  while (ahead.size() > 0) {
    std::vector<Item> batch = ahead.Pop();
    SYNAPS_RETURN_IF_ERROR(read_ahead(std::max<size_t>(impl.options.batches_ahead, 1)));

    // A batch holds each document once, so removals and additions commute: the removals
    // first, then every document to index in one call that builds them on several threads.
    std::vector<indexer::index::IndexableDocument> documents;
    for (Item& item : batch) {
      store::IndexOutcome outcome{item.work, 0, "", ""};
      if (item.remove) {
        SYNAPS_RETURN_IF_ERROR(
            AboutIndex(impl.writer->Remove(std::to_string(item.work.document_id))));
        ++summary.removed;
      } else {
        auto mapped = MapForIndex(item.stored, item.extracted);
        summary.sub_documents += static_cast<int64_t>(mapped.size()) - 1;
        std::move(mapped.begin(), mapped.end(), std::back_inserter(documents));
        ++summary.indexed;
        summary.bytes += item.stored.version.size;
        outcome.version = item.stored.version.number;
        outcome.extraction_status = std::string(indexer::StatusName(item.extracted.status));
        outcome.extraction_detail = item.extracted.status_reason;
        if (item.extracted.status == indexer::ExtractionStatus::kFailed) {
          ++summary.extraction_failed;
        }
      }
      uncommitted.push_back(std::move(outcome));
    }
    SYNAPS_RETURN_IF_ERROR(AboutIndex(impl.writer->IndexAll(documents)));
    done += static_cast<int64_t>(batch.size());
    std::chrono::duration<double> since_commit = std::chrono::steady_clock::now() - last_commit;
    if (uncommitted.size() >= impl.options.commit_documents ||
        since_commit.count() >= impl.options.commit_seconds) {
      SYNAPS_RETURN_IF_ERROR(commit());
    }
    if (impl.progress) impl.progress(done, std::max(total, done), summary);
    if (impl.options.stop_requested && impl.options.stop_requested()) {
      stopped = true;  // the batches read ahead stay queued
      break;
    }
  }
  if (!uncommitted.empty()) SYNAPS_RETURN_IF_ERROR(commit());
  if (!stopped && impl.options.compact_after_documents > 0 &&
      summary.indexed + summary.removed >=
          static_cast<int64_t>(impl.options.compact_after_documents)) {
    base::Status compacted = impl.writer->Compact();
    if (compacted.code() == base::ErrorCode::kBusy) {
      return AboutIndex(compacted);
    }
    summary.compacted = compacted.ok();
    summary.compaction_error = compacted.message();
  }
  summary.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return summary;
}

}  // namespace synaps::indexing
