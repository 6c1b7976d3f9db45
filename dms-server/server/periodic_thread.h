// PeriodicThread: a thread of the server that runs one task again and again: every `interval`,
// or when woken (at once, within a delay, or once a stream of wakes pauses), until it is stopped.
// The background indexer and the audit log's retention are two.
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
  // Runs a pass within `delay`: then at the latest, sooner if an earlier wake or the interval
  // comes first. Wakes meanwhile do not put it off, so that a steady stream of them still gets
  // a pass every `delay`, each taking what the stream brought since the last.
  void WakeWithin(std::chrono::milliseconds delay);
  // Runs a pass once these wakes have paused for `quiet`, and at the latest `at_most` after the
  // first of them since the last pass. While one is pending the interval runs no pass of its
  // own: a stream of changes (a folder copied in) is handled once it pauses, or every
  // `at_most` while it lasts, instead of beside it. Wake() and WakeWithin() still come first.
  void WakeWhenQuiet(std::chrono::milliseconds quiet, std::chrono::milliseconds at_most);

 private:
  void Run();

  std::chrono::milliseconds interval_;
  FirstPass first_;
  std::function<void()> task_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stop_ = false;
  // When the next pass is due because of a wake (max: no wake pending).
  std::chrono::steady_clock::time_point due_ = std::chrono::steady_clock::time_point::max();
  // WakeWhenQuiet(): when the first pending one came, and when the pass it asks for is due
  // (max: none pending).
  std::chrono::steady_clock::time_point quiet_first_ = std::chrono::steady_clock::time_point::max();
  std::chrono::steady_clock::time_point quiet_due_ = std::chrono::steady_clock::time_point::max();
  std::thread thread_;
};

}  // namespace synaps::server
