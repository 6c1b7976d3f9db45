// ProgressBar: one self-updating line on standard error, shown only when it is a terminal
// (in scripts and CI, long commands print only their final summary).
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace synaps::cli {

class ProgressBar {
 public:
  explicit ProgressBar(std::string label);
  ~ProgressBar();
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;

  // Redraws at most ten times a second. `unit` names what `done`/`total` count.
  void Update(int64_t done, int64_t total, int64_t bytes_done = -1);
  // Erases the bar so that a message can be printed on a clean line.
  void Clear();
  bool enabled() const { return enabled_; }

 private:
  std::string label_;
  bool enabled_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point started_;
  std::chrono::steady_clock::time_point last_draw_;
};

}  // namespace synaps::cli
