#include "dms-server/server/metrics.h"

#include <sstream>

namespace synaps::server {

void Metrics::RecordRequest(const std::string& route, int status, double seconds) {
  std::lock_guard lock(mutex_);
  ++requests_[{route, status}];
  for (size_t i = 0; i < kBuckets.size(); ++i) {
    if (seconds <= kBuckets[i]) ++bucket_counts_[i];
  }
  ++count_;
  sum_ += seconds;
}

std::string Metrics::Render(const MetricsSnapshot& snapshot) const {
  std::ostringstream out;
  std::lock_guard lock(mutex_);
  out << "# HELP synaps_http_requests_total HTTP requests by route and status.\n"
         "# TYPE synaps_http_requests_total counter\n";
  for (const auto& [key, count] : requests_) {
    out << "synaps_http_requests_total{route=\"" << key.first << "\",status=\"" << key.second
        << "\"} " << count << '\n';
  }
  out << "# HELP synaps_http_request_duration_seconds Time to answer a request.\n"
         "# TYPE synaps_http_request_duration_seconds histogram\n";
  for (size_t i = 0; i < kBuckets.size(); ++i) {
    out << "synaps_http_request_duration_seconds_bucket{le=\"" << kBuckets[i] << "\"} "
        << bucket_counts_[i] << '\n';
  }
  out << "synaps_http_request_duration_seconds_bucket{le=\"+Inf\"} " << count_ << '\n'
      << "synaps_http_request_duration_seconds_sum " << sum_ << '\n'
      << "synaps_http_request_duration_seconds_count " << count_ << '\n';
  auto figure = [&](const char* name, const char* type, const char* help, int64_t value) {
    if (value < 0) return;
    out << "# HELP " << name << ' ' << help << "\n# TYPE " << name << ' ' << type << '\n'
        << name << ' ' << value << '\n';
  };
  figure("synaps_index_queue_length", "gauge", "Documents waiting to be indexed.",
         snapshot.index_queue);
  figure("synaps_documents_indexed_total", "counter",
         "Documents indexed by the background indexer since the server started.",
         snapshot.documents_indexed);
  figure("synaps_extraction_failures_total", "counter",
         "Documents whose text extraction failed (indexed by name and metadata only).",
         snapshot.extraction_failures);
  figure("synaps_searches_waiting", "gauge",
         "Searches waiting for their turn (at most synaps.search.concurrency run at once).",
         snapshot.searches_waiting);
  figure("synaps_saves_total", "counter",
         "Saves of one document (WebDAV PUT, API upload) since the server started, stored or "
         "refused.",
         snapshot.saves);
  figure("synaps_save_transactions_total", "counter",
         "Transactions that carried those saves (saves that arrive together share one).",
         snapshot.save_transactions);
  if (!snapshot.ingest_runs_by_status.empty()) {
    out << "# HELP synaps_ingest_runs Ingestion runs (imports, connectors) recorded, by status.\n"
           "# TYPE synaps_ingest_runs gauge\n";
    for (const auto& [status, count] : snapshot.ingest_runs_by_status) {
      out << "synaps_ingest_runs{status=\"" << status << "\"} " << count << '\n';
    }
  }
  if (snapshot.ingest_last_completed_ms >= 0) {
    out << "# HELP synaps_ingest_last_completed_timestamp_seconds When the last ingestion run "
           "that completed finished (0: never).\n"
           "# TYPE synaps_ingest_last_completed_timestamp_seconds gauge\n"
           "synaps_ingest_last_completed_timestamp_seconds "
        << snapshot.ingest_last_completed_ms / 1000 << '\n';
  }
  return out.str();
}

}  // namespace synaps::server
