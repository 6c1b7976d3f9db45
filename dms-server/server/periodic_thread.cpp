#include "dms-server/server/periodic_thread.h"

#include <algorithm>

namespace synaps::server {

PeriodicThread::PeriodicThread(std::chrono::milliseconds interval, FirstPass first,
                               std::function<void()> task)
    : interval_(interval), first_(first), task_(std::move(task)) {}

PeriodicThread::~PeriodicThread() {
  Stop();
}

void PeriodicThread::Start() {
  thread_ = std::thread([this] { Run(); });
}

void PeriodicThread::Stop() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void PeriodicThread::Wake() {
  WakeWithin(std::chrono::milliseconds(0));
}

void PeriodicThread::WakeWithin(std::chrono::milliseconds delay) {
  {
    std::lock_guard lock(mutex_);
    due_ = std::min(due_, std::chrono::steady_clock::now() + delay);
  }
  wake_.notify_all();
}

void PeriodicThread::WakeWhenQuiet(std::chrono::milliseconds quiet,
                                   std::chrono::milliseconds at_most) {
  {
    std::lock_guard lock(mutex_);
    const auto now = std::chrono::steady_clock::now();
    if (quiet_first_ == std::chrono::steady_clock::time_point::max()) quiet_first_ = now;
    quiet_due_ = std::min(now + quiet, quiet_first_ + at_most);
  }
  wake_.notify_all();
}

void PeriodicThread::Run() {
  using Clock = std::chrono::steady_clock;
  bool wait = first_ == FirstPass::kAfterInterval;
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      if (wait) {
        const Clock::time_point periodic = Clock::now() + interval_;
        while (!stop_) {
          Clock::time_point deadline = std::min(due_, quiet_due_);
          if (quiet_first_ == Clock::time_point::max()) deadline = std::min(deadline, periodic);
          if (Clock::now() >= deadline) break;
          wake_.wait_until(lock, deadline);
        }
      }
      if (stop_) return;
      due_ = Clock::time_point::max();
      quiet_first_ = Clock::time_point::max();
      quiet_due_ = Clock::time_point::max();
    }
    wait = true;
    task_();
  }
}

}  // namespace synaps::server
