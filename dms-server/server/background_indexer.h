// BackgroundIndexer: a thread of the server that drains the store's index queue through
// indexing::IndexPipeline (which holds the Xapian writer lock) whenever there is work: it looks
// every `interval`, or at once after Wake(), so an uploaded document is searchable within about
// a second.
//
// Thread-safety: Start/Stop from one thread; Wake() from any.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <mutex>
#include <string>
#include <thread>

#include "dms-server/indexing/index_pipeline.h"

namespace synaps::server {

class BackgroundIndexer {
 public:
  BackgroundIndexer(std::filesystem::path data_dir, indexing::PipelineOptions options,
                    std::chrono::milliseconds interval = std::chrono::milliseconds(500));
  ~BackgroundIndexer();  // stops
  BackgroundIndexer(const BackgroundIndexer&) = delete;
  BackgroundIndexer& operator=(const BackgroundIndexer&) = delete;

  void Start();
  // Ends a drain in progress after its current batch (committed; the rest stays queued for the
  // next start), then joins the thread.
  void Stop();
  void Wake();

  int64_t documents_indexed() const { return indexed_; }
  int64_t extraction_failures() const { return extraction_failures_; }

 private:
  void Run();
  // Logs what a drain did (when it did anything) as one JSON line on standard error.
  static void LogDrain(const indexing::PipelineSummary& summary);

  std::filesystem::path data_dir_;
  indexing::PipelineOptions options_;
  std::chrono::milliseconds interval_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stop_ = false;
  bool woken_ = false;
  std::atomic<bool> stopping_{false};  // read by the pipeline between batches
  std::atomic<int64_t> indexed_{0};
  std::atomic<int64_t> extraction_failures_{0};
  std::thread thread_;
};

}  // namespace synaps::server
