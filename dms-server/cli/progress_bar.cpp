#include "dms-server/cli/progress_bar.h"

#include <unistd.h>

#include <cstdio>

#include "dms-server/cli/output.h"

namespace synaps::cli {

ProgressBar::ProgressBar(std::string label)
    : label_(std::move(label)),
      enabled_(::isatty(STDERR_FILENO) == 1),
      started_(std::chrono::steady_clock::now()) {}

ProgressBar::~ProgressBar() {
  Clear();
}

void ProgressBar::Update(int64_t done, int64_t total, int64_t bytes_done) {
  if (!enabled_) return;
  auto now = std::chrono::steady_clock::now();
  // The last step of a known total is always drawn; a count without total (total 0: still
  // counting) is drawn ten times a second like the rest.
  if (drawn_ && (done < total || total <= 0) && now - last_draw_ < std::chrono::milliseconds(100))
    return;
  last_draw_ = now;
  constexpr int kWidth = 30;
  int filled = total > 0 ? static_cast<int>(kWidth * done / total) : 0;
  std::string bar(static_cast<size_t>(filled), '#');
  bar.resize(kWidth, '.');
  double seconds = std::chrono::duration<double>(now - started_).count();
  std::string rate;
  if (bytes_done >= 0 && seconds > 0) {
    rate =
        "  " + HumanBytes(static_cast<int64_t>(static_cast<double>(bytes_done) / seconds)) + "/s";
  }
  if (total <= 0) {
    std::fprintf(stderr, "\r\033[K%s %lld", label_.c_str(), static_cast<long long>(done));
  } else {
    std::fprintf(stderr, "\r\033[K%s [%s] %lld/%lld%s", label_.c_str(), bar.c_str(),
                 static_cast<long long>(done), static_cast<long long>(total), rate.c_str());
  }
  std::fflush(stderr);
  drawn_ = true;
}

void ProgressBar::Clear() {
  if (!enabled_ || !drawn_) return;
  std::fprintf(stderr, "\r\033[K");
  std::fflush(stderr);
  drawn_ = false;
}

}  // namespace synaps::cli
