// ReadAhead: applies `work` to each item of a list on background threads, staying at most
// `depth` results ahead of the consumer, who takes the results in order with Next().
//
// It lets the slow part of an import (reading files, writing blobs, detecting types) run on
// several cores while the consumer commits, without unbounded memory. `work` must be safe to
// run on several threads at once. Destroying a ReadAhead stops and joins the threads; results
// not taken are dropped.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <functional>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

namespace synaps::connectors {

template <typename Item, typename Output>
class ReadAhead {
 public:
  ReadAhead(const std::vector<Item>& items, std::function<Output(const Item&)> work,
            size_t threads = 1, size_t depth = 32)
      : items_(items), work_(std::move(work)), depth_(depth) {
    for (size_t i = 0; i < std::max<size_t>(threads, 1); ++i)
      threads_.emplace_back([this] { Run(); });
  }
  ReadAhead(const ReadAhead&) = delete;
  ReadAhead& operator=(const ReadAhead&) = delete;

  ~ReadAhead() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    changed_.notify_all();
    for (auto& thread : threads_) thread.join();
  }

  // The result for the next item, in order. Call once per item, no more.
  Output Next() {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [this] { return ready_.count(next_) > 0; });
    auto node = ready_.extract(next_);
    ++next_;
    changed_.notify_all();
    return std::move(node.mapped());
  }

 private:
  void Run() {
    for (;;) {
      size_t index;
      {
        std::unique_lock lock(mutex_);
        changed_.wait(lock, [this] {
          return stopping_ || claimed_ >= items_.size() || claimed_ < next_ + depth_;
        });
        if (stopping_ || claimed_ >= items_.size()) return;
        index = claimed_++;
      }
      Output output = work_(items_[index]);
      {
        std::lock_guard lock(mutex_);
        ready_.emplace(index, std::move(output));
      }
      changed_.notify_all();
    }
  }

  const std::vector<Item>& items_;
  std::function<Output(const Item&)> work_;
  const size_t depth_;
  std::mutex mutex_;
  std::condition_variable changed_;
  std::map<size_t, Output> ready_;  // finished results not yet taken, by item index
  size_t claimed_ = 0;              // items handed to a thread so far
  size_t next_ = 0;                 // the next index Next() returns
  bool stopping_ = false;
  std::vector<std::thread> threads_;  // last: start once everything above is ready
};

}  // namespace synaps::connectors
