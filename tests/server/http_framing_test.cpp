// Request framing over raw sockets: a body the server does not read never becomes the next
// request (request smuggling), ambiguous framing is refused before anything else, and refusals
// come at once.
#include <Poco/String.h>
#include <sys/socket.h>

#include <catch2/catch.hpp>
#include <cerrno>
#include <chrono>
#include <string>

#include "tests/server/raw_http.h"
#include "tests/server/server_fixture.h"

using synaps::testing::BasicAuthorization;
using synaps::testing::Conversation;
using synaps::testing::Converse;
using synaps::testing::kCabReader;
using synaps::testing::ServerProcess;
using synaps::testing::UploadUri;

namespace {

// The request hidden in the bodies below: if the server ever answers it, the body was parsed
// as a request of its own.
const std::string kSmuggled = "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n";
const std::string kLogin = R"({"login":"cab_reader","password":"cab_reader-password"})";

std::string Length(size_t n) {
  return "Content-Length: " + std::to_string(n) + "\r\n";
}

// `conversation` is one answer with `status_line`, after which the server closed the
// connection.
void CheckAnsweredOnceAndClosed(const Conversation& conversation, const std::string& status_line) {
  INFO(conversation.answer);
  CHECK(conversation.StartsWith(status_line));
  CHECK(conversation.Answers() == 1);
  CHECK(conversation.closed);
  CHECK(Poco::toLower(conversation.answer).find("\r\nconnection: close\r\n") != std::string::npos);
}

}  // namespace

TEST_CASE("a body the handler does not read is never parsed as the next request",
          "[server][framing]") {
  ServerProcess server;
  const std::string auth = BasicAuthorization(kCabReader) + "\r\n";

  SECTION("a route that takes no body") {
    CheckAnsweredOnceAndClosed(Converse(server, "GET /api/v1/me HTTP/1.1\r\nHost: x\r\n" + auth +
                                                    Length(kSmuggled.size()) + "\r\n" + kSmuggled),
                               "HTTP/1.1 200");
  }
  SECTION("a refusal of a body over 4 MiB") {
    // The body's first 4 MiB, then the hidden request, all within its Content-Length.
    const std::string body = std::string(4 << 20, 'a') + kSmuggled;
    CheckAnsweredOnceAndClosed(
        Converse(server, "PUT " + UploadUri("/CAB/x.bin") + " HTTP/1.1\r\nHost: x\r\n" +
                             Length(body.size()) + "\r\n" + body),
        "HTTP/1.1 401");
  }
  SECTION("a chunked body with a malformed chunk size") {
    CheckAnsweredOnceAndClosed(
        Converse(server, "GET /api/v1/me HTTP/1.1\r\nHost: x\r\n" + auth +
                             "Transfer-Encoding: chunked\r\n\r\nzz\r\n" + kSmuggled),
        "HTTP/1.1 200");
    CheckAnsweredOnceAndClosed(
        Converse(server,
                 "POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Type: "
                 "application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n" +
                     kSmuggled),
        "HTTP/1.1 400");
  }
  SECTION("a body read to its end keeps the connection for the next request") {
    const Conversation both = Converse(server,
                                       "POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Type: "
                                       "application/json\r\n" +
                                           Length(kLogin.size()) + "\r\n" + kLogin + kSmuggled);
    INFO(both.answer);
    CHECK(both.StartsWith("HTTP/1.1 200"));
    CHECK(both.Answers() == 2);
    CHECK(both.answer.find("{\"status\":\"ok\"") != std::string::npos);
    const Conversation chunked = Converse(
        server,
        "POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Type: "
        "application/json\r\nTransfer-Encoding: chunked\r\n\r\n" +
            [] {
              char size[16];
              std::snprintf(size, sizeof size, "%zx\r\n", kLogin.size());
              return std::string(size);
            }() +
            kLogin + "\r\n0\r\n\r\n" + kSmuggled);
    INFO(chunked.answer);
    CHECK(chunked.Answers() == 2);
  }
}

TEST_CASE("ambiguous framing is refused with 400 before routing, and the connection closed",
          "[server][framing]") {
  ServerProcess server;
  const std::string body = "{}" + kSmuggled;
  const std::string start =
      "POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n";
  const std::string framings[] = {
      Length(2) + Length(body.size()),               // two Content-Lengths
      Length(body.size()) + Length(body.size()),     // even equal ones
      "Content-Length: +5\r\n",                      // a sign
      Length(2) + "Transfer-Encoding: chunked\r\n",  // both
      "Transfer-Encoding: xchunked\r\n",
      "Transfer-Encoding: chunked, identity\r\n",
      "Transfer-Encoding: identity\r\n",
      "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n",
      "Transfer-Encoding:\r\n chunked\r\n",  // folded
      "Transfer-Encoding : chunked\r\n",     // a space before the colon
      " Transfer-Encoding: chunked\r\n",     // a space before the name
  };
  for (const std::string& framing : framings) {
    INFO(framing);
    CheckAnsweredOnceAndClosed(Converse(server, start + framing + "\r\n" + body), "HTTP/1.1 400");
  }
  // A Content-Length that Poco cannot read at all ends the connection before any handler
  // runs: no answer, and nothing of the body is taken for a request.
  const Conversation unreadable = Converse(server, start + "Content-Length: 0x5\r\n\r\n" + body);
  CHECK(unreadable.closed);
  CHECK(unreadable.Answers() == 0);
  // Host: exactly one in HTTP/1.1 (a forwarding hop and the server could pick different ones).
  CheckAnsweredOnceAndClosed(Converse(server, "GET /healthz HTTP/1.1\r\n\r\n"), "HTTP/1.1 400");
  CheckAnsweredOnceAndClosed(
      Converse(server, "GET /healthz HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n"), "HTTP/1.1 400");
  const Conversation http10 = Converse(server, "GET /healthz HTTP/1.0\r\n\r\n");
  CHECK(http10.StartsWith("HTTP/1.0 200"));
  // The refusal names the problem.
  const Conversation refused = Converse(server, start + Length(2) + Length(3) + "\r\n{}");
  CHECK(refused.answer.find("\"bad_framing\"") != std::string::npos);
  CHECK(refused.answer.find("more than one Content-Length") != std::string::npos);
  // The server is still fine.
  CHECK(server.Call("GET", "/healthz").status == 200);
}

TEST_CASE("refusals come at once, without reading the body first", "[server][framing]") {
  ServerProcess server;
  const std::string huge = "Content-Length: 100000000000000\r\n";
  const std::string requests[] = {
      // 413: over max_json_bytes, no credentials needed to be refused
      "POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n" + huge,
      // 413: over max_upload_bytes
      "PUT " + UploadUri("/CAB/huge.bin") + " HTTP/1.1\r\nHost: x\r\n" +
          BasicAuthorization(synaps::testing::kCabEditor) + "\r\n" + huge,
      // 401: no credentials
      "PUT " + UploadUri("/CAB/huge.bin") + " HTTP/1.1\r\nHost: x\r\n" + huge,
  };
  const char* statuses[] = {"HTTP/1.1 413", "HTTP/1.1 413", "HTTP/1.1 401"};
  // The password check (memory-hard on purpose) is not what is timed: verified Basic credentials
  // are cached.
  REQUIRE(server.Call("GET", "/api/v1/me", &synaps::testing::kCabEditor).status == 200);
  for (size_t i = 0; i < 3; ++i) {
    INFO(requests[i]);
    const auto started = std::chrono::steady_clock::now();
    // Headers and a first piece of the body; the rest never comes.
    const Conversation refused =
        Converse(server, requests[i] + "\r\n" + std::string(1000, 'b'), std::chrono::seconds(5));
    const auto took = std::chrono::steady_clock::now() - started;
    CheckAnsweredOnceAndClosed(refused, statuses[i]);
    CHECK(took < std::chrono::milliseconds(500));
  }
}

namespace {

// Sends all of `bytes` as a simple client does, the whole request before reading the answer.
// False (and errno in `error`) when the connection is reset on the way.
bool SendAll(Poco::Net::StreamSocket& socket, const std::string& bytes, int* error) {
  for (size_t sent = 0; sent < bytes.size();) {
    const ssize_t n =
        ::send(socket.impl()->sockfd(), bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      *error = errno;
      return false;
    }
    sent += static_cast<size_t>(n);
  }
  return true;
}

}  // namespace

// A refusal is sent before the body is read; closing then, with the body's bytes still coming,
// would reset the connection, and a client writing its body would never read the answer.
TEST_CASE("a refused request whose body keeps coming still gets its answer", "[server][framing]") {
  ServerProcess server;
  // More than the kernel buffers on the way hold, less than what the server drains.
  const size_t body = 12u << 20;
  const std::string request = "PUT " + UploadUri("/CAB/big.bin") +
                              " HTTP/1.1\r\nHost: x\r\nContent-Length: " + std::to_string(body) +
                              "\r\n\r\n" + std::string(body, 'b');
  for (int attempt = 0; attempt < 3; ++attempt) {
    Poco::Net::StreamSocket socket(Poco::Net::SocketAddress("127.0.0.1", server.port()));
    int error = 0;
    INFO("attempt " << attempt);
    const bool sent = SendAll(socket, request, &error);
    INFO("send failed with errno " << error);
    CHECK(sent);
    std::string answer;
    char buffer[4096];
    try {
      while (socket.poll(Poco::Timespan(5, 0), Poco::Net::Socket::SELECT_READ)) {
        const int n = socket.receiveBytes(buffer, sizeof buffer);
        if (n <= 0) break;
        answer.append(buffer, static_cast<size_t>(n));
      }
    } catch (const Poco::Exception& e) {
      INFO("reading the answer: " << e.displayText());
    }
    CHECK(answer.rfind("HTTP/1.1 401", 0) == 0);
  }
}
