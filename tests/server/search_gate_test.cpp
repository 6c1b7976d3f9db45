// The search queue: never more than N searches at once, the others let in in arrival order.
#include "dms-server/server/search_gate.h"

#include <atomic>
#include <catch2/catch.hpp>
#include <chrono>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace synaps::server {
namespace {

// Polls `done` for up to 10 s.
template <typename Done>
bool Eventually(Done done) {
  for (int i = 0; i < 10000 && !done(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return done();
}

}  // namespace

TEST_CASE("the search gate lets N searches in at once and the others in arrival order",
          "[server][search_gate]") {
  SearchGate gate(2);
  CHECK(gate.concurrent() == 2);
  constexpr int kSearches = 6;
  std::mutex mutex;
  std::vector<int> order;  // searches in the order they got their turn
  std::atomic<int> running{0}, most_running{0};
  std::vector<std::unique_ptr<std::atomic<bool>>> finish;
  for (int i = 0; i < kSearches; ++i) finish.push_back(std::make_unique<std::atomic<bool>>(false));
  std::vector<std::thread> searches;
  auto start = [&](int i) {
    searches.emplace_back([&, i] {
      SearchGate::Turn turn = gate.Enter();
      int now = ++running;
      for (int seen = most_running; now > seen && !most_running.compare_exchange_weak(seen, now);) {
      }
      {
        std::lock_guard lock(mutex);
        order.push_back(i);
      }
      while (!*finish[i]) std::this_thread::sleep_for(std::chrono::milliseconds(1));
      --running;
    });
  };
  auto entered = [&] {
    std::lock_guard lock(mutex);
    return order.size();
  };
  start(0);
  REQUIRE(Eventually([&] { return entered() == 1; }));
  start(1);
  REQUIRE(Eventually([&] { return entered() == 2; }));
  // The next ones queue, each after the one before.
  for (int i = 2; i < kSearches; ++i) {
    start(i);
    REQUIRE(Eventually([&] { return gate.waiting() == i - 1; }));
  }
  CHECK(entered() == 2);
  // Whichever running search ends, the longest waiting one goes next.
  *finish[1] = true;
  REQUIRE(Eventually([&] { return entered() == 3; }));
  *finish[0] = true;
  REQUIRE(Eventually([&] { return entered() == 4; }));
  *finish[2] = true;
  REQUIRE(Eventually([&] { return entered() == 5; }));
  *finish[3] = true;
  REQUIRE(Eventually([&] { return entered() == 6; }));
  *finish[4] = *finish[5] = true;
  for (std::thread& t : searches) t.join();
  CHECK(order == std::vector<int>{0, 1, 2, 3, 4, 5});
  CHECK(most_running == 2);
  CHECK(gate.waiting() == 0);
}

TEST_CASE("the search gate defaults to two searches per core", "[server][search_gate]") {
  const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  CHECK(SearchGate(0).concurrent() == 2 * cores);
  CHECK(SearchGate(-3).concurrent() == 2 * cores);
}

}  // namespace synaps::server
