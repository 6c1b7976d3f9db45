// ReadAhead: applies `work` to each item of a list on one background thread, staying at most
// `depth` results ahead of the consumer, who takes the results in order with Next().
//
// It lets the slow I/O of an import (reading files, writing blobs) overlap with the consumer's
// own work (content detection, database commits) without unbounded memory. `work` must be safe
// to run on another thread than the consumer's. Destroying a ReadAhead stops and joins the
// thread; results not taken are dropped.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace synaps::connectors {

template <typename Item, typename Output>
class ReadAhead {
 public:
  ReadAhead(const std::vector<Item>& items, std::function<Output(const Item&)> work,
            size_t depth = 16)
      : items_(items), work_(std::move(work)), depth_(depth), thread_([this] { Run(); }) {}
  ReadAhead(const ReadAhead&) = delete;
  ReadAhead& operator=(const ReadAhead&) = delete;

  ~ReadAhead() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    changed_.notify_all();
    thread_.join();
  }

  // The result for the next item, in order. Call once per item, no more.
  Output Next() {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [this] { return !ready_.empty(); });
    Output output = std::move(ready_.front());
    ready_.pop_front();
    changed_.notify_all();
    return output;
  }

 private:
  void Run() {
    for (const Item& item : items_) {
      {
        std::unique_lock lock(mutex_);
        changed_.wait(lock, [this] { return stopping_ || ready_.size() < depth_; });
        if (stopping_) return;
      }
      Output output = work_(item);
      {
        std::lock_guard lock(mutex_);
        ready_.push_back(std::move(output));
      }
      changed_.notify_all();
    }
  }

  const std::vector<Item>& items_;
  std::function<Output(const Item&)> work_;
  const size_t depth_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<Output> ready_;
  bool stopping_ = false;
  std::thread thread_;  // last: starts once everything above is ready
};

}  // namespace synaps::connectors
