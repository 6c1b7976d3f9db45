// Login throttling against a real server, attacked the way one would: guesses sent all at once,
// floods of wrong passwords, one password tried at many accounts, wrong API tokens behind a
// reverse proxy, and a login posted by another site's form.
#include <Poco/Net/StreamSocket.h>

#include <algorithm>
#include <latch>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "tests/server/server_fixture.h"

namespace synaps::testing {
namespace {

// Delays short enough for a test; the peer 127.0.0.1 is the "reverse proxy".
const char* const kSettings =
    "synaps.http.trusted_proxies = 127.0.0.1\n"
    "synaps.login.account_free_failures = 3\n"
    "synaps.login.account_max_delay_seconds = 1\n"
    "synaps.login.address_free_logins = 4\n";

std::string LoginBody(const std::string& login, const std::string& password) {
  return R"({"login":")" + login + R"(","password":")" + password + R"("})";
}

// POST /api/v1/session as JSON, from `client` behind the proxy ("" for none).
Reply LogIn(const ServerProcess& server, const std::string& login, const std::string& password,
            const std::string& client = "") {
  std::map<std::string, std::string> headers{{"Content-Type", "application/json"}};
  if (!client.empty()) headers["X-Forwarded-For"] = client;
  return server.Call("POST", "/api/v1/session", nullptr, LoginBody(login, password), headers);
}

// The logins of `passwords`, all sent at once, each on its own connection.
std::vector<int> LogInAtOnce(const ServerProcess& server, const std::string& login,
                             const std::vector<std::string>& passwords, const std::string& client) {
  std::vector<int> statuses(passwords.size(), 0);
  std::latch start(static_cast<std::ptrdiff_t>(passwords.size()));
  std::vector<std::thread> threads;
  for (size_t i = 0; i < passwords.size(); ++i) {
    threads.emplace_back([&, i] {
      start.arrive_and_wait();
      try {
        statuses[i] = LogIn(server, login, passwords[i], client).status;
      } catch (const std::exception&) {
        statuses[i] = -1;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  return statuses;
}

int Count(const std::vector<int>& statuses, int status) {
  return static_cast<int>(std::count(statuses.begin(), statuses.end(), status));
}

int RetryAfter(const Reply& reply) {
  std::string value = reply.Header("Retry-After");
  return value.empty() ? -1 : std::stoi(value);
}

TEST_CASE("guesses sent at once are throttled as they are checked", "[server][throttle]") {
  ServerProcess server(kSettings);
  std::vector<std::string> passwords(41, "wrong-guess");
  passwords[20] = "cab_reader-password";
  std::vector<int> statuses = LogInAtOnce(server, "cab_reader", passwords, "");
  INFO("401: " << Count(statuses, 401) << ", 200: " << Count(statuses, 200)
               << ", 429: " << Count(statuses, 429));
  // Three free failures, then one check at a time: only a handful of passwords are checked
  // (a success clears the count, which may let a few more through), the others wait.
  CHECK(Count(statuses, 401) + Count(statuses, 200) <= 8);
  CHECK(Count(statuses, 429) >= 33);
  CHECK(Count(statuses, 401) + Count(statuses, 200) + Count(statuses, 429) == 41);
}

TEST_CASE("a flood of wrong passwords delays the owner elsewhere by the account cap at most",
          "[server][throttle]") {
  ServerProcess server(kSettings);
  // From one address, all at once, then from many addresses, one each.
  LogInAtOnce(server, "cab_reader", std::vector<std::string>(40, "wrong-guess"), "192.0.2.66");
  for (int i = 1; i <= 6; ++i) {
    Reply guess = LogIn(server, "cab_reader", "wrong-guess", "198.51.100." + std::to_string(i));
    CHECK((guess.status == 401 || guess.status == 429));
    if (guess.status == 429) CHECK(RetryAfter(guess) <= 1);
  }
  // The owner, from their own address, gets in after at most the account's ceiling.
  Reply owner;
  for (int attempt = 0; attempt < 4; ++attempt) {
    owner = LogIn(server, "cab_reader", "cab_reader-password", "203.0.113.5");
    if (owner.status != 429) break;
    INFO("Retry-After " << owner.Header("Retry-After"));
    REQUIRE(RetryAfter(owner) >= 1);
    REQUIRE(RetryAfter(owner) <= 1);
    std::this_thread::sleep_for(std::chrono::seconds(RetryAfter(owner)));
  }
  CHECK(owner.status == 200);
  // The flooding address still waits for its own delay.
  for (int i = 0; i < 2; ++i) LogIn(server, "cab_reader", "wrong-guess", "192.0.2.66");
  CHECK(LogIn(server, "cab_reader", "cab_reader-password", "192.0.2.66").status == 429);
}

TEST_CASE("one password tried at many logins slows the address down", "[server][throttle]") {
  ServerProcess server(kSettings);
  std::vector<int> statuses;
  for (int i = 0; i < 8; ++i) {
    statuses.push_back(
        LogIn(server, "agent" + std::to_string(i), "Printemps2026!", "192.0.2.9").status);
  }
  // Four distinct logins free, a fifth failure starts the delay.
  CHECK(Count(statuses, 401) == 5);
  CHECK(Count(statuses, 429) == 3);
  CHECK(LogIn(server, "cab_editor", "cab_editor-password", "192.0.2.9").status == 429);
  CHECK(LogIn(server, "cab_editor", "cab_editor-password", "192.0.2.10").status == 200);
}

// A request with a Bearer token through a connection from `source` (127.0.0.2 is no proxy).
Reply CallWithTokenFrom(const ServerProcess& server, const std::string& source,
                        const std::string& token, const std::string& client) {
  Poco::Net::StreamSocket socket(Poco::Net::SocketAddress::IPv4);
  socket.impl()->bind(Poco::Net::SocketAddress(source, 0));
  socket.connect(Poco::Net::SocketAddress("127.0.0.1", server.port()));
  Poco::Net::HTTPClientSession session(socket);
  session.setTimeout(Poco::Timespan(10, 0));
  // A session made from a socket names no host: HTTP/1.1 needs one.
  return ServerProcess::Call(session, "GET", "/api/v1/me", nullptr, "",
                             {{"Authorization", "Bearer " + token},
                              {"X-Forwarded-For", client},
                              {"Host", "127.0.0.1:" + std::to_string(server.port())}});
}

TEST_CASE("wrong API tokens slow their client down, not the proxy's other clients",
          "[server][throttle]") {
  ServerProcess server(kSettings);
  Reply created = server.Call("POST", "/api/v1/me/tokens", &kDdtEditor, R"({"name":"nightly"})");
  REQUIRE(created.status == 201);
  std::string token = Json(created)->getValue<std::string>("token");
  std::string wrong(token.size(), 'a');

  // Behind the trusted proxy: each client has its own count.
  for (int i = 0; i < 4; ++i) {
    CHECK(CallWithTokenFrom(server, "127.0.0.1", wrong, "192.0.2.1").status == 401);
  }
  CHECK(CallWithTokenFrom(server, "127.0.0.1", token, "192.0.2.1").status == 429);
  CHECK(CallWithTokenFrom(server, "127.0.0.1", token, "192.0.2.2").status == 200);

  // From a peer that is no proxy, X-Forwarded-For is ignored: no escape by naming another.
  for (int i = 0; i < 4; ++i) {
    CHECK(CallWithTokenFrom(server, "127.0.0.2", wrong, "192.0.2.3").status == 401);
  }
  CHECK(CallWithTokenFrom(server, "127.0.0.2", token, "192.0.2.4").status == 429);
  CHECK(CallWithTokenFrom(server, "127.0.0.1", token, "127.0.0.2").status == 429);
}

TEST_CASE("a malformed list of trusted proxies stops the server as it starts", "[server]") {
  CHECK_THROWS_WITH(ServerProcess("synaps.http.trusted_proxies = 127.0.0.1, 10.0.0.0/40\n"),
                    Catch::Contains("\"10.0.0.0/40\" has a bad prefix length"));
}

TEST_CASE("a login must be sent as JSON: another site's form cannot log a browser in", "[server]") {
  ServerProcess server;
  std::string body = LoginBody("cab_editor", "cab_editor-password");
  for (const char* type : {"text/plain", "application/x-www-form-urlencoded",
                           "multipart/form-data; boundary=x", "", "application/json-seq"}) {
    INFO(type);
    std::map<std::string, std::string> headers;
    if (*type) headers["Content-Type"] = type;
    Reply refused = server.Call("POST", "/api/v1/session", nullptr, body, headers);
    CHECK(refused.status == 415);
    CHECK(ErrorCode(refused) == "unsupported_media_type");
    CHECK(refused.Header("Set-Cookie").empty());
  }
  CHECK(server
            .Call("POST", "/api/v1/session", nullptr, body,
                  {{"Content-Type", "application/json; charset=utf-8"}})
            .status == 200);
}

}  // namespace
}  // namespace synaps::testing
