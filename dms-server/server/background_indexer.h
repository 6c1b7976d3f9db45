// BackgroundIndexer: a thread of the server that drains the store's index queue through
// indexing::IndexPipeline (which holds the Xapian writer lock) whenever there is work: it looks
// every `interval`, and `settle` after the last of the Wake()s that saves send, so an uploaded
// document is searchable within about a second. Saves that come in a stream (a folder copied
// over WebDAV, litmus) are drained once it pauses for `settle`, or every `at_most` while it
// lasts: the stream's saves are not slowed by their own indexing, and they share one drain and
// one commit of the index. It runs five steps of nice below the request threads, so that saves
// and searches come first when both want a core.
//
// Thread-safety: Start/Stop from one thread; Wake() from any.
#pragma once

#include <atomic>
#include <chrono>
#include <filesystem>
#include <memory>
#include <string>

#include "dms-server/indexing/index_pipeline.h"
#include "dms-server/server/periodic_thread.h"

namespace synaps::server {

class BackgroundIndexer {
 public:
  BackgroundIndexer(std::filesystem::path data_dir, indexing::PipelineOptions options,
                    std::chrono::milliseconds interval = std::chrono::milliseconds(500),
                    std::chrono::milliseconds settle = std::chrono::milliseconds(250),
                    std::chrono::milliseconds at_most = std::chrono::milliseconds(2000));
  ~BackgroundIndexer();  // stops
  BackgroundIndexer(const BackgroundIndexer&) = delete;
  BackgroundIndexer& operator=(const BackgroundIndexer&) = delete;

  void Start();
  // Ends a drain in progress after its current batch (committed; the rest stays queued for the
  // next start), then joins the thread.
  void Stop();
  // A drain once the wakes pause for `settle`, within `at_most` (see above).
  void Wake();

  int64_t documents_indexed() const { return indexed_; }
  int64_t extraction_failures() const { return extraction_failures_; }

 private:
  // One look at the queue, and a drain when it holds work. On the thread only.
  void Pass();
  // Says `error` on standard error, unless it was the last one said.
  void Report(const std::string& error);
  // Logs what a drain did (when it did anything) as one JSON line on standard error.
  static void LogDrain(const indexing::PipelineSummary& summary);

  std::filesystem::path data_dir_;
  std::chrono::milliseconds settle_;
  std::chrono::milliseconds at_most_;
  indexing::PipelineOptions options_;
  std::atomic<bool> stopping_{false};  // read by the pipeline between batches
  std::atomic<int64_t> indexed_{0};
  std::atomic<int64_t> extraction_failures_{0};
  // The thread's own, kept from pass to pass.
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<indexing::IndexPipeline> pipeline_;
  std::string last_error_;
  bool priority_lowered_ = false;  // the thread's nice value raised, at its first pass
  PeriodicThread thread_;          // last: stopped before the members it uses go
};

}  // namespace synaps::server
