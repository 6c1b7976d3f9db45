// SearchGate: at most N searches run at once; the others wait their turn, first come first
// served.
//
// A search is pure CPU work. With one request thread per keep-alive connection, 32 clients
// searching on 2 cores would otherwise share the CPU 32 ways: every search, and above all the
// few costly ones, would take 16 times its own time, and the slowest percentile would follow.
// Queued in arrival order instead, a search waits for those before it and then runs at full
// speed: the same throughput, much shorter tails, fewer context switches.
//
// Thread-safe.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>

namespace synaps::server {

class SearchGate {
 public:
  // `concurrent` searches at once; 0 or less: two per processor core (measured with 32 clients
  // on 2 cores: one per core left the CPU idle while searches waited on reads, 1.25x fewer
  // searches/s; two per core kept the throughput of no limit at 0.45x its p99).
  explicit SearchGate(int concurrent);

  // Held while a search runs: leaving the scope lets the next one in.
  class Turn {
   public:
    ~Turn() { gate_->Leave(); }
    Turn(const Turn&) = delete;
    Turn& operator=(const Turn&) = delete;

   private:
    friend class SearchGate;
    explicit Turn(SearchGate* gate) : gate_(gate) {}
    SearchGate* gate_;
  };

  // Blocks until the caller's turn comes. Usage: `SearchGate::Turn turn = gate.Enter();`
  [[nodiscard]] Turn Enter();

  int concurrent() const { return concurrent_; }
  // Searches waiting for their turn now.
  int64_t waiting() const;

 private:
  void Leave();

  // A search waiting for its turn, on its caller's stack. Each has its own condition: a search
  // that ends wakes the next one only, not every waiting thread.
  struct Waiter {
    std::condition_variable turn;
    bool admitted = false;
  };

  const int concurrent_;
  mutable std::mutex mutex_;
  int running_ = 0;
  std::deque<Waiter*> waiting_;  // in arrival order
};

}  // namespace synaps::server
