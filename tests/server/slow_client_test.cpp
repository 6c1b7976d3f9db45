// Slow clients over raw sockets: bodies that trickle without credentials cannot take the
// server's threads and are cut, while an authenticated upload that is slow but steady succeeds.
// Short settings keep each case to a few seconds.
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/StreamSocket.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "tests/server/raw_http.h"
#include "tests/server/server_fixture.h"

using synaps::testing::BasicAuthorization;
using synaps::testing::kCabEditor;
using synaps::testing::ServerProcess;
using synaps::testing::UploadUri;

namespace {

using Clock = std::chrono::steady_clock;

// 8 request threads, 2 of them for bodies without credentials; a body must come at 100 bytes/s
// or faster after its first second. (The fixture's I/O time-out is 2 s: every byte below comes
// sooner, so only the pace can cut a body.)
const char* kSettings =
    "synaps.http.threads = 8\n"
    "synaps.http.unauthenticated_bodies = 2\n"
    "synaps.http.body_grace_seconds = 1\n"
    "synaps.http.body_min_bytes_per_second = 100\n";

// A connection that has sent a request's headers and sends its body as the test decides.
struct SlowSender {
  Poco::Net::StreamSocket socket;
  std::string answer;
  bool done = false;  // answered, or closed
  Clock::duration took{};

  SlowSender(const ServerProcess& server, const std::string& headers)
      : socket(Poco::Net::SocketAddress("127.0.0.1", server.port())) {
    socket.sendBytes(headers.data(), static_cast<int>(headers.size()));
  }
  void Send(const std::string& bytes) {
    if (done) return;
    try {
      socket.sendBytes(bytes.data(), static_cast<int>(bytes.size()));
    } catch (const Poco::Exception&) {
      // cut: the answer (if any) is read by Poll
    }
  }
  // Reads what has come, without waiting.
  void Poll(Clock::time_point started) {
    if (done) return;
    try {
      char buffer[4096];
      while (socket.poll(Poco::Timespan(0), Poco::Net::Socket::SELECT_READ)) {
        const int n = socket.receiveBytes(buffer, sizeof buffer);
        if (n <= 0) break;
        answer.append(buffer, static_cast<size_t>(n));
      }
    } catch (const Poco::Exception&) {
    }
    if (!answer.empty()) {
      done = true;
      took = Clock::now() - started;
    }
  }
};

// GET /healthz on a fresh connection, given at most `limit` to answer; its status or 0.
int HealthWithin(const ServerProcess& server, std::chrono::milliseconds limit) {
  Poco::Net::HTTPClientSession session("127.0.0.1", server.port());
  session.setTimeout(Poco::Timespan(limit.count() * 1000));
  try {
    return ServerProcess::Call(session, "GET", "/healthz").status;
  } catch (const Poco::Exception&) {
    return 0;
  }
}

}  // namespace

TEST_CASE("slow bodies without credentials neither starve the server nor last", "[server][slow]") {
  ServerProcess server(kSettings);
  const std::string login =
      "POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
      "Content-Length: 200\r\n\r\n{";
  // More slow logins than the server has threads.
  std::vector<std::unique_ptr<SlowSender>> slow;
  for (int i = 0; i < 12; ++i) slow.push_back(std::make_unique<SlowSender>(server, login));
  const auto started = Clock::now();
  int health_checks = 0;
  while (Clock::now() - started < std::chrono::seconds(4)) {
    for (auto& sender : slow) sender->Send("\"");  // a byte every 300 ms: 3 bytes/s
    const auto asked = Clock::now();
    CHECK(HealthWithin(server, std::chrono::milliseconds(1500)) == 200);
    CHECK(Clock::now() - asked < std::chrono::milliseconds(500));
    ++health_checks;
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    bool all_done = true;
    for (auto& sender : slow) {
      sender->Poll(started);
      all_done = all_done && sender->done;
    }
    if (all_done) break;
  }
  CHECK(health_checks >= 2);
  int refused = 0, cut = 0;
  for (auto& sender : slow) {
    INFO(sender->answer);
    REQUIRE(sender->done);
    if (sender->answer.rfind("HTTP/1.1 503", 0) == 0) {
      ++refused;  // no place for another body without credentials: at once
      CHECK(sender->took < std::chrono::milliseconds(1000));
    } else {
      CHECK(sender->answer.rfind("HTTP/1.1 408", 0) == 0);
      ++cut;  // behind the pace: after the grace second, well before the body could end
      CHECK(sender->took >= std::chrono::milliseconds(900));
      CHECK(sender->took < std::chrono::milliseconds(3000));
    }
  }
  CHECK(cut >= 1);
  CHECK(cut <= 2);
  CHECK(refused == 12 - cut);
  // And a login at a normal pace still works.
  CHECK(server
            .Call("POST", "/api/v1/session", nullptr,
                  R"({"login":"cab_editor","password":"cab_editor-password"})",
                  {{"Content-Type", "application/json"}})
            .status == 200);
}

TEST_CASE("an upload slow but steady succeeds, one slower than the pace is cut", "[server][slow]") {
  ServerProcess server(kSettings);
  const std::string auth = BasicAuthorization(kCabEditor) + "\r\n";

  // 1,500 bytes at 500 bytes/s: three times the grace, five times the minimum pace.
  SlowSender steady(server, "PUT " + UploadUri("/CAB/steady.txt") + " HTTP/1.1\r\nHost: x\r\n" +
                                auth + "Content-Length: 1500\r\n\r\n");
  const auto started = Clock::now();
  for (int i = 0; i < 30 && !steady.done; ++i) {
    steady.Send(std::string(50, 's'));
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    steady.Poll(started);
  }
  for (int i = 0; i < 50 && !steady.done; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    steady.Poll(started);
  }
  INFO(steady.answer);
  CHECK(steady.answer.rfind("HTTP/1.1 201", 0) == 0);
  CHECK(steady.took >= std::chrono::milliseconds(2500));

  // 5 bytes/s: cut after the grace second, 408, nothing stored.
  SlowSender crawling(server, "PUT " + UploadUri("/CAB/crawling.txt") + " HTTP/1.1\r\nHost: x\r\n" +
                                  auth + "Content-Length: 100\r\n\r\n");
  const auto crawl_started = Clock::now();
  for (int i = 0; i < 25 && !crawling.done; ++i) {
    crawling.Send("c");
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    crawling.Poll(crawl_started);
  }
  INFO(crawling.answer);
  CHECK(crawling.answer.rfind("HTTP/1.1 408", 0) == 0);
  CHECK(crawling.took >= std::chrono::milliseconds(900));
  CHECK(crawling.took < std::chrono::milliseconds(2500));
  CHECK(server.OpenStore()->FindDocument("/CAB/crawling.txt").status().code() ==
        synaps::store::ErrorCode::kNotFound);

  // Chunked, the cut body ends like a whole one to its reader: it is not stored all the same.
  SlowSender chunked(server, "PUT " + UploadUri("/CAB/chunked.txt") + " HTTP/1.1\r\nHost: x\r\n" +
                                 auth + "Transfer-Encoding: chunked\r\n\r\n");
  const auto chunked_started = Clock::now();
  for (int i = 0; i < 25 && !chunked.done; ++i) {
    chunked.Send("1\r\nc\r\n");  // 6 bytes every 200 ms
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    chunked.Poll(chunked_started);
  }
  INFO(chunked.answer);
  CHECK(chunked.answer.rfind("HTTP/1.1 408", 0) == 0);
  CHECK(server.OpenStore()->FindDocument("/CAB/chunked.txt").status().code() ==
        synaps::store::ErrorCode::kNotFound);
  CHECK(server.OpenStore()->FindDocument("/CAB/steady.txt").ok());
}
