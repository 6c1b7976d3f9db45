// PeriodicThread: the first pass at once or after the interval, a pass on Wake(), one within
// the delay of WakeWithin() however many come, one when the wakes of WakeWhenQuiet() pause (or
// at their limit), none after Stop().
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

TEST_CASE("a wake within a delay runs one pass for a stream of wakes, not one each",
          "[server][periodic]") {
  std::atomic<int> passes{0};
  PeriodicThread thread(std::chrono::hours(24), PeriodicThread::FirstPass::kAfterInterval,
                        [&] { ++passes; });
  thread.Start();

  // One wake: the pass comes after the delay, not at once.
  const auto woken = std::chrono::steady_clock::now();
  thread.WakeWithin(100ms);
  REQUIRE(Reaches(passes, 1));
  CHECK(std::chrono::steady_clock::now() - woken >= 100ms);

  // Wakes every 5 ms for 0.5 s: a pass every 100 ms or so, each for the wakes since the last;
  // the stream does not put them off.
  const int before = passes;
  const auto start = std::chrono::steady_clock::now();
  while (std::chrono::steady_clock::now() - start < 500ms) {
    thread.WakeWithin(100ms);
    std::this_thread::sleep_for(5ms);
  }
  const int during = passes - before;
  CHECK(during >= 2);
  CHECK(during <= 7);

  // Wake() does not wait for a delay set before.
  std::this_thread::sleep_for(150ms);
  const int settled = passes;
  thread.WakeWithin(std::chrono::hours(1));
  thread.Wake();
  CHECK(Reaches(passes, settled + 1));
  thread.Stop();
}

TEST_CASE("wakes for a quiet moment put the pass off while they come, within a limit",
          "[server][periodic]") {
  std::atomic<int> passes{0};
  // An interval of 20 ms: left alone, a pass every 20 ms.
  PeriodicThread thread(20ms, PeriodicThread::FirstPass::kAfterInterval, [&] { ++passes; });
  thread.Start();
  REQUIRE(Reaches(passes, 1));

  // Wakes every 5 ms for 0.4 s, each asking for 300 ms of quiet within 5 s: no pass while they
  // come, not even the interval's; one once they pause.
  const int before = passes;
  const auto start = std::chrono::steady_clock::now();
  while (std::chrono::steady_clock::now() - start < 400ms) {
    thread.WakeWhenQuiet(300ms, 5s);
    std::this_thread::sleep_for(5ms);
  }
  CHECK(passes - before <= 1);  // the interval's pass that may have begun before the first wake
  const int streamed = passes;
  const auto paused = std::chrono::steady_clock::now();
  REQUIRE(Reaches(passes, streamed + 1));
  CHECK(std::chrono::steady_clock::now() - paused >= 250ms);

  // A stream longer than the limit still gets a pass every `at_most`.
  const int again = passes;
  const auto long_start = std::chrono::steady_clock::now();
  while (std::chrono::steady_clock::now() - long_start < 700ms) {
    thread.WakeWhenQuiet(150ms, 200ms);
    std::this_thread::sleep_for(5ms);
  }
  CHECK(passes - again >= 2);
  CHECK(passes - again <= 20);  // not one a wake
  thread.Stop();
}

}  // namespace
}  // namespace synaps::server
