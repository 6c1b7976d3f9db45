// PeriodicThread: a thread of the server that runs one task again and again: every `interval`,
// or at once when woken, until it is stopped. The background indexer and the audit log's
// retention are two.
//
// Thread-safety: Start() and Stop() from one thread; Wake() from any. The task runs on the
// thread alone, one pass at a time.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace synaps::server {

class PeriodicThread {
 public:
  enum class FirstPass {
    kAtOnce,         // runs the task as soon as the thread starts
    kAfterInterval,  // waits `interval` (or a Wake()) first
  };

  PeriodicThread(std::chrono::milliseconds interval, FirstPass first, std::function<void()> task);
  ~PeriodicThread();  // stops
  PeriodicThread(const PeriodicThread&) = delete;
  PeriodicThread& operator=(const PeriodicThread&) = delete;

  void Start();
  // Lets a pass in progress finish (a long task should watch its own stop flag), then joins the
  // thread. No pass starts after it is called.
  void Stop();
  // Runs a pass now if none is running, else right after the one in progress.
  void Wake();

 private:
  void Run();

  std::chrono::milliseconds interval_;
  FirstPass first_;
  std::function<void()> task_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stop_ = false;
  bool woken_ = false;
  std::thread thread_;
};

}  // namespace synaps::server
