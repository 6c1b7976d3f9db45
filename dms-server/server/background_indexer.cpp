#include "dms-server/server/background_indexer.h"

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <iostream>

#include "dms-server/server/event_log.h"

namespace synaps::server {

BackgroundIndexer::BackgroundIndexer(std::filesystem::path data_dir,
                                     indexing::PipelineOptions options,
                                     std::chrono::milliseconds interval,
                                     std::chrono::milliseconds settle,
                                     std::chrono::milliseconds at_most)
    : data_dir_(std::move(data_dir)),
      settle_(settle),
      at_most_(at_most),
      options_(std::move(options)),
      thread_(interval, PeriodicThread::FirstPass::kAfterInterval, [this] { Pass(); }) {
  options_.stop_requested = [this] { return stopping_.load(); };
}

BackgroundIndexer::~BackgroundIndexer() {
  Stop();
}

void BackgroundIndexer::Start() {
  thread_.Start();
}

void BackgroundIndexer::Stop() {
  stopping_ = true;
  thread_.Stop();
  // The index's writer lock goes with the pipeline: free for `synaps index` once stopped.
  pipeline_.reset();
  store_.reset();
}

void BackgroundIndexer::Wake() {
  thread_.WakeWhenQuiet(settle_, at_most_);
}

void BackgroundIndexer::Report(const std::string& error) {
  if (error != last_error_) std::cerr << "synaps-server: indexer: " << error << std::endl;
  last_error_ = error;
}

namespace {

// Five steps below the request threads (Linux keeps a nice value per thread): an agent's save or
// search answered now matters more than a document indexed a moment later. The extraction
// workers this thread starts inherit it and go ten steps lower still (ExtractionWorker).
void LowerThisThreadsPriority() {
  errno = 0;
  const int current = getpriority(PRIO_PROCESS, static_cast<id_t>(gettid()));
  if (errno == 0) setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), std::min(current + 5, 19));
}

}  // namespace

void BackgroundIndexer::Pass() {
  if (!priority_lowered_) {
    LowerThisThreadsPriority();
    priority_lowered_ = true;
  }
  if (!store_) {
    auto opened = store::Store::Open(data_dir_, store::Store::OpenMode::kMustExist);
    if (!opened.ok()) return Report(opened.status().message());
    store_ = std::move(opened).value();
  }
  auto pending = store_->PendingIndexWork(1);
  if (!pending.ok()) return Report(pending.status().message());
  if (pending->empty()) return;
  if (!pipeline_) {
    // Another process (e.g. `synaps index`) may hold the writer: retry at the next tick.
    auto opened = indexing::IndexPipeline::Open(*store_, options_);
    if (!opened.ok()) return Report(opened.status().message());
    pipeline_ = std::move(opened).value();
  }
  // Counted batch by batch, so /metrics shows a long drain moving.
  const int64_t indexed_before = indexed_;
  const int64_t failures_before = extraction_failures_;
  auto count = [this, indexed_before, failures_before](const indexing::PipelineSummary& so_far) {
    indexed_ = indexed_before + so_far.indexed;
    extraction_failures_ = failures_before + so_far.extraction_failed;
  };
  pipeline_->set_progress_callback(
      [count](int64_t, int64_t, const indexing::PipelineSummary& so_far) { count(so_far); });
  auto summary = pipeline_->Drain();
  if (!summary.ok()) {
    Report(summary.status().message());
    pipeline_.reset();  // reopen from scratch next time
    return;
  }
  last_error_.clear();
  count(*summary);
  LogDrain(*summary);
}

void BackgroundIndexer::LogDrain(const indexing::PipelineSummary& summary) {
  if (summary.indexed == 0 && summary.removed == 0) return;
  Poco::JSON::Object line = EventLine("index.drain");
  line.set("indexed", summary.indexed);
  line.set("sub_documents", summary.sub_documents);
  line.set("removed", summary.removed);
  line.set("extraction_failed", summary.extraction_failed);
  line.set("bytes", summary.bytes);
  line.set("duration_ms", static_cast<int64_t>(summary.seconds * 1000));
  line.set("compacted", summary.compacted);
  if (!summary.compaction_error.empty()) line.set("compaction_error", summary.compaction_error);
  WriteEventLine(line);
}

}  // namespace synaps::server
