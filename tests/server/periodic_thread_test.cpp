// PeriodicThread: the first pass at once or after the interval, a pass on Wake(), none after
// Stop().
#include "dms-server/server/periodic_thread.h"

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <thread>

namespace synaps::server {
namespace {

using namespace std::chrono_literals;

// Waits up to 10 s for `count` to reach `at_least`.
bool Reaches(const std::atomic<int>& count, int at_least) {
  auto deadline = std::chrono::steady_clock::now() + 10s;
  while (count < at_least) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(1ms);
  }
  return true;
}

TEST_CASE("a periodic thread runs its task at once, when woken, and never after Stop",
          "[server][periodic]") {
  std::atomic<int> passes{0};
  PeriodicThread thread(std::chrono::hours(24), PeriodicThread::FirstPass::kAtOnce,
                        [&] { ++passes; });
  thread.Start();
  REQUIRE(Reaches(passes, 1));
  thread.Wake();
  REQUIRE(Reaches(passes, 2));
  thread.Stop();
  const int stopped = passes;
  thread.Wake();
  std::this_thread::sleep_for(20ms);
  CHECK(passes == stopped);
}

TEST_CASE("a periodic thread may wait its interval before the first pass", "[server][periodic]") {
  std::atomic<int> passes{0};
  PeriodicThread waits(std::chrono::hours(24), PeriodicThread::FirstPass::kAfterInterval,
                       [&] { ++passes; });
  waits.Start();
  std::this_thread::sleep_for(20ms);
  CHECK(passes == 0);
  waits.Stop();  // at once, although a day is left to wait
  CHECK(passes == 0);

  PeriodicThread ticks(5ms, PeriodicThread::FirstPass::kAfterInterval, [&] { ++passes; });
  ticks.Start();
  CHECK(Reaches(passes, 3));
}

}  // namespace
}  // namespace synaps::server
