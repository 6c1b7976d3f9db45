// Metrics: request counters and a latency histogram, rendered in Prometheus' text format.
//
// Thread-safety: thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <utility>

namespace synaps::server {

// Figures read from elsewhere at the time of a scrape (negative: unknown, omitted).
struct MetricsSnapshot {
  int64_t index_queue = -1;          // documents waiting in the store's index queue
  int64_t documents_indexed = -1;    // by this server's background indexer since it started
  int64_t extraction_failures = -1;  // of those, indexed by name and metadata only
  std::map<std::string, int64_t> ingest_runs_by_status;  // from the store's record of runs
  int64_t ingest_last_completed_ms = -1;                 // 0: never
  int64_t searches_waiting = -1;   // searches queued for their turn (search_gate.h)
  int64_t saves = -1;              // WebDAV and API saves handled by the PutGroup, stored or not
  int64_t save_transactions = -1;  // the transactions that carried them
};

class Metrics {
 public:
  // `route` is the route pattern ("/api/v1/documents/{id}"), never the raw path: the number
  // of series stays bounded.
  void RecordRequest(const std::string& route, int status, double seconds);
  // The Prometheus exposition of the requests and of `snapshot`.
  std::string Render(const MetricsSnapshot& snapshot) const;

 private:
  static constexpr std::array<double, 11> kBuckets = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
                                                      0.5,   1,    2.5,   5,    10};
  mutable std::mutex mutex_;
  std::map<std::pair<std::string, int>, uint64_t> requests_;
  std::array<uint64_t, kBuckets.size()> bucket_counts_{};
  uint64_t count_ = 0;
  double sum_ = 0;
};

}  // namespace synaps::server
