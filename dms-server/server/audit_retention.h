// AuditRetention: a thread of the server that deletes the audit entries older than the
// retention (synaps.audit.retention_days) through the account service, acting as the
// administrator "synaps-server": once when the server starts, then every `interval` (a day).
// What each pass deleted is recorded in the audit log itself ("audit.prune") and logged as one
// JSON line on standard error; a failure is logged and tried again at the next pass.
//
// Thread-safety: Start/Stop from one thread. The thread opens its own Store for each pass.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>

#include "dms-server/server/periodic_thread.h"

namespace synaps::server {

class AuditRetention {
 public:
  // `retention_days` above 0 (0 keeps the log forever: do not start one).
  AuditRetention(std::filesystem::path data_dir, int retention_days,
                 std::chrono::milliseconds interval = std::chrono::hours(24));
  ~AuditRetention();  // stops
  AuditRetention(const AuditRetention&) = delete;
  AuditRetention& operator=(const AuditRetention&) = delete;

  void Start();
  // Lets a pass in progress finish (one transaction), then joins the thread.
  void Stop();

  // Entries deleted since Start().
  int64_t pruned() const { return pruned_; }

 private:
  // One pass: prunes, and logs what it did.
  void Prune();

  std::filesystem::path data_dir_;
  int retention_days_;
  std::atomic<int64_t> pruned_{0};
  PeriodicThread thread_;  // last: stopped before the members it uses go
};

}  // namespace synaps::server
