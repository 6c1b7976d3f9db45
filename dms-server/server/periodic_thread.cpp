#include "dms-server/server/periodic_thread.h"

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
  {
    std::lock_guard lock(mutex_);
    woken_ = true;
  }
  wake_.notify_all();
}

void PeriodicThread::Run() {
  bool wait = first_ == FirstPass::kAfterInterval;
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      if (wait) wake_.wait_for(lock, interval_, [this] { return stop_ || woken_; });
      if (stop_) return;
      woken_ = false;
    }
    wait = true;
    task_();
  }
}

}  // namespace synaps::server
