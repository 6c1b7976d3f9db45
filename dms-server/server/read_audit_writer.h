// ReadAuditWriter: a thread of the server that writes the reads of documents to the audit log
// in batches. While it lives, reads of the data directory are buffered in this process
// (store/pending_reads.h) instead of each being a transaction; every `interval` it writes
// what has gathered, in one transaction, through the thread's own Store, and Stop() writes the
// last of them. A failed write is logged as one JSON line on standard error; the reads stay
// buffered and are written at the next pass.
//
// Thread-safety: construct, Start and Stop from one thread.
#pragma once

#include <chrono>
#include <filesystem>
#include <memory>

#include "dms-server/server/periodic_thread.h"
#include "dms-server/store/pending_reads.h"

namespace synaps::server {

class ReadAuditWriter {
 public:
  // Turns buffering on for `data_dir`.
  explicit ReadAuditWriter(std::filesystem::path data_dir,
                           std::chrono::milliseconds interval = std::chrono::milliseconds(200));
  ~ReadAuditWriter();  // stops
  ReadAuditWriter(const ReadAuditWriter&) = delete;
  ReadAuditWriter& operator=(const ReadAuditWriter&) = delete;

  void Start();
  // Call once no request reads documents any more: joins the thread, then writes what is left.
  void Stop();

 private:
  void Write();

  std::filesystem::path data_dir_;
  std::shared_ptr<store::PendingReads> pending_;
  PeriodicThread thread_;  // last: stopped before the members it uses go
};

}  // namespace synaps::server
