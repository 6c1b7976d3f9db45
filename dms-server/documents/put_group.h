// PutGroup: DocumentService::Put for every request thread of a server, the puts that arrive
// together committed together.
//
// Each save waits until it survives a power cut. Committed one by one, saves that arrive at the
// same time (a client copying a folder over several connections, agents saving at once) queue on
// SQLite's single write lock, and each request thread's connection reads again the pages the
// others have just changed. A PutGroup has its own connection: the first thread to put while no
// put is running leads, takes every put queued meanwhile, runs each through DocumentService::Put
// (the same checks, the same permission decision, the same write gate) in a savepoint of one
// transaction, and commits once; then the next waiting thread leads. A put that fails rolls back
// alone and gets its own error; a commit that fails gives its error to every put of the group.
//
// A request that will put a small body says so as it begins (Expect()): a leader waits a moment
// (up to `gather`) for the puts so expected to queue, so that they join its group instead of
// each paying a commit and a flush of the log of its own. The wait ends as soon as none is
// expected any more (each queued, or gave up).
//
// Thread-safety: Put() from any number of threads at once.
// Ownership: opens its own Store on `data_dir` at the first put and keeps it; borrows `gate`
// (may be null), which must outlive it; copies `changed`, called after each commit that stored
// something, on the thread that led it.
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

#include "dms-server/documents/document_service.h"

namespace synaps::documents {

class PutGroup {
 public:
  // How long a leader waits at most for the puts expected to queue.
  static constexpr std::chrono::microseconds kGather{2000};

  PutGroup(std::filesystem::path data_dir, std::function<void()> changed, WriteGate* gate,
           std::chrono::microseconds gather = kGather);
  ~PutGroup();
  PutGroup(const PutGroup&) = delete;
  PutGroup& operator=(const PutGroup&) = delete;

  // A put on its way, from Expect() until it is given to Put() or destroyed (the request
  // failed). Movable; used by one thread.
  class Expected {
   public:
    Expected(Expected&& other) noexcept : group_(std::exchange(other.group_, nullptr)) {}
    Expected& operator=(Expected&&) = delete;
    ~Expected();

   private:
    friend class PutGroup;
    explicit Expected(PutGroup* group) : group_(group) {}
    PutGroup* group_;  // null once given to Put() or moved from
  };
  // Says that a put will come soon: leaders wait for it (see above). The group must outlive the
  // result.
  Expected Expect();

  // DocumentService::Put, with its errors; Busy or IoError also when the group's transaction
  // could not begin or commit, or the store could not be opened. Returns once the put is
  // committed (and on disk, as every commit), or failed. `expected`, if given, is this put's
  // and is used up.
  store::Result<store::PutResult> Put(const Caller& caller, const PutPlace& place,
                                      const NewContent& content, Expected* expected = nullptr);

  // How many transactions have carried puts, and how many puts they carried (for tests and
  // metrics).
  int64_t transactions() const;
  int64_t puts() const;

 private:
  struct Pending;
  // Runs `group` in one transaction on the group's store and returns the result of each put,
  // in order. On the leading thread only.
  std::vector<store::Result<store::PutResult>> Commit(const std::vector<Pending*>& group);

  // One expected put fewer (queued, or given up); under mutex_.
  void Arrived();

  const std::filesystem::path data_dir_;
  const std::function<void()> changed_;
  WriteGate* const gate_;
  const std::chrono::microseconds gather_;
  std::unique_ptr<store::Store> store_;  // used by the leading thread only

  mutable std::mutex mutex_;
  std::condition_variable done_;     // a group was committed, or a leader stepped down
  std::deque<Pending*> queued_;      // waiting for a leader; owned by their threads
  bool leading_ = false;             // a thread is committing a group
  int expected_ = 0;                 // puts on their way: Expected alive, not yet queued
  std::condition_variable arrived_;  // an expected put queued or gave up
  int64_t transactions_ = 0;
  int64_t puts_ = 0;
};

}  // namespace synaps::documents
