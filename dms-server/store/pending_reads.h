// PendingReads: reads of documents on their way to the audit log, written together.
//
// Every download, preview and WebDAV GET is a read the audit log keeps ("document.read").
// Written one by one, each was a transaction of its own: a write to the database for every
// read, and, worse, one that made every other connection of the server drop its page cache, so
// that reads cost as much as writes. A server buffers them instead (Enable()): a read is added
// here, with its time, and a thread of the server writes what has gathered every fraction of a
// second in one transaction (Store::FlushPendingReads), and once more when it stops.
//
// The price, said where it is paid (docs/ARCHITECTURE.md): a crash of the server loses the
// reads of its last fraction of a second; a clean stop loses none. Within the server's process
// the log shows every read at once: listing or pruning the log first writes what is pending.
// Another process (the CLI's `synaps audit`) sees a read once it is written.
//
// Buffering is by data directory and opt-in: a process that never calls Enable() (the CLI, the
// ingestion jobs, the tests of the store) writes each read at once, as before.
//
// Thread-safety: every function may be called from any thread.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace synaps::store {

struct PendingRead {
  int64_t at_ms = 0;  // when it was read: the audit entry's time
  std::string actor;
  int64_t document_id = 0;
  std::string detail;  // "v3 webdav"
};

class PendingReads {
 public:
  // More than this many waiting (the database unwritable for long): a read is written at once
  // again, so that memory stays bounded and nothing is dropped.
  static constexpr size_t kMaxPending = 20000;

  // Turns buffering on for `data_dir` in this process, for as long as the returned object
  // lives (the server keeps it until it has stopped and written the last reads).
  static std::shared_ptr<PendingReads> Enable(const std::filesystem::path& data_dir);
  // The name Enable() and Of() know `data_dir` by, however it is written ("data", "./data/",
  // an absolute path). Resolving it touches the file system: a Store does it once, when opened.
  static std::string KeyOf(const std::filesystem::path& data_dir);
  // The buffer of the data directory named `key` (KeyOf) when buffering is on for it in this
  // process; null otherwise.
  static std::shared_ptr<PendingReads> Of(const std::string& key);

  // Adds a read; false (nothing added) when kMaxPending are waiting already.
  bool Add(PendingRead read);
  // Everything waiting, oldest first, leaving nothing.
  std::vector<PendingRead> TakeAll();
  // Puts back reads TakeAll() gave that could not be written, before any added since.
  void PutBack(std::vector<PendingRead> reads);
  size_t size() const;

 private:
  mutable std::mutex mutex_;
  std::vector<PendingRead> reads_;
};

}  // namespace synaps::store
