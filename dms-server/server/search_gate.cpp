#include "dms-server/server/search_gate.h"

#include <algorithm>
#include <thread>

namespace synaps::server {

SearchGate::SearchGate(int concurrent)
    : concurrent_(concurrent > 0
                      ? concurrent
                      : 2 * static_cast<int>(std::max(1u, std::thread::hardware_concurrency()))) {}

SearchGate::Turn SearchGate::Enter() {
  std::unique_lock lock(mutex_);
  if (running_ < concurrent_ && waiting_.empty()) {
    ++running_;
    return Turn(this);
  }
  Waiter waiter;
  waiting_.push_back(&waiter);
  waiter.turn.wait(lock, [&] { return waiter.admitted; });
  return Turn(this);  // Leave() counted it as running when it admitted it
}

void SearchGate::Leave() {
  std::lock_guard lock(mutex_);
  if (waiting_.empty()) {
    --running_;
    return;
  }
  // The place passes straight to the longest waiting search: no newcomer can overtake it.
  Waiter* next = waiting_.front();
  waiting_.pop_front();
  next->admitted = true;
  next->turn.notify_one();  // under the lock: `next` lives until it sees `admitted`
}

int64_t SearchGate::waiting() const {
  std::lock_guard lock(mutex_);
  return static_cast<int64_t>(waiting_.size());
}

}  // namespace synaps::server
